"""Word fields in a draft: the DRAFT legend and page numbers, bookmarks and the contents.

The table of contents is a real TOC field marked dirty, so Word offers to update it on
opening and fills in page numbers (pandoc's docx writer does the same). Its stored result
already lists every part and article, linked to a bookmark on the heading, because
LibreOffice shows the stored result as it is: the entries are there without an update,
page numbers after Tools > Update. (LibreOffice does not compute PAGEREF fields inside a
TOC, so the stored entries carry none.)
"""

from __future__ import annotations

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.section import Section
from docx.text.paragraph import Paragraph

from treatykit.drafting.document import Presentation
from treatykit.drafting.docx_styles import add_right_tab

TOC_INSTRUCTION = r'TOC \o "1-2" \h \z \u'


def add_field(paragraph: Paragraph, instruction: str, shown: str = "") -> None:
    """A complete field (begin, instruction, separate, stored result, end) in one paragraph."""
    begin_field(paragraph, instruction)
    if shown:
        paragraph.add_run(shown)
    end_field(paragraph)


def begin_field(paragraph: Paragraph, instruction: str, *, dirty: bool = False) -> None:
    """The start of a field whose result follows (possibly over several paragraphs); a
    `dirty` field is recomputed by Word when the document opens."""
    _field_char(paragraph, "begin", dirty=dirty)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    _field_char(paragraph, "separate")


def end_field(paragraph: Paragraph) -> None:
    _field_char(paragraph, "end")


def _field_char(paragraph: Paragraph, kind: str, *, dirty: bool = False) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    if dirty:
        element.set(qn("w:dirty"), "true")
    paragraph.add_run()._r.append(element)


def header_and_footer(section: Section, presentation: Presentation, *,
                      title_page: bool) -> None:
    """The legend with date and version on every page; "Page X of Y" on every page but the
    title page."""
    headers = [section.header] + ([section.first_page_header] if title_page else [])
    for header in headers:
        _legend(header.paragraphs[0], presentation)
    section.different_first_page_header_footer = title_page
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" of ")
    add_field(paragraph, "NUMPAGES", "1")


def legend_text(presentation: Presentation) -> tuple[str, str]:
    """(left, right) header texts: the status; the version and date."""
    version = f"Version {presentation.version}" if presentation.version else ""
    right = ", ".join(t for t in (version, presentation.date or "") if t)
    return presentation.status, right


def _legend(paragraph: Paragraph, presentation: Presentation) -> None:
    left, right = legend_text(presentation)
    if not (left or right):
        return
    add_right_tab(paragraph.paragraph_format, presentation)
    paragraph.add_run(left).bold = True
    if right:
        paragraph.add_run("\t" + right)


def bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Wrap the paragraph's content in a bookmark (a contents entry's PAGEREF target)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    ppr = p.pPr
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    p.append(end)


def contents_entry(paragraph: Paragraph, text: str, anchor: str) -> None:
    """One stored line of the contents: the heading, linked to its bookmark."""
    first = len(paragraph._p)
    paragraph.add_run(text)
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    for run in list(paragraph._p)[first:]:
        link.append(run)  # appending moves the run into the link
    paragraph._p.append(link)
