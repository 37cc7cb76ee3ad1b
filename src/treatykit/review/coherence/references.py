"""Cross-references: to articles, paragraphs, sub-paragraphs and annexes that do not exist,
and to articles whose subject plainly differs from the words that cite them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from treatykit.review.coherence.model import (
    CoherenceFinding,
    Index,
    finding_at,
    paragraph_numbers,
    sub_labels,
)
from treatykit.review.coherence.words import load_words, shares_stem, stems
from treatykit.review.structure import Unit

_ID = r"(?:\d{1,4}(?:\.\d{1,3}){0,2}[A-Z]?(?![\w.]\d)|[IVXLC]{1,7}\b)"
_ITEM = rf"{_ID}(?:\s?\(\d{{1,2}}\))?(?:\s?\((?:[a-z]{{1,2}}|[ivx]{{1,5}})\))?"
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or|to|through)\s+)"
ARTICLE_REF = re.compile(rf"\b(?:Articles?|Art\.)\s+(?P<list>{_ITEM}(?:{_JOIN}(?:Articles?\s+)?"
                         rf"{_ITEM})*)")
ITEM_RE = re.compile(rf"(?P<id>{_ID})(?:\s?\((?P<para>\d{{1,2}})\))?"
                     r"(?:\s?\((?P<sub>[a-z]{1,2}|[ivx]{1,5})\))?")
PARA_REF = re.compile(r"\b(?:sub-?paragraphs?|paragraphs?)\s+(?P<list>\d{1,2}(?:\s?\([a-z]{1,2}\))?"
                      rf"(?:{_JOIN}\d{{1,2}}(?:\s?\([a-z]{{1,2}}\))?)*)")
PARA_ITEM = re.compile(r"(?P<para>\d{1,2})(?:\s?\((?P<sub>[a-z]{1,2})\))?")
_AID = r"(?:[IVXLC]{1,6}|[A-Z]{1,2}|\d{1,3}[A-Z]?)(?:[.-][A-Z0-9]{1,3})?\b"
ANNEX_REF = re.compile(rf"\b(?P<kw>Annex(?:es)?|Schedules?|Appendix|Appendices|Protocols?)\s+"
                       rf"(?P<list>{_AID}(?:{_JOIN}(?:(?:Annex|Schedule|Appendix|Protocol)\s+)?"
                       rf"{_AID})*)")
AID_RE = re.compile(_AID)
#: "... of the ICSID Convention", "... to the WTO Agreement": another instrument's article.
_ELSEWHERE = re.compile(r"^,?\s*(?:of|to|in)\s+(?!this\b|the present\b|the Agreement\b"
                        r"(?!\s+(?:on|between|establishing)))(?:the\s+|that\s+|those\s+)?[A-Z0-9]")
_OWN_ARTICLE = re.compile(r"^,?\s*of\s+(?:this|the present)\s+(?:Article|Agreement|Treaty)")
_OF_ARTICLE = re.compile(rf"^\s*of\s+Article\s+(?P<id>{_ID})")
#: "GATT 1994 Article XX", "GATS Article XIV", "its Article 5": not this text's article.
_INSTRUMENT_BEFORE = re.compile(r"(?:\b[A-Z]{2,}\b|\b(?:19|20)\d\d|\b(?:its|their|Convention's|"
                                r"Agreement's))\s*$")
_INTEGRAL = re.compile(r"\b(?P<what>annex(?:es)?|schedules?|appendi(?:x|ces)|protocols?)\b"
                       r"[^.;]{0,120}?\b(?:form|forms|constitute|constitutes|shall\s+form|"
                       r"shall\s+constitute|are|is|shall\s+be)\s+(?:an\s+)?integral\s+part", re.I)


@dataclass(frozen=True)
class Reference:
    """One cited article (with paragraph and sub-paragraph) at [start, end) of the text."""

    article: str
    para: str
    sub: str
    start: int
    end: int


def check_references(index: Index) -> list[CoherenceFinding]:
    """Every reference to a missing article, paragraph, sub-paragraph or annex, and every
    reference whose subject shares nothing with the article it cites."""
    found = [f for ref in article_references(index) for f in _check_article_ref(index, ref)]
    found += list(_paragraph_references(index))
    found += list(_annex_references(index))
    found += list(_integral_parts(index))
    return found


def article_references(index: Index) -> Iterator[Reference]:
    """References to this text's own articles (not "Article 25 of the ICSID Convention")."""
    text = index.document.text
    if not index.articles:
        return
    for match in ARTICLE_REF.finditer(text):
        if _in_heading(index, match.start()) or _elsewhere(text, match):
            continue
        for item in ITEM_RE.finditer(match.group("list")):
            start = match.start("list") + item.start()
            yield Reference(item.group("id"), item.group("para") or "", item.group("sub") or "",
                            start, match.start("list") + item.end())


def _elsewhere(text: str, match: re.Match[str]) -> bool:
    after = text[match.end():match.end() + 60]
    before = text[max(0, match.start() - 30):match.start()]
    return bool(_ELSEWHERE.match(after) and not _OWN_ARTICLE.match(after)) \
        or bool(_INSTRUMENT_BEFORE.search(before))


def _in_heading(index: Index, offset: int) -> bool:
    """Is `offset` on the heading line of a unit ("Article 5: Transfers")?"""
    unit = index.document.unit_at(offset)
    return unit is not None and unit.kind in ("article", "annex") \
        and "\n" not in index.document.text[unit.start:offset]


def _check_article_ref(index: Index, ref: Reference) -> list[CoherenceFinding]:
    document = index.document
    target = index.article(ref.article)
    words = document.text[ref.start:ref.end]
    if target is None:
        if not _checkable(index, ref.article):
            return []
        return [finding_at(document, "reference", ref.start, ref.end,
                           message=f"cites Article {ref.article}, which the text does not have",
                           fix="correct the article number, or add the article")]
    missing = _missing_part(target, ref.para, ref.sub)
    if missing:
        return [finding_at(document, "reference", ref.start, ref.end, message=missing,
                           fix=f"correct the reference '{words}' or add the paragraph")]
    return [f for f in [_misfit(index, ref, target)] if f]


def _checkable(index: Index, article: str) -> bool:
    """Can the text be expected to hold this article? A chapter extract cites the articles
    of chapters it does not hold ("Article 8.3" in a text of chapter 9 only): not checked."""
    if "." in article:
        chapter = article.split(".")[0] + "."
        return any(number.startswith(chapter) for number in index.articles)
    return not any("." in number for number in index.articles)


def _missing_part(target: Unit, para: str, sub: str) -> str:
    """What the reference asks for that the article lacks ("" when it exists)."""
    numbers = paragraph_numbers(target)
    if not para or not numbers:
        return ""
    if para not in numbers:
        return (f"cites paragraph {para} of {target.label}, which has "
                f"{_count(len(numbers), 'numbered paragraph')}")
    subs = sub_labels(target, para)
    if sub and subs and sub not in subs:
        return (f"cites sub-paragraph ({sub}) of {target.label}({para}), which runs "
                f"({subs[0]}) to ({subs[-1]})")
    return ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _paragraph_references(index: Index) -> Iterator[CoherenceFinding]:
    """"paragraph 3", "subparagraph 2(a)" in an article: its own paragraphs, or those of the
    article named after it ("paragraph 2 of Article 5")."""
    document = index.document
    text = document.text
    for match in PARA_REF.finditer(text):
        after = text[match.end():match.end() + 40]
        target = _paragraph_target(index, match, after)
        if target is None:
            continue
        for item in PARA_ITEM.finditer(match.group("list")):
            missing = _missing_part(target, item.group("para"), item.group("sub") or "")
            if missing:
                yield finding_at(document, "reference", match.start(),
                                 match.start("list") + item.end(), message=missing,
                                 fix="correct the paragraph number, or add the paragraph")


def _paragraph_target(index: Index, match: re.Match[str], after: str) -> Unit | None:
    if (named := _OF_ARTICLE.match(after)):
        return index.article(named.group("id"))
    if re.match(r"^,?\s*(?:of|to|in)\s+(?!this\s+Article)", after):
        return None  # "paragraph 2 of Annex B", "paragraph 1 of the Convention"
    unit = index.document.unit_at(match.start())
    before = index.document.text[max(0, match.start() - 20):match.start()]
    if unit is None or unit.kind != "article" or re.search(r"Article\s+\S+,?\s*$", before):
        return None
    return unit


def _misfit(index: Index, ref: Reference, target: Unit) -> CoherenceFinding | None:
    """"the exceptions in Article 15" where Article 15, title and text, never speaks of
    exceptions. Only the subject's head noun is compared, and only when it names something."""
    text = index.document.text
    subject = subject_before(text[max(0, ref.start - 90):ref.start - len("Article ")])
    if not subject:
        return None
    body = stems(text[target.start:target.end])
    if shares_stem(subject, body):
        return None
    return finding_at(index.document, "reference-fit", ref.start, ref.end,
                      words=f"{subject} ... Article {ref.article}",
                      message=f"cites {target.label} ({target.heading or 'untitled'}) for "
                              f"'{subject}', which that article never mentions",
                      fix=f"cite the article that deals with {subject}, or correct the words")


def subject_before(text: str) -> str:
    """The head noun of the words that cite an article: "the exceptions in" -> "exceptions";
    "" when the words end in no connector or name nothing specific."""
    words = load_words()
    lowered = text.lower().rstrip()
    for connector in words.connectors:
        if lowered.endswith(" " + connector):
            head = lowered[:-len(connector)].split()
            break
    else:
        return ""
    if not head:
        return ""
    word = head[-1].strip("(\"'“”")
    if not word.isalpha() or word in words.stop or word in words.generic or len(word) < 4:
        return ""
    if word.endswith(("ed", "ly")):
        return ""
    if _NOUN_ENDING.search(word) or (len(head) > 1 and head[-2] in _DETERMINERS):
        return word
    after_adjective = len(head) > 2 and head[-3] in _DETERMINERS and head[-2].isalpha() \
        and not head[-2].endswith("ly")
    return word if after_adjective and not word.endswith(_NOT_NOUN) else ""


#: A word that is a noun whatever precedes it ("compensation", "settlement", "ownership").
_NOUN_ENDING = re.compile(r"(?:tion|sion|ment|ance|ence|ity|ship)s?$")
#: Endings of a word that follows a noun without being one: "the royalty payable under".
_NOT_NOUN = ("ing", "able", "ible", "ive")
#: Words after which the next one or two name a thing: "the exceptions", "any such measures".
_DETERMINERS = frozenset({"the", "a", "an", "any", "its", "their", "such", "these", "those",
                          "each", "every", "all"})


def _annex_references(index: Index) -> Iterator[CoherenceFinding]:
    document = index.document
    text = document.text
    for match in ANNEX_REF.finditer(text):
        if _in_heading(index, match.start()) or _elsewhere(text, match):
            continue
        keyword = match.group("kw")
        for item in AID_RE.finditer(match.group("list")):
            number = item.group(0)
            if index.has_annex(keyword, number):
                continue
            start = match.start("list") + item.start()
            name = f"{_singular(keyword)} {number}"
            yield finding_at(document, "annex", start, match.start("list") + item.end(),
                             words=name, message=f"cites {name}, which the text does not hold",
                             fix=f"add {name} (a marked shell if its content is still to be "
                                 "agreed), or remove the reference")


def _singular(keyword: str) -> str:
    word = keyword.capitalize()
    return {"Annexes": "Annex", "Appendices": "Appendix"}.get(word, word.rstrip("s"))


def _integral_parts(index: Index) -> Iterator[CoherenceFinding]:
    """"The annexes ... form an integral part" in a text that has none of them."""
    for match in _INTEGRAL.finditer(index.document.text):
        what = _singular(match.group("what")).lower()
        if index.annexes.get(what) or (what == "annex" and index.annexes):
            continue
        yield finding_at(index.document, "annex", match.start(), match.end(),
                         message=f"says '{match.group(0)}', but the text has no {what}",
                         fix=f"add the {what}es as pages (marked shells if still to be "
                             "agreed), or remove the sentence" if what == "annex" else
                             f"add the {what} as pages, or remove the sentence")
