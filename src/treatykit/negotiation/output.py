"""The joint text written as Markdown, HTML or Word, with an open-points table at its end.

Each Party's brackets are bold and coloured (first party blue, second red, proposals
green) so the open points can be seen at a glance.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from treatykit.drafting.formats import to_html, to_markdown
from treatykit.models import SCHEMA_VERSION
from treatykit.negotiation.joint import JointText, Point
from treatykit.negotiation.sections import PROPOSAL
from treatykit.outfiles import output_suffix, write_atomic

JOINT_FORMATS = (".md", ".html", ".docx")
TABLE_TITLE = "Open points"


def check_joint_path(path: Path, *, inputs: tuple[Path, ...] = ()) -> str:
    return output_suffix(path, JOINT_FORMATS, inputs=inputs)


def write_joint(joint: JointText, path: Path, *, inputs: tuple[Path, ...] = ()) -> None:
    suffix = check_joint_path(path, inputs=inputs)
    write_atomic(path, joint_bytes(joint, suffix))


def joint_bytes(joint: JointText, suffix: str) -> bytes:
    if suffix == ".docx":
        return _docx(joint)
    if suffix == ".html":
        return joint_html(joint).encode("utf-8")
    return joint_markdown(joint).encode("utf-8")


def table_header(joint: JointText) -> list[str]:
    ours, theirs = joint.labels
    return ["Article", "Bracketed", ours, theirs, "Landing zone"]


def table_rows(joint: JointText) -> list[list[str]]:
    ours, theirs = joint.labels
    return [[f"{p.number} {p.title}", p.bracketed, p.severity(ours), p.severity(theirs),
             p.landing or "none in the library"] for p in joint.open_points]


def joint_markdown(joint: JointText) -> str:
    text = _bold_labels(to_markdown(joint.document), joint)
    header = table_header(joint)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "/") for c in row) + " |"
              for row in table_rows(joint)]
    return text + f"\n## {TABLE_TITLE}\n\n" + "\n".join(lines) + "\n"


def _bold_labels(text: str, joint: JointText) -> str:
    return _opener(joint).sub(lambda m: f"**{m.group(0).rstrip()}** ", text)


def _opener(joint: JointText) -> re.Pattern[str]:
    names = "|".join(re.escape(n) for n in (*joint.labels, PROPOSAL))
    return re.compile(rf"\[(?:{names})(?:, (?:{names}))*: ")


_CSS = """
.pos { font-weight: bold; }
.pos0 { color: #1F4E9A; } .pos1 { color: #C00000; } .pos2 { color: #2E7D32; }
table.open { border-collapse: collapse; margin-top: 1em; }
table.open td, table.open th { border: 1px solid #999; padding: 0.2em 0.5em; vertical-align: top; }
"""


def joint_html(joint: JointText) -> str:
    page = to_html(joint.document).replace("</style>", _CSS + "</style>", 1)
    labels = [*joint.labels, PROPOSAL]
    page = _opener(joint).sub(lambda m: _span(m.group(0), labels), page)
    rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n"
                   for row in table_rows(joint))
    head = "".join(f"<th>{html.escape(c)}</th>" for c in table_header(joint))
    table = (f'<h2>{TABLE_TITLE}</h2>\n<table class="open">\n<tr>{head}</tr>\n{rows}'
             "</table>\n")
    return page.replace("</body>", table + "</body>", 1)


def _span(opener: str, labels: list[str]) -> str:
    first = opener[1:-2].split(", ")[0]
    return f'<span class="pos pos{labels.index(first)}">{opener.rstrip()}</span> '


def _docx(joint: JointText) -> bytes:
    from treatykit.drafting.docx_marks import append_table, mark_brackets
    from treatykit.drafting.docx_writer import to_docx

    data = mark_brackets(to_docx(joint.document), [*joint.labels, PROPOSAL])
    return append_table(data, TABLE_TITLE, table_header(joint), table_rows(joint))


def joint_summary(joint: JointText) -> dict[str, Any]:
    """The joint text's decisions as data (`negotiate --format json`)."""
    ours, theirs = joint.labels
    return {"schema": SCHEMA_VERSION, "title": joint.document.title,
            "parties": {"ours": ours, "theirs": theirs},
            "playbooks": {"ours": joint.ours.playbook.id, "theirs": joint.theirs.playbook.id},
            "articles": len(joint.points), "agreed": len(joint.points) - len(joint.open_points),
            "open_points": [_point(p, ours, theirs) for p in joint.open_points]}


def _point(point: Point, ours: str, theirs: str) -> dict[str, Any]:
    return {"article": point.number, "title": point.title, "provision": point.provision,
            "bracketed": point.bracketed,
            "severity": {ours: point.severity(ours), theirs: point.severity(theirs)},
            "landing_zone": point.landing or None, "proposal": point.proposal,
            "objections": [{"party": o.party, "severity": o.severity,
                            "requirement": o.requirement, "reason": o.reason}
                           for o in point.objections]}
