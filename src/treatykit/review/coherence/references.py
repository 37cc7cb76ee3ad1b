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

_NUMBER = r"(?:\d{1,4}(?:\.\d{1,3}){0,2}[A-Z]?(?![\w.]\d)|[IVXLC]{1,7}(?:\.\d{1,3}){0,2}\b)"
_ID = _NUMBER + r"(?::\d{1,2})?"  # "Article VIII:1 of GATT 1994"
_ITEM = rf"{_ID}(?:\s?\(\d{{1,2}}\))?(?:\s?\((?:[a-z]{{1,2}}|[ivx]{{1,5}})\))?"
_JOIN = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|and/or|to|through)\s+)"
ARTICLE_REF = re.compile(rf"\b(?:Articles?|Art\.)\s+(?P<list>{_ITEM}(?:{_JOIN}(?:Articles?\s+)?"
                         rf"{_ITEM})*)")
ITEM_RE = re.compile(rf"(?P<id>{_NUMBER})(?::\d{{1,2}})?(?:\s?\((?P<para>\d{{1,2}})\))?"
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
_ELSEWHERE = re.compile(r"^[:\d]*[\"”]?(?:\s+\(?\d{1,2}\)?(?:\s*\(?[a-z]\))?(?=\s+of\b))?,?\s*"
                        r"(?:\d{1,3}(?=\s+of\b)\s*)?"
                        r"(?:of\s+(?!this\b|the\s+present\b|the\s+Agreement\b"
                        r"(?!\s+(?:on|of|between|establishing|for)\b))|to\s+the\s+(?!present\b)"
                        r"[A-Z])")
_OWN_ARTICLE = re.compile(r"^,?\s*of\s+(?:this|the present)\s+(?:Article|Agreement|Treaty)")
_OF_ARTICLE = re.compile(rf"^\s*of\s+Article\s+(?P<id>{_ID})")
#: "GATT 1994 Article XX", "GATS Article XIV", "its Article 5": not this text's article.
_INSTRUMENT_BEFORE = re.compile(r"(?:\b[A-Z]{2,}\b|\b(?:19|20)\d\d|\b(?:its|their|Convention's|"
                                r"Agreement's))\s*$")
_INTEGRAL = re.compile(r"\b(?P<what>annex(?:es)?|schedules?|appendi(?:x|ces)|protocols?)\b"
                       r"[^.;\n]{0,120}?\b(?:form|forms|constitute|constitutes|shall\s+form|"
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
        or bool(_INSTRUMENT_BEFORE.search(before)) or before.endswith(("“", '"'))


def _in_heading(index: Index, offset: int) -> bool:
    """Is `offset` on the heading line of a unit ("Article 5: Transfers")?"""
    unit = index.document.unit_at(offset)
    return unit is not None and unit.kind in ("article", "annex") \
        and index.document.text.find("\n", unit.start, offset) == -1


def _check_article_ref(index: Index, ref: Reference) -> list[CoherenceFinding]:
    document = index.document
    ref = _dotted_paragraph(index, ref)
    words = document.text[ref.start:ref.end]
    if index.cites_unknown(ref.article):
        if not _missing_article(index, ref.article):
            return []
        return [finding_at(document, "reference", ref.start, ref.end,
                           message=f"cites Article {ref.article}, which the text does not have",
                           fix="correct the article number, or add the article")]
    target = index.article(ref.article, cited_at=ref.start)
    if target is None:
        return []  # numbering restarts by chapter and the chapter cannot be told
    missing = _missing_part(index, target, ref.para, ref.sub)
    if missing:
        return [finding_at(document, "reference", ref.start, ref.end, message=missing,
                           fix=f"correct the reference '{words}' or add the paragraph")]
    return [f for f in [_misfit(index, ref, target)] if f]


def _missing_article(index: Index, article: str) -> bool:
    """Should the text hold this article, and does it not, even as a heading the
    parser missed? (Each asks about the whole text: once per article number.)"""
    key = ("missing", article)
    if key not in index.memo:
        index.memo[key] = _checkable(index, article) and \
            not _unparsed_heading(index.document.text, article)
    return index.memo[key]  # type: ignore[no-any-return]


def _dotted_paragraph(index: Index, ref: Reference) -> Reference:
    """"Article 10.20.3" in a text of articles "10.20": paragraph 3 of Article 10.20."""
    head, _, tail = ref.article.rpartition(".")
    if not index.cites_unknown(ref.article) or "." not in head or not tail.isdigit() \
            or index.cites_unknown(head) or ref.para:
        return ref
    return Reference(head, tail, ref.sub, ref.start, ref.end)


def _unparsed_heading(text: str, article: str) -> bool:
    """Does "Article 3.4" open a line, or run into its title ("Article 3.4:Goods"), where the
    structure parser did not see a heading? Then the article is there."""
    pattern = rf"(?:^[#*\s]*Article\s+{re.escape(article)}\b|Article\s+{re.escape(article)}:)"
    return re.search(pattern, text, re.M | re.I) is not None


def _checkable(index: Index, article: str) -> bool:
    """Can the text be expected to hold this article? A chapter extract cites the articles
    of chapters it does not hold ("Article 8.3" in a text of chapter 9 only): not checked."""
    if "." in article:
        chapter = article.split(".")[0] + "."
        return any(number.startswith(chapter) for number in index.articles)
    return not any("." in number for number in index.articles)


def _missing_part(index: Index, target: Unit, para: str, sub: str) -> str:
    """What the reference asks for that the article lacks ("" when it exists, also as a label
    inside a line, where the structure parser does not look)."""
    numbers = paragraph_numbers(target)
    if not para or not numbers:
        return ""
    body = index.document.text[target.start:target.end]
    if para not in numbers:
        first_unnumbered = para == "1" and not target.paragraphs[0].number
        if first_unnumbered or label_inside(body, rf"\(?{para}[.)]"):
            return ""
        return (f"cites paragraph {para} of {target.label}, which has "
                f"{_count(len(numbers), 'numbered paragraph')}")
    subs = sub_labels(target, para)
    if sub and subs and sub not in subs and not label_inside(body, rf"\({sub}\)"):
        return (f"cites sub-paragraph ({sub}) of {target.label}({para}), which runs "
                f"({subs[0]}) to ({subs[-1]})")
    return ""


def label_inside(text: str, label: str) -> bool:
    """Does `label` (a regex: "3." or "(d)") stand in `text` as a label, in a line or at its
    start, rather than in a citation ("paragraph 3.", "1(d)")?"""
    for match in re.finditer(rf"(?:^|(?<=[\s:;.,])){label}\s", text, re.M):
        before = text[max(0, match.start() - 14):match.start()]
        if not re.search(r"(?:paragraphs?|Articles?|\d)\s*$", before, re.I):
            return True
    return False


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
            missing = _missing_part(index, target, item.group("para"),
                                    item.group("sub") or "")
            if missing:
                yield finding_at(document, "reference", match.start(),
                                 match.start("list") + item.end(), message=missing,
                                 fix="correct the paragraph number, or add the paragraph")


def _paragraph_target(index: Index, match: re.Match[str], after: str) -> Unit | None:
    if (named := _OF_ARTICLE.match(after)):
        return index.article(named.group("id"), cited_at=match.start())
    if re.match(r"^,?\s*(?:of|to|in)\s+(?!this\s+Article)", after):
        return None  # "paragraph 2 of Annex B", "paragraph 1 of the Convention"
    unit = index.document.unit_at(match.start())
    before = index.document.text[max(0, match.start() - 20):match.start()]
    if unit is None or unit.kind != "article" or re.search(r"Article\s+\S+,?\s*$", before):
        return None
    return unit


def _misfit(index: Index, ref: Reference, target: Unit) -> CoherenceFinding | None:
    """"the compensation in Article 42" where Article 42, title and text, never speaks of
    compensation while another article is titled with it. Only the head noun of the citing
    words is compared, and only when it is rare enough in the text to name a subject."""
    text = index.document.text
    subject = subject_before(text[max(0, ref.start - 90):ref.start - len("Article ")])
    if not subject or shares_stem(subject, stems(text[target.start:target.end])):
        return None
    titled = [u for u in _titled_with(index, subject) if u is not target]
    if not titled or _common(index, subject):
        return None
    where = ", ".join(f"{u.label} ({u.heading})" for u in titled[:2])
    return finding_at(index.document, "reference-fit", ref.start, ref.end,
                      words=f"{subject} ... Article {ref.article}",
                      message=f"cites {target.label} ({target.heading or 'untitled'}) for "
                              f"'{subject}', which that article never mentions",
                      fix=f"cite the article that deals with {subject} ({where}?), or correct "
                          "the words")


def _titled_with(index: Index, subject: str) -> list[Unit]:
    """The articles whose heading speaks of `subject` (worked out once per subject)."""
    key = ("titled", subject)
    if key not in index.memo:
        index.memo[key] = [u for units in index.articles.values() for u in units
                           if shares_stem(subject, stems(u.heading))]
    return index.memo[key]  # type: ignore[no-any-return]


#: A subject found in more than this share of the articles names no particular one.
COMMON_SHARE = 0.34


def _common(index: Index, subject: str) -> bool:
    """Is `subject` spoken of in so many articles that it names none (once per subject)?"""
    key = ("common", subject)
    if key not in index.memo:
        units = [u for units in index.articles.values() for u in units]
        text = index.document.text
        pattern = re.compile(r"\b" + re.escape(subject[:max(4, len(subject) - 3)]), re.I)
        hits = sum(1 for u in units if pattern.search(text, u.start, u.end))
        index.memo[key] = hits > COMMON_SHARE * len(units)
    return index.memo[key]  # type: ignore[no-any-return]


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
    if word.endswith(("ed", "ly")) or (word.endswith("ing") and head[-2:-1] != ["the"]):
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
    """One finding per missing annex, at its first citation, saying where else it is cited."""
    document = index.document
    cited: dict[str, list[tuple[int, int]]] = {}
    for match in ANNEX_REF.finditer(document.text):
        if _in_heading(index, match.start()) or _elsewhere(document.text, match):
            continue
        keyword = match.group("kw")
        for item in AID_RE.finditer(match.group("list")):
            if not index.has_annex(keyword, item.group(0)):
                name = f"{_singular(keyword)} {item.group(0)}"
                span = (match.start("list") + item.start(), match.start("list") + item.end())
                cited.setdefault(name, []).append(span)
    for name, spans in cited.items():
        elsewhere = list(dict.fromkeys(document.locate(s) for s, _ in spans[1:]))
        also = f" (also cited in {', '.join(elsewhere)})" if elsewhere else ""
        yield finding_at(document, "annex", *spans[0], words=name,
                         message=f"cites {name}, which the text does not hold{also}",
                         fix=f"add {name} (a marked shell if its content is still to be "
                             "agreed), or remove the reference", related=elsewhere)


def _singular(keyword: str) -> str:
    word = keyword.capitalize()
    return {"Annexes": "Annex", "Appendices": "Appendix"}.get(word, word.rstrip("s"))


def _integral_parts(index: Index) -> Iterator[CoherenceFinding]:
    """"The annexes ... form an integral part" in a text that has none of them (an annex
    headed "Schedule of Reservations" is the schedule the sentence means)."""
    for match in _INTEGRAL.finditer(index.document.text):
        named = {_singular(m.group(0)).lower() for m in _KINDS.finditer(match.group(0))}
        if any(_holds(index, kind) for kind in named) or ANNEX_REF.search(match.group(0)):
            continue  # "Annex 10-A, which shall form an integral part": a citation, checked
        what = _singular(match.group("what")).lower()
        named_as = match.group("what").lower()
        yield finding_at(index.document, "annex", match.start(), match.end(),
                         message=f"says '{match.group(0)}', but the text has no {what}",
                         fix=f"add the {named_as} as pages (a marked shell for what is still "
                             "to be agreed), or remove the sentence")


_KINDS = re.compile(r"\b(?:annex(?:es)?|schedules?|appendi(?:x|ces)|protocols?)\b", re.I)


def _holds(index: Index, kind: str) -> bool:
    return bool(index.annexes.get(kind)) or any(kind in h for h in index.annex_headings)
