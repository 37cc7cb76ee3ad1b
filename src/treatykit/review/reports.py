"""A review as a document to share: standalone HTML, Markdown or plain text.

This module turns a report (as from `Report.to_dict()`) into plain text values a reader
needs: a verdict, a scorecard line per severity, each finding with its evidence and
location, conflicts as sentences. The pages themselves are Jinja templates rendered by
`treatykit.drafting.pages`, the one home of Jinja.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from treatykit.review.playbooks import amount

#: Report formats and their template; json is the report itself.
PAGE_TEMPLATES = {"html": "review.html.j2", "md": "review.md.j2", "txt": "review.txt.j2"}
STATUSES = ("present", "weak", "violates", "missing")
_COUNT_WORDS = {"present": "present", "weak": "weak", "violates": "violate", "missing": "missing",
                "open": "open (in brackets)"}

#: What the suggested texts are, said once above them in every report.
INSERT_NOTE = ("The library clause that would meet each requirement not present, with its "
               "default values; names and article numbers in [brackets] are to be filled in. "
               "'treatykit show CLAUSE_ID' gives its parameters, provenance and notes.")


def report_context(report: dict[str, Any], *, today: datetime.date | None = None
                   ) -> dict[str, Any]:
    """Everything a report page shows, as plain text and numbers (no markup, no None)."""
    from treatykit import __version__

    return {
        "document": report["document"], "playbook": report["playbook"],
        "playbook_title": report.get("playbook_title") or "",
        "articles": report["summary"]["articles"],
        "date": (today or datetime.date.today()).isoformat(), "version": __version__,
        "verdict": verdict(report["findings"]), "scorecard": scorecard(report["findings"]),
        "findings": [_finding(f) for f in report["findings"]],
        "conflicts": [conflict_parts(c) for c in report["conflicts"]],
        "coherence": coherence_groups(report.get("coherence") or []),
        "coherence_note": COHERENCE_NOTE,
        "insert": [_insert(entry) for entry in report.get("insert") or []],
        "insert_note": INSERT_NOTE,
    }


def verdict(findings: list[dict[str, Any]]) -> str:
    """One sentence: how many mandatory requirements are not met, of how many."""
    musts = [f for f in findings if f["severity"] == "must"]
    unmet = sum(1 for f in musts if f["status"] != "present")
    if not unmet:
        return f"Every mandatory requirement is met ({len(musts)} of {len(musts)})."
    return f"{unmet} of {len(musts)} mandatory requirements are not met."


def scorecard(findings: list[dict[str, Any]]) -> list[dict[str, str]]:
    """A line per severity, must first: 'n present, n weak, n violate, n missing'."""
    severities = sorted({f["severity"] for f in findings}, key=_severity_order)
    # 'open' only in a joint text, where bracketed requirements are not yet agreed
    statuses = STATUSES + (("open",) if any(f["status"] == "open" for f in findings) else ())
    return [{"severity": severity,
             "counts": ", ".join(
                 f"{sum(1 for f in findings if f['severity'] == severity and f['status'] == s)}"
                 f" {_COUNT_WORDS[s]}" for s in statuses)}
            for severity in severities]


def _severity_order(severity: str) -> tuple[int, str]:
    order = ("must", "should", "may")
    return (order.index(severity) if severity in order else len(order), severity)


def _finding(f: dict[str, Any]) -> dict[str, Any]:
    return {"requirement": f["requirement"], "provision": f["provision"],
            "severity": f["severity"], "status": f["status"], "title": f.get("title") or "",
            "location": f.get("location") or ("not found" if f["status"] == "missing" else ""),
            "reason": f.get("reason") or "", "value": _new_value(f),
            "evidence": " ".join((f.get("evidence") or "").split()),
            "suggestions": list(f.get("suggestion") or [])[:3]}


def _new_value(f: dict[str, Any]) -> str:
    """The value read from the text (with its unit, and where it was read if elsewhere than
    the evidence), unless the reason already says it."""
    shown = str(f.get("value_words") or value_text(f.get("value")))
    said = shown.split(", in ")[0]  # "6 months" of "6 months, in Article 42(4)"
    reason = f.get("reason") or ""
    if said and re.search(rf"(?<![\w.]){re.escape(said)}(?![\w.])", reason):
        return ""
    return shown


def value_text(value: Any) -> str:
    """A value read from the text as words a reader expects: lists joined, no None."""
    if value is None or value == []:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return amount(value)


def conflict_parts(c: dict[str, Any]) -> dict[str, str]:
    """A conflict as plain sentence parts: kind, 'Article 1 (Scope) and Article 13 (Market
    Access)', why; the articles as the draft heads them, never the library's ids."""
    return {"kind": str(c.get("kind") or "conflict").capitalize(),
            "between": _between(c["a"], c["b"]),
            "why": c.get("why") or "", "resolve": c.get("resolve") or ""}


def _between(a: dict[str, Any], b: dict[str, Any]) -> str:
    """ "X and Y", or "X and Z, on the one hand, and Y, on the other" when a side is several
    articles, so the reader sees where one side ends."""
    if "," in str(a.get("location") or "") + str(b.get("location") or ""):
        return f"{_side(a)}, on the one hand, and {_side(b)}, on the other"
    return f"{_side(a)} and {_side(b)}"


def _side(side: dict[str, Any]) -> str:
    if side.get("articles"):
        return str(side["articles"])
    name = side.get("title") or str(side["provision"])
    where = side.get("location")
    return f"{name} ({where})" if where else str(name)


#: What the coherence section is, said once above it.
COHERENCE_NOTE = ("Whether the draft holds together, whatever the mandate: references, defined "
                  "terms, numbers, periods, numbering and annexes (as 'treatykit check').")


def coherence_groups(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The coherence findings (as `treatykit check` gives them) by class, in report order:
    each class's heading and its findings' location, words, problem and fix."""
    from treatykit.review.coherence.model import CLASSES

    groups = []
    for check, title in CLASSES.items():
        items = [{"location": f.get("location") or "", "words": " ".join(str(f.get("words")
                                                                           or "").split()),
                  "message": f.get("message") or "", "fix": f.get("fix") or ""}
                 for f in findings if f.get("check") == check]
        if items:
            groups.append({"title": title, "check": check, "findings": items})
    return groups


def _insert(entry: dict[str, Any]) -> dict[str, Any]:
    paragraphs = [" ".join(line.split()) for line in entry["text"].splitlines() if line.strip()]
    return {"title": entry["title"], "clause": entry["clause"],
            "requirements": list(entry["requirements"]), "paragraphs": paragraphs}


def render_report(report: dict[str, Any], fmt: str) -> str:
    """The report in `fmt`: html, md, txt or json."""
    if fmt == "json":
        from treatykit.models import SCHEMA_VERSION

        return json.dumps({"schema": SCHEMA_VERSION, **report}, indent=2,
                          ensure_ascii=False) + "\n"
    from treatykit.drafting.pages import render_page

    return render_page(PAGE_TEMPLATES[fmt], report_context(report))


def write_report(report: dict[str, Any], path: Path, fmt: str, *,
                 inputs: Iterable[Path] = ()) -> None:
    """Write the report to `path` atomically; never over the draft it reviews."""
    from treatykit.outfiles import check_target, write_atomic

    check_target(path, inputs=inputs, what="the reviewed draft")
    write_atomic(path, render_report(report, fmt).encode("utf-8"))
