"""The review entry point: read a draft, analyse it, grade it against a playbook."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from treatykit.errors import LibraryError
from treatykit.library import library_dirs
from treatykit.models import Library
from treatykit.review.bearers import Parties, host_names
from treatykit.review.coherence import check_structure
from treatykit.review.conflicts import find_conflicts
from treatykit.review.engine import Analysis, analyse
from treatykit.review.findings import Finding, evaluate, playbook_parties
from treatykit.review.playbooks import Playbook, find_playbook, load_playbook
from treatykit.review.readers import Draft, read_draft
from treatykit.review.recognisers import Compiled, compile_library

_COMPILED: dict[str, tuple[Library, Compiled]] = {}


@dataclass
class Report:
    """Everything a review found, ready for JSON, Markdown, HTML or a table."""

    document: str
    playbook: str
    playbook_title: str
    findings: list[Finding]
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    insert: list[dict[str, Any]] = field(default_factory=list)
    tracked_changes: tuple[int, int] = (0, 0)  # (insertions, deletions) read as accepted
    coherence: list[dict[str, Any]] = field(default_factory=list)  # treatykit check's findings

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "playbook": self.playbook,
                "playbook_title": self.playbook_title, "summary": self.summary(),
                "findings": [asdict(f) for f in self.findings], "conflicts": self.conflicts,
                "coherence": self.coherence, "insert": self.insert}

    def summary(self) -> dict[str, Any]:
        counts = {s: sum(1 for f in self.findings if f.status == s)
                  for s in ("present", "weak", "violates", "missing")}
        return {"articles": self.articles, "requirements": len(self.findings), **counts,
                "blocking": len(self.blocking)}


def load_reviewer(libraries: Sequence[str | Path] = ()) -> tuple[Library, Compiled]:
    """The structurally checked library and its compiled recognisers (cached per library
    content). Clause texts are rendered only when review uses them (`treatykit validate`
    renders them all)."""
    from treatykit.library import library_digest, load_library

    dirs = library_dirs(libraries)
    key = library_digest(dirs)
    if key not in _COMPILED:
        library, problems = load_library(dirs)
        if problems:
            raise LibraryError(problems)
        _COMPILED[key] = (library, compile_library(library))
    return _COMPILED[key]


def resolve_playbook(name: str, library: Library, playbooks: Sequence[str] = ()) -> Playbook:
    return load_playbook(find_playbook(name, tuple(playbooks)), library)


def review_text(text: str, playbook: Playbook, library: Library, compiled: Compiled, *,
                source: str = "<text>", host: Sequence[str] = ()) -> Report:
    """Review already-read text; `host` names the host State when the playbook does not."""
    analysis = analyse(text, compiled, source=source)
    return report_for(analysis, playbook, library, source, host=host)


def grade_text(text: str, playbook: Playbook, library: Library, compiled: Compiled, *,
               source: str = "<text>") -> list[Finding]:
    """The findings `review_text` gives, without suggested clauses or conflicts: what a
    map cell and the accuracy bench need."""
    analysis = analyse(text, compiled, source=source)
    return grade(analysis, playbook, library, suggestions=False)


def grade(analysis: Analysis, playbook: Playbook, library: Library, *,
          host: Sequence[str] = (), suggestions: bool = True) -> list[Finding]:
    """Every requirement of `playbook` graded on `analysis` (the one grading step)."""
    parties = playbook_parties(playbook)
    if host:
        parties = Parties(host_names(host), parties.partner)
    return evaluate(playbook, analysis, library, parties=parties, suggestions=suggestions)


def report_for(analysis: Analysis, playbook: Playbook, library: Library, source: str, *,
               host: Sequence[str] = ()) -> Report:
    findings = grade(analysis, playbook, library, host=host)
    articles = sum(1 for u in analysis.document.units if u.kind == "article")
    return Report(document=source, playbook=playbook.id, playbook_title=playbook.title,
                  findings=findings, articles=articles,
                  conflicts=find_conflicts(analysis, library, analysis.compiled),
                  insert=suggested_texts(findings, library),
                  coherence=[f.to_dict() for f in check_structure(analysis.document)])


def suggested_texts(findings: Sequence[Finding], library: Library) -> list[dict[str, Any]]:
    """The first suggested clause of every finding not present, as text to insert.

    One entry per clause, in finding order, naming every requirement it answers; the text
    is the clause with its default values (checked to satisfy the requirement) and
    bracketed placeholders for party names and article numbers, one line per paragraph.
    """
    from treatykit.review.clausetexts import clause_preview
    from treatykit.textblocks import reflow

    entries: dict[str, dict[str, Any]] = {}
    for finding in findings:
        if finding.status == "present" or not finding.suggestion:
            continue
        clause_id = finding.suggestion[0]
        entry = entries.get(clause_id)
        if entry is None:
            clause = library.clauses[clause_id]
            entry = entries[clause_id] = {"clause": clause_id, "title": clause.title,
                                          "provision": clause.provision,
                                          "requirements": [],
                                          "text": reflow(clause_preview(clause))}
        entry["requirements"].append(finding.requirement)
    return list(entries.values())


def review_document(source: str | Path, playbook: str, *, libraries: Sequence[str | Path] = (),
                    playbooks: Sequence[str] = (), host: Sequence[str] = (),
                    draft: Draft | None = None, word_copy: Path | None = None) -> Report:
    """Read `source` (a path or '-'), and grade it against the named playbook.

    `draft` is its text when the caller has read it already (`treatykit review` reads a
    ToTA treaty file as `treatykit map` does). With `word_copy`, also write there a copy of
    the Word draft `source` carrying one comment per finding that is not present
    (`review.comments`).
    """
    from treatykit.review.comments import (
        check_comment_target,
        finding_comments,
        write_review_comments,
    )

    if word_copy is not None:
        check_comment_target(Path(source), word_copy)
    library, compiled = load_reviewer(libraries)
    book = resolve_playbook(playbook, library, playbooks)
    draft = draft or read_draft(source)
    analysis = analyse(draft.text, compiled, source=str(source))
    report = report_for(analysis, book, library, str(source), host=host)
    report.tracked_changes = (draft.insertions, draft.deletions)
    if word_copy is not None:
        comments = finding_comments(report.findings, analysis, draft, insert=report.insert,
                                    playbook_title=report.playbook_title)
        write_review_comments(Path(source), word_copy, comments)
    return report
