"""Duplicated, skipped or out-of-order numbers of articles, paragraphs and sub-paragraphs."""

from __future__ import annotations

from collections.abc import Iterator

from treatykit.review.coherence.model import CoherenceFinding, Index, finding_at
from treatykit.review.structure import Paragraph, Unit, roman_to_int


def check_numbering(index: Index) -> list[CoherenceFinding]:
    """Articles numbered 1, 2, 2, 4 and paragraphs or sub-paragraphs likewise."""
    found = list(_article_numbering(index))
    for unit in index.document.units:
        if unit.kind == "article":
            found += _paragraph_numbering(index, unit)
    return found


def _article_numbering(index: Index) -> Iterator[CoherenceFinding]:
    """Plain numbers in one sequence (a new one starts where a chapter restarts at 1);
    "14.3"-style numbers in one sequence per chapter prefix."""
    previous: dict[str, int] = {}
    for unit in (u for u in index.document.units if u.kind == "article"):
        prefix, value = _split(unit.number)
        if value is None:
            continue
        last = previous.get(prefix)
        previous[prefix] = value
        problem = _step_problem(last, value, restart=not prefix)
        if problem:
            label = f"Article {prefix}" if prefix else "Article "
            yield _numbering(index, unit.start, f"{unit.label} {problem} "
                             f"{label}{last}" if last is not None else problem,
                             f"renumber the articles from {label}{last} on and update "
                             "the references to them")


def _split(number: str) -> tuple[str, int | None]:
    """"14.3" -> ("14.", 3); "12" -> ("", 12); "XII" -> ("", 12); "5A" -> ("", None)."""
    head, _, tail = number.rpartition(".")
    value = roman_to_int(tail) if tail.isalpha() and tail.isupper() else None
    if value is None and tail.isdigit():
        value = int(tail)
    return (head + "." if head else ""), value


def _step_problem(last: int | None, value: int, *, restart: bool) -> str:
    """"" when `value` may follow `last`; else what is wrong."""
    if last is None:
        return "" if value == 1 or not restart else ""
    if value == last + 1 or (restart and value == 1 and last > 1):
        return ""
    if value == last:
        return "repeats the number of"
    if value > last + 1:
        return f"skips {_skipped(last, value)} after"
    return "comes out of order after"


def _skipped(last: int, value: int) -> str:
    if value - last == 2:
        return f"number {last + 1}"
    return f"numbers {last + 1} to {value - 1}"


def _numbering(index: Index, start: int, message: str, fix: str) -> CoherenceFinding:
    line_end = index.document.text.find("\n", start)
    end = line_end if line_end != -1 else len(index.document.text)
    return finding_at(index.document, "numbering", start, end, message=message, fix=fix)


def _paragraph_numbering(index: Index, unit: Unit) -> list[CoherenceFinding]:
    found = []
    text = index.document.text
    labelled = [p for p in unit.paragraphs if _labelled(text, p)]
    numbers = [p for p in labelled if not p.sub]
    last: int | None = None
    for para in numbers:
        value = int(para.number)
        problem = _step_problem(last, value, restart=False) if last is not None else \
            ("" if value == 1 else f"skips {_skipped(0, value)} before")
        if problem:
            where = f"paragraph {last}" if last is not None else "the article's start"
            found.append(_numbering(index, _line_start(text, para.start),
                                    f"paragraph {value} {problem} {where}".replace(
                                        " before the article's start", " at the article's "
                                        "start"),
                                    f"renumber the paragraphs of {unit.label}"))
        last = value
    for number in dict.fromkeys(p.number for p in labelled if p.sub):
        found += _sub_numbering(index, unit, [p for p in labelled if p.sub and p.number == number])
    return found


def _sub_numbering(index: Index, unit: Unit, subs: list[Paragraph]) -> list[CoherenceFinding]:
    """(a), (b), (c) with (i), (ii) nested in them: each sequence checked on its own."""
    found = []
    letter, roman = "", 0
    for para in subs:
        label = para.sub
        if _reads_as_roman(label, letter, roman):
            expected = _ROMANS[roman] if roman < len(_ROMANS) else ""
            previous = _ROMANS[roman - 1] if roman else ""
            roman = roman_to_int(label) or 0
        elif len(label) == 1:
            expected, previous = (chr(ord(letter) + 1) if letter else "a"), letter
            letter, roman = label, 0
        else:
            continue
        if label != expected:
            after = f"follows ({previous})" if previous else "opens the list"
            found.append(_numbering(index, _line_start(index.document.text, para.start),
                                    f"sub-paragraph ({label}) {after} where ({expected}) was "
                                    "expected", f"renumber the sub-paragraphs of "
                                    f"{unit.label}({para.number})"))
    return found


_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
           "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]


def _reads_as_roman(label: str, letter: str, roman: int) -> bool:
    """"(ii)" is a roman numeral; "(i)" after "(h)" and "(c)" after "(b)" are letters."""
    if roman_to_int(label) is None:
        return False
    if len(label) > 1:
        return True
    if letter and ord(label) == ord(letter) + 1:
        return False
    return label == "i" or roman > 0


def _labelled(text: str, para: Paragraph) -> bool:
    """Did the paragraph start at its own label ("2." or "(b)"), not as a continuation?"""
    return bool(text[_line_start(text, para.start):para.start].strip())


def _line_start(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1
