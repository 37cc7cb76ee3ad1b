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
                            r"provisions?|institution(?:s|al)|dispute settlement|definitions?|"
                            r"administrative|miscellaneous)\b", re.I)
_PURPOSES = re.compile(r"\b(?:for (?:the )?purposes? of|applies? (?:only )?to|shall apply "
                       r"(?:only )?to|nothing in)\s*:?\s+(?:\(?[a-z]\)\s+)?"
                       r"(?=(?:this\s+|the\s+)?(?:chapters?|sections?|titles?|parts?)\b)", re.I)
_PROVISO = re.compile(r",?\s*(?:except|other than)\b[^;]*", re.I)
_THIS_AGREEMENT = re.compile(r"\b(this|the present) (agreement|treaty)\b", re.I)
# how a clause in another subject chapter says it reaches the whole agreement
_WHOLE_AGREEMENT = re.compile(r"\b(?:nothing in|notwithstanding any other provisions? of|for the "
                              r"purposes? of) (?:this|the present) (?:agreement|treaty)\b", re.I)
# "Chapter 10 (Investment)", "Part Four (Investment, Services and Related Matters)", "the
# Investment Chapter": a title naming investment, but not the TRIMs Agreement's
_INVESTMENT_TITLE = re.compile(r"\([^()]{0,80}?\b(?:investments?|establishment)\b(?!\s+measures?\b)"
                               r"[^()]{0,80}\)|\binvestment chapter\b|\bchapter on investment",
                               re.I)
_CHAPTER_REF = re.compile(r"\bchapters?\s+(?P<list>[\w\s(),\-–]+)", re.I)
_RANGE = re.compile(r"(\d+)\s*(?:\([^)]*\))?\s*(?:through|to|-|–)\s*(\d+)")
_NUMBER_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
                 "eighteen", "nineteen", "twenty"]


def investment_chapters(document: Document) -> dict[str, str]:
    """Chapter number -> heading, for the chapters of `document` about investment; in an
    agreement divided into parts (or titles) only, as the Energy Charter Treaty is, part label
    ("Part III") -> heading for the parts about investment."""
    found: dict[str, str] = {}
    for unit in document.units:
        parts = unit.chapter.split(None, 2)
        if len(parts) >= 2 and _INVESTMENT_HEADING.search(unit.chapter):
            found[parts[1]] = parts[2] if len(parts) > 2 else ""
    if found or any(unit.chapter for unit in document.units):
        return found
    for unit in document.units:
        words = unit.part.split(None, 2)
        if len(words) >= 2 and _INVESTMENT_HEADING.search(unit.part):
            found[f"{words[0]} {words[1]}"] = words[2] if len(words) > 2 else ""
    return found


def _division(unit: Unit, chapters: dict[str, str]) -> str:
    """The unit's chapter, or its part where the investment divisions are parts."""
    return unit.part if _by_parts(chapters) else unit.chapter


def in_investment_chapter(unit: Unit, chapters: dict[str, str]) -> bool:
    """Is `unit` inside an investment chapter (always true when the agreement has none)? In
    an agreement of parts, the parts that cut across subjects (dispute settlement,
    institutions, general and final provisions) count with the investment part: only a part
    on another subject (trade in goods, transit) is left out."""
    division = _division(unit, chapters)
    if not chapters or (division and _INVESTMENT_HEADING.search(division)):
        return True
    if not _by_parts(chapters):
        return False
    return not division or bool(_CROSS_CUTTING.search(division))


def _by_parts(chapters: dict[str, str]) -> bool:
    """Are the investment divisions parts (or titles), not chapters?"""
    return any(" " in key for key in chapters)


def applies_to_investment(unit: Unit, context: list[str], chapters: dict[str, str]) -> bool:
    """Whether a clause in `unit`, read with the sentences of its numbered paragraph `context`,
    reaches the investment chapter(s) `chapters` (always, when the agreement has none, unless
    the clause itself leaves the investment part out)."""
    text = " ".join(context)
    if chapters and _leaves_out_investment(text, chapters):
        return False
    division = _division(unit, chapters)
    if not chapters or not division or _INVESTMENT_HEADING.search(division):
        return True
    scope = _declared_scope(text)
    if scope is not None:
        return _names_investment(scope, chapters)
    if _CROSS_CUTTING.search(division):
        return True
    return bool(_WHOLE_AGREEMENT.search(text)) or _names_investment(text, chapters, loose=False)


# "The provisions of this Treaty other than ... Part III shall not preclude ...", "This
# Article shall not apply to Chapter 10 (Investment)": the clause's own scope leaves the
# investment part out
_LEAVES_OUT = re.compile(r"\b(?:other than|(?:shall|does|do) not apply to|excluding|with the "
                         r"exception of)\b(?P<what>[^.;]{0,240})", re.I)


def _leaves_out_investment(text: str, chapters: dict[str, str]) -> bool:
    for match in _LEAVES_OUT.finditer(text):
        what = match.group("what")
        named = [key for key in chapters if " " in key
                 and re.search(rf"\b{re.escape(key)}\b(?![\w.])", what, re.I)]
        if named or _names_investment(what, chapters, loose=False):
            return True
    return False


def _declared_scope(text: str) -> str | None:
    """The chapters a clause limits itself to ("For the purposes of Chapters 2 through 7", "for
    the purposes of: (a) Chapter 3 ...; (b) Chapter 4 ..."), up to the end of the sentence and
    without provisos ("except to the extent that a provision of that Part applies to
    investment" keeps the clause to trade in goods)."""
    match = _PURPOSES.search(text)
    if not match:
        return None
    scope = re.split(r"\.(?:\s|$)", text[match.end():], maxsplit=1)[0][:600]
    return _PROVISO.sub("", scope)


def _names_investment(text: str, chapters: dict[str, str], *, loose: bool = True) -> bool:
    """Does `text` name an investment chapter ("Chapter 10 (Investment)", "Chapters 8 through
    11", "the Investment Chapter") or, `loose`, this Agreement as a whole?"""
    head = text[:80]
    if loose and _THIS_AGREEMENT.search(head) and not re.search(r"\bchapters?\b", head, re.I):
        return True
    if _INVESTMENT_TITLE.search(text):
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


# An exception confined to the article it stands in: "Notwithstanding paragraph 1, ...",
# "Nothing in this Article shall prevent ...", "for the purposes of this Article"; "This Article
# applies only to Articles 16 and 17" confines it to those.
_CONFINED = re.compile(r"\b(?:(?:nothing|notwithstanding (?:any(?: other)?|the(?: other)?) "
                       r"provisions?) (?:in|of) this (?:article|paragraph)|notwithstanding "
                       r"(?:sub-?)?paragraphs? \(?\d|for the purposes? of this (?:article|"
                       r"paragraph)|this (?:article|paragraph) (?:shall )?appl(?:y|ies) only to "
                       r"articles? [\w.\-]+(?:(?:,| and| or) (?:articles? )?[\w.\-]+)*)",
                       re.I)


def confined_to_article(text: str) -> str:
    """The words confining a clause to its own article (or the articles it names), or ""."""
    match = _CONFINED.search(text)
    return match.group(0) if match else ""
