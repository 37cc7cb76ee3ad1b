"""The look of a Word draft: paper, one type family, proofing language, plain heading styles.

python-docx's default template sets headings and the title in the theme's sans-serif
font (`w:asciiTheme`), which wins over a plain font name, colours them blue and draws a
rule under the title. Every `w:rFonts` of the style sheet is therefore rewritten with the
one family for all four scripts, so Word and LibreOffice show the same face.
"""

from __future__ import annotations

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.section import Section
from docx.shared import Cm, Length, Pt, Twips
from docx.styles.style import ParagraphStyle
from docx.text.parfmt import ParagraphFormat

from treatykit.drafting.document import Presentation

FONT = "Times New Roman"
PAPER_SIZES: dict[str, tuple[Length, Length]] = {
    "a4": (Twips(11906), Twips(16838)), "letter": (Twips(12240), Twips(15840)),  # Word's own
}
MARGIN = Cm(2.5)
#: (style, size in points, bold, italic, centred, space before in points)
_HEADINGS = (("Title", 16, True, False, True, 96), ("Heading 1", 13, True, False, True, 18),
             ("Heading 2", 12, True, False, False, 12), ("Heading 3", 12, True, True, False, 6))
#: Table-of-contents entry styles: Word's built-in names, so "Update table" keeps them.
TOC_STYLES = {1: "toc 1", 2: "toc 2"}


def set_up_styles(word: WordDocument, presentation: Presentation) -> None:
    """One family everywhere, the proofing language, plain headings and TOC entry styles."""
    styles = word.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        _one_family(fonts)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        for lang in defaults.iter(qn("w:lang")):
            lang.set(qn("w:val"), presentation.language)
            lang.set(qn("w:eastAsia"), presentation.language)
    theme_lang = word.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), presentation.language)
    _body_style(word)
    for name, size, bold, italic, centred, before in _HEADINGS:
        _heading_style(word.styles[name], size, bold=bold, italic=italic, centred=centred,
                       before=before)
    _plain_title(word.styles["Title"])
    for name in ("Header", "Footer"):  # their Letter-width tab stops would catch our tabs
        _clear_tabs(word.styles[name])
    for level, name in TOC_STYLES.items():
        _toc_style(word, name, level)


def _one_family(fonts: BaseOxmlElement) -> None:
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), FONT)


def _body_style(word: WordDocument) -> None:
    normal = word.styles["Normal"]
    normal.font.name = FONT
    _one_family(normal.element.get_or_add_rPr().get_or_add_rFonts())
    normal.font.size = Pt(12)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0


def _heading_style(style: ParagraphStyle, size: int, *, bold: bool, italic: bool,
                   centred: bool, before: int) -> None:
    style.font.name = FONT
    _one_family(style.element.get_or_add_rPr().get_or_add_rFonts())
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = italic
    style.font.color.rgb = None
    fmt = style.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(6)
    fmt.keep_with_next = True
    if centred:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _plain_title(style: ParagraphStyle) -> None:
    """No rule under the title, no letter spacing, no kerning quirks of the theme title."""
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        for element in ppr.findall(qn(tag)):
            ppr.remove(element)
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:spacing", "w:kern"):
        for element in rpr.findall(qn(tag)):
            rpr.remove(element)
    style.paragraph_format.space_after = Pt(24)


def _clear_tabs(style: ParagraphStyle) -> None:
    ppr = style.element.get_or_add_pPr()
    for tabs in ppr.findall(qn("w:tabs")):
        ppr.remove(tabs)


def _toc_style(word: WordDocument, name: str, level: int) -> None:
    style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.element.set(qn("w:styleId"), f"TOC{level}")
    del style.element.attrib[qn("w:customStyle")]  # Word's own style, as Word would write it
    style.base_style = word.styles["Normal"]
    fmt = style.paragraph_format
    fmt.left_indent = Cm(0 if level == 1 else 0.8)
    fmt.space_before = Pt(6 if level == 1 else 0)
    fmt.space_after = Pt(0)
    style.font.bold = level == 1


def set_up_page(section: Section, presentation: Presentation) -> None:
    """Paper size and margins."""
    section.page_width, section.page_height = PAPER_SIZES[presentation.paper]
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN


def add_right_tab(paragraph_format: ParagraphFormat, presentation: Presentation) -> None:
    """A right-aligned tab stop at the right margin."""
    width = Length(PAPER_SIZES[presentation.paper][0] - 2 * MARGIN)
    paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
