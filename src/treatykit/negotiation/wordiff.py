"""Word-level differences between two texts, as a drafter reads them."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Piece:
    """A run of words that is the same in both texts (`equal`) or differs."""

    op: str  # equal | replace | delete | insert
    old: str
    new: str


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def diff_words(old: str, new: str) -> list[Piece]:
    """The two texts as runs of equal and changed words (difflib on word tokens)."""
    a, b = words(old), words(new)
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return [Piece(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def phrases(pieces: list[Piece], *, gap: int = 3) -> list[Piece]:
    """The pieces with changes at most `gap` equal words apart joined into one phrase
    ("four hundred (400)" -> "six hundred (600)", not two changes around "hundred")."""
    out: list[Piece] = []
    for piece in pieces:
        if piece.op != "equal" and len(out) >= 2 and out[-2].op != "equal" and \
                out[-1].op == "equal" and len(words(out[-1].old)) <= gap:
            between = out.pop().old
            last = out.pop()
            piece = Piece("replace", _join(last.old, between, piece.old),
                          _join(last.new, between, piece.new))
        out.append(piece)
    return out


def _join(*texts: str) -> str:
    return " ".join(t for t in texts if t)


def changed(pieces: list[Piece]) -> list[Piece]:
    return [p for p in pieces if p.op != "equal"]


def similarity(old: str, new: str) -> float:
    """Share of words the two texts have in common, in order (0 to 1)."""
    a, b = words(old), words(new)
    if not a and not b:
        return 1.0
    return difflib.SequenceMatcher(a=a, b=b, autojunk=False).ratio()


def token_set_similarity(old: str, new: str) -> float:
    """Overlap of the two texts' word sets (Jaccard), blind to order and numbering."""
    a, b = set(_normal(old)), set(_normal(new))
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _normal(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if len(w) > 2]


def is_small(pieces: list[Piece], *, max_words: int = 6, max_runs: int = 3) -> bool:
    """Whether the differences are a few words or numbers a drafter brackets inline."""
    runs = changed(pieces)
    if not runs or len(runs) > max_runs:
        return False
    return all(max(len(words(p.old)), len(words(p.new))) <= max_words for p in runs)
