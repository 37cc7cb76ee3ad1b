"""The drafting entry points the CLI calls: make a draft, explain it, list templates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from treatykit.drafting.conflicts import Conflict, find_conflicts
from treatykit.drafting.deal import apply_overrides, load_deal
from treatykit.drafting.document import Document
from treatykit.drafting.formats import to_markdown
from treatykit.drafting.plan import Plan, Slot, plan_draft
from treatykit.drafting.render import Reference, render_plan
from treatykit.drafting.template_checks import check_template
from treatykit.drafting.templates import (
    Template,
    discover_templates,
    find_template,
    load_template,
    template_dirs,
)
from treatykit.errors import InputError, LibraryError, Problem, TemplateError, TreatykitError
from treatykit.library import library_dirs, load_library
from treatykit.models import Library
from treatykit.validation import load_valid_library


@dataclass
class Draft:
    """A finished draft: the document, every decision behind it, and what to warn about."""

    plan: Plan
    document: Document
    references: list[Reference]
    conflicts: list[Conflict]
    warnings: list[str] = field(default_factory=list)

    @property
    def markdown(self) -> str:
        return to_markdown(self.document)

    def save(self, path: str | Path) -> None:
        """Write the draft to `path`, atomically; the extension picks the format (.md,
        .txt, .html, .docx)."""
        from treatykit.drafting.output import write_document

        write_document(self.document, Path(path))


def make_draft(deal_path: Path, *, sets: Sequence[str] = (), stance: str | None = None,
               templates: Sequence[str | Path] = (), libraries: Sequence[str | Path] = (),
               strict: bool = False, paper: str | None = None) -> Draft:
    """Load the deal, template and library; plan, check and render the draft.

    Raises a TreatykitError (exit 2) on any defect; with `strict`, a conflict between
    chosen clauses is one too. `paper` (a4 or letter) overrides the deal's `document.paper`.
    """
    library = load_drafting_library(libraries)
    deal = apply_overrides(load_deal(deal_path), sets, stance=stance,
                           provision_ids=library.provisions)
    dirs = template_dirs(templates)
    template = find_template(deal.template, dirs, origin=str(deal.template_origin))
    _raise_problems(check_template(template, library, dirs))
    plan = plan_draft(template, deal, library)
    conflicts = find_conflicts(plan)
    hard = [c for c in conflicts if c.kind == "conflict"]
    if strict and hard:
        raise InputError(hard[0].message(template.article_label) +
                         (f" (and {len(hard) - 1} more)" if len(hard) > 1 else ""),
                         hint="--strict refuses conflicting clauses; choose other clauses "
                              "with --set or in the deal file")
    rendered = render_plan(plan, library, dirs)
    presentation = deal.presentation if paper is None else \
        replace(deal.presentation, paper=paper)
    document = replace(rendered.document, presentation=presentation)
    warnings = plan.warnings + [c.message(template.article_label) for c in hard]
    return Draft(plan, document, rendered.references, conflicts, warnings)


def load_drafting_library(libraries: Sequence[str | Path] = ()) -> Library:
    """The clause library, structurally checked.

    The full text checks of `treatykit validate` (every clause rendered with its
    defaults) take about a second; a draft renders the clauses it uses, and any
    defect in those stops it with the same one-line errors.
    """
    library, problems = load_library(library_dirs(libraries))
    if problems:
        raise LibraryError(problems)
    return library


def _raise_problems(problems: list[Problem]) -> None:
    if problems:
        more = f" (and {len(problems) - 1} more: run 'treatykit templates')" \
            if len(problems) > 1 else ""
        raise TemplateError(problems[0].render() + more)


@dataclass(frozen=True)
class TemplateInfo:
    """A template as listed by `treatykit templates`, with its problems if any."""

    id: str
    folder: Path
    template: Template | None
    problems: list[Problem]


def list_templates(templates: Sequence[str | Path] = (),
                   libraries: Sequence[str | Path] = ()) -> list[TemplateInfo]:
    """Every template found, checked against the clause library."""
    library = load_valid_library(library_dirs(libraries))
    dirs = template_dirs(templates)
    infos = []
    for template_id, folder in discover_templates(dirs).items():
        infos.append(_info(template_id, folder, library, dirs))
    return infos


def _info(template_id: str, folder: Path, library: Library, dirs: list[Path]) -> TemplateInfo:
    try:
        template = load_template(folder)
    except TreatykitError as exc:
        problem = Problem.from_error(str(folder / "template.yaml"), exc)
        return TemplateInfo(template_id, folder, None, [problem])
    return TemplateInfo(template_id, folder, template, check_template(template, library, dirs))


def template_summary(info: TemplateInfo) -> dict[str, Any]:
    """A template as data (`treatykit templates --format json`)."""
    summary: dict[str, Any] = {"id": info.id, "folder": str(info.folder)}
    template = info.template
    if template is not None:
        summary.update(
            name=template.name, description=template.description,
            doc_type=template.doc_type, roles=template.roles,
            required=template.provisions(optional=False),
            optional=template.provisions(optional=True),
            parts=[{"title": p.title, "articles": [e.id for e in p.entries]}
                   for p in template.parts],
            variables={n: {"help": v.help, "default": v.default}
                       for n, v in template.variables.items()},
        )
    summary["problems"] = [p.render() for p in info.problems]
    return summary


def explain_draft(draft: Draft) -> dict[str, Any]:
    """Per article: the clause, why it was chosen, and each parameter with its origin."""
    plan = draft.plan
    slots = ([plan.preamble] if plan.preamble else []) + plan.articles
    return {
        "deal": str(plan.deal.path),
        "template": plan.template.id,
        "title": draft.document.title,
        "stance": plan.deal.stance,
        "stance_origin": str(plan.deal.stance_origin),
        "articles": [_explain_slot(s, draft.references) for s in slots],
        "omitted": [{"provision": o.provision, "reason": o.reason, "detail": o.detail}
                    for o in plan.omitted.values()],
        "conflicts": [conflict_json(c, plan.template.article_label) for c in draft.conflicts],
        "warnings": draft.warnings,
    }


def conflict_json(conflict: Conflict, label: str = "Article") -> dict[str, Any]:
    """A conflict in the shape review gives its conflicts (docs/json.md): two sides, each a
    provision, a clause and a location, then why and the way out."""
    def side(clause: str, number: int | None) -> dict[str, Any]:
        return {"provision": clause.rsplit(".", 1)[0], "clause": clause,
                "location": f"{label} {number}" if number else "Preamble"}

    return {"kind": conflict.kind, "a": side(conflict.clause, conflict.article),
            "b": side(conflict.other, conflict.other_article), "why": conflict.why,
            "resolve": conflict.resolve, "declared_by": conflict.clause}


def _explain_slot(slot: Slot, references: list[Reference]) -> dict[str, Any]:
    source = slot.clause.id if slot.clause else slot.entry.id
    return {
        "number": slot.number,
        "title": slot.title if slot.number else "Preamble",
        "provision": slot.entry.id,
        "clause": slot.clause.id if slot.clause else None,
        "stance": slot.clause.stance if slot.clause else None,
        "reason": slot.reason,
        "detail": slot.detail,
        "parameters": [{"name": s.name, "value": s.value, "origin": s.origin.kind,
                        "source": s.origin.where} for s in slot.settings],
        "references": [{"target": r.target, "article": r.to_article}
                       for r in references if r.source == source],
    }
