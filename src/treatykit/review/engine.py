"""Analyse a document: structure, sentences, cue hits, and how strongly each hit binds."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from spacy.tokens import Doc, Span

from treatykit.review.nlp import lemma_doc, make_nlp
from treatykit.review.numbers import Quantity, find_quantities
from treatykit.review.paragraphs import SEGMENT_KEY, ParagraphDocs, segments
from treatykit.review.recognisers import Compiled, Recogniser
from treatykit.review.scope import (
    applies_to_investment,
    in_investment_chapter,
    investment_chapters,
)
from treatykit.review.structure import Document, Unit, parse_structure
from treatykit.review.unglue import unglue

_NOTHING_RE = re.compile(r"^\W*nothing in (this|the present) (agreement|treaty|article|"
                         r"chapter|section|protocol|annex)\b.{0,80}?\b(require|oblige|obligate|"
                         r"compel)", re.I)
_PROHIBITIONS = ("shall not", "may not", "must not")
# a list introduced by "shall not" prohibits, unless the double negative grants ("a Party shall
# not be prevented from adopting: (a) ...")
_CHAPEAU_PROHIBITS = re.compile(r"\b(shall|may|must) not\b(?! be (?:prevented|precluded|"
                                r"construed|interpreted)\b| prevent\b| preclude\b)")
# A clause named as the condition of a change ("If GATS Article XIV is amended, this Article
# shall be amended"; "In the event that the ICSID Convention is replaced, ..."): a reference
# to that clause, not the clause itself.
_CHANGE_CONDITION = re.compile(
    r"^\W*(?:\d[\d-]*\s+)?(?:if|where|when|should|once|in the event (?:that|of))\b[^,;:]{0,200}?"
    r"\b(?:is|are|be|being|has been|have been)\s+(?:\w+\s+)?(?:amended|modified|revised|"
    r"replaced|superseded)\b", re.I)


@dataclass(frozen=True)
class Modality:
    """How a sentence binds with respect to one cue in it."""

    strength: int  # 0 (negated) .. 5 (shall / must)
    marker: str  # the modal phrase that decided, or "(declarative)"
    negated: bool = False
    negation: str = ""
    prohibition: bool = False
    dilutions: tuple[str, ...] = ()
    # a prohibition of the harm the provision forbids ("shall not be expropriated except ..."):
    # the provision itself, so not counted as `prohibition`
    protects: bool = False


@dataclass(eq=False, slots=True)
class Sentence:
    """A sentence of the document with its place in the structure.

    Its span is taken from its paragraph's doc when asked for: the docs of a long document are
    not all held in memory (see review/paragraphs.py)."""

    start: int  # character offsets in Document.text
    end: int
    unit: Unit
    para_index: int
    index: int  # position in Analysis.sentences
    segment: int  # the paragraph (or piece of one) whose doc holds it
    token_start: int  # in that doc
    token_end: int
    docs: ParagraphDocs
    _text: str | bool | None = None  # True: the same as written

    @property
    def span(self) -> Span:
        return self.docs.doc(self.segment)[self.token_start:self.token_end]

    @property
    def raw(self) -> str:
        """The sentence as written (`span.text`), without making its paragraph's doc."""
        return self.docs.text[self.start:self.end]

    @property
    def text(self) -> str:
        """The sentence with its whitespace collapsed (read often: computed once, and kept
        only where it differs from the sentence as written; a copy of every sentence was
        most of what a long text held besides the text itself)."""
        if self._text is None:
            raw = self.raw
            collapsed = " ".join(raw.split())
            self._text = True if collapsed == raw else collapsed
        return self._text if isinstance(self._text, str) else self.raw


@dataclass(slots=True)  # a long text has hundreds of thousands
class Hit:
    """One cue (or aspect cue, or exclusion) matched in a sentence."""

    provision: str
    kind: str  # "cue", "exclude", "aspect:<name>"
    cue: str
    sentence: Sentence
    token_start: int  # in sentence.span.doc
    token_end: int
    at: int = -1  # characters from the sentence's start to the hit's (-1: not yet known)

    @property
    def text(self) -> str:
        return self.sentence.span.doc[self.token_start:self.token_end].text

    def offset(self) -> int:
        """Where the hit starts in its sentence, in characters; known from the paragraph's
        doc when the hit was found, so grading need not rebuild an evicted doc for it."""
        if self.at < 0:
            span = self.sentence.span
            self.at = span.doc[self.token_start].idx - span.start_char
        return self.at


@dataclass
class Analysis:
    """A parsed document with every cue, marker and forum found in it."""

    document: Document
    sentences: list[Sentence]
    hits: dict[str, list[Hit]]
    compiled: Compiled
    _markers: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)
    _exclusions: dict[tuple[str, str], set[int]] = field(default_factory=dict)
    # what review/effect.py reads once per document (non-binding units, lifting sentences)
    memo: dict[str, Any] = field(default_factory=dict)

    def hits_for(self, provision: str, kind: str = "cue") -> list[Hit]:
        return [h for h in self.hits.get(provision, []) if h.kind == kind]

    def candidates(self, recogniser: Recogniser, *, match: str = "operative",
                   aspect: str | None = None) -> list[Hit]:
        """Hits that may satisfy a requirement on this provision.

        `match` is the playbook's: operative (the provision's own scope), mention (anywhere
        outside title and preamble) or preamble. Excluded sentences, weak cues outside a
        matching article, articles whose heading rules the provision out, and clauses that do
        not reach the investment chapter of a larger agreement are dropped. With `aspect`,
        the aspect's hits (or named forums) where the provision is found.
        """
        hits = [h for h in self.hits_for(recogniser.provision)
                if self._keep(h, recogniser, match)]
        if aspect:
            return self._aspect_hits(recogniser, aspect, hits, match)
        return hits

    def _keep(self, hit: Hit, recogniser: Recogniser, match: str) -> bool:
        unit = hit.sentence.unit
        if not self._in_match_scope(hit, recogniser, match) or self._excluded(hit, recogniser):
            return False
        if self.in_change_condition(hit):
            return False
        if hit.cue in recogniser.weak_cues and not self.heading_matches(unit, recogniser):
            return False
        if recogniser.not_headings and self.heading_matches(unit, recogniser, negative=True) \
                and not self.heading_matches(unit, recogniser):
            return False  # ("General and Security Exceptions" is still a general exception)
        return self._in_chapter_scope(hit, recogniser)

    def _in_chapter_scope(self, hit: Hit, recogniser: Recogniser) -> bool:
        """Inside the investment chapter, or reaching it, as the provision's (or the cue's)
        data asks."""
        scope = recogniser.chapter_scope
        if hit.kind == "cue":
            scope = recogniser.cue_chapter_scopes.get(hit.cue, scope)
        if scope == "investment":
            return self.in_investment_chapter(hit.sentence)
        return not scope or self.reaches_investment(hit.sentence)

    def _in_match_scope(self, hit: Hit, recogniser: Recogniser, match: str) -> bool:
        kind = hit.sentence.unit.kind
        if match == "preamble":
            return kind == "preamble"
        if match == "mention":
            return kind not in ("preamble", "title")
        return self.in_scope(hit, recogniser)

    def in_change_condition(self, hit: Hit) -> bool:
        """Is the hit inside a leading "if X is amended" clause (a reference to X)?"""
        found = _CHANGE_CONDITION.match(hit.sentence.raw)
        if found is None:  # most sentences: no need for the paragraph's doc
            return False
        return hit.offset() < found.end()

    def _excluded(self, hit: Hit, recogniser: Recogniser) -> bool:
        """Excluded by its own sentence or, for a list item, by the introducing sentence ("The
        Parties shall enter into discussions on: (a) most-favoured-nation treatment")."""
        excluded = self._excluded_sentences(recogniser.provision)
        if id(hit.sentence) in excluded:
            return True
        chapeau = self._chapeau(hit.sentence) if excluded else None
        return chapeau is not None and id(chapeau) in excluded

    def _excluded_sentences(self, provision: str) -> set[int]:
        return self.excluded_sentences(provision, "exclude")

    def excluded_sentences(self, provision: str, kind: str) -> set[int]:
        """Ids of the sentences that exclusions of `kind` ("exclude", "aspect-exclude:<name>")
        rule out: their own, or their whole paragraph where the exclusion says so."""
        key = (provision, kind)
        if key not in self._exclusions:
            recogniser = self.compiled.recognisers.get(provision)
            wide = recogniser.paragraph_excludes if recogniser else frozenset()
            found: set[int] = set()
            for hit in self.hits_for(provision, kind):
                if (kind, hit.cue) in wide:
                    found |= {id(s) for s in self.paragraph_sentences(hit.sentence)}
                found.add(id(hit.sentence))
            self._exclusions[key] = found
        return self._exclusions[key]

    def _aspect_hits(self, recogniser: Recogniser, aspect: str, hits: list[Hit],
                     match: str) -> list[Hit]:
        kind = recogniser.aspects.get(aspect)
        if kind is None:
            return []
        units = {id(h.sentence.unit) for h in hits}
        if kind.startswith("forum:"):
            forum = kind.split(":", 1)[1]
            sentences = [s for s in self.sentences if id(s.unit) in units]
            return [Hit(recogniser.provision, f"aspect:{aspect}", f"forum:{forum}", s,
                        s.span.start, s.span.end)
                    for f, s, _ in self.forums(sentences) if f == forum]
        anywhere = aspect in recogniser.anywhere_aspects
        excluded = self.excluded_sentences(recogniser.provision, f"aspect-exclude:{aspect}")
        # an aspect counts where the provision is, and, like the provision, only where it
        # reaches investment: the health grounds of "For the purposes of Chapters 2 to 7,
        # GATT Article XX" are not those of the next paragraph's investment exception
        found = [h for h in self.hits_for(recogniser.provision, f"aspect:{aspect}")
                 if id(h.sentence) not in excluded
                 and (id(h.sentence.unit) in units and self._in_chapter_scope(h, recogniser)
                      if not anywhere else self._keep(h, recogniser, match))]
        return [h for h in found if (aspect, h.cue) not in recogniser.weak_aspect_cues
                or self.heading_matches(h.sentence.unit, recogniser)]

    def in_scope(self, hit: Hit, recogniser: Recogniser) -> bool:
        """Preamble-only, operative-only or anywhere, as the provision's data says."""
        kind = hit.sentence.unit.kind
        if recogniser.scope == "preamble":
            return kind == "preamble"
        if recogniser.scope == "operative":
            return kind not in ("preamble", "title")
        return True

    def heading_matches(self, unit: Unit, recogniser: Recogniser, *,
                        negative: bool = False) -> bool:
        """Does the unit's heading contain one of the provision's (or its excluding) headings?"""
        wanted = recogniser.not_headings if negative else recogniser.headings
        if not unit.heading or not wanted:
            return False
        variants = _heading_variants(self.lemmas(unit.heading))
        return any(f" {h} " in v for v in variants for h in wanted)

    def lemmas(self, text: str) -> str:
        """`text` as lower-cased lemmas (headings are asked about again and again: kept)."""
        memo = self.memo.setdefault("lemmas", {})
        if text not in memo:
            memo[text] = " ".join(t.lemma_ for t in lemma_doc(text.lower()))
        return memo[text]  # type: ignore[no-any-return]

    @cached_property
    def investment_chapters(self) -> dict[str, str]:
        """Chapter number -> heading of the chapters about investment (empty for a BIT)."""
        return investment_chapters(self.document)

    def reaches_investment(self, sentence: Sentence) -> bool:
        """Does the clause of `sentence` apply to investment? (See review/scope.py.)"""
        context = [s.text for s in self.numbered_paragraph(sentence)]
        return applies_to_investment(sentence.unit, context, self.investment_chapters)

    def numbered_paragraph(self, sentence: Sentence) -> list[Sentence]:
        """The sentences of `sentence`'s numbered paragraph, sub-paragraphs included ("1. For
        purposes of: (a) Part Two ...; (b) Part Three ..., Article XX of GATT is incorporated")."""
        paras = sentence.unit.paragraphs
        if not paras or sentence.para_index >= len(paras) or not paras[sentence.para_index].number:
            return self.paragraph_sentences(sentence)
        key = (id(sentence.unit), paras[sentence.para_index].number)
        return list(self.by_number.get(key, []))

    @cached_property
    def by_number(self) -> dict[tuple[int, str], list[Sentence]]:
        """Sentences by (unit, paragraph number): a numbered paragraph without scanning its
        unit, which for a text without article headings is the whole text."""
        grouped: dict[tuple[int, str], list[Sentence]] = {}
        for sentence in self.sentences:
            paras = sentence.unit.paragraphs
            if paras and sentence.para_index < len(paras):
                key = (id(sentence.unit), paras[sentence.para_index].number)
                grouped.setdefault(key, []).append(sentence)
        return grouped

    def in_investment_chapter(self, sentence: Sentence) -> bool:
        """Inside the investment chapter(s), or anywhere when the agreement has none."""
        return in_investment_chapter(sentence.unit, self.investment_chapters)

    def markers(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Lexicon matches (modal, dilution, negation, forum) in one paragraph doc."""
        key = doc.user_data.get(SEGMENT_KEY, -id(doc))  # a paragraph's doc may be rebuilt
        if key not in self._markers:
            lexicon = self.compiled.lexicon
            vocab = doc.vocab.strings
            found = [(vocab[m], s, e) for m, s, e in lexicon.phrases(doc)]
            found += [(vocab[m], s, e) for m, s, e in lexicon.matcher(doc)]
            self._markers[key] = sorted(found, key=lambda x: (x[1], -x[2]))
        return self._markers[key]

    def _sentence_marks(self, sentence: Sentence) -> list[tuple[str, int, int]]:
        marks = self._markers.get(sentence.segment)  # without the doc when already read
        if marks is None:
            marks = self.markers(sentence.span.doc)
        start, end = sentence.token_start, sentence.token_end
        return [m for m in marks if start <= m[1] and m[2] <= end]

    def modality(self, hit: Hit) -> Modality:
        """Strength, negation, prohibition and dilution governing `hit`."""
        sentence = hit.sentence
        marks = self._sentence_marks(sentence)
        dilutions = _dilutions(marks, hit)
        negation = self._negation(hit, marks)
        if negation:
            return Modality(0, negation, negated=True, negation=negation, dilutions=dilutions)
        modal = self._governing_modal(marks, hit) or self._chapeau_modal(sentence)
        if modal is None:
            return Modality(4, "(declarative)", dilutions=dilutions)
        phrase, strength = modal
        no_party = self.compiled.lexicon.no_party
        prohibition = phrase in _PROHIBITIONS or bool(no_party.match(sentence.text)) or \
            self._chapeau_prohibits(sentence)
        recogniser = self.compiled.recognisers.get(hit.provision)
        # prohibiting restrictions on transfers guarantees them; prohibiting a taking except
        # on conditions is the expropriation clause
        protects = prohibition and recogniser is not None and \
            hit.cue in recogniser.restriction_cues
        strength = max(1, strength - len(dilutions)) if dilutions else strength
        return Modality(strength, phrase, prohibition=prohibition and not protects,
                        dilutions=dilutions, protects=protects)

    def _negation(self, hit: Hit, marks: list[tuple[str, int, int]]) -> str:
        """The phrase removing the obligation at `hit`, unless negation is the provision's form.

        Exceptions and carve-outs ("nothing in this Agreement shall be construed to require
        a Party to furnish information ... contrary to its essential security interests") are
        written as removed obligations: for them the negation is the provision itself.
        """
        recogniser = self.compiled.recognisers.get(hit.provision)
        if recogniser is not None and (recogniser.exception
                                       or hit.cue in recogniser.exception_cues):
            return ""
        negation = next((m[0].split(":", 1)[1] for m in marks if m[0].startswith("negation:")
                         and m[1] < hit.token_end), "")
        if not negation and _NOTHING_RE.search(hit.sentence.text):
            negation = "nothing in this agreement ... require"
        return negation

    def _governing_modal(self, marks: list[tuple[str, int, int]],
                         hit: Hit) -> tuple[str, int] | None:
        modals = _longest([m for m in marks if m[0].startswith("modal:")
                           and not _self_judging(hit.sentence, m)])
        # a modal inside the matched words governs them ("the Agreement shall remain in force")
        before = [m for m in modals if m[2] <= hit.token_end]
        after = [m for m in modals if m[1] >= hit.token_end]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen is None:
            return None
        return chosen[0].split(":", 1)[1], self.compiled.lexicon.strengths[chosen[0]]

    def chapeau(self, sentence: Sentence) -> Sentence | None:
        """For a list item, the introducing sentence of the same unit ending with ':'."""
        return self._chapeau(sentence)

    def _chapeau(self, sentence: Sentence) -> Sentence | None:
        """For a list item, the introducing sentence of the same unit ending with ':'."""
        for prior in reversed(self.sentences[max(0, sentence.index - 12):sentence.index]):
            if prior.unit is not sentence.unit:
                return None
            if prior.text.rstrip().endswith(":"):
                return prior
        return None

    def _chapeau_modal(self, sentence: Sentence) -> tuple[str, int] | None:
        """For a list item, the modal of the introducing sentence ending with ':'."""
        prior = self._chapeau(sentence)
        if prior is None:
            return None
        modals = _longest([m for m in self._sentence_marks(prior) if m[0].startswith("modal:")])
        if not modals:
            return None
        last = modals[-1][0]
        return last.split(":", 1)[1], self.compiled.lexicon.strengths[last]

    def _chapeau_prohibits(self, sentence: Sentence) -> bool:
        prior = self._chapeau(sentence)
        return prior is not None and bool(self.compiled.lexicon.no_party.match(prior.text) or
                                          _CHAPEAU_PROHIBITS.search(prior.text))

    def forums(self, sentences: list[Sentence]) -> list[tuple[str, Sentence, str]]:
        """Named forums in `sentences`: (forum id, sentence, matched text)."""
        found = []
        for sentence in sentences:
            span = sentence.span
            marks = [m for m in self._sentence_marks(sentence) if m[0].startswith("forum:")]
            institutions = [m for m in marks if not m[0].startswith("forum:domestic_courts")]
            for name, start, end in marks:
                forum = name.split(":")[1]
                if forum == "domestic_courts" and any(s < end and start < e
                                                      for _, s, e in institutions):
                    continue
                if self._other_procedure(span, end):
                    continue
                found.append((forum, sentence, span.doc[start:end].text))
        return found

    def _other_procedure(self, span: Span, end: int) -> bool:
        """ "the ICSID Mediation Rules": a forum's name that names another procedure's rules."""
        words = {t.lower_ for t in span.doc[end:min(end + 3, span.end)]}
        return bool(words & self.compiled.lexicon.not_forum_after)

    def quantities(self, sentence: Sentence) -> list[Quantity]:
        return find_quantities(sentence.span.text)

    @cached_property
    def by_unit(self) -> dict[int, list[Sentence]]:
        grouped: dict[int, list[Sentence]] = {}
        for sentence in self.sentences:
            grouped.setdefault(id(sentence.unit), []).append(sentence)
        return grouped

    def unit_sentences(self, unit: Unit) -> list[Sentence]:
        return self.by_unit.get(id(unit), [])

    @cached_property
    def segment_of(self) -> array[int]:
        """Each sentence's segment, in order: a paragraph's sentences follow each other, so
        they are a slice of `sentences` found by bisection (8 bytes a sentence, where a list
        per paragraph held the whole review cost about 200 bytes a paragraph)."""
        return array("q", (sentence.segment for sentence in self.sentences))

    def paragraph_sentences(self, sentence: Sentence) -> list[Sentence]:
        """The sentences of `sentence`'s paragraph (one doc of the pipeline)."""
        segments = self.segment_of
        first = bisect_left(segments, sentence.segment)
        return self.sentences[first:bisect_right(segments, sentence.segment, first)]


def _dilutions(marks: list[tuple[str, int, int]], hit: Hit) -> tuple[str, ...]:
    """Qualifiers of the sentence that weaken `hit`. One that follows the hit and leads into a
    modal of its own qualifies that later clause instead: in "shall publish its laws and, to
    the extent possible, shall give interested persons an opportunity to comment", the
    publication is binding and only the comment period is diluted."""
    modals = [m[1] for m in marks if m[0].startswith("modal:")]
    found = [name.split(":", 1)[1] for name, start, end in marks
             if name.startswith("dilution:")
             and not (start >= hit.token_end and any(0 <= m - end <= 3 for m in modals))]
    return tuple(dict.fromkeys(found))


def _self_judging(sentence: Sentence, mark: tuple[str, int, int]) -> bool:
    """"measures that it considers necessary": a Party's own judgment, not a weak modal."""
    return mark[0] == "modal:consider" and mark[1] > 0 and \
        sentence.span.doc[mark[1] - 1].lower_ in ("it", "they", "party")


_COORDINATED = re.compile(r"\b([\w-]+) (?:and|or) ([\w-]+) ([\w-]+)\b")


def _heading_variants(lemmas: str) -> list[str]:
    """A heading and its coordinated halves: "general and security exception" also reads as
    "general exception" and "security exception"."""
    variants = [f" {lemmas} "]
    for match in _COORDINATED.finditer(lemmas):
        for word in (match.group(1), match.group(2)):
            variants.append(" " + lemmas[:match.start()] + f"{word} {match.group(3)}"
                            + lemmas[match.end():] + " ")
    return variants


def _longest(marks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop markers contained in a longer one ("shall" inside "shall endeavour")."""
    kept: list[tuple[str, int, int]] = []
    for mark in sorted(marks, key=lambda m: (m[1], -(m[2] - m[1]))):
        if kept and mark[1] < kept[-1][2]:
            continue
        kept.append(mark)
    return kept


# No-break and other typographic spaces as plain spaces (one character for one, so offsets
# hold): "fair\u00a0and\u00a0equitable" in a PDF or web export is still "fair and equitable".
_SPACES = str.maketrans({c: " " for c in "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                         "\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"})
_ODD_SPACES = re.compile("[" + "".join(chr(c) for c in _SPACES) + "]")


def analyse(text: str, compiled: Compiled, *, source: str = "<text>") -> Analysis:
    """Parse `text`, split it into sentences and record every cue hit.

    The pipeline runs paragraph by paragraph; only sentence offsets and hits are kept for the
    whole text, the paragraph docs within a fixed budget (review/paragraphs.py)."""
    if _ODD_SPACES.search(text):  # else no copy of the text (50 MB for a 50 MB text)
        text = text.translate(_SPACES)
    text = unglue(text, compiled.lexicon.glued_words)
    document = parse_structure(text, source)
    nlp = make_nlp()
    parts = list(segments(document))
    docs = ParagraphDocs(nlp, text, ((p.start, p.end) for p in parts))
    sentences: list[Sentence] = []
    hits: dict[str, list[Hit]] = {}
    pipe = nlp.pipe((text[p.start:p.end] for p in parts), batch_size=256)
    for index, (part, doc) in enumerate(zip(parts, pipe, strict=True)):
        doc_sentences = [Sentence(part.start + sent.start_char, part.start + sent.end_char,
                                  part.unit, part.para_index, len(sentences) + i, index,
                                  sent.start, sent.end, docs)
                         for i, sent in enumerate(doc.sents)]
        sentences.extend(doc_sentences)
        _record_hits(doc, doc_sentences, compiled, hits)
        docs.keep(index, doc)
    return Analysis(document, sentences, hits, compiled)


def _record_hits(doc: Doc, sentences: list[Sentence], compiled: Compiled,
                 hits: dict[str, list[Hit]]) -> None:
    strings = doc.vocab.strings
    matches = [(strings[m], s, e) for m, s, e in compiled.phrases(doc)] + compiled.matcher(doc)
    starts = [s.token_start for s in sentences]
    for key, start, end in sorted(matches, key=lambda m: (m[1], m[2])):
        provision, kind, cue = _key_parts(key)
        index = _bisect(starts, start)
        if index is not None:
            sentence = sentences[index]
            at = doc[start].idx - doc[sentence.token_start].idx
            hits.setdefault(provision, []).append(Hit(provision, kind, cue, sentence, start, end,
                                                      at))


@lru_cache(maxsize=65_536)
def _key_parts(key: str) -> tuple[str, str, str]:
    """(provision, kind, cue) of a match key, one string each for all hits of a long text."""
    provision, kind, cue = key.split("|", 2)
    return provision, kind, cue


def _bisect(starts: list[int], token: int) -> int | None:
    from bisect import bisect_right

    index = bisect_right(starts, token) - 1
    return index if index >= 0 else None
