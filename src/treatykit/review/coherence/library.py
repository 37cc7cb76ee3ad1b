"""Coherence findings that need the review engine: the clause conflicts the library
declares, and values two documents state differently for the same provision."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from treatykit.models import Library
from treatykit.review.coherence.model import CoherenceFinding, finding_at
from treatykit.review.coherence.words import load_words
from treatykit.review.conflicts import find_conflicts
from treatykit.review.engine import Analysis, Hit
from treatykit.review.findings import in_heading
from treatykit.review.recognisers import Recogniser
from treatykit.review.values import read_value


def conflict_findings(analysis: Analysis, library: Library) -> list[CoherenceFinding]:
    """review's conflicts (review/conflicts.py) of kind `conflict`, as coherence findings at
    the first article. A declared `tension` is a trade-off the library accepts, as `draft
    --strict` does: review lists those, check does not."""
    return [_conflict(analysis, c) for c in find_conflicts(analysis, library, analysis.compiled)
            if c["kind"] == "conflict"]


def _conflict(analysis: Analysis, conflict: dict[str, Any]) -> CoherenceFinding:
    a, b = conflict["a"], conflict["b"]
    start, end = _unit_span(analysis, a["location"])
    return finding_at(analysis.document, "conflict", start, end,
                      words=f"{a['provision']} ({a['location']}) / {b['provision']} "
                            f"({b['location']})",
                      message=f"{conflict['kind']}: {conflict['why']}".strip(),
                      fix=conflict["resolve"] or "choose compatible clauses",
                      related=[b["location"]])


def _unit_span(analysis: Analysis, location: str) -> tuple[int, int]:
    """Offsets of the heading line of the first unit named in `location`."""
    label = location.split(",")[0].split("(")[0].strip()
    text = analysis.document.text
    for unit in analysis.document.units:
        if unit.label == label:
            end = text.find("\n", unit.start)
            return unit.start, end if end != -1 else unit.end
    return 0, 0


def provision_values(analysis: Analysis) -> dict[tuple[str, str], tuple[Any, Hit]]:
    """(provision, parameter) -> (value, the hit it was read at), for every provision with
    values that the document holds."""
    found = {}
    for recogniser in analysis.compiled.recognisers.values():
        if not recogniser.values:
            continue
        hits = [h for h in analysis.candidates(recogniser)
                if h.sentence.unit.operative and not in_heading(analysis, h.sentence)]
        if not hits:
            continue
        for name in recogniser.values:
            value = _first_value(analysis, recogniser, name, hits)
            if value is not None:
                found[(recogniser.provision, name)] = value
    return found


def _first_value(analysis: Analysis, recogniser: Recogniser, name: str,
                 hits: list[Hit]) -> tuple[Any, Hit] | None:
    for hit in hits:
        value = read_value(analysis, recogniser, name, hit)
        if value not in (None, []):
            return value, hit
    return None


def disagreements(first: Analysis, second: Analysis) -> list[CoherenceFinding]:
    """Values the second document states differently from the first for the same provision
    and parameter, among those two instruments of one deal must share (coherence.yaml
    `shared_values`: local equity, community fund, royalty, forums), found in the second."""
    mine, theirs = provision_values(first), provision_values(second)
    shared = load_words().shared_values
    found = []
    for key in sorted(k for k in mine.keys() & theirs.keys() if ".".join(k) in shared):
        (a, hit_a), (b, hit_b) = mine[key], theirs[key]
        if _same(a, b):
            continue
        provision, name = key
        where_a = first.document.locate(_offset(hit_a))
        words = hit_b.sentence.text
        found.append(finding_at(
            second.document, "disagreement", _offset(hit_b), hit_b.sentence.end,
            words=words if len(words) <= 160 else words[:159] + "…",
            message=f"{provision} {name}: {_show(b)} here, {_show(a)} in "
                    f"{Path(first.document.source).name} ({where_a})",
            fix="take the value from one place (the deal file) for both documents",
            related=[f"{first.document.source}: {where_a}"]))
    return found


def _offset(hit: Hit) -> int:
    """Where the hit's cue starts in the document's text."""
    span = hit.sentence.span
    return hit.sentence.start + span.doc[hit.token_start].idx - span.start_char


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, list) or isinstance(b, list):
        return sorted(map(str, a if isinstance(a, list) else [a])) == \
            sorted(map(str, b if isinstance(b, list) else [b]))
    return a == b


def _show(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
