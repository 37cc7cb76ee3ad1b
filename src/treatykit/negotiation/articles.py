"""A draft read into its articles: heading, number and paragraphs, in plain words.

Reuses review's readers (txt, md, docx with changes accepted, pdf) and structure parser.
Text is normalised so that a Word draft and its plain-text export read the same: Markdown
marks, line wrapping and curly quotes do not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from treatykit.review.readers import read_draft
from treatykit.review.structure import Unit, parse_structure

_MARKS = re.compile(r"\*\*|__|(?<!\w)[*_](?=\w)|(?<=\w)[*_](?!\w)|^#+\s*", re.M)
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                         "\u00a0": " "})


@dataclass(frozen=True)
class Para:
    """One paragraph: its label as printed ("1.", "(a)") and its words."""

    label: str
    text: str


@dataclass(frozen=True)
class Article:
    """One article of a draft."""

    number: str
    heading: str
    paras: tuple[Para, ...]
    index: int  # position in the draft, from 0

    @property
    def label(self) -> str:
        return f"Article {self.number}"

    @property
    def body(self) -> str:
        """The article's words and paragraph labels, blind to line and paragraph breaks
        (a Word draft and its text export read the same)."""
        return " ".join(self.lines())

    def lines(self) -> list[str]:
        """Each paragraph as printed: label and words."""
        return [f"{p.label} {p.text}".strip() for p in self.paras]


@dataclass(frozen=True)
class Draft:
    """A draft's title, its articles in order and its full text (for review)."""

    source: str
    title: str
    articles: tuple[Article, ...]
    text: str


def read_articles(source: str | Path) -> Draft:
    """The draft at `source` cut into articles."""
    text = read_draft(source).text
    return articles_of(text, source=str(source))


def articles_of(text: str, *, source: str = "<text>") -> Draft:
    doc = parse_structure(text, source)
    title = next((normal(u.heading).strip(" :.-") for u in doc.units if u.kind == "title"), "")
    articles: list[Article] = []
    last_kind = ""
    for unit in (u for u in doc.units if u.kind in ("article", "annex")):
        if articles and last_kind == "article" and _continues(text, unit):
            articles[-1] = _joined(articles[-1], text, unit)
            continue
        last_kind = unit.kind
        if unit.kind == "article":
            articles.append(_article(text, unit, len(articles)))
    if articles:
        articles[-1] = _without_testimonium(articles[-1])
    return Draft(source, title, tuple(articles), text)


def _without_testimonium(article: Article) -> Article:
    """The last article ends where the signature block ("In witness whereof") starts."""
    for index, para in enumerate(article.paras):
        cut = para.text.lower().find("in witness whereof")
        if cut != -1:
            kept = article.paras[:index] + ((Para(para.label, para.text[:cut].strip()),)
                                            if para.text[:cut].strip() else ())
            return Article(article.number, article.heading, kept, article.index)
    return article


def _continues(text: str, unit: Unit) -> bool:
    """A wrapped line that starts with a cross-reference ("   Article 34.", "   Annex B to
    this Agreement.") is no heading: it is indented and follows a line of the paragraph."""
    before = text[:unit.start].rstrip(" \t")
    previous = before[:-1].rsplit("\n", 1)[-1] if before.endswith("\n") else ""
    return text[unit.start:unit.start + 1] in (" ", "\t") and bool(previous.strip())


def _joined(article: Article, text: str, unit: Unit) -> Article:
    line_end = text.find("\n", unit.start)
    first = normal(text[unit.start:line_end if line_end != -1 else unit.end])
    rest = _article(text, unit, article.index).paras
    continued = bool(rest) and not rest[0].label
    paras = list(article.paras) or [Para("", "")]
    carried = [first] + ([rest[0].text] if continued else [])
    paras[-1] = Para(paras[-1].label, " ".join([paras[-1].text, *carried]).strip())
    tail = rest[1:] if continued else rest
    return Article(article.number, article.heading, tuple(paras) + tail, article.index)


def _article(text: str, unit: Unit, index: int) -> Article:
    heading = normal(unit.heading).strip(" :.-")
    paras: list[Para] = []
    previous: tuple[str, str] | None = None
    for para in unit.paragraphs:
        words = normal(text[para.start:para.end])
        if not words or para.start == unit.start or (not para.number and words == heading):
            continue
        label = f"({para.sub})" if para.sub else (f"{para.number}." if para.number else "")
        if (para.number, para.sub) == previous:
            label = ""  # an unlabelled paragraph continuing the one above
        previous = (para.number, para.sub)
        paras.append(Para(label, words))
    return Article(unit.number, heading, tuple(paras), index)


def normal(text: str) -> str:
    """Plain words: no Markdown marks, straight quotes, single spaces."""
    return " ".join(_MARKS.sub("", text.translate(_QUOTES)).split())
