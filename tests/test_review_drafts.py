"""Hand-written drafts (corpus/drafts) against their expected findings, in every encoding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from treatykit.review.reports import conflict_parts

ROOT = Path(__file__).resolve().parents[1]
DRAFTS = ROOT / "corpus" / "drafts"
EXPECTED = sorted(DRAFTS.glob("*.expected.json"))
DRAFT_FILES = sorted(p for p in DRAFTS.iterdir()
                     if p.suffix in (".md", ".txt") and p.name != "README.md")


def _reviews() -> list[tuple[Path, dict]]:
    cases = []
    for path in EXPECTED:
        data = json.loads(path.read_text(encoding="utf-8"))
        cases += [(DRAFTS / data["draft"], review) for review in data["reviews"]]
    return cases


def _review(source: str | Path, playbook: str):  # type: ignore[no-untyped-def]
    from treatykit.review.service import review_document

    return review_document(source, playbook)


def _conflicts(conflicts: list[dict]) -> set[tuple[str, frozenset[str]]]:
    return {(c["kind"], frozenset(c["between"] if "between" in c else
                                  (c["a"]["provision"], c["b"]["provision"])))
            for c in conflicts}


def test_there_are_at_least_six_drafts_each_with_expected_findings() -> None:
    assert len(DRAFT_FILES) >= 6
    named = {json.loads(p.read_text(encoding="utf-8"))["draft"] for p in EXPECTED}
    assert named == {p.name for p in DRAFT_FILES}


@pytest.mark.parametrize(("draft", "expected"), _reviews(),
                         ids=[f"{d.stem}:{r['playbook']}" for d, r in _reviews()])
def test_a_draft_gives_its_expected_findings(draft: Path, expected: dict) -> None:
    report = _review(draft, expected["playbook"])
    found = {f.requirement: f for f in report.findings}
    statuses = {k: (v if isinstance(v, str) else v["status"])
                for k, v in expected["findings"].items()}
    assert {k: f.status for k, f in found.items()} == statuses
    for requirement, want in expected["findings"].items():
        if isinstance(want, dict):
            finding = found[requirement]
            assert finding.value == want.get("value", finding.value), requirement
            assert finding.location == want.get("location", finding.location), requirement
    assert _conflicts(report.conflicts) == _conflicts(expected["conflicts"])
    assert (1 if report.blocking else 0) == expected["exit"]


def test_conflicts_name_both_articles_and_the_library_advice() -> None:
    report = _review(DRAFTS / "us-pk-bit-pr-conflict.txt", "us-investor")
    equity = next(c for c in report.conflicts
                  if c["b"]["provision"] == "equity.local_participation")
    assert equity["kind"] == "conflict"
    assert equity["a"] == {"provision": "performance_requirements.prohibition",
                           "clause": "performance_requirements.prohibition.investor",
                           "title": "Performance requirements", "location": "Article 7",
                           "articles": "Article 7 (Performance Requirements)"}
    assert equity["b"]["location"] == "Article 8"
    # people read the articles as the draft heads them, never the library's ids
    between = conflict_parts(equity)["between"]
    assert between.startswith("Article 7 (Performance Requirements) and Article 8 (")
    assert "." not in between and "_" not in between
    assert equity["declared_by"] == "performance_requirements.prohibition.investor"
    assert equity["why"] and equity["resolve"]


def test_a_carve_out_for_agreed_undertakings_removes_the_conflict(tmp_path: Path) -> None:
    text = (DRAFTS / "us-pk-bit-pr-conflict.txt").read_text(encoding="utf-8")
    carve_out = ("2. An undertaking that an investor has given in a host government agreement, "
                 "including on equity, processing or technology, shall not be considered "
                 "inconsistent with this Article.\n\nArticle 8:")
    draft = tmp_path / "with-carve-out.txt"
    draft.write_text(text.replace("Article 8:", carve_out, 1), encoding="utf-8")
    kinds = {(c["kind"], c["a"]["provision"]) for c in _review(draft, "us-investor").conflicts}
    assert ("conflict", "performance_requirements.prohibition") not in kinds


def _key(report) -> tuple:  # type: ignore[no-untyped-def]
    findings = tuple((f.requirement, f.status, str(f.value), f.location, f.cue.get("pattern"))
                     for f in report.findings)
    return findings, tuple(sorted((c["a"]["location"], c["b"]["location"])
                                  for c in report.conflicts))


@pytest.mark.parametrize("name", ["pk-us-cma-host-burden.md", "pk-us-bit-investor-weak.txt"])
@pytest.mark.parametrize("form", ["cp1252", "utf-16", "utf-16-le", "utf-8-sig", "docx",
                                  "docx-word-numbering"])
def test_the_same_draft_in_any_encoding_or_as_docx_gives_the_same_findings(
        name: str, form: str, tmp_path: Path, word_docx) -> None:  # type: ignore[no-untyped-def]
    source = DRAFTS / name
    text = source.read_text(encoding="utf-8")
    if form.startswith("docx"):
        path = tmp_path / f"{source.stem}.docx"
        path.write_bytes(word_docx(text, word_numbering=form.endswith("numbering")))
    else:
        path = tmp_path / source.name
        path.write_bytes(text.encode(form))
    assert _key(_review(path, "pakistan-minerals")) == _key(_review(source, "pakistan-minerals"))
