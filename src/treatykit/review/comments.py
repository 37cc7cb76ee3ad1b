"""Review findings as Word comments in a copy of the reviewed document.

Each finding that is not present becomes one comment on the paragraph that decided it;
a missing provision's comment sits on the heading of the article where it belongs (its
own article, else an article of the same family of provisions), else on the title. The
copy is made by `treatykit.wordcomments`, which changes nothing else in the document.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from treatykit.errors import InputError
from treatykit.outfiles import check_target
from treatykit.review.engine import Analysis
from treatykit.review.findings import Finding
from treatykit.review.readers import Draft
from treatykit.review.structure import Unit
from treatykit.wordcomments import CommentSpec, annotate_docx

AUTHOR = "treatykit review"
_NOT_WORD = re.compile(r"[\W_]+")


def check_comment_target(source: Path, dest: Path) -> None:
    """Refuse, before any work, a copy with comments of anything but a Word draft."""
    if source.suffix.lower() != ".docx":
        raise InputError(f"-o {dest}: comments can only be added to a Word draft, "
                         f"not to {source.name}",
                         hint="review the .docx, or write the report as .md, .html or .json")
    check_target(dest, inputs=[source])


def write_review_comments(source: Path, dest: Path, comments: Sequence[CommentSpec]) -> None:
    """Copy the Word draft `source` to `dest` with `comments`."""
    check_comment_target(source, dest)
    annotate_docx(source, dest, comments, date=dt.datetime.now(dt.timezone.utc))


def write_offset_comments(source: Path, dest: Path, notes: Sequence[tuple[int, str]], *,
                          author: str) -> int:
    """Copy the Word draft `source` to `dest` with a comment at each (offset into the text
    `read_draft` gives, comment text); returns how many. For checks whose findings carry
    offsets, such as `treatykit check`."""
    from treatykit.review.readers import read_draft

    check_comment_target(source, dest)
    finder = ParagraphFinder(read_draft(source))
    write_review_comments(source, dest, [(finder.at(offset), author, text)
                                         for offset, text in notes])
    return len(notes)


def finding_comments(findings: Sequence[Finding], analysis: Analysis, draft: Draft, *,
                     insert: Sequence[dict[str, object]] = (),
                     playbook_title: str = "") -> list[CommentSpec]:
    """(paragraph, author, text) for every finding that is not present."""
    lines = ParagraphFinder(draft)
    texts = {entry["clause"]: entry for entry in insert}
    return [(anchor_paragraph(f, analysis, lines), AUTHOR,
             comment_text(f, texts.get(f.suggestion[0]) if f.suggestion else None,
                          playbook_title=playbook_title))
            for f in findings if f.status != "present"]


def comment_text(finding: Finding, suggested: dict[str, object] | None, *,
                 playbook_title: str = "") -> str:
    """Status, severity, the requirement, why, and the library text that would satisfy it."""
    mandate = f" ({playbook_title})" if playbook_title else ""
    lines = [f"{finding.status.upper()}, {finding.severity}{mandate}: "
             f"{finding.title or finding.requirement}"]
    if finding.reason:
        lines.append(f"Why: {finding.reason}")
    if finding.value is not None:
        lines.append(f"Value read: {finding.value}")
    if suggested:
        lines.append(f"Suggested text ({suggested['title']}):")
        lines += str(suggested["text"]).splitlines()
    return "\n".join(lines)


class ParagraphFinder:
    """Find the Word paragraph of a sentence or heading read from a Word draft.

    The draft's lines are kept as one run of lower-case word characters, so a sentence is
    found again whatever review did to its spaces and glued words. For `check` and
    `compare`, whose findings quote the text: `ParagraphFinder(read_draft(path))`, then
    `at(offset)`, `find(sentence)`, `heading(line)` or `first()`, and hand the
    indices to `wordcomments.annotate_docx`.
    """

    def __init__(self, draft: Draft) -> None:
        self.text = draft.text
        self.paragraphs = draft.paragraphs
        self.starts: list[int] = []
        pieces: list[str] = []
        at = 0
        for line in draft.text.split("\n"):
            self.starts.append(at)
            piece = _flat(line)
            pieces.append(piece)
            at += len(piece)
        self.flat = "".join(pieces)
        self.lines = pieces

    def find(self, text: str, *, after: str | None = None) -> int | None:
        """The paragraph where `text` begins, looking first after the heading `after`."""
        key = _flat(text)[:120]
        if not key:
            return None
        line = self._heading_line(after) if after else None
        position = self.flat.find(key, self.starts[line]) if line is not None else -1
        if position < 0:
            position = self.flat.find(key)
        return None if position < 0 else self.paragraph(self._line(position))

    def heading(self, text: str) -> int | None:
        """The paragraph that is the heading `text` (not a cross-reference quoting it)."""
        line = self._heading_line(text)
        return None if line is None else self.paragraph(line)

    def at(self, offset: int) -> int:
        """The paragraph holding character `offset` of the draft's text (for findings that
        carry offsets into the text `read_draft` returned, such as `check`'s)."""
        return self.paragraph(self.text.count("\n", 0, max(offset, 0)))

    def paragraph(self, line: int) -> int:
        """The paragraph that line `line` of the draft's text came from."""
        if not self.paragraphs:
            return 0
        return self.paragraphs[min(line, len(self.paragraphs) - 1)]

    def first(self) -> int:
        """The first paragraph with text: the title."""
        return self.paragraph(next((i for i, line in enumerate(self.lines) if line), 0))

    def _heading_line(self, text: str) -> int | None:
        key = _flat(text)
        return next((i for i, line in enumerate(self.lines) if line == key), None) \
            if key else None

    def _line(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1


def _flat(text: str) -> str:
    return _NOT_WORD.sub("", text.lower())


def anchor_paragraph(finding: Finding, analysis: Analysis, lines: ParagraphFinder) -> int:
    """The paragraph a finding's comment belongs on."""
    if finding.evidence:
        unit = _unit_named(analysis, finding.location or "")
        found = lines.find(finding.evidence,
                           after=_heading_line(analysis, unit) if unit else None)
        if found is not None:
            return found
    unit = _home_unit(finding, analysis)
    found = lines.heading(_heading_line(analysis, unit)) if unit else None
    return found if found is not None else lines.first()


def _unit_named(analysis: Analysis, location: str) -> Unit | None:
    """The unit a location such as "Article 7(1)" names."""
    named = [u for u in analysis.document.units
             if u.label and (location == u.label or location.startswith(u.label + "("))]
    return named[0] if named else None


def _heading_line(analysis: Analysis, unit: Unit) -> str:
    text = analysis.document.text
    end = text.find("\n", unit.start)
    return text[unit.start:end if end >= 0 else unit.end]


def _home_unit(finding: Finding, analysis: Analysis) -> Unit | None:
    """The article whose heading names the provision, else one naming a provision of the
    same family (`dispute.*` for a missing `dispute.limitation_period`)."""
    recognisers = analysis.compiled.recognisers
    family = finding.provision.split(".")[0] + "."
    kin = [finding.provision] + sorted(p for p in recognisers
                                       if p.startswith(family) and p != finding.provision)
    articles = [u for u in analysis.document.units if u.kind in ("article", "annex")]
    for provision in kin:
        recogniser = recognisers.get(provision)
        if recogniser is None:
            continue
        unit = next((u for u in articles if analysis.heading_matches(u, recogniser)), None)
        if unit is not None:
            return unit
    return None
