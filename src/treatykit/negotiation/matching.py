"""Match the articles of two drafts, even renumbered, moved, merged or split.

Every pair is scored by heading and text similarity (word sets, blind to order and to
numbers); the best pairs are taken first, each article at most once. What is left over is
checked for merges (our article's words inside one of theirs) and splits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from treatykit.negotiation.articles import Article
from treatykit.negotiation.wordiff import token_set_similarity

THRESHOLD = 0.45
_CONTAINED = 0.8


@dataclass(frozen=True)
class Pair:
    """Our article and theirs (either may be None: added or deleted)."""

    ours: Article | None
    theirs: Article | None
    score: float = 0.0
    note: str = ""  # "merged into Article 9", "split from Article 4"


def match_articles(ours: tuple[Article, ...], theirs: tuple[Article, ...]) -> list[Pair]:
    """Pairs in their document order, then our deleted articles."""
    scores = sorted(((_score(a, b), i, j) for i, a in enumerate(ours)
                     for j, b in enumerate(theirs)), reverse=True)
    taken_ours: dict[int, tuple[int, float]] = {}
    taken_theirs: set[int] = set()
    for score, i, j in scores:
        if score < THRESHOLD:
            break
        if i not in taken_ours and j not in taken_theirs:
            taken_ours[i] = (j, score)
            taken_theirs.add(j)
    by_theirs = {j: (i, s) for i, (j, s) in taken_ours.items()}
    pairs = [Pair(ours[by_theirs[j][0]], b, by_theirs[j][1]) if j in by_theirs
             else Pair(None, b, note=_split_note(b, ours, by_theirs, theirs))
             for j, b in enumerate(theirs)]
    pairs += [Pair(a, None, note=_merge_note(a, theirs, taken_theirs))
              for i, a in enumerate(ours) if i not in taken_ours]
    return pairs


def _score(ours: Article, theirs: Article) -> float:
    heading = token_set_similarity(ours.heading, theirs.heading) if ours.heading and \
        theirs.heading else 0.0
    text = token_set_similarity(ours.body, theirs.body)
    return 0.3 * heading + 0.7 * text


def contained(part: str, whole: str) -> float:
    """Share of `part`'s words found in `whole`."""
    words = set(_words(part))
    return len(words & set(_words(whole))) / len(words) if words else 0.0


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2]


def _merge_note(article: Article, theirs: tuple[Article, ...], taken: set[int]) -> str:
    host = max(((contained(article.body, b.body), b) for j, b in enumerate(theirs)
                if j in taken), default=(0.0, None), key=lambda x: x[0])
    return f"merged into {host[1].label}" if host[1] and host[0] >= _CONTAINED else ""


def _split_note(article: Article, ours: tuple[Article, ...],
                by_theirs: dict[int, tuple[int, float]], theirs: tuple[Article, ...]) -> str:
    matched = {i for i, _ in by_theirs.values()}
    source = max(((contained(article.body, a.body), a) for i, a in enumerate(ours)
                  if i in matched), default=(0.0, None), key=lambda x: x[0])
    return f"split from our {source[1].label}" if source[1] and source[0] >= _CONTAINED \
        else ""


def number_map(pairs: list[Pair]) -> dict[str, str]:
    """Their article numbers -> ours, for reading their cross-references (an article of
    theirs we do not have maps to a mark no number of ours equals)."""
    return {p.theirs.number: p.ours.number if p.ours else f"new-{p.theirs.number}"
            for p in pairs if p.theirs}


_REFS = re.compile(r"\b(Articles?\s+)(\d+(?:\s*(?:,|and|or|to)\s*\d+)*)")


def renumbered(text: str, numbers: dict[str, str]) -> str:
    """`text` with its cross-references ("Article 12", "Articles 3 and 4") in our numbers;
    a number that is no article of theirs ("Article 39 of the TRIPS Agreement") stays."""
    def swap(match: re.Match[str]) -> str:
        digits = re.sub(r"\d+", lambda m: numbers.get(m.group(0), m.group(0)),
                        match.group(2))
        return match.group(1) + digits
    return _REFS.sub(swap, text)
