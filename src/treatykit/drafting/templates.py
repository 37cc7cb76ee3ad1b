"""Document templates: a Jinja skeleton plus metadata saying which provisions go where.

A template folder holds `template.yaml` (metadata, docs/templates.md) and the Jinja
skeleton it names. Template folders are searched in order: `--templates` folders,
TREATYKIT_TEMPLATES entries, then the built-in `templates/`; the first template with
a given id wins, so a user can replace a built-in one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.errors import InputError, NotFoundError, TemplateError
from treatykit.library import ID_PATTERN, builtin_dir, suggest_ids
from treatykit.models import DOC_TYPES, STANCES
from treatykit.yamlfile import LineDict, read_yaml

ENV_TEMPLATES = "TREATYKIT_TEMPLATES"
TEMPLATE_FILE = "template.yaml"
TEMPLATE_FIELDS = ("id", "name", "description", "doc_type", "skeleton", "title",
                   "party_designation", "roles", "article_label", "variables", "preamble",
                   "parts", "annexes")
ANNEX_FIELDS = ("id", "label", "title", "kind")
#: What an annex holds; each kind has a partial `_partials/annex_<kind>.md.j2` and a deal
#: format (docs/templates.md, "Annexes and schedules").
ANNEX_KINDS = ("existing_measures", "reserved_sectors", "covered_minerals", "kpi_schedule",
               "tariff_schedule", "export_control_list", "protocol_outline", "schedule")
PART_FIELDS = ("title", "articles")
ENTRY_FIELDS = ("provision", "optional", "default", "title", "params")
OWN_ARTICLE_FIELDS = ("id", "title", "text")
VARIABLE_FIELDS = ("help", "default")


@dataclass(frozen=True)
class Entry:
    """One slot of the document: a provision (filled by a clause) or the template's own text."""

    id: str
    line: int
    provision: bool = True
    optional: bool = False
    default: str | None = None  # omit | a stance | a clause id
    title: str | None = None
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    text: str | None = None  # the template's own article text (Jinja)


@dataclass(frozen=True)
class Part:
    """A part or section of the document: a heading and its articles."""

    title: str
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Variable:
    """A value the template needs from the deal file (project name, licence number...)."""

    name: str
    help: str
    default: Any = None

    @property
    def required(self) -> bool:
        return self.default is None


@dataclass(frozen=True)
class Annex:
    """An annex or schedule the template can produce after its articles.

    A draft produces the annexes its text cites (`annex("id")`), in template order.
    """

    id: str
    label: str  # "Annex I", "Schedule 2": what the text cites
    title: str
    kind: str
    line: int


@dataclass(frozen=True)
class Template:
    """A document type: metadata plus the name of its Jinja skeleton."""

    id: str
    name: str
    description: str
    doc_type: str
    folder: Path
    skeleton: str
    title: str
    party_designation: str
    roles: dict[str, bool]  # role -> required
    article_label: str
    variables: dict[str, Variable]
    preamble: Entry | None
    parts: tuple[Part, ...]
    annexes: tuple[Annex, ...] = ()

    @property
    def source(self) -> Path:
        return self.folder / TEMPLATE_FILE

    def entries(self) -> list[Entry]:
        """Every slot in document order, the preamble first."""
        slots = [self.preamble] if self.preamble else []
        return slots + [e for part in self.parts for e in part.entries]

    def provisions(self, *, optional: bool) -> list[str]:
        return [e.id for e in self.entries() if e.provision and e.optional == optional]


def template_dirs(extra: Sequence[str | Path] = (), *, builtin: bool = True) -> list[Path]:
    """`--templates` folders, then TREATYKIT_TEMPLATES entries, then the built-in folder."""
    env = [p for p in os.environ.get(ENV_TEMPLATES, "").split(os.pathsep) if p.strip()]
    dirs: list[Path] = []
    for source, entries in (("--templates", [str(e) for e in extra]), (ENV_TEMPLATES, env)):
        for entry in entries:
            path = Path(entry).expanduser()
            if not path.is_dir():
                raise InputError(f"{source}: '{entry}' is not a folder",
                                 hint="point it at a folder of templates (docs/templates.md)")
            dirs.append(path)
    if builtin:
        dirs.append(builtin_dir("templates"))
    return dirs


def discover_templates(dirs: Sequence[Path]) -> dict[str, Path]:
    """Template id -> folder, first folder wins; a folder may itself be one template."""
    found: dict[str, Path] = {}
    for root in dirs:
        folders = [root] if (root / TEMPLATE_FILE).is_file() else sorted(
            p for p in root.iterdir() if (p / TEMPLATE_FILE).is_file())
        for folder in folders:
            found.setdefault(_template_id(folder), folder)
    return found


def _template_id(folder: Path) -> str:
    try:
        data = read_yaml(folder / TEMPLATE_FILE)
    except InputError:
        return folder.name
    tid = data.get("id") if isinstance(data, dict) else None
    return str(tid) if isinstance(tid, str) and tid.strip() else folder.name


def find_template(template_id: str, dirs: Sequence[Path], *, origin: str = "") -> Template:
    """Load the template with this id, or raise NotFoundError with suggestions."""
    found = discover_templates(dirs)
    if template_id not in found:
        close = suggest_ids(template_id, found)
        hint = ("did you mean " + " or ".join(f"'{c}'" for c in close) + "?") if close else \
            "run 'treatykit templates' to list them"
        where = f"{origin}: " if origin else ""
        raise NotFoundError(f"{where}unknown template '{template_id}'", hint=hint)
    return load_template(found[template_id])


def load_template(folder: Path) -> Template:
    """Read `template.yaml` in `folder`; structural errors name the file and line."""
    source = folder / TEMPLATE_FILE
    data = read_yaml(source)
    at = _At(source)
    if not isinstance(data, LineDict):
        raise TemplateError(f"{source}: template metadata must be a mapping",
                            hint="see docs/templates.md")
    _check_keys(at, data, TEMPLATE_FIELDS, "")
    doc_type = str(data.get("doc_type", "treaty"))
    if doc_type not in DOC_TYPES:
        raise TemplateError(f"{at(data, 'doc_type')}: unknown doc_type '{doc_type}'",
                            hint="use " + " or ".join(DOC_TYPES))
    return Template(
        id=_text(at, data, "id", folder.name), name=_text(at, data, "name", folder.name),
        description=" ".join(str(data.get("description") or "").split()), doc_type=doc_type,
        folder=folder,
        skeleton=_text(at, data, "skeleton", "document.md.j2"),
        title=_text(at, data, "title", None), article_label=_text(at, data, "article_label",
                                                                  "Article"),
        party_designation=_text(at, data, "party_designation", "{{ name }}"),
        roles=_roles(at, data), variables=_variables(at, data),
        preamble=_entry(at, data["preamble"], data, "preamble") if data.get("preamble") else None,
        parts=_parts(at, data), annexes=_annexes(at, data),
    )


class _At:
    def __init__(self, source: Path) -> None:
        self.source = source

    def __call__(self, data: LineDict, key: str | None = None) -> str:
        return f"{self.source}:{data.line_of(key) if key else data.line}"


def _check_keys(at: _At, data: LineDict, allowed: Sequence[str], what: str) -> None:
    for key in data:
        if str(key) not in allowed:
            close = suggest_ids(str(key), allowed, n=1)
            raise TemplateError(f"{at(data, str(key))}: unknown field '{what}{key}'",
                                hint=f"did you mean '{close[0]}'?" if close else
                                "allowed: " + ", ".join(allowed))


def _text(at: _At, data: LineDict, key: str, default: str | None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise TemplateError(f"{at(data, key)}: '{key}' must be non-empty text",
                            hint=f"add {key}: <text>")
    return value.strip()


def _roles(at: _At, data: LineDict) -> dict[str, bool]:
    raw = data.get("roles", ["host", "partner"])
    if isinstance(raw, list) and all(isinstance(r, str) for r in raw):
        raw = {r: True for r in raw}
    if not isinstance(raw, dict) or "host" not in raw or not all(
            isinstance(v, bool) for v in raw.values()):
        raise TemplateError(f"{at(data, 'roles')}: 'roles' must list the party roles, "
                            "including host", hint="roles: {host: true, partner: true, "
                                                   "province: false} (true = required)")
    return {str(k): bool(v) for k, v in raw.items()}


def _variables(at: _At, data: LineDict) -> dict[str, Variable]:
    raw = data.get("variables") or LineDict()
    if not isinstance(raw, LineDict):
        raise TemplateError(f"{at(data, 'variables')}: 'variables' must be a mapping",
                            hint="name -> {help: ..., default: ...}")
    variables = {}
    for name, spec in raw.items():
        if not isinstance(spec, LineDict) or not str(spec.get("help", "")).strip():
            raise TemplateError(f"{at(raw, str(name))}: variable '{name}' needs 'help'",
                                hint="say what the value is, e.g. help: name of the project")
        _check_keys(at, spec, VARIABLE_FIELDS, f"variables.{name}.")
        variables[str(name)] = Variable(str(name), str(spec["help"]).strip(), spec.get("default"))
    return variables


def _parts(at: _At, data: LineDict) -> tuple[Part, ...]:
    raw = data.get("parts")
    if not isinstance(raw, list) or not raw:
        raise TemplateError(f"{at(data, 'parts')}: 'parts' must list the document's parts",
                            hint="each with title and articles (docs/templates.md)")
    parts = []
    for item in raw:
        if not isinstance(item, LineDict) or not isinstance(item.get("articles"), list):
            raise TemplateError(f"{at(data, 'parts')}: each part needs 'title' and 'articles'")
        _check_keys(at, item, PART_FIELDS, "parts.")
        title = str(item.get("title") or "").strip()
        parts.append(Part(title, tuple(_entry(at, e, item, "articles")
                                       for e in item["articles"])))
    ids = [e.id for p in parts for e in p.entries]
    for entry_id in ids:
        if ids.count(entry_id) > 1:
            raise TemplateError(f"{at(data, 'parts')}: '{entry_id}' appears twice",
                                hint="each provision fills one article")
    return tuple(parts)


def _annexes(at: _At, data: LineDict) -> tuple[Annex, ...]:
    raw = data.get("annexes") or []
    if not isinstance(raw, list):
        raise TemplateError(f"{at(data, 'annexes')}: 'annexes' must be a list",
                            hint="each {id, label, title, kind}")
    annexes = [_annex(at, item, data) for item in raw]
    for field_name in ("id", "label"):
        values = [getattr(a, field_name) for a in annexes]
        for value in values:
            if values.count(value) > 1:
                raise TemplateError(f"{at(data, 'annexes')}: annex {field_name} '{value}' "
                                    "appears twice", hint="each annex has its own id and label")
    return tuple(annexes)


def _annex(at: _At, item: Any, parent: LineDict) -> Annex:
    if not isinstance(item, LineDict):
        raise TemplateError(f"{at(parent, 'annexes')}: an annex is a mapping",
                            hint="{id: kpi_schedule, label: Annex B, title: ..., kind: ...}")
    _check_keys(at, item, ANNEX_FIELDS, "annexes.")
    kind = _text(at, item, "kind", None)
    if kind not in ANNEX_KINDS:
        raise TemplateError(f"{at(item, 'kind')}: unknown annex kind '{kind}'",
                            hint="use one of " + ", ".join(ANNEX_KINDS))
    annex_id = _text(at, item, "id", None)
    if not re.fullmatch(r"[a-z][a-z0-9_]*", annex_id):
        raise TemplateError(f"{at(item, 'id')}: annex id '{annex_id}' is malformed",
                            hint="use lower-case words joined by '_', e.g. kpi_schedule")
    return Annex(id=annex_id, label=_text(at, item, "label", None),
                 title=_text(at, item, "title", None), kind=kind, line=item.line)


def _entry(at: _At, raw: Any, parent: LineDict, key: str) -> Entry:
    if isinstance(raw, str):
        return Entry(id=raw.strip(), line=parent.line_of(key))
    if not isinstance(raw, LineDict):
        raise TemplateError(f"{at(parent, key)}: an article is a provision id or a mapping",
                            hint="- equity.local_participation, or {provision: ..., optional: "
                                 "true}, or {id: ..., title: ..., text: ...}")
    if "text" in raw or "id" in raw:
        _check_keys(at, raw, OWN_ARTICLE_FIELDS, "")
        return Entry(id=_own_id(at, raw), line=raw.line, provision=False,
                     title=_text(at, raw, "title", None), text=_text(at, raw, "text", None))
    _check_keys(at, raw, ENTRY_FIELDS, "")
    optional = raw.get("optional", False)
    default = raw.get("default")
    if not isinstance(optional, bool):
        raise TemplateError(f"{at(raw, 'optional')}: 'optional' must be true or false")
    if default == "omit" and not optional:
        raise TemplateError(f"{at(raw, 'default')}: only an optional provision can default "
                            "to omit", hint="add optional: true")
    if default is not None and not isinstance(default, str):
        raise TemplateError(f"{at(raw, 'default')}: default must be omit, a stance or a "
                            "clause id", hint="e.g. default: omit")
    params = raw.get("params") or {}
    if not isinstance(params, dict):
        raise TemplateError(f"{at(raw, 'params')}: 'params' must be a mapping")
    title = raw.get("title")
    return Entry(id=_text(at, raw, "provision", None), line=raw.line, optional=optional,
                 default=default, title=str(title).strip() if title else None,
                 params=dict(params))


def _own_id(at: _At, raw: LineDict) -> str:
    entry_id = _text(at, raw, "id", None)
    if not ID_PATTERN.match(entry_id):
        raise TemplateError(f"{at(raw, 'id')}: article id '{entry_id}' is malformed",
                            hint="use lower-case words joined by dots, e.g. hga.force_majeure")
    return entry_id


def is_stance(value: str | None) -> bool:
    return value in STANCES
