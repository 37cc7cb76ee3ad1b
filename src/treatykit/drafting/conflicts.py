"""Conflicts between the clauses chosen for one draft (docs/conflicts.md), as data."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from treatykit.drafting.plan import Plan, Slot
from treatykit.models import ConflictRef


@dataclass(frozen=True)
class Conflict:
    """Two chosen clauses the library marks as conflicting (or in tension)."""

    kind: str  # conflict | tension
    clause: str
    article: int | None
    other: str
    other_article: int | None
    why: str
    resolve: str

    def message(self, label: str = "Article") -> str:
        first = _named(self.clause, self.article, label)
        second = _named(self.other, self.other_article, label)
        text = f"{self.kind}: {first} and {second}: {self.why}"
        return text + (f" Way out: {self.resolve}" if self.resolve else "")


def _named(clause: str, number: int | None, label: str) -> str:
    return f"{clause} ({label} {number})" if number else f"{clause} (preamble)"


def find_conflicts(plan: Plan) -> list[Conflict]:
    """Every conflict or tension declared by one chosen clause against another, unless the
    two texts carry the declaration's `resolved_by` wording."""
    slots = ([plan.preamble] if plan.preamble else []) + plan.articles
    found: list[Conflict] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for slot in slots:
        for other, ref in _targets(slot, slots):
            assert slot.clause is not None and other.clause is not None
            key = (ref.kind, frozenset((slot.clause.id, other.clause.id)))
            if key in seen:
                continue
            seen.add(key)
            found.append(Conflict(ref.kind, slot.clause.id, slot.number, other.clause.id,
                                  other.number, ref.why, ref.resolve))
    return found


def _targets(slot: Slot, slots: list[Slot]) -> Iterator[tuple[Slot, ConflictRef]]:
    if slot.clause is None:
        return
    for ref in slot.clause.conflicts:
        for other in slots:
            if other is slot or other.clause is None:
                continue
            if ref.resolved_in(slot.clause.text + "\n" + other.clause.text):
                continue  # the texts carry the wording that settles it
            if ref.target == other.clause.id or ref.target in other.clause.provisions:
                yield other, ref
