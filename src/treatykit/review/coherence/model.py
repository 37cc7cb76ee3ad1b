"""What a coherence check finds, and an index of the draft's articles, paragraphs and annexes."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from treatykit.review.structure import ANNEX_RE, Document, Unit, roman_to_int

#: The classes of finding, in report order, with the heading a report gives each.
CLASSES = {
    "reference": "Reference to a part that does not exist",
    "reference-fit": "Reference whose target does not fit",
    "annex": "Annex, schedule or protocol cited but not in the text",
    "term-unused": "Defined term never used",
    "term-undefined": "Term used as defined but never defined",
    "term-variant": "Several names for one thing",
    "number": "Number in words and digits disagree",
    "period": "Same step, different periods",
    "numbering": "Duplicated or skipped numbering",
    "conflict": "Clauses the library marks as conflicting",
    "disagreement": "The two documents disagree",
}


@dataclass
class CoherenceFinding:
    """One incoherence: its class, where it is, the words, what is wrong and how to fix it.

    `start`/`end` are character offsets in the text that was checked, `line` the line of
    `start` (0-based; a Word document is read one paragraph a line), and `unit`,
    `paragraph`, `sub` the paragraph it sits in, so a Word writer can attach a comment
    to the right paragraph; `document` says which of two documents it is in.
    """

    check: str
    location: str
    words: str
    message: str
    fix: str
    start: int = 0
    end: int = 0
    line: int = 0
    unit: str = ""
    paragraph: str = ""
    sub: str = ""
    document: str = ""
    related: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def finding_at(document: Document, check: str, start: int, end: int, *, message: str,
               fix: str, words: str | None = None,
               related: list[str] | None = None) -> CoherenceFinding:
    """A finding located at [start, end) of the document's text."""
    unit = document.unit_at(start)
    para = unit.paragraph_at(start) if unit else None
    text = words if words is not None else " ".join(document.text[start:end].split())
    return CoherenceFinding(check=check, location=document.locate(start), words=text,
                            message=message, fix=fix, start=start, end=end,
                            line=document.line_at(start),
                            unit=unit.label if unit else "",
                            paragraph=para.number if para else "",
                            sub=para.sub if para else "", document=document.source,
                            related=related or [])


def article_key(number: str) -> str:
    """One spelling per article number: "XII" and "12" are the same article, "III.2" and
    "3.2" too."""
    head, dot, tail = number.partition(".")
    value = roman_to_int(head) if head.isalpha() and head.isupper() else None
    return (str(value) if value else head.upper()) + dot + tail


_HEADING_NUMBER = re.compile(r"(?:article|art\.)\s*"
                             r"(?P<num>(?:\d{1,4}|[IVXLC]{1,7})(?:\.\d{1,3}){0,2})", re.I)


def heading_number(document: Document, unit: Unit) -> str:
    """The article's number as its heading line writes it: the structure parser reads
    "Article III.2" as Article 3, which would make every article of chapter III a duplicate."""
    line = document.text[unit.start:unit.start + 80]
    match = _HEADING_NUMBER.search(line)
    if match and "." in match.group("num") and article_key(match.group("num")).startswith(
            article_key(unit.number) + "."):
        return article_key(match.group("num"))
    return unit.number


@dataclass
class Index:
    """Where each article, paragraph, sub-paragraph and annex of a draft is."""

    document: Document
    articles: dict[str, list[Unit]]
    annexes: dict[str, set[str]]  # keyword (annex, schedule, ...) -> numbers ("" unnumbered)
    annex_headings: list[str]
    # what a check works out once per document and asks for per reference (a long text
    # cites the same subjects thousands of times)
    memo: dict[tuple[str, str], Any] = field(default_factory=dict)

    def article(self, number: str, *, cited_at: int | None = None) -> Unit | None:
        """The article with this number; where numbering restarts in each chapter, the one
        in the chapter of the citing text (None when that cannot be told)."""
        units = self.articles.get(article_key(number))
        if not units:
            return None
        if len(units) == 1 or cited_at is None:
            return units[0]
        here = self.document.unit_at(cited_at)
        same = [u for u in units if here is not None and u.chapter and u.chapter == here.chapter]
        return same[0] if len(same) == 1 else None

    def cites_unknown(self, number: str) -> bool:
        return article_key(number) not in self.articles

    def has_annex(self, keyword: str, number: str) -> bool:
        numbers = self.annexes.get(_annex_keyword(keyword), set())
        return number.upper() in numbers or (not number and bool(numbers))


def index_document(document: Document) -> Index:
    articles: dict[str, list[Unit]] = {}
    annexes: dict[str, set[str]] = {}
    headings = []
    for unit in document.units:
        if unit.kind == "article":
            articles.setdefault(article_key(heading_number(document, unit)), []).append(unit)
        elif unit.kind == "annex":
            keyword = annex_keyword(document, unit)
            annexes.setdefault(keyword, set()).add(unit.number.upper())
            headings.append(f"{keyword} {unit.number} {unit.heading}".lower())
    return Index(document, articles, annexes, headings)


def annex_keyword(document: Document, unit: Unit) -> str:
    """"annex", "schedule", "protocol", "appendix"... as the unit's heading line says."""
    line = document.text[unit.start:document.text.find("\n", unit.start) % (unit.end + 1)
                         or unit.end]
    match = ANNEX_RE.match(line.strip())
    return _annex_keyword(match.group("kw")) if match else "annex"


def _annex_keyword(word: str) -> str:
    word = word.lower()
    for keyword in ("annex", "appendi", "schedule", "protocol", "exhibit", "attachment"):
        if word.startswith(keyword):
            return "appendix" if keyword == "appendi" else keyword
    return word


def paragraph_numbers(unit: Unit) -> list[str]:
    """The unit's paragraph numbers in order of appearance, each once."""
    return list(dict.fromkeys(p.number for p in unit.paragraphs if p.number))


def sub_labels(unit: Unit, number: str) -> list[str]:
    return list(dict.fromkeys(p.sub for p in unit.paragraphs if p.number == number and p.sub))
