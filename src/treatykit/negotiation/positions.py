"""Each side's position: the draft it would table, from the deal and its own mandate.

Ours is the deal as written. Theirs is the same deal in their playbook's stance, article
for article in our numbering, so that cross-references in both texts name the same
articles. On both sides a parameter value its own mandate rules out is moved to the
nearest value the mandate accepts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.drafting.deal import Deal, Origin, Party, apply_overrides, load_deal
from treatykit.drafting.document import Block, Document
from treatykit.drafting.formats import to_markdown
from treatykit.drafting.plan import Plan, Setting, Slot, plan_draft
from treatykit.drafting.render import render_plan
from treatykit.drafting.templates import find_template, template_dirs
from treatykit.errors import InputError
from treatykit.models import Library
from treatykit.negotiation.sections import article_number, article_sections, body
from treatykit.review.playbooks import Constraint, Playbook

_NUMERIC = (">=", "<=", ">", "<", "==")


@dataclass
class Position:
    """One side: its party, its mandate, its plan and the text it tables."""

    party: Party
    playbook: Playbook
    plan: Plan
    document: Document
    markdown: str
    sections: dict[int, tuple[Block, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _, articles = article_sections(self.document)
        self.sections = {article_number(h): body(rest) for h, rest in articles}

    @property
    def label(self) -> str:
        return self.party.tag

    def slot(self, entry_id: str) -> Slot | None:
        return next((s for s in self.plan.articles if s.entry.id == entry_id), None)


def load_positions(deal_path: Path, ours: Playbook, theirs: Playbook, library: Library, *,
                   we: str = "host", templates: Sequence[str | Path] = ()
                   ) -> tuple[Position, Position]:
    """Our position (the deal) and theirs (the deal in their mandate's stance)."""
    deal = load_deal(deal_path)
    dirs = template_dirs(templates)
    template = find_template(deal.template, dirs, origin=str(deal.template_origin))
    our_party, their_party = _sides(deal, we)
    # each side's position keeps its own clauses: their conflicts are what the text brackets
    our_plan = plan_draft(template, deal, library, settle=False)
    their_deal = _their_deal(deal, theirs.stance, library)
    their_plan = _aligned(plan_draft(template, their_deal, library, settle=False), our_plan)
    for plan, book in ((our_plan, ours), (their_plan, theirs)):
        for slot in plan.articles:
            slot.settings = meet_constraints(slot, book)
    return (_position(our_party, ours, our_plan, library, dirs),
            _position(their_party, theirs, their_plan, library, dirs))


def _sides(deal: Deal, we: str) -> tuple[Party, Party]:
    ours = deal.party(we)
    if ours is None:
        roles = ", ".join(p.role for p in deal.parties)
        raise InputError(f"--as {we}: {deal.path} has no party with role '{we}'",
                         hint=f"roles in the deal: {roles}")
    other = next(p for p in deal.parties if p is not ours)
    return ours, other


def _their_deal(deal: Deal, stance: str, library: Library) -> Deal:
    """The deal in their stance: our clause choices dropped, our omissions kept."""
    kept = {k: c for k, c in deal.choices.items() if c.kind == "omit"}
    return apply_overrides(dataclasses.replace(deal, choices=kept), (), stance=stance,
                           provision_ids=library.provisions)


def _aligned(theirs: Plan, ours: Plan) -> Plan:
    """Their plan in our article order and numbering (our clause where they have none)."""
    by_entry = {s.entry.id: s for s in theirs.articles}
    slots = []
    for slot in ours.articles:
        mine = by_entry.get(slot.entry.id, slot)
        slots.append(dataclasses.replace(mine, number=slot.number,
                                         settings=list(mine.settings)))
    return dataclasses.replace(theirs, articles=slots, preamble=theirs.preamble or
                               ours.preamble)


def meet_constraints(slot: Slot, playbook: Playbook,
                     severities: tuple[str, ...] = ("must", "should")) -> list[Setting]:
    """The slot's settings with each value the mandate rules out moved to its bound."""
    settings = []
    for setting in slot.settings:
        value = setting.value
        for constraint in _constraints_on(playbook, slot, setting.name, severities):
            value = nearest_accepted(constraint, value)
        origin = setting.origin if value == setting.value else \
            Origin("playbook", f"playbook '{playbook.id}'")
        settings.append(Setting(setting.name, value, origin))
    return settings


def _constraints_on(playbook: Playbook, slot: Slot, name: str,
                    severities: tuple[str, ...]) -> list[Constraint]:
    return [c for r in playbook.requirements
            if r.provision in slot.provisions and r.severity in severities
            for c in r.constraints if c.param == name]


def nearest_accepted(constraint: Constraint, value: Any) -> Any:
    """`value`, or the constraint's own bound when a numeric value breaks it."""
    if constraint.op not in _NUMERIC or not isinstance(value, (int, float)) \
            or isinstance(value, bool) or constraint.check(value):
        return value
    return constraint.value


def _position(party: Party, playbook: Playbook, plan: Plan, library: Library,
              dirs: list[Path]) -> Position:
    rendered = render_plan(plan, library, dirs)
    return Position(party, playbook, plan, rendered.document, to_markdown(rendered.document))

