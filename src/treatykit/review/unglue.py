"""Put back the spaces an extracted text lost between words ("fair andequitable treatment").

Text taken from some PDFs joins words where a line broke: "andequitable", "itsterritory",
"givingone year's notice". Such a text gives itself away by many function words joined to
"the" ("ofthe", "tothe"), which English never writes. Only in such a text is a token split:
where one part is a function word (lists in lexicon.yaml, `glued_words`) and the other a
word the text uses on its own at least as often as the joined form; a function word joined
to "the" or another determiner always; a word joined to a capitalised one ("theParty") when
both parts are used on their own. A clean text comes back unchanged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

_WORD = re.compile(r"\b[A-Za-z]{5,}\b")
_TOKEN = re.compile(r"\b[A-Za-z]+\b")
_PER_CHARS = 50_000  # a joined "ofthe" per this many characters, and at least MIN_MARKERS
MIN_MARKERS = 5


@dataclass(frozen=True)
class GluedWords:
    """Which joins betray a text that lost its spaces, and which words may be split off."""

    markers: frozenset[str]  # words joined to "the": "of" -> "ofthe"
    before: frozenset[str]  # function words found joined before a word: "andequitable"
    after: frozenset[str]  # determiners found joined after a word: "givingone", "ofthe"
    short: frozenset[str]  # short words found joined before a determiner: "inthe", "onits"


def unglue(text: str, words: GluedWords) -> str:
    """`text` with joined words split, if it is a text that lost its spaces; else `text`."""
    lower = text.lower()
    markers = sum(1 for m in re.finditer(r"\b([a-z]+)the\b", lower) if m[1] in words.markers)
    if markers < max(MIN_MARKERS, len(text) / _PER_CHARS):
        return text
    counts = Counter(t.lower() for t in _TOKEN.findall(text))
    return _WORD.sub(lambda m: _split(m[0], counts, words), text)


def _split(token: str, counts: Counter[str], words: GluedWords, depth: int = 0) -> str:
    """"andequitable" -> "and equitable" when the parts qualify (each part is tried again:
    "EachPartyshallnot" -> "Each Party shall not"); else the token itself."""
    cut = _best_cut(token, counts, words)
    if cut is None:
        return token
    left, right = token[:cut], token[cut:]
    if depth < 3:
        left = _split(left, counts, words, depth + 1)
        right = _split(right, counts, words, depth + 1)
    return f"{left} {right}"


def _best_cut(token: str, counts: Counter[str], words: GluedWords) -> int | None:
    lower = token.lower()
    joined = counts[lower]  # a real word is used more often than its would-be parts
    best: tuple[int, int] | None = None  # (how often the parts stand alone, cut)
    for cut in range(1, len(lower)):
        left, right = lower[:cut], lower[cut:]
        if right in words.after and (left in words.before or left in words.short):
            score = counts[left] + counts[right]  # "ofthe", however often: never a word
        elif token[cut - 1].islower() and token[cut].isupper() and cut >= 2 \
                and len(right) >= 2 and counts[left] and counts[right]:
            score = counts[left] + counts[right]  # "theParty", "EachParty"
        elif left in words.before and len(right) >= 3 and counts[right] >= joined:
            score = counts[right]  # "andequitable"
        elif right in words.after and len(left) >= 3 and counts[left] >= joined:
            score = counts[left]  # "givingone", "Partyshall"
        else:
            continue
        if best is None or score > best[0]:
            best = (score, cut)
    return None if best is None else best[1]
