"""`treatykit negotiate`: a joint text with each side's positions bracketed by Party."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT, run_cli
from treatykit.drafting.document import Block
from treatykit.negotiation.sections import Alternative, bracket
from treatykit.review.brackets import agreed_text, find_brackets, open_points_table

DEAL = ROOT / "corpus" / "deals" / "pakistan-us-critical-minerals.yaml"


def run(*args: str) -> tuple[int, str, str]:
    """`treatykit ARGS` through the real entry point (module fixtures cannot use `invoke`)."""
    return run_cli(*args)


def _para(text: str, label: str = "1.") -> Block:
    return Block("para", text, 1, label)


def test_a_number_that_differs_is_bracketed_alone():
    ours = Alternative("AB", (_para("Each holder shall keep not less than thirty (30) per cent "
                                    "of the shares for the life of the licence."),))
    theirs = Alternative("CD", (_para("Each holder shall keep not less than ten (10) per cent "
                                      "of the shares for the life of the licence."),))
    blocks, what = bracket([ours, theirs])
    assert [b.text for b in blocks] == [
        "Each holder shall keep not less than [AB: thirty (30)] [CD: ten (10)] per cent of "
        "the shares for the life of the licence."]
    assert what == "words in paragraph 1"


def test_a_phrase_that_differs_is_bracketed_as_one_unit():
    ours = Alternative("AB", (_para("The catch shall not exceed four hundred (400) tonnes."),))
    theirs = Alternative("CD", (_para("The catch shall not exceed six hundred (600) tonnes."),))
    blocks, _ = bracket([ours, theirs])
    assert blocks[0].text == ("The catch shall not exceed [AB: four hundred (400)] "
                              "[CD: six hundred (600)] tonnes.")


def test_a_rewritten_paragraph_is_bracketed_whole_and_the_rest_stays_clean():
    same = _para("The committee shall meet twice a year.", "2.")
    ours = Alternative("AB", (_para("A lessee shall refine the ore it mines in the host "
                                    "country before export."), same))
    theirs = Alternative("CD", (_para("Nothing obliges an investor to process ore in any "
                                      "particular place, and exports remain free."), same))
    blocks, what = bracket([ours, theirs])
    assert [b.text for b in blocks] == [
        "[AB: A lessee shall refine the ore it mines in the host country before export.]",
        "[CD: Nothing obliges an investor to process ore in any particular place, and "
        "exports remain free.]",
        "The committee shall meet twice a year."]
    assert what == "paragraph 1"


def test_articles_of_different_shape_are_bracketed_as_wholes():
    ours = Alternative("AB", (_para("First rule."), _para("Second rule.", "2.")))
    theirs = Alternative("CD", (_para("Only rule."),))
    blocks, what = bracket([ours, theirs])
    assert [b.text for b in blocks] == ["[AB: First rule.", "Second rule.]", "[CD: Only rule.]"]
    assert what == "the whole article"


def test_the_open_points_table_is_no_text_of_the_agreement():
    text = ("Article 1\n1. The rate is [AB: five] [CD: two] per cent.\n\n## Open points\n\n"
            "| 1 Rate | words | must | must |\n")
    [table] = open_points_table(text, find_brackets(text))
    assert text[table.start:].startswith("## Open points")
    assert open_points_table("Article 1\n## Open points\n", []) == []


def test_review_reads_bracketed_alternatives_as_not_agreed():
    text = ("Article 3\n1. The rate is [AB: five [per cent]] [CD: two per cent] a year.\n"
            "2. Disputes go to [date] arbitration.")
    brackets = find_brackets(text)
    assert [(b.label, text[b.start:b.end]) for b in brackets] == [
        ("AB", "[AB: five [per cent]]"), ("CD", "[CD: two per cent]")]
    agreed = agreed_text(text, brackets)
    assert len(agreed) == len(text)
    assert "five" not in agreed and "two" not in agreed and "[date]" in agreed


def test_a_lone_country_variant_in_a_treaty_is_agreed_text():
    text = "Members shall phase out these duties in 3 years [Freedonia: 4 years] from today."
    assert find_brackets(text) == []


@pytest.fixture(scope="module")
def joint_json():
    result = run("negotiate", str(DEAL), "--ours", "pakistan-minerals",
                                      "--theirs", "us-investor", "--format", "json")
    assert result[0] == 0, result[2]
    return json.loads(result[1])


@pytest.mark.parametrize("provision", [
    "equity.local_participation", "performance_requirements.prohibition",
    "stabilisation.change_in_law", "transfers.free_transfer", "dispute.investor_state"])
def test_the_conflicting_mandates_are_bracketed(joint_json, provision):
    point = next(p for p in joint_json["open_points"] if p["provision"] == provision)
    assert {o["party"] for o in point["objections"]} <= {"PK", "US"}
    assert point["severity"]["PK"] in ("must", "should", "-")


def test_agreed_articles_stay_clean(joint_json):
    assert joint_json["schema"] == 1
    assert joint_json["parties"] == {"ours": "PK", "theirs": "US"}
    open_provisions = {p["provision"] for p in joint_json["open_points"]}
    # both mandates need these and neither side's text fails the other's requirements
    assert not open_provisions & {"environment.protection", "transparency.anticorruption",
                                  "exceptions.essential_security",
                                  "institutions.joint_committee"}
    assert joint_json["agreed"] >= 15


def test_the_reasons_carry_no_notes_meant_for_library_maintainers(joint_json):
    assert not re.search(r"BRIEF|\b[CPD]\d{2}\b", json.dumps(joint_json))


@pytest.fixture(scope="module")
def joint_docx(tmp_path_factory):
    path = tmp_path_factory.mktemp("joint") / "joint.docx"
    result = run("negotiate", str(DEAL), "--ours", "pakistan-minerals",
                                      "--theirs", "us-investor", "-o", str(path))
    assert result[0] == 0, result[2]
    return path


@pytest.mark.parametrize("playbook, requirement", [
    ("pakistan-minerals", "local_equity"), ("pakistan-minerals", "labour_host_law"),
    ("us-investor", "performance_requirements"), ("us-investor", "transfers")])
def test_review_of_the_joint_text_reports_bracketed_requirements_as_open(
        joint_docx, playbook, requirement):
    result = run("review", str(joint_docx), "--playbook", playbook,
                                      "--format", "json")
    assert result[0] == 1
    finding = next(f for f in json.loads(result[1])["findings"]
                   if f["requirement"] == requirement)
    assert finding["status"] == "open"
    assert finding["reason"].startswith("in brackets, not yet agreed")
    assert finding["location"].startswith("Article")  # never the open-points table


def test_the_joint_text_ends_with_the_open_points_and_styles_the_labels(tmp_path):
    path = tmp_path / "joint.md"
    result = run("negotiate", str(DEAL), "--ours", "pakistan-minerals",
                                      "--theirs", "us-investor", "-o", str(path))
    assert result[0] == 0, result[2]
    text = path.read_text(encoding="utf-8")
    assert "**[PK:** " in text and "**[US:** " in text
    table = text.split("## Open points", 1)[1]
    assert "| Article | Bracketed | PK | US | Landing zone |" in table
    assert "| 7 Local Equity Participation |" in table


def test_an_unknown_output_format_is_refused_before_any_work(tmp_path):
    result = run("negotiate", str(DEAL), "--ours", "pakistan-minerals",
                                      "--theirs", "us-investor", "-o", str(tmp_path / "x.pdf"))
    assert result[0] == 2
    assert result[2].startswith("treatykit: error: -o ")
    assert "unknown output format '.pdf'" in result[2]


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_joint_docx_opens_in_libreoffice(joint_docx, tmp_path):
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(joint_docx)], check=True, capture_output=True, timeout=240)
    assert (tmp_path / "joint.pdf").stat().st_size > 10_000


OURS_BOOK = """\
playbook:
  id: host-test
  title: A host mandate written for this test
  stance: balanced
  parties: {host: [Pakistan], partner: [the United States]}
requirements:
  - id: survival_cap
    provision: final.duration_termination
    aspect: survival
    constraints: [{param: survival_years, op: "<=", value: 15}]
  - id: survival_short
    provision: final.duration_termination
    aspect: survival
    severity: should
    constraints: [{param: survival_years, op: "<=", value: 10}]
"""
THEIRS_BOOK = OURS_BOOK.replace("host-test", "partner-test").replace(
    '"<=", value: 15', '">=", value: 12').replace('"<=", value: 10', '">=", value: 20')


def test_a_value_both_mandates_accept_is_proposed(tmp_path):
    for name, text in (("host-test", OURS_BOOK), ("partner-test", THEIRS_BOOK)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("negotiate", str(DEAL), "--ours", str(tmp_path / "host-test.yaml"),
                         "--theirs", str(tmp_path / "partner-test.yaml"), "--format", "json",
                         "-o", str(tmp_path / "joint.md"))
    assert code == 0, err
    [point] = json.loads(out)["open_points"]
    assert (point["title"], point["severity"]) == (
        "Entry into Force, Duration and Termination", {"PK": "must", "US": "must"})
    assert point["landing_zone"] == "proposal: survival_years = 12"
    text = (tmp_path / "joint.md").read_text(encoding="utf-8")
    assert "**[PK:** ten (10)] **[US:** twenty (20)] **[Proposal:** twelve (12)]" in text
