"""Safe full-text queries shared by the clause store and the corpus: no user text is FTS syntax.

Every token a user types is quoted, so operators, quotes, parentheses and `*` are plain
words; balanced double quotes and hyphenated compounds become phrases. A search first asks
for all terms, then, if nothing matches, for any term.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from typing import Any

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
#: Marks around matched words in snippets; the CLI turns them into bold text.
MARK_OPEN, MARK_CLOSE, ELLIPSIS = "**", "**", "…"


def fts_queries(query: str) -> list[str]:
    """Safe FTS5 queries for free text: all terms first, then any term."""
    terms: list[str] = []
    rest = query
    if query.count('"') % 2 == 0:
        for phrase in re.findall(r'"([^"]*)"', query):
            words = _TOKEN.findall(phrase)
            if words:
                terms.append('"' + " ".join(_words(words)) + '"')
        rest = re.sub(r'"[^"]*"', " ", query)
    for token in _TOKEN.findall(rest):
        terms.append('"' + " ".join(_words([token])) + '"')
    terms = [t for t in terms if t != '""']
    if not terms:
        return []
    queries = [" ".join(terms)]
    if len(terms) > 1:
        queries.append(" OR ".join(terms))
    return queries


def _words(tokens: list[str]) -> list[str]:
    return [w for t in tokens for w in re.split(r"[-'’_]", t) if w]


def snippet_sql(table: str, *, column: int = -1, tokens: int = 18) -> str:
    """The FTS5 `snippet()` call for `table`, marking matches with MARK_OPEN/MARK_CLOSE.

    `column` -1 lets FTS5 pick the column with the best match.
    """
    return (f"snippet({table}, {column}, '{MARK_OPEN}', '{MARK_CLOSE}', '{ELLIPSIS}', "
            f"{tokens})")


def clean_snippet(text: str) -> str:
    """A snippet on one line: OCR line breaks and runs of spaces become one space."""
    return " ".join(text.split())


def first_matches(conn: sqlite3.Connection, sql: str, query: str,
                  params: Mapping[str, Any]) -> list[sqlite3.Row]:
    """Rows of `sql` (with a `:query` parameter) for the first safe query that matches."""
    for fts in fts_queries(query):
        rows = list(conn.execute(sql, {**params, "query": fts}))
        if rows:
            return rows
    return []
