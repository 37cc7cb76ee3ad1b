"""Check a draft's coherence: read it, parse its structure, run every check."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.models import SCHEMA_VERSION
from treatykit.review.coherence.figures import check_figures
from treatykit.review.coherence.model import CLASSES, CoherenceFinding, Index, index_document
from treatykit.review.coherence.numbering import check_numbering
from treatykit.review.coherence.periods import check_periods
from treatykit.review.coherence.references import check_references
from treatykit.review.coherence.terms import check_terms
from treatykit.review.structure import Document, parse_structure

SCHEMA = SCHEMA_VERSION  # the one version of every JSON output (docs/json.md)
#: The checks that read only the text (no language model, no library).
TEXT_CHECKS: tuple[Callable[[Index], list[CoherenceFinding]], ...] = (
    check_references, check_terms, check_figures, check_periods, check_numbering)


@dataclass
class CoherenceReport:
    """The findings of one check run over one document (or two)."""

    documents: list[str]
    findings: list[CoherenceFinding] = field(default_factory=list)
    articles: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA, "document": self.documents[0] if self.documents else "",
                "documents": self.documents, "summary": self.summary(),
                "findings": [f.to_dict() for f in self.findings]}

    def summary(self) -> dict[str, Any]:
        counts = {check: sum(1 for f in self.findings if f.check == check) for check in CLASSES}
        return {"articles": self.articles, "findings": len(self.findings),
                "by_class": {k: v for k, v in counts.items() if v}}


def check_structure(document: Document) -> list[CoherenceFinding]:
    """Every text-only finding on an already parsed document, in class then text order."""
    index = index_document(document)
    found = [f for check in TEXT_CHECKS for f in check(index)]
    return sort_findings(found)


def sort_findings(found: list[CoherenceFinding]) -> list[CoherenceFinding]:
    order = {check: n for n, check in enumerate(CLASSES)}
    unique = {(f.document, f.check, f.start, f.end, f.message): f for f in found}
    return sorted(unique.values(), key=lambda f: (f.document, order.get(f.check, 99), f.start))


def check_text(text: str, *, source: str = "<text>") -> list[CoherenceFinding]:
    """The text-only findings on `text` (what `draft` prints after drafting)."""
    return check_structure(parse_structure(text, source=source))


def check_documents(sources: Sequence[str | Path], *, libraries: Sequence[str | Path] = (),
                    conflicts: bool = True, word_copy: Path | None = None) -> CoherenceReport:
    """Check one draft, or two drafted from the same deal (each alone, then one against the
    other). `conflicts` adds the clause pairs the library marks as conflicting. With
    `word_copy`, also write there a copy of the first draft (a Word document) with one
    comment per finding in it."""
    from treatykit.review.comments import check_comment_target

    if word_copy is not None:
        check_comment_target(Path(sources[0]), word_copy)
    report = _check(sources, libraries=libraries, conflicts=conflicts)
    if word_copy is not None:
        write_check_comments(Path(sources[0]), word_copy, report.findings)
    return report


def _check(sources: Sequence[str | Path], *, libraries: Sequence[str | Path],
           conflicts: bool) -> CoherenceReport:
    from treatykit.review.readers import read_draft

    documents = [parse_structure(read_draft(s).text, source=str(s)) for s in sources]
    findings = [f for d in documents for f in check_structure(d)]
    if conflicts or len(documents) > 1:
        findings += _library_findings(documents, libraries, conflicts=conflicts)
    articles = sum(1 for d in documents for u in d.units if u.kind == "article")
    return CoherenceReport([str(s) for s in sources], sort_findings(findings), articles)


def write_check_comments(source: Path, dest: Path,
                         findings: Sequence[CoherenceFinding]) -> int:
    """Copy the Word draft `source` to `dest` with a comment per finding in it; how many."""
    from treatykit.review.comments import write_offset_comments

    notes = [(f.start, finding_comment(f)) for f in findings if f.document in ("", str(source))]
    return write_offset_comments(source, dest, notes, author="treatykit check")


def finding_comment(finding: CoherenceFinding) -> str:
    """A finding as a Word comment: its class, what is wrong, the words, the fix."""
    return (f"{CLASSES.get(finding.check, finding.check)}: {finding.message}\n"
            f"Words: {finding.words}\nFix: {finding.fix}")


def _library_findings(documents: list[Document], libraries: Sequence[str | Path], *,
                      conflicts: bool) -> list[CoherenceFinding]:
    """Findings that need the review engine: declared conflicts, values that disagree."""
    from treatykit.review.coherence.library import conflict_findings, disagreements
    from treatykit.review.engine import analyse
    from treatykit.review.service import load_reviewer

    library, compiled = load_reviewer(libraries)
    analyses = [analyse(d.text, compiled, source=d.source) for d in documents]
    found: list[CoherenceFinding] = []
    if conflicts:
        for analysis in analyses:
            found += conflict_findings(analysis, library)
    if len(analyses) == 2:
        found += disagreements(analyses[0], analyses[1])
    return found
