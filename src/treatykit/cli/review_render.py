"""Terminal output of a review and of the playbook list (rich tables)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from treatykit.cli.console import out_console
from treatykit.review.reports import conflict_parts, scorecard, verdict

STYLE = {"present": "green", "weak": "yellow", "violates": "bold red", "missing": "bold red"}


def _value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 10000:
        return f"{value:,.0f}"
    return str(value)


def _where(location: str | None) -> str:
    return (location or "").replace("Article ", "Art. ")


def print_review(report: dict[str, Any]) -> None:
    """One line per requirement; weak, violated and missing ones say why, quote the sentence
    and name the fix, indented under it. Lines wrap between words, never inside an id."""
    console = out_console()
    summary = report["summary"]
    console.print(f"[bold]{escape(report['document'])}[/bold] against playbook "
                  f"[bold]{escape(report['playbook'])}[/bold]\n")
    for f in report["findings"]:
        _print_finding(console, f)
    if report["conflicts"]:
        console.print()
    for c in map(conflict_parts, report["conflicts"]):
        way_out = f" [dim]Way out: {escape(c['resolve'])}[/dim]" if c["resolve"] else ""
        console.print(f"[bold]{escape(c['kind'])}[/bold] between {escape(c['between'])}. "
                      f"{escape(c['why'])}{way_out}")
    if report.get("coherence"):
        from treatykit.cli.check_render import print_findings

        console.print(f"\n[bold]Coherence[/bold] ({len(report['coherence'])} finding(s), as "
                      "'treatykit check')")
        print_findings(report["coherence"])
    style = "bold red" if summary["blocking"] else "green"
    console.print(f"\n[{style}]{escape(verdict(report['findings']))}[/] "
                  f"({summary['articles']} articles)")
    for line in scorecard(report["findings"]):
        console.print(f"  {line['severity']}: {line['counts']}")
    if report.get("insert"):
        console.print(f"[dim]text to insert for {len(report['insert'])} library clause(s): "
                      "--format md or html, or 'treatykit show CLAUSE_ID'[/dim]")


def _print_finding(console: Any, f: dict[str, Any]) -> None:
    status = f"[{STYLE[f['status']]}]{f['status']:<8}[/]"
    name = escape(f["requirement"]) + ("" if f["severity"] == "must" else " [dim](should)[/]")
    where = f"  [dim]{escape(_where(f['location']))}[/dim]" if f["location"] else ""
    value = _value(f["value"])
    why = escape(f["reason"]) + (f" [dim](value: {escape(value)})[/dim]"
                                 if value and value not in f["reason"] else "")
    console.print(f"{status} {name}{where}  {why}")
    if f["status"] == "present":
        return
    if f["evidence"]:
        console.print(Padding(f"[dim]“{escape(_clip(f['evidence']))}”[/dim]", (0, 0, 0, 9)))
    if f["suggestion"]:
        console.print(Padding("[dim]fix:[/dim] " + escape(", ".join(f["suggestion"][:2])),
                              (0, 0, 0, 9)))


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def print_playbooks(books: list[dict[str, Any]]) -> None:
    console = out_console()
    for book in books:
        if "problem" in book:
            console.print(f"[bold red]{escape(book['id'])}[/]: {escape(book['problem'])}")
            continue
        table = Table(title=f"{escape(book['id'])}: {escape(book['title'])} "
                      f"(stance {escape(book['stance'])})")
        for column in ("requirement", "provision", "severity", "bears", "polarity",
                       "constraints"):
            table.add_column(column, overflow="fold")
        for r in book["requirements"]:
            provision = r["provision"] + (f" [{r['aspect']}]" if r["aspect"] else "")
            table.add_row(escape(r["id"]), escape(provision), r["severity"], r["bears"],
                          r["polarity"] if r["match"] == "operative" else r["match"],
                          escape("; ".join(r["constraints"])))
        console.print(table)
