"""Analyse a document: structure, sentences, cue hits, and how strongly each hit binds."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from spacy.tokens import Doc, Span

from treatykit.review.nlp import make_nlp
from treatykit.review.numbers import Quantity, find_quantities
from treatykit.review.recognisers import Compiled, Recogniser
from treatykit.review.structure import Document, Unit, parse_structure

_NOTHING_RE = re.compile(r"^\W*nothing in (this|the present) (agreement|treaty|article|chapter|"
                         r"section|protocol|annex)\b.{0,80}?\b(require|oblige|obligate|compel)", re.I)
_NO_PARTY_RE = re.compile(r"^\W*(no|neither)\s+(contracting\s+)?party\s+(shall|may)\b", re.I)


@dataclass(frozen=True)
class Modality:
    """How a sentence binds with respect to one cue in it."""

    strength: int  # 0 (negated) .. 5 (shall / must)
    marker: str  # the modal phrase that decided, or "(declarative)"
    negated: bool = False
    negation: str = ""
    prohibition: bool = False
    dilutions: tuple[str, ...] = ()


@dataclass
class Sentence:
    """A sentence of the document with its place in the structure."""

    span: Span
    start: int  # character offsets in Document.text
    end: int
    unit: Unit
    para_index: int

    @property
    def text(self) -> str:
        return " ".join(self.span.text.split())


@dataclass
class Hit:
    """One cue (or aspect cue, or exclusion) matched in a sentence."""

    provision: str
    kind: str  # "cue", "exclude", "aspect:<name>"
    cue: str
    sentence: Sentence
    token_start: int  # in sentence.span.doc
    token_end: int

    @property
    def text(self) -> str:
        return self.sentence.span.doc[self.token_start:self.token_end].text


@dataclass
class Analysis:
    """A parsed document with every cue, marker and forum found in it."""

    document: Document
    sentences: list[Sentence]
    hits: dict[str, list[Hit]]
    compiled: Compiled
    _markers: dict[int, list[tuple[str, int, int]]] = field(default_factory=dict)

    def hits_for(self, provision: str, kind: str = "cue") -> list[Hit]:
        return [h for h in self.hits.get(provision, []) if h.kind == kind]

    def in_scope(self, hit: Hit, recogniser: Recogniser) -> bool:
        """Preamble-only, operative-only or anywhere, as the provision's data says."""
        kind = hit.sentence.unit.kind
        if recogniser.scope == "preamble":
            return kind == "preamble"
        if recogniser.scope == "operative":
            return kind not in ("preamble", "title")
        return True

    def heading_matches(self, unit: Unit, recogniser: Recogniser) -> bool:
        if not unit.heading or not recogniser.headings:
            return False
        lemmas = " " + self.lemmas(unit.heading) + " "
        return any(f" {h} " in lemmas for h in recogniser.headings)

    def lemmas(self, text: str) -> str:
        from treatykit.review.nlp import lemma_doc

        return " ".join(t.lemma_ for t in lemma_doc(text.lower()))

    def markers(self, doc: Doc) -> list[tuple[str, int, int]]:
        """Lexicon matches (modal, dilution, negation, forum) in one paragraph doc."""
        key = id(doc)
        if key not in self._markers:
            lexicon = self.compiled.lexicon
            vocab = doc.vocab.strings
            found = [(vocab[m], s, e) for m, s, e in lexicon.phrases(doc)]
            found += [(vocab[m], s, e) for m, s, e in lexicon.matcher(doc)]
            self._markers[key] = sorted(found, key=lambda x: (x[1], -x[2]))
        return self._markers[key]

    def modality(self, hit: Hit) -> Modality:
        """Strength, negation, prohibition and dilution governing `hit`."""
        sentence = hit.sentence
        span = sentence.span
        marks = [m for m in self.markers(span.doc) if span.start <= m[1] and m[2] <= span.end]
        dilutions = tuple(dict.fromkeys(m[0].split(":", 1)[1] for m in marks
                                        if m[0].startswith("dilution:")))
        negation = next((m[0].split(":", 1)[1] for m in marks if m[0].startswith("negation:")
                         and m[1] < hit.token_end), "")
        if not negation and _NOTHING_RE.search(sentence.text):
            negation = "nothing in this agreement ... require"
        if negation:
            return Modality(0, negation, negated=True, negation=negation, dilutions=dilutions)
        modal = self._governing_modal(marks, hit) or self._chapeau_modal(sentence)
        if modal is None:
            return Modality(4, "(declarative)", dilutions=dilutions)
        phrase, strength = modal
        prohibition = phrase in ("shall not", "may not", "must not") or \
            bool(_NO_PARTY_RE.match(sentence.text))
        strength = max(1, strength - len(dilutions)) if dilutions else strength
        return Modality(strength, phrase, prohibition=prohibition, dilutions=dilutions)

    def _governing_modal(self, marks: list[tuple[str, int, int]],
                         hit: Hit) -> tuple[str, int] | None:
        modals = _longest([m for m in marks if m[0].startswith("modal:")])
        before = [m for m in modals if m[2] <= hit.token_start]
        after = [m for m in modals if m[1] >= hit.token_end]
        chosen = before[-1] if before else (after[0] if after else None)
        if chosen is None:
            return None
        return chosen[0].split(":", 1)[1], self.compiled.lexicon.strengths[chosen[0]]

    def _chapeau_modal(self, sentence: Sentence) -> tuple[str, int] | None:
        """For a list item, the modal of the introducing sentence ending with ':'."""
        index = self.sentences.index(sentence)
        for prior in reversed(self.sentences[max(0, index - 12):index]):
            if prior.unit is not sentence.unit:
                return None
            if prior.text.rstrip().endswith(":"):
                marks = [m for m in self.markers(prior.span.doc)
                         if prior.span.start <= m[1] and m[2] <= prior.span.end]
                modals = _longest([m for m in marks if m[0].startswith("modal:")])
                if modals:
                    last = modals[-1][0]
                    return last.split(":", 1)[1], self.compiled.lexicon.strengths[last]
                return None
        return None

    def forums(self, sentences: list[Sentence]) -> list[tuple[str, Sentence, str]]:
        """Named forums in `sentences`: (forum id, sentence, matched text)."""
        found = []
        for sentence in sentences:
            span = sentence.span
            marks = [m for m in self.markers(span.doc) if m[0].startswith("forum:")
                     and span.start <= m[1] and m[2] <= span.end]
            institutions = [m for m in marks if not m[0].startswith("forum:domestic_courts")]
            for name, start, end in marks:
                forum = name.split(":")[1]
                if forum == "domestic_courts" and any(s < end and start < e
                                                      for _, s, e in institutions):
                    continue
                found.append((forum, sentence, span.doc[start:end].text))
        return found

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

    def paragraph_sentences(self, sentence: Sentence) -> list[Sentence]:
        return [s for s in self.unit_sentences(sentence.unit)
                if s.span.doc is sentence.span.doc]


def _longest(marks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Drop markers contained in a longer one ("shall" inside "shall endeavour")."""
    kept: list[tuple[str, int, int]] = []
    for mark in sorted(marks, key=lambda m: (m[1], -(m[2] - m[1]))):
        if kept and mark[1] < kept[-1][2]:
            continue
        kept.append(mark)
    return kept


def analyse(text: str, compiled: Compiled, *, source: str = "<text>") -> Analysis:
    """Parse `text`, split it into sentences and record every cue hit."""
    document = parse_structure(text, source)
    nlp = make_nlp()
    segments = list(_segments(document))
    sentences: list[Sentence] = []
    hits: dict[str, list[Hit]] = {}
    docs = nlp.pipe((text[s:e] for s, e, _, _ in segments), batch_size=256)
    for (start, _end, unit, para_index), doc in zip(segments, docs):
        doc_sentences = [Sentence(sent, start + sent.start_char, start + sent.end_char, unit,
                                  para_index) for sent in doc.sents]
        sentences.extend(doc_sentences)
        _record_hits(doc, doc_sentences, compiled, hits)
    return Analysis(document, sentences, hits, compiled)


def _segments(document: Document):  # type: ignore[no-untyped-def]
    """(start, end, unit, paragraph index) for each non-empty paragraph of each unit."""
    for unit in document.units:
        paras = unit.paragraphs or []
        if not paras:
            yield unit.start, unit.end, unit, 0
            continue
        for index, para in enumerate(paras):
            if document.text[para.start:para.end].strip():
                yield para.start, para.end, unit, index


def _record_hits(doc: Doc, sentences: list[Sentence], compiled: Compiled,
                 hits: dict[str, list[Hit]]) -> None:
    strings = doc.vocab.strings
    matches = list(compiled.phrases(doc)) + list(compiled.matcher(doc))
    for match_id, start, end in sorted(matches, key=lambda m: (m[1], m[2])):
        provision, kind, cue = strings[match_id].split("|", 2)
        sentence = next((s for s in sentences if s.span.start <= start < s.span.end), None)
        if sentence is not None:
            hits.setdefault(provision, []).append(Hit(provision, kind, cue, sentence, start, end))
