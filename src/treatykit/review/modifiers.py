"""The data of net legal effect: a provision's statements, what acts on them, and the
vocabularies (review/effect.yaml) that find it.

review/effect.py and review/overrides.py read a document with these; neither is imported
here, so a verdict still flows one way (docs/review.md, "Net legal effect").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

from treatykit.review.bearers import Bearer
from treatykit.review.engine import Analysis, Hit, Modality, Sentence
from treatykit.review.recognisers import Recogniser
from treatykit.review.structure import Unit
from treatykit.yamlfile import read_yaml

EFFECT_PATH = Path(__file__).with_name("effect.yaml")
RANK = {"present": 3, "weak": 2, "violates": 1, "missing": 0}


@dataclass(frozen=True)
class Modifier:
    """One thing that decided a verdict: a statement or what acts on it, with its place."""

    role: str  # statement | condition | override | container | definition | side | element
    effect: str  # the status it leads to
    location: str
    text: str
    words: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"role": self.role, "effect": self.effect, "location": self.location,
                "words": self.words, "text": self.text}


@dataclass
class Candidate:
    """A statement of the provision: one cue hit, graded before anything acts on it."""

    hit: Hit
    modality: Modality
    status: str
    heading: bool
    reason: str
    bearer: Bearer = field(default_factory=Bearer)
    base: str = ""  # the status before the statement's own modifiers
    modifiers: list[Modifier] = field(default_factory=list)


@dataclass
class Verdict:
    status: str
    reason: str
    modifiers: list[Modifier]


@dataclass(frozen=True)
class Vocabulary:
    consent: tuple[re.Pattern[str], ...]
    discretion: tuple[re.Pattern[str], ...]
    article_scope: tuple[re.Pattern[str], ...]
    removals: tuple[re.Pattern[str], ...]
    derogations: tuple[re.Pattern[str], ...]
    narrowing: tuple[re.Pattern[str], ...]
    notwithstanding: re.Pattern[str]
    non_binding: tuple[re.Pattern[str], ...]
    acknowledgements: tuple[re.Pattern[str], ...]
    definitions: tuple[re.Pattern[str], ...]
    aim_headings: tuple[re.Pattern[str], ...]
    reporting: tuple[re.Pattern[str], ...]
    references: tuple[re.Pattern[str], ...]
    aims: tuple[re.Pattern[str], ...]
    contrary: tuple[re.Pattern[str], ...]
    scheduled: tuple[re.Pattern[str], ...]
    common_words: frozenset[str]
    denials: re.Pattern[str]
    invocations: tuple[re.Pattern[str], ...]
    self_reference: tuple[re.Pattern[str], ...]
    mutual: tuple[re.Pattern[str], ...]
    discretionary_scope: tuple[re.Pattern[str], ...]


def _compile(items: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(str(item), re.I) for item in items)


_SECTIONS = ("conditions", "overrides", "containers", "bearers", "mentions")


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The modifier vocabularies of review/effect.yaml, compiled: each field of Vocabulary is
    the list of that name in one of the file's sections (or `denials` at the top)."""
    data = read_yaml(EFFECT_PATH)
    entries = {key: value for section in _SECTIONS for key, value in data[section].items()}
    entries["denials"] = data["denials"]

    def compiled(name: str, value: Any) -> Any:
        if name == "common_words":
            return frozenset(value)
        if isinstance(value, str):
            return re.compile(value, re.I)
        return _compile(value)

    return Vocabulary(**{f.name: compiled(f.name, entries[f.name]) for f in fields(Vocabulary)})


def search(patterns: Sequence[re.Pattern[str]], text: str) -> re.Match[str] | None:
    return next((m for m in (p.search(text) for p in patterns) if m), None)


def modifier(analysis: Analysis, role: str, effect: str, sentence: Sentence,
              words: str = "") -> Modifier:
    return Modifier(role, effect, analysis.document.locate(sentence.start), sentence.text,
                    words)


def about_other(analysis: Analysis, recogniser: Recogniser, unit: Unit) -> bool:
    """Is `unit` the article of another provision (its heading names one)?"""
    if not unit.heading:
        return False
    memo = analysis.memo.setdefault("about", {})
    if id(unit) not in memo:
        memo[id(unit)] = {p for p, r in analysis.compiled.recognisers.items()
                          if r.headings and analysis.heading_matches(unit, r)}
    owners: set[str] = memo[id(unit)]
    return bool(owners - {recogniser.provision})
