"""SQLite: the clause store (a build product of the clause files) and the corpus database
(ingested treaties, user data). `sqlite_utils` is imported only inside this package.

`clauses` builds and searches the clause store, `corpus` writes and searches treaties,
`fts` turns any user text into a safe FTS5 query. Callers import from here.
"""

from treatykit.store.clauses import (
    ENV_DB,
    SEARCH_COLUMNS,
    SEARCH_WEIGHTS,
    Hit,
    StoreStatus,
    build_store,
    clause_hits,
    default_db_path,
    ensure_store,
    get_clause,
    list_clauses,
    list_provisions,
    not_found,
    open_db,
    read_digest,
    resolve_db_path,
    search_clauses,
)
from treatykit.store.corpus import (
    ENV_CORPUS_DB,
    TreatyFilter,
    TreatyHit,
    attach_corpus,
    corpus_counts,
    corpus_writer,
    default_corpus_path,
    list_treaties,
    load_treaty,
    open_corpus,
    resolve_corpus_path,
    save_treaty,
    search_everything,
    search_treaties,
    treaty_hits,
    treaty_refs,
    unchanged_treaty,
)
from treatykit.store.fts import fts_queries

__all__ = [
    "ENV_CORPUS_DB", "ENV_DB", "SEARCH_COLUMNS", "SEARCH_WEIGHTS", "Hit", "StoreStatus",
    "TreatyFilter", "TreatyHit", "attach_corpus", "build_store", "clause_hits", "corpus_counts",
    "corpus_writer", "default_corpus_path", "default_db_path", "ensure_store", "fts_queries",
    "get_clause", "list_clauses", "list_provisions", "list_treaties", "load_treaty",
    "not_found", "open_corpus", "open_db", "read_digest", "resolve_corpus_path",
    "resolve_db_path", "save_treaty", "search_clauses", "search_everything",
    "search_treaties", "treaty_hits", "treaty_refs", "unchanged_treaty",
]
