"""Human-readable output (rich tables and panels) for library results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.markup import escape
from rich.table import Table

from treatykit.cli.console import out_console


def highlight(snippet: str, matches: Sequence[tuple[int, int]]) -> str:
    """The snippet with its matched words (character offsets) in bold, all else escaped."""
    out, at = [], 0
    for start, end in matches:
        out += [escape(snippet[at:start]), f"[bold]{escape(snippet[start:end])}[/bold]"]
        at = end
    return "".join(out) + escape(snippet[at:])


def print_search_hits(hits: Sequence[Any], query: str) -> None:
    """Ranked hits as a list: what and where, the highlighted snippet, provenance."""
    console = out_console()
    if not hits:
        console.print(f"nothing matches {escape(repr(query))}")
        return
    console.print(f"[dim]{len(hits)} hit(s) for {escape(repr(query))}[/dim]\n")
    for rank, hit in enumerate(hits, 1):
        console.print(f"{rank}. " + _hit_heading(hit))
        console.print("   " + highlight(hit.snippet, hit.matches))
        if getattr(hit, "provenance", None):
            cites = "; ".join(c["cite"] for c in hit.provenance)
            console.print("   [dim]cf. " + escape(cites) + "[/dim]")
        console.print()


def _hit_heading(hit: Any) -> str:
    if getattr(hit, "kind", "clause") == "clause":
        return f"[bold]{escape(hit.id)}[/bold]  {hit.stance}  [dim]{escape(hit.title)}[/dim]"
    article = escape(f"{hit.article} {hit.heading}".strip())
    treaty = escape(f"[{hit.treaty}]")
    return f"[bold]{escape(hit.title)}[/bold] [dim]{treaty}[/dim]  {article}"


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[str], *, title: str,
                whole: Sequence[str] = ()) -> None:
    """A table for a terminal. The first column and `whole` ones hold identifiers: they
    never wrap (a dotted id split in two cannot be copied); the others fold."""
    from treatykit.cli.common import cell

    keep = {columns[0], *whole}
    table = Table(title=title)
    for column in columns:
        widest = max((len(cell(r.get(column))) for r in rows), default=0)
        if column in keep:
            table.add_column(column, no_wrap=True, min_width=max(widest, len(column)))
        else:
            table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(escape(cell(row.get(c))) for c in columns))
    out_console().print(table)


def print_clause(clause: dict[str, Any]) -> None:
    from treatykit.textblocks import reflow

    console = out_console()
    console.print(f"[bold]{escape(clause['title'])}[/bold]  ({escape(clause['id'])}, "
                  f"{clause['stance']}, version {escape(clause['version'])})")
    console.print(f"provision: {escape(clause['provision'])} ({clause['category']})\n")
    console.print(escape(reflow(clause["text"])))
    if clause["parameters"]:
        console.print("[bold]Parameters[/bold]")
        for p in clause["parameters"]:
            bounds = _bounds(p)
            console.print(f"  {escape(p['name'])} ({p['type']}{bounds}) = "
                          f"{escape(str(p['default']))}: {escape(p['help'])}")
    console.print("[bold]Provenance[/bold]")
    for c in clause["provenance"]:
        mark = "" if c["verified"] else " [dim](not verified)[/dim]"
        note = f": {escape(c['note'])}" if c["note"] else ""
        console.print(f"  cf. {escape(c['cite'])}{note}{mark}")
    console.print("[bold]Negotiation notes[/bold]")
    for key in ("protects", "pushback", "fallback"):
        if clause.get(key):
            console.print(f"  {key}: {escape(clause[key])}")
    for c in clause["conflicts"]:
        way_out = f" Way out: {escape(c['resolve'])}" if c["resolve"] else ""
        console.print(f"[bold]{c['kind'].capitalize()}[/bold] with {escape(c['with'])}: "
                      f"{escape(c['why'])}{way_out}")
    if clause["conflicted_by"]:
        console.print("Marked as conflicting by: " + escape(", ".join(clause["conflicted_by"])))
    if clause["related"]:
        console.print("Related: " + escape(", ".join(clause["related"])))
    if clause["other_stances"]:
        console.print("[bold]Other stances[/bold]")
        for other in clause["other_stances"]:
            console.print(f"  {escape(other['id'])} ({other['stance']})")


def _bounds(p: dict[str, Any]) -> str:
    if p.get("choices"):
        return ": " + ", ".join(p["choices"])
    lo, hi = p.get("min"), p.get("max")
    if lo is None and hi is None:
        return ""
    fmt = lambda v: "" if v is None else (str(int(v)) if float(v).is_integer() else str(v))  # noqa: E731
    return f" {fmt(lo)}..{fmt(hi)}"
