"""Put back the spaces an extracted text lost where its lines broke ("fair andequitable").

Text taken from some PDFs joins the last word of a line to the first of the next:
"favorablethan", "prudentialreasons", "givingone year's notice". The repair is word
segmentation, in two steps (measurements in bench/README.md, Audit set):

1. Is the text affected? It is when it reads as English (function words are a good share of
   its words) and many of its tokens are neither words of English nor words it uses elsewhere,
   yet split into two or three words: at least MIN_JOINED such tokens and one in every
   1/JOINED_RATE words. A clean text comes back unchanged, byte for byte.
2. In an affected text, each token that is not a word of English is split into two (rarely
   three) known words, when exactly one split is best. Known: a word of spaCy's English lookup
   tables (or lexicon.yaml `glued_words.english`), or a word the text uses on its own and that
   is no join itself; a short part only if it is a function word ("own") or a word the text
   uses ("of", "tax"; not "ca", "me"). Preferred: fewer parts (three only where the text also
   writes them side by side: "shall be held", not "shall beheld"), parts the text uses, parts it
   writes side by side. Never split: a known word, a number, a word with a hyphen, digit or
   apostrophe, a word in capitals, a capitalised word (a proper noun) unless the text writes
   its first piece so on its own ("Partyshall") or it starts a sentence with or before function
   words ("Theeconomic", "Recognizingthat"), a derived word (`prefixes`, `suffixes`:
   "antidumping", "videograms"), and a token with two splits equally good.

Only spaces are inserted, so the lines and paragraphs the structure parser reads stay where
they were; review parses the repaired text, so its locations and quotes are those of the
repaired text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import pairwise

from treatykit.review.nlp import english_words
from treatykit.review.nlp import function_words as _stop_words

MIN_JOINED = 10  # an affected text has at least this many joined tokens...
JOINED_RATE = 1 / 200  # ...and one in 200 of its words (dev texts: at most 1 in 600)
ENGLISH_SHARE = 0.3  # English texts: 0.43-0.52 of the words are function words; Spanish: 0.05

_WORD = re.compile(r"[A-Za-z]+")
# a token that may be split: letters only, no hyphen, digit, apostrophe, slash or dot before
# it ("non-discriminatory", "Party'sterritory", "www.mofa.go.jp"), no hyphen or digit after
_TOKEN = re.compile(r"(?<![\w\-'’/.])[A-Za-z]{3,}(?![\w\-/])")
_PAIR = re.compile(r"(?<![A-Za-z])([A-Za-z]+)[ \t]+(?=([A-Za-z]+))")
_SENTENCE_START = re.compile(r"(?:\A|[.;:?!)][ \t]+|\n[ \t]*)\Z")


@dataclass(frozen=True)
class GluedWords:
    """Word lists that complete spaCy's for segmentation (lexicon.yaml `glued_words`)."""

    english: frozenset[str]  # words of English the lookup tables lack ("whereof")
    function: frozenset[str]  # function words spaCy's stop words lack ("shall")
    prefixes: frozenset[str]  # a first part that makes a derived word ("anti" + "dumping")
    suffixes: frozenset[str]  # a last part that makes a derived word ("paper" + "less")


@dataclass
class _Text:
    """What segmentation needs to know about one text: its words and how often it uses them."""

    text: str
    words: GluedWords
    counts: Counter[str] = field(init=False)  # lower-cased words
    cased: Counter[str] = field(init=False)  # words as written ("Party")
    functions: frozenset[str] = field(init=False)
    _known: dict[str, bool] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.functions = _stop_words() | self.words.function
        self.cased = Counter()
        for piece in _chunks(self.text):  # a list of every word of a 50 MB text is 500 MB
            self.cased.update(_WORD.findall(piece))
        self.counts = Counter()
        for word, count in self.cased.items():
            self.counts[word.lower()] += count

    @cached_property
    def pairs(self) -> Counter[tuple[str, str]]:
        """How often two words stand side by side, separated by spaces only."""
        return Counter((m[1].lower(), m[2].lower()) for m in _PAIR.finditer(self.text))

    def uses(self, word: str) -> bool:
        """A function word, or a word the text uses on its own."""
        return word in self.functions or self.counts[word] > 0

    def is_english(self, word: str) -> bool:
        return word in english_words() or word in self.words.english

    def is_known(self, part: str) -> bool:
        """A word of English, or a word the text uses on its own (not itself a join)."""
        known = self._known.get(part)
        if known is None:
            known = self._known[part] = self._is_known(part)
        return known

    def _is_known(self, part: str) -> bool:
        if len(part) == 3:  # "own", "tax": a function word, or a word the text uses
            return part in self.functions or self.is_english(part) and self.counts[part] >= 2
        if len(part) <= 2:  # "of", "a", not "ca", "re", "me": only if the text uses it
            return self.counts[part] >= 1 and (part == "a" or len(part) == 2
                                               and part in self.functions)
        return self.is_english(part) or self.counts[part] >= 2 and not self._splits(part)

    def _splits(self, word: str) -> bool:
        """Whether `word` is two or three words of English run together."""
        return any(True for _ in _cuts(word, lambda part: _english_part(part, self)))


def _chunks(text: str, size: int = 1 << 20) -> Iterator[str]:
    """`text` in pieces of about `size` characters, cut after a line break (no word spans
    two pieces)."""
    start = 0
    while start < len(text):
        cut = text.find("\n", start + size)
        end = len(text) if cut == -1 else cut + 1
        yield text[start:end]
        start = end


@dataclass(frozen=True)
class Join:
    """A token that joins words, and the words: text[start:end] == "".join(pieces)."""

    start: int
    end: int
    pieces: tuple[str, ...]


def unglue(text: str, words: GluedWords) -> str:
    """`text` with joined words split, if it is a text that lost its spaces; else `text`."""
    pieces, last = [], 0
    for join in find_joins(text, words):
        pieces += [text[last:join.start], " ".join(join.pieces)]
        last = join.end
    return "".join(pieces) + text[last:] if pieces else text


def find_joins(text: str, words: GluedWords) -> list[Join]:
    """The tokens `unglue` splits, in text order; none in a text that is not affected."""
    page = _Text(text, words)
    if not _is_affected(page):
        return []
    joins = []
    for match in _TOKEN.finditer(text):
        split = _split(match[0], page, sentence_start=_starts_sentence(text, match.start()))
        if split:
            joins.append(Join(match.start(), match.end(), tuple(split)))
    return joins


def is_affected(text: str, words: GluedWords) -> bool:
    """Whether `text` lost its spaces (see the module docstring)."""
    return _is_affected(_Text(text, words))


def _is_affected(page: _Text) -> bool:
    """Many tokens that are no words of English, that the text uses once, and that split."""
    total = sum(page.counts.values())
    if not total or sum(page.counts[w] for w in page.functions) < ENGLISH_SHARE * total:
        return False
    needed = max(MIN_JOINED, JOINED_RATE * total)
    odd = [w for w, count in page.counts.items() if count == 1 and not page.is_english(w)]
    return len(odd) >= needed and sum(1 for w in odd if _split(w, page)) >= needed


def _split(token: str, page: _Text, *, sentence_start: bool = False) -> list[str] | None:
    """The pieces of `token` ("favorablethan" -> favorable, than), or None: a known word, no
    split, or two splits equally good."""
    lower = token.lower()
    if page.is_english(lower) or token.isupper():
        return None
    splits: dict[int, list[tuple[tuple[bool, bool, int], tuple[str, ...]]]] = {2: [], 3: []}
    for parts in _cuts(lower, page.is_known):
        if _allowed(token, parts, page, sentence_start=sentence_start):
            splits[len(parts)].append((_rank(parts, page), parts))
    two, three = _best(splits[2]), _best(splits[3])
    if two and three and not _rank(two, page)[0] and _attested(three, page):
        return _pieces(token, three)  # "shall be held", not "shall beheld"
    best = two if splits[2] else three
    return _pieces(token, best) if best else None


def _best(ranked: list[tuple[tuple[bool, bool, int], tuple[str, ...]]]) -> tuple[str, ...] | None:
    """The best split, or None if there is none or two are equally good."""
    ranked.sort(reverse=True)
    if not ranked or len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def _cuts(word: str, known: Callable[[str], bool]) -> Iterator[tuple[str, ...]]:
    """Every way to cut `word` into two or three parts that are all `known`."""
    for i in range(1, len(word)):
        if not known(word[:i]):
            continue
        if known(word[i:]):
            yield word[:i], word[i:]
        for j in range(i + 1, len(word)):
            if known(word[i:j]) and known(word[j:]):
                yield word[:i], word[i:j], word[j:]


def _english_part(part: str, page: _Text) -> bool:
    if len(part) <= 3:
        return part == "a" or len(part) > 1 and part in page.functions
    return page.is_english(part)


def _allowed(token: str, parts: tuple[str, ...], page: _Text, *, sentence_start: bool) -> bool:
    if _derived(parts, page):
        return False
    if not any(page.uses(p) for p in parts) or len(parts) > 2 and not all(map(page.uses, parts)):
        return False  # "mold avian"; "Export at ions"
    return _case_allows(token, _pieces(token, parts), parts, page, sentence_start)


def _derived(parts: tuple[str, ...], page: _Text) -> bool:
    """A prefix before a word or a suffix after one that is no function word: "anti" +
    "dumping", "paper" + "less" ("no" + "less" is split); "a" after a content word at the end,
    unless the text writes the two side by side ("means a"): "europe" + "a", "implement" + "a"
    (a foreign word, or a word cut at a line end)."""
    functions, words = page.functions, page.words
    if any(p in words.prefixes for p in parts[:-1]):
        return True
    if any(p in words.suffixes and before not in functions
           for before, p in pairwise(parts)):
        return True
    return parts[-1] == "a" and parts[-2] not in functions and not page.pairs[parts[-2], "a"]


def _case_allows(token: str, pieces: list[str], parts: tuple[str, ...], page: _Text,
                 sentence_start: bool) -> bool:
    """Capitals only where a piece starts, and a capital inside the token ("theParty") starts
    a piece. A capitalised token is a proper noun unless its first piece is a word the text
    writes so on its own ("Partyshall", "Englishlanguage"), or it starts a sentence and a
    function word starts it or only function words follow ("Theeconomic", "Recognizingthat")."""
    if not all(p.islower() or p.istitle() or p.isupper() for p in pieces):
        return False
    if any(a.isupper() and b.isupper() and not b.istitle() for a, b in pairwise(pieces)):
        return False  # "WHERE OF", but "EFTA States"
    starts = {sum(len(p) for p in pieces[:k]) for k in range(1, len(pieces))}
    if any(a.islower() and b.isupper() and i not in starts
           for i, (a, b) in enumerate(pairwise(token), start=1)):
        return False
    if token[0].islower() or any(p[0].isupper() for p in pieces[1:]):
        return True
    if page.cased[pieces[0]] >= 2:
        return True
    functions = page.functions
    return sentence_start and (parts[0] in functions or all(p in functions for p in parts[1:]))


def _rank(parts: tuple[str, ...], page: _Text) -> tuple[bool, bool, int]:
    """Every part a function word or a word the text uses on its own, parts the text also
    writes side by side, more parts it uses."""
    used = sum(1 for p in parts if page.uses(p))
    side_by_side = any(page.pairs[pair] for pair in pairwise(parts))
    return used == len(parts), side_by_side, used


def _attested(parts: tuple[str, ...], page: _Text) -> bool:
    """The text writes every two neighbouring parts side by side elsewhere."""
    return all(page.pairs[pair] for pair in pairwise(parts))


def _pieces(token: str, parts: tuple[str, ...]) -> list[str]:
    """`parts` in the token's own letters and case."""
    pieces, start = [], 0
    for part in parts:
        pieces.append(token[start:start + len(part)])
        start += len(part)
    return pieces


def _starts_sentence(text: str, start: int) -> bool:
    return bool(_SENTENCE_START.search(text, max(0, start - 8), start))
