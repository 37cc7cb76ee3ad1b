"""Playbooks: negotiating mandates as data (YAML), loaded and checked without spaCy."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.errors import InputError, NotFoundError
from treatykit.library import builtin_dir
from treatykit.models import STANCES, Library
from treatykit.yamlfile import LineDict, read_yaml

SEVERITIES = ("must", "should")
BEARERS = ("host_state", "investor", "both", "any")
POLARITIES = ("obligation", "prohibition", "permission", "binding")
MATCHES = ("operative", "mention", "preamble")
OPS = (">=", "<=", ">", "<", "==", "!=", "in", "not_in", "contains", "contains_any",
       "subset_of", "present")
REQUIREMENT_FIELDS = {"id", "provision", "aspect", "severity", "bears", "polarity", "match",
                      "constraints", "report", "title", "note", "elements"}
ELEMENT_FIELDS = ("aspect", "polarity", "against")
ENV_PLAYBOOKS = "TREATYKIT_PLAYBOOKS"


@dataclass(frozen=True)
class Constraint:
    """A condition on a parameter's value extracted from the draft."""

    param: str
    op: str
    value: Any = None

    def check(self, found: Any) -> bool:
        """True when `found` (extracted from the text) satisfies this constraint."""
        op, want = self.op, self.value
        if op == "present":
            return found is not None and found != []
        if found is None:
            return False
        if op in ("contains", "contains_any", "subset_of"):
            have = set(found) if isinstance(found, (list, tuple, set)) else {found}
            wanted = set(want) if isinstance(want, (list, tuple, set)) else {want}
            if op == "contains":
                return wanted <= have
            if op == "contains_any":
                return bool(wanted & have)
            return bool(have) and have <= wanted
        if op in ("in", "not_in"):
            return (found in want) == (op == "in")
        try:
            return _compare(op, found, want)
        except TypeError:
            return False

    def describe(self) -> str:
        if self.op == "present":
            return f"{self.param} stated"
        want = ", ".join(map(str, self.value)) if isinstance(self.value, list) else self.value
        return f"{self.param} {self.op} {want}"

    def wanted(self, kind: str = "") -> str:
        """What the mandate needs, in words: "at least 30 per cent", "one of ICSID, UNCITRAL"."""
        if self.op == "present":
            return "the figure stated"
        return f"{_OP_WORDS.get(self.op, self.op)} {amount(self.value, kind)}"


_OP_WORDS = {">=": "at least", "<=": "at most", ">": "more than", "<": "less than",
             "==": "exactly", "!=": "anything but", "contains": "all of",
             "contains_any": "one of", "subset_of": "only", "in": "one of", "not_in": "none of"}
_UNITS = {"percent": ("per cent", "per cent"), "days": ("day", "days"),
          "months": ("month", "months"), "years": ("year", "years")}
_FORUMS = {"icsid": "ICSID", "icsid_af": "the ICSID Additional Facility",
           "uncitral": "UNCITRAL rules", "pca": "the PCA", "icc": "the ICC", "scc": "the SCC",
           "lcia": "the LCIA", "domestic_courts": "the host's courts"}


def amount(value: Any, kind: str = "") -> str:
    """A value as a reader writes it: "30 per cent", "6 months", "USD 1,000,000", "ICSID"."""
    if isinstance(value, (list, tuple)):
        return ", ".join(amount(v, kind) for v in value) or "none"
    if isinstance(value, str):
        return _FORUMS.get(value, value) if kind == "forum" else value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    number = f"{value:,}" if isinstance(value, int) and abs(value) >= 10000 else str(value)
    if kind == "usd":
        return f"USD {number}"
    one, many = _UNITS.get(kind, ("", ""))
    unit = one if value == 1 else many
    return f"{number} {unit}" if unit else number


def _compare(op: str, found: Any, want: Any) -> bool:
    if op == ">=":
        return found >= want
    if op == "<=":
        return found <= want
    if op == ">":
        return found > want
    if op == "<":
        return found < want
    if op == "==":
        return found == want
    return found != want


@dataclass(frozen=True)
class Element:
    """An element a composite requirement needs: an aspect of its provision stated in binding
    operative text (`polarity`), and optionally an aspect whose permissive statement denies
    it (`against`: armed forces "may be assigned to the routine protection" of sites)."""

    aspect: str
    polarity: str = "binding"
    against: str | None = None


@dataclass(frozen=True)
class Requirement:
    """One provision a mandate demands, with its severity and constraints."""

    id: str
    provision: str
    severity: str = "must"
    bears: str = "any"
    polarity: str = "obligation"
    match: str = "operative"
    aspect: str | None = None
    constraints: tuple[Constraint, ...] = ()
    report: str | None = None
    title: str = ""
    note: str = ""
    elements: tuple[Element, ...] = ()


@dataclass(frozen=True)
class Playbook:
    """A negotiating mandate: who it serves, which stance it prefers, what it requires."""

    id: str
    title: str
    stance: str
    description: str
    requirements: tuple[Requirement, ...]
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)


def playbook_dirs(extra: tuple[str, ...] = ()) -> list[Path]:
    """Built-in playbooks, then TREATYKIT_PLAYBOOKS folders, then --playbooks folders."""
    dirs = [builtin_dir("playbooks")]
    env = [p for p in os.environ.get(ENV_PLAYBOOKS, "").split(os.pathsep) if p.strip()]
    for source, entries in ((ENV_PLAYBOOKS, env), ("--playbooks", list(extra))):
        for entry in entries:
            path = Path(entry).expanduser()
            if not path.is_dir():
                raise InputError(f"{source}: '{entry}' is not a folder",
                                 hint="point it at a folder of playbook YAML files")
            if path.resolve() not in [d.resolve() for d in dirs]:
                dirs.append(path)
    return dirs


def list_playbooks(extra: tuple[str, ...] = ()) -> dict[str, Path]:
    """Playbook id (the file name) -> file; an id defined twice is an error, never a silent
    choice of one of the two files."""
    found: dict[str, Path] = {}
    for folder in playbook_dirs(extra):
        for path in sorted(folder.glob("*.y*ml")):
            if path.stem in found:
                raise InputError(f"{path}: playbook '{path.stem}' is already defined by "
                                 f"{found[path.stem]}",
                                 hint="rename your file: a playbook's id is its file name")
            found[path.stem] = path
    return found


def find_playbook(name: str, extra: tuple[str, ...] = ()) -> Path:
    """A playbook by id (built-in or from TREATYKIT_PLAYBOOKS) or by file path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    if path.suffix in (".yaml", ".yml") or "/" in name or os.sep in name:
        raise NotFoundError(f"{name}: no such playbook file",
                            hint="check the path, or give a playbook id from 'treatykit "
                                 "playbooks'")
    known = list_playbooks(extra)
    if name in known:
        return known[name]
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.4)
    hint = ("did you mean " + ", ".join(close) + "?") if close else \
        "known playbooks: " + ", ".join(sorted(known))
    raise NotFoundError(f"unknown playbook '{name}'", hint=hint)


def load_playbook(path: Path, library: Library | None = None) -> Playbook:
    """Read and check a playbook; every error names the file, line and field."""
    data = read_yaml(path)
    file = str(path)
    if not isinstance(data, LineDict) or not isinstance(data.get("playbook"), LineDict):
        raise InputError(f"{file}: a playbook needs a 'playbook:' mapping and 'requirements:'",
                         hint="see docs/review.md")
    meta = data["playbook"]
    stance = meta.get("stance", "balanced")
    if stance not in STANCES:
        raise InputError(f"{file}:{meta.line_of('stance')}: playbook.stance: unknown stance "
                         f"'{stance}'", hint=f"use one of {', '.join(STANCES)}")
    items = data.get("requirements")
    if not isinstance(items, list) or not items:
        raise InputError(f"{file}: requirements: no requirements",
                         hint="add a list of requirements")
    _check_parties(file, meta)
    _check_text(file, meta, ("id", "title", "description"), "playbook.")
    requirements = tuple(_requirement(file, item, library) for item in items)
    ids = [r.id for r in requirements]
    duplicate = next((i for i in ids if ids.count(i) > 1), None)
    if duplicate:
        raise InputError(f"{file}: requirements: duplicate requirement id '{duplicate}'")
    return Playbook(id=str(meta.get("id", path.stem)), title=str(meta.get("title", path.stem)),
                    stance=stance, description=str(meta.get("description", "")).strip(),
                    requirements=requirements, source=file,
                    extra={k: v for k, v in meta.items()
                           if k not in ("id", "title", "stance", "description")})


def _check_parties(file: str, meta: LineDict) -> None:
    """`parties:` names the host and partner States: {host: [names], partner: [names]}."""
    parties = meta.get("parties")
    if parties is None:
        return
    ok = isinstance(parties, dict) and set(parties) <= {"host", "partner"} and all(
        isinstance(v, list) and all(isinstance(n, str) for n in v) for v in parties.values())
    if not ok:
        raise InputError(f"{file}:{meta.line_of('parties')}: playbook.parties must map host and "
                         "partner to lists of names",
                         hint="e.g. parties: {host: [Pakistan], partner: [the United States]}")


def _check_text(file: str, data: LineDict, keys: tuple[str, ...], what: str) -> None:
    """Refuse a list, mapping or boolean where a playbook field is text (a title written as
    a mapping was printed as Python's rendering of it)."""
    for key in keys:
        value = data.get(key)
        if value is not None and (isinstance(value, bool)
                                  or not isinstance(value, (str, int, float))):
            raise InputError(f"{file}:{data.line_of(key)}: {what}{key} must be text, not "
                             f"{_kind(value)}", hint=f"write {key}: <text>")


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    return "a list" if isinstance(value, list) else "a mapping" if isinstance(value, dict) \
        else type(value).__name__


def _requirement(file: str, item: Any, library: Library | None) -> Requirement:
    if not isinstance(item, LineDict):
        raise InputError(f"{file}: requirements: each requirement must be a mapping")
    where = f"{file}:{item.line}"
    unknown = set(map(str, item)) - REQUIREMENT_FIELDS
    if unknown:
        key = sorted(unknown)[0]
        raise InputError(f"{file}:{item.line_of(key)}: requirement field '{key}' is unknown",
                         hint="fields: " + ", ".join(sorted(REQUIREMENT_FIELDS)))
    for key in ("id", "provision"):
        if not isinstance(item.get(key), str):
            raise InputError(f"{where}: requirement needs '{key}'")
    rid, provision = item["id"], item["provision"]
    _check_text(file, item, ("aspect", "title", "note", "report"), f"requirement '{rid}': ")
    if not isinstance(item.get("constraints") or [], list):
        raise InputError(f"{file}:{item.line_of('constraints')}: requirement '{rid}': "
                         "constraints must be a list", hint="e.g. constraints: "
                         "[{param: max_delay_days, op: '<=', value: 30}]")
    if library is not None and provision not in library.provisions:
        close = difflib.get_close_matches(provision, list(library.provisions), n=3, cutoff=0.4)
        raise InputError(f"{file}:{item.line_of('provision')}: requirement '{rid}': unknown "
                         f"provision '{provision}'",
                         hint=("did you mean " + ", ".join(close) + "?") if close else None)
    aspect = item.get("aspect")
    if library is not None and aspect is not None:
        known = (library.provisions[provision].recognise.get("aspects") or {})
        if aspect not in known:
            raise InputError(f"{file}:{item.line_of('aspect')}: requirement '{rid}': provision "
                             f"'{provision}' has no aspect '{aspect}'",
                             hint=("its aspects: " + ", ".join(sorted(map(str, known))))
                             if known else "it declares no aspects in its recognise: data")
    checks = {"severity": SEVERITIES, "bears": BEARERS, "polarity": POLARITIES, "match": MATCHES}
    values = {k: item.get(k, default) for k, default in
              (("severity", "must"), ("bears", "any"), ("polarity", "obligation"),
               ("match", "operative"))}
    for key, allowed in checks.items():
        if values[key] not in allowed:
            raise InputError(f"{file}:{item.line_of(key)}: requirement '{rid}': {key} "
                             f"'{values[key]}' is not one of {', '.join(allowed)}")
    constraints = tuple(_constraint(file, rid, c) for c in item.get("constraints") or [])
    if library is not None:
        _check_value_names(file, rid, item, provision, library)
    elements = _elements(file, rid, item, library)
    return Requirement(id=rid, provision=provision, aspect=item.get("aspect"),
                       constraints=constraints, elements=elements,
                       report=item.get("report"), title=str(item.get("title", "")),
                       note=str(item.get("note", "")).strip(), **values)


def _elements(file: str, rid: str, item: LineDict, library: Library | None) -> tuple[Element, ...]:
    """`elements:` a list of aspect names, or mappings {aspect, polarity, against}; every aspect
    must be one the provision declares."""
    raw = item.get("elements")
    if raw is None:
        return ()
    line = item.line_of("elements")
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{file}:{line}: requirement '{rid}': elements must be a list of "
                         "aspect names or {aspect, polarity, against} mappings")
    known: set[str] | None = None
    if library is not None:
        recognise = library.provisions[item["provision"]].recognise or {}
        known = set(map(str, recognise.get("aspects") or {}))
    return tuple(_element(file, rid, entry, line, known, str(item["provision"]))
                 for entry in raw)


def _element(file: str, rid: str, entry: Any, line: int, known: set[str] | None,
             provision: str) -> Element:
    spec = {"aspect": entry} if isinstance(entry, str) else entry
    where = f"{file}:{getattr(entry, 'line', line)}: requirement '{rid}'"
    if not isinstance(spec, dict) or not isinstance(spec.get("aspect"), str):
        raise InputError(f"{where}: an element needs an aspect name",
                         hint="e.g. elements: [civilian_led, {aspect: x, against: y}]")
    unknown = set(map(str, spec)) - set(ELEMENT_FIELDS)
    if unknown:
        raise InputError(f"{where}: element field '{sorted(unknown)[0]}' is unknown",
                         hint="fields: " + ", ".join(ELEMENT_FIELDS))
    polarity = spec.get("polarity", "binding")
    if polarity not in POLARITIES:
        raise InputError(f"{where}: element '{spec['aspect']}' polarity '{polarity}' is not "
                         f"one of {', '.join(POLARITIES)}")
    for key in ("aspect", "against"):
        name = spec.get(key)
        if name is not None and known is not None and str(name) not in known:
            raise InputError(f"{where}: element {key} '{name}' is not an aspect of "
                             f"{provision}",
                             hint=("its aspects: " + ", ".join(sorted(known))) if known
                             else "the provision declares no aspects in its recognise: data")
    against = spec.get("against")
    return Element(str(spec["aspect"]), str(polarity), str(against) if against else None)


def _check_value_names(file: str, rid: str, item: LineDict, provision: str,
                       library: Library) -> None:
    """A constraint or report on a value review never reads (a typo such as
    'local_equty_pct') would silently never be checked: refuse it, and a percentage
    outside 0 to 100."""
    recognise = library.provisions[provision].recognise or {}
    known = set(recognise.get("values") or {})
    for aspect in (recognise.get("aspects") or {}).values():
        if isinstance(aspect, dict):
            known |= set(aspect.get("values") or {})
    named = [(c, c.line) for c in item.get("constraints") or [] if isinstance(c, LineDict)]
    for name, line in [(str(c["param"]), line) for c, line in named] + (
            [(str(item["report"]), item.line_of("report"))] if item.get("report") else []):
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
            raise InputError(f"{file}:{line}: requirement '{rid}': review reads no value "
                             f"'{name}' for {provision}",
                             hint=("did you mean " + ", ".join(close) + "?") if close else
                             "values it reads: " + (", ".join(sorted(known)) or "none"))
    pct = {p.name for c in library.clauses.values() if c.provision == provision
           for p in c.parameters if p.type == "pct"}
    for raw, line in named:
        value = raw.get("value")
        if raw["param"] in pct and isinstance(value, (int, float)) and not 0 <= value <= 100:
            raise InputError(f"{file}:{line}: requirement '{rid}': {raw['param']} {raw['op']} "
                             f"{value} is not a percentage between 0 and 100")


def _constraint(file: str, rid: str, raw: Any) -> Constraint:
    if not isinstance(raw, LineDict) or "param" not in raw or "op" not in raw:
        line = raw.line if isinstance(raw, LineDict) else "?"
        raise InputError(f"{file}:{line}: requirement '{rid}': a constraint needs param and op",
                         hint="op is one of " + " ".join(OPS))
    if raw["op"] not in OPS:
        raise InputError(f"{file}:{raw.line}: requirement '{rid}': unknown operator "
                         f"'{raw['op']}' in the constraint on '{raw['param']}'",
                         hint="op is one of " + " ".join(OPS))
    if raw["op"] != "present" and "value" not in raw:
        raise InputError(f"{file}:{raw.line}: requirement '{rid}': constraint on "
                         f"'{raw['param']}' needs a value")
    return Constraint(param=str(raw["param"]), op=raw["op"], value=raw.get("value"))


def describe_playbooks(extra: tuple[str, ...] = (),
                       libraries: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Every known playbook with its requirements, checked against the clause library; a
    playbook that does not load is listed with its `problem` instead."""
    from treatykit.library import library_dirs, load_library

    library, _ = load_library(library_dirs(libraries))
    out = []
    for name, path in list_playbooks(extra).items():
        try:
            out.append(playbook_summary(load_playbook(path, library)))
        except InputError as exc:
            out.append({"id": name, "source": str(path), "problem": str(exc)})
    return out


def playbook_summary(book: Playbook) -> dict[str, Any]:
    """A playbook as plain data (what `treatykit playbooks --format json` prints)."""
    return {"id": book.id, "title": book.title, "stance": book.stance, "source": book.source,
            "description": book.description,
            "requirements": [{"id": r.id, "provision": r.provision, "aspect": r.aspect,
                              "severity": r.severity, "bears": r.bears, "polarity": r.polarity,
                              "match": r.match, "title": r.title,
                              "constraints": [c.describe() for c in r.constraints],
                              "elements": [e.aspect for e in r.elements]}
                             for r in book.requirements]}
