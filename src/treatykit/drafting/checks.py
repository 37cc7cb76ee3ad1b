"""Build-time checks of clause texts against their declared parameters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import jinja2

from treatykit.drafting.environment import (
    CLAUSE_CONTEXT,
    ID_FUNCTIONS,
    PREVIEW_CONTEXT,
    WORDS_LIMIT,
    clause_values,
    filtered_variables,
    referenced_ids,
    render_snippet,
    snippet_variables,
)
from treatykit.drafting.lint import find_defects
from treatykit.errors import Problem, TemplateError
from treatykit.library import suggest_ids
from treatykit.models import NUMERIC_TYPES, Clause, Library, Parameter


def check_clause_texts(library: Library) -> list[Problem]:
    """Every clause text must parse, use exactly its parameters, render with defaults and
    read correctly with its parameters varied and optional provisions absent."""
    problems: list[Problem] = []
    known = set(library.provisions) | set(library.clauses)
    for clause in library.clauses.values():
        found = check_clause_text(clause)
        if not any(p.message.startswith("template syntax") for p in found):
            found += _unknown_refs(clause, known)
        if not found:
            found = check_filter_ranges(clause) + check_clause_variants(clause)
        problems.extend(found)
    return problems


def _unknown_refs(clause: Clause, known: set[str]) -> list[Problem]:
    """`ref("id")` and `has("id")` must name a provision or clause of the library."""
    return [
        Problem(clause.source, f"{function}('{target}') names an unknown provision or clause",
                clause.line, clause.id, "text", fix=_did_you_mean(target, known))
        for function in ID_FUNCTIONS
        for target in referenced_ids(clause.text, function) if target not in known
    ]


def _did_you_mean(target: str, known: set[str]) -> str:
    close = suggest_ids(target, known)
    return ("did you mean " + " or ".join(close) + "?") if close else \
        "refer to an existing provision id"


def check_clause_text(clause: Clause) -> list[Problem]:
    where = dict(file=clause.source, clause=clause.id)
    try:
        used = snippet_variables(clause.text)
    except jinja2.TemplateSyntaxError as exc:
        return [Problem(**where, line=_text_line(clause, exc.lineno), field="text",
                        message=f"template syntax error: {exc.message}",
                        fix="check the {{ }} and {% %} tags")]
    declared = {p.name for p in clause.parameters}
    problems = [
        Problem(**where, line=clause.line, field="text",
                message=f"uses '{name}' but it is not declared",
                fix=f"declare it under parameters: (or use one of {', '.join(CLAUSE_CONTEXT)})")
        for name in sorted(used - declared - set(CLAUSE_CONTEXT))
    ]
    problems += [
        Problem(**where, line=clause.line, field=f"parameters.{name}",
                message=f"parameter '{name}' is declared but the text never uses it",
                fix="use it in the text or remove the declaration")
        for name in sorted(declared - used)
    ]
    if problems:
        return problems
    try:
        render_clause_preview(clause)
    except TemplateError as exc:
        problems.append(Problem(**where, line=clause.line, field="text",
                                message=f"does not render with its defaults: {exc.message}",
                                fix="make the text render with the default parameter values"))
    return problems


def check_filter_ranges(clause: Clause) -> list[Problem]:
    """Every value a parameter allows must be one its filters can render: `words` spells
    whole numbers from 0 below WORDS_LIMIT, so its parameter needs a min and max inside."""
    params = {p.name: p for p in clause.parameters}
    return [
        Problem(clause.source, f"'{name} | words' cannot spell every value of {name} "
                f"({params[name].bounds_text()})", clause.line, clause.id,
                f"parameters.{name}",
                fix=f"give {name} a min of 0 or more and a max below {WORDS_LIMIT:,}, "
                    "or print it without | words")
        for name in sorted(filtered_variables(clause.text, "words"))
        if name in params and not _words_can_spell(params[name])
    ]


def _words_can_spell(param: Parameter) -> bool:
    if param.type not in NUMERIC_TYPES:
        return False
    low, high = param.min, param.max
    if param.type == "pct":  # a percentage is 0-100 unless its declaration narrows it
        low, high = (0 if low is None else low), (100 if high is None else high)
    return low is not None and low >= 0 and high is not None and high < WORDS_LIMIT


def render_clause_preview(clause: Clause, values: dict[str, object] | None = None) -> str:
    """The clause text rendered with defaults (or `values`) and placeholder party names."""
    context = dict(PREVIEW_CONTEXT)
    context.update(clause_values(clause.parameters, {**clause.defaults(), **(values or {})}))
    return render_snippet(clause.text, context, name=clause.id).strip() + "\n"


#: Party names for the variant checks: lower case, like "the United States", so that a
#: sentence starting with `{{ partner }}` shows.
LINT_CONTEXT: dict[str, object] = dict(
    PREVIEW_CONTEXT, host="the Host State", partner="the Other Party",
    host_full="the Republic of the Host State", partner_full="the Kingdom of the Other Party")


def check_clause_variants(clause: Clause) -> list[Problem]:
    """Render the clause with its defaults and each value varied; report drafting defects.

    Variants: every `has(...)` false; each bool flipped; each list emptied and cut to one
    item; each other enum choice. A defect is reported once, with the first variant
    that shows it.
    """
    seen: dict[str, Problem] = {}
    for label, values, context in _variants(clause):
        try:
            text = _render_variant(clause, values, context)
        except TemplateError as exc:
            defects = [f"does not render: {exc.message}"]
        else:
            defects = find_defects(text)
        for defect in defects:
            seen.setdefault(defect, Problem(
                clause.source, f"{defect} (with {label})", clause.line, clause.id, "text",
                fix="make the text read correctly for that value (docs/clause-format.md, "
                    "'Writing the text')"))
    return list(seen.values())


def _variants(clause: Clause) -> Iterator[tuple[str, dict[str, Any], dict[str, object]]]:
    yield "its defaults", {}, LINT_CONTEXT
    if referenced_ids(clause.text, "has") or referenced_ids(clause.text, "refs"):
        yield "every has(...) false", {}, dict(LINT_CONTEXT, has=lambda target: False,
                                                refs=lambda *targets, last="and": "")
    for param in clause.parameters:
        for value in _varied_values(param):
            yield f"{param.name} = {_show(value)}", {param.name: value}, LINT_CONTEXT


def _varied_values(param: Parameter) -> list[Any]:
    if param.type == "bool":
        return [not param.default]
    if param.type == "list":
        first = (param.default or list(param.choices or {}))[:1]
        return [[], first] if len(param.default or []) != 1 else [[]]
    if param.type == "enum":
        return [c for c in param.choices or {} if c != param.default]
    return []


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(value) + "]"
    return str(value)


def _render_variant(clause: Clause, values: dict[str, Any], context: dict[str, object]) -> str:
    ready = dict(context)
    ready.update(clause_values(clause.parameters, {**clause.defaults(), **values}))
    return render_snippet(clause.text, ready, name=clause.id)


def _text_line(clause: Clause, lineno: int | None) -> int | None:
    if clause.line is None or lineno is None:
        return clause.line
    return clause.line + lineno  # approximate: the text block starts below the clause id


def check_builtin_templates(library: Library) -> list[Problem]:
    """Problems of the built-in templates against this library (at build time, not when a user drafts).

    User template folders are checked by `treatykit templates` and before each draft.
    """
    from treatykit.drafting.template_checks import check_template
    from treatykit.drafting.templates import discover_templates, load_template
    from treatykit.library import builtin_dir

    dirs = [builtin_dir("templates")]
    problems: list[Problem] = []
    for folder in discover_templates(dirs).values():
        try:
            problems += check_template(load_template(folder), library, dirs)
        except TemplateError as exc:
            problems.append(Problem.from_error(str(folder / "template.yaml"), exc))
    return problems
