"""Plan a draft: pick a clause for every slot of the template, check values, number articles.

Nothing is rendered here. Every choice keeps its reason (explicit choice, stance
default, template default, nearest stance) and every parameter value keeps its
origin (clause default, template, deal file line, --set), for errors and --explain.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from treatykit.drafting.annexes import check_annex_entries
from treatykit.drafting.deal import Deal, Origin, ParamValue, ProvisionChoice
from treatykit.drafting.templates import Entry, Template
from treatykit.errors import InputError, NotFoundError
from treatykit.library import suggest_ids
from treatykit.models import STANCES, Clause, ConflictRef, Library, Parameter

#: Stances tried, in order, when no clause of the deal's stance fits the template.
NEAREST = {
    "host_protective": ("balanced", "investor_protective"),
    "balanced": ("host_protective", "investor_protective"),
    "investor_protective": ("balanced", "host_protective"),
}


@dataclass(frozen=True)
class Setting:
    """A parameter value ready for rendering, with where it came from."""

    name: str
    value: Any
    origin: Origin


@dataclass
class Slot:
    """One article of the draft (or its preamble) and why it reads as it does."""

    entry: Entry
    part: int
    clause: Clause | None  # None: the template's own text
    reason: str  # explicit | stance | template | nearest | settled | template_text
    detail: str
    settings: list[Setting] = field(default_factory=list)
    number: int | None = None

    @property
    def title(self) -> str:
        if self.entry.title:
            return self.entry.title
        return self.clause.title if self.clause else ""

    @property
    def provisions(self) -> tuple[str, ...]:
        return self.clause.provisions if self.clause else (self.entry.id,)

    def values(self) -> dict[str, Any]:
        return {s.name: s.value for s in self.settings}


@dataclass(frozen=True)
class Omission:
    """A provision of the template left out of this draft, and who decided it."""

    provision: str
    reason: str  # explicit | template | no_clause
    detail: str
    covered_by: str | None = None  # clause id that implements it instead


@dataclass
class Plan:
    """Every decision of a draft, in document order."""

    template: Template
    deal: Deal
    preamble: Slot | None
    articles: list[Slot]
    omitted: dict[str, Omission]
    warnings: list[str] = field(default_factory=list)


def plan_draft(template: Template, deal: Deal, library: Library, *,
               settle: bool = True) -> Plan:
    """Choose clauses, check parameters against types and bounds, number the articles.

    `settle` lets a one-sided clause give way where it conflicts with another chosen clause
    (a draft must be coherent); a negotiating position keeps its side's clauses instead,
    since those conflicts are what the joint text brackets.
    """
    _check_deal_against_template(template, deal, library)
    planner = _Planner(template, deal, library)
    slots: list[Slot] = []
    for index, entry in _indexed_entries(template):
        slot = planner.choose(entry, index)
        if slot is not None:
            slots.append(slot)
    slots = planner.drop_covered(slots)
    if settle:
        planner.settle_conflicts(slots)
    for slot in slots:
        slot.settings = planner.settings(slot)
    preamble = slots.pop(0) if template.preamble and slots and slots[0].part < 0 else None
    for number, slot in enumerate(slots, 1):
        slot.number = number
    return Plan(template, deal, preamble, slots, planner.omitted, planner.warnings)


def _indexed_entries(template: Template) -> list[tuple[int, Entry]]:
    pairs = [(-1, template.preamble)] if template.preamble else []
    return pairs + [(i, e) for i, part in enumerate(template.parts) for e in part.entries]


def _check_deal_against_template(template: Template, deal: Deal, library: Library) -> None:
    slots = {e.id for e in template.entries() if e.provision}
    for provision, origin in _deal_provisions(deal):
        if provision in slots:
            continue
        if provision in library.provisions:
            raise InputError(f"{origin}: {provision} is not part of template '{template.id}'",
                             hint="'treatykit templates' lists what each template accepts")
        close = suggest_ids(provision, slots)
        raise NotFoundError(f"{origin}: unknown provision '{provision}'",
                            hint=("did you mean " + " or ".join(close) + "?") if close
                            else "'treatykit templates' lists what each template accepts")
    _check_roles(template, deal)
    _check_variables(template, deal)
    _check_shared(deal, library)
    check_annex_entries(deal.annexes, {a.id: a.kind for a in template.annexes}, template.id)


def _check_shared(deal: Deal, library: Library) -> None:
    """A shared value names a parameter, and no provision of the deal sets it again."""
    known = {p.name for c in library.clauses.values() for p in c.parameters}
    for name, (_, origin) in deal.shared.items():
        if name not in known:
            close = suggest_ids(name, known, n=1)
            raise InputError(f"{origin}: shared.{name} is no clause parameter",
                             hint=f"did you mean '{close[0]}'?" if close else
                             "shared values are clause parameters (treatykit show CLAUSE)")
    for values in deal.params.values():
        for given in values.values():
            if given.name in deal.shared and given.origin.kind == "deal":
                raise InputError(f"{given.origin}: {given.provision}.{given.name} is a shared "
                                 f"value, set at {deal.shared[given.name][1]}",
                                 hint="change it there, so every instrument of the deal agrees")


def _deal_provisions(deal: Deal) -> list[tuple[str, Origin]]:
    found = [(c.provision, c.origin) for c in deal.choices.values()]
    found += [(p, deal.provision_origins.get(p) or next(iter(v.values())).origin)
              for p, v in deal.params.items() if v]
    return found


def _check_roles(template: Template, deal: Deal) -> None:
    roles = {p.role for p in deal.parties}
    for role, required in template.roles.items():
        if required and role not in roles:
            raise InputError(f"{deal.path}: template '{template.id}' needs a party with "
                             f"role '{role}'", hint="add it under parties:")
    for role in sorted(roles - set(template.roles)):
        raise InputError(f"{deal.path}: template '{template.id}' has no party role '{role}'",
                         hint="roles: " + ", ".join(template.roles))


def _check_variables(template: Template, deal: Deal) -> None:
    for name, (_, origin) in deal.variables.items():
        if name not in template.variables:
            close = suggest_ids(name, template.variables, n=1)
            raise InputError(f"{origin}: template '{template.id}' has no variable '{name}'",
                             hint=f"did you mean '{close[0]}'?" if close else
                             "variables: " + (", ".join(template.variables) or "none"))
    for name, variable in template.variables.items():
        if variable.required and name not in deal.variables:
            raise InputError(f"{deal.path}: template '{template.id}' needs variable '{name}' "
                             f"({variable.help})", hint=f"add it under variables: {name}: ...")


class _Planner:
    def __init__(self, template: Template, deal: Deal, library: Library) -> None:
        self.template = template
        self.deal = deal
        self.library = library
        self.omitted: dict[str, Omission] = {}
        self.warnings: list[str] = []

    def choose(self, entry: Entry, part: int) -> Slot | None:
        if not entry.provision:
            return Slot(entry, part, None, "template_text",
                        f"text of template '{self.template.id}'")
        choice = self.deal.choices.get(entry.id)
        if choice is not None:
            return self._explicit(entry, part, choice)
        if entry.default == "omit":
            self.omitted[entry.id] = Omission(entry.id, "template",
                                              f"optional; template '{self.template.id}' "
                                              "leaves it out unless the deal chooses it")
            return None
        if entry.default:
            clause = self._by_value(entry, entry.default, f"template '{self.template.id}'")
            return Slot(entry, part, clause, "template",
                        f"template default ({entry.default}) of '{self.template.id}'")
        return self._by_stance(entry, part)

    def _explicit(self, entry: Entry, part: int, choice: ProvisionChoice) -> Slot | None:
        if choice.kind == "omit":
            if not entry.optional:
                raise InputError(f"{choice.origin}: {entry.id} is required by template "
                                 f"'{self.template.id}' and cannot be omitted",
                                 hint="choose a stance or a clause for it instead")
            self.omitted[entry.id] = Omission(entry.id, "explicit", f"omitted ({choice.origin})")
            return None
        clause = self._by_value(entry, choice.value, str(choice.origin))
        return Slot(entry, part, clause, "explicit", f"explicit choice ({choice.origin})")

    def _by_value(self, entry: Entry, value: str, origin: str) -> Clause:
        if value in STANCES:
            clause = self._fitting(entry.id, value)
            if clause is None:
                raise NotFoundError(f"{origin}: no {value} clause for {entry.id} fits a "
                                    f"{self.template.doc_type}", hint=self._available(entry.id))
            return clause
        return self._named_clause(entry, value, origin)

    def _named_clause(self, entry: Entry, clause_id: str, origin: str) -> Clause:
        clause = self.library.clauses.get(clause_id)
        if clause is None:
            close = suggest_ids(clause_id, [c.id for c in self.library.clauses_for(entry.id)]
                                or self.library.clauses)
            raise NotFoundError(f"{origin}: unknown clause '{clause_id}' for {entry.id}",
                                hint=("did you mean " + " or ".join(close) + "?") if close
                                else self._available(entry.id))
        if entry.id not in clause.provisions:
            raise InputError(f"{origin}: clause '{clause_id}' implements {clause.provision}, "
                             f"not {entry.id}", hint=self._available(entry.id))
        if self.template.doc_type not in clause.doc_types:
            raise InputError(f"{origin}: clause '{clause_id}' is written for "
                             f"{' and '.join(clause.doc_types)} documents, not a "
                             f"{self.template.doc_type}", hint=self._available(entry.id))
        return clause

    def _by_stance(self, entry: Entry, part: int) -> Slot | None:
        stance = self.deal.stance
        clause = self._fitting(entry.id, stance)
        if clause is not None:
            return Slot(entry, part, clause, "stance",
                        f"stance default ({stance}, {self.deal.stance_origin})")
        for other in NEAREST[stance]:
            clause = self._fitting(entry.id, other)
            if clause is not None:
                self.warnings.append(f"{entry.id}: no {stance} clause fits a "
                                     f"{self.template.doc_type}; using {clause.id} ({other})")
                return Slot(entry, part, clause, "nearest",
                            f"nearest stance ({other}): no {stance} clause fits")
        if entry.optional:
            self.warnings.append(f"{entry.id}: no clause fits a {self.template.doc_type}; "
                                 "the optional article is left out")
            self.omitted[entry.id] = Omission(entry.id, "no_clause", "no clause fits")
            return None
        raise NotFoundError(f"{self.template.source}:{entry.line}: no clause for {entry.id} "
                            f"fits a {self.template.doc_type}",
                            hint="add a clause with doc_types: "
                                 f"[{self.template.doc_type}] or a --library folder with one")

    def _fitting(self, provision: str, stance: str) -> Clause | None:
        return next((c for c in self.library.clauses_for(provision)
                     if c.stance == stance and self.template.doc_type in c.doc_types), None)

    def _available(self, provision: str) -> str:
        fitting = [c.id for c in self.library.clauses_for(provision)
                   if self.template.doc_type in c.doc_types]
        return ("clauses that fit: " + ", ".join(fitting)) if fitting else \
            f"no clause of {provision} fits a {self.template.doc_type}"

    def drop_covered(self, slots: list[Slot]) -> list[Slot]:
        """Leave out a provision another chosen clause already implements (unless chosen)."""
        kept: list[Slot] = []
        for slot in slots:
            cover = next((other for other in slots if other is not slot and other.clause
                          and slot.entry.id in other.clause.implements), None)
            if cover and slot.reason != "explicit" and slot.entry.provision:
                assert cover.clause is not None
                self.omitted[slot.entry.id] = Omission(
                    slot.entry.id, "covered", f"implemented by {cover.clause.id}",
                    covered_by=cover.clause.id)
                continue
            kept.append(slot)
        return kept

    def settings(self, slot: Slot) -> list[Setting]:
        """Parameter values for the slot's clause: default < template < deal < --set."""
        clause = slot.clause
        if clause is None:
            return []
        values = {p.name: Setting(p.name, p.default, Origin("default", "clause default"))
                  for p in clause.parameters}
        for name, raw in slot.entry.params.items():
            param = clause.parameter(name)
            if param is not None:
                origin = Origin("template", f"template '{self.template.id}'")
                values[name] = Setting(name, _coerce(param, raw, slot.entry.id, origin), origin)
        for name, (raw, origin) in self.deal.shared.items():
            param = clause.parameter(name)
            if param is not None:
                values[name] = Setting(name, self._coerce(param, raw, slot.entry.id, origin),
                                       origin)
        for given in self.deal.params.get(slot.entry.id, {}).values():
            setting = self._deal_setting(clause, given)
            if setting is not None:
                values[given.name] = setting
        return [values[p.name] for p in clause.parameters]

    def _coerce(self, param: Parameter, raw: Any, provision: str, origin: Origin) -> Any:
        """A deal file's value, brought within the chosen clause's range (with a warning) when
        another clause of the provision allows it (the deal was written for another stance);
        other values must fit as given."""
        if origin.kind == "deal" and self._allowed_elsewhere(param, raw, provision):
            clamped = _clamp(param, raw)
            if clamped is not None and clamped != raw:
                self.warnings.append(f"{origin}: {provision}.{param.name}: {_plain(raw)} is "
                                     f"outside {param.bounds_text()} for the chosen clause; "
                                     f"using {_plain(clamped)}")
                raw = clamped
        return _coerce(param, raw, provision, origin)

    def _allowed_elsewhere(self, param: Parameter, raw: Any, provision: str) -> bool:
        if param.min is None and param.max is None:
            return False
        for clause in self.library.clauses_for(provision):
            other = clause.parameter(param.name)
            try:
                if other is not None and other is not param and other.coerce(raw) is not None:
                    return True
            except ValueError:
                continue
        return False

    def settle_conflicts(self, slots: list[Slot]) -> None:
        """Give way to the balanced variant where a one-sided clause the deal did not name
        conflicts with another chosen clause and neither clause's text resolves it."""
        for _ in range(len(slots)):
            found = next(((s, first, second, ref)
                          for first, second, ref in _unresolved_conflicts(slots)
                          for s in (first, second) if self._can_yield(s)), None)
            if found is None:
                return  # none left, or only conflicts no clause can give way in
            yielding, first, second, ref = found
            assert yielding.clause is not None
            other = second if yielding is first else first
            balanced = self._fitting(yielding.entry.id, "balanced")
            assert balanced is not None and other.clause is not None
            self.warnings.append(f"{yielding.entry.id}: {yielding.clause.id} conflicts with "
                                 f"{other.clause.id} ({ref.why.rstrip('.')}); using "
                                 f"{balanced.id} (balanced)")
            yielding.clause = balanced
            yielding.reason = "settled"
            yielding.detail = f"balanced: the {yielding.detail} clause conflicts with " \
                              f"{other.clause.id}"

    def _can_yield(self, slot: Slot) -> bool:
        """A one-sided clause chosen by stance (the deal's, or a stance the deal named for
        this provision), never a clause the deal or template names by id."""
        if slot.clause is None or slot.clause.stance == "balanced":
            return False
        choice = self.deal.choices.get(slot.entry.id)
        by_stance = slot.reason in ("stance", "nearest") or (
            slot.reason == "explicit" and choice is not None and choice.kind == "stance")
        return by_stance and self._fitting(slot.entry.id, "balanced") is not None

    def _deal_setting(self, clause: Clause, given: ParamValue) -> Setting | None:
        param = clause.parameter(given.name)
        if param is not None:
            return Setting(given.name, self._coerce(param, given.raw, given.provision,
                                                    given.origin), given.origin)
        elsewhere = {p.name for c in self.library.clauses_for(given.provision)
                     for p in c.parameters}
        if given.name in elsewhere:
            self.warnings.append(f"{given.origin}: {given.provision}.{given.name} is not used "
                                 f"by the chosen clause {clause.id}; ignored")
            return None
        names = dict.fromkeys([p.name for p in clause.parameters] + sorted(elsewhere))
        close = suggest_ids(given.name, names)
        declared = ", ".join(p.name for p in clause.parameters) or "none"
        raise InputError(f"{given.origin}: unknown parameter '{given.name}' for "
                         f"{given.provision} (clause {clause.id})",
                         hint=("did you mean " + " or ".join(close) + "?") if close
                         else f"its parameters: {declared}")


def _unresolved_conflicts(slots: list[Slot]) -> Iterator[tuple[Slot, Slot, ConflictRef]]:
    """(declaring slot, other slot, declaration) for each declared `conflict` between two
    chosen clauses of different provisions that neither clause's text resolves."""
    for slot in slots:
        clause = slot.clause
        for ref in clause.conflicts if clause else ():
            if ref.kind != "conflict" or clause is None:
                continue
            for other in slots:
                mate = other.clause
                if other is slot or mate is None or clause.provision in mate.provisions:
                    continue
                if ref.target != mate.id and ref.target not in mate.provisions:
                    continue
                if not ref.resolved_in(clause.text + "\n" + mate.text):
                    yield slot, other, ref


def _clamp(param: Parameter, raw: Any) -> Any:
    """The nearest bound when `raw` is a number outside the parameter's range, else `raw`."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return raw
    if param.min is not None and raw < param.min:
        return type(raw)(param.min)
    if param.max is not None and raw > param.max:
        return type(raw)(param.max)
    return raw


def _plain(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value == int(value) else str(value)


def _coerce(param: Parameter, raw: Any, provision: str, origin: Origin) -> Any:
    try:
        value = param.coerce(raw)
    except ValueError as exc:
        raise InputError(f"{origin}: {provision}.{param.name}: {exc}",
                         hint=f"allowed: {param.bounds_text()}") from None
    if param.type == "pct" and not 0 <= value <= 100:
        raise InputError(f"{origin}: {provision}.{param.name}: {value} is not a percentage",
                         hint="allowed: 0 to 100")
    return value


def index_slots(slots: Sequence[Slot]) -> dict[str, Slot]:
    """Slot of every provision id, clause id and template article id in the draft."""
    found: dict[str, Slot] = {}
    for slot in slots:
        found.setdefault(slot.entry.id, slot)
        if slot.clause:
            found.setdefault(slot.clause.id, slot)
    for slot in slots:
        for provision in slot.provisions:
            found.setdefault(provision, slot)
    return found
