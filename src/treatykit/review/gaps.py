"""Token patterns with bounded gaps ("deny ... up to 12 words ... benefits"), matched fast.

Patterns are spaCy Matcher patterns (validated by spaCy when they are compiled), matched by a
small matcher of our own. spaCy's Matcher tries every pattern at every token and expands
`{"OP": "{,12}"}` into a dozen wildcards, which is slow on a 400-page agreement; here

* a pattern is cut at each gap (a token whose only key is OP: "?", "*", "+", "{,12}") and its
  segments are chained in order, within one sentence, no further apart than the gap allows;
* a segment is only tried at tokens whose lemma, lower-cased form or text can start it.

Token keys: LEMMA, LOWER, ORTH, TEXT (a value, or {IN: [...]}, {NOT_IN: [...]}), IS_PUNCT,
IS_TITLE, IS_DIGIT, IS_ALPHA, LIKE_NUM (true/false), and OP ("?", "*", "+") on a token
with attributes.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

_RANGE = re.compile(r"^\{(\d*),(\d*)\}$")
_STAR_MAX = 60  # "*" or "{2,}" between two segments: at most this many words
_STRING_ATTRS = {"LEMMA": "lemma_", "LOWER": "lower_", "ORTH": "text", "TEXT": "text"}
_FLAG_ATTRS = {"IS_PUNCT": "is_punct", "IS_TITLE": "is_title", "IS_DIGIT": "is_digit",
               "IS_ALPHA": "is_alpha", "LIKE_NUM": "like_num"}
_OPS = {"?": (0, 1), "*": (0, 10_000), "+": (1, 10_000)}


@dataclass(frozen=True)
class _Step:
    """One token of a segment: a test and how often it may repeat."""

    spec: tuple[tuple[str, Any], ...]
    low: int
    high: int


@dataclass(frozen=True, eq=False)  # identity hash: segments are looked up in hot loops
class _Segment:
    name: str
    steps: tuple[_Step, ...]
    # what is left to match once the start index has chosen the segment: a first step of one
    # token and one test, which the index already passed, is not tested again
    skip: int = 0
    rest: tuple[_Step, ...] = ()
    # the next token's one test when it is a plain value ("lower_", "and"): checked in line,
    # since most tries of a segment fail on it
    probe: tuple[str, str] | None = None


@dataclass(frozen=True)
class _Chain:
    key: str
    segments: tuple[str, ...]  # segment names, in order
    gaps: tuple[tuple[int, int], ...]  # (min, max) words between segment i and i + 1


class GappedMatcher:
    """Match token patterns with gaps; calling it on a doc gives (key, start, end) triples."""

    def __init__(self, vocab: Vocab) -> None:
        self._validator = Matcher(vocab, validate=True)
        self.segments: dict[str, _Segment] = {}
        self.chains: list[_Chain] = []
        self._index: dict[tuple[str, str], list[_Segment]] = defaultdict(list)
        self._anywhere: list[_Segment] = []
        self._count = 0
        # (lemma, lower, text) -> the segments that can start at such a token: a text's
        # vocabulary is small beside its tokens, so each is worked out once
        self._starts: dict[tuple[str, str, str], list[_Segment]] = {}

    def __len__(self) -> int:
        return len(self.segments)

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        """Add one pattern under `key`; ValueError on a malformed pattern."""
        self._validator.add("check", [pattern])  # spaCy's own validation of the pattern
        self._validator.remove("check")
        parts, gaps = split_gaps(pattern)
        self._count += 1
        names = [key] if len(parts) == 1 else [f"{key}#{self._count}.{i}"
                                               for i in range(len(parts))]
        for name, part in zip(names, parts, strict=True):
            self._add_segment(_Segment(name, tuple(_step(t) for t in part)))
        if len(parts) > 1:
            self.chains.append(_Chain(key, tuple(names), tuple(gaps)))

    def _add_segment(self, segment: _Segment) -> None:
        self._starts.clear()
        first = segment.steps[0]
        keys = _index_keys(first) if first.low >= 1 else None
        if keys is None:
            segment = replace(segment, rest=segment.steps)
            self._anywhere.append(segment)
        elif first.low == first.high == 1 and len(first.spec) == 1:
            segment = replace(segment, skip=1, rest=segment.steps[1:])
        else:
            segment = replace(segment, rest=segment.steps)
        segment = replace(segment, probe=_probe(segment.rest))
        self.segments[segment.name] = segment
        for index_key in keys or ():
            self._index[index_key].append(segment)

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        tokens = _TokenTable(doc)
        found: list[tuple[str, int, int]] = []
        parts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        columns, length = tokens.columns, tokens.length
        for start in range(length):
            for segment in self._candidates(tokens, start):
                probe = segment.probe
                if probe is not None:
                    at = start + segment.skip
                    if at >= length or columns[probe[0]][at] != probe[1]:
                        continue
                if segment.rest:
                    ends = _match_steps(tokens, start + segment.skip, segment.rest, 0)
                    if not ends:
                        continue
                else:  # a one-token segment the start index has matched already
                    ends = {start + segment.skip}
                if "#" in segment.name:
                    parts[segment.name].extend((start, end) for end in ends)
                else:
                    found.append((segment.name, start, max(ends)))
        if parts:
            sentence = _sentence_ids(doc)
            for chain in self.chains:
                if chain.segments[0] in parts:
                    found.extend(_chain_matches(chain, parts, sentence))
        return found

    def _candidates(self, tokens: _TokenTable, i: int) -> list[_Segment]:
        key = (tokens.lemma_[i], tokens.lower_[i], tokens.text[i])
        found = self._starts.get(key)
        if found is None:
            index = self._index
            seen = index.get(("lemma_", key[0]), []) + index.get(("lower_", key[1]), []) + \
                index.get(("text", key[2]), [])
            if self._anywhere:
                seen = seen + self._anywhere
            found = self._starts[key] = list(dict.fromkeys(seen)) if len(seen) > 1 else seen
        return found


class _TokenTable:
    """A doc's token attributes as plain lists (cheaper than Token objects in a loop)."""

    def __init__(self, doc: Doc) -> None:
        self.length = len(doc)
        self.lemma_: list[str] = []
        self.lower_: list[str] = []
        self.text: list[str] = []
        for token in doc:  # one Token object per token, not one per attribute
            self.lemma_.append(token.lemma_)
            self.lower_.append(token.lower_)
            self.text.append(token.text)
        self._doc = doc
        self.columns: dict[str, list[Any]] = {"lemma_": self.lemma_, "lower_": self.lower_,
                                              "text": self.text}

    def get(self, attr: str) -> list[Any]:
        if attr not in self.columns:
            self.columns[attr] = [bool(getattr(t, attr)) for t in self._doc]
        return self.columns[attr]


def split_gaps(pattern: list[dict[str, Any]]) -> tuple[list[list[dict[str, Any]]],
                                                         list[tuple[int, int]]]:
    """Cut `pattern` at its gap tokens: (segments, (min, max) of each gap)."""
    segments: list[list[dict[str, Any]]] = [[]]
    gaps: list[tuple[int, int]] = []
    for token in pattern:
        gap = _gap(token)
        if gap is None:
            segments[-1].append(token)
            continue
        if not segments[-1] and not gaps:
            raise ValueError("a pattern may not start with a gap (an OP-only token)")
        if not segments[-1]:  # two gaps in a row: one longer gap
            low, high = gaps[-1]
            gaps[-1] = (low + gap[0], high + gap[1])
            continue
        gaps.append(gap)
        segments.append([])
    if not segments[-1]:
        raise ValueError("a pattern may not end with a gap (an OP-only token)")
    return segments, gaps


def _gap(token: dict[str, Any]) -> tuple[int, int] | None:
    if set(token) != {"OP"}:
        return None
    op = str(token["OP"])
    low, high = _repeat(op)
    return low, min(high, _STAR_MAX)  # explicit bounds are kept; "*" and "+" are capped


def _repeat(op: str) -> tuple[int, int]:
    if op in _OPS:
        return _OPS[op]
    match = _RANGE.match(op)
    if match:
        return int(match.group(1) or 0), int(match.group(2)) if match.group(2) else 10_000
    if op.strip("{}").isdigit():
        return int(op.strip("{}")), int(op.strip("{}"))
    raise ValueError(f"unsupported OP '{op}'")


def _step(token: dict[str, Any]) -> _Step:
    low, high = _repeat(str(token["OP"])) if "OP" in token else (1, 1)
    spec = []
    for attr, value in token.items():
        if attr == "OP":
            continue
        if attr in _STRING_ATTRS:
            spec.append((_STRING_ATTRS[attr], _string_test(value)))
        elif attr in _FLAG_ATTRS:
            spec.append((_FLAG_ATTRS[attr], ("==", bool(value))))
        else:
            raise ValueError(f"unsupported token attribute '{attr}'")
    return _Step(tuple(spec), low, high)


def _string_test(value: Any) -> tuple[str, Any]:
    if isinstance(value, dict):
        if set(value) == {"IN"}:
            return "in", frozenset(map(str, value["IN"]))
        if set(value) == {"NOT_IN"}:
            return "not_in", frozenset(map(str, value["NOT_IN"]))
        raise ValueError(f"unsupported value {value}: use a string, IN or NOT_IN")
    return "==", str(value)


def _probe(steps: tuple[_Step, ...]) -> tuple[str, str] | None:
    """(attribute, value) when the first step is one token with one plain-value test."""
    if not steps or not steps[0].low == steps[0].high == 1 or len(steps[0].spec) != 1:
        return None
    attr, (test, value) = steps[0].spec[0]
    if test == "==" and isinstance(value, str) and attr in _STRING_ATTRS.values():
        return attr, value
    return None


def _index_keys(step: _Step) -> list[tuple[str, str]] | None:
    """Where a segment can start: (token attribute, value) pairs, or None for anywhere."""
    for attr, (test, value) in step.spec:
        if test == "==" and isinstance(value, str):
            return [(attr, value)]
        if test == "in":
            return [(attr, v) for v in value]
    return None


def _token_ok(tokens: _TokenTable, i: int, spec: tuple[tuple[str, Any], ...]) -> bool:
    columns = tokens.columns
    for attr, (test, value) in spec:
        have = (columns[attr] if attr in columns else tokens.get(attr))[i]
        if test == "==":
            if have != value:
                return False
        elif test == "in":
            if have not in value:
                return False
        elif have in value:  # not_in
            return False
    return True


def _match_steps(tokens: _TokenTable, pos: int, steps: tuple[_Step, ...], index: int) -> set[int]:
    """Every end position where `steps[index:]` match from token `pos`."""
    while index < len(steps) and steps[index].low == steps[index].high == 1:
        # the common case, exactly one token: walked, not recursed
        if pos >= tokens.length or not _token_ok(tokens, pos, steps[index].spec):
            return set()
        pos, index = pos + 1, index + 1
    if index == len(steps):
        return {pos}
    step = steps[index]
    ends: set[int] = set()
    count = 0
    here = pos
    while True:
        if count >= step.low:
            ends |= _match_steps(tokens, here, steps, index + 1)
        if count >= step.high or here >= tokens.length or \
                not _token_ok(tokens, here, step.spec):
            break
        count += 1
        here += 1
    return ends


def _sentence_ids(doc: Doc) -> list[int]:
    ids, current = [], -1
    for token in doc:
        if token.is_sent_start or current < 0:
            current += 1
        ids.append(current)
    return ids


def _chain_matches(chain: _Chain, parts: dict[str, list[tuple[int, int]]],
                   sentence: list[int]) -> list[tuple[str, int, int]]:
    """Every (start, end) where the chain's segments follow each other within their gaps."""
    lists = [sorted(set(parts.get(name, []))) for name in chain.segments]
    if any(not items for items in lists):
        return []
    found = set()
    for start, end in lists[0]:
        for last_end in _extend(lists, chain.gaps, 1, end, sentence[start], sentence):
            found.add((chain.key, start, last_end))
    return sorted(found, key=lambda m: (m[1], m[2]))


def _extend(lists: list[list[tuple[int, int]]], gaps: tuple[tuple[int, int], ...], index: int,
            end: int, sent: int, sentence: list[int]) -> list[int]:
    if index == len(lists):
        return [end]
    low, high = gaps[index - 1]
    items = lists[index]
    for start, seg_end in items[bisect_left(items, (end + low, -1)):]:
        if start > end + high:
            break
        if sentence[start] != sent or sentence[seg_end - 1] != sent:
            continue
        ends = _extend(lists, gaps, index + 1, seg_end, sent, sentence)
        if ends:
            return ends[:1]  # the nearest completion is enough: one match per start
    return []
