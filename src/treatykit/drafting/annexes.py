"""Annexes and schedules: the deal's entries, checked against each annex kind's fields.

A template declares its annexes (`annexes:` in template.yaml); a deal file fills them
(`annexes:`, keyed by annex id). An annex the deal leaves empty is still produced, as a
shell marked "[To be completed by the Parties]", so that no article cites a page the
draft lacks. Formats: docs/templates.md, "Annexes and schedules".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.errors import InputError
from treatykit.library import suggest_ids
from treatykit.yamlfile import LineDict

#: Fields of one entry, per annex kind: (required, optional). A kind with no fields takes
#: no entries (its page is generated from the template alone).
ENTRY_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "existing_measures": (("party", "sector", "obligations", "level", "measure",
                           "description"), ("subsector",)),
    "reserved_sectors": (("party", "sector", "obligations", "level", "measure",
                          "description"), ("subsector",)),
    "covered_minerals": (("mineral", "ore", "processed"), ()),
    "kpi_schedule": (("party", "commitment", "indicator", "target", "verification"),
                     ("article",)),
    "tariff_schedule": (("product", "headings", "base_rate", "treatment"), ()),
    "export_control_list": (("party", "item", "basis"), ("headings",)),
    "protocol_outline": ((), ()),
    "schedule": (("text",), ("heading",)),
}

SHELL = "[To be completed by the Parties]"


@dataclass(frozen=True)
class AnnexEntries:
    """The entries a deal gives for one annex, each a mapping of text fields."""

    annex: str
    entries: tuple[dict[str, Any], ...]
    where: str


@dataclass(frozen=True)
class AnnexView:
    """An annex as the skeleton sees it."""

    id: str
    label: str
    title: str
    kind: str
    heading: str
    entries: tuple[dict[str, Any], ...] = field(default_factory=tuple)
    shell: str = SHELL


def read_annex_entries(path: Path, data: LineDict) -> dict[str, AnnexEntries]:
    """The deal's `annexes:` block, checked for shape (not yet against the template)."""
    raw = data.get("annexes")
    if raw is None:
        return {}
    if not isinstance(raw, LineDict):
        raise InputError(f"{path}:{data.line_of('annexes')}: 'annexes' must be a mapping",
                         hint="annex id -> list of entries (docs/templates.md)")
    found = {}
    for annex_id, items in raw.items():
        where = f"{path}:{raw.line_of(str(annex_id))}"
        if items is None:
            items = []
        if not isinstance(items, list) or not all(isinstance(i, LineDict) for i in items):
            raise InputError(f"{where}: annexes.{annex_id} must be a list of entries",
                             hint="each entry a mapping of fields (docs/templates.md)")
        entries = tuple(_entry(path, i, str(annex_id)) for i in items)
        found[str(annex_id)] = AnnexEntries(str(annex_id), entries, where)
    return found


#: Fields that hold a list of provision ids (rendered as article references).
LIST_FIELDS = ("obligations",)


def _entry(path: Path, item: LineDict, annex_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    for key, value in item.items():
        if key in LIST_FIELDS:
            entry[str(key)] = _id_list(path, item, annex_id, str(key))
            continue
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        if not isinstance(value, (str, int, float)) or isinstance(value, bool) \
                or not str(value).strip():
            raise InputError(f"{path}:{item.line_of(str(key))}: annexes.{annex_id}.{key} "
                             "must be non-empty text", hint=f"write {key}: <text>")
        entry[str(key)] = " ".join(str(value).split())
    entry["_line"] = str(item.line)
    return entry


def _id_list(path: Path, item: LineDict, annex_id: str, key: str) -> list[str]:
    value = item[key]
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise InputError(f"{path}:{item.line_of(key)}: annexes.{annex_id}.{key} must list "
                         "provision ids", hint="e.g. [treatment.national_treatment, treatment.mfn]")
    return [v.strip() for v in value]


def check_annex_entries(given: Mapping[str, AnnexEntries], kinds: Mapping[str, str],
                        template_id: str) -> None:
    """Every annex the deal fills exists in the template, and every entry has its fields."""
    for annex_id, annex in given.items():
        if annex_id not in kinds:
            close = suggest_ids(annex_id, kinds, n=1)
            raise InputError(f"{annex.where}: template '{template_id}' has no annex "
                             f"'{annex_id}'", hint=f"did you mean '{close[0]}'?" if close
                             else "annexes: " + (", ".join(kinds) or "none"))
        required, optional = ENTRY_FIELDS[kinds[annex_id]]
        for entry in annex.entries:
            _check_fields(annex, entry, required, optional)


def _check_fields(annex: AnnexEntries, entry: dict[str, Any], required: tuple[str, ...],
                  optional: tuple[str, ...]) -> None:
    where = annex.where.rsplit(":", 1)[0] + ":" + entry["_line"]
    if not required:
        raise InputError(f"{where}: annex '{annex.annex}' takes no entries",
                         hint="it is generated from the agreement; leave it out of annexes:")
    for key in entry:
        if key != "_line" and key not in required + optional:
            close = suggest_ids(key, required + optional, n=1)
            raise InputError(f"{where}: annexes.{annex.annex}: unknown field '{key}'",
                             hint=f"did you mean '{close[0]}'?" if close else
                             "fields: " + ", ".join(required + optional))
    for key in required:
        if key not in entry:
            raise InputError(f"{where}: annexes.{annex.annex}: entry lacks '{key}'",
                             hint="fields: " + ", ".join(required + optional))


def public_entries(entries: tuple[dict[str, Any], ...]) -> tuple[dict[str, Any], ...]:
    """Entries without their bookkeeping fields, for the templates."""
    return tuple({k: v for k, v in e.items() if not k.startswith("_")} for e in entries)
