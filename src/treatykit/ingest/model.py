"""A treaty and its articles as read from a file: what ingest stores and map reviews."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Kinds of article rows: the preamble, an article, an annex, final clauses (ToTA's
#: "Conclusion" chapter), or the whole body of a text without articles.
ARTICLE_KINDS = ("preamble", "article", "annex", "final", "body")


@dataclass(frozen=True)
class Article:
    """One article (or preamble, annex, final part) of a treaty."""

    position: int
    kind: str
    label: str  # "Article 12", "Preamble", "Annex B"
    number: str = ""  # "12", "10.2", "VII", "G-1"; "" for a preamble
    heading: str = ""
    chapter: str = ""  # "Chapter 2 General Provisions"
    text: str = ""  # the body, without the heading line


@dataclass(frozen=True)
class Treaty:
    """A treaty's metadata and articles; `id` is stable across re-ingests of the same treaty."""

    id: str
    title: str
    source: str  # the resolved path of the file it came from
    format: str  # tota-xml | txt | md | docx | pdf
    digest: str  # sha256 of the file's bytes
    articles: tuple[Article, ...]
    parties: tuple[str, ...] = ()  # ISO 3166-1 alpha-3 codes
    date_signed: str | None = None  # ISO date, or a year
    date_in_force: str | None = None
    language: str | None = None
    type: str | None = None  # "Free Trade Agreement", ...
    status: str | None = None
    licence: str | None = None
    urls: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    #: The whole text as `treatykit review` reads the file (plain formats); "" where the
    #: articles are the text (ToTA XML). Map reviews exactly this, so both agree.
    text: str = field(default="", repr=False, compare=False)

    @property
    def year(self) -> int | None:
        """Year of signature, else of entry into force."""
        for date in (self.date_signed, self.date_in_force):
            if date and date[:4].isdigit():
                return int(date[:4])
        return None

    @property
    def words(self) -> int:
        return sum(len(a.text.split()) for a in self.articles)


@dataclass(frozen=True)
class TreatyRef:
    """A treaty to map, without its text: where it is and how large it is."""

    id: str
    title: str
    source: str  # a file path, or the corpus database
    size: int  # words or bytes: only used to schedule the largest first
    in_db: bool = False
