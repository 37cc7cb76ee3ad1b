"""The word lists of coherence.yaml, and the crude stemming the checks compare words with."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from treatykit.yamlfile import read_yaml

DATA_PATH = Path(__file__).with_name("coherence.yaml")
_SUFFIXES = ("ational", "ations", "ation", "ements", "ement", "ments", "ment", "ings", "ing",
             "ions", "ion", "ies", "ed", "es", "s", "al", "ory", "ive", "ity")
WORD_RE = re.compile(r"[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z]")


@dataclass(frozen=True)
class Words:
    """What coherence.yaml lists (see the comments there)."""

    generic: frozenset[str]
    stop: frozenset[str]
    connectors: tuple[str, ...]
    needing_definition: tuple[str, ...]
    containers: tuple[str, ...]
    shared_values: frozenset[str]


@functools.lru_cache(maxsize=1)
def load_words() -> Words:
    data = read_yaml(DATA_PATH)
    return Words(generic=frozenset(data["generic_nouns"]), stop=frozenset(data["stop_words"]),
                 connectors=tuple(sorted(data["connectors"], key=len, reverse=True)),
                 needing_definition=tuple(data["terms_needing_definition"]),
                 containers=tuple(data["container_nouns"]),
                 shared_values=frozenset(data["shared_values"]))


def stem(word: str) -> str:
    """"compensation" -> "compens", "exceptions" -> "except": enough to tell whether two
    texts speak of the same thing, never shorter than four letters."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[:-len(suffix)]
    return word


def stems(text: str) -> set[str]:
    return {stem(w) for w in WORD_RE.findall(text) if len(w) > 3}


def shares_stem(word: str, vocabulary: set[str]) -> bool:
    """Does `vocabulary` (stems) hold `word` or a word of the same stem?"""
    mine = stem(word)
    return any(s.startswith(mine) or mine.startswith(s) for s in vocabulary if len(s) >= 4)
