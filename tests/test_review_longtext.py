"""Very long texts: paragraph docs held within a budget, rebuilt docs giving the same findings,
work and memory that grow with the text, not faster. (Speed figures: bench/longtext.py.)"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import DEALS, ROOT, SHARED, load_bench

DRAFTS = sorted(p for p in (ROOT / "corpus" / "drafts").iterdir()
                if p.suffix in (".md", ".txt") and p.name != "README.md")
DEV_TEXTS = sorted((SHARED / "eval" / "texts").glob("*.txt"))


def _review(text: str, playbook: str) -> tuple[Any, dict[str, Any]]:
    from treatykit.review.engine import analyse
    from treatykit.review.service import load_reviewer, report_for, resolve_playbook

    library, compiled = load_reviewer()
    analysis = analyse(text, compiled)
    report = report_for(analysis, resolve_playbook(playbook, library), library, "<text>")
    return analysis, report.to_dict()


def _same_with_every_doc_rebuilt(text: str, playbook: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings with every paragraph doc held (as before) equal those with none held, so a
    rebuilt doc stands for the original; no paragraph is long enough to be cut in pieces, so
    that is one doc per paragraph, as before."""
    from treatykit.review import paragraphs

    monkeypatch.setattr(paragraphs, "CACHED_TOKENS", 10**12)
    analysis, held = _review(text, playbook)
    whole = paragraphs.segments(analysis.document, limit=len(analysis.document.text) + 1)
    assert all(s.end - s.start <= paragraphs.SEGMENT_CHARS for s in whole)
    monkeypatch.setattr(paragraphs, "CACHED_TOKENS", 0)
    assert _review(text, playbook)[1] == held


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
@pytest.mark.parametrize("playbook", ["pakistan-minerals", "us-investor"])
def test_corpus_drafts_read_the_same_from_rebuilt_docs(path: Path, playbook: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from treatykit.review.readers import read_draft

    _same_with_every_doc_rebuilt(read_draft(str(path)).text, playbook, monkeypatch)


@pytest.mark.parametrize("deal", sorted(DEALS.glob("*.yaml")), ids=lambda p: p.stem)
def test_shipped_drafts_read_the_same_from_rebuilt_docs(deal: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from treatykit.drafting.api import make_draft

    _same_with_every_doc_rebuilt(make_draft(deal).markdown, "pakistan-minerals", monkeypatch)


@pytest.mark.parametrize("path", DEV_TEXTS, ids=lambda p: p.name)
def test_dev_texts_read_the_same_from_rebuilt_docs(path: Path, shared: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    _same_with_every_doc_rebuilt(path.read_text(encoding="utf-8"), "unctad-iia", monkeypatch)


def test_long_paragraph_is_cut_after_sentence_ends_into_contiguous_pieces() -> None:
    from treatykit.review.paragraphs import Segment, _pieces

    text = "The Parties shall cooperate. " * 1000
    pieces = list(_pieces(text, Segment(0, len(text), None, 0), 1000))  # type: ignore[arg-type]
    assert [p.start for p in pieces[1:]] == [p.end for p in pieces[:-1]]
    assert (pieces[0].start, pieces[-1].end) == (0, len(text))
    assert all(p.end - p.start <= 1000 for p in pieces)
    assert all(text[p.start:p.end].startswith("The Parties") for p in pieces)


def test_text_without_sentence_ends_or_spaces_is_cut_too() -> None:
    from treatykit.review.paragraphs import Segment, _pieces

    text = "x" * 2500
    pieces = list(_pieces(text, Segment(0, len(text), None, 0), 1000))  # type: ignore[arg-type]
    assert [p.end - p.start for p in pieces] == [1000, 1000, 500]


def test_one_line_text_is_reviewed_in_pieces(pakistan_draft: Any) -> None:
    """A treaty with every line break removed: one paragraph of 300 KB, read in pieces."""
    from treatykit.review import paragraphs
    from treatykit.review.engine import analyse
    from treatykit.review.service import load_reviewer

    _, compiled = load_reviewer()
    analysis = analyse(" ".join((pakistan_draft.markdown * 3).split()), compiled)
    sizes = [s.end - s.start for s in paragraphs.segments(analysis.document)]
    assert len(sizes) > 1 and max(sizes) <= paragraphs.SEGMENT_CHARS
    assert analysis.hits


@pytest.fixture(scope="module")
def long_review(pakistan_draft: Any) -> tuple[str, Any, dict[str, Any]]:
    """A ~2 MB treaty (the Pakistan-US draft's articles repeated, renumbered), reviewed with
    a doc budget far below its size."""
    from treatykit.review import paragraphs
    from treatykit.review.engine import analyse
    from treatykit.review.service import (
        load_reviewer,
        report_for,
        resolve_playbook,
    )

    text = load_bench("longtext").synthetic_treaty(pakistan_draft.markdown, 2_000_000)
    library, compiled = load_reviewer()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paragraphs, "CACHED_TOKENS", 20_000)
        analysis = analyse(text, compiled)
        report = report_for(analysis, resolve_playbook("pakistan-minerals", library), library,
                            "<long>")
    return text, analysis, report.to_dict()


def test_long_text_holds_docs_within_the_budget(long_review: tuple[str, Any, Any]) -> None:
    from treatykit.review import paragraphs

    _, analysis, _ = long_review
    docs = analysis.sentences[0].docs
    largest = max(len(s.span.doc) for s in analysis.sentences[:2000])
    assert docs.held_tokens <= 20_000 + largest + paragraphs.DOC_OVERHEAD
    assert docs.made_tokens > 20 * docs.held_tokens  # most docs were let go


def test_many_tiny_paragraphs_are_held_within_the_budget(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A doc costs memory of its own (about 26 tokens' worth): 20,000 one-word paragraphs
    are not 20,000 docs held."""
    from treatykit.review import paragraphs
    from treatykit.review.engine import analyse
    from treatykit.review.service import load_reviewer

    monkeypatch.setattr(paragraphs, "CACHED_TOKENS", 3_000)
    analysis = analyse("\n\n".join(["Investment."] * 20_000), load_reviewer()[1])
    docs = analysis.sentences[0].docs
    assert len({s.segment for s in analysis.sentences}) >= 10_000
    assert docs.held_docs <= 3_000 // paragraphs.DOC_OVERHEAD + 1


def test_long_text_costs_a_bounded_number_of_passes(long_review: tuple[str, Any, Any]) -> None:
    """Rebuilding a paragraph's doc each time grading returns to it is linear work: at most a
    few pipeline passes over the text, whatever its length (a step that went back to every
    paragraph for every hit would make hundreds)."""
    _, analysis, _ = long_review
    docs = analysis.sentences[0].docs
    tokens = sum(s.token_end - s.token_start for s in analysis.sentences)
    assert docs.made_tokens <= 4 * tokens


def test_long_text_is_graded_as_its_parts(long_review: tuple[str, Any, dict[str, Any]]) -> None:
    _, analysis, report = long_review
    assert report["summary"]["articles"] >= 48 * 15
    assert report["summary"]["present"] == report["summary"]["requirements"]


def test_long_text_findings_do_not_depend_on_the_doc_budget(pakistan_draft: Any,
                                                             long_review: tuple[str, Any, Any],
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    """The ~2 MB treaty graded with every doc held gives the report graded with 20,000
    tokens' worth held (docs rebuilt over and over): conflicts and coherence included."""
    from treatykit.review import paragraphs

    text, _, small = long_review
    monkeypatch.setattr(paragraphs, "CACHED_TOKENS", 10**12)
    assert _review(text, "pakistan-minerals")[1] == {**small, "document": "<text>"}


class _CountingList(list):  # type: ignore[type-arg]
    """A list that counts the items read from it."""

    reads = 0

    def __getitem__(self, index: Any) -> Any:
        _CountingList.reads += 1
        return super().__getitem__(index)

    def __iter__(self) -> Any:
        for item in super().__iter__():
            _CountingList.reads += 1
            yield item


def test_finding_a_unit_or_paragraph_does_not_scan_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each hit, modifier and cross-reference asks where it stands; in a text of 10,000
    articles that is a lookup, not a walk over the articles (which made review quadratic)."""
    from treatykit.review.structure import parse_structure

    text = "".join(f"Article {n}\n\n1. The Parties shall cooperate.\n\n2. They shall meet.\n\n"
                   for n in range(1, 10_001))
    document = parse_structure(text)
    document.units = _CountingList(document.units)
    offsets = range(0, len(text), len(text) // 1000)
    labels = [document.locate(offset) for offset in offsets]
    assert labels[-1] == "Article 9997(2)"
    assert _CountingList.reads < 40 * len(offsets)


def test_unit_paragraph_and_line_lookups_agree_with_scanning(pakistan_draft: Any) -> None:
    from treatykit.review.structure import parse_structure

    text = pakistan_draft.markdown
    document = parse_structure(text)
    for offset in range(0, len(text) + 2, 7):
        unit = next((u for u in document.units if u.start <= offset < u.end), None)
        assert document.unit_at(offset) is unit
        if unit is not None:
            para = next((p for p in unit.paragraphs if p.start <= offset < p.end), None)
            assert unit.paragraph_at(offset) is para
        assert document.line_at(offset) == text.count("\n", 0, offset)
