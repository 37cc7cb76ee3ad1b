"""Read a ToTA XML file (Texts of Trade Agreements): metadata from <meta>, articles from <body>.

ToTA gives every treaty a chapter -> article structure; the preamble and the concluding
part are chapters named "Preamble" and "Conclusion" (or unnamed first and last chapters).
Article numbers come as "ARTICLE 12", "ARTÍCULO 3.2", "ARTICLE G-1" or "12".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from treatykit.errors import InputError
from treatykit.ingest.model import Article, Treaty

LICENCE = ("ToTA (Texts of Trade Agreements) by W. Alschner, J. Seiermann, D. Skougarevskiy: "
           "CC BY-NC 4.0")
HINT = "give a ToTA XML file (<treaty><meta>...</meta><body>...</body></treaty>)"
_NUMBER_RE = re.compile(r"^\s*(?P<kw>[^\W\d]+\.?)?\s*[-–.:]?\s*(?P<num>[\w.\-–]+)\s*$")
_KEYWORDS = {"article": "Article", "artículo": "Artículo", "articulo": "Artículo",
             "art.": "Article", "art": "Article", "chapter": "Chapter", "capítulo": "Capítulo",
             "title": "Title", "part": "Part", "section": "Section", "annex": "Annex",
             "article-": "Article", "chapitre": "Chapitre"}
_EXTRA_FIELDS = ("wto_rta_id", "composition", "region", "notification", "date_notification",
                 "end_implementation", "date_inactive", "parties_wto", "crossregional")


def is_tota(data: bytes) -> bool:
    """Whether the bytes look like a ToTA treaty file (cheap: looks at the first kilobytes)."""
    head = data[:4096].lstrip()
    return b"<treaty" in head and b"<meta" in head


def read_tota(data: bytes, *, path: Path, digest: str) -> Treaty:
    """A Treaty from the bytes of a ToTA XML file; InputError names the file and the defect."""
    if b"<!ENTITY" in data[:65536]:
        raise InputError(f"{path}: the XML declares entities, which treaty files never need",
                         hint="remove the <!DOCTYPE ...> block with its <!ENTITY> lines")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc})", hint=HINT) from exc
    except LookupError as exc:  # <?xml encoding="..."?> names an encoding Python lacks
        raise InputError(f"{path}: the XML is in an unknown encoding ({exc})",
                         hint="save it as UTF-8") from exc
    meta, body = root.find("meta"), root.find("body")
    if root.tag != "treaty" or meta is None or body is None:
        raise InputError(f"{path}: not a ToTA treaty file (root <{root.tag}>)", hint=HINT)
    articles = tuple(_articles(body))
    if not articles:
        raise InputError(f"{path}: the treaty has no articles with text", hint=HINT)
    identifier = _text(meta, "treaty_identifier")
    return Treaty(
        id=f"tota-{identifier}" if identifier else content_id(path, digest),
        title=_text(meta, "name") or path.stem, source=str(path), format="tota-xml",
        digest=digest, articles=articles,
        parties=_codes(meta, "parties") or _codes(meta, "parties_original"),
        date_signed=_text(meta, "date_signed"), date_in_force=_text(meta, "date_into_force"),
        language=_text(meta, "language"), type=_text(meta, "type"), status=_text(meta, "status"),
        licence=LICENCE, urls=tuple(s.text.strip() for s in meta.findall("source") if s.text),
        extra=_extra(meta))


def content_id(path: Path, digest: str) -> str:
    """A short id for a treaty by its content: "<stem>-<8 hex of the content digest>", so
    the same text ingested from two folders is one treaty."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40] or "treaty"
    return f"{slug}-{digest[:8]}"


def _text(meta: ET.Element, tag: str) -> str | None:
    value = meta.findtext(tag)
    return value.strip() if value and value.strip() else None


def _codes(meta: ET.Element, tag: str) -> tuple[str, ...]:
    group = meta.find(tag)
    if group is None:
        return ()
    codes = (c.text.strip().upper() for c in group.findall("partyisocode") if c.text)
    return tuple(dict.fromkeys(c for c in codes if c))


def _extra(meta: ET.Element) -> dict[str, Any]:
    extra: dict[str, Any] = {tag: _text(meta, tag) for tag in _EXTRA_FIELDS if _text(meta, tag)}
    original = _codes(meta, "parties_original")
    if original:
        extra["parties_original"] = list(original)
    related = [r.text.strip() for r in meta.findall("related_agreement_wto_id") if r.text]
    if related:
        extra["related_agreement_wto_id"] = related
    return extra


def _articles(body: ET.Element) -> list[Article]:
    chapters = body.findall("chapter")
    found: list[Article] = []
    for index, chapter in enumerate(chapters):
        kind = _chapter_kind(chapter, index, len(chapters))
        label = _chapter_label(chapter)
        for part, element in enumerate(chapter.findall("article"), 1):
            text = _body_text(element)
            if text:
                found.append(_article(element, text, kind=kind, chapter=label, part=part,
                                      position=len(found)))
    return found


def _chapter_kind(chapter: ET.Element, index: int, count: int) -> str:
    name = (chapter.get("name") or "").strip().lower()
    if name in ("preamble", "preámbulo", "préambule"):
        return "preamble"
    if name in ("conclusion", "final provisions") and not chapter.get("number"):
        return "final"
    numbered = any(a.get("number") for a in chapter.findall("article"))
    if not chapter.get("name") and not chapter.get("number") and not numbered:
        return "preamble" if index == 0 else ("final" if index == count - 1 else "body")
    return "article"


def _chapter_label(chapter: ET.Element) -> str:
    number = _keyword_case(chapter.get("number") or "")
    name = " ".join((chapter.get("name") or "").split())
    return " ".join(p for p in (number, name) if p)


def _article(element: ET.Element, text: str, *, kind: str, chapter: str, part: int,
             position: int) -> Article:
    heading = " ".join((element.get("name") or "").split())
    raw = " ".join((element.get("number") or "").split())
    if kind in ("preamble", "final") and not raw:
        label = "Preamble" if kind == "preamble" else "Final provisions"
        return Article(position, kind, label, "", heading, chapter, text)
    number = _number(raw) if raw else str(part)
    label = _keyword_case(raw) if raw and not raw[0].isdigit() else f"Article {number}"
    return Article(position, "article", label, number, heading, chapter, text)


def _number(raw: str) -> str:
    """"ARTICLE 12" -> "12", "ARTÍCULO 3.2" -> "3.2", "ARTICLE - 5" -> "5", "12." -> "12"."""
    match = _NUMBER_RE.match(raw)
    number = match.group("num") if match else raw
    return number.rstrip(".-–") or raw


def _keyword_case(raw: str) -> str:
    """"ARTICLE 12" -> "Article 12", "CAPÍTULO IV" -> "Capítulo IV"; other text unchanged."""
    words = raw.split(" ", 1)
    keyword = _KEYWORDS.get(words[0].lower())
    return " ".join([keyword, *words[1:]]) if keyword else raw


def _body_text(element: ET.Element) -> str:
    """Article text with the file's line breaks kept and trailing spaces trimmed."""
    text = "".join(element.itertext())
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip()
