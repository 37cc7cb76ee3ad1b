"""The review report people read and circulate: HTML, Markdown and text from templates."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from treatykit.review.reports import conflict_parts, render_report, scorecard, verdict

WEAK = ROOT / "corpus" / "drafts" / "pk-us-bit-investor-weak.txt"
RAW_MARKUP = ("None", "**", "`")


@pytest.fixture(scope="module")
def weak_report() -> dict:
    from treatykit.review.service import review_document

    return review_document(str(WEAK), "pakistan-minerals").to_dict()


def test_the_html_report_fits_a_1280_px_window_and_shows_no_raw_markup(invoke, tmp_path,
                                                                       browser):
    page = tmp_path / "review.html"
    code, _, err = invoke("review", str(WEAK), "-p", "pakistan-minerals", "-o", str(page))
    assert code == 1, err
    probe, screenshot = browser(page)
    assert probe["scroll"] <= probe["inner"] == 1280
    assert [m for m in RAW_MARKUP if m in probe["text"]] == []
    assert "must: " in probe["text"] and "treatykit " in probe["text"]
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_every_report_format_has_header_scorecard_evidence_and_plain_conflicts(weak_report,
                                                                               fmt):
    text = render_report(weak_report, fmt)
    if fmt == "html":
        text = re.sub(r"<style>.*?</style>|<[^>]+>", "", text, flags=re.S)
    assert "pk-us-bit-investor-weak.txt" in text and "pakistan-minerals" in text
    assert re.search(r"\d{4}-\d\d-\d\d", text)  # the date of the review
    assert re.search(r"must: \d+ present, \d+ weak, \d+ violate, \d+ missing", text)
    assert re.search(r"should: \d+ present, \d+ weak, \d+ violate, \d+ missing", text)
    assert "Article 2(1)" in text and "up to twenty (20) per cent" in text
    assert "Tension between Article 1 (DEFINITIONS) and Article 13 (SETTLEMENT OF DISPUTES)" \
        in text
    assert [m for m in RAW_MARKUP if m in text] == []


def test_the_html_report_escapes_the_draft_and_wraps_ids_at_dots(weak_report):
    report = dict(weak_report, document="<script>x</script>.txt")
    page = render_report(report, "html")
    assert "<script>x" not in page and "&lt;script&gt;x" in page
    assert "equity.<wbr>local_participation.<wbr>balanced" in page


def test_the_scorecard_counts_each_severity_apart_and_the_verdict_only_musts():
    findings = [{"severity": "must", "status": "present"}, {"severity": "must", "status": "weak"},
                {"severity": "should", "status": "missing"}]
    assert scorecard(findings) == [
        {"severity": "must", "counts": "1 present, 1 weak, 0 violate, 0 missing"},
        {"severity": "should", "counts": "0 present, 0 weak, 0 violate, 1 missing"}]
    assert verdict(findings) == "1 of 2 mandatory requirements are not met."


def test_reasons_and_values_are_plain_words_without_ids_or_operators(weak_report):
    reasons = [f["reason"] for f in weak_report["findings"]]
    assert [r for r in reasons if re.search(r"\w_\w|\w\.\w|[<>]=?", r)] == []
    by_id = {f["requirement"]: f for f in weak_report["findings"]}
    assert by_id["local_equity"]["reason"] == \
        "20 per cent is stated as a ceiling; the mandate needs at least 30 per cent"
    assert by_id["survival"]["reason"] == "the text says 20 years; the mandate needs at most " \
        "10 years"
    assert by_id["bop_safeguard"]["reason"].startswith("not found in any operative article")


def test_a_value_the_reason_already_states_is_not_repeated(weak_report):
    text = render_report(weak_report, "txt")
    assert "20 per cent is stated as a ceiling; the mandate needs at least 30 per cent\n" in text
    assert "(the text says: 20 per cent)" not in text
    assert "(the text says: the host's courts)" not in text


def test_a_conflict_without_a_location_or_clause_reads_as_a_sentence():
    parts = conflict_parts({"kind": "tension", "why": "They pull apart.", "resolve": None,
                            "a": {"provision": "a.x", "clause": None, "location": "Article 3"},
                            "b": {"provision": "b.y", "clause": None, "location": None}})
    assert parts == {"kind": "Tension", "between": "a.x (Article 3) and b.y",
                     "why": "They pull apart.", "resolve": ""}


def test_a_conflict_names_the_articles_by_their_headings_and_marks_sides_of_several():
    parts = conflict_parts({"kind": "conflict", "why": "", "resolve": "",
                            "a": {"provision": "a.x", "title": "Exes", "location": "Article 3",
                                  "articles": "Article 3 (Ex Rules)"},
                            "b": {"provision": "b.y", "title": "Whys",
                                  "location": "Article 5, Annex B",
                                  "articles": "Article 5 (Why Rules) and Annex B (List)"}})
    assert parts["between"] == ("Article 3 (Ex Rules), on the one hand, and Article 5 (Why "
                                "Rules) and Annex B (List), on the other")
    titled = conflict_parts({"kind": "tension", "a": {"provision": "a.x", "title": "Exes"},
                             "b": {"provision": "b.y", "title": "Whys", "location": "Article 2"}})
    assert titled["between"] == "Exes and Whys (Article 2)"


@pytest.mark.parametrize(("reason", "words"), [
    ("binding", "binding: 'shall'"), ("permission", "a permission: 'may'")])
def test_reasons_are_written_for_lawyers(weak_report, reason, words):
    reasons = {f["reason"] for f in weak_report["findings"]}
    assert not any(re.search(r"permitted \(", r) for r in reasons)
    if reason == "binding":
        assert words in reasons


def test_review_writes_a_text_report_and_pipes_plain_text(invoke, tmp_path):
    out_file = tmp_path / "review.txt"
    code, _, _ = invoke("review", str(WEAK), "-p", "pakistan-minerals", "-o", str(out_file))
    assert code == 1
    _, piped, _ = invoke("review", str(WEAK), "-p", "pakistan-minerals")
    assert out_file.read_text(encoding="utf-8") == piped
    assert piped.startswith("Review of ") and "│" not in piped
