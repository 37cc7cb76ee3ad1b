"""The corpus database: ingested treaties and their articles, searched with FTS5.

Unlike the clause store this is user data, never rebuilt: it lives in its own file
(`--corpus-db`, TREATYKIT_CORPUS_DB, or corpus.db next to the default store). Each treaty
is written in one transaction, so an interrupted ingest keeps every treaty already saved.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from treatykit.errors import NotFoundError, StoreError
from treatykit.ingest.model import Article, Treaty, TreatyRef
from treatykit.store.clauses import Hit, clause_hits, default_db_path, open_db
from treatykit.store.fts import clean_snippet, first_matches, snippet_sql

if TYPE_CHECKING:  # sqlite_utils is imported only to write; reads use sqlite3 alone
    import sqlite_utils

ENV_CORPUS_DB = "TREATYKIT_CORPUS_DB"
SCHEMA_VERSION = "2"
#: Older schemas this version reads, and upgrades when it writes: 1 had no treaty text.
OLD_SCHEMAS = ("1",)
ARTICLE_SEARCH_COLUMNS = ("heading", "chapter", "text")
#: bm25 weights, in ARTICLE_SEARCH_COLUMNS order: a hit in an article heading counts most.
ARTICLE_SEARCH_WEIGHTS = (5.0, 2.0, 1.0)
TREATY_COLUMNS = ("id", "title", "parties", "date_signed", "date_in_force", "year", "language",
                  "type", "status", "licence", "source", "format", "articles", "words",
                  "ingested_at")


def default_corpus_path() -> Path:
    """corpus.db next to the default clause store, in the user data folder."""
    return default_db_path().with_name("corpus.db")


def resolve_corpus_path(option: str | Path | None) -> Path:
    """--corpus-db beats TREATYKIT_CORPUS_DB beats the user data folder."""
    chosen = option or os.environ.get(ENV_CORPUS_DB) or default_corpus_path()
    return Path(chosen).expanduser()


@dataclass(frozen=True)
class TreatyFilter:
    """Which treaties a search, listing or map covers: any of `parties`, a year range."""

    parties: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None

    def sql(self, treaty_column: str) -> tuple[str, dict[str, Any]]:
        """An `and ...` SQL fragment on `treaty_column` (a treaty id) and its parameters."""
        parts, params = [], {}
        if self.parties:
            names = [f":party{i}" for i in range(len(self.parties))]
            parts.append(f"and {treaty_column} in (select treaty from treaty_parties "
                         f"where party in ({', '.join(names)}))")
            params.update({n[1:]: p for n, p in zip(names, self.parties, strict=True)})
        for key, op in (("year_from", ">="), ("year_to", "<=")):
            if getattr(self, key) is not None:
                parts.append(f"and {treaty_column} in (select id from treaties "
                             f"where year {op} :{key})")
                params[key] = getattr(self, key)
        return " ".join(parts), params


# --- writing ------------------------------------------------------------------------

@contextlib.contextmanager
def corpus_writer(path: Path) -> Iterator[sqlite_utils.Database]:
    """Open (creating if needed) the corpus database for ingesting."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"{path}: cannot open the corpus database: {exc}",
                         hint="choose another location with --corpus-db or "
                              "TREATYKIT_CORPUS_DB") from exc
    try:
        conn.execute("pragma busy_timeout = 30000")  # concurrent ingests wait their turn
        conn.execute("pragma journal_mode = wal")
        import sqlite_utils

        db = sqlite_utils.Database(conn)
        _ensure_schema(db, path)
        yield db
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot write the corpus database: {exc}",
                         hint="check free space and permissions, or use --corpus-db") from exc
    finally:
        conn.close()


def _ensure_schema(db: sqlite_utils.Database, path: Path) -> None:
    """Create the tables on first use. The check and the creation run in one write
    transaction, so several ingests started together into a new corpus create it once."""
    if db.table_names():
        if _check_version(db.conn, path) in OLD_SCHEMAS:
            _upgrade(db.conn)
        return
    db.conn.execute("begin immediate")
    if db.table_names():  # another process created it while we waited for the lock
        db.conn.execute("commit")
        _check_version(db.conn, path)
        return
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("treaties").create({
        "id": str, "title": str, "parties": str, "date_signed": str, "date_in_force": str,
        "year": int, "language": str, "type": str, "status": str, "licence": str,
        "source": str, "format": str, "digest": str, "urls": str, "extra": str,
        "articles": int, "words": int, "ingested_at": str, "text": str}, pk="id")
    db.table("treaty_parties").create({"treaty": str, "party": str}, pk=("treaty", "party"),
                                foreign_keys=[("treaty", "treaties", "id")])
    db.table("articles").create({
        "id": int, "treaty": str, "position": int, "kind": str, "label": str, "number": str,
        "heading": str, "chapter": str, "text": str}, pk="id",
        foreign_keys=[("treaty", "treaties", "id")])
    db.table("articles").create_index(["treaty", "position"], unique=True)
    db.table("treaty_parties").create_index(["party"])
    db.table("treaties").create_index(["source"])
    db.table("articles").enable_fts(list(ARTICLE_SEARCH_COLUMNS), tokenize="porter",
                              create_triggers=True)
    db.table("meta").insert({"key": "schema", "value": SCHEMA_VERSION})
    db.conn.execute("commit")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Schema 1 -> 2: a column for the text review reads (empty for treaties already in)."""
    conn.execute("begin immediate")
    if "text" not in {row[1] for row in conn.execute("pragma table_info(treaties)")}:
        conn.execute("alter table treaties add column text text")
    # a text file ingested before has no text stored: forget its digest, so that the next
    # ingest of the same file reads it again instead of calling it unchanged
    conn.execute("update treaties set digest = '' where format != 'tota-xml'")
    conn.execute("update meta set value = ? where key = 'schema'", (SCHEMA_VERSION,))
    conn.execute("commit")


def _check_version(conn: sqlite3.Connection, path: Path) -> str:
    """The database's schema version; StoreError unless this treatykit reads it."""
    row = None
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if "meta" in tables:
        row = conn.execute("select value from meta where key = 'schema'").fetchone()
    if row is None:
        raise StoreError(f"{path}: not a treatykit corpus database",
                         hint="give the file 'treatykit ingest' wrote, with --corpus-db")
    if row[0] != SCHEMA_VERSION and row[0] not in OLD_SCHEMAS:
        raise StoreError(f"{path}: corpus database schema {row[0]}, this treatykit reads "
                         f"{SCHEMA_VERSION}", hint="use the treatykit that made it, or ingest "
                         "into a new file with --corpus-db")
    return str(row[0])


def unchanged_treaty(db: sqlite_utils.Database, digest: str) -> str | None:
    """The id of a treaty already ingested with this exact content, from wherever: the
    same text in two folders is one treaty."""
    row = db.conn.execute("select id from treaties where digest = ?", (digest,)).fetchone()
    return row[0] if row else None


def save_treaty(db: sqlite_utils.Database, treaty: Treaty) -> str:
    """Insert or replace one treaty and its articles in one transaction.

    Returns "added", "updated" (same id, or the same file whose text changed) or
    "unchanged" (same content, from this file or another).
    """
    conn = db.conn
    old = conn.execute("select digest from treaties where id = ?", (treaty.id,)).fetchone()
    if old is not None and old[0] == treaty.digest:
        return "unchanged"
    # The file's earlier text, under the id its content gave then.
    replaced = [r[0] for r in conn.execute(
        "select id from treaties where source = ? and id != ?", (treaty.source, treaty.id))]
    conn.execute("begin immediate")
    try:
        for treaty_id in [treaty.id, *replaced]:
            _delete_treaty(conn, treaty_id)
        _insert_treaty(conn, treaty)
        conn.execute("commit")
    except BaseException:
        # Ctrl-C can arrive just after the commit: only roll back an open transaction.
        if conn.in_transaction:
            conn.execute("rollback")
        raise
    return "added" if old is None and not replaced else "updated"


def _delete_treaty(conn: sqlite3.Connection, treaty_id: str) -> None:
    for table in ("articles", "treaty_parties"):
        conn.execute(f"delete from {table} where treaty = ?", (treaty_id,))
    conn.execute("delete from treaties where id = ?", (treaty_id,))


def _insert_treaty(conn: sqlite3.Connection, treaty: Treaty) -> None:
    row = {
        "id": treaty.id, "title": treaty.title, "parties": json.dumps(list(treaty.parties)),
        "date_signed": treaty.date_signed, "date_in_force": treaty.date_in_force,
        "year": treaty.year, "language": treaty.language, "type": treaty.type,
        "status": treaty.status, "licence": treaty.licence, "source": treaty.source,
        "format": treaty.format, "digest": treaty.digest, "urls": json.dumps(list(treaty.urls)),
        "extra": json.dumps(treaty.extra, ensure_ascii=False),
        "articles": len(treaty.articles), "words": treaty.words,
        "ingested_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "text": treaty.text or None}
    columns = ", ".join(row)
    conn.execute(f"insert into treaties ({columns}) values "
                 f"({', '.join(':' + k for k in row)})", row)
    conn.executemany("insert into treaty_parties (treaty, party) values (?, ?)",
                     [(treaty.id, p) for p in treaty.parties])
    conn.executemany(
        "insert into articles (treaty, position, kind, label, number, heading, chapter, text) "
        "values (?, ?, ?, ?, ?, ?, ?, ?)",
        [(treaty.id, a.position, a.kind, a.label, a.number, a.heading, a.chapter, a.text)
         for a in treaty.articles])


# --- reading ------------------------------------------------------------------------

@contextlib.contextmanager
def open_corpus(path: Path) -> Iterator[sqlite3.Connection]:
    """Open an existing corpus database read-only."""
    if not path.is_file():
        raise StoreError(f"{path}: no corpus database here",
                         hint="ingest treaties first with 'treatykit ingest PATH', or give "
                              "--corpus-db")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        _check_version(conn, path)
        yield conn
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: unreadable corpus database: {exc}",
                         hint="give another file with --corpus-db") from exc
    finally:
        conn.close()


def corpus_counts(path: Path) -> dict[str, int]:
    """How many treaties and articles the corpus holds."""
    with open_corpus(path) as conn:
        treaties = conn.execute("select count(*) from treaties").fetchone()[0]
        articles = conn.execute("select count(*) from articles").fetchone()[0]
    return {"treaties": treaties, "articles": articles}


def list_treaties(path: Path, where: TreatyFilter = TreatyFilter()) -> list[dict[str, Any]]:
    """Ingested treaties, by year then id, with their parties as a list."""
    filters, params = where.sql("t.id")
    sql = f"""select {', '.join('t.' + c for c in TREATY_COLUMNS)} from treaties t
              where 1 = 1 {filters} order by t.year is null, t.year, t.id"""
    with open_corpus(path) as conn:
        rows = [dict(r) for r in conn.execute(sql, params)]
    for row in rows:
        row["parties"] = json.loads(row["parties"])
    return rows


def treaty_refs(path: Path, where: TreatyFilter = TreatyFilter()) -> list[TreatyRef]:
    """The treaties to map from the corpus, with their size in words."""
    return [TreatyRef(row["id"], row["title"], str(path), row["words"] or 0, in_db=True)
            for row in list_treaties(path, where)]


def load_treaty(path: Path, treaty_id: str) -> Treaty:
    """One ingested treaty with its articles, as it was read from its file."""
    with open_corpus(path) as conn:
        row = conn.execute("select * from treaties where id = ?", (treaty_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"{path}: no treaty '{treaty_id}'",
                                hint="run 'treatykit treaties' to see the ids")
        articles = tuple(Article(r["position"], r["kind"], r["label"], r["number"],
                                 r["heading"], r["chapter"], r["text"]) for r in conn.execute(
            "select * from articles where treaty = ? order by position", (treaty_id,)))
    return Treaty(id=row["id"], title=row["title"], source=row["source"], format=row["format"],
                  digest=row["digest"], articles=articles,
                  parties=tuple(json.loads(row["parties"])), date_signed=row["date_signed"],
                  date_in_force=row["date_in_force"], language=row["language"],
                  type=row["type"], status=row["status"], licence=row["licence"],
                  urls=tuple(json.loads(row["urls"])), extra=json.loads(row["extra"]),
                  text=(row["text"] if "text" in row.keys() else None) or "")  # noqa: SIM118


# --- search -------------------------------------------------------------------------

@dataclass(frozen=True)
class TreatyHit:
    """One article of an ingested treaty matching a search."""

    treaty: str
    title: str
    parties: tuple[str, ...]
    date_signed: str | None
    article: str  # label: "Article 12", "Preamble"
    number: str
    heading: str
    chapter: str
    position: int
    snippet: str  # plain text
    score: float
    matches: tuple[tuple[int, int], ...] = ()  # character offsets of the matched words
    kind: str = "treaty"


def attach_corpus(conn: sqlite3.Connection, path: Path) -> None:
    """Attach the corpus database (read-only) to an open clause store as `corpus`."""
    if not path.is_file():
        raise StoreError(f"{path}: no corpus database here",
                         hint="ingest treaties first with 'treatykit ingest PATH'")
    conn.execute("attach database ? as corpus", (f"file:{path}?mode=ro",))


def search_treaties(path: Path, query: str, *, where: TreatyFilter = TreatyFilter(),
                    limit: int = 10) -> list[TreatyHit]:
    """Articles of ingested treaties matching `query`, best first (BM25), with snippets."""
    with open_corpus(path) as conn:
        return treaty_hits(conn, query, where=where, limit=limit)


def treaty_hits(conn: sqlite3.Connection, query: str, *, where: TreatyFilter = TreatyFilter(),
                limit: int = 10) -> list[TreatyHit]:
    """`search_treaties` on an open connection (the corpus, or a store with it attached)."""
    filters, params = where.sql("a.treaty")
    weights = ", ".join(str(w) for w in ARTICLE_SEARCH_WEIGHTS)
    # The snippet comes from the article text: the heading is reported on its own.
    snippet = snippet_sql("articles_fts", column=ARTICLE_SEARCH_COLUMNS.index("text"), tokens=24)
    sql = f"""
        select a.treaty, t.title, t.parties, t.date_signed, a.label, a.number, a.heading,
               a.chapter, a.position, {snippet} as snippet,
               bm25(articles_fts, {weights}) as score
        from articles_fts
        join articles a on a.id = articles_fts.rowid
        join treaties t on t.id = a.treaty
        where articles_fts match :query {filters}
        order by score, a.treaty, a.position limit :limit"""
    conn.row_factory = sqlite3.Row
    return [_treaty_hit(r) for r in first_matches(conn, sql, query, {"limit": limit, **params})]


def _treaty_hit(r: sqlite3.Row) -> TreatyHit:
    snippet, matches = clean_snippet(r["snippet"])
    return TreatyHit(treaty=r["treaty"], title=r["title"],
                     parties=tuple(json.loads(r["parties"])), date_signed=r["date_signed"],
                     article=r["label"], number=r["number"], heading=r["heading"],
                     chapter=r["chapter"], position=r["position"], snippet=snippet,
                     matches=matches, score=round(-r["score"], 4))


def search_everything(db_path: Path, corpus_path: Path, query: str, *,
                      clause_filters: dict[str, str | None], where: TreatyFilter = TreatyFilter(),
                      limit: int = 10) -> list[Hit | TreatyHit]:
    """Clauses and treaty articles, each ranked by BM25, interleaved (a clause first).

    The corpus is attached to the clause store, so both are read on one connection. The
    two BM25 scores come from indexes of very different size (a few hundred clauses, tens of
    thousands of articles), so they are not comparable: merging by score would bury the
    clauses. Interleaving by rank keeps the best of each side at the top.
    """
    with open_db(db_path) as db:
        attach_corpus(db.conn, corpus_path)
        clauses = clause_hits(db, query, **clause_filters, limit=limit)
        articles = treaty_hits(db.conn, query, where=where, limit=limit)
    merged: list[Hit | TreatyHit] = []
    for rank in range(max(len(clauses), len(articles))):
        merged.extend(side[rank] for side in (clauses, articles) if rank < len(side))
    return merged[:limit]
