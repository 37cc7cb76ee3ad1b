"""Turn review findings into a feature row: requirement id -> true/false or the value read.

This is how a review under a mapping playbook (such as `unctad-iia`) becomes a row of a
treaty map, or a prediction to score against expert labels. It reads the findings as
`Report.to_dict()` gives them, so the same function serves `review --format json` output
and the Python API:

* a requirement with a reported value (`report:` in the playbook) maps to that value;
* otherwise `present`, `weak` and `violates` map to true and `missing` to false, except that
  a `violates` decided by a negation ("nothing in this Agreement shall require a Party to
  accord national treatment") maps to false: the obligation is removed, not stated.

Two reported values have a meaning when the clause is absent: no survival clause is a survival
period of 0 years, and an agreement with a termination clause but no fixed period runs for an
indefinite term.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Reported parameter -> its value when the provision is missing altogether.
VALUE_WHEN_MISSING: dict[str, Any] = {"survival_years": 0}
# Reported parameter -> its value when the provision is there but states no number.
VALUE_WHEN_OPEN: dict[str, Any] = {"initial_term_years": "indefinite"}


def feature_value(finding: Mapping[str, Any], report: str | None = None) -> Any:
    """One finding (a dict as in `Report.to_dict()["findings"]`) as a map value."""
    status = finding.get("status")
    if report:
        if status == "missing":
            return VALUE_WHEN_MISSING.get(report)
        value = finding.get("value")
        if value is None:
            return VALUE_WHEN_OPEN.get(report)
        return value
    if status == "missing":
        return False
    return not (status == "violates" and (finding.get("cue") or {}).get("negation"))


def feature_row(report: Mapping[str, Any], reported: Mapping[str, str] | None = None,
                only: Iterable[str] | None = None) -> dict[str, Any]:
    """Requirement id -> value for every finding of `report` (a `Report.to_dict()`).

    `reported` maps requirement ids to the parameter they report (from the playbook); without
    it, a finding whose cue carries values reports the first of them.
    """
    wanted = set(only) if only is not None else None
    row: dict[str, Any] = {}
    for finding in report.get("findings", []):
        rid = finding["requirement"]
        if wanted is not None and rid not in wanted:
            continue
        row[rid] = feature_value(finding, _reported(finding, reported))
    return row


def _reported(finding: Mapping[str, Any], reported: Mapping[str, str] | None) -> str | None:
    if reported is not None:
        return reported.get(finding["requirement"])
    return None


def reported_parameters(playbook: Any) -> dict[str, str]:
    """Requirement id -> reported parameter, for the requirements of `playbook` that report one."""
    return {r.id: r.report for r in playbook.requirements if r.report}
