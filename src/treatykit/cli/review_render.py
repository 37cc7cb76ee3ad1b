"""Terminal output of a review and of the playbook list (rich tables)."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.table import Table

from treatykit.cli.console import out_console

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
    """One compact row per requirement; weak, violated and missing ones say why and the fix."""
    console = out_console()
    summary = report["summary"]
    console.print(f"[bold]{escape(report['document'])}[/bold] against playbook "
                  f"[bold]{escape(report['playbook'])}[/bold]\n")
    table = Table(box=None, show_header=True, header_style="dim", pad_edge=False)
    table.add_column("status", no_wrap=True)
    table.add_column("requirement", overflow="fold")
    table.add_column("where", no_wrap=True)
    table.add_column("value", overflow="fold", max_width=18)
    table.add_column("why", ratio=1, overflow="fold")
    for f in report["findings"]:
        status = f"[{STYLE[f['status']]}]{f['status']}[/]"
        name = escape(f["requirement"]) + ("" if f["severity"] == "must" else " [dim](should)[/]")
        table.add_row(status, name, escape(_where(f["location"])), escape(_value(f["value"])),
                      escape(f["reason"]))
        if f["status"] != "present":
            if f["evidence"]:
                table.add_row("", "", "", "", f"[dim]“{escape(_clip(f['evidence']))}”[/dim]")
            if f["suggestion"]:
                table.add_row("", "", "", "", "[dim]fix:[/dim] "
                              + escape(", ".join(f["suggestion"][:2])))
    console.print(table)
    if report["conflicts"]:
        console.print()
    for c in report["conflicts"]:
        console.print(f"[bold]{escape(c['kind'])}[/bold]: {escape(c['a']['provision'])} "
                      f"({escape(c['a']['location'])}) / {escape(c['b']['provision'])} "
                      f"({escape(c['b']['location'])}): {escape(c['why'])} "
                      f"[dim]Way out: {escape(c['resolve'])}[/dim]")
    if report.get("coherence"):
        from treatykit.cli.check_render import print_findings

        console.print(f"\n[bold]Coherence[/bold] ({len(report['coherence'])} finding(s), as "
                      "'treatykit check')")
        print_findings(report["coherence"])
    verdict = (f"[bold red]{summary['blocking']} blocking[/]" if summary["blocking"]
               else "[green]every must is present[/]")
    console.print(f"\n{verdict}: {summary['present']} present, {summary['weak']} weak, "
                  f"{summary['violates']} violate, {summary['missing']} missing "
                  f"({summary['articles']} articles)")
    if report.get("insert"):
        console.print(f"[dim]text to insert for {len(report['insert'])} library clause(s): "
                      "--format md or html, or 'treatykit show CLAUSE_ID'[/dim]")


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
