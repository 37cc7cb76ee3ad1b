"""Check a template against the clause library and its own Jinja before anything is drafted.

At build time, not when a user drafts: every name a skeleton or template text uses must be provided or declared
(`jinja2.meta`), every provision id in the metadata must exist and have a clause that
fits the template's document type, and no text may reach for private attributes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from treatykit.drafting.environment import ID_FUNCTIONS, make_environment, referenced_ids
from treatykit.drafting.render import DESIGNATION_NAMES, SKELETON_NAMES, TEXT_NAMES
from treatykit.drafting.templates import Entry, Template
from treatykit.errors import Problem
from treatykit.library import suggest_ids
from treatykit.models import STANCES, Library, Parameter


def check_template(template: Template, library: Library, dirs: Sequence[Path]) -> list[Problem]:
    """Every problem of one template, located by file and line."""
    problems: list[Problem] = []
    own = {e.id for e in template.entries() if not e.provision}
    for entry in template.entries():
        if entry.provision:
            problems += _check_entry(template, entry, library)
        else:
            problems += _check_own_article(template, entry, library, own)
    problems += _check_variables(template)
    problems += _check_skeleton(template, dirs)
    source = str(template.source)
    variables = set(template.variables)
    problems += _check_text(source, None, template.title, set(TEXT_NAMES) | variables, "title")
    problems += _check_text(source, None, template.party_designation, set(DESIGNATION_NAMES),
                            "party_designation")
    return problems


def _check_entry(template: Template, entry: Entry, library: Library) -> list[Problem]:
    def problem(field: str, message: str, fix: str) -> Problem:
        return Problem(str(template.source), message, entry.line, None, field, fix)

    if entry.id not in library.provisions:
        close = suggest_ids(entry.id, library.provisions)
        return [problem("provision", f"unknown provision '{entry.id}'",
                        ("did you mean " + " or ".join(close) + "?") if close
                        else "run 'treatykit provisions' for the ids")]
    fitting = [c for c in library.clauses_for(entry.id) if template.doc_type in c.doc_types]
    problems = []
    if not fitting:
        problems.append(problem("provision", f"no clause of {entry.id} fits a {template.doc_type}",
                                f"add a clause with doc_types: [{template.doc_type}]"))
    default = entry.default
    if default and default != "omit" and default not in STANCES and \
            default not in {c.id for c in fitting}:
        problems.append(problem("default", f"default '{default}' is not omit, a stance or a "
                                           f"clause of {entry.id} that fits a {template.doc_type}",
                                "fitting clauses: " + (", ".join(c.id for c in fitting)
                                                       or "none")))
    declared = {p.name: p for c in fitting for p in c.parameters}
    for name, value in entry.params.items():
        message, fix = _param_problem(entry.id, name, value, declared)
        if message:
            problems.append(problem(f"params.{name}", message, fix))
    return problems


def _param_problem(provision: str, name: str, value: object,
                   declared: dict[str, Parameter]) -> tuple[str, str]:
    param = declared.get(name)
    if param is None:
        close = suggest_ids(name, declared)
        return (f"no clause of {provision} has a parameter '{name}'",
                ("did you mean " + " or ".join(close) + "?") if close
                else "parameters: " + (", ".join(declared) or "none"))
    try:
        param.coerce(value)
    except ValueError as exc:
        return f"{provision}.{name}: {exc}", f"allowed: {param.bounds_text()}"
    return "", ""


def _check_own_article(template: Template, entry: Entry, library: Library,
                       own: set[str]) -> list[Problem]:
    source = str(template.source)
    if entry.id in library.provisions or entry.id in library.clauses:
        return [Problem(source, f"article id '{entry.id}' is already a provision or clause id",
                        entry.line, None, "id", "give the template's own article another id")]
    names = set(TEXT_NAMES) | set(template.variables)
    problems = _check_text(source, entry.line, entry.text or "", names, entry.id)
    if problems:
        return problems
    known = set(library.provisions) | set(library.clauses) | own
    return [Problem(source, f"{function}('{target}') names an unknown provision or article",
                    entry.line, None, entry.id, "refer to a provision id or an article id")
            for function in ID_FUNCTIONS
            for target in referenced_ids(entry.text or "", function) if target not in known]


def _check_variables(template: Template) -> list[Problem]:
    clash = sorted(set(template.variables) & set(SKELETON_NAMES))
    return [Problem(str(template.source), f"variable '{name}' hides a name treatykit provides",
                    None, None, f"variables.{name}", "rename the variable")
            for name in clash]


def _check_skeleton(template: Template, dirs: Sequence[Path]) -> list[Problem]:
    env = make_environment([template.folder, *dirs])
    names = set(SKELETON_NAMES) | set(template.variables)
    problems: list[Problem] = []
    pending: list[tuple[str, str | None]] = [(template.skeleton, None)]
    seen: set[str] = set()
    while pending:
        name, parent = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        except jinja2.TemplateNotFound:
            if parent is None:
                problems.append(Problem(str(template.source), f"template file '{name}' not "
                                        "found", None, None, "skeleton",
                                        f"create {template.folder / name}"))
            else:  # an include: never a path outside the template folders
                problems.append(Problem(parent, f"included file '{name}' not found in the "
                                        "template folders", None, None, "include",
                                        "name a file inside the template's folder or a "
                                        "built-in partial such as _partials/articles.md.j2"))
            continue
        problems += _check_text(filename or name, None, source, names, None)
        pending += [(n, filename or name) for n in _included(env, source)]
    return problems


def _included(env: jinja2.Environment, source: str) -> list[str]:
    try:
        return [n for n in meta.find_referenced_templates(env.parse(source)) if n]
    except jinja2.TemplateSyntaxError:
        return []


def _check_text(file: str, line: int | None, text: str, names: set[str],
                field: str | None) -> list[Problem]:
    """Parse a Jinja text; report syntax errors, undeclared names and private attributes."""
    env = make_environment()
    offset = line or 0
    try:
        ast = env.parse(text)
    except jinja2.TemplateSyntaxError as exc:
        return [Problem(file, f"template syntax error: {exc.message}", offset + (exc.lineno or 0),
                        None, field, "check the {{ }} and {% %} tags on that line")]
    problems = [Problem(file, f"uses '{name}', which is neither provided nor declared",
                        offset + _first_line(ast, name), None, field,
                        "declare it under variables: in template.yaml, or use one of: "
                        + ", ".join(sorted(names)))
                for name in sorted(meta.find_undeclared_variables(ast) - names)]
    problems += [Problem(file, "refused: attribute names starting with '_' are not allowed",
                         offset + lineno, None, field,
                         "use only the variables and filters in docs/templates.md")
                 for lineno in _private_access(ast)]
    return problems


def _first_line(ast: nodes.Template, name: str) -> int:
    return next((n.lineno for n in ast.find_all(nodes.Name) if n.name == name), 0)


def _private_access(ast: nodes.Template) -> Iterable[int]:
    for node in ast.find_all((nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            attr: object = node.attr
        else:
            attr = getattr(getattr(node, "arg", None), "value", None)
        if isinstance(attr, str) and attr.startswith("_"):
            yield node.lineno
