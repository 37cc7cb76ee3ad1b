"""A document's paragraphs as spaCy docs, held within a fixed budget however long the text.

Review runs the pipeline once per paragraph (a *segment*) and keeps, for the whole document,
only plain values: sentence offsets and the hits found. The docs themselves (about 230 bytes a
token) are kept for the most recently used paragraphs only, up to `CACHED_TOKENS` tokens, and
rebuilt from the text when grading asks for an evicted one: the pipeline is deterministic, so
a rebuilt doc has the same tokens, sentences and offsets. Memory for docs thus grows with the
largest paragraph, not with the file.

A paragraph longer than `SEGMENT_CHARS` (no treaty has one; a text without line breaks does)
is read in pieces cut after a sentence end, or failing that at a space, so no single doc
grows with the file either.
"""

from __future__ import annotations

import re
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from treatykit.review.structure import Document, Unit

#: Tokens of paragraph docs kept in memory (about 40 MB); the least recently used go first.
CACHED_TOKENS = 200_000
#: What a doc costs besides its tokens, in tokens (about 4.7 KB against 180 bytes a token), so
#: that a text of a million one-word paragraphs is held within the budget too.
DOC_OVERHEAD = 30
#: The longest piece of text made into one doc.
SEGMENT_CHARS = 100_000
#: Where a doc records the segment it was made from (`Doc.user_data` key).
SEGMENT_KEY = "treatykit_segment"

_SENTENCE_END = re.compile(r"[.;:!?]\s+")


@dataclass(frozen=True, slots=True)
class Segment:
    """A non-empty paragraph of a unit (or a piece of a very long one): text[start:end]."""

    start: int
    end: int
    unit: Unit
    para_index: int


def segments(document: Document, *, limit: int = SEGMENT_CHARS) -> Iterator[Segment]:
    """Each non-empty paragraph of each unit, in order; a unit without paragraphs is one."""
    text = document.text
    for unit in document.units:
        paras = unit.paragraphs or []
        if not paras:
            yield from _pieces(text, Segment(unit.start, unit.end, unit, 0), limit)
            continue
        for index, para in enumerate(paras):
            if text[para.start:para.end].strip():
                yield from _pieces(text, Segment(para.start, para.end, unit, index), limit)


def _pieces(text: str, segment: Segment, limit: int) -> Iterator[Segment]:
    """`segment`, or, when longer than `limit`, pieces of it cut after sentence ends."""
    start, end = segment.start, segment.end
    while end - start > limit:
        cut = _cut(text, start, start + limit)
        yield Segment(start, cut, segment.unit, segment.para_index)
        start = cut
    yield Segment(start, end, segment.unit, segment.para_index)


def _cut(text: str, start: int, stop: int) -> int:
    """The last sentence end (or else space) in text[start:stop], past its first half."""
    middle = start + (stop - start) // 2
    ends = [found.end() for found in _SENTENCE_END.finditer(text, middle, stop)]
    if ends:
        return ends[-1]
    space = text.rfind(" ", middle, stop)
    return space + 1 if space != -1 else stop


class ParagraphDocs:
    """The docs of a document's segments, made on demand and kept within `CACHED_TOKENS`."""

    def __init__(self, nlp: Language, text: str, bounds: Iterable[tuple[int, int]], *,
                 budget: int | None = None) -> None:
        self._nlp = nlp
        self.text = text
        # where each segment starts and ends, as machine integers (a tuple of two ints per
        # segment was about 120 bytes, held for the whole review)
        self._starts, self._ends = array("q"), array("q")
        for start, end in bounds:
            self._starts.append(start)
            self._ends.append(end)
        self._budget = CACHED_TOKENS if budget is None else budget
        self._cache: OrderedDict[int, Doc] = OrderedDict()
        self._tokens = 0
        self.made_tokens = 0  # tokens the pipeline made, rebuilt docs included

    def keep(self, index: int, doc: Doc) -> None:
        """Hold the doc of segment `index` (as the first pass made it)."""
        doc.user_data[SEGMENT_KEY] = index
        self._cache[index] = doc
        self._tokens += len(doc) + DOC_OVERHEAD
        self.made_tokens += len(doc)
        while self._tokens > self._budget and len(self._cache) > 1:
            _, old = self._cache.popitem(last=False)
            self._tokens -= len(old) + DOC_OVERHEAD

    def doc(self, index: int) -> Doc:
        """The doc of segment `index`, rebuilt from the text if it was let go."""
        doc = self._cache.get(index)
        if doc is not None:
            self._cache.move_to_end(index)
            return doc
        doc = self._nlp(self.text[self._starts[index]:self._ends[index]])
        self.keep(index, doc)
        return doc

    @property
    def held_docs(self) -> int:
        return len(self._cache)

    @property
    def held_tokens(self) -> int:
        """The docs held, in tokens, each doc's overhead included."""
        return self._tokens
