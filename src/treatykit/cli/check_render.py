"""Terminal output of a coherence check (rich table), also review's coherence section."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.table import Table

from treatykit.cli.console import out_console


def print_check(data: dict[str, Any]) -> None:
    """One row per finding: class, where, the words, what is wrong and the fix."""
    from treatykit.review.coherence.reports import verdict

    console = out_console()
    console.print(f"[bold]{escape(' and '.join(data['documents']))}[/bold]: coherence\n")
    print_findings(data["findings"], several=len(data["documents"]) > 1)
    style = "bold red" if data["findings"] else "green"
    console.print(f"\n[{style}]{escape(verdict(data))}[/]")


def print_findings(findings: list[dict[str, Any]], *, several: bool = False) -> None:
    if not findings:
        return
    table = Table(box=None, show_header=True, header_style="dim", pad_edge=False)
    for column in ("class", "where", "words", "problem and fix"):
        table.add_column(column, overflow="fold", ratio=2 if column == "problem and fix" else None)
    for f in findings:
        where = f["location"].replace("Article ", "Art. ")
        if several and f.get("document"):
            where += f" [dim]{escape(Path(f['document']).name)}[/dim]"
        table.add_row(escape(f["check"]), where, escape(_clip(f["words"])),
                      escape(f["message"]) + f"\n[dim]fix: {escape(f['fix'])}[/dim]")
    out_console().print(table)


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"
