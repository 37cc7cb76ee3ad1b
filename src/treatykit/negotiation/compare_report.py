"""A comparison as data, as a plain table and as a standalone HTML report."""

from __future__ import annotations

import html
from typing import Any

from treatykit.models import SCHEMA_VERSION
from treatykit.negotiation.compare import Change, Comparison, Effect, changed_phrases
from treatykit.negotiation.wordiff import Piece

PARA = "¶"


def comparison_summary(comparison: Comparison) -> dict[str, Any]:
    """`compare --format json`: every changed article with its redline and effects."""
    counts = {s: sum(1 for c in comparison.changes if c.status == s)
              for s in ("unchanged", "edited", "moved", "added", "deleted")}
    return {"schema": SCHEMA_VERSION, "ours": comparison.ours.source,
            "theirs": comparison.theirs.source, "playbook": comparison.playbook, "summary": counts,
            "changes": [_change(c) for c in comparison.changed],
            "effects": [_effect(e) for e in comparison.effects]}


def _change(change: Change) -> dict[str, Any]:
    return {"status": change.status, "article": change.label, "heading": change.heading,
            "ours": change.ours.number if change.ours else None,
            "theirs": change.theirs.number if change.theirs else None, "note": change.note,
            "redline": [{"op": p.op, "old": p.old, "new": p.new}
                        for p in change.pieces if p.op != "equal"],
            "effects": [_effect(e) for e in change.effects]}


def _effect(effect: Effect) -> dict[str, Any]:
    return {"requirement": effect.requirement, "severity": effect.severity,
            "before": effect.before, "after": effect.after, "where": effect.where,
            "old": effect.old, "new": effect.new, "message": effect.message}


def comparison_lines(comparison: Comparison) -> list[str]:
    """One line per changed article, then one indented line per effect on the mandate."""
    if not comparison.changed:
        return ["no changes: every article reads the same (numbering and format aside)"]
    lines = []
    for change in comparison.changed:
        note = f" ({change.note})" if change.note else ""
        lines.append(f"{change.status:<8} {change.label}: {change.heading}{note}")
        lines += [f"         {_words(p)}" for p in changed_phrases(change.pieces)][:3]
        lines += [f"    -> {e.message}" for e in change.effects]
    lines += [f"    -> {e.message}" for e in comparison.effects]
    return lines


def _words(piece: Piece) -> str:
    old, new = _plain(piece.old), _plain(piece.new)
    if not old:
        return f"+ '{_cut(new)}'"
    if not new:
        return f"- '{_cut(old)}'"
    return f"'{_cut(old)}' -> '{_cut(new)}'"


def _plain(text: str) -> str:
    return " ".join(w for w in text.split() if w != PARA)


def _cut(text: str, width: int = 70) -> str:
    return text if len(text) <= width else text[:width - 3] + "..."


_CSS = """body{font-family:Georgia,serif;max-width:50rem;margin:2rem auto;line-height:1.5}
ins{color:#1a5e20;background:#e6f4ea;text-decoration:underline}
del{color:#b3261e;background:#fce8e6}
.effect{font-family:system-ui,sans-serif;font-size:.9rem;border-left:4px solid #b3261e;
padding:.2rem .6rem;margin:.4rem 0}.status{font-family:system-ui,sans-serif;color:#555}"""


def comparison_html(comparison: Comparison) -> str:
    """A standalone page: each changed article with its redline and its effects."""
    body = [f"<h1>{html.escape(comparison.theirs.source)} against "
            f"{html.escape(comparison.ours.source)}</h1>"]
    if not comparison.changed:
        body.append("<p>No changes: every article reads the same.</p>")
    for change in comparison.changed:
        note = f" ({html.escape(change.note)})" if change.note else ""
        body.append(f"<h2>{html.escape(change.label)}: {html.escape(change.heading)}</h2>"
                    f'<p class="status">{change.status}{note}</p>')
        body.append("<p>" + _redline_html(change.pieces) + "</p>")
        body += [f'<p class="effect">{html.escape(e.message)}</p>' for e in change.effects]
    body += [f'<p class="effect">{html.escape(e.message)}</p>' for e in comparison.effects]
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>Comparison</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
            + "\n".join(body) + "\n</body>\n</html>\n")


def _redline_html(pieces: list[Piece]) -> str:
    out = []
    for piece in pieces:
        old, new = html.escape(piece.old), html.escape(piece.new)
        if piece.op == "equal":
            out.append(old)
            continue
        if old:
            out.append(f"<del>{old}</del>")
        if new:
            out.append(f"<ins>{new}</ins>")
    return " ".join(out).replace(PARA, "</p><p>")
