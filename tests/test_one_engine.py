"""`review FILE`, `map FILE`, `map` of an ingested corpus and the accuracy bench give the same
answers on the same treaty: they read the same text and grade it with the same engine.

Two checks: the text each path hands to the engine is the same, byte for byte, for every text
of the evaluation set (../shared, skipped when absent), for the sample drafts and for real
ToTA treaty files; and on the smaller texts the review's statuses and values, converted to a
map row, are the map's row.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, SHARED, TOTA_SAMPLE
from treatykit.ingest.service import read_treaty

PLAYBOOK = "unctad-iia"
EVAL_TEXTS = SHARED / "eval" / "texts"
TOTA = SHARED / "corpus" / "tota" / "xml"
DRAFTS = sorted(p for p in (ROOT / "corpus" / "drafts").iterdir()
                if p.suffix in (".txt", ".md") and p.stem != "README")


def _names(folder: Path, pattern: str) -> list[str]:
    names = sorted(p.name for p in folder.glob(pattern)) if folder.is_dir() else []
    return names or ["(absent)"]


def _shared_file(folder: Path, name: str) -> Path:
    path = folder / name
    if not path.is_file():
        pytest.skip(f"{folder} is absent (real corpora are not part of the project)")
    return path


EVAL_NAMES = _names(EVAL_TEXTS, "*.txt")
#: The texts small enough to review twice per test run: BITs, investment chapters, drafts.
SMALL_EVAL = [n for n in EVAL_NAMES if n.startswith("nld-") or n.endswith(".invest.txt")]


@pytest.fixture(scope="module")
def reviewer():  # type: ignore[no-untyped-def]
    from treatykit.review.service import load_reviewer, resolve_playbook

    library, compiled = load_reviewer(())
    return resolve_playbook(PLAYBOOK, library)


def _texts_of(path: Path, db: Path) -> tuple[str, str, str]:
    """The text review reads, the text map reads from the file, and from the database."""
    from treatykit.ingest.mapping import read_review_draft, review_text_of
    from treatykit.ingest.service import ingest_paths, read_treaty
    from treatykit.store import load_treaty

    treaty = read_treaty(path)
    ingest_paths([path], db)
    stored = load_treaty(db, treaty.id)
    return read_review_draft(path).text, review_text_of(treaty), review_text_of(stored)


def _review_row(path: Path, playbook) -> dict:  # type: ignore[no-untyped-def]
    from treatykit.ingest.mapping import read_review_draft, value_parameters
    from treatykit.review.mapping import feature_row
    from treatykit.review.service import review_document

    report = review_document(path, PLAYBOOK, draft=read_review_draft(path))
    return feature_row(report.to_dict(), value_parameters(playbook))


def _map_row(path: Path) -> dict:  # type: ignore[no-untyped-def]
    from treatykit.ingest.mapping import TREATY_COLUMNS, map_sources

    row = map_sources([path], playbook=PLAYBOOK).rows[0]
    return {k: v for k, v in row.items() if k not in TREATY_COLUMNS}


@pytest.mark.shared
@pytest.mark.parametrize("name", EVAL_NAMES)
def test_review_and_map_read_the_same_text_of_every_dev_treaty(name, tmp_path):
    review, from_file, from_db = _texts_of(_shared_file(EVAL_TEXTS, name), tmp_path / "c.db")
    assert review == from_file == from_db


@pytest.mark.shared
@pytest.mark.parametrize("name", [f"{n}.xml" for n in TOTA_SAMPLE])
def test_review_and_map_read_the_same_text_of_a_tota_treaty(name, tmp_path):
    review, from_file, from_db = _texts_of(_shared_file(TOTA, name), tmp_path / "c.db")
    assert review == from_file == from_db
    assert "<article" not in review  # the XML is read as a treaty, not as markup


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_review_and_map_read_the_same_text_of_every_sample_draft(path, tmp_path):
    review, from_file, from_db = _texts_of(path, tmp_path / "c.db")
    assert review == from_file == from_db


@pytest.mark.parametrize("path", DRAFTS, ids=lambda p: p.name)
def test_review_statuses_are_the_map_row_of_a_sample_draft(path, reviewer):
    assert _review_row(path, reviewer) == _map_row(path)


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("name", SMALL_EVAL)
def test_review_statuses_are_the_map_row_of_a_dev_treaty(name, reviewer):
    path = _shared_file(EVAL_TEXTS, name)
    assert _review_row(path, reviewer) == _map_row(path)


@pytest.mark.shared
def test_the_accuracy_bench_reads_what_review_reads(reviewer):
    from conftest import load_bench
    from treatykit.review.service import load_reviewer

    path = _shared_file(EVAL_TEXTS, "nld-gha-1989.txt")
    library, compiled = load_reviewer(())
    bench_row = load_bench("accuracy").predict_file(path, reviewer, library, compiled)
    assert bench_row == _review_row(path, reviewer)


def test_an_ingested_text_file_keeps_the_text_review_reads(tmp_path):
    from treatykit.ingest.mapping import review_text_of
    from treatykit.ingest.service import ingest_paths
    from treatykit.review.readers import read_document
    from treatykit.store import load_treaty

    draft = tmp_path / "uk-style.txt"
    draft.write_text("AGREEMENT BETWEEN A AND B\n\nARTICLE 1\nDefinitions\n\n(1) In this "
                     "Agreement:\n(a) \"investment\" means every kind of asset;\n\nARTICLE G-2\n"
                     "Other\n\nText of the other article.\n", encoding="utf-8")
    ingest_paths([draft], tmp_path / "c.db")
    treaty = load_treaty(tmp_path / "c.db", read_treaty(draft).id)
    assert review_text_of(treaty) == read_document(draft)


def test_a_corpus_of_the_old_schema_is_read_again_on_the_next_ingest(tmp_path):
    """Schema 1 stored no text: the upgrade makes the next ingest re-read text files."""
    import sqlite3

    from treatykit.ingest.service import ingest_paths

    draft = tmp_path / "draft.txt"
    draft.write_text("AGREEMENT\n\nArticle 1\nScope\n\nThis Agreement applies.\n",
                     encoding="utf-8")
    db = tmp_path / "c.db"
    ingest_paths([draft], db)
    with sqlite3.connect(db) as conn:  # make it look like a corpus of schema 1
        conn.execute("update treaties set text = null")
        conn.execute("update meta set value = '1' where key = 'schema'")
    report = ingest_paths([draft], db)
    assert (report.updated, report.unchanged) == ([read_treaty(draft).id], [])
    with sqlite3.connect(db) as conn:
        assert conn.execute("select value from meta where key = 'schema'").fetchone() == ("2",)
        assert conn.execute("select text from treaties").fetchone()[0].startswith("AGREEMENT")
