"""Load clause libraries (folders of YAML files) into provisions and clauses.

This module checks structure, types, ranges and references. Checks that need Jinja
(variables used by a clause text, rendering with defaults) live in
`treatykit.drafting.checks`; `treatykit.validation` runs both.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from treatykit import limits
from treatykit.errors import InputError, Problem, StoreError
from treatykit.models import (
    CATEGORIES,
    DOC_TYPES,
    PARAM_TYPES,
    STANCES,
    Citation,
    Clause,
    ConflictRef,
    Library,
    Notes,
    Parameter,
    Provision,
)
from treatykit.yamlfile import LineDict, read_yaml

ENV_LIBRARY = "TREATYKIT_LIBRARY"
ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")
SCHEMA_VERSION = "1"

PROVISION_FIELDS = {"id", "category", "title", "summary", "keywords", "recognise"}
CLAUSE_FIELDS = {
    "id", "stance", "title", "version", "text", "parameters", "provenance", "notes",
    "related", "conflicts", "implements", "doc_types",
}
PARAMETER_FIELDS = {"type", "default", "help", "min", "max", "choices"}
CITATION_FIELDS = {"cite", "note", "verified"}
NOTES_FIELDS = {"protects", "pushback", "fallback"}
CONFLICT_FIELDS = {"with", "kind", "why", "resolve", "resolved_by"}
CONFLICT_KINDS = ("conflict", "tension")


#: Built-in data whose folder in a checkout differs from its name in the package.
_CHECKOUT_FOLDERS = {"deals": "corpus/deals"}


def builtin_dir(name: str) -> Path:
    """Folder of built-in data (`clauses`, `templates`, `playbooks`, example `deals`),
    installed or in a checkout."""
    here = Path(__file__).resolve().parent
    checkout = here.parents[1] / _CHECKOUT_FOLDERS.get(name, name)
    for candidate in (here / "data" / name, checkout):
        if candidate.is_dir():
            return candidate
    raise StoreError(f"built-in folder '{name}' is missing from the installation",
                     hint="reinstall treatykit")


def library_dirs(extra: Sequence[str | Path] = (), *, builtin: bool = True) -> list[Path]:
    """Built-in clauses first, then TREATYKIT_LIBRARY entries, then `--library` folders."""
    dirs = [builtin_dir("clauses")] if builtin else []
    env = os.environ.get(ENV_LIBRARY, "")
    named = [p for p in env.split(os.pathsep) if p.strip()] + [str(p) for p in extra]
    for entry in named:
        path = Path(entry).expanduser()
        if not path.is_dir():
            source = f"{ENV_LIBRARY}" if entry in env.split(os.pathsep) else "--library"
            raise InputError(f"{source}: '{entry}' is not a folder",
                             hint="point it at a folder of clause YAML files")
        if path.resolve() not in [d.resolve() for d in dirs]:
            dirs.append(path)
    return dirs


def library_files(dirs: Iterable[Path]) -> list[Path]:
    """Every clause file under `dirs`, in a stable order."""
    files: list[Path] = []
    for folder in dirs:
        found = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
        files.extend(sorted(found))
    return files


def library_digest(dirs: Iterable[Path]) -> str:
    """Content hash of every clause file; the store rebuilds when it changes."""
    digest = hashlib.sha256(f"schema:{SCHEMA_VERSION}".encode())
    for path in library_files(dirs):
        digest.update(str(path).encode())
        try:
            stat = path.stat()
            if stat.st_size > limits.YAML_BYTES.value:
                # refused when loaded; a 6 GB file must not be read whole to hash it
                digest.update(f"{stat.st_size}:{stat.st_mtime_ns}".encode())
                continue
            digest.update(path.read_bytes())
        except OSError as exc:
            digest.update(f"unreadable:{exc.errno}".encode())
    return digest.hexdigest()


def load_library(dirs: Sequence[Path]) -> tuple[Library, list[Problem]]:
    """Load every clause file under `dirs`; return what loaded and every problem found."""
    loader = _Loader(builtin=dirs[0] if dirs else None)
    for path in library_files(dirs):
        loader.load_file(path)
    loader.apply_recognise()
    loader.check_references()
    library = Library(
        provisions=loader.provisions,
        clauses=loader.clauses,
        sources=tuple(str(d) for d in dirs),
        digest=library_digest(dirs),
    )
    return library, loader.problems


class _Loader:
    """Accumulates provisions, clauses and problems across files."""

    def __init__(self, builtin: Path | None) -> None:
        self.builtin = builtin
        self.provisions: dict[str, Provision] = {}
        self.clauses: dict[str, Clause] = {}
        self.problems: list[Problem] = []
        self._refs: list[tuple[str, str, str, int | None, str]] = []
        self._recognise: list[tuple[str, int, str, dict[str, Any]]] = []

    def problem(self, file: str, message: str, *, line: int | None = None,
                clause: str | None = None, field: str | None = None,
                fix: str | None = None) -> None:
        self.problems.append(Problem(file, message, line, clause, field, fix))

    def load_file(self, path: Path) -> None:
        file = str(path)
        try:
            data = read_yaml(path)
        except InputError as exc:
            self.problem(file, exc.message.split(": ", 1)[-1], line=_line_from(exc.message),
                         fix=exc.hint or "correct the YAML syntax on that line")
            return
        if not isinstance(data, LineDict):
            self.problem(file, "a clause file must be a mapping with 'provision' and 'clauses'",
                         line=1, fix="see docs/clause-format.md")
            return
        self._unknown_fields(file, data, {"provision", "clauses", "recognise"}, None, "")
        provision_id = self._load_provision(file, data)
        if "recognise" in data:
            self._extend_recognise(file, data, provision_id)
            if "clauses" not in data:
                return
        clauses = data.get("clauses")
        if not isinstance(clauses, list) or not clauses:
            self.problem(file, "no clauses", line=data.line_of("clauses"), field="clauses",
                         fix="add a 'clauses:' list with at least one clause")
            return
        for index, raw in enumerate(clauses):
            if provision_id:
                self._load_clause(file, provision_id, raw, index)

    def _extend_recognise(self, file: str, data: LineDict, provision_id: str | None) -> None:
        """A file `provision: <id>` + `recognise:` adds review patterns to that provision."""
        if not isinstance(data.get("provision"), str) or not isinstance(data["recognise"], dict):
            self.problem(file, "a top-level 'recognise:' mapping needs 'provision: <existing id>'",
                         line=data.line_of("recognise"), field="recognise",
                         fix="put recognise: inside the provision mapping, or name the provision")
            return
        self._recognise.append((file, data.line_of("recognise"), str(provision_id),
                                dict(data["recognise"])))

    def _load_provision(self, file: str, data: LineDict) -> str | None:
        raw = data.get("provision")
        if isinstance(raw, str):
            return raw  # extends an existing provision; checked with the references
        if not isinstance(raw, LineDict):
            self.problem(file, "missing 'provision' mapping (or the id of an existing provision)",
                         line=data.line, field="provision",
                         fix="add 'provision:' with id, category, title and summary")
            return None
        self._unknown_fields(file, raw, PROVISION_FIELDS, None, "provision.")
        pid = self._required_text(file, raw, "id", None, "provision.")
        category = self._required_text(file, raw, "category", pid, "provision.")
        title = self._required_text(file, raw, "title", pid, "provision.")
        summary = self._required_text(file, raw, "summary", pid, "provision.")
        if pid is None:
            return None
        if not ID_PATTERN.match(pid):
            self.problem(file, f"invalid id '{pid}'", line=raw.line_of("id"), field="provision.id",
                         fix="use lower-case words joined by dots, e.g. transfers.free_transfer")
        if category is not None and category not in CATEGORIES:
            self.problem(file, f"unknown category '{category}'", line=raw.line_of("category"),
                         clause=pid, field="provision.category", fix=_suggest(category, CATEGORIES))
        if pid in self.provisions:
            self.problem(file, f"duplicate provision id '{pid}' (already in "
                         f"{self._origin(self.provisions[pid].source)})",
                         line=raw.line_of("id"), field="provision.id",
                         fix="rename it, or refer to the existing one with 'provision: <id>'")
            return pid
        keywords = raw.get("keywords") or []
        recognise = raw.get("recognise") or {}
        self.provisions[pid] = Provision(
            id=pid, category=category or "", title=title or "", summary=summary or "",
            keywords=tuple(str(k) for k in keywords) if isinstance(keywords, list) else (),
            recognise=dict(recognise) if isinstance(recognise, dict) else {},
            source=file,
        )
        return pid

    def _load_clause(self, file: str, provision_id: str, raw: Any, index: int) -> None:
        if not isinstance(raw, LineDict):
            self.problem(file, f"clause #{index + 1} is not a mapping", field="clauses",
                         fix="each clause is a mapping with id, stance, title, text, ...")
            return
        cid = self._required_text(file, raw, "id", None, "")
        if cid is None:
            return
        self._unknown_fields(file, raw, CLAUSE_FIELDS, cid, "")
        if not ID_PATTERN.match(cid) or not cid.startswith(provision_id + "."):
            self.problem(file, f"clause id '{cid}' must be '{provision_id}.<variant>'",
                         line=raw.line_of("id"), clause=cid, field="id",
                         fix=f"rename it, e.g. {provision_id}.balanced")
        if cid in self.clauses:
            self.problem(file, f"duplicate clause id '{cid}' (already in "
                         f"{self._origin(self.clauses[cid].source)})",
                         line=raw.line_of("id"), clause=cid, field="id",
                         fix="give the clause a new id")
            return
        stance = self._required_text(file, raw, "stance", cid, "")
        if stance is not None and stance not in STANCES:
            self.problem(file, f"unknown stance '{stance}'", line=raw.line_of("stance"),
                         clause=cid, field="stance", fix=_suggest(stance, STANCES))
        title = self._required_text(file, raw, "title", cid, "")
        text = self._required_text(file, raw, "text", cid, "")
        version = str(raw.get("version", "")).strip()
        if not version:
            self.problem(file, "missing version", line=raw.line, clause=cid, field="version",
                         fix="add version: \"1.0\"")
        self.clauses[cid] = Clause(
            id=cid, provision=provision_id, stance=stance or "", title=title or "",
            version=version, text=text or "",
            parameters=self._parameters(file, raw, cid),
            provenance=self._provenance(file, raw, cid),
            notes=self._notes(file, raw, cid),
            related=tuple(self._id_list(file, raw, cid, "related")),
            conflicts=self._conflicts(file, raw, cid),
            implements=tuple(self._id_list(file, raw, cid, "implements")),
            doc_types=self._doc_types(file, raw, cid),
            source=file, line=raw.line,
        )

    def _parameters(self, file: str, raw: LineDict, cid: str) -> tuple[Parameter, ...]:
        spec = raw.get("parameters")
        if spec is None:
            return ()
        if not isinstance(spec, LineDict):
            self.problem(file, "parameters must be a mapping of name -> definition",
                         line=raw.line_of("parameters"), clause=cid, field="parameters")
            return ()
        params = []
        for name, definition in spec.items():
            param = self._parameter(file, cid, str(name), definition, spec.line_of(str(name)))
            if param is not None:
                params.append(param)
        return tuple(params)

    def _parameter(self, file: str, cid: str, name: str, d: Any, line: int) -> Parameter | None:
        field = f"parameters.{name}"
        if not re.match(r"^[a-z][a-z0-9_]*$", name):
            self.problem(file, f"invalid parameter name '{name}'", line=line, clause=cid,
                         field=field, fix="use lower_snake_case")
            return None
        if not isinstance(d, LineDict):
            self.problem(file, "a parameter needs type, default and help", line=line, clause=cid,
                         field=field, fix="write it as a mapping: {type: pct, default: 30, ...}")
            return None
        self._unknown_fields(file, d, PARAMETER_FIELDS, cid, field + ".")
        ptype = d.get("type")
        if ptype not in PARAM_TYPES:
            self.problem(file, f"unknown type {ptype!r}", line=d.line_of("type"), clause=cid,
                         field=field + ".type", fix=_suggest(str(ptype), PARAM_TYPES))
            return None
        help_text = d.get("help")
        if not isinstance(help_text, str) or not help_text.strip():
            self.problem(file, "missing help text", line=d.line, clause=cid,
                         field=field + ".help", fix="say what the value controls, with its unit")
        choices = self._choices(file, cid, field, d, ptype)
        lo, hi = d.get("min"), d.get("max")
        for key, bound in (("min", lo), ("max", hi)):
            if bound is not None and (isinstance(bound, bool)
                                      or not isinstance(bound, (int, float))):
                self.problem(file, f"{key} must be a number", line=d.line_of(key), clause=cid,
                             field=f"{field}.{key}")
                lo, hi = (None, hi) if key == "min" else (lo, None)
        if lo is not None and hi is not None and lo > hi:
            self.problem(file, f"min {lo} is greater than max {hi}", line=d.line_of("min"),
                         clause=cid, field=field, fix="swap the bounds")
        param = Parameter(name=name, type=ptype, default=d.get("default"),
                          help=str(help_text or ""), min=lo, max=hi, choices=choices)
        if "default" not in d:
            self.problem(file, "missing default", line=d.line, clause=cid,
                         field=field + ".default", fix=f"add a default ({param.bounds_text()})")
            return param
        try:
            return Parameter(name=name, type=ptype, default=param.coerce(d["default"]),
                             help=param.help, min=lo, max=hi, choices=choices)
        except ValueError as exc:
            self.problem(file, f"default {d['default']!r} is invalid: {exc}",
                         line=d.line_of("default"), clause=cid, field=field + ".default",
                         fix=f"use a default within {param.bounds_text()}")
            return param

    def _choices(self, file: str, cid: str, field: str, d: LineDict,
                 ptype: str) -> dict[str, str] | None:
        raw = d.get("choices")
        if ptype not in ("enum", "list"):
            if raw is not None:
                self.problem(file, f"choices only apply to enum and list, not {ptype}",
                             line=d.line_of("choices"), clause=cid, field=field + ".choices")
            return None
        if isinstance(raw, list) and raw:
            return {str(v): str(v).replace("_", " ") for v in raw}
        if isinstance(raw, dict) and raw:
            return {str(k): str(v) for k, v in raw.items()}
        self.problem(file, f"a {ptype} parameter needs choices", line=d.line, clause=cid,
                     field=field + ".choices",
                     fix="add 'choices:' as a list or a mapping of value -> wording")
        return None

    def _provenance(self, file: str, raw: LineDict, cid: str) -> tuple[Citation, ...]:
        items = raw.get("provenance")
        if not isinstance(items, list) or not items:
            self.problem(file, "no provenance", line=raw.line_of("provenance"), clause=cid,
                         field="provenance",
                         fix="cite the real instruments it is modelled on, e.g. "
                             "- cite: \"US Model BIT 2012, Art. 7\"")
            return ()
        citations = []
        for item in items:
            if isinstance(item, str):
                item = {"cite": item}
            if not isinstance(item, dict) or not str(item.get("cite", "")).strip():
                self.problem(file, "each provenance entry needs 'cite'",
                             line=raw.line_of("provenance"), clause=cid, field="provenance")
                continue
            if isinstance(item, LineDict):
                self._unknown_fields(file, item, CITATION_FIELDS, cid, "provenance.")
            citations.append(Citation(cite=str(item["cite"]).strip(),
                                      note=str(item.get("note", "") or "").strip(),
                                      verified=bool(item.get("verified", False))))
        return tuple(citations)

    def _notes(self, file: str, raw: LineDict, cid: str) -> Notes:
        notes = raw.get("notes")
        if notes is None:
            self.problem(file, "missing negotiation notes", line=raw.line, clause=cid,
                         field="notes", fix="add notes: {protects, pushback, fallback}")
            return Notes()
        if not isinstance(notes, LineDict):
            self.problem(file, "notes must be a mapping", line=raw.line_of("notes"), clause=cid,
                         field="notes", fix="add notes: {protects, pushback, fallback}")
            return Notes()
        self._unknown_fields(file, notes, NOTES_FIELDS, cid, "notes.")
        return Notes(**{k: str(notes.get(k, "") or "").strip() for k in NOTES_FIELDS})

    def _conflicts(self, file: str, raw: LineDict, cid: str) -> tuple[ConflictRef, ...]:
        items = raw.get("conflicts") or []
        refs = []
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, LineDict) or not isinstance(item.get("with"), str):
                self.problem(file, "each conflict needs 'with: <clause or provision id>'",
                             line=raw.line_of("conflicts"), clause=cid, field="conflicts")
                continue
            self._unknown_fields(file, item, CONFLICT_FIELDS, cid, "conflicts.")
            kind = item.get("kind", "conflict")
            if kind not in CONFLICT_KINDS:
                self.problem(file, f"unknown conflict kind {kind!r}", line=item.line_of("kind"),
                             clause=cid, field="conflicts.kind",
                             fix=_suggest(str(kind), CONFLICT_KINDS))
            self._refs.append((file, cid, "conflicts.with", item.line_of("with"), item["with"]))
            refs.append(ConflictRef(target=item["with"], kind=str(kind),
                                    why=str(item.get("why", "") or "").strip(),
                                    resolve=str(item.get("resolve", "") or "").strip(),
                                    resolved_by=self._resolved_by(file, item, cid)))
        return tuple(refs)

    def _resolved_by(self, file: str, item: LineDict, cid: str) -> str:
        """The conflict's `resolved_by` pattern, checked to compile as a regular expression."""
        pattern = str(item.get("resolved_by", "") or "").strip()
        try:
            re.compile(pattern)
        except re.error as exc:
            self.problem(file, f"resolved_by is not a valid pattern ({exc})",
                         line=item.line_of("resolved_by"), clause=cid,
                         field="conflicts.resolved_by",
                         fix="write a regular expression, e.g. 'Annex II.{0,40}reserv'")
            return ""
        return pattern

    def _id_list(self, file: str, raw: LineDict, cid: str, key: str) -> list[str]:
        items = raw.get(key) or []
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            self.problem(file, f"{key} must be a list of ids", line=raw.line_of(key), clause=cid,
                         field=key)
            return []
        for item in items:
            self._refs.append((file, cid, key, raw.line_of(key), item))
        return list(items)

    def _doc_types(self, file: str, raw: LineDict, cid: str) -> tuple[str, ...]:
        items = raw.get("doc_types") or ["treaty"]
        bad = [i for i in items if i not in DOC_TYPES] if isinstance(items, list) else [items]
        if bad:
            self.problem(file, f"unknown doc_types {bad}", line=raw.line_of("doc_types"),
                         clause=cid, field="doc_types", fix=f"use {', '.join(DOC_TYPES)}")
            return ("treaty",)
        return tuple(items)

    def apply_recognise(self) -> None:
        """Merge separate recognition files into their provisions (cues are appended)."""
        for file, line, pid, data in self._recognise:
            provision = self.provisions.get(pid)
            if provision is None:
                self.problem(file, f"recognise: unknown provision '{pid}'", line=line,
                             field="provision", fix=_suggest(pid, self.provisions))
                continue
            merged = dict(provision.recognise)
            for key, value in data.items():
                if isinstance(value, list) and isinstance(merged.get(key), list):
                    merged[key] = merged[key] + value
                elif isinstance(value, dict) and isinstance(merged.get(key), dict):
                    merged[key] = {**merged[key], **value}
                else:
                    merged[key] = value
            sources = provision.recognise_source + (file,)
            self.provisions[pid] = replace(provision, recognise=merged, recognise_source=sources)

    def check_references(self) -> None:
        known = set(self.provisions) | set(self.clauses)
        for file, cid, field, line, target in self._refs:
            if target not in known:
                self.problem(file, f"unknown id '{target}'", line=line, clause=cid, field=field,
                             fix=_suggest(target, known))
        for clause in self.clauses.values():
            if clause.provision not in self.provisions:
                self.problem(clause.source, f"unknown provision '{clause.provision}'",
                             line=1, clause=clause.id, field="provision",
                             fix=_suggest(clause.provision, self.provisions))

    def _required_text(self, file: str, raw: LineDict, key: str, cid: str | None,
                       prefix: str) -> str | None:
        value = raw.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(file, f"missing or empty '{key}'", line=raw.line_of(key), clause=cid,
                         field=prefix + key, fix=f"add '{key}:' with a value")
            return None
        return value.strip() if key != "text" else value

    def _unknown_fields(self, file: str, raw: LineDict, allowed: set[str], cid: str | None,
                        prefix: str) -> None:
        for key in raw:
            if str(key) not in allowed:
                self.problem(file, f"unknown field '{key}'", line=raw.line_of(str(key)),
                             clause=cid, field=prefix + str(key), fix=_suggest(str(key), allowed))

    def _origin(self, source: str) -> str:
        if self.builtin and Path(source).is_relative_to(self.builtin):
            return f"the built-in library ({Path(source).name})"
        return source


def _suggest(value: str, options: Iterable[str]) -> str:
    # a YAML key may be a number, null or a boolean ('1: omit'): compare its text
    close = difflib.get_close_matches(str(value), [str(o) for o in options], n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    return "use one of: " + ", ".join(sorted(options)[:12])


def suggest_ids(value: str, options: Iterable[str], n: int = 3) -> list[str]:
    """Closest known ids to a mistyped one, for 'did you mean' messages."""
    # a YAML key may be a number, null or a boolean ('1: omit'): compare its text
    value, options = str(value), [str(o) for o in options]
    close = difflib.get_close_matches(value, options, n=n, cutoff=0.4)
    if not close:
        close = [o for o in options if value.split(".")[0] in o][:n]
    return close


def _line_from(message: str) -> int | None:
    match = re.search(r":(\d+): ", message)
    return int(match.group(1)) if match else None
