"""Reading drafts: encodings, Word documents (with list numbering Word draws), bad inputs."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

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
