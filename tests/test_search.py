"""Clause search: ranking, stemming, filters, and safety against any typed query."""

from __future__ import annotations

import json

import pytest


def _search(invoke, db, *args):
    code, out, err = invoke("search", *args, "--format", "json", "--db", str(db))
    assert code == 0, err
    return json.loads(out)["hits"]


def test_repatriation_of_profits_ranks_a_transfers_clause_first(invoke, built_db):
    hits = _search(invoke, built_db, "repatriation of profits")
    assert hits[0]["provision"].startswith("transfers.")
    assert {"id", "provision", "stance", "title", "snippet"} <= set(hits[0])


def test_local_equity_finds_the_30_percent_clause(invoke, built_db):
    from treatykit.store import get_clause

    hits = _search(invoke, built_db, "local equity")
    ids = [h["id"] for h in hits]
    assert "equity.local_participation.balanced" in ids
    params = get_clause(built_db, "equity.local_participation.balanced")["parameters"]
    assert next(p for p in params if p["name"] == "local_equity_pct")["default"] == 30


def test_stemming_repatriate_finds_repatriation(invoke, built_db):
    hits = _search(invoke, built_db, "repatriate")
    assert any(h["provision"] == "transfers.free_transfer" for h in hits)


def test_snippets_highlight_matched_words(invoke, built_db):
    hits = _search(invoke, built_db, "arbitration")
    marked = [h["snippet"][a:b] for h in hits for a, b in h["matches"]]
    assert marked and all(m.lower().startswith("arbitra") for m in marked)
    assert not any("**" in h["snippet"] for h in hits)


@pytest.mark.parametrize("query", ['"unbalanced', "labour favour centre", "AND", "((", "ß*",
                                   "OR", "NOT x", "*", "", "-", "NEAR(a b)", "'", 'a"b"c"',
                                   "title:transfer", "^x",
                                   "emoji 🙂", "x" * 500, "));drop table clauses;--"])
def test_any_query_returns_a_list_never_an_error(invoke, built_db, query):
    assert isinstance(_search(invoke, built_db, query), list)


def test_filters_restrict_results(invoke, built_db):
    hits = _search(invoke, built_db, "transfer", "--stance", "host_protective",
                   "--provision", "transfers.free_transfer")
    assert [h["id"] for h in hits] == ["transfers.free_transfer.host"]


def test_quoted_phrase_is_searched_as_a_phrase(invoke, built_db):
    hits = _search(invoke, built_db, '"freely and without delay"')
    assert hits and all("transfers" in h["provision"] or "without" in h["snippet"]
                        for h in hits)


def test_table_output_names_the_clause(invoke, built_db):
    code, out, _ = invoke("search", "repatriation", "--db", str(built_db))
    assert code == 0
    assert "transfers.free_transfer" in out


@pytest.mark.parametrize("british, american", [("labour standards", "labor standards"),
                                               ("most-favoured-nation", "most-favored-nation")])
def test_british_and_american_spellings_find_the_same_clauses(invoke, built_db, british,
                                                              american):
    assert _search(invoke, built_db, british) == _search(invoke, built_db, american)
    assert _search(invoke, built_db, british)


def test_unknown_provision_filter_is_an_error_with_suggestions(invoke, built_db):
    code, out, err = invoke("search", "transfer", "--provision", "transfer.free_transfer",
                            "--db", str(built_db))
    assert (code, out) == (2, "")
    assert "unknown provision 'transfer.free_transfer'" in err
    assert "did you mean transfers.free_transfer" in err


def _corpus_like_db(path):  # type: ignore[no-untyped-def]
    import sqlite3

    with sqlite3.connect(path) as conn:
        conn.execute("create table treaties (id text primary key, title text)")
        conn.execute("insert into treaties values ('tota-1', 'A treaty the user ingested')")
    conn.close()


@pytest.mark.parametrize("kind", ["corpus database", "draft"])
@pytest.mark.parametrize("command", [("build",), ("search", "tax")])
def test_db_pointing_at_another_file_is_refused_never_replaced(invoke, tmp_path, kind, command):
    path = tmp_path / ("corpus.db" if kind == "corpus database" else "draft.md")
    if kind == "draft":
        path.write_text("# Agreement\n\nArticle 1\n\n1. Each Party shall ...\n", encoding="utf-8")
    else:
        _corpus_like_db(path)
    before = path.read_bytes()
    code, out, err = invoke(*command, "--db", str(path))
    assert code == 2 and out == ""
    assert err == (f"treatykit: error: {path}: exists and is not a treatykit clause store, so "
                   "it is not replaced (give another path with --db or TREATYKIT_DB, or "
                   "delete the file if it is an old store)\n")
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_db_that_is_an_empty_file_is_built(invoke, tmp_path):
    path = tmp_path / "new.db"
    path.touch()
    code, out, _ = invoke("build", "--db", str(path))
    assert code == 0 and out.startswith(f"built {path}: ")
