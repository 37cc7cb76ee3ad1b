"""The joint negotiating text: agreed articles clean, the others bracketed by Party.

An article is agreed when both sides table the same text, or when neither side's mandate
gives it a reason to refuse the other's text. A side refuses the other's text when one of
its requirements on that article is met by its own text and not by the other's (the
review of both drafts says so), or when the other's clause is one the library marks as
conflicting with a clause that side's mandate needs elsewhere. A landing zone is a clause
or parameter value of the library that meets every `must` of both mandates there.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from treatykit.drafting.deal import Party
from treatykit.drafting.document import Block, Document
from treatykit.drafting.formats import to_markdown
from treatykit.drafting.plan import Plan, Slot
from treatykit.drafting.render import render_plan
from treatykit.drafting.templates import template_dirs
from treatykit.models import STANCES, Clause, Library
from treatykit.negotiation.positions import (
    Position,
    load_positions,
    meet_constraints,
)
from treatykit.negotiation.sections import (
    PROPOSAL,
    Alternative,
    article_number,
    article_sections,
    bracket,
    trailer,
)
from treatykit.review.playbooks import Playbook, Requirement
from treatykit.review.service import Report, load_reviewer, resolve_playbook, review_text

RANK = {"present": 3, "open": 2, "weak": 2, "violates": 1, "missing": 0}
SEVERITY_RANK = {"must": 2, "should": 1}


@dataclass(frozen=True)
class Objection:
    """Why one side refuses the other's text of an article."""

    party: str  # label of the side that objects
    severity: str  # must | should
    requirement: str
    reason: str


@dataclass
class Point:
    """One article of the joint text and whether it is agreed."""

    number: int
    title: str
    provision: str
    agreed: bool
    bracketed: str = ""
    objections: list[Objection] = field(default_factory=list)
    landing: str = ""  # what meets both mandates' musts, in words
    proposal: str | None = None  # clause id of a proposal neither side tabled

    def severity(self, label: str) -> str:
        found = [o.severity for o in self.objections if o.party == label]
        return max(found, key=SEVERITY_RANK.__getitem__) if found else "-"


@dataclass
class JointText:
    """The joint text, every article's decision, and the two positions behind it."""

    document: Document
    points: list[Point]
    ours: Position
    theirs: Position

    @property
    def open_points(self) -> list[Point]:
        return [p for p in self.points if not p.agreed]

    @property
    def labels(self) -> tuple[str, str]:
        return self.ours.label, self.theirs.label


Progress = Callable[[str], None]


def negotiate(deal_path: Path, ours: str, theirs: str, *, we: str = "host",
              libraries: Sequence[str | Path] = (), playbooks: Sequence[str] = (),
              templates: Sequence[str | Path] = (), progress: Progress | None = None
              ) -> JointText:
    """One joint negotiating text for the deal from our mandate and theirs."""
    say = progress or (lambda _: None)
    library, _ = load_reviewer(libraries)
    our_book = resolve_playbook(ours, library, playbooks)
    their_book = resolve_playbook(theirs, library, playbooks)
    say("drafting both positions")
    us, them = load_positions(deal_path, our_book, their_book, library, we=we,
                              templates=templates)
    _check_labels(us.party, them.party)
    judge = _Judge(library, libraries, (us, them), say)
    points = [judge.decide(slot) for slot in us.plan.articles]
    return JointText(_assemble(us, them, judge, points), points, us, them)


def _check_labels(ours: Party, theirs: Party) -> None:
    from treatykit.errors import InputError

    if ours.tag == theirs.tag or PROPOSAL in (ours.tag, theirs.tag):
        raise InputError(f"parties: both sides would be labelled '{ours.tag}' in brackets",
                         hint="give each party a distinct label: in the deal file "
                              "(label: PK)")


class _Judge:
    """Reviews every candidate text once and decides article by article."""

    def __init__(self, library: Library, libraries: Sequence[str | Path],
                 sides: tuple[Position, Position], say: Progress) -> None:
        self.library = library
        self.libraries = libraries
        self.sides = sides
        self.say = say
        self.reports: dict[tuple[int, str], Report] = {}
        self.proposals: dict[str, Position] = {}  # provision -> the text proposed there
        self.candidates = self._candidates()

    def _candidates(self) -> list[Position]:
        """Texts that may meet both mandates: each stance, values moved within both
        mandates' musts (nearest to ours)."""
        us, them = self.sides
        found = []
        for stance in dict.fromkeys((us.plan.deal.stance, *STANCES)):
            plan = _stance_plan(us.plan, them.plan, stance, self.library)
            if plan is None:
                continue
            for slot in plan.articles:
                for book in (us.playbook, them.playbook):
                    slot.settings = meet_constraints(slot, book, ("must",))
            found.append(_repositioned(us, plan, self.library))
        return found

    def report(self, position: Position, book: Playbook) -> Report:
        key = (id(position), book.id)
        if key not in self.reports:
            who = f"the {position.label}" if any(position is s for s in self.sides) \
                else "a candidate"
            self.say(f"reviewing {who} text against {book.id}")
            library, compiled = load_reviewer(self.libraries)
            self.reports[key] = review_text(position.markdown, book, library, compiled,
                                            source=book.id)
        return self.reports[key]

    def decide(self, slot: Slot) -> Point:
        assert slot.number is not None
        us, them = self.sides
        point = Point(slot.number, slot.title, slot.entry.id, agreed=True)
        if _text(us, slot) == _text(them, slot):
            return point
        point.objections = self._objections(us, them, slot) + self._objections(them, us, slot)
        if not point.objections:
            return point
        point.agreed = False
        self._landing(point, slot)
        return point

    def _objections(self, side: Position, other: Position, slot: Slot) -> list[Objection]:
        found = []
        own, theirs = self.report(side, side.playbook), self.report(other, side.playbook)
        for requirement in _requirements_at(side, slot):
            mine, their = _status(own, requirement), _status(theirs, requirement)
            if RANK[mine] > RANK[their]:
                found.append(Objection(side.label, requirement.severity, requirement.id,
                                       f"{requirement.title}: {mine} in the {side.label} "
                                       f"text, {their} in the {other.label} text"))
        return found + _conflict_objections(side, other, slot)

    def _landing(self, point: Point, slot: Slot) -> None:
        us, them = self.sides
        for candidate in self.candidates + [us, them]:
            if not self._meets_musts(candidate, slot):
                continue
            text = _text(candidate, slot)
            if text == _text(us, slot) or text == _text(them, slot):
                owner = us if text == _text(us, slot) else them
                point.landing = f"the {owner.label} text meets both mandates' musts"
                return
            clause = candidate.slot(slot.entry.id)
            assert clause is not None
            point.proposal = clause.clause.id if clause.clause else None
            point.landing = f"proposal: {_describe(clause, us.slot(slot.entry.id))}"
            self.proposals[slot.entry.id] = candidate
            return

    def _meets_musts(self, candidate: Position, slot: Slot) -> bool:
        for side in self.sides:
            report = self.report(candidate, side.playbook)
            if any(r.severity == "must" and _status(report, r) != "present"
                   for r in _requirements_at(side, slot)):
                return False
            if any(o.severity == "must" for o in _conflict_objections(side, candidate, slot)):
                return False
        return True


def _stance_plan(ours: Plan, theirs: Plan, stance: str, library: Library) -> Plan | None:
    """Our plan with, in every article, the clause of `stance` (where one fits)."""
    slots = []
    for slot in ours.articles:
        clause = _fitting(library, slot, stance, ours.template.doc_type)
        slots.append(dataclasses.replace(slot, clause=clause or slot.clause,
                                         settings=_settings_for(clause, slot, theirs)
                                         if clause else list(slot.settings)))
    return dataclasses.replace(ours, articles=slots)


def _fitting(library: Library, slot: Slot, stance: str, doc_type: str) -> Clause | None:
    if slot.clause is None:
        return None
    return next((c for c in library.clauses_for(slot.entry.id)
                 if c.stance == stance and doc_type in c.doc_types), None)


def _settings_for(clause: Clause, slot: Slot, theirs: Plan) -> list:
    """Values for `clause`: ours where it shares the parameter, else theirs, else default."""
    from treatykit.drafting.deal import Origin
    from treatykit.drafting.plan import Setting

    known = {s.name: s for s in slot.settings}
    other = next((s for s in theirs.articles if s.entry.id == slot.entry.id), None)
    if other is not None:
        known = {s.name: s for s in other.settings} | known
    return [known.get(p.name) or Setting(p.name, p.default, Origin("default", "clause default"))
            for p in clause.parameters]


def _repositioned(base: Position, plan: Plan, library: Library) -> Position:
    rendered = render_plan(plan, library, template_dirs(()))
    return Position(base.party, base.playbook, plan, rendered.document,
                    to_markdown(rendered.document))


def _requirements_at(side: Position, slot: Slot) -> list[Requirement]:
    return [r for r in side.playbook.requirements if r.provision in slot.provisions]


def _status(report: Report, requirement: Requirement) -> str:
    return next((f.status for f in report.findings if f.requirement == requirement.id),
                "missing")


def _conflict_objections(side: Position, other: Position, slot: Slot) -> list[Objection]:
    """The other's clause here conflicts with a clause this side's mandate needs elsewhere."""
    theirs = other.slot(slot.entry.id)
    if theirs is None or theirs.clause is None:
        return []
    found = []
    for mine in side.plan.articles:
        needed = _requirements_at(side, mine)
        if mine.entry.id == slot.entry.id or mine.clause is None or not needed:
            continue
        why = _declared_conflict(theirs.clause, mine.clause)
        if why is None:
            continue
        top = max(needed, key=lambda r: SEVERITY_RANK[r.severity])
        found.append(Objection(side.label, top.severity, top.id,
                               f"conflicts with Article {mine.number} ({mine.title}), which "
                               f"the {side.label} mandate requires: {why}"))
    return found


def _declared_conflict(first: Clause, second: Clause) -> str | None:
    for a, b in ((first, second), (second, first)):
        for ref in a.conflicts:
            if ref.kind == "conflict" and (ref.target == b.id or ref.target in b.provisions):
                return _readable(ref.why) or "the library marks them as conflicting"
    return None


def _readable(why: str) -> str:
    return " ".join(why.split())


def _text(position: Position, slot: Slot) -> tuple[Block, ...]:
    return position.sections.get(slot.number or 0, ())


def _describe(candidate: Slot, ours: Slot | None) -> str:
    clause = candidate.clause
    if clause is None:
        return "the template text"
    if ours is not None and ours.clause is not None and ours.clause.id == clause.id:
        mine = {s.name: s.value for s in ours.settings}
        changed = [f"{s.name} = {s.value}" for s in candidate.settings
                   if mine.get(s.name) != s.value]
        return ", ".join(changed) or clause.title
    return f"{clause.title} ({clause.stance.replace('_', ' ')} clause)"


def _assemble(us: Position, them: Position, judge: _Judge, points: list[Point]) -> Document:
    head, articles = article_sections(us.document)
    blocks = list(head)
    by_number = {p.number: p for p in points}
    for heading, rest in articles:
        number = article_number(heading)
        point = by_number.get(number)
        blocks.append(heading)
        if point is None or point.agreed:
            blocks += rest
            continue
        alternatives = [Alternative(us.label, _text(us, _slot(us, number))),
                        Alternative(them.label, _text(them, _slot(us, number)))]
        proposal = judge.proposals.get(point.provision)
        if proposal is not None:
            alternatives.append(Alternative(PROPOSAL, _text(proposal, _slot(us, number))))
        bracketed, point.bracketed = bracket(alternatives)
        blocks += bracketed + trailer(rest)
    return Document(us.document.title, blocks)


def _slot(position: Position, number: int) -> Slot:
    return next(s for s in position.plan.articles if s.number == number)
