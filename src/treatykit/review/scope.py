"""Does a clause of a larger agreement apply to investment?

A free trade agreement keeps its investment rules in one chapter (or two: "Establishment" and
"Capital movements" in EU agreements) and its exceptions, balance-of-payments safeguard and
final provisions in cross-cutting chapters. An exception there reaches investment only if its
scope says so: "For the purposes of Chapters 8 (Trade in Services) ... and 10 (Investment),
Article XIV of GATS is incorporated" does; "For the purposes of Chapters 2 through 7, Article XX
of GATT 1994 is incorporated" does not; "Nothing in this Agreement shall prevent" does. A
clause in another subject chapter (financial services, say) reaches investment only when it
names this Agreement or the investment chapter. A treaty without chapters is all investment.
"""

from __future__ import annotations

import re

from treatykit.review.structure import Document, Unit

_INVESTMENT_HEADING = re.compile(r"\b(investments?|investors?|establishment|movement of capital|"
                                 r"capital movements?)\b", re.I)
_CROSS_CUTTING = re.compile(r"\b(exceptions?|general provisions?|final provisions?|initial "
                            r"provisions?|institutional|dispute settlement|definitions?|"
                            r"administrative)\b", re.I)
_PURPOSES = re.compile(r"\b(?:for the purposes? of|applies? (?:only )?to|shall apply (?:only )?to)"
                       r"\s+(?P<scope>(?:this\s+|the\s+)?(?:chapters?|sections?|titles?|parts?)\b"
                       r"[^.;:]{0,400}?)(?=,\s*(?:article|nothing|the|a party)\b|\s+(?:is|are|"
                       r"shall|nothing)\b|$)", re.I)
_THIS_AGREEMENT = re.compile(r"\b(this|the present) (agreement|treaty)\b", re.I)
_CHAPTER_REF = re.compile(r"\bchapters?\s+(?P<list>[\w\s(),\-–]+)", re.I)
_RANGE = re.compile(r"(\d+)\s*(?:\([^)]*\))?\s*(?:through|to|-|–)\s*(\d+)")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                 "eighteen", "nineteen", "twenty"]


def investment_chapters(document: Document) -> dict[str, str]:
    """Chapter number -> heading, for the chapters of `document` about investment."""
    found: dict[str, str] = {}
    for unit in document.units:
        parts = unit.chapter.split(None, 2)
        if len(parts) >= 2 and _INVESTMENT_HEADING.search(unit.chapter):
            found[parts[1]] = parts[2] if len(parts) > 2 else ""
    return found


def in_investment_chapter(unit: Unit, chapters: dict[str, str]) -> bool:
    """Is `unit` inside an investment chapter (always true when the agreement has none)?"""
    return not chapters or bool(unit.chapter and _INVESTMENT_HEADING.search(unit.chapter))


def applies_to_investment(unit: Unit, context: list[str], chapters: dict[str, str]) -> bool:
    """Whether a clause in `unit`, read with the sentences `context` before it, reaches the
    investment chapter(s) `chapters` (always, when the agreement has none)."""
    if not chapters or not unit.chapter or _INVESTMENT_HEADING.search(unit.chapter):
        return True
    text = " ".join(context)
    scope = _declared_scope(text)
    if scope is not None:
        return _names_investment(scope, chapters)
    if _CROSS_CUTTING.search(unit.chapter):
        return True
    return bool(_THIS_AGREEMENT.search(text)) or _names_investment(text, chapters)


def _declared_scope(text: str) -> str | None:
    """The chapters a clause limits itself to ("For the purposes of Chapters 2 through 7")."""
    match = _PURPOSES.search(text)
    return match.group("scope") if match else None


def _names_investment(text: str, chapters: dict[str, str]) -> bool:
    """Does `text` name this Agreement, an investment chapter, or investment itself?"""
    if _THIS_AGREEMENT.search(text) and not re.search(r"\bchapters?\b", text, re.I):
        return True
    if _INVESTMENT_HEADING.search(text):
        return True
    numbers = _chapter_numbers(text)
    return any(n in chapters for n in numbers)


def _chapter_numbers(text: str) -> set[str]:
    text = _digits(text)
    numbers: set[str] = set()
    for match in _CHAPTER_REF.finditer(text):
        listed = re.sub(r"\([^)]*\)", " ", match.group("list"))
        for low, high in _RANGE.findall(match.group("list")):
            numbers |= {str(n) for n in range(int(low), int(high) + 1)}
        numbers |= set(re.findall(r"\b\d+\b", listed))
    return numbers


def _digits(text: str) -> str:
    """Chapter numbers written as words ("Chapter Fourteen") as digits."""
    def repl(match: re.Match[str]) -> str:
        return str(_NUMBER_WORDS.index(match.group(0).lower()) + 1)

    return re.sub(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b", repl, text, flags=re.I)
