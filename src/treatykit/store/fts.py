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

from treatykit import limits

_TOKEN = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)
#: Marks around matched words in FTS snippets: control characters no treaty text holds,
#: taken out by `clean_snippet`, which returns the match offsets instead.
MARK_OPEN, MARK_CLOSE, ELLIPSIS = "\x02", "\x03", "…"


def fts_queries(query: str) -> list[str]:
    """Safe FTS5 queries for free text: all terms first, then any term.

    A term repeated counts once, and the query is bounded in length and in distinct terms,
    so a search costs at most linear time in what was typed.
    """
    if len(query) > limits.QUERY_CHARS.value:
        raise limits.over(limits.QUERY_CHARS, "search", len(query))
    terms: list[str] = []
    rest = query
    if query.count('"') % 2 == 0:
        for phrase in re.findall(r'"([^"]*)"', query):
            words = _words(_TOKEN.findall(phrase))
            if words:
                terms.append(_term(words))
        rest = re.sub(r'"[^"]*"', " ", query)
    for token in _TOKEN.findall(rest):
        words = _words([token])
        if words:
            terms.append(_term(words))
    terms = list(dict.fromkeys(terms))
    if len(terms) > limits.QUERY_TERMS.value:
        raise limits.over(limits.QUERY_TERMS, "search", len(terms))
    if not terms:
        return []
    queries = [" AND ".join(terms)]
    if len(terms) > 1:
        queries.append(" OR ".join(terms))
    return queries


#: British and American spellings of words common in treaties (stem pairs, either way round).
_SPELLINGS = (("favour", "favor"), ("labour", "labor"), ("endeavour", "endeavor"),
              ("honour", "honor"), ("neighbour", "neighbor"), ("behaviour", "behavior"),
              ("harbour", "harbor"), ("centre", "center"), ("licence", "license"),
              ("defence", "defense"), ("offence", "offense"), ("programme", "program"),
              ("judgement", "judgment"), ("nationalis", "nationaliz"), ("recognis", "recogniz"),
              ("authoris", "authoriz"), ("organis", "organiz"), ("harmonis", "harmoniz"),
              ("utilis", "utiliz"), ("realis", "realiz"), ("privatis", "privatiz"),
              ("liberalis", "liberaliz"), ("minimis", "minimiz"), ("prioritis", "prioritiz"),
              ("standardis", "standardiz"), ("characteris", "characteriz"),
              ("capitalis", "capitaliz"), ("stabilis", "stabiliz"))


def spelling_variant(word: str) -> str | None:
    """The other spelling of `word` ("favoured" -> "favored"), or None."""
    lower = word.lower()
    for british, american in _SPELLINGS:
        for have, other in ((british, american), (american, british)):
            if lower.startswith(have) and have != other:
                variant = other + lower[len(have):]
                return None if variant == lower else variant
    return None


def _term(words: list[str]) -> str:
    """A quoted phrase, or both spellings of it: ("most favoured nation" OR "... favored ...")."""
    phrase = '"' + " ".join(words) + '"'
    other = [spelling_variant(w) or w for w in words]
    if other == words:
        return phrase
    return f'({phrase} OR "' + " ".join(other) + '")'


def _words(tokens: list[str]) -> list[str]:
    return [w for t in tokens for w in re.split(r"[-'’_]", t) if w]


def snippet_sql(table: str, *, column: int = -1, tokens: int = 18) -> str:
    """The FTS5 `snippet()` call for `table`, marking matches with MARK_OPEN/MARK_CLOSE.

    `column` -1 lets FTS5 pick the column with the best match.
    """
    return (f"snippet({table}, {column}, '{MARK_OPEN}', '{MARK_CLOSE}', '{ELLIPSIS}', "
            f"{tokens})")


def clean_snippet(text: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet as plain text on one line (OCR line breaks and runs of spaces become one
    space) and the (start, end) character offsets of each matched word in it."""
    plain, matches, start = [], [], 0
    for i, part in enumerate(re.split(f"{MARK_OPEN}(.*?){MARK_CLOSE}",
                                      " ".join(text.split()), flags=re.S)):
        if i % 2:
            matches.append((start, start + len(part)))
        plain.append(part)
        start += len(part)
    return "".join(plain), tuple(matches)


def first_matches(conn: sqlite3.Connection, sql: str, query: str,
                  params: Mapping[str, Any]) -> list[sqlite3.Row]:
    """Rows of `sql` (with a `:query` parameter) for the first safe query that matches."""
    for fts in fts_queries(query):
        rows = list(conn.execute(sql, {**params, "query": fts}))
        if rows:
            return rows
    return []
