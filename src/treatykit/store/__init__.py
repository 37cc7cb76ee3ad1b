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
from treatykit.store.fts import fts_queries

__all__ = [
    "ENV_DB", "SEARCH_COLUMNS", "SEARCH_WEIGHTS", "Hit", "StoreStatus", "build_store",
    "clause_hits", "default_db_path", "ensure_store", "fts_queries", "get_clause",
    "list_clauses", "list_provisions", "not_found", "open_db", "read_digest", "resolve_db_path",
    "search_clauses",
]
