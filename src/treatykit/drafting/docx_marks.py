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


#: A paragraph break inside a redline's pieces (see negotiation/compare.py).
PARA_MARK = "¶"


def redline_docx(title: str, articles: Sequence[Sequence[tuple[str, str, str]]], *,
                 author: str, date: str) -> bytes:
    """A Word document with real tracked changes: each article a list of (op, old, new)
    word runs, paragraphs split at ¶; its first paragraph is the heading. Accepting every
    change gives their text, rejecting every change ours."""
    from docx import Document as new_docx

    word = new_docx()
    word.core_properties.title = title
    word.core_properties.author = author
    word.add_heading(title, level=0)
    marks = _Marks(author, date)
    for pieces in articles:
        _write_article(word, pieces, marks)
    return _saved(word)


class _Marks:
    """Hands out change ids and builds w:ins / w:del elements."""

    def __init__(self, author: str, date: str) -> None:
        self.author, self.date, self.next_id = author, date, 1

    def element(self, kind: str) -> object:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        element = OxmlElement(f"w:{kind}")
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element


def _write_article(word: object, pieces: Sequence[tuple[str, str, str]], marks: _Marks) -> None:
    paragraph = word.add_heading(level=2)  # type: ignore[attr-defined]
    for op, old, new in pieces:
        for kind, text in _runs(op, old, new):
            for index, chunk in enumerate(text.split(PARA_MARK)):
                if index:
                    _mark_paragraph_end(paragraph, kind, marks)
                    paragraph = word.add_paragraph()  # type: ignore[attr-defined]
                _add_text(paragraph, chunk, kind, marks)


def _runs(op: str, old: str, new: str) -> list[tuple[str, str]]:
    if op == "equal":
        return [("equal", old)]
    return [(k, t) for k, t in (("del", old), ("ins", new)) if t]


def _add_text(paragraph: Paragraph, text: str, kind: str, marks: _Marks) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if not text.strip():
        return
    text = text.strip() + " "
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if kind == "del" else "w:t")
    node.set(qn("xml:space"), "preserve")
    node.text = text
    run.append(node)
    if kind == "equal":
        paragraph._p.append(run)
        return
    wrapper = marks.element(kind)
    wrapper.append(run)  # type: ignore[attr-defined]
    paragraph._p.append(wrapper)


def _mark_paragraph_end(paragraph: Paragraph, kind: str, marks: _Marks) -> None:
    """An inserted or deleted paragraph break is tracked on the paragraph mark."""
    if kind == "equal":
        return
    properties = paragraph._p.get_or_add_pPr()
    from docx.oxml import OxmlElement

    run_properties = properties.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}rPr")
    if run_properties is None:
        run_properties = OxmlElement("w:rPr")
        properties.append(run_properties)
    run_properties.append(marks.element(kind))
