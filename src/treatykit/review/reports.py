"""A review as a document to share: Markdown or standalone HTML (no template engine needed)."""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STATUS_MARK = {"present": "present", "weak": "WEAK", "violates": "VIOLATES", "missing": "MISSING"}
_CSS = """body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border:1px solid #ccc;padding:.4rem;
vertical-align:top;text-align:left}th{background:#f3f3f3}.present{color:#1a7f37}
.weak{color:#9a6700}.violates,.missing{color:#cf222e;font-weight:bold}
blockquote{margin:.2rem 0;color:#555}code{font-size:90%}"""


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    return str(value)


def _verdict(report: dict[str, Any], blocking: int) -> str:
    if blocking:
        return f"{blocking} mandatory requirement(s) not met"
    return "every mandatory requirement is present"


def to_markdown(report: dict[str, Any]) -> str:
    """The report (as from `Report.to_dict()`) as Markdown."""
    summary = report["summary"]
    out = [f"# Review of {report['document']}", "",
           f"Playbook: **{report['playbook']}** ({report.get('playbook_title', '')}). "
           f"{_verdict(report, summary['blocking'])}: {summary['present']} present, "
           f"{summary['weak']} weak, {summary['violates']} violate, "
           f"{summary['missing']} missing, across {summary['articles']} articles.", "",
           "| requirement | severity | status | value | location | reason | suggestion |",
           "|---|---|---|---|---|---|---|"]
    for f in report["findings"]:
        cells = [f["requirement"], f["severity"], STATUS_MARK[f["status"]], _value(f["value"]),
                 f["location"] or "", f["reason"], ", ".join(f["suggestion"])]
        out.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    out += ["", "## Evidence", ""]
    for f in report["findings"]:
        if f["evidence"]:
            cue = f["cue"]
            out.append(f"- **{f['requirement']}** ({f['location']}, cue `{cue.get('pattern')}`, "
                       f"modal '{cue.get('modal')}'): {_md_cell(f['evidence'])}")
    out += ["", "## Conflicts", ""]
    out += [_md_conflict(c) for c in report["conflicts"]] or ["None found."]
    out += _md_coherence(report.get("coherence", []))
    out += _md_insert(report.get("insert", []))
    return "\n".join(out) + "\n"


def _md_coherence(findings: list[dict[str, Any]]) -> list[str]:
    from treatykit.review.coherence.reports import markdown_section

    out = ["", "## Coherence", "", COHERENCE_NOTE]
    return out + (markdown_section(findings, level="###") if findings else ["", "None found."])


#: What the coherence section is, said once above it.
COHERENCE_NOTE = ("Whether the draft holds together, whatever the mandate: references, defined "
                  "terms, numbers, periods, numbering and annexes (as `treatykit check`).")


def _md_insert(entries: list[dict[str, Any]]) -> list[str]:
    if not entries:
        return []
    out = ["", "## Suggested text", "", INSERT_NOTE]
    for entry in entries:
        out += ["", f"### {entry['title']} (`{entry['clause']}`)", "",
                f"For: {', '.join(entry['requirements'])}.", ""]
        out.append("\n>\n".join(f"> {line.strip()}" for line in entry["text"].splitlines()
                                 if line.strip()))
    return out


#: What the suggested texts are, said once above them in every report.
INSERT_NOTE = ("The library clause that would meet each requirement not present, with its "
               "default values; names and article numbers in [brackets] are to be filled in. "
               "`treatykit show CLAUSE_ID` gives its parameters, provenance and notes.")


def _md_cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_conflict(c: dict[str, Any]) -> str:
    return (f"- **{c['kind']}**: {c['a']['provision']} ({c['a']['location']}, like "
            f"`{c['a']['clause']}`) and {c['b']['provision']} ({c['b']['location']}, like "
            f"`{c['b']['clause']}`). {c['why']} Way out: {c['resolve']}")


def to_html(report: dict[str, Any]) -> str:
    """The report as one standalone HTML page (every text escaped)."""
    e = html.escape
    summary = report["summary"]
    rows = []
    for f in report["findings"]:
        evidence = f"<blockquote>{e(f['evidence'])}</blockquote>" if f["evidence"] else ""
        rows.append(
            f"<tr><td>{e(f['requirement'])}<br><small>{e(f['provision'])}</small></td>"
            f"<td>{e(f['severity'])}</td><td class=\"{e(f['status'])}\">{e(f['status'])}</td>"
            f"<td>{e(_value(f['value']))}</td><td>{e(f['location'] or '')}</td>"
            f"<td>{e(f['reason'])}{evidence}</td><td>{e(', '.join(f['suggestion']))}</td></tr>")
    conflicts = "".join(f"<li>{e(_md_conflict(c)[2:])}</li>" for c in report["conflicts"])
    return (f"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Review of {e(report['document'])}</title><style>{_CSS}</style></head>"
            f"<body><h1>Review of {e(report['document'])}</h1>"
            f"<p>Playbook <b>{e(report['playbook'])}</b>. "
            f"{e(_verdict(report, summary['blocking']))}: {summary['present']} present, "
            f"{summary['weak']} weak, {summary['violates']} violate, {summary['missing']} "
            f"missing, across {summary['articles']} articles.</p>"
            "<table><tr><th>requirement</th><th>severity</th><th>status</th><th>value</th>"
            "<th>location</th><th>reason and evidence</th><th>suggestion</th></tr>"
            + "".join(rows) + "</table><h2>Conflicts</h2>"
            + (f"<ul>{conflicts}</ul>" if conflicts else "<p>None found.</p>")
            + _html_coherence(report.get("coherence", []))
            + _html_insert(report.get("insert", []))
            + "</body></html>\n")


def _html_coherence(findings: list[dict[str, Any]]) -> str:
    from treatykit.review.coherence.reports import html_section

    body = html_section(findings, level="h3") if findings else "<p>None found.</p>"
    return f"<h2>Coherence</h2><p>{html.escape(COHERENCE_NOTE)}</p>{body}"


def _html_insert(entries: list[dict[str, Any]]) -> str:
    if not entries:
        return ""
    e = html.escape
    parts = [f"<h2>Suggested text</h2><p>{e(INSERT_NOTE)}</p>"]
    for entry in entries:
        paragraphs = "".join(f"<p>{e(block)}</p>" for block in
                             entry["text"].strip().split("\n") if block.strip())
        parts.append(f"<h3>{e(entry['title'])} <code>{e(entry['clause'])}</code></h3>"
                     f"<p><small>For: {e(', '.join(entry['requirements']))}.</small></p>"
                     f"<blockquote>{paragraphs}</blockquote>")
    return "".join(parts)


def render_report(report: dict[str, Any], fmt: str) -> str:
    """The report in `fmt`: md, html or json."""
    if fmt == "json":
        import json

        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    return to_html(report) if fmt == "html" else to_markdown(report)


def write_report(report: dict[str, Any], path: Path, fmt: str, *,
                 inputs: Iterable[Path] = ()) -> None:
    """Write the report to `path` atomically; never over the draft it reviews."""
    from treatykit.outfiles import check_target, write_atomic

    check_target(path, inputs=inputs, what="the reviewed draft")
    write_atomic(path, render_report(report, fmt).encode("utf-8"))
