"""search --in treaties|all: ranking, stemming, snippets, filters, safety, and the two databases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

CORPUS_FIXTURES = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture()
def corpus(fixture_corpus: Path) -> str:
    return str(fixture_corpus)


def _search(invoke, *args: str) -> list[dict]:
    code, out, err = invoke("search", *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)["hits"]


def test_treaty_hits_give_treaty_article_snippet_and_score(invoke, corpus):
    hits = _search(invoke, "most-favoured-nation", "--in", "treaties", "--corpus-db", corpus)
    assert hits[0]["kind"] == "treaty"
    assert hits[0]["treaty"] == {"id": "tota-9001", "title": "Chile - New Zealand (test fixture)",
                                 "parties": ["CHL", "NZL"], "date_signed": "2011-03-14"}
    assert hits[0]["article"] == {"label": "Article 2.2", "number": "2.2",
                                  "heading": "Most-Favoured-Nation Treatment",
                                  "chapter": "Chapter 2 Investment", "position": 4}
    assert "Party most-favoured-nation treatment" in hits[0]["snippet"]
    (start, end), *_ = hits[0]["matches"]
    assert hits[0]["snippet"][start:end] == "most-favoured-nation"
    assert hits[0]["score"] > 0


def test_stemming_repatriate_finds_repatriation_in_two_treaties(invoke, corpus):
    hits = _search(invoke, "repatriate", "--in", "treaties", "--corpus-db", corpus)
    assert sorted(h["treaty"]["id"][:8] for h in hits) == ["canada-k", "tota-900"]
    assert all("repatriation" in [h["snippet"][a:b] for a, b in h["matches"]] for h in hits)


def test_a_heading_match_ranks_first(invoke, corpus):
    hits = _search(invoke, "transfers", "--in", "treaties", "--corpus-db", corpus)
    assert hits[0]["article"]["heading"] in ("Transfers", "Free Transfers")


@pytest.mark.parametrize("query", ['"unbalanced', "AND", "((", "*", "", "NEAR(a b)",
                                   "heading:transfers", "'); drop table articles;--", "ß*",
                                   "emoji 🙂", "-", "^x"])
def test_any_query_text_is_safe(invoke, corpus, query):
    code, out, err = invoke("search", query, "--in", "treaties", "--corpus-db", corpus,
                            "--format", "json")
    assert code == 0, err
    assert isinstance(json.loads(out)["hits"], list)


@pytest.mark.parametrize(("args", "expected"), [
    (("--party", "NZL"), {"tota-9001"}),
    (("--party", "new zealand"), {"tota-9001"}),
    (("--party", "Korea"), {"canada-korea"}),
    (("--year-from", "2012"), {"canada-korea"}),
    (("--year-to", "2012"), {"tota-9001"}),
])
def test_party_and_year_filters(invoke, corpus, args, expected):
    hits = _search(invoke, "investors", "--in", "treaties", "--corpus-db", corpus, *args)
    assert {h["treaty"]["id"][:12] for h in hits} == expected


def test_treaty_search_never_builds_the_clause_store(invoke, corpus, tmp_path):
    db = tmp_path / "clauses.db"
    _search(invoke, "transfers", "--in", "treaties", "--corpus-db", corpus, "--db", str(db))
    assert not db.exists()


def test_searching_treaties_before_any_ingest_says_what_to_do(invoke):
    code, out, err = invoke("search", "transfers", "--in", "treaties")
    assert code == 2
    assert out == ""
    assert err.startswith("treatykit: error: ")
    assert "no corpus database here (ingest treaties first with 'treatykit ingest PATH'" in err


@pytest.mark.parametrize(("args", "message"), [
    (("--party", "JPN"), "--party, --year-from and --year-to filter treaties"),
    (("--in", "treaties", "--stance", "balanced"), "--category, --provision and --stance filter"),
    (("--in", "treaties", "--year-from", "2010", "--year-to", "2001"), "is after --year-to"),
])
def test_filters_for_the_other_side_are_usage_errors(invoke, args, message):
    code, out, err = invoke("search", "transfers", *args)
    assert code == 2
    assert out == ""
    assert message in err


def test_search_in_all_interleaves_clauses_and_treaty_articles(invoke, corpus, built_db):
    hits = _search(invoke, "repatriation", "--in", "all", "--corpus-db", corpus,
                   "--db", str(built_db), "--limit", "4")
    assert [h["kind"] for h in hits] == ["clause", "treaty", "clause", "treaty"]
    assert hits[0]["id"].startswith("transfers.")


def test_search_in_all_without_a_corpus_searches_clauses_and_warns(invoke, built_db):
    code, out, err = invoke("search", "repatriation", "--in", "all", "--db", str(built_db),
                            "--format", "json")
    assert code == 0
    assert {h["kind"] for h in json.loads(out)["hits"]} == {"clause"}
    assert "no treaties ingested yet" in err


def test_clause_hits_say_they_are_clauses(invoke, built_db):
    hits = _search(invoke, "repatriation", "--db", str(built_db))
    assert hits and {h["kind"] for h in hits} == {"clause"}


def test_rebuilding_the_clause_store_keeps_the_treaties(invoke, tmp_path):
    db = tmp_path / "clauses.db"
    invoke("ingest", str(CORPUS_FIXTURES / "tota"))
    code, _, err = invoke("build", "--db", str(db))
    assert code == 0, err
    hits = _search(invoke, "repatriation", "--in", "treaties")
    assert [h["treaty"]["id"] for h in hits] == ["tota-9001"]


def test_table_output_names_treaty_and_article(invoke, corpus):
    code, out, _ = invoke("search", "most-favoured-nation", "--in", "treaties",
                          "--corpus-db", corpus)
    assert code == 0
    header, row, *_ = out.splitlines()  # piped: tab-separated, one hit a line
    assert header.split("\t") == ["kind", "id", "where", "title", "snippet"]
    assert row.split("\t")[:3] == ["treaty", "tota-9001", "Article 2.2"]


@pytest.mark.shared
def test_real_corpus_most_favoured_nation_hits_have_treaty_and_article(invoke, tota_sample):
    hits = _search(invoke, "most-favoured-nation", "--in", "treaties",
                   "--corpus-db", str(tota_sample))
    assert len(hits) == 10
    assert all(h["treaty"]["id"].startswith("tota-") and h["treaty"]["title"] for h in hits)
    assert all(h["article"]["label"] for h in hits)
    assert any("nation" in h["article"]["heading"].lower() for h in hits[:3])


def test_the_clause_store_is_not_taken_for_a_corpus(invoke, built_db):
    code, out, err = invoke("treaties", "--corpus-db", str(built_db))
    assert code == 2
    assert err.strip() == (f"treatykit: error: {built_db}: not a treatykit corpus database "
                           "(give the file 'treatykit ingest' wrote, with --corpus-db)")
    code, _, err = invoke("ingest", str(CORPUS_FIXTURES / "tota"), "--corpus-db", str(built_db))
    assert code == 2
    assert "not a treatykit corpus database" in err
