"""`treatykit draft`: the issue's "must show" list, output formats and error paths."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import FIXTURES, PAKISTAN_DEAL, ROOT

BAD_DEALS = FIXTURES / "bad-deals"
HEADING = re.compile(r"^### Article (\d+): (.+)$", re.M)


def _article_numbers(markdown: str) -> list[int]:
    return [int(n) for n, _ in HEADING.findall(markdown)]


def _article_text(markdown: str, number: int) -> str:
    parts = re.split(r"^#{2,3} ", markdown, flags=re.M)
    return next(p for p in parts if p.startswith(f"Article {number}:"))


def test_pakistan_draft_to_markdown_file(invoke, tmp_path):
    out = tmp_path / "draft.md"
    code, stdout, err = invoke("draft", str(PAKISTAN_DEAL), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert err.startswith(f"treatykit: wrote {out} (")
    assert out.read_text(encoding="utf-8").startswith("# Agreement between the Government of")


def test_pakistan_draft_to_docx_opens_with_python_docx(invoke, tmp_path):
    import docx

    out = tmp_path / "draft.docx"
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "-o", str(out))
    assert code == 0, err
    word = docx.Document(str(out))
    styles = {p.style.name for p in word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= styles
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert headings[0].startswith("Article 1: ")
    assert "PAGE" in word.sections[0].footer._element.xml
    numbered = [p.text for p in word.paragraphs if p.text.startswith("1.\t")]
    assert numbered, "numbered paragraphs carry their number and a tab"


@pytest.mark.slow
def test_pakistan_docx_converts_to_pdf_with_libreoffice(invoke, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    out = tmp_path / "draft.docx"
    assert invoke("draft", str(PAKISTAN_DEAL), "-o", str(out))[0] == 0
    done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                           str(tmp_path), str(out)], capture_output=True, text=True,
                          timeout=180, check=False)
    pdf = tmp_path / "draft.pdf"
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    from pypdf import PdfReader

    pages = PdfReader(str(pdf)).pages
    text = "".join(page.extract_text() for page in pages[:3])
    assert "Islamic Republic of Pakistan" in text
    assert round(float(pages[0].mediabox.width)) == 595  # A4
    assert "DRAFT \u2014 without prejudice" in text and "Contents" in text
    # every annex the text cites is a page that starts with its heading
    cited = sorted(set(re.findall(r"\bAnnex [A-Z]{1,2}\b", "".join(p.extract_text()
                                                                  for p in pages[3:]))))
    starts = {re.sub(r"^DRAFT[^\n]*\n", "", p.extract_text()).split(":")[0] for p in pages}
    assert cited and set(cited) <= starts, set(cited) - starts


def test_pakistan_draft_names_both_parties(pakistan_draft):
    text = pakistan_draft.markdown
    title = pakistan_draft.document.title
    assert "the Islamic Republic of Pakistan" in title
    assert "the United States of America" in title
    assert "**For the Government of the Islamic Republic of Pakistan:**" in text
    assert "**For the Government of the United States of America:**" in text


def test_pakistan_draft_meets_the_op_ed_mandate(pakistan_draft):
    text = pakistan_draft.markdown
    articles = {s.entry.id: s for s in pakistan_draft.plan.articles}
    equity = _article_text(text, articles["equity.local_participation"].number)
    assert re.search(r"thirty \(30\) per ?cent|30 per ?cent|30 percent", equity)
    technology = _article_text(text, articles["technology.transfer"].number)
    assert "technology" in technology.lower() and "shall" in technology
    arbitration = _article_text(text, articles["dispute.investor_state"].number)
    assert "ICSID" in arbitration and "UNCITRAL" in arbitration
    for provision in ("value_addition.local_processing", "skills.training_employment",
                      "infrastructure.codevelopment", "labour.rights", "environment.protection",
                      "security.investment_security", "transfers.free_transfer",
                      "market_access.conditional_preferences"):
        assert provision in articles, provision


def test_articles_are_numbered_one_to_n_without_gaps(pakistan_draft):
    numbers = _article_numbers(pakistan_draft.markdown)
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) == len(pakistan_draft.plan.articles) >= 30


def _check_references(draft) -> int:  # type: ignore[no-untyped-def]
    """Every ref() resolves to the article implementing its target, and says so in the text."""
    by_number = {s.number: s for s in draft.plan.articles}
    for ref in draft.references:
        target = by_number[ref.to_article]
        assert ref.target in (target.entry.id, *target.provisions,
                              target.clause.id if target.clause else ""), ref
        if ref.from_article is not None:
            source = _article_text(draft.markdown, ref.from_article)
            assert f"Article {ref.to_article}" in source, ref
    return len(draft.references)


def test_every_cross_reference_points_at_the_right_article(pakistan_draft):
    assert _check_references(pakistan_draft) > 20


def test_two_runs_give_identical_markdown(invoke):
    first = invoke("draft", str(PAKISTAN_DEAL))
    second = invoke("draft", str(PAKISTAN_DEAL))
    assert first[0] == second[0] == 0
    assert first[1] == second[1]
    assert first[1].startswith("# Agreement between")


def test_omitting_an_optional_provision_renumbers_and_fixes_references(pakistan_draft):
    from treatykit.drafting.api import make_draft

    omitted = "definitions.denial_of_benefits"  # Article 4: everything after it moves up
    before = {s.entry.id: s.number for s in pakistan_draft.plan.articles}
    assert omitted in before
    after_draft = make_draft(PAKISTAN_DEAL, sets=[f"{omitted}=omit"])
    after = {s.entry.id: s.number for s in after_draft.plan.articles}
    assert omitted not in after
    assert len(after) == len(before) - 1
    assert _article_numbers(after_draft.markdown) == list(range(1, len(after) + 1))
    for provision, number in after.items():
        shift = 1 if before[provision] > before[omitted] else 0
        assert number == before[provision] - shift, provision
    moved = [r for r in after_draft.references if r.to_article >= before[omitted]]
    assert moved, "some references point past the omitted article"
    kept = [r for r in pakistan_draft.references if r.from_article != before[omitted]]
    assert _check_references(after_draft) == len(kept)


def test_set_changes_a_parameter(invoke):
    code, out, err = invoke("draft", str(PAKISTAN_DEAL), "--set",
                            "equity.local_participation.local_equity_pct=35")
    assert code == 0, err
    assert re.search(r"thirty-five \(35\) per ?cent|35 per ?cent", out)


def test_out_of_range_set_exits_2_naming_the_bound(invoke):
    code, out, err = invoke("draft", str(PAKISTAN_DEAL), "--set",
                            "equity.local_participation.local_equity_pct=130")
    assert code == 2
    assert out == ""
    assert err == ("treatykit: error: --set equity.local_participation.local_equity_pct=130: "
                   "equity.local_participation.local_equity_pct: 130 is above the maximum 100 "
                   "(allowed: 0 to 100)\n")


@pytest.mark.parametrize(("case", "message"), [
    ("bad-param-range", "{path}:13: equity.local_participation.local_equity_pct: 130 is above "
                        "the maximum 100 (allowed: 0 to 100)"),
    ("bad-param-type", "{path}:13: value_addition.local_processing.phase_in_years: expected a "
                       "whole number of years, got 2.5 (allowed: 0 to 15)"),
    ("bad-unknown-param", "{path}:13: unknown parameter 'local_equity' for "
                          "equity.local_participation (clause equity.local_participation."
                          "balanced) (did you mean local_equity_pct or majority_local_pct or "
                          "carry_type?)"),
    ("bad-unknown-clause", "{path}:11: unknown clause 'equity.local_participation.balancd' for "
                           "equity.local_participation (did you mean "
                           "equity.local_participation.balanced or equity.local_participation."
                           "contract_balanced or equity.local_participation.host?)"),
    ("bad-unknown-provision", "{path}:11: unknown provision 'equity.local_participaton' (did "
                              "you mean equity.local_participation or community.participation "
                              "or value_addition.local_processing?)"),
    ("bad-omit-required", "{path}:11: equity.local_participation is required by template "
                          "'critical_minerals' and cannot be omitted (choose a stance or a "
                          "clause for it instead)"),
    ("bad-unknown-template", "{path}:1: unknown template 'critcal_minerals' (did you mean "
                             "'critical_minerals'?)"),
    ("bad-no-host", "{path}:3: no party has role 'host' (mark the host State with role: host)"),
    ("bad-unknown-field", "{path}:3: unknown field 'partys' (did you mean 'parties'?)"),
    ("bad-document-paper", "{path}:12: unknown document.paper 'legal' (use one of a4, letter)"),
    ("bad-yaml", "{path}:12: invalid YAML: did not find expected ',' or ']' (check "
                 "indentation and quoting on that line)"),
    ("bad-date", "{path}:10: invalid YAML: '2026-13-45' is not a valid date (month must be in "
                 "1..12); write YYYY-MM-DD (check indentation and quoting on that line)"),
])
def test_bad_deal_files_exit_2_with_file_line_and_fix(invoke, case, message):
    path = BAD_DEALS / f"{case}.yaml"
    code, out, err = invoke("draft", str(path))
    assert code == 2
    assert out == ""
    assert err == f"treatykit: error: {message.format(path=path)}\n"


#: A user clause that refers to transfers.bop_safeguard without testing has(...).
UNCONDITIONAL = ("--library", str(FIXTURES / "drafts" / "unconditional-ref-library"),
                 "--set", "transfers.free_transfer=transfers.free_transfer.unconditional")


def test_reference_to_an_omitted_provision_is_an_error(invoke):
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), *UNCONDITIONAL,
                          "--set", "transfers.bop_safeguard=omit")
    assert code == 2
    assert err.startswith("treatykit: error: ref('transfers.bop_safeguard') in "
                          "transfers.free_transfer.unconditional (Article ")
    assert ("transfers.bop_safeguard is not in this draft: omitted "
            "(--set transfers.bop_safeguard=omit)") in err


def test_omitting_a_provision_drops_the_sentences_that_test_has(pakistan_draft):
    from treatykit.drafting.api import make_draft

    def number(draft, provision):  # type: ignore[no-untyped-def]
        return next(s.number for s in draft.plan.articles if s.entry.id == provision)

    safeguard = number(pakistan_draft, "transfers.bop_safeguard")
    transfers = _article_text(pakistan_draft.markdown, number(pakistan_draft,
                                                                "transfers.free_transfer"))
    assert f"in accordance with Article {safeguard}." in transfers
    without = make_draft(PAKISTAN_DEAL, sets=["transfers.bop_safeguard=omit"])
    text = _article_text(without.markdown, number(without, "transfers.free_transfer"))
    assert text.startswith("Article 22: Transfers\n")
    assert "Nothing in this Article" not in text
    assert _article_numbers(without.markdown) == list(range(1, len(without.plan.articles) + 1))


def test_set_with_a_bad_form_is_an_error(invoke):
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "--set", "equity.local_participation")
    assert code == 2
    assert err == ("treatykit: error: --set equity.local_participation: expected "
                   "PROVISION.PARAM=VALUE or PROVISION=omit|STANCE|CLAUSE_ID (e.g. --set "
                   "equity.local_participation.local_equity_pct=35)\n")


def test_set_with_an_unknown_provision_suggests(invoke):
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "--set", "equity.local.local_equity_pct=3")
    assert code == 2
    assert err.startswith("treatykit: error: --set equity.local.local_equity_pct=3: unknown "
                          "provision 'equity.local' (did you mean equity.local_participation")


def test_conflict_is_a_warning_and_strict_makes_it_an_error(invoke):
    deal = BAD_DEALS / "conflict-pr-vs-equity.yaml"
    code, out, err = invoke("draft", str(deal))
    assert code == 0
    assert out.startswith("# Agreement between")
    warnings = [line for line in err.splitlines() if line.startswith("treatykit: warning: ")]
    equity = [w for w in warnings if "performance_requirements.prohibition.investor" in w
              and "equity.local_participation.balanced" in w]
    assert equity and "Way out:" in equity[0]
    code, out, err = invoke("draft", str(deal), "--strict")
    assert code == 2
    assert out == ""
    assert err.startswith("treatykit: error: conflict: value_addition.local_processing.balanced "
                          "(Article 5) and performance_requirements.prohibition.investor "
                          "(Article 24): ")
    assert err.endswith("(--strict refuses conflicting clauses; choose other clauses with --set "
                        "or in the deal file)\n")


@pytest.mark.parametrize("name", ["pakistan-us-critical-minerals", "ghana-netherlands-balanced-bit",
                                  "balochistan-mine-development-agreement"])
def test_balanced_shipped_deals_have_no_conflicts(invoke, name):
    code, _, err = invoke("draft", str(PAKISTAN_DEAL.parent / f"{name}.yaml"), "--strict")
    assert code == 0, err
    assert err == ""


def test_the_investor_protective_bit_warns_about_its_conflicts(invoke):
    deal = PAKISTAN_DEAL.parent / "zambia-uk-investor-protective-bit.yaml"
    code, _, err = invoke("draft", str(deal))
    assert code == 0
    assert "treatykit: warning: treatment.mfn: treatment.mfn.investor conflicts with " \
           "treatment.fair_equitable.investor (" in err
    assert "); using treatment.mfn.balanced (balanced)" in err


def test_explain_names_clause_reason_and_parameter_origin(invoke):
    code, out, err = invoke("draft", str(PAKISTAN_DEAL), "--explain", "--format", "json",
                            "--set", "dispute.investor_state.cooling_off_months=9")
    assert code == 0, err
    data = json.loads(out)
    assert data["template"] == "critical_minerals" and data["stance"] == "balanced"
    article = next(a for a in data["articles"] if a["provision"] == "equity.local_participation")
    assert article["clause"] == "equity.local_participation.balanced"
    assert article["reason"] == "stance"
    equity = next(p for p in article["parameters"] if p["name"] == "local_equity_pct")
    assert equity["value"] == 30
    assert equity["origin"] == "shared"
    assert re.fullmatch(rf"{re.escape(str(PAKISTAN_DEAL))}:\d+", equity["source"])
    isds = next(a for a in data["articles"] if a["provision"] == "dispute.investor_state")
    cooling = next(p for p in isds["parameters"] if p["name"] == "cooling_off_months")
    assert (cooling["value"], cooling["origin"]) == (9, "--set")
    defaults = [p for a in data["articles"] for p in a["parameters"] if p["origin"] == "default"]
    assert defaults and defaults[0]["source"] == "clause default"
    omitted = {o["provision"]: o["reason"] for o in data["omitted"]}
    assert omitted["treatment.umbrella_clause"] == "template"


def test_explain_as_text(invoke):
    code, out, _ = invoke("draft", str(PAKISTAN_DEAL), "--explain",
                          "--set", "market_access.offtake=host_protective")
    assert code == 0
    assert "Article 1: Objectives\n  template text:" in out
    assert "market_access.offtake.host: explicit choice (--set market_access.offtake=" \
           "host_protective)" in out
    assert "local_equity_pct = 30  (" in out
    assert "omitted: treatment.umbrella_clause: optional;" in out


def test_format_json_needs_explain(invoke):
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "--format", "json")
    assert code == 2
    assert "--format json needs --explain" in err


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_text_and_html_outputs(invoke, tmp_path, suffix):
    out = tmp_path / f"draft{suffix}"
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "-o", str(out))
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert "Islamic Republic of Pakistan" in text
    if suffix == ".html":
        assert text.startswith("<!DOCTYPE html>")
        assert "<h3>Article 1: Objectives</h3>" in text
        assert '<span class="num">1.</span>' in text
    else:
        assert "Article 1: Objectives" in text and "**" not in text


def test_unknown_output_extension_is_refused_before_drafting(invoke, tmp_path):
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "-o", str(tmp_path / "draft.pdf"))
    assert code == 2
    assert err == (f"treatykit: error: -o {tmp_path / 'draft.pdf'}: unknown output format "
                   "'.pdf' (use a name ending in .md, .txt, .html, .docx)\n")


def test_failed_draft_leaves_no_file_and_keeps_the_old_one(invoke, tmp_path):
    out = tmp_path / "draft.md"
    code = invoke("draft", str(PAKISTAN_DEAL), "-o", str(out), "--set",
                  "equity.local_participation.local_equity_pct=130")[0]
    assert code == 2
    assert list(tmp_path.iterdir()) == []
    out.write_text("previous draft\n")
    invoke("draft", str(PAKISTAN_DEAL), "-o", str(out), *UNCONDITIONAL,
           "--set", "transfers.bop_safeguard=omit")
    assert out.read_text() == "previous draft\n"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.md"]


def test_never_overwrites_the_deal_file(invoke, tmp_path):
    deal = tmp_path / "deal.md"
    deal.write_bytes(PAKISTAN_DEAL.read_bytes())
    code, _, err = invoke("draft", str(deal), "-o", str(deal))
    assert code == 2
    assert err == (f"treatykit: error: -o {deal}: refusing to overwrite the input file {deal} "
                   "(choose another output name)\n")
    assert deal.read_bytes() == PAKISTAN_DEAL.read_bytes()


def test_missing_deal_file(invoke, tmp_path):
    code, _, err = invoke("draft", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert err == (f"treatykit: error: {tmp_path / 'nope.yaml'}: no such deal file (see "
                   "'treatykit init-deal' and docs/templates.md)\n")


def test_stance_option_overrides_the_deal(invoke):
    code, out, err = invoke("draft", str(PAKISTAN_DEAL), "--stance", "host_protective",
                            "--explain", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["stance"] == "host_protective" and data["stance_origin"] == "--stance"
    stances = {a["provision"]: (a["stance"], a["reason"]) for a in data["articles"]}
    assert stances["regulation.right_to_regulate"] == ("host_protective", "stance")
    # the host equity clause conflicts with other chosen clauses, so it gives way
    assert stances["equity.local_participation"] == ("balanced", "settled")


def test_readme_main_job_command_produces_a_real_draft(invoke, tmp_path):
    import docx

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = re.search(r"treatykit init-deal (\w+) > (\S+\.yaml)", readme)
    assert start, "the README's quick start starts a deal"
    match = re.search(rf"treatykit draft ({re.escape(start.group(2))}) -o (\S+\.docx)", readme)
    assert match, "the README's quick start drafts the deal it started as a .docx"
    code, deal, err = invoke("init-deal", start.group(1))
    assert code == 0, err
    (tmp_path / match.group(1)).write_text(deal, encoding="utf-8")
    out = tmp_path / match.group(2)
    code, _, err = invoke("draft", str(tmp_path / match.group(1)), "-o", str(out))
    assert code == 0, err
    word = docx.Document(str(out))
    articles = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert len(articles) >= 30
    assert any("Local Equity" in a for a in articles)


def test_draft_help_has_an_example(invoke):
    code, out, _ = invoke("draft", "--help")
    assert code == 0
    assert "treatykit draft corpus/deals/pakistan-us-critical-minerals.yaml -o draft.docx" in out


def test_a_draft_takes_about_a_second(pakistan_draft):
    import time

    from treatykit.drafting.api import make_draft

    start = time.perf_counter()
    make_draft(PAKISTAN_DEAL)
    assert time.perf_counter() - start < 3.0  # about one second on a laptop; slack for CI


def test_drafting_does_not_need_spacy_or_docx_for_markdown():
    import sys

    script = ("import sys\nfrom treatykit.cli import main\n"
              f"try:\n    main(['draft', r'{PAKISTAN_DEAL}'])\nexcept SystemExit: pass\n"
              "print('spacy' in sys.modules, 'docx' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    assert done.stderr.strip().splitlines()[-1] == "False False"


def test_user_template_folder_in_env_is_used(invoke, write_deal, monkeypatch):
    folder = FIXTURES / "drafts" / "user-templates"
    monkeypatch.setenv("TREATYKIT_TEMPLATES", str(folder))
    deal = write_deal("template: exchange_of_notes\nparties:\n"
                      "  - {role: host, name: the Republic of Ghana, short: Ghana}\n"
                      "  - {role: partner, name: the Kingdom of the Netherlands, "
                      "short: the Netherlands}\n")
    code, out, err = invoke("draft", str(deal))
    assert code == 0, err
    assert out.startswith("# Exchange of notes between the Republic of Ghana and the Kingdom")
    assert "### Article 1: Definitions" in out


def test_user_template_folder_option(invoke, write_deal):
    deal = write_deal("template: exchange_of_notes\nparties:\n"
                      "  - {role: host, name: the Republic of Ghana, short: Ghana}\n"
                      "  - {role: partner, name: the Kingdom of the Netherlands, "
                      "short: the Netherlands}\n")
    folder = FIXTURES / "drafts" / "user-templates"
    code, out, _ = invoke("draft", str(deal), "--templates", str(folder))
    assert code == 0
    assert "Done at [place] on [date]" in out


def test_a_clause_that_implements_another_provision_replaces_its_article():
    from treatykit.drafting.api import make_draft

    library = FIXTURES / "drafts" / "implements-library"
    draft = make_draft(PAKISTAN_DEAL, libraries=[library],
                       sets=["transfers.free_transfer=transfers.free_transfer.with_safeguard"])
    provisions = [s.entry.id for s in draft.plan.articles]
    assert "transfers.bop_safeguard" not in provisions
    assert draft.plan.omitted["transfers.bop_safeguard"].covered_by == \
        "transfers.free_transfer.with_safeguard"
    transfers = next(s for s in draft.plan.articles if s.entry.id == "transfers.free_transfer")
    to_safeguard = [r for r in draft.references if r.target == "transfers.bop_safeguard"]
    assert to_safeguard and {r.to_article for r in to_safeguard} == {transfers.number}
    assert _article_numbers(draft.markdown) == list(range(1, len(provisions) + 1))


def test_readme_one_command_drafts_and_reviews_the_pakistan_deal(invoke, tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = re.search(r"```sh\n(python3 -m venv \.venv && \.venv/bin/pip install \. && "
                     r"[^\n]*)\n```", readme)
    assert line, "README lost its one-command main job"
    steps = line.group(1).split(" && ")[2:]
    draft, review = (step.split()[1:] for step in steps)
    out = tmp_path / "draft.docx"
    code, _, err = invoke(*[str(ROOT / a) if a.endswith(".yaml") else
                            str(out) if a.endswith(".docx") else a for a in draft])
    assert code == 0, err
    code, report, err = invoke(*[str(out) if a.endswith(".docx") else a for a in review])
    assert code == 0, err + report
