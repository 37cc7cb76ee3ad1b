"""`treatykit check`: one seeded defect per class found at the right article, harmless edits
that give no finding, and the command's formats, exit codes and errors."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT

CLEAN = (FIXTURES / "check" / "clean.md").read_text(encoding="utf-8")


def findings(text: str) -> list[tuple[str, str]]:
    from treatykit.review.coherence import check_text

    return [(f.check, f.location) for f in check_text(text, source="draft.md")]


def edited(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text, f"the clean draft no longer holds {old!r}"
    return text.replace(old, new, 1)


def test_the_clean_draft_gives_no_finding():
    assert findings(CLEAN) == []


#: (defect, words replaced, replacement, class, location).
SEEDED = [
    ("paragraph that does not exist", "subject to Article 4(2).", "subject to Article 4(5).",
     "reference", "Article 3(1)"),
    ("article that does not exist", "subject to Article 4(2).", "subject to Article 9.",
     "reference", "Article 3(1)"),
    ("sub-paragraph that does not exist", "The definitions in paragraph 1 apply",
     "The definitions in paragraph 1(d) apply", "reference", "Article 1(2)"),
    ("reference to the wrong subject", "award compensation under Article 2",
     "award compensation under Article 3", "reference-fit", "Article 5(2)"),
    ("annex cited but absent", "protect public health, as", "protect public health in Annex B, as",
     "annex", "Article 4(1)"),
    ("integral part without the annex", "\n## Annex: Schedule of Reservations\n\n"
     "1. Measures of each Party maintained under Article 4(1).\n", "", "annex", "Article 7(2)"),
    ("defined term never used", "    (c) \"measure\" includes",
     "    (c) \"host State\" means the Party in whose territory an investment is made;\n\n"
     "    (d) \"measure\" includes", "term-unused", "Article 1(1)(c)"),
    ("term of art never defined", "to be made freely and without delay",
     "to be made freely in a freely usable currency", "term-undefined", "Article 3(1)"),
    ("several names for one list", "maintained under Article 4(1).",
     "maintained under Article 4(1), which the Reservations Schedule lists.", "term-variant",
     "Annex(1)"),
    ("words and digits disagree", "twelve (12) months", "twelve (18) months", "number",
     "Article 4(2)"),
    ("one step, two periods", "not resolved within six (6) months of the request",
     "not resolved within ninety (90) days of the request", "period", "Article 3(2)"),
    ("skipped paragraph number", "2. Compensation shall equal", "3. Compensation shall equal",
     "numbering", "Article 2(3)"),
    ("skipped sub-paragraph letter", "    (c) \"measure\" includes", "    (d) \"measure\" includes",
     "numbering", "Article 1(1)(d)"),
    ("duplicated article number", "## Article 7: Final", "## Article 6: Final",
     "numbering", "Article 6"),
]


@pytest.mark.parametrize(("old", "new", "check", "location"),
                         [s[1:] for s in SEEDED], ids=[s[0] for s in SEEDED])
def test_a_seeded_defect_is_found_at_its_article(old, new, check, location):
    found = findings(edited(old, new))
    assert (check, location) in found
    assert all(c == check for c, _ in found), found


def _renumbered(text: str) -> str:
    """A new Article 6 inserted, later articles and every reference to them renumbered."""
    bump = re.sub(r"Article (\d+)", lambda m: f"Article {int(m.group(1)) + 1}"
                  if int(m.group(1)) >= 6 else m.group(0), text)
    new = ("## Article 6: Transparency\n\n1. Each Party shall publish its laws on investment.\n\n")
    return bump.replace("## Article 7: Disputes", new + "## Article 7: Disputes")


HARMLESS = [
    ("words and digits agreeing", edited("twelve (12) months", "eighteen (18) months")),
    ("a reference to an existing paragraph", edited("subject to Article 4(2).",
                                                    "subject to Article 2(2).")),
    ("the same period in days", edited("not resolved within six (6) months of the request",
                                       "not resolved within one hundred and eighty (180) days "
                                       "of the request")),
    ("articles renumbered consistently", _renumbered(CLEAN)),
    ("another instrument's article", edited("subject to Article 4(2).",
                                            "subject to Article 4(2) and to Article 25(2)(b) of "
                                            "the ICSID Convention.")),
]


@pytest.mark.parametrize("text", [h[1] for h in HARMLESS], ids=[h[0] for h in HARMLESS])
def test_a_harmless_edit_gives_no_finding(text):
    assert findings(text) == []


def test_the_renumbered_draft_really_moved_its_references():
    text = _renumbered(CLEAN)
    assert "refer it to arbitration under Article 7." in text
    assert "## Article 8: Final Provisions" in text


def test_a_finding_carries_its_paragraph_for_a_word_comment():
    from treatykit.review.coherence import check_text

    text = edited("twelve (12) months", "twelve (18) months")
    (finding,) = check_text(text, source="draft.md")
    assert (finding.unit, finding.paragraph, finding.sub) == ("Article 4", "2", "")
    assert text[finding.start:finding.end] == "twelve (18)"
    assert "twelve (18)" in text.splitlines()[finding.line]
    assert "twelve" in finding.message and finding.fix


def test_a_missing_annex_is_one_finding_however_often_it_is_cited():
    text = edited("subject to Article 4(2).", "subject to Article 4(2) and Annex C.")
    text = edited("forms an integral part", "and Annex C form an integral part", text)
    found = findings(text)
    assert found == [("annex", "Article 3(1)")]


def test_a_chapter_that_restarts_its_numbering_is_no_duplicate():
    text = ("# Agreement\n\n## Chapter 1 Goods\n\n### Article 1: Scope\n\n1. Goods.\n\n"
            "### Article 2: Duties\n\n1. Duties under Article 1.\n\n## Chapter 2 Services\n\n"
            "### Article 1: Scope\n\n1. Services.\n\n### Article 2: Access\n\n1. Access under "
            "Article 1(1).\n")
    assert findings(text) == []


def test_conflicts_the_library_declares_are_reported():
    """The conflicts review expects in a hand-written draft are check findings too; its
    declared tensions are not."""
    from treatykit.review.coherence import check_documents

    drafts = ROOT / "corpus" / "drafts"
    expected = json.loads((drafts / "us-pk-bit-pr-conflict.expected.json").read_text())
    pairs = [c["between"] for r in expected["reviews"] for c in r.get("conflicts", [])
             if c["kind"] == "conflict"]
    assert pairs
    report = check_documents([drafts / "us-pk-bit-pr-conflict.txt"])
    conflicts = [f for f in report.findings if f.check == "conflict"]
    for a, b in pairs:
        assert any(a in f.words and b in f.words for f in conflicts), (a, b)
    assert all(f.location.startswith("Article") and f.fix for f in conflicts)
    assert not any(f.message.startswith("tension") for f in conflicts)


TREATY = """Agreement between Aland and Borduria

## Article 1: Local Equity Participation

1. An enterprise that holds a right to extract minerals shall ensure that local holders hold \
not less than thirty (30) per cent of its issued share capital.

## Article 2: Community Participation

1. The enterprise shall pay into a community development fund not less than three (3) per \
cent of its annual revenue.
"""


def test_two_documents_that_disagree_on_a_value(tmp_path: Path):
    from treatykit.review.coherence import check_documents

    treaty = tmp_path / "treaty.md"
    treaty.write_text(TREATY, encoding="utf-8")
    mine = tmp_path / "mine.md"
    mine.write_text(TREATY.replace("thirty (30)", "twenty-five (25)"), encoding="utf-8")
    report = check_documents([treaty, mine], conflicts=False)
    (finding,) = report.findings
    assert finding.check == "disagreement" and finding.location == "Article 1(1)"
    assert finding.document == str(mine) and "25" in finding.message and "30" in finding.message
    same = check_documents([treaty, treaty], conflicts=False)
    assert same.findings == []


def test_check_exit_codes_and_json(invoke, tmp_path: Path):
    clean = tmp_path / "clean.md"
    clean.write_text(CLEAN, encoding="utf-8")
    code, out, _ = invoke("check", str(clean), "--no-conflicts", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == 1 and data["findings"] == [] and data["document"] == str(clean)
    bad = tmp_path / "bad.md"
    bad.write_text(edited("twelve (12) months", "twelve (18) months"), encoding="utf-8")
    code, out, _ = invoke("check", str(bad), "--no-conflicts", "--format", "json")
    assert code == 1
    (finding,) = json.loads(out)["findings"]
    assert finding["check"] == "number" and finding["location"] == "Article 4(2)"


@pytest.mark.parametrize("fmt", ["table", "md", "html"])
def test_check_formats_show_the_finding(invoke, tmp_path: Path, fmt: str):
    bad = tmp_path / "bad.md"
    bad.write_text(edited("twelve (12) months", "twelve (18) months"), encoding="utf-8")
    code, out, _ = invoke("check", str(bad), "--no-conflicts", "--format", fmt)
    assert code == 1
    assert "twelve (18)" in out and "4(2)" in out


def test_check_writes_a_report_file(invoke, tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_text(edited("twelve (12) months", "twelve (18) months"), encoding="utf-8")
    report = tmp_path / "coherence.html"
    code, out, err = invoke("check", str(bad), "--no-conflicts", "-o", str(report))
    assert code == 1 and out == ""
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote {report}" in err


def test_check_errors_are_one_line(invoke, tmp_path: Path):
    code, _, err = invoke("check", str(tmp_path / "absent.md"))
    assert code == 2
    assert err == f"treatykit: error: {tmp_path / 'absent.md'}: no such file (check the path)\n"
    code, _, err = invoke("check", "a.md", "b.md", "c.md")
    assert code == 2 and "give one draft, or two" in err and len(err.splitlines()) == 1


def test_docs_describe_the_json_the_command_prints(invoke, tmp_path: Path):
    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    match = re.search(r"`--format json` prints:\s*```json\n(.*?)```", text, re.S)
    assert match, "docs/check.md lost its JSON example"
    documented = json.loads(match.group(1))
    bad = tmp_path / "bad.md"
    bad.write_text(edited("twelve (12) months", "twelve (18) months"), encoding="utf-8")
    _, out, _ = invoke("check", str(bad), "--no-conflicts", "--format", "json")
    data = json.loads(out)
    assert set(documented) == set(data)
    assert set(documented["summary"]) == set(data["summary"])
    assert set(documented["findings"][0]) == set(data["findings"][0])


def test_docs_name_every_class():
    from treatykit.review.coherence import CLASSES

    text = (ROOT / "docs" / "check.md").read_text(encoding="utf-8")
    assert [c for c in CLASSES if f"| `{c}` |" not in text] == []


def test_review_reports_coherence_beside_the_mandate(invoke, tmp_path: Path):
    bad = tmp_path / "bad.md"
    bad.write_text(edited("twelve (12) months", "twelve (18) months"), encoding="utf-8")
    code, out, _ = invoke("review", str(bad), "-p", "unctad-iia", "--format", "json")
    (finding,) = json.loads(out)["coherence"]
    assert finding["check"] == "number" and finding["location"] == "Article 4(2)"
    docs = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")
    example = re.search(r"`--format json` prints:\s*```json\n(.*?)```", docs, re.S)
    assert example and set(json.loads(example.group(1))["coherence"][0]) == set(finding)
    _, out, _ = invoke("review", str(bad), "-p", "unctad-iia", "--format", "md")
    assert "## Coherence" in out and "twelve (18)" in out


def test_draft_prints_what_the_check_finds(invoke, tmp_path: Path):
    from conftest import PAKISTAN_DEAL

    out_file = tmp_path / "draft.md"
    code, _, err = invoke("draft", str(PAKISTAN_DEAL), "-o", str(out_file))
    assert code == 0
    from treatykit.review.coherence import check_text

    found = check_text(out_file.read_text(encoding="utf-8"), source=str(out_file))
    lines = [line for line in err.splitlines() if line.startswith("treatykit: check: ")
             and line.endswith("]")]
    assert len(lines) == len(found)
    if found:
        code, _, _ = invoke("draft", str(PAKISTAN_DEAL), "-o", str(out_file), "--strict")
        assert code == 1


def test_a_defined_list_cited_under_another_name():
    text = edited("as listed in the Schedule of Reservations.",
                  "as listed in the Annex (the \"Schedule of Reservations\").")
    assert findings(text) == []
    text = edited("The Schedule of Reservations in the Annex forms",
                  "The schedule of reserved measures referred to in Article 4 forms", text)
    assert findings(text) == [("term-variant", "Article 7(2)")]


def test_a_word_draft_is_checked_like_its_text(invoke, tmp_path: Path):
    import docx

    document = docx.Document()
    for line in edited("twelve (12) months", "twelve (18) months").splitlines():
        if line.strip():
            document.add_paragraph(line.strip().lstrip("# "))
    path = tmp_path / "draft.docx"
    document.save(str(path))
    code, out, _ = invoke("check", str(path), "--no-conflicts", "--format", "json")
    assert code == 1
    assert [(f["check"], f["location"]) for f in json.loads(out)["findings"]] == \
        [("number", "Article 4(2)")]
