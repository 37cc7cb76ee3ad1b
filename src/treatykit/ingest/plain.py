"""Read a treaty from .txt, .md, .docx or .pdf: text via review.readers, articles via
review.structure (pure Python, no spaCy); title, parties and signature date from the text."""

from __future__ import annotations

import re
from pathlib import Path

from treatykit.ingest.model import Article, Treaty
from treatykit.ingest.parties import parties_in_title
from treatykit.ingest.tota import content_id
from treatykit.review.readers import read_document
from treatykit.review.structure import CONTAINER_RE, Unit, parse_structure

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_MONTH = "(?P<month>" + "|".join(_MONTHS) + ")"
_DATE_RES = (
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:day\s+of\s+)?" + _MONTH
               + r",?\s+(?:in\s+the\s+year\s+)?(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
)
_DONE_RE = re.compile(r"\b(done|signed)\b.{0,200}", re.I | re.S)
_DONE_AT_RE = re.compile(r"\bdone\s+(?:at|in)\b", re.I)
_YEAR_RE = re.compile(r"\b(19[4-9]\d|20\d\d)\b")
FORMATS = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".docx": "docx",
           ".pdf": "pdf"}


def read_plain(path: Path, *, digest: str) -> Treaty:
    """A Treaty from a text, Markdown, Word or PDF file; InputError if it cannot be read."""
    text = read_document(path)
    document = parse_structure(text, str(path))
    title = next((u.heading for u in document.units if u.kind == "title"), "") or path.stem
    title = title.strip("#*_ ").strip() or path.stem
    units = [u for u in document.units if u.kind != "title" and not _only_headings(text, u)]
    articles = tuple(_article(text, unit, position) for position, unit in enumerate(units))
    return Treaty(id=content_id(path, digest), title=title, source=str(path),
                  format=FORMATS.get(path.suffix.lower(), "txt"), digest=digest,
                  articles=articles, parties=parties_in_title(title),
                  date_signed=signature_date(text, title), text=text)


def _article(text: str, unit: Unit, position: int) -> Article:
    kind = {"preamble": "preamble", "body": "body", "annex": "annex"}.get(unit.kind, "article")
    body = text[unit.start:unit.end]
    if kind in ("article", "annex"):
        body = _drop_heading(body, unit.heading)
    label = "Text" if unit.label == "document" else unit.label
    return Article(position, kind, label, unit.number, unit.heading, unit.container,
                   body.strip())


def _only_headings(text: str, unit: Unit) -> bool:
    """A part between the preamble and Article 1 that only says "Chapter 1 General"."""
    lines = [ln.strip() for ln in text[unit.start:unit.end].splitlines() if ln.strip()]
    return unit.kind == "body" and all(CONTAINER_RE.match(ln) for ln in lines)


def _drop_heading(body: str, heading: str) -> str:
    """The unit's text without its "Article 5" line (and the heading on the next line)."""
    first, _, rest = body.partition("\n")
    following, _, after = rest.lstrip("\n").partition("\n")
    if heading and heading not in first and following.strip().strip("*_#").strip() == heading:
        return after
    return rest


def signature_date(text: str, title: str = "") -> str | None:
    """The date after "Done at ..." or "Signed ..." near the end, else a year in the title."""
    tail = text[-6000:]
    # "Done at ..." is the signature clause: when there is one, an earlier "signed on 25
    # June 2003" names another agreement's date, and an undated "Done at" is a draft.
    windows = [tail[m.start():m.start() + 200] for m in _DONE_AT_RE.finditer(tail)]
    windows = windows or [m.group() for m in _DONE_RE.finditer(tail)]
    for window in reversed(windows):
        for pattern in _DATE_RES:
            if (match := pattern.search(window)):
                month = _MONTHS.index(match.group("month").lower()) + 1
                return f"{match.group('year')}-{month:02d}-{int(match.group('day')):02d}"
    year = _YEAR_RE.search(title)
    return year.group() if year else None
