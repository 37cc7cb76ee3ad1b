"""Word output with python-docx: a draft a ministry can circulate.

A4 (or Letter) paper, one type family, the proofing language of the text, a DRAFT legend
with date and version in every header, a title page without a page number, a table of
contents, "Page X of Y" below, each annex on a new page and typographic quotes. Parts use
Heading 1 and articles Heading 2, so Word's navigation pane and contents work. Paragraph
numbers are written as text with a hanging indent rather than Word auto-numbering, so they
survive copy, review tools and track changes. Styles are in `docx_styles`, fields
(legend, page numbers, contents) in `docx_fields`.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document as new_docx
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from treatykit.drafting.document import Block, Document
from treatykit.drafting.docx_fields import (
    TOC_INSTRUCTION,
    begin_field,
    bookmark,
    contents_entry,
    end_field,
    header_and_footer,
)
from treatykit.drafting.docx_styles import TOC_STYLES, set_up_page, set_up_styles
from treatykit.drafting.formats import plain, smart_quotes

_MARKS = re.compile(r"(\*\*.+?\*\*|(?<!\*)\*(?!\*).+?(?<!\*)\*(?!\*))")
_FIXED_TIME = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
_ANNEX = re.compile(r"^(annex|schedule|appendix)(es|s)?\b", re.I)
_LISTED = ("part", "article")  # the headings the table of contents lists
CONTENTS_TITLE = "Contents"


def to_docx(doc: Document) -> bytes:
    """The draft as a .docx file's bytes."""
    word = new_docx()
    presentation = doc.presentation
    set_up_styles(word, presentation)
    _set_properties(word, doc)
    section = word.sections[0]
    set_up_page(section, presentation)
    header_and_footer(section, presentation, title_page=_has_title_page(doc.blocks))
    _write_blocks(word, doc)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _has_title_page(blocks: list[Block]) -> bool:
    return any(b.kind == "break" for b in blocks)


def _set_properties(word: WordDocument, doc: Document) -> None:
    props = word.core_properties
    props.title = plain(doc.title)
    props.language = doc.presentation.language
    props.author = props.last_modified_by = "treatykit"
    props.created = props.modified = _FIXED_TIME  # deterministic metadata
    props.revision = 1


def _write_blocks(word: WordDocument, doc: Document) -> None:
    blocks = doc.blocks
    listed = {i: n for n, i in enumerate((i for i, b in enumerate(blocks) if b.kind in _LISTED),
                                         start=1)}  # block -> bookmark number
    contents_after = _contents_position(blocks) if doc.presentation.contents else None
    title_page = _has_title_page(blocks)
    new_page = False
    for index, block in enumerate(blocks):
        if block.kind == "break":
            new_page, title_page = True, False
        else:
            paragraph = _add_block(word, block, centred=title_page)
            if new_page or _starts_annex(blocks, index):
                paragraph.paragraph_format.page_break_before = True
            new_page = False
            if index in listed:
                bookmark(paragraph, _bookmark_name(listed[index]), listed[index])
        if index == contents_after:
            _add_contents(word, [(blocks[i], _bookmark_name(n)) for i, n in listed.items()])
            new_page = True


def _bookmark_name(number: int) -> str:
    return f"_Toc{number:06d}"  # Word's own prefix: hidden from the bookmark list


def _contents_position(blocks: list[Block]) -> int | None:
    """The block the contents follow: the title page's end, else the title; None without
    headings to list or a title."""
    if not any(b.kind in _LISTED for b in blocks):
        return None
    after = next((i for i, b in enumerate(blocks) if b.kind == "break"), None)
    if after is None:
        after = next((i for i, b in enumerate(blocks) if b.kind == "title"), None)
    return after


def _starts_annex(blocks: list[Block], index: int) -> bool:
    """An annex or schedule heading (`#` or `##`) opens a page, unless a heading just opened
    one; a `####` "Schedule of <Party>" inside an annex does not."""
    block = blocks[index]
    if block.kind not in ("title", "part") or not _ANNEX.match(plain(block.text)):
        return False
    return index > 0 and blocks[index - 1].kind == "para"


def _add_contents(word: WordDocument, entries: list[tuple[Block, str]]) -> None:
    """A TOC field whose stored result already lists the parts and articles."""
    heading = word.add_paragraph(CONTENTS_TITLE, style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    flat = not any(block.kind == "part" for block, _ in entries)
    for number, (block, anchor) in enumerate(entries):
        level = 1 if flat or block.kind == "part" else 2
        paragraph = word.add_paragraph(style=word.styles[TOC_STYLES[level]])
        if number == 0:
            begin_field(paragraph, TOC_INSTRUCTION, dirty=True)
        contents_entry(paragraph, smart_quotes(plain(block.text)), anchor)
        if number == len(entries) - 1:
            end_field(paragraph)


def _add_block(word: WordDocument, block: Block, *, centred: bool) -> Paragraph:
    if block.kind == "para":
        return _add_para(word, block, centred=centred)
    return _add_heading(word, block)


def _add_heading(word: WordDocument, block: Block) -> Paragraph:
    style = {"title": "Title", "part": "Heading 1", "article": "Heading 2",
             "subheading": "Heading 3"}[block.kind]
    paragraph = word.add_paragraph(style=style)
    _add_runs(paragraph, block.text)
    return paragraph


def _add_para(word: WordDocument, block: Block, *, centred: bool) -> Paragraph:
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
    return paragraph


def _add_runs(paragraph: Paragraph, text: str) -> None:
    """Add text with typographic quotes, turning **bold** and *italic* marks into runs."""
    for piece in _MARKS.split(smart_quotes(text)):
        if not piece:
            continue
        if piece.startswith("**") and piece.endswith("**") and len(piece) > 4:
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            paragraph.add_run(piece[1:-1]).italic = True
        else:
            paragraph.add_run(piece)
