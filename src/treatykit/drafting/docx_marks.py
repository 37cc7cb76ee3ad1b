"""Marks on a Word draft: bracketed positions coloured by Party, a table appended.

Works on the bytes `docx_writer.to_docx` made, so the ministry style stays in one place.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Sequence

from docx import Document as open_docx
from docx.shared import RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run

#: Colours of the first party, the second party and a proposal, as hex RGB.
COLOURS = ("1F4E9A", "C00000", "2E7D32")


def mark_brackets(data: bytes, labels: Sequence[str]) -> bytes:
    """Every `[LABEL: ...]` with its label and closing bracket bold in the label's colour."""
    word = open_docx(io.BytesIO(data))
    pattern = _pattern(labels)
    stack: list[str | None] = []
    for paragraph in word.paragraphs:
        for run in list(paragraph.runs):
            _split_run(paragraph, run, pattern, labels, stack)
    return _saved(word)


def _pattern(labels: Sequence[str]) -> re.Pattern[str]:
    names = "|".join(re.escape(label) for label in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(\[(?:{names})(?:, (?:{names}))*: |\[|\])")


def _split_run(paragraph: Paragraph, run: Run, pattern: re.Pattern[str],
               labels: Sequence[str], stack: list[str | None]) -> None:
    pieces = [p for p in pattern.split(run.text) if p]
    if len(pieces) <= 1 and not (pieces and pattern.fullmatch(pieces[0])):
        return
    anchor = run._r
    for piece in pieces:
        colour = _colour(piece, labels, stack)
        new = copy.deepcopy(run._r)
        anchor.addnext(new)
        anchor = new
        styled = Run(new, paragraph)
        styled.text = piece
        if colour:
            styled.bold = True
            styled.font.color.rgb = RGBColor.from_string(colour)
    run._r.getparent().remove(run._r)


def _colour(piece: str, labels: Sequence[str], stack: list[str | None]) -> str | None:
    if piece == "]":
        return stack.pop() if stack else None
    if piece == "[":
        stack.append(None)
        return None
    if piece.startswith("[") and piece.endswith(": "):
        first = piece[1:-2].split(", ")[0]
        colour = COLOURS[min(list(labels).index(first), len(COLOURS) - 1)]
        stack.append(colour)
        return colour
    return None


def append_table(data: bytes, heading: str, header: Sequence[str],
                 rows: Sequence[Sequence[str]]) -> bytes:
    """The document with a heading and a bordered table at its end."""
    word = open_docx(io.BytesIO(data))
    word.add_heading(heading, level=1)
    table = word.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        for cell, text in zip(table.add_row().cells, row, strict=True):
            cell.text = text
    return _saved(word)


def _saved(word: object) -> bytes:
    buffer = io.BytesIO()
    word.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()
