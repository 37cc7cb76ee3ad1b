"""Reading drafts: encodings, Word documents (with list numbering Word draws), bad inputs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from conftest import W_NS, docx_with, with_footnote, word_run
from treatykit.errors import InputError
from treatykit.review.docxlists import format_number
from treatykit.review.readers import decode_text, docx_text, read_document


def test_word_numbering_is_put_back_into_the_text(word_docx) -> None:  # type: ignore[no-untyped-def]
    text = ("ARTICLE 1 Scope\n(1) First paragraph.\n(a) an item;\n(2) Second.\n"
            "ARTICLE 2 Next\n(1) Again.\n")
    assert docx_text(word_docx(text, word_numbering=True), name="x.docx") == text


@pytest.mark.parametrize(("value", "fmt", "expected"), [
    (3, "decimal", "3"), (3, "lowerLetter", "c"), (28, "lowerLetter", "ab"),
    (4, "upperRoman", "IV"), (9, "lowerRoman", "ix"), (2, "bullet", "")])
def test_word_number_formats(value: int, fmt: str, expected: str) -> None:
    assert format_number(value, fmt) == expected


def test_style_numbering_of_the_default_template_is_read() -> None:
    document = docx.Document()
    document.add_paragraph("Article 3 Transfers")
    document.add_paragraph("Each Party shall permit transfers.", style="List Number")
    document.add_paragraph("Transfers shall be made without delay.", style="List Number")
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue(), name="x.docx").splitlines()[1:] == [
        "1. Each Party shall permit transfers.", "2. Transfers shall be made without delay."]


def test_tables_keep_their_place_in_the_document() -> None:
    document = docx.Document()
    document.add_paragraph("Before the table.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "lithium", "2836.91"
    document.add_paragraph("After the table.")
    out = io.BytesIO()
    document.save(out)
    assert docx_text(out.getvalue(), name="t.docx").splitlines() == [
        "Before the table.", "lithium | 2836.91", "After the table."]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"])
def test_text_encodings_decode_to_the_same_text(encoding: str) -> None:
    text = "ARTICLE 4 — Technology\n(1) Pakistan’s institutes “shall” transfer know-how.\n"
    assert decode_text(text.encode(encoding), name="x") == text


@pytest.mark.parametrize(("name", "data", "message"), [
    ("empty.txt", b"", "the document is empty or has no readable text"),
    ("blank.md", b"  \n\n \t\n", "the document is empty or has no readable text"),
    ("random.txt", bytes(range(256)) * 8, "binary data, not text"),
    ("corrupt.docx", b"PK\x03\x04 this is not really a zip archive" * 4,
     "not a readable Word document"),
    ("corrupt.pdf", b"%PDF-1.7\n garbage " * 10, "PDF"),
    ("draft.odt", b"some text that is long enough to read", "unsupported file type '.odt'"),
])
def test_unreadable_inputs_raise_input_error(tmp_path: Path, name: str, data: bytes,
                                             message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=re.escape(message)):
        read_document(path)


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "absent.md")


def test_standard_input_is_read() -> None:
    data = io.BytesIO("Article 1\n1. Each Party shall publish its laws.\n".encode("utf-16"))
    assert read_document("-", stdin=data).startswith("Article 1")  # type: ignore[arg-type]


def test_tracked_changes_are_read_as_accepted() -> None:
    """The other side's redline: what it inserted counts, what it deleted does not."""
    paragraph = (
        f'<w:p {W_NS}>{word_run("Local holders shall hold not less than ")}'
        f'<w:del w:id="1" w:author="Counsel"><w:r><w:delText>thirty (30)</w:delText></w:r>'
        f'</w:del><w:ins w:id="2" w:author="Counsel">{word_run("twenty (20)")}</w:ins>'
        f'{word_run(" per cent of the shares.")}</w:p>')
    moved = (f'<w:p {W_NS}><w:moveFrom w:id="3" w:author="Counsel">{word_run("Moved away.")}'
             f'</w:moveFrom>{word_run("Stays.")}</w:p>')
    deleted = (f'<w:p {W_NS}><w:del w:id="4" w:author="Counsel"><w:r><w:delText>A whole '
               'deleted paragraph.</w:delText></w:r></w:del></w:p>')
    text = docx_text(docx_with(paragraph, moved, deleted), name="redline.docx")
    assert text == ("Local holders shall hold not less than twenty (20) per cent of the "
                    "shares.\nStays.\n")


def test_content_controls_and_hyperlinks_are_read() -> None:
    block_control = (f'<w:sdt {W_NS}><w:sdtContent><w:p>{word_run("Article 9 Transfers")}</w:p>'
                     '</w:sdtContent></w:sdt>')
    inline = (f'<w:p {W_NS} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
              f'relationships">{word_run("Each Party shall permit ")}<w:sdt><w:sdtContent>'
              f'{word_run("all transfers")}</w:sdtContent></w:sdt>{word_run(" as set out in ")}'
              f'<w:hyperlink r:id="rId99">{word_run("Annex A")}</w:hyperlink>{word_run(".")}</w:p>')
    text = docx_text(docx_with(block_control, inline), name="controls.docx")
    assert text == "Article 9 Transfers\nEach Party shall permit all transfers as set out in " \
                   "Annex A.\n"


def test_a_redlined_draft_is_reviewed_as_its_accepted_text(tmp_path: Path) -> None:
    """The same findings as the clean text with the change made: 30 -> 20 violates."""
    from treatykit.review.service import review_document

    sentence = ("Each mining company shall ensure that nationals of Pakistan hold not less "
                "than ")
    redline = docx_with(
        f'<w:p {W_NS}>{word_run("Article 1 Local Equity")}</w:p>',
        f'<w:p {W_NS}>{word_run("1. " + sentence)}<w:del w:id="1" w:author="X"><w:r><w:delText>'
        f'thirty (30)</w:delText></w:r></w:del><w:ins w:id="2" w:author="X">'
        f'{word_run("twenty (20)")}</w:ins>'
        f'{word_run(" per cent of its issued share capital.")}</w:p>')
    (tmp_path / "redline.docx").write_bytes(redline)
    clean = tmp_path / "clean.txt"
    clean.write_text(f"Article 1 Local Equity\n1. {sentence}twenty (20) per cent of its issued "
                     "share capital.\n", encoding="utf-8")
    findings = {}
    for path in (tmp_path / "redline.docx", clean):
        report = review_document(path, "pakistan-minerals")
        findings[path.suffix] = [(f.requirement, f.status, f.value, f.location)
                                 for f in report.findings]
    assert findings[".docx"] == findings[".txt"]
    equity = next(f for f in findings[".docx"] if f[0] == "local_equity")
    assert equity[1:3] == ("violates", 20)


def test_a_footnote_is_read_after_the_paragraph_that_cites_it() -> None:
    cited = (f'<w:p {W_NS}>{word_run("1. Neither Party shall expropriate a covered investment.")}'
             '<w:r><w:footnoteReference w:id="1"/></w:r></w:p>')
    data = with_footnote(docx_with(f'<w:p {W_NS}>{word_run("Article 6 Expropriation")}</w:p>',
                                     cited, f'<w:p {W_NS}>{word_run("2. Next paragraph.")}</w:p>'),
                          "For greater certainty, this covers indirect expropriation.")
    assert docx_text(data, name="notes.docx").splitlines() == [
        "Article 6 Expropriation", "1. Neither Party shall expropriate a covered investment.",
        "[Footnote: For greater certainty, this covers indirect expropriation.]",
        "2. Next paragraph."]


def test_review_says_a_redline_was_read_as_accepted(invoke, tmp_path: Path) -> None:
    redline = tmp_path / "redline.docx"
    redline.write_bytes(docx_with(
        f'<w:p {W_NS}>{word_run("Article 1 Transfers")}</w:p>',
        f'<w:p {W_NS}>{word_run("1. Each Party shall permit transfers ")}<w:ins w:id="1" '
        f'w:author="X">{word_run("freely and ")}</w:ins>{word_run("without delay.")}'
        '<w:del w:id="2" w:author="X"><w:r><w:delText> Subject to law.</w:delText></w:r>'
        '</w:del></w:p>'))
    code, _, err = invoke("review", str(redline), "-p", "unctad-iia", "--format", "json")
    assert code in (0, 1)
    assert (f"treatykit: {redline} has tracked changes (1 insertion(s), 1 deletion(s)): "
            "reviewed as if all were accepted") in err
    clean = tmp_path / "clean.docx"
    clean.write_bytes(docx_with(f'<w:p {W_NS}>{word_run("Article 1 Transfers")}</w:p>'))
    _, _, err = invoke("review", str(clean), "-p", "unctad-iia", "--format", "json")
    assert "tracked changes" not in err
