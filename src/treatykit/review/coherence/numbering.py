"""Duplicated, skipped or out-of-order numbers of articles, paragraphs and sub-paragraphs."""

from __future__ import annotations

import re
from collections.abc import Iterator

from treatykit.review.coherence.model import CoherenceFinding, Index, finding_at, heading_number
from treatykit.review.coherence.references import label_inside
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
        prefix, value = _split(heading_number(index.document, unit))
        if value is None:
            continue
        last = previous.get(prefix)
        previous[prefix] = value if value != last else value + 1  # a repeat stands for the next
        if last is None or value == last + 1 or (not prefix and value == 1):
            continue
        before = f"Article {prefix}{last}"
        if value == last:
            problem = f"repeats the number of the article before it ({before})"
        elif value > last:
            problem = f"skips {_skipped(last, value)} after {before}"
        else:
            problem = f"comes out of order after {before}"
        yield _numbering(index, unit.start, f"Article {prefix}{value} {problem}",
                         f"renumber the articles from {before} on and update the references")


def _split(number: str) -> tuple[str, int | None]:
    """"14.3" -> ("14.", 3); "12" -> ("", 12); "XII" -> ("", 12); "5A" -> ("", None)."""
    head, _, tail = number.rpartition(".")
    value = roman_to_int(tail) if tail.isalpha() and tail.isupper() else None
    if value is None and tail.isdigit():
        value = int(tail)
    return (head + "." if head else ""), value


def _skipped(last: int, value: int) -> str:
    if value - last == 2:
        return f"number {last + 1}"
    return f"numbers {last + 1} to {value - 1}"


def _numbering(index: Index, start: int, message: str, fix: str) -> CoherenceFinding:
    """A finding on the line at `start`, located where that line's text begins (after its
    label, inside the paragraph the label opens)."""
    text = index.document.text
    line_end = text.find("\n", start)
    end = line_end if line_end != -1 else len(text)
    body = start + len(text[start:end]) - len(text[start:end].lstrip())
    label = re.match(r"[#*\s]*(?:\(?\w{1,4}[.)]\s+)?", text[body:end])
    inside = body + (label.end() if label else 0)
    return finding_at(index.document, "numbering", min(inside, end), end, message=message,
                      fix=fix, words=" ".join(text[start:end].split()))


def _paragraph_numbering(index: Index, unit: Unit) -> list[CoherenceFinding]:
    """Paragraph numbers in the article's own style ("1." or "(1)": the other style is a
    list nested in a paragraph), then each paragraph's sub-paragraphs."""
    text = index.document.text
    labelled = [p for p in unit.paragraphs if _labelled(text, p)]
    numbers = [p for p in labelled if not p.sub]
    style = _style(text, numbers[0]) if numbers else ""
    found = []
    last: Paragraph | None = None
    for para in (p for p in numbers if _style(text, p) == style):
        problem = _paragraph_problem(text, unit, last, para)
        if problem:
            found.append(_numbering(index, _line_start(text, para.start), problem,
                                    f"renumber the paragraphs of {unit.label}"))
        last = para
    for number in dict.fromkeys(p.number for p in labelled if p.sub):
        found += _sub_numbering(index, unit, [p for p in labelled if p.sub and p.number == number])
    return found


def _paragraph_problem(text: str, unit: Unit, last: Paragraph | None, para: Paragraph) -> str:
    """What is wrong with `para` following `last` ("" when nothing; when the missing number
    stands inside a line, where the parser does not see labels; when the numbers restart at 1,
    a second list; or when unnumbered text opens the article, its first paragraph)."""
    value = int(para.number)
    previous = int(last.number) if last else 0
    if value == previous + 1 or (value == 1 and last is not None):
        return ""
    between = text[last.start if last else unit.start:_line_start(text, para.start)]
    if value > previous + 1 and all(_inline_label(between, n) for n in range(previous + 1, value)):
        return ""
    if last is None:
        if value == 2 and _opens_unnumbered(text, unit, para):
            return ""
        return f"paragraph {value} opens the article, where paragraph 1 was expected"
    if value == previous:
        return f"paragraph {value} repeats the number of the paragraph before it"
    if value > previous:
        return f"paragraph {value} skips {_skipped(previous, value)} after paragraph {previous}"
    return f"paragraph {value} comes out of order after paragraph {previous}"


def _opens_unnumbered(text: str, unit: Unit, para: Paragraph) -> bool:
    """Does text without a number stand between the heading and paragraph 2 (a first
    paragraph left unnumbered, as older treaties do)?"""
    heading_end = text.find("\n", unit.start)
    return any(p.start > heading_end and not _labelled(text, p)
               and len(text[p.start:p.end].strip()) > 40
               for p in unit.paragraphs if p.start < para.start)


def _inline_label(text: str, number: int) -> bool:
    return label_inside(text, rf"\(?{number}[.)]")


def _style(text: str, para: Paragraph) -> str:
    return "(" if text[_line_start(text, para.start):para.start].strip().startswith("(") else "."


def _sub_numbering(index: Index, unit: Unit, subs: list[Paragraph]) -> list[CoherenceFinding]:
    """(a), (b), (c) with (i), (ii) nested in them: each sequence checked on its own. A label
    missing from the lines is looked for inside the text before (a list run into a line)."""
    text = index.document.text
    found = []
    letter, roman = "", 0
    before = unit.start
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
        line = _line_start(text, para.start)
        restart = label in ("a", "i") and bool(previous)  # a second list in the paragraph
        if label != expected and not restart \
                and not (expected and label_inside(text[before:line], rf"\({expected}\)")):
            after = f"follows ({previous})" if previous else "opens the list"
            found.append(_numbering(index, line, f"sub-paragraph ({label}) {after} where "
                                    f"({expected}) was expected", "renumber the sub-paragraphs "
                                    f"of {unit.label}({para.number})"))
        before = line
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
