"""Word drafts as a ministry circulates them: paper, one type family, language, DRAFT legend,
title page without a number, contents, annex pages, typographic quotes."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Inches

from conftest import PAKISTAN_DEAL
from treatykit.drafting.document import Presentation, parse_draft_markdown
from treatykit.drafting.docx_writer import to_docx

#: A draft with parts, quotes and annexes, as a template renders it.
ANNEXED = """\
# Agreement on "Critical" Minerals

between

**the Republic of A**

---

## Part I: General Provisions

### Article 1: Definitions

1. "Investment" means every asset that an investor owns; the Parties' rights.

2. The term 'measure' includes any law.

## Part II: Final Provisions

### Article 2: Annexes

The Annexes form an integral part of this Agreement.

## Annex I: Non-Conforming Measures

Sector: Mining.

## Annex II: Schedule of Key Performance Indicators

Indicator one.

#### Schedule of the Republic of A

[To be completed]
"""


def _word(markdown: str = ANNEXED, **settings: object) -> docx.document.Document:
    doc = parse_draft_markdown(markdown)
    doc.presentation = Presentation(**settings)  # type: ignore[arg-type]
    return docx.Document(io.BytesIO(to_docx(doc)))


@pytest.fixture(scope="module")
def pakistan_word(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    from treatykit.drafting.api import make_draft
    from treatykit.drafting.output import render_bytes

    return docx.Document(io.BytesIO(render_bytes(make_draft(PAKISTAN_DEAL).document, ".docx")))


def test_a4_by_default_and_letter_on_request():
    a4, letter = _word().sections[0], _word(paper="letter").sections[0]
    assert (a4.page_width.mm, a4.page_height.mm) == pytest.approx((210, 297), abs=0.1)
    assert (letter.page_width, letter.page_height) == (Inches(8.5), Inches(11))


def test_one_type_family_for_every_script_and_no_theme_fonts(pakistan_word):
    fonts = list(pakistan_word.styles.element.iter(qn("w:rFonts")))
    assert fonts
    for element in fonts:
        assert dict(element.attrib) == {qn(f"w:{s}"): "Times New Roman"
                                        for s in ("ascii", "hAnsi", "eastAsia", "cs")}
    used = {p.style.name for p in pakistan_word.paragraphs}
    assert {"Title", "Heading 1", "Heading 2"} <= used


def test_title_and_headings_are_plain_black_without_the_blue_rule(pakistan_word):
    styles = pakistan_word.styles.element
    title = pakistan_word.styles["Title"].element
    assert title.find(f".//{qn('w:pBdr')}") is None
    assert not list(styles.iter(qn("w:color"))) or all(
        s.find(f".//{qn('w:color')}") is None
        for s in (pakistan_word.styles[n].element for n in ("Title", "Heading 1", "Heading 2")))


@pytest.mark.parametrize(("language", "expected"), [(None, "en-GB"), ("en-US", "en-US")])
def test_proofing_language_is_british_unless_the_deal_says_otherwise(language, expected):
    word = _word(**({"language": language} if language else {}))
    defaults = word.styles.element.find(qn("w:docDefaults"))
    assert {e.get(qn("w:val")) for e in defaults.iter(qn("w:lang"))} == {expected}
    assert word.core_properties.language == expected


def test_draft_legend_with_date_and_version_on_every_page():
    section = _word(date="5 December 2026", version="3").sections[0]
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text == \
            "DRAFT \u2014 without prejudice\tVersion 3, 5 December 2026"


def test_title_page_has_no_page_number_and_the_others_page_x_of_y():
    section = _word().sections[0]
    assert section.different_first_page_header_footer
    assert "PAGE" not in section.first_page_footer._element.xml
    footer = section.footer._element.xml
    assert re.search(r"<w:instrText[^>]*> PAGE </w:instrText>", footer)
    assert re.search(r"<w:instrText[^>]*> NUMPAGES </w:instrText>", footer)
    assert section.footer.paragraphs[0].text.startswith("Page ")


def test_contents_is_a_toc_field_listing_parts_articles_and_annexes():
    word = _word()
    body = word.element.body.xml
    assert 'TOC \\o "1-2"' in body
    entries = [p.text for p in word.paragraphs if p.style.name.startswith("toc ")]
    assert entries == ["Part I: General Provisions", "Article 1: Definitions",
                       "Part II: Final Provisions", "Article 2: Annexes",
                       "Annex I: Non-Conforming Measures",
                       "Annex II: Schedule of Key Performance Indicators"]


def test_no_contents_when_the_deal_turns_it_off():
    assert not any(p.style.name.startswith("toc ") for p in _word(contents=False).paragraphs)


def test_each_annex_starts_a_new_page():
    opening = {p.text: p.paragraph_format.page_break_before for p in _word().paragraphs}
    assert opening["Annex I: Non-Conforming Measures"]
    assert opening["Annex II: Schedule of Key Performance Indicators"]
    assert not opening["Part II: Final Provisions"]
    assert not opening["Schedule of the Republic of A"], "a Party's schedule inside an annex"


def test_quotes_and_apostrophes_are_typographic():
    texts = [p.text for p in _word().paragraphs]
    assert "Agreement on \u201cCritical\u201d Minerals" in texts
    assert ("1.\t\u201cInvestment\u201d means every asset that an investor owns; "
            "the Parties\u2019 rights.") in texts
    assert "2.\tThe term \u2018measure\u2019 includes any law." in texts
    assert not any('"' in t or "'" in t for t in texts)


def test_deal_file_document_settings_reach_word(invoke, tmp_path, write_deal):
    deal = PAKISTAN_DEAL.read_text(encoding="utf-8").replace(
        "languages: [English, Urdu]",
        "languages: [English, Urdu]\ndocument: {date: 2026-12-05, version: 0.3, language: en-US}")
    out = tmp_path / "draft.docx"
    code, _, err = invoke("draft", str(write_deal(deal)), "--paper", "letter", "-o", str(out))
    assert code == 0, err
    word = docx.Document(str(out))
    assert word.sections[0].header.paragraphs[0].text.endswith("Version 0.3, 5 December 2026")
    assert word.sections[0].page_width == Inches(8.5)
    assert word.core_properties.language == "en-US"


def _pdf(docx_path: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    done = subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir",
                           str(docx_path.parent), str(docx_path)], capture_output=True,
                          text=True, timeout=180, check=False)
    pdf = docx_path.with_suffix(".pdf")
    assert done.returncode == 0 and pdf.is_file(), done.stderr
    return pdf


@pytest.mark.slow
def test_libreoffice_shows_a4_legend_contents_and_annex_pages(tmp_path):
    from pypdf import PdfReader

    doc = parse_draft_markdown(ANNEXED)
    doc.presentation = Presentation(date="5 December 2026", version="2")
    path = tmp_path / "annexed.docx"
    path.write_bytes(to_docx(doc))
    pages = PdfReader(str(_pdf(path))).pages
    width, height = (round(float(v)) for v in pages[0].mediabox.upper_right)
    assert (width, height) == (595, 842)  # A4 in points
    texts = [page.extract_text() for page in pages]
    assert all("DRAFT \u2014 without prejudice" in t and "Version 2, 5 December 2026" in t
               for t in texts)
    assert "Page" not in texts[0]
    assert "Contents" in texts[1] and "Article 1: Definitions" in texts[1]
    # title page, contents, the articles, then one page per annex (listed in the contents)
    assert len(pages) == 5
    assert [i for i, t in enumerate(texts) if "Annex I: Non-Conforming" in t] == [1, 3]
    assert [i for i, t in enumerate(texts)
            if "Annex II: Schedule of Key Performance Indicators" in t] == [1, 4]
    assert "Sector: Mining." in texts[3] and "Indicator one." in texts[4]
    assert "Page 5 of 5" in texts[4]
    fonts = {str(font.get_object()["/BaseFont"]) for page in pages
             for font in page["/Resources"]["/Font"].values()}
    families = {re.sub(r"^/?[A-Z]{6}\+|-(Bold|Italic|BoldItalic)$", "", f) for f in fonts}
    assert len(families) == 1, fonts  # Times New Roman, or its metric twin Liberation Serif


def test_no_legend_when_the_deal_clears_the_status():
    section = _word(status="").sections[0]
    assert section.header.paragraphs[0].text == ""
    assert _word(status="", version="2").sections[0].header.paragraphs[0].text == "\tVersion 2"
