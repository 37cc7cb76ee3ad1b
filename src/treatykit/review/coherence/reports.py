"""A coherence report as a document to share: Markdown or standalone HTML."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from treatykit.review.coherence.model import CLASSES

_CSS = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}"""


def verdict(data: dict[str, Any]) -> str:
    """"3 findings: 2 reference, 1 number" or "no finding"."""
    summary = data["summary"]
    if not summary["findings"]:
        return "no finding: the text holds together on every check"
    parts = ", ".join(f"{n} {check}" for check, n in summary["by_class"].items())
    return f"{summary['findings']} finding(s): {parts}"


def _md_cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_section(findings: list[dict[str, Any]], *, level: str = "##",
                     several: bool = False) -> list[str]:
    """The findings as Markdown tables, one per class (also review's coherence section)."""
    out: list[str] = []
    for check, title in CLASSES.items():
        rows = [f for f in findings if f["check"] == check]
        if not rows:
            continue
        out += ["", f"{level} {title} (`{check}`)", "", "| location | words | problem | fix |",
                "|---|---|---|---|"]
        out += ["| " + " | ".join(_md_cell(c) for c in (_where(f, several), f["words"],
                                                          f["message"],
                                                          f["fix"])) + " |" for f in rows]
    return out


def _where(finding: dict[str, Any], several: bool) -> str:
    """The location, with the document's name when two documents were checked."""
    if not several or not finding.get("document"):
        return str(finding["location"])
    return f"{finding['location']} ({Path(finding['document']).name})"


def to_markdown(data: dict[str, Any]) -> str:
    out = [f"# Coherence check of {' and '.join(data['documents'])}", "", verdict(data) + "."]
    out += markdown_section(data["findings"], several=len(data["documents"]) > 1)
    return "\n".join(out) + "\n"


def html_section(findings: list[dict[str, Any]], *, level: str = "h2",
                 several: bool = False) -> str:
    e = html.escape
    parts = []
    for check, title in CLASSES.items():
        rows = [f for f in findings if f["check"] == check]
        if not rows:
            continue
        cells = "".join(f"<tr><td>{e(_where(f, several))}</td><td>{e(f['words'])}</td>"
                        f"<td>{e(f['message'])}</td><td>{e(f['fix'])}</td></tr>" for f in rows)
        parts.append(f"<{level}>{e(title)} <code>{e(check)}</code></{level}><table><tr>"
                     "<th>location</th><th>words</th><th>problem</th><th>fix</th></tr>"
                     f"{cells}</table>")
    return "".join(parts)


def to_html(data: dict[str, Any]) -> str:
    e = html.escape
    title = "Coherence check of " + " and ".join(data["documents"])
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(title)}</title><style>{_CSS}</style></head><body><h1>{e(title)}</h1>"
            f"<p>{e(verdict(data))}.</p>"
            f"{html_section(data['findings'], several=len(data['documents']) > 1)}"
            "</body></html>\n")


def render_check_report(data: dict[str, Any], fmt: str) -> str:
    """The report in `fmt`: md, html or json."""
    if fmt == "json":
        import json

        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return to_html(data) if fmt == "html" else to_markdown(data)


def write_check_report(data: dict[str, Any], path: Path, fmt: str, *,
                       inputs: Iterable[Path] = ()) -> None:
    """Write the report to `path` atomically; never over a checked draft."""
    from treatykit.outfiles import check_target, write_atomic

    check_target(path, inputs=inputs, what="the checked draft")
    write_atomic(path, render_check_report(data, fmt).encode("utf-8"))
