"""The clause store: a build product of the clause files, searched with FTS5.

The database is built into a temporary file next to its final path and moved into place,
so an interrupted or failed build never leaves a half-built database and the previous one
keeps working. It is rebuilt whenever the clause files' content hash changes.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatykit.errors import LibraryError, NotFoundError, StoreError
from treatykit.library import library_digest, suggest_ids
from treatykit.models import Library
from treatykit.store.fts import clean_snippet, first_matches, snippet_sql

if TYPE_CHECKING:  # sqlite_utils is imported only to write; reads use sqlite3 alone
    import sqlite_utils

ENV_DB = "TREATYKIT_DB"
SEARCH_COLUMNS = ("title", "text", "notes", "provision_title", "keywords")
#: bm25 weights, in SEARCH_COLUMNS order: a hit in a title counts most.
SEARCH_WEIGHTS = (8.0, 1.0, 0.6, 6.0, 4.0)


def default_db_path() -> Path:
    """Where the store lives unless --db or TREATYKIT_DB says otherwise."""
    import platformdirs

    return platformdirs.user_data_path("treatykit", appauthor=False) / "treatykit.db"


def resolve_db_path(option: str | Path | None) -> Path:
    """--db beats TREATYKIT_DB beats the user data directory."""
    chosen = option or os.environ.get(ENV_DB) or default_db_path()
    return Path(chosen).expanduser()


@dataclass(frozen=True)
class StoreStatus:
    """What `ensure_store` did: the path, whether it rebuilt, and a warning if stale."""

    path: Path
    rebuilt: bool
    stale_reason: str | None = None


def ensure_store(dirs: Sequence[Path], db_path: Path, *, force: bool = False,
                 load: Callable[[Sequence[Path]], Library],
                 progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
                 ) -> StoreStatus:
    """Build the store if it is missing, out of date, or `force` is set.

    When the clause files are broken, an explicit build (`force`) fails with the
    library's problems; an automatic rebuild falls back to the previous database, if any,
    and reports why in `stale_reason`.
    """
    current = read_digest(db_path)
    if not force and current is not None and current == library_digest(dirs):
        return StoreStatus(db_path, rebuilt=False)
    try:
        library = load(dirs)
    except LibraryError as exc:
        if force or current is None:
            raise
        return StoreStatus(db_path, rebuilt=False, stale_reason=str(exc))
    build_store(library, db_path, progress=progress)
    return StoreStatus(db_path, rebuilt=True)


def read_digest(db_path: Path) -> str | None:
    """The library digest recorded in an existing store, or None if absent or unreadable."""
    if not db_path.is_file():
        return None
    try:
        with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            row = conn.execute("select value from meta where key = 'digest'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def build_store(library: Library, db_path: Path,
                progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None) -> None:
    """Write the whole store to a temporary file, then move it over `db_path`."""
    from treatykit.drafting.checks import render_clause_preview

    check_replaceable(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{db_path.parent}: cannot create folder: {exc.strerror}",
                         hint="choose another location with --db or TREATYKIT_DB") from exc
    remove_stale_temporaries(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    try:
        import sqlite_utils

        db = sqlite_utils.Database(tmp, recreate=True)
        _create_tables(db)
        clauses = list(library.clauses.values())
        steps = progress(clauses, len(clauses)) if progress else clauses
        rows = [_clause_row(library, c, render_clause_preview(c)) for c in steps]
        _insert_all(db, library, rows)
        db.conn.commit()
        db.conn.execute("vacuum")
        db.close()
        os.replace(tmp, db_path)
    except sqlite3.Error as exc:
        raise StoreError(f"{db_path}: cannot write the database: {exc}",
                         hint="check free space and permissions, or use --db") from exc
    finally:
        for leftover in _temporaries(tmp):
            with contextlib.suppress(OSError):  # never hide the error that got us here
                leftover.unlink()


def _temporaries(tmp: Path) -> list[Path]:
    """A temporary store and the journal files SQLite may leave beside it."""
    return [tmp] + [tmp.with_name(tmp.name + suffix) for suffix in ("-journal", "-wal", "-shm")]


def remove_stale_temporaries(db_path: Path) -> None:
    """Remove what a build that was killed (kill -9, power loss) left beside the store: its
    temporary file and journals, named after a process that no longer runs."""
    prefix = f".{db_path.name}."
    with contextlib.suppress(OSError):
        for path in db_path.parent.glob(f"{prefix}*.tmp*"):
            pid = path.name[len(prefix):].split(".tmp", 1)[0]
            if pid.isdigit() and not _running(int(pid)):
                with contextlib.suppress(OSError):
                    path.unlink()


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # alive, but someone else's
    return True


def check_replaceable(db_path: Path) -> None:
    """Refuse to build over a file that is not a clause store: --db pointed by mistake at
    a draft or at the corpus database must never replace the user's data."""
    try:
        if db_path.is_dir():
            raise StoreError(f"{db_path}: is a folder, not a database file",
                             hint="give a file path with --db or TREATYKIT_DB")
        if not db_path.exists() or db_path.stat().st_size == 0:
            return
    except OSError:
        return  # building will report what is wrong with the path
    if read_digest(db_path) is None:
        raise StoreError(f"{db_path}: exists and is not a treatykit clause store, so it is "
                         "not replaced",
                         hint="give another path with --db or TREATYKIT_DB, or delete the "
                              "file if it is an old store")


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("provisions").create({"id": str, "category": str, "title": str, "summary": str,
                             "keywords": str, "source": str}, pk="id")
    db.table("clauses").create({
        "id": str, "provision": str, "stance": str, "title": str, "version": str,
        "text": str, "template": str, "notes": str, "protects": str, "pushback": str,
        "fallback": str, "provision_title": str, "keywords": str, "doc_types": str,
        "implements": str, "related": str, "source": str, "line": int,
    }, pk="id", foreign_keys=[("provision", "provisions", "id")])
    db.table("parameters").create({"clause": str, "name": str, "type": str, "default": str,
                             "min": float, "max": float, "choices": str, "help": str},
                            pk=("clause", "name"), foreign_keys=[("clause", "clauses", "id")])
    db.table("provenance").create({"clause": str, "position": int, "cite": str, "note": str,
                             "verified": int}, pk=("clause", "position"),
                            foreign_keys=[("clause", "clauses", "id")])
    db.table("conflicts").create({"clause": str, "target": str, "kind": str, "why": str,
                            "resolve": str}, pk=("clause", "target"),
                           foreign_keys=[("clause", "clauses", "id")])


def _clause_row(library: Library, clause: Any, rendered: str) -> dict[str, Any]:
    provision = library.provisions[clause.provision]
    notes = clause.notes
    return {
        "id": clause.id, "provision": clause.provision, "stance": clause.stance,
        "title": clause.title, "version": clause.version, "text": rendered,
        "template": clause.text,
        "notes": " ".join(filter(None, (notes.protects, notes.pushback, notes.fallback))),
        "protects": notes.protects, "pushback": notes.pushback, "fallback": notes.fallback,
        "provision_title": provision.title,
        "keywords": " ".join(provision.keywords),
        "doc_types": json.dumps(list(clause.doc_types)),
        "implements": json.dumps(list(clause.implements)),
        "related": json.dumps(list(clause.related)),
        "source": clause.source, "line": clause.line,
        "_clause": clause,
    }


def _insert_all(db: sqlite_utils.Database, library: Library, rows: list[dict[str, Any]]) -> None:
    db.table("provisions").insert_all(
        {"id": p.id, "category": p.category, "title": p.title, "summary": p.summary,
         "keywords": json.dumps(list(p.keywords)), "source": p.source}
        for p in library.provisions.values())
    clauses = [row.pop("_clause") for row in rows]
    db.table("clauses").insert_all(rows)
    db.table("parameters").insert_all(
        {"clause": c.id, "name": p.name, "type": p.type, "default": json.dumps(p.default),
         "min": p.min, "max": p.max, "choices": json.dumps(p.choices) if p.choices else None,
         "help": p.help}
        for c in clauses for p in c.parameters)
    db.table("provenance").insert_all(
        {"clause": c.id, "position": i, "cite": cit.cite, "note": cit.note,
         "verified": int(cit.verified)}
        for c in clauses for i, cit in enumerate(c.provenance))
    db.table("conflicts").insert_all(
        ({"clause": c.id, "target": ref.target, "kind": ref.kind, "why": ref.why,
          "resolve": ref.resolve} for c in clauses for ref in c.conflicts), replace=True)
    db.table("clauses").enable_fts(list(SEARCH_COLUMNS), tokenize="porter", create_triggers=False)
    db.table("meta").insert_all([
        {"key": "digest", "value": library.digest},
        {"key": "built_at", "value": time.strftime("%Y-%m-%dT%H:%M:%S%z")},
        {"key": "sources", "value": json.dumps(list(library.sources))},
    ])


@dataclass(frozen=True)
class Reader:
    """A read-only connection to a store (no sqlite_utils needed to read)."""

    conn: sqlite3.Connection


@contextlib.contextmanager
def open_db(db_path: Path) -> Iterator[Reader]:
    """Open an existing store read-only."""
    if not db_path.is_file():
        raise StoreError(f"{db_path}: no database here", hint="run 'treatykit build'")
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        yield Reader(conn)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{db_path}: unreadable database: {exc}",
                         hint="run 'treatykit build' to rebuild it") from exc
    finally:
        with contextlib.suppress(Exception):
            conn.close()


# --- search -------------------------------------------------------------------------

@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    provision: str
    category: str
    stance: str
    title: str
    snippet: str  # plain text
    provenance: tuple[dict[str, Any], ...]  # {"cite", "note", "verified"}
    score: float
    matches: tuple[tuple[int, int], ...] = ()  # character offsets of the matched words
    kind: str = "clause"


def search_clauses(db_path: Path, query: str, *, category: str | None = None,
                   provision: str | None = None, stance: str | None = None,
                   limit: int = 10) -> list[Hit]:
    """Clauses matching `query`, best first (BM25), with highlighted snippets."""
    with open_db(db_path) as db:
        return clause_hits(db, query, category=category, provision=provision, stance=stance,
                           limit=limit)


def clause_hits(db: Reader, query: str, *, category: str | None = None,
                provision: str | None = None, stance: str | None = None,
                limit: int = 10) -> list[Hit]:
    """`search_clauses` on an open store (which may have the corpus attached)."""
    filters, params = _filters(category=category, provision=provision, stance=stance)
    weights = ", ".join(str(w) for w in SEARCH_WEIGHTS)
    sql = f"""
        select c.id, c.provision, p.category, c.stance, c.title,
               {snippet_sql('clauses_fts', column=1)} as snippet,
               bm25(clauses_fts, {weights}) as score
        from clauses_fts
        join clauses c on c.rowid = clauses_fts.rowid
        join provisions p on p.id = c.provision
        where clauses_fts match :query {filters}
        order by score, c.id limit :limit"""
    rows = first_matches(db.conn, sql, query, {"limit": limit, **params})
    return [_hit(db, row) for row in rows]


def _filters(**values: str | None) -> tuple[str, dict[str, str]]:
    column = {"category": "p.category", "provision": "c.provision", "stance": "c.stance"}
    clauses = [f"and {column[k]} = :{k}" for k, v in values.items() if v]
    return " ".join(clauses), {k: v for k, v in values.items() if v}


def _hit(db: Reader, row: sqlite3.Row) -> Hit:
    snippet, matches = clean_snippet(row["snippet"])
    return Hit(id=row["id"], provision=row["provision"], category=row["category"],
               stance=row["stance"], title=row["title"], snippet=snippet, matches=matches,
               provenance=tuple(_citations(db, row["id"])), score=round(-row["score"], 4))


def _citations(db: Reader, clause_id: str) -> list[dict[str, Any]]:
    """A clause's provenance, the same objects in list, search and show."""
    rows = db.conn.execute("select * from provenance where clause = ? order by position",
                           (clause_id,))
    return [{"cite": r["cite"], "note": r["note"], "verified": bool(r["verified"])}
            for r in rows]


# --- browse -------------------------------------------------------------------------

def list_provisions(db_path: Path) -> list[dict[str, Any]]:
    """Every provision with its category and the stances available for it."""
    sql = """select p.id, p.category, p.title, p.summary,
                    group_concat(c.stance, ',') as stances, count(c.id) as clause_count
             from provisions p left join clauses c on c.provision = p.id
             group by p.id order by p.category, p.id"""
    with open_db(db_path) as db:
        rows = [dict(r) for r in db.conn.execute(sql)]
    for row in rows:
        row["stances"] = sorted(set((row["stances"] or "").split(",")) - {""})
    return rows


def list_clauses(db_path: Path, *, provision: str | None = None,
                 stance: str | None = None, category: str | None = None) -> list[dict[str, Any]]:
    """Clause summaries, filtered, ordered by provision then stance."""
    filters, params = _filters(category=category, provision=provision, stance=stance)
    sql = f"""select c.id, c.provision, p.category, c.stance, c.title, c.version
              from clauses c join provisions p on p.id = c.provision
              where 1 = 1 {filters} order by c.provision, c.id"""
    with open_db(db_path) as db:
        rows = [dict(r) for r in db.conn.execute(sql, params)]
        for row in rows:
            row["provenance"] = _citations(db, row["id"])
    return rows


def get_clause(db_path: Path, clause_id: str) -> dict[str, Any]:
    """Everything known about one clause, or NotFoundError suggesting close ids."""
    with open_db(db_path) as db:
        row = db.conn.execute("select * from clauses where id = ?", (clause_id,)).fetchone()
        if row is None:
            known = [r[0] for r in db.conn.execute("select id from clauses")]
            raise not_found("clause", clause_id, known)
        clause = dict(row)
        for key in ("doc_types", "implements", "related"):
            clause[key] = json.loads(clause[key])
        clause["category"] = db.conn.execute(
            "select category from provisions where id = ?", (clause["provision"],)).fetchone()[0]
        clause["parameters"] = [_parameter(dict(r)) for r in db.conn.execute(
            "select * from parameters where clause = ? order by rowid", (clause_id,))]
        clause["provenance"] = _citations(db, clause_id)
        clause["conflicts"] = [
            {"with": r["target"], "kind": r["kind"], "why": r["why"], "resolve": r["resolve"]}
            for r in db.conn.execute("select * from conflicts where clause = ?", (clause_id,))]
        clause["conflicted_by"] = [r[0] for r in db.conn.execute(
            "select clause from conflicts where target in (?, ?) and clause != ?",
            (clause_id, clause["provision"], clause_id))]
        clause["other_stances"] = [dict(r) for r in db.conn.execute(
            "select id, stance, title from clauses where provision = ? and id != ? order by id",
            (clause["provision"], clause_id))]
    for key in ("notes", "provision_title", "keywords", "line"):
        clause.pop(key, None)
    return clause


def _parameter(row: dict[str, Any]) -> dict[str, Any]:
    row.pop("clause", None)
    row["default"] = json.loads(row["default"])
    row["choices"] = json.loads(row["choices"]) if row["choices"] else None
    return row


def not_found(kind: str, wanted: str, known: Iterable[str]) -> NotFoundError:
    """A one-line 'unknown id' error with the closest known ids."""
    close = suggest_ids(wanted, known)
    hint = (("did you mean " + ", ".join(close) + "?") if close
            else f"run 'treatykit list' to see {kind} ids")
    return NotFoundError(f"unknown {kind} '{wanted}'", hint=hint)
