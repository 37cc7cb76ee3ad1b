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
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def print_review(report: dict[str, Any]) -> None:
    console = out_console()
    summary = report["summary"]
    table = Table(show_lines=True, title=f"{escape(report['document'])} against "
                  f"{escape(report['playbook'])}")
    table.add_column("requirement", no_wrap=True)
    table.add_column("status", no_wrap=True)
    for column in ("value", "location", "why", "fix"):
        table.add_column(column, ratio=3 if column == "why" else None, overflow="fold")
    for f in report["findings"]:
        status = f"[{STYLE[f['status']]}]{f['status']}[/]"
        if f["severity"] != "must":
            status += " [dim](should)[/dim]"
        why = escape(f["reason"])
        if f["evidence"] and f["status"] != "present":
            why += f"\n[dim]{escape(_clip(f['evidence']))}[/dim]"
        table.add_row(escape(f["requirement"]), status, escape(_value(f["value"])),
                      escape(f["location"] or ""), why, escape("\n".join(f["suggestion"][:2])))
    console.print(table)
    for c in report["conflicts"]:
        console.print(f"[bold]{escape(c['kind'])}[/bold]: {escape(c['a']['provision'])} "
                      f"({escape(c['a']['location'])}) / {escape(c['b']['provision'])} "
                      f"({escape(c['b']['location'])}): {escape(c['why'])} "
                      f"[dim]Way out: {escape(c['resolve'])}[/dim]")
    verdict = (f"[bold red]{summary['blocking']} blocking[/]" if summary["blocking"]
               else "[green]every must is present[/]")
    console.print(f"{verdict}: {summary['present']} present, {summary['weak']} weak, "
                  f"{summary['violates']} violate, {summary['missing']} missing "
                  f"({summary['articles']} articles)")


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
