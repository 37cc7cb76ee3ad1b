"""Entry points the CLI uses for the clause catalogue: resolve folders, keep the store fresh,
search clauses and ingested treaties."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.ingest.parties import resolve_party
from treatykit.library import library_dirs
from treatykit.store import (
    StoreStatus,
    TreatyFilter,
    ensure_store,
    list_provisions,
    not_found,
    resolve_corpus_path,
    resolve_db_path,
    search_clauses,
    search_everything,
    search_treaties,
)


def open_catalog(libraries: Sequence[str | Path] = (), db: str | Path | None = None, *,
                 force: bool = False,
                 progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
                 ) -> StoreStatus:
    """The store for the built-in library plus `libraries`, rebuilt if the files changed."""
    dirs = library_dirs(libraries)
    return ensure_store(dirs, resolve_db_path(db), force=force, load=_load_valid_library,
                        progress=progress)


SCOPES = ("clauses", "treaties", "all")


@dataclass
class SearchResult:
    """Hits (clauses, treaty articles or both), and what the user should know about them."""

    hits: list[Any]
    warnings: list[str] = field(default_factory=list)


def treaty_filter(parties: Sequence[str] = (), year_from: int | None = None,
                  year_to: int | None = None) -> TreatyFilter:
    """A TreatyFilter from ISO codes or country names ("KOR", "Korea", "kr")."""
    codes = tuple(dict.fromkeys(c for p in parties for c in resolve_party(p)))
    return TreatyFilter(parties=codes, year_from=year_from, year_to=year_to)


def search_library(query: str, *, scope: str = "clauses", libraries: Sequence[str | Path] = (),
                   db: str | Path | None = None, corpus_db: str | Path | None = None,
                   clause_filters: dict[str, str | None] | None = None,
                   where: TreatyFilter | None = None, limit: int = 10,
                   progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
                   ) -> SearchResult:
    """Search clauses, ingested treaties, or both (`scope`), best first."""
    filters = clause_filters or {}
    where = where or TreatyFilter()
    corpus = resolve_corpus_path(corpus_db)
    if scope == "treaties":
        return SearchResult(search_treaties(corpus, query, where=where, limit=limit))
    status = open_catalog(libraries, db, progress=progress)
    _check_provision(status.path, filters.get("provision"))
    result = SearchResult([])
    if status.stale_reason:
        result.warnings.append("the clause library has errors, so the previous database is "
                               f"used: {status.stale_reason}")
    if scope == "all" and corpus.is_file():
        result.hits = search_everything(status.path, corpus, query, clause_filters=filters,
                                        where=where, limit=limit)
        return result
    if scope == "all":
        result.warnings.append(f"{corpus}: no treaties ingested yet, so only clauses were "
                               "searched (run 'treatykit ingest PATH')")
    result.hits = list(search_clauses(status.path, query, **filters, limit=limit))
    return result


def _check_provision(db_path: Path, provision: str | None) -> None:
    """An unknown --provision is an error with suggestions, not an empty result."""
    if not provision:
        return
    known = [p["id"] for p in list_provisions(db_path)]
    if provision not in known:
        raise not_found("provision", provision, known)


def _load_valid_library(dirs: Sequence[Path]) -> Any:
    """Validation needs Jinja; import it only when the store is actually rebuilt."""
    from treatykit.validation import load_valid_library

    return load_valid_library(dirs)
