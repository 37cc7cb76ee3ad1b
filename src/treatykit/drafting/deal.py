"""Deal files: which template, which parties, which clauses and which values.

Structure is checked here, with the file and line of every defect. Whether the
provision ids, clause ids and parameters exist is checked against the library and
the template when the draft is planned (`treatykit.drafting.plan`), where the same
origins are used in the messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from treatykit.drafting.annexes import AnnexEntries, read_annex_entries
from treatykit.drafting.document import LANGUAGES, PAPERS, Presentation
from treatykit.errors import InputError
from treatykit.library import suggest_ids
from treatykit.models import STANCES
from treatykit.yamlfile import LineDict, parse_yaml, read_yaml

DEAL_FIELDS = ("template", "title", "description", "stance", "parties", "place", "date",
               "languages", "document", "shared", "provisions", "variables", "annexes")
DOCUMENT_FIELDS = ("status", "date", "version", "paper", "language", "contents")
PARTY_FIELDS = ("role", "name", "short", "designation", "description", "signatory", "label")
CHOICE_FIELDS = ("clause", "stance", "omit", "params")
OMIT = "omit"


@dataclass(frozen=True)
class Origin:
    """Where a value came from, as it is named in messages and in --explain."""

    kind: str  # deal, --set, --stance, template, default
    where: str  # "deals/x.yaml:14", "--set a.b=1", ...

    def __str__(self) -> str:
        return self.where


@dataclass(frozen=True)
class Party:
    """One party: full name, short name used in clause texts, and how it signs."""

    role: str
    name: str
    short: str
    designation: str = ""
    description: str = ""
    signatory: str = "[name and title]"
    label: str = ""  # how a joint negotiating text marks this party's positions ("PK")

    @property
    def tag(self) -> str:
        """The label of this party's bracketed positions: `label`, else the defined term."""
        return self.label or self.term

    @property
    def term(self) -> str:
        """The short name without a leading article: the defined term ("State")."""
        for article in ("the ", "The "):
            if self.short.startswith(article):
                return self.short[len(article):]
        return self.short


@dataclass(frozen=True)
class ProvisionChoice:
    """A deal's choice for one provision: a clause id, a stance, or omit."""

    provision: str
    kind: str  # clause | stance | omit
    value: str
    origin: Origin


@dataclass(frozen=True)
class ParamValue:
    """A parameter value as written, not yet checked against the clause."""

    provision: str
    name: str
    raw: Any
    origin: Origin


@dataclass(frozen=True)
class Deal:
    """A parsed deal file, with command-line overrides applied."""

    path: Path
    template: str
    stance: str
    stance_origin: Origin
    parties: tuple[Party, ...]
    title: str | None = None
    place: str | None = None
    date: str | None = None
    languages: tuple[str, ...] = ("English",)
    choices: dict[str, ProvisionChoice] = field(default_factory=dict)
    params: dict[str, dict[str, ParamValue]] = field(default_factory=dict)
    variables: dict[str, tuple[Any, Origin]] = field(default_factory=dict)
    presentation: Presentation = field(default_factory=Presentation)
    template_origin: Origin = Origin("deal", "")
    provision_origins: dict[str, Origin] = field(default_factory=dict)
    shared: dict[str, tuple[Any, Origin]] = field(default_factory=dict)
    annexes: dict[str, AnnexEntries] = field(default_factory=dict)

    def party(self, role: str) -> Party | None:
        return next((p for p in self.parties if p.role == role), None)


#: The deal file name that means standard input, and how messages name it.
STDIN, STDIN_NAME = "-", "<stdin>"


def load_deal(path: Path) -> Deal:
    """Read and check a deal file (`-` reads standard input); every error names the file
    and line."""
    if str(path) == STDIN:
        path = Path(STDIN_NAME)
        data = parse_yaml(_read_stdin(), source=STDIN_NAME)
    elif not path.is_file():
        raise InputError(f"{path}: no such deal file",
                         hint="see 'treatykit init-deal' and docs/templates.md")
    else:
        data = read_yaml(path)
    at = _Locator(path)
    if not isinstance(data, LineDict):
        raise InputError(f"{at(None)}: a deal file must be a mapping",
                         hint="start with 'template:', 'parties:' and 'stance:'")
    _unknown_keys(at, data, DEAL_FIELDS, "")
    template = _text(at, data, "template", required=True)
    stance = _text(at, data, "stance") or "balanced"
    if stance not in STANCES:
        raise InputError(f"{at(data, 'stance')}: unknown stance '{stance}'",
                         hint="use one of " + ", ".join(STANCES))
    return Deal(
        path=path, template=template or "", template_origin=Origin("deal", at(data, "template")),
        stance=stance, stance_origin=Origin("deal", at(data, "stance")) if "stance" in data
        else Origin("default", "treatykit's default stance"),
        parties=_parties(at, data), title=_text(at, data, "title"),
        place=_text(at, data, "place"), date=_date(at, data),
        languages=tuple(_text_list(at, data, "languages") or ["English"]),
        presentation=_presentation(at, data),
        choices=_choices(at, data), params=_params(at, data),
        variables=_variables(at, data), shared=_shared(at, data, path),
        annexes=read_annex_entries(path, data),
        provision_origins={str(p): Origin("deal", at(_provisions(at, data), str(p)))
                           for p in _provisions(at, data)},
    )


def _read_stdin() -> str:
    """The deal file on standard input, read up to the YAML size limit (closed, binary or
    endless input is one error, not a traceback or an exhausted memory)."""
    import sys

    from treatykit import limits

    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError(f"{STDIN_NAME}: standard input is closed",
                         hint="pipe the deal file in, or give its file name")
    try:
        data = stream.read(limits.YAML_BYTES.value + 1)
    except (OSError, ValueError) as exc:
        raise InputError(f"{STDIN_NAME}: cannot read standard input ({exc})",
                         hint="pipe the deal file in, or give its file name") from exc
    if len(data) > limits.YAML_BYTES.value:
        raise limits.over(limits.YAML_BYTES, STDIN_NAME)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{STDIN_NAME}: not UTF-8 text", hint="save the deal file as UTF-8") \
            from exc


class _Locator:
    """Formats "file:line" for a key of a mapping in the deal file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, data: LineDict | None, key: str | None = None) -> str:
        if data is None:
            return str(self.path)
        line = data.line_of(key) if key else data.line
        return f"{self.path}:{line}"


def _unknown_keys(at: _Locator, data: LineDict, allowed: Sequence[str], prefix: str) -> None:
    for key in data:
        if str(key) not in allowed:
            close = suggest_ids(str(key), allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "allowed: " + ", ".join(allowed)
            raise InputError(f"{at(data, str(key))}: unknown field '{prefix}{key}'", hint=hint)


def _text(at: _Locator, data: LineDict, key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    plain = isinstance(value, (str, int, float)) and not isinstance(value, bool)
    if not plain or not str(value).strip():
        raise InputError(f"{at(data, key)}: '{key}' must be non-empty text",
                         hint=f"write {key}: <text>")
    return str(value).strip()


def _text_list(at: _Locator, data: LineDict, key: str) -> list[str] | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip()
                                                           for v in value):
        raise InputError(f"{at(data, key)}: '{key}' must be a list of names",
                         hint=f"write {key}: [English, Urdu]")
    return [v.strip() for v in value]


def _date(at: _Locator, data: LineDict, key: str = "date") -> str | None:
    value = data.get(key)
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.day} {value:%B %Y}"
    return _text(at, data, key)


def _presentation(at: _Locator, data: LineDict) -> Presentation:
    """The `document:` mapping: legend, date, version, paper, language, contents."""
    raw = data.get("document")
    if raw is None:
        return Presentation()
    if not isinstance(raw, LineDict):
        raise InputError(f"{at(data, 'document')}: 'document' must be a mapping",
                         hint="e.g. document: {date: 2026-12-05, version: 2, paper: a4}")
    _unknown_keys(at, raw, DOCUMENT_FIELDS, "document.")
    values: dict[str, Any] = {}
    if "status" in raw:
        values["status"] = str(raw["status"] or "").strip()
    if raw.get("date") is not None:
        values["date"] = _date(at, raw)
    if raw.get("version") is not None:
        values["version"] = _text(at, raw, "version")
    for key, allowed in (("paper", PAPERS), ("language", LANGUAGES)):
        if raw.get(key) is not None:
            values[key] = _choice(at, raw, key, allowed)
    if "contents" in raw:
        if not isinstance(raw["contents"], bool):
            raise InputError(f"{at(raw, 'contents')}: 'document.contents' must be true or false")
        values["contents"] = raw["contents"]
    return Presentation(**values)


def _choice(at: _Locator, data: LineDict, key: str, allowed: Sequence[str]) -> str:
    value = str(data.get(key)).strip()
    match = next((a for a in allowed if a.lower() == value.lower()), None)
    if match is None:
        raise InputError(f"{at(data, key)}: unknown document.{key} '{value}'",
                         hint="use one of " + ", ".join(allowed))
    return match


def _parties(at: _Locator, data: LineDict) -> tuple[Party, ...]:
    raw = data.get("parties")
    if not isinstance(raw, list) or len(raw) < 2:
        raise InputError(f"{at(data, 'parties')}: 'parties' must list at least two parties",
                         hint="each with role, name and short (see docs/templates.md)")
    parties = [_party(at, item, data) for item in raw]
    roles = [p.role for p in parties]
    for role in roles:
        if roles.count(role) > 1:
            raise InputError(f"{at(data, 'parties')}: role '{role}' is given twice",
                             hint="each role (host, partner, ...) names one party")
    if "host" not in roles:
        raise InputError(f"{at(data, 'parties')}: no party has role 'host'",
                         hint="mark the host State with role: host")
    return tuple(parties)


def _party(at: _Locator, item: Any, parent: LineDict) -> Party:
    if not isinstance(item, LineDict):
        raise InputError(f"{at(parent, 'parties')}: each party must be a mapping",
                         hint="role: host, name: <full name>, short: <short name>")
    _unknown_keys(at, item, PARTY_FIELDS, "parties.")
    values = {key: _text(at, item, key, required=key in ("role", "name", "short"))
              for key in PARTY_FIELDS}
    return Party(**{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]


def _choices(at: _Locator, data: LineDict) -> dict[str, ProvisionChoice]:
    choices = {}
    for provision, spec in _provisions(at, data).items():
        origin = Origin("deal", at(_provisions(at, data), provision))
        if isinstance(spec, LineDict):
            _unknown_keys(at, spec, CHOICE_FIELDS, f"provisions.{provision}.")
            picked = [k for k in ("clause", "stance", "omit") if spec.get(k) not in (None, False)]
            if len(picked) > 1:
                raise InputError(f"{at(spec, picked[1])}: {provision}: give only one of "
                                 "clause, stance or omit")
            if not picked:
                continue
            key = picked[0]
            origin = Origin("deal", at(spec, key))
            spec = OMIT if key == "omit" else spec[key]
        choices[provision] = classify_choice(provision, spec, origin)
    return choices


def _provisions(at: _Locator, data: LineDict) -> LineDict:
    raw = data.get("provisions") or LineDict()
    if not isinstance(raw, LineDict):
        raise InputError(f"{at(data, 'provisions')}: 'provisions' must be a mapping",
                         hint="provision id -> omit | a stance | a clause id | {params: ...}")
    return raw


def classify_choice(provision: str, value: Any, origin: Origin) -> ProvisionChoice:
    """Read a choice written as 'omit', a stance name or a clause id."""
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"{origin}: {provision}: expected omit, a stance or a clause id, "
                         f"got {value!r}")
    value = value.strip()
    if value == OMIT:
        return ProvisionChoice(provision, "omit", value, origin)
    if value in STANCES:
        return ProvisionChoice(provision, "stance", value, origin)
    return ProvisionChoice(provision, "clause", value, origin)


def _params(at: _Locator, data: LineDict) -> dict[str, dict[str, ParamValue]]:
    params: dict[str, dict[str, ParamValue]] = {}
    for provision, spec in _provisions(at, data).items():
        raw = spec.get("params") if isinstance(spec, LineDict) else None
        if raw is None:
            continue
        if not isinstance(raw, LineDict):
            raise InputError(f"{at(spec, 'params')}: {provision}.params must be a mapping",
                             hint="parameter name -> value")
        params[provision] = {
            str(name): ParamValue(provision, str(name), value, Origin("deal", at(raw, str(name))))
            for name, value in raw.items()
        }
    return params


def _variables(at: _Locator, data: LineDict) -> dict[str, tuple[Any, Origin]]:
    raw = data.get("variables") or LineDict()
    if not isinstance(raw, LineDict):
        raise InputError(f"{at(data, 'variables')}: 'variables' must be a mapping",
                         hint="template variable name -> value")
    return {str(k): (v, Origin("deal", at(raw, str(k)))) for k, v in raw.items()}


def _shared(at: _Locator, data: LineDict, path: Path, *,
            seen: tuple[Path, ...] = ()) -> dict[str, tuple[Any, Origin]]:
    """Values several instruments share: a mapping, or the path of the deal that holds them."""
    raw = data.get("shared")
    if raw is None:
        return {}
    if isinstance(raw, str):
        return _shared_from(at, data, path, raw, seen)
    if not isinstance(raw, LineDict):
        raise InputError(f"{at(data, 'shared')}: 'shared' must be a mapping of parameter "
                         "values or the path of another deal file",
                         hint="shared: {local_equity_pct: 30} or shared: treaty-deal.yaml")
    values = {}
    for name, value in raw.items():
        if isinstance(value, (LineDict, dict)):
            raise InputError(f"{at(raw, str(name))}: shared.{name} must be a value or a list",
                             hint="shared values are parameter values, e.g. royalty_pct: 5")
        values[str(name)] = (value, Origin("shared", at(raw, str(name))))
    return values


def _shared_from(at: _Locator, data: LineDict, path: Path, target: str,
                 seen: tuple[Path, ...]) -> dict[str, tuple[Any, Origin]]:
    other = (path.parent / target).resolve()
    if not other.is_file():
        raise InputError(f"{at(data, 'shared')}: shared: no such deal file '{target}'",
                         hint="give a path relative to this deal file")
    if other in seen or other == path.resolve():
        raise InputError(f"{at(data, 'shared')}: shared: '{target}' refers back to this deal",
                         hint="keep the shared values in one deal file")
    source = read_yaml(other)
    if not isinstance(source, LineDict) or source.get("shared") is None:
        raise InputError(f"{at(data, 'shared')}: {target} has no 'shared:' block",
                         hint="put the values both instruments use under shared: there")
    return _shared(_Locator(path.parent / target), source, other,
                   seen=(*seen, path.resolve()))


def apply_overrides(deal: Deal, sets: Iterable[str], *, stance: str | None,
                    provision_ids: Iterable[str]) -> Deal:
    """The deal with `--stance` and `--set` applied (command line wins)."""
    known = set(provision_ids)
    choices = dict(deal.choices)
    params = {p: dict(values) for p, values in deal.params.items()}
    for item in sets:
        key, value = _split_set(item)
        origin = Origin("--set", f"--set {item}")
        if key in known:
            choices[key] = classify_choice(key, value, origin)
            continue
        provision, _, name = key.rpartition(".")
        if provision not in known:
            close = suggest_ids(provision or key, known)
            hint = ("did you mean " + " or ".join(close) + "?") if close else \
                "run 'treatykit provisions' for the ids"
            raise InputError(f"--set {item}: unknown provision '{provision or key}'", hint=hint)
        params.setdefault(provision, {})[name] = ParamValue(provision, name, value, origin)
    updated = replace(deal, choices=choices, params=params)
    if stance:
        updated = replace(updated, stance=stance, stance_origin=Origin("--stance", "--stance"))
    return updated


def _split_set(item: str) -> tuple[str, str]:
    key, sep, value = item.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise InputError(f"--set {item}: expected PROVISION.PARAM=VALUE or "
                         "PROVISION=omit|STANCE|CLAUSE_ID",
                         hint="e.g. --set equity.local_participation.local_equity_pct=35")
    return key.strip(), value.strip()
