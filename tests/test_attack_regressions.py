"""Regressions found by the attack suite (bench/attack): each hostile input that once gave a
traceback, an internal error, a hang or a leftover file, held to the contract: exit 2, one
line naming the file (or field) and the fix, nothing left behind. Each test takes a second
or two at most."""

from __future__ import annotations

import pytest

from treatykit.errors import InputError
from treatykit.yamlfile import parse_yaml

DEAL = """\
template: bit
stance: balanced
parties:
  - {role: host, name: the Republic of Testland, short: Testland}
  - {role: partner, name: the Kingdom of Examplia, short: Examplia}
"""


# --- YAML -------------------------------------------------------------------------------------

@pytest.mark.parametrize("number, digits", [
    ("0x" + "f" * 5000, "5,000"),
    ("-0x" + "f" * 40, "40"),
    ("0b" + "1" * 4000, "4,000"),
])
def test_hexadecimal_and_binary_numbers_count_their_digits(number, digits):
    # a hexadecimal number has no decimal digits after its 0: it once passed the digit
    # limit and became a number too long to print (an internal error)
    with pytest.raises(InputError, match=rf"d.yaml:1: the number of digits in a whole number "
                                         rf"is {digits}, over the limit of 30 digits"):
        parse_yaml(f"n: {number}\n", source="d.yaml")


def test_a_short_hexadecimal_number_still_loads():
    assert parse_yaml("n: 0xff\n", source="d.yaml")["n"] == 255


@pytest.mark.parametrize("key, shown", [("1", "1"), ("~", "None"), ("yes", "True"),
                                        ("2.5", "2.5")])
def test_a_provision_key_that_is_not_text_is_named(invoke, write_deal, key, shown):
    deal = write_deal(DEAL + f"provisions:\n  {key}: omit\n")
    code, out, err = invoke("draft", str(deal))
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {deal}:7: unknown provision '{shown}'"), err
    assert err.count("\n") == 1


PLAYBOOK = """\
playbook:
  id: attack-mandate
  title: Attack mandate
requirements:
  - id: transfers
    provision: transfers.free_transfer
    severity: must
    title: Free transfers
"""


@pytest.mark.parametrize("old, new, where, field", [
    ("  title: Attack mandate", "  title: {a: b}", 3, "playbook.title must be text, not a mapping"),
    ("    title: Free transfers", "    title: [a]", 8,
     "requirement 'transfers': title must be text, not a list"),
    ("    title: Free transfers", "    aspect: [a]", 8,
     "requirement 'transfers': aspect must be text, not a list"),
    ("    title: Free transfers", "    constraints: 5", 8,
     "requirement 'transfers': constraints must be a list"),
])
def test_a_playbook_field_of_the_wrong_type_is_named(invoke, tmp_path, old, new, where, field):
    book = tmp_path / "pb.yaml"
    book.write_text(PLAYBOOK.replace(old, new), encoding="utf-8")
    draft = tmp_path / "d.txt"
    draft.write_text("Article 1\nEach Party shall permit transfers freely.\n", encoding="utf-8")
    code, out, err = invoke("review", str(draft), "-p", str(book))
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {book}:{where}: {field}"), err


# --- templates and clause texts ---------------------------------------------------------------

@pytest.mark.parametrize("expression, what", [
    ("{{ 10.0 ** 400 }}", "a power"),            # a float past its range: was Python's errno
    ("{{ 2 ** 20000 }}", "a power"),             # a number too long to print
])
def test_a_number_too_large_for_a_treaty_is_refused_as_such(expression, what):
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    with pytest.raises(TemplateError, match=f"c.yaml:1: {what} in the template would be larger"):
        render_snippet(expression, {}, name="c.yaml")


def test_a_number_grown_past_printing_by_addition_is_named():
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    grow = ("{% set ns = namespace(v=1) %}{% set ns.v = 2 ** 6000 %}{% for i in range(9000) %}"
            "{% set ns.v = ns.v + ns.v %}{% endfor %}{{ ns.v }}")
    with pytest.raises(TemplateError, match="c.yaml:1: cannot render: a number too long to print"):
        render_snippet(grow, {}, name="c.yaml")


def test_a_refused_operator_in_a_user_template_names_the_template(invoke, tmp_path):
    folder = tmp_path / "tpl" / "evil"
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(
        "id: evil\nname: Evil\ndoc_type: treaty\ntitle: Agreement\n"
        "party_designation: the Government of {{ name }}\n"
        "parts:\n  - title: ''\n    articles:\n      - definitions.investment\n",
        encoding="utf-8")
    (folder / "document.md.j2").write_text(
        "# {{ title }}\n\n{{ 'ab' * 500000000 }}\n", encoding="utf-8")
    deal = tmp_path / "deal.yaml"
    deal.write_text(DEAL.replace("template: bit", "template: evil"), encoding="utf-8")
    code, out, err = invoke("draft", str(deal), "--templates", str(tmp_path / "tpl"))
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {folder}/document.md.j2:3: a repetition in the "
                          "template would be larger than 1,000,000"), err


def test_one_run_shares_one_rendering_budget(monkeypatch):
    import time

    from treatykit.drafting.budget import render_session
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    monkeypatch.setenv("TREATYKIT_MAX_RENDER_SECONDS", "1")
    loop = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    with render_session():
        with pytest.raises(TemplateError, match="a.yaml: rendering took more than 1 seconds"):
            render_snippet(loop, {}, name="a.yaml")
        started = time.process_time()
        # a library of many spinning clauses stops once the run's budget is spent, not
        # after a budget for each clause
        with pytest.raises(TemplateError, match="b.yaml: rendering took more than 1 seconds"):
            render_snippet(loop, {}, name="b.yaml")
        assert time.process_time() - started < 0.5
    assert render_snippet("{{ 1 + 1 }}", {}, name="c.yaml") == "2"


@pytest.mark.parametrize("expression", [
    "{% set x = [] %}{% for i in range(99999) %}{{ x.extend(range(99999)) }}{% endfor %}",
    "{% set d = {} %}{{ d.update({1: 2}) }}",
    "{% set x = [] %}{{ x.append(x) }}",
])
def test_a_template_changes_no_list_or_mapping_in_place(expression):
    # a list grown in place to the memory budget made one call crawl for minutes, out of
    # reach of the CPU timer; templates keep state in a namespace instead
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    with pytest.raises(TemplateError, match="c.yaml:1: refused an unsafe expression"):
        render_snippet(expression, {}, name="c.yaml")


def test_a_namespace_still_keeps_state():
    from treatykit.drafting.environment import render_snippet

    text = "{% set ns = namespace(n=0) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}" \
           "{% endfor %}{{ ns.n }}"
    assert render_snippet(text, {}, name="c.yaml") == "3"


# --- Word files -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, value", [("99999999999999999999999", 1), ("-5", -5),
                                        ("100001", 1), ("12", 12), ("x", 1)])
def test_a_word_list_number_is_read_within_bounds(raw, value):
    # a list starting at 10**22 in roman numerals once spun for minutes
    from treatykit.review.docxlists import _int

    assert _int(raw, 1) == value


# --- ingest -----------------------------------------------------------------------------------

def test_an_ingest_where_nothing_goes_in_ends_with_one_error_and_leaves_no_wal(invoke, tmp_path):
    bad = tmp_path / "t.xml"
    bad.write_text('<?xml version="1.0" encoding="klingon"?><treaty><meta/><body/></treaty>',
                   encoding="utf-8")
    corpus = tmp_path / "c.db"
    code, out, err = invoke("ingest", str(bad), "--corpus-db", str(corpus))
    assert code == 2
    lines = err.strip().splitlines()
    assert lines[0].startswith(f"treatykit: warning: {bad}: skipped: ")
    assert lines[-1].startswith(f"treatykit: error: {bad}: no treaty was ingested (1 file(s) "
                                "skipped"), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.db", "t.xml"]


# --- documents --------------------------------------------------------------------------------

def _attack_gen():  # type: ignore[no-untyped-def]
    import importlib.util

    from conftest import ROOT

    spec = importlib.util.spec_from_file_location("attack_gen", ROOT / "bench/attack/gen.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("data", [
    b"\xff\xfe" + "Article 1\nEach Party shall permit transfers.\n".encode("utf-16-le") + b"A",
    b"\xff\xfe" + "Article 1\nEach Party shall permit transfers.\n".encode("utf-16-le")
    + b"\x00\xd8A\x00",
    "Article 1\nEach Party shall permit transfers.\n".encode("utf-16-be")[:-1],
])
def test_utf16_cut_short_or_with_a_lone_surrogate_is_read(data):
    from treatykit.review.readers import decode_text

    assert "Each Party shall permit transfers." in decode_text(data, name="t.txt")


def test_a_pdf_slow_to_read_stops_at_its_cpu_limit(invoke, tmp_path, monkeypatch):
    # 3,000 pages sharing one content stream: 40 kB on disk, minutes to read
    gen = _attack_gen()
    pdf = tmp_path / "t.pdf"
    pdf.write_bytes(gen.pdf(shared_content=gen.text_page(gen.draft_text()), page_total=3000))
    monkeypatch.setenv("TREATYKIT_MAX_PDF_SECONDS", "1")
    code, out, err = invoke("check", str(pdf), "--no-conflicts")
    assert code == 2 and out == ""
    assert err == (f"treatykit: error: {pdf}: the time to read the text of the PDF exceeds the "
                   "limit of 1 seconds of CPU time (raise it with TREATYKIT_MAX_PDF_SECONDS if "
                   "the input is genuine)\n")


# --- options, output, library -----------------------------------------------------------------

@pytest.mark.parametrize("option", ["--year-from", "--year-to"])
def test_a_year_of_forty_digits_is_a_usage_error(invoke, option):
    code, out, err = invoke("treaties", option, "9" * 40)
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {option} {'9' * 40}: not a year"), err


def test_standard_output_on_a_full_disk_is_one_error(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ROOT

    deal = tmp_path / "deal.yaml"
    deal.write_text(DEAL, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([sys.executable, "-m", "treatykit", "draft", str(deal)],
                              stdout=full, stderr=subprocess.PIPE, text=True, env=env,
                              timeout=60, check=False)
    assert proc.returncode == 2
    assert proc.stderr.splitlines()[-1] == (
        "treatykit: error: cannot write the output: No space left on device (free some space, "
        "or write to another place with -o)")
    assert "Traceback" not in proc.stderr


def test_a_huge_file_in_a_library_is_not_read_to_hash_it(tmp_path):
    from treatykit.library import library_digest

    with (tmp_path / "big.yaml").open("wb") as handle:
        handle.truncate(6 * 2**30)  # sparse: no disk used, but read whole it was 6 GB
    assert len(library_digest([tmp_path])) == 64


def test_an_encrypted_pdf_is_named_as_such(invoke, tmp_path):
    import io

    from pypdf import PdfReader, PdfWriter

    gen = _attack_gen()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(gen.pdf([gen.text_page(
        gen.draft_text())]))))
    writer.encrypt("secret", algorithm="RC4-128")
    pdf = tmp_path / "t.pdf"
    with pdf.open("wb") as handle:
        writer.write(handle)
    code, out, err = invoke("check", str(pdf), "--no-conflicts")
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {pdf}: the PDF is encrypted (it needs a password "
                          "to open)"), err


# --- review and check on pathological text ----------------------------------------------------

def test_a_long_run_of_punctuation_is_tokenized_in_linear_time():
    # spaCy splits prefixes one character at a time: 100,000 brackets took minutes
    import time

    from treatykit.review.nlp import make_nlp

    nlp = make_nlp()
    started = time.process_time()
    text = "[" * 50_000 + " Each Party shall permit transfers. " + "]" * 50_000
    doc = nlp.make_doc(text)
    assert time.process_time() - started < 2
    assert len(doc.text) == len(text)  # every offset holds
    assert "Party" in [t.text for t in doc]


def test_thousands_of_definitions_are_checked_in_seconds(invoke, tmp_path):
    import time

    text = tmp_path / "t.txt"
    text.write_text("".join(f'"Term{i}" means the thing {i}.\n' for i in range(4000)),
                    encoding="utf-8")
    started = time.process_time()
    code, _, err = invoke("check", str(text), "--no-conflicts", "--format", "json")
    assert code in (0, 1), err
    assert time.process_time() - started < 15


@pytest.mark.parametrize("data, message", [
    (b"\xff\xfe\x00\xd8" * 10, "<stdin>: not UTF-8 text"),
    (b"title: " + b"x" * 9_000_000, "<stdin>: the YAML file size exceeds the limit"),
])
def test_a_deal_on_standard_input_is_read_within_bounds(invoke, data, message):
    code, out, err = invoke("draft", "-", input=data)
    assert code == 2 and out == ""
    assert err.startswith(f"treatykit: error: {message}"), err


def test_nul_bytes_read_as_utf16_are_binary_not_text():
    from treatykit.errors import InputError
    from treatykit.review.readers import decode_text

    with pytest.raises(InputError, match="<stdin>: binary data, not text"):
        decode_text(b"\x00" * 100, name="<stdin>")


@pytest.mark.parametrize("expression", [
    "{{ '{:>999999999}'.format(1) }}",      # a width in str.format: was a 1 GB string
    "{{ '{:.999999999f}'.format(1.5) }}",
    "{{ '%.999999999f' % 1.5 }}",           # a precision in a %-format
    "{{ '%*d' % (900000000, 1) }}",         # a width taken from the values
    "{{ '%-*s' | format(900000000, 'x') }}",
])
def test_a_format_width_or_precision_past_the_value_limit_is_refused(expression):
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    with pytest.raises(TemplateError, match="c.yaml:1: a (formatted value|value asked of a "
                                            "function) in the template would be larger"):
        render_snippet(expression, {}, name="c.yaml")


def test_ordinary_formats_still_render():
    from treatykit.drafting.environment import render_snippet

    text = "{{ '{:>5}|{:.2f}'.format(1, 2.5) }} {{ '%5.2f' % 2.5 }} {{ '%d' % 5000000 }}"
    assert render_snippet(text, {}, name="c.yaml") == "    1|2.50  2.50 5000000"


@pytest.mark.parametrize("expression", [
    "{{ ('a' * 999999) | replace('a', 'b' * 999) }}",   # a billion characters: 1 GB
    "{{ ('a' * 999999).replace('a', 'b' * 999) }}",
    "{{ ('a' * 999999).replace('', 'bb') }}",
])
def test_a_replacement_past_the_value_limit_is_refused(expression):
    from treatykit.drafting.environment import render_snippet
    from treatykit.errors import TemplateError

    with pytest.raises(TemplateError, match="c.yaml:1: a replacement in the template would be "
                                            "larger than 1,000,000"):
        render_snippet(expression, {}, name="c.yaml")


def test_ordinary_replacements_still_render():
    from treatykit.drafting.environment import render_snippet

    text = "{{ 'Party A' | replace('A', 'B') }} {{ 'aaa'.replace('a', 'bb', 1) }}"
    assert render_snippet(text, {}, name="c.yaml") == "Party B bbaa"


def test_a_library_clause_that_fails_to_render_names_its_file(invoke, tmp_path):
    gen = _attack_gen()
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "attack.yaml").write_text(gen.CLAUSE.format(text="{{ 2 ** 20000 }}"),
                                     encoding="utf-8")
    deal = tmp_path / "deal.yaml"
    deal.write_text(gen.DEAL + "provisions:\n  transfers.free_transfer: "
                    "transfers.free_transfer.attack\n", encoding="utf-8")
    code, out, err = invoke("draft", str(deal), "--library", str(lib))
    assert code == 2 and out == ""
    assert err.splitlines()[-1].startswith(
        f"treatykit: error: {lib / 'attack.yaml'}: transfers.free_transfer.attack:2: a power in "
        "the template would be larger"), err
