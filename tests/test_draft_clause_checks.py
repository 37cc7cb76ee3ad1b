"""has() in clause texts, the sublist filter, and the checks that catch texts which read
wrongly once a value varies or an optional provision is absent (`treatykit validate`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PAKISTAN_DEAL
from treatykit.drafting.environment import render_snippet, sublist_filter, unguarded_refs
from treatykit.drafting.lint import find_defects

CLAUSE = '''provision: transfers.free_transfer
clauses:
  - id: transfers.free_transfer.{variant}
    stance: balanced
    title: Transfers
    version: "1.0"
{parameters}    text: |
{text}
    provenance:
      - cite: "CPTPP (2018), Art. 9.9"
    notes: {{protects: transfers, pushback: hosts want time, fallback: thirty days}}
'''


def _library(folder: Path, text: str, *, variant: str = "custom", parameters: str = "") -> Path:
    """A user library folder with one transfers clause whose text is `text`."""
    folder.mkdir(exist_ok=True)
    body = "\n".join("      " + line for line in text.strip("\n").splitlines())
    (folder / "clauses.yaml").write_text(
        CLAUSE.format(variant=variant, parameters=parameters, text=body), encoding="utf-8")
    return folder


@pytest.mark.parametrize(("text", "defect"), [
    ("1. One.\n3. Three.", "paragraph 3. follows 1."),
    ("2. Two.", "the first paragraph is numbered 2."),
    ("1. It means:\n   (a) one thing.", "a lone (a): a list of one item"),
    ("1. It means:\n   (a) one;\n   (c) three.", "sub-paragraph (c) is out of sequence after (a)"),
    ("1. It means:\n2. Next.", "ends with a colon but no list follows"),
    ("1. It includes: .", "a colon with nothing after it"),
    ("1. It includes , and more.", "a space before punctuation"),
    ("1. It includes rail and.", "a phrase breaks off before punctuation"),
    ("1. It is done.2. Next one.", "a paragraph number runs into the text before it"),
    ("1. Under Article 5shall apply.", "a missing space"),
    ("1. It applies. the Other Party shall pay.", "a sentence starts in lower case"),
    ("1. It applies {{ to }} all.", "unrendered template code '{{'"),
])
def test_find_defects_names_each_defect(text, defect):
    assert any(defect in found for found in find_defects(text)), find_defects(text)


@pytest.mark.parametrize("text", [
    "1. It means:\n   (a) one;\n   (b) two; and\n   (c) three.\n2. Next, e.g. this.",
    "1. A measure under:\n   (a) one, including:\n      (i) rail; and\n"
    "      (ii) roads; or\n   (b) two,\n\nand the Party shall act.",
    "1. Transfers shall be made in a freely usable currency, at the market rate.",
])
def test_find_defects_accepts_well_formed_text(text):
    assert find_defects(text) == []


@pytest.mark.parametrize(("items", "expected"), [
    (["x", "y", "z"], ":\n(a) x;\n(b) y; or\n(c) z."),
    (["x"], " x."),
    ([], ""),
])
def test_sublist_never_leaves_a_lone_a(items, expected):
    assert sublist_filter(items, "or") == expected


def test_has_controls_a_passage_and_show_prints_the_full_text():
    from treatykit.drafting.checks import render_clause_preview
    from treatykit.library import library_dirs, load_library

    library, _ = load_library(library_dirs([]))
    shown = render_clause_preview(library.clauses["transfers.free_transfer.balanced"])
    assert "in accordance with Article [transfers.bop_safeguard]." in shown
    text = '1. Free.{% if has("a.b") %} Subject to {{ ref("a.b") }}.{% endif %}'
    assert render_snippet(text, {"has": lambda t: False, "ref": str}) == "1. Free."


@pytest.mark.parametrize(("text", "unguarded"), [
    ('{{ ref("a.b") }}', ["a.b"]),
    ('{% if has("a.b") %}{{ ref("a.b") }}{% endif %}', []),
    ('{% if has("a.b") %}{{ ref("c.d") }}{% endif %}', ["c.d"]),
    ('{% if has("a.b") %}x{% else %}{{ ref("a.b") }}{% endif %}', ["a.b"]),
    ('{% if has("a.b") and has("c.d") %}{{ ref("a.b") }}{{ ref("c.d") }}{% endif %}', []),
    ('{% if has("a.b") or has("c.d") %}{{ ref("a.b") }}{% endif %}', ["a.b"]),
    ('{% set on = has("a.b") %}{% if on %}{{ ref("a.b") }}{% endif %}', []),
    ('{{ ref("a.b") if has("a.b") else "" }}', []),
    ('{% for id in ["a.b", "c.d"] if has(id) %}{{ ref(id) }}{% endfor %}', []),
    ('{% for id in ["a.b", "c.d"] %}{{ ref(id) }}{% endfor %}', ["<loop:id>"]),
    ('{% if has("a.b.variant") %}{{ ref("a.b") }}{% endif %}', []),
])
def test_unguarded_refs(text, unguarded):
    assert unguarded_refs(text, {"a.b.variant": ("a.b",)}) == unguarded


def test_validate_reports_an_unknown_has_id(invoke, tmp_path):
    text = '1. Free.{% if has("transfers.bop_safegard") %} More.{% endif %}'
    code, out, _ = invoke("validate", str(_library(tmp_path / "lib", text)))
    assert code == 1
    assert "has('transfers.bop_safegard') names an unknown provision or clause" in out
    assert "fix: did you mean transfers.bop_safeguard " in out


def test_validate_renders_each_variant_and_names_it(invoke, tmp_path):
    parameters = ("    parameters:\n"
                  "      notice: {type: bool, default: true, help: Whether notice is required.}\n"
                  "      laws: {type: list, choices: [bankruptcy, securities], "
                  "default: [bankruptcy, securities], help: Laws that may delay a transfer.}\n")
    text = ("1. Each Party shall permit transfers.\n"
            "{% if notice %}\n2. A Party shall give notice.\n{% endif %}\n"
            "3. A Party may delay a transfer under its laws on:\n"
            "{% for law in laws %}\n   ({{ 'ab'[loop.index0] }}) {{ law }};\n{% endfor %}\n"
            '4. See {{ ref("transfers.bop_safeguard") }}.{% if has("dispute.state_state") %}'
            "\n5. Disputes go to the Parties.{% endif %}")
    lib = _library(tmp_path / "lib", text, parameters=parameters)
    code, out, _ = invoke("validate", str(lib))
    assert code == 1
    lines = out.splitlines()
    expected = ["paragraph 3. follows 1. (with notice = false)",
                "ends with a colon but no list follows (with laws = [])",
                "a lone (a): a list of one item (with laws = [bankruptcy])"]
    for message in expected:
        line = next(ln for ln in lines if message in ln)
        assert line.startswith(f"{lib / 'clauses.yaml'}:")
        assert ": transfers.free_transfer.custom: text: " in line
        assert "; fix: " in line


def test_a_draft_drops_the_passage_of_an_omitted_provision(tmp_path):
    from treatykit.drafting.api import make_draft

    safeguard = '"transfers.bop_safeguard"'
    text = (f"1. Each Party shall permit transfers without delay.{{% if has({safeguard}) %}}\n"
            f"2. Nothing in this Article prevents measures under {{{{ ref({safeguard}) }}}}."
            "{% endif %}")
    lib = str(_library(tmp_path / "lib", text))
    choose = "transfers.free_transfer=transfers.free_transfer.custom"
    kept = make_draft(PAKISTAN_DEAL, libraries=[lib], sets=[choose]).markdown
    dropped = make_draft(PAKISTAN_DEAL, libraries=[lib],
                         sets=[choose, "transfers.bop_safeguard=omit"]).markdown
    assert "2. Nothing in this Article prevents measures under Article" in kept
    assert "Nothing in this Article prevents measures" not in dropped


def test_has_with_an_unknown_id_stops_a_draft(invoke, tmp_path):
    text = '1. Free.{% if has("no.such_provision") %} More.{% endif %}'
    lib = _library(tmp_path / "lib", text)
    code, out, err = invoke("draft", str(PAKISTAN_DEAL), "--library", str(lib), "--set",
                            "transfers.free_transfer=transfers.free_transfer.custom")
    assert (code, out) == (2, "")
    assert err.startswith("treatykit: error: has('no.such_provision') in "
                          "transfers.free_transfer.custom: unknown provision or clause")


def test_refs_lists_the_articles_present_in_article_order(tmp_path):
    from treatykit.drafting.api import make_draft

    text = ('1. Transfers are free, subject to {{ refs("transfers.bop_safeguard", '
            '"expropriation.compensation", "exceptions.prudential", last="or") }}.')
    lib = str(_library(tmp_path / "lib", text))
    choose = "transfers.free_transfer=transfers.free_transfer.custom"
    draft = make_draft(PAKISTAN_DEAL, libraries=[lib], sets=[choose, "exceptions.prudential=omit"])
    number = {s.entry.id: s.number for s in draft.plan.articles}
    expropriation = number["expropriation.compensation"]
    safeguard = number["transfers.bop_safeguard"]
    assert expropriation < safeguard
    assert (f"Transfers are free, subject to Article {expropriation} or Article {safeguard}."
            in draft.markdown)
    targets = {r.target for r in draft.references if r.source == "transfers.free_transfer.custom"}
    assert targets == {"transfers.bop_safeguard", "expropriation.compensation"}


def test_validate_reports_an_unknown_id_in_refs(invoke, tmp_path):
    text = '1. Free under {{ refs("transfers.bop_safeguard", "no.such_provision") }}.'
    code, out, _ = invoke("validate", str(_library(tmp_path / "lib", text)))
    assert code == 1
    assert "refs('no.such_provision') names an unknown provision or clause" in out
