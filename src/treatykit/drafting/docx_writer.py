"""Word output with python-docx: title page, heading styles, numbered paragraphs, page numbers.

Parts use Heading 1 and articles Heading 2, so Word's navigation pane and table of
contents work. Paragraph numbers are written as text with a hanging indent rather
than Word auto-numbering, so they survive copy, review tools and track changes.
This is the only module that imports python-docx.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from treatykit.drafting.document import Block, Document

_MARKS = re.compile(r"(\*\*.+?\*\*|(?<!\*)\*(?!\*).+?(?<!\*)\*(?!\*))")
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def to_docx(doc: Document) -> bytes:
    """The draft as a .docx file's bytes."""
    word = new_docx()
    _set_up(word, doc.title)
    title_page = any(b.kind == "break" for b in doc.blocks)
    for block in doc.blocks:
        if block.kind == "break":
            word.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            title_page = False
        elif block.kind == "para":
            _add_para(word, block, centred=title_page)
        else:
            _add_heading(word, block)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _set_up(word: WordDocument, title: str) -> None:
    normal = word.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        style = word.styles[name]
        style.font.name = "Times New Roman"
        style.font.color.rgb = None
    props = word.core_properties
    props.title = title
    props.author = props.last_modified_by = "treatykit"
    props.created = props.modified = _FIXED_TIME  # deterministic metadata
    props.revision = 1
    section = word.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.left_margin = section.right_margin = Cm(2.5)
    _page_number_footer(section)


def _page_number_footer(section: Section) -> None:
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _add_heading(word: WordDocument, block: Block) -> None:
    if block.kind == "title":
        paragraph = word.add_paragraph(style="Title")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_runs(paragraph, block.text)
        return
    level = {"part": 1, "article": 2, "subheading": 3}[block.kind]
    paragraph = word.add_heading(level=level)
    if block.kind == "part":
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    _add_runs(paragraph, block.text)


def _add_para(word: WordDocument, block: Block, *, centred: bool) -> None:
    paragraph = word.add_paragraph()
    fmt = paragraph.paragraph_format
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    else:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if block.label:
        indent = Cm(1.0 if block.level == 1 else 2.0)
        fmt.left_indent = indent
        fmt.first_line_indent = -Cm(1.0)
        fmt.tab_stops.add_tab_stop(indent)
        paragraph.add_run(block.label + "\t")
    _add_runs(paragraph, block.text)


def _add_runs(paragraph: Paragraph, text: str) -> None:
    """Add text, turning **bold** and *italic* marks into formatted runs."""
    for piece in _MARKS.split(text):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            paragraph.add_run(piece[1:-1]).italic = True
        else:
            paragraph.add_run(piece)
