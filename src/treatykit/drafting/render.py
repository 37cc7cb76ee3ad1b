"""Render a planned draft: clause texts with cross-references, then the template skeleton."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Template
from jinja2.sandbox import SandboxedEnvironment

from treatykit.drafting.annexes import AnnexView, public_entries
from treatykit.drafting.deal import Party
from treatykit.drafting.document import Document, parse_draft_markdown
from treatykit.drafting.environment import (
    clause_values,
    join_filter,
    make_environment,
    render_bounded,
    render_snippet,
    template_error,
)
from treatykit.drafting.plan import Plan, Slot, index_slots
from treatykit.errors import InputError, TemplateError, TreatykitError
from treatykit.models import Library
from treatykit.textblocks import split_blocks

#: Names a template skeleton may use (docs/templates.md), besides its declared variables.
SKELETON_NAMES = ("title", "template", "doc_type", "stance", "parties", "party", "host",
                  "partner", "host_full", "partner_full", "place", "date", "languages",
                  "preamble", "recitals", "parts", "articles", "article_label", "ref", "has",
                  "refs", "annex", "annexes")
#: Names a template's own article texts and its title may use, besides its variables.
TEXT_NAMES = ("parties", "party", "host", "partner", "host_full", "partner_full", "place",
              "date", "languages", "article_label", "ref", "has", "refs", "annex")
#: Names the party designation pattern may use.
DESIGNATION_NAMES = ("name", "short", "role")


@dataclass(frozen=True)
class Reference:
    """A resolved `ref(...)`: which article refers to which."""

    source: str  # clause id or template article id
    from_article: int | None  # None: the preamble or the skeleton
    target: str
    to_article: int


@dataclass(frozen=True)
class Article:
    """An article as the skeleton sees it."""

    number: int
    title: str
    heading: str
    text: str
    provision: str
    clause: str


@dataclass(frozen=True)
class PartView:
    """A part as the skeleton sees it: its heading and articles."""

    title: str
    articles: tuple[Article, ...]


@dataclass(frozen=True)
class SignedParty:
    """A party as templates see it: the deal's party plus its rendered designation."""

    role: str
    name: str
    short: str
    term: str
    designation: str
    description: str
    signatory: str


@dataclass
class Rendered:
    """The outcome of rendering: the document, its source Markdown and the references."""

    document: Document
    source: str
    references: list[Reference]


def template_environment(plan: Plan, dirs: Sequence[Path]) -> SandboxedEnvironment:
    """The sandboxed environment for this template: its folder, then every template folder."""
    return _environment((plan.template.folder, *dirs))


@functools.lru_cache(maxsize=32)
def _environment(dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    # One per folder list, so a skeleton is compiled once per process (Jinja still
    # reloads a template file that changed on disk).
    return make_environment(dirs)


def render_plan(plan: Plan, library: Library, dirs: Sequence[Path]) -> Rendered:
    """Render every article, then the skeleton; parse the result into a Document."""
    env = template_environment(plan, dirs)
    resolver = _Resolver(plan, library)
    base = _base_context(plan, env, resolver)
    articles = [_article(plan, slot, base, env, resolver) for slot in plan.articles]
    preamble = _preamble_text(plan, base, env, resolver)
    context = dict(base, title=_title(plan, base, env), preamble=preamble,
                   recitals=[b.text for b in split_blocks(preamble)], articles=articles,
                   parts=_parts(plan, articles), ref=resolver.function(None, "the template"),
                   annexes=_annex_views(plan, resolver))
    name = f"{plan.template.id}/{plan.template.skeleton}"
    try:
        source = render_bounded(env.get_template(plan.template.skeleton, globals=None),
                                context, str(plan.template.folder / plan.template.skeleton))
    except TreatykitError:
        raise
    except Exception as exc:  # noqa: BLE001 - every Jinja failure maps to one message
        raise template_error(exc, _template_file(plan, exc, name)) from exc
    return Rendered(parse_draft_markdown(source), source, resolver.references)


def _annex_views(plan: Plan, resolver: _Resolver) -> list[AnnexView]:
    views = []
    for annex in (a for a in plan.template.annexes if a.id in resolver.cited):
        given = plan.deal.annexes.get(annex.id)
        entries = tuple(_annex_entry(plan, resolver, given.where, entry)
                        for entry in given.entries) if given else ()
        views.append(AnnexView(annex.id, annex.label, annex.title, annex.kind,
                               f"{annex.label}: {annex.title}", public_entries(entries)))
    return views


def _annex_entry(plan: Plan, resolver: _Resolver, where: str,
                 entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with its party named and its provision ids turned into article references."""
    at = where.rsplit(":", 1)[0] + ":" + entry["_line"]
    ready = dict(entry)
    if "party" in entry:
        party = plan.deal.party(entry["party"])
        if party is None:
            raise InputError(f"{at}: party '{entry['party']}' is no role of this deal",
                             hint="roles: " + ", ".join(p.role for p in plan.deal.parties))
        ready["party"] = party.short
        ready["role"] = party.role
    if "obligations" in entry:
        ready["obligations"] = [_obligation(resolver, at, o) for o in entry["obligations"]
                                if resolver.has(o, at)]
    if "article" in entry:
        ready["article"] = resolver.resolve(entry["article"], None, at) \
            if resolver.has(entry["article"], at) else ""
    return ready


def _obligation(resolver: _Resolver, at: str, provision: str) -> str:
    slot = resolver.slots[provision]
    return f"{slot.title} ({resolver.resolve(provision, None, at)})"


def _template_file(plan: Plan, exc: BaseException, fallback: str) -> str:
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    return str(name) if name else str(plan.template.folder / fallback.split("/", 1)[1])


def _base_context(plan: Plan, env: SandboxedEnvironment, resolver: _Resolver) -> dict[str, Any]:
    parties = [_signed(plan, p, env) for p in plan.deal.parties]
    by_role = {p.role: p for p in parties}
    host, partner = by_role["host"], by_role.get("partner", parties[1])
    context: dict[str, Any] = {name: var.default for name, var in plan.template.variables.items()}
    context.update({name: value for name, (value, _) in plan.deal.variables.items()})
    context.update(
        template=plan.template.id, doc_type=plan.template.doc_type, stance=plan.deal.stance,
        parties=parties, party=by_role, host=host.short, partner=partner.short,
        host_full=host.name, partner_full=partner.name,
        place=plan.deal.place or "[place]", date=plan.deal.date or "[date]",
        languages=list(plan.deal.languages), article_label=plan.template.article_label,
        has=resolver.has_function("the template"),
        refs=resolver.refs_function(None, "the template"),
        annex=resolver.annex_function("the template"),
    )
    return context


def _signed(plan: Plan, party: Party, env: SandboxedEnvironment) -> SignedParty:
    designation = party.designation or _render_text(
        env, plan.template.party_designation, dict(name=party.name, short=party.short,
                                                   role=party.role),
        f"{plan.template.source} (party_designation)")
    return SignedParty(party.role, party.name, party.short, party.term, designation,
                       party.description, party.signatory)


def _title(plan: Plan, base: dict[str, Any], env: SandboxedEnvironment) -> str:
    if plan.deal.title:
        return plan.deal.title
    return " ".join(_render_text(env, plan.template.title, base,
                                 f"{plan.template.source} (title)").split())


def _render_text(env: SandboxedEnvironment, text: str, context: dict[str, Any],
                 name: str) -> str:
    try:
        return render_bounded(_compiled_text(env, text), context, name)
    except TreatykitError:
        raise
    except Exception as exc:  # noqa: BLE001 - every Jinja failure maps to one message
        raise template_error(exc, name) from exc


@functools.lru_cache(maxsize=1024)
def _compiled_text(env: SandboxedEnvironment, text: str) -> Template:
    return env.from_string(text)


def _article(plan: Plan, slot: Slot, base: dict[str, Any], env: SandboxedEnvironment,
             resolver: _Resolver) -> Article:
    assert slot.number is not None
    text = _slot_text(plan, slot, base, env, resolver)
    label = plan.template.article_label
    clause_id = slot.clause.id if slot.clause else slot.entry.id
    return Article(slot.number, slot.title, f"{label} {slot.number}: {slot.title}",
                   text, slot.entry.id, clause_id)


def _slot_text(plan: Plan, slot: Slot, base: dict[str, Any], env: SandboxedEnvironment,
               resolver: _Resolver) -> str:
    if slot.clause is None:
        context = dict(base, ref=resolver.function(slot, slot.entry.id),
                       has=resolver.has_function(slot.entry.id),
                       refs=resolver.refs_function(slot, slot.entry.id),
                       annex=resolver.annex_function(slot.entry.id))
        name = f"{plan.template.source}:{slot.entry.line} ({slot.entry.id})"
        return _render_text(env, slot.entry.text or "", context, name).strip()
    values = clause_values(slot.clause.parameters, slot.values())
    values.update({k: base[k] for k in ("host", "partner", "host_full", "partner_full")})
    values["ref"] = resolver.function(slot, slot.clause.id)
    values["has"] = resolver.has_function(slot.clause.id)
    values["refs"] = resolver.refs_function(slot, slot.clause.id)
    values["annex"] = resolver.annex_function(slot.clause.id)
    # the clause file first: a user's --library clause that fails must be findable
    name = f"{slot.clause.source}: {slot.clause.id}" if slot.clause.source else slot.clause.id
    return render_snippet(slot.clause.text, values, name=name).strip()


def _preamble_text(plan: Plan, base: dict[str, Any], env: SandboxedEnvironment,
                   resolver: _Resolver) -> str:
    if plan.preamble is None:
        return ""
    return _slot_text(plan, plan.preamble, base, env, resolver)


def _parts(plan: Plan, articles: list[Article]) -> list[PartView]:
    by_number = {a.number: a for a in articles}
    views = []
    for index, part in enumerate(plan.template.parts):
        chosen = tuple(by_number[s.number] for s in plan.articles
                       if s.part == index and s.number is not None)
        if chosen:
            views.append(PartView(part.title, chosen))
    return views


class _Resolver:
    """Resolves `ref("id")` to "Article N" and records every reference made."""

    def __init__(self, plan: Plan, library: Library) -> None:
        self.plan = plan
        self.library = library
        self.slots = index_slots(plan.articles)
        self.references: list[Reference] = []
        self.annexes = {a.id: a for a in plan.template.annexes}
        self.cited: set[str] = set()

    def annex_function(self, source: str) -> Callable[[str], str]:
        def annex(annex_id: str) -> str:
            found = self.annexes.get(str(annex_id))
            if found is None:
                raise TemplateError(
                    f"annex('{annex_id}') in {source}: template '{self.plan.template.id}' "
                    "produces no such annex in this draft",
                    hint="annexes: " + (", ".join(self.annexes) or "none")
                         + "; add it under annexes: in template.yaml")
            self.cited.add(found.id)
            return found.label

        return annex

    def function(self, slot: Slot | None, source: str) -> Callable[[str], str]:
        def ref(target: str) -> str:
            return self.resolve(str(target), slot, source)

        return ref

    def has_function(self, source: str) -> Callable[[str], bool]:
        def has(target: str) -> bool:
            return self.has(str(target), source)

        return has

    def refs_function(self, slot: Slot | None, source: str) -> Callable[..., str]:
        def refs(*targets: str, last: str = "and") -> str:
            present = [str(t) for t in targets if self.has(str(t), source)]
            numbers = sorted({self.slots[t].number or 0 for t in present})
            for target in present:
                self.resolve(target, slot, source)  # recorded for --explain
            label = self.plan.template.article_label
            return join_filter([f"{label} {n}" for n in numbers], last)

        return refs

    def has(self, target: str, source: str) -> bool:
        """Whether an article of this draft implements `target` (provision, clause, article)."""
        found = self.slots.get(target)
        if found is not None:
            return found.number is not None
        if target in self.plan.omitted or target in self.library.provisions \
                or target in self.library.clauses:
            return False
        raise TemplateError(f"has('{target}') in {source}: unknown provision or clause "
                            f"'{target}'", hint="name a provision id ('treatykit provisions') "
                                                "or an article id of the template")

    def resolve(self, target: str, slot: Slot | None, source: str) -> str:
        found = self.slots.get(target)
        if found is None or found.number is None:
            raise self._missing(target, slot, source)
        number = slot.number if slot else None
        self.references.append(Reference(source, number, target, found.number))
        return f"{self.plan.template.article_label} {found.number}"

    def _missing(self, target: str, slot: Slot | None, source: str) -> TemplateError:
        where = f"ref('{target}') in {source}"
        if slot is not None and slot.number is not None:
            where += f" ({self.plan.template.article_label} {slot.number})"
        omitted = self.plan.omitted.get(target)
        if omitted is not None:
            return TemplateError(f"{where}: {target} is not in this draft: {omitted.detail}",
                                 hint=f"include {target}, or choose a clause for "
                                      f"{slot.entry.id if slot else 'it'} that does not refer "
                                      "to it")
        if target in self.library.provisions or target in self.library.clauses:
            return TemplateError(f"{where}: {target} is not part of this draft (template "
                                 f"'{self.plan.template.id}')",
                                 hint="choose a clause that does not refer to it, or a "
                                      "template that includes it")
        return TemplateError(f"{where}: unknown provision or clause '{target}'",
                             hint="refer to a provision id ('treatykit provisions')")
