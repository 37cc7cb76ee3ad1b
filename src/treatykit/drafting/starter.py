"""A commented starting deal for a template (`treatykit init-deal TEMPLATE`).

Written from the template and the clause library, so it always names the provisions,
parameters and defaults the installed version has, and drafts as it stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from treatykit.drafting.templates import Template, find_template, template_dirs
from treatykit.models import STANCES, Clause, Library, Parameter

STARTER_STANCE = "balanced"


def starting_deal(template_id: str, *, templates: Sequence[str | Path] = (),
                  libraries: Sequence[str | Path] = ()) -> str:
    """The YAML text of a deal for `template_id`: parties to fill in, every provision the
    template uses with its parameters at their defaults, each line commented. The name of
    an example deal shipped with treatykit gives that example instead."""
    from treatykit.drafting.api import load_drafting_library

    examples = example_deals()
    if template_id in examples:
        return examples[template_id].read_text(encoding="utf-8")
    template = find_template(template_id, template_dirs(templates))
    library = load_drafting_library(libraries)
    lines = _head(template) + _variables(template) + ["", "provisions:"]
    for provision in template.provisions(optional=False) + template.provisions(optional=True):
        lines += _provision(provision, template, library)
    return "\n".join(lines) + "\n"


def example_deals() -> dict[str, Path]:
    """The example deal files shipped with treatykit, by name (file stem)."""
    from treatykit.errors import StoreError
    from treatykit.library import builtin_dir

    try:
        folder = builtin_dir("deals")
    except StoreError:
        return {}
    return {p.stem: p for p in sorted(folder.glob("*.yaml"))}


def _head(template: Template) -> list[str]:
    roles = [role for role in ("host", "partner") if role in template.roles]
    lines = [f"# A starting deal for the {template.name.lower()} template ({template.id}).",
             "# Fill in the [bracketed] values, change what your mandate needs, then:",
             "#   treatykit draft THIS_FILE -o draft.docx",
             "# Format: docs/templates.md. Lines starting with # are notes; delete them freely.",
             f"template: {template.id}",
             f"stance: {STARTER_STANCE}          # or {' | '.join(STANCES)}",
             "", "parties:"]
    for role in roles:
        lines += [f"  - role: {role}", f'    name: "[full name of the {role} State or party]"',
                  f'    short: "[short name of the {role}]"',
                  '    signatory: "[name and title]"']
    return lines + ["", 'place: "[place of signature]"',
                    "date: null            # null prints [date] until it is agreed",
                    "languages: [English]", "",
                    "document:              # the Word file's header and page",
                    "  version: 1           # 'Version 1' after the DRAFT legend",
                    "  date: null           # the draft's date in the header, e.g. 2026-12-05",
                    "  paper: a4            # or letter",
                    "  language: en-GB      # or en-US"]


def _variables(template: Template) -> list[str]:
    if not template.variables:
        return []
    lines = ["", "variables:"]
    for name, variable in template.variables.items():
        value = variable.default if variable.default is not None else f"[{name}]"
        lines.append(f"  {name}: {_yaml(value)}    # {variable.help}")
    return lines


def _provision(provision: str, template: Template, library: Library) -> list[str]:
    optional = provision in template.provisions(optional=True)
    note = "  # optional: 'omit' leaves it out" if optional else ""
    clause = _starter_clause(provision, template, library)
    if clause is None or not clause.parameters:
        return [f"  # {provision}: {STARTER_STANCE}{note}"]
    lines = [f"  {provision}:{note}", "    params:"]
    lines += [f"      {p.name}: {_yaml(p.default)}    # {_param_note(p)}"
              for p in clause.parameters]
    return lines


def _starter_clause(provision: str, template: Template, library: Library) -> Clause | None:
    fitting = [c for c in library.clauses.values() if c.provision == provision
               and template.doc_type in c.doc_types]
    return next((c for c in fitting if c.stance == STARTER_STANCE),
                fitting[0] if fitting else None)


def _param_note(param: Parameter) -> str:
    help_text = " ".join(param.help.split())
    bounds = param.bounds_text()
    return f"{help_text} ({bounds})" if bounds != param.type else help_text


def _yaml(value: Any) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if value is None:
        return "null"
    return json.dumps(str(value), ensure_ascii=False)
