"""Bracketed alternatives in a joint negotiating text: `[PK: ...]`, `[Proposal: ...]`.

Text inside such brackets is not yet agreed. Review reads the agreed text (the brackets
blanked out, offsets kept), and a requirement that only bracketed text would satisfy is
reported as `open`: still on the table, so not present. The table of open points that ends
a joint text is read by neither.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

#: "[PK: ", "**[US:** ", "[Proposal: ", "[PK, Proposal: ": a short capitalised label.
_OPENER = re.compile(r"(?:\*\*)?\[(?P<label>[A-Z][\w .'-]{0,24}(?:, [A-Z][\w .'-]{0,24})*):"
                     r"(?:\*\*)? ")


@dataclass(frozen=True)
class Bracket:
    """One bracketed alternative: where it is in the text and whose it is."""

    start: int
    end: int
    label: str


def find_brackets(text: str) -> list[Bracket]:
    """Every labelled alternative, with nested plain brackets ("[date]") inside it, when the
    text is a joint text: alternatives under two labels at least. A signed treaty's lone
    country variant ("3 years [Viet Nam: 4 years]") is agreed text, not an open point."""
    found = _labelled(text)
    labels = {name for b in found for name in b.label.split(", ")}
    return found if len(labels) >= 2 else []


def _labelled(text: str) -> list[Bracket]:
    found: list[Bracket] = []
    position = 0
    while (match := _OPENER.search(text, position)) is not None:
        end = _closing(text, match.end())
        if end is None:
            position = match.end()
            continue
        found.append(Bracket(match.start(), end, match.group("label")))
        position = end
    return found


#: The table of open points that ends a joint text: about the text, not part of it.
_OPEN_POINTS = re.compile(r"^(?:#+\s*)?Open points\s*$", re.M | re.I)


def open_points_table(text: str, brackets: Sequence[Bracket]) -> list[Bracket]:
    """The closing table of open points of a joint text (none in an ordinary draft)."""
    if not brackets:
        return []
    found = list(_OPEN_POINTS.finditer(text, brackets[-1].end))
    return [Bracket(found[-1].start(), len(text), "open points")] if found else []


def _closing(text: str, start: int) -> int | None:
    depth = 1
    for index in range(start, len(text)):
        char = text[index]
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def agreed_text(text: str, brackets: Sequence[Bracket]) -> str:
    """The text with every bracketed alternative blanked (same length, same lines)."""
    chars = list(text)
    for bracket in brackets:
        for index in range(bracket.start, bracket.end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


class _Finding(Protocol):
    requirement: str
    status: str
    reason: str
    location: str | None
    evidence: str | None


RANK = {"present": 3, "weak": 2, "violates": 1, "missing": 0}


def mark_open(agreed: Sequence[_Finding], full: Sequence[_Finding]) -> None:
    """A requirement the bracketed text would satisfy better than the agreed text is open."""
    by_id = {f.requirement: f for f in full}
    for finding in agreed:
        other = by_id.get(finding.requirement)
        if other is None or RANK.get(other.status, 0) <= RANK.get(finding.status, 0):
            continue
        finding.status = "open"
        finding.reason = (f"in brackets, not yet agreed ({other.status} if agreed: "
                          f"{other.reason})")
        finding.location, finding.evidence = other.location, other.evidence
