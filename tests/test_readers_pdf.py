"""A draft read from a PDF reviews like its text: page numbers, justified spacing and
numbers wrapped to the start of a line do not change a finding."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from conftest import ROOT

PAKISTAN_DEAL = ROOT / "corpus" / "deals" / "pakistan-us-critical-minerals.yaml"


@pytest.mark.parametrize("line", ["5", "  12 ", "Page 3", "page 3 of 39", "3/39", "- 7 -"])
def test_a_page_number_line_is_dropped(line):
    from treatykit.review.readers import _without_page_numbers

    page = f"the covered investment, and any\n{line}\nincentive attached to that right"
    assert _without_page_numbers(page) == ("the covered investment, and any\n"
                                           "incentive attached to that right")


def test_a_line_with_a_number_and_words_is_kept():
    from treatykit.review.readers import _without_page_numbers

    assert _without_page_numbers("Article 5\n5. The Parties") == "Article 5\n5. The Parties"


def test_a_wrapped_number_does_not_start_a_paragraph():
    from treatykit.review.structure import parse_structure

    text = ("Article 14: Offtake\n\n1. Each producer shall supply up to ten\n"
            "(10) per cent of its annual output to processors.\n"
            "2. The Parties shall consult.\n")
    document = parse_structure(text)
    offset = text.index("(10) per cent")
    assert document.locate(offset) == "Article 14(1)"
    assert document.locate(text.index("The Parties shall consult")) == "Article 14(2)"


def test_a_numbered_paragraph_after_a_full_stop_still_counts():
    from treatykit.review.structure import parse_structure

    text = "Article 3\n\n1. The Parties agree.\n(2) the State shall act.\n"
    assert parse_structure(text).locate(text.index("the State")) == "Article 3(2)"


def test_runs_of_spaces_inside_a_line_read_as_one(tmp_path):
    from treatykit.review.readers import read_document

    path = tmp_path / "justified.txt"
    path.write_text("Article 1\n\n1. Each  Party  shall  finance   processing  facilities.\n",
                    encoding="utf-8")
    assert "Each Party shall finance processing facilities." in read_document(path)


@pytest.mark.slow
def test_the_pakistan_draft_as_pdf_reviews_like_its_markdown(invoke, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    docx, markdown = tmp_path / "draft.docx", tmp_path / "draft.md"
    for out in (docx, markdown):
        assert invoke("draft", str(PAKISTAN_DEAL), "-o", str(out))[0] == 0
    subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(docx)], capture_output=True, timeout=180, check=True)
    reports = {}
    for source in (markdown, tmp_path / "draft.pdf"):
        code, out, err = invoke("review", str(source), "--playbook", "pakistan-minerals",
                                "--format", "json")
        assert code == 0, err
        reports[source.suffix] = json.loads(out)
    view = lambda r: [(f["requirement"], f["status"], f["value"], f["location"])  # noqa: E731
                      for f in r["findings"]]
    assert view(reports[".pdf"]) == view(reports[".md"])
    assert reports[".pdf"]["conflicts"] == reports[".md"]["conflicts"]


def test_running_headers_and_a_table_of_contents_are_left_out():
    from treatykit.review.readers import _without_contents, _without_running_lines

    pages = ["DRAFT v2\nTitle\nPage 1 of 3", "DRAFT v2\nThe Parties shall\nPage 2 of 3",
             "DRAFT v2\ncooperate.\nPage 3 of 3"]
    assert _without_running_lines(pages) == ["Title", "The Parties shall", "cooperate."]
    text = ("Title\nContents\nPart I: General\nArticle 1: Scope\nArticle 2: Transfers\n"
            "Part I: General\nArticle 1: Scope\n1. This Agreement applies.\n")
    assert _without_contents(text) == ("Title\nPart I: General\nArticle 1: Scope\n"
                                       "1. This Agreement applies.\n")
    assert _without_contents("Contents\nof the box.\n") == "Contents\nof the box.\n"
