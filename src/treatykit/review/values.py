"""Read a parameter's value from the text near the provision that states it.

A value belongs to the clause that states it: "shall remain in force for a period of fifteen
years" gives the initial term, "for a further period of fifteen years" the survival period.
So a value is looked for in the sentence of the hit first, then in its paragraph, then in its
article, and only in sentences that contain one of the words it should sit near; within a
sentence the quantity closest to (preferably after) those words wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from treatykit.review.numbers import Quantity, direction, find_quantities
from treatykit.review.recognisers import Recogniser, ValueSpec

if TYPE_CHECKING:
    from treatykit.review.engine import Analysis, Hit, Sentence

UNIT_OF_KIND = {"percent": "percent", "days": "day", "months": "month", "years": "year",
                "usd": "usd"}
_BEFORE_PENALTY = 3  # a quantity before its anchor counts as this many times further away
_NO_ANCHOR = 10_000.0  # named wording in a sentence without any anchor: the last resort


@dataclass(frozen=True)
class Reading:
    """What was read for one parameter: the value, how the text states it ("ceiling",
    "floor" or "", prefixed "granted " in a sentence that grants a right) and the sentence."""

    value: Any = None
    said: str = ""
    source: Sentence | None = None

    def direction(self, *, granted: bool = False) -> str:
        """ "ceiling", "floor" or "" (as stated). With `granted`, a limit in a sentence that
        grants a right ("may require up to ten per cent") is the extent of that right and
        reads as ""; a limit on what someone else must do (a list item of the undertaking the
        right asks for) still counts."""
        if granted and self.said.startswith("granted "):
            return ""
        return self.said.removeprefix("granted ")


def read_value(analysis: Analysis, recogniser: Recogniser, name: str, hit: Hit) -> Any:
    """The value of parameter `name` near `hit`: sentence, then paragraph, then article."""
    return read(analysis, recogniser, name, hit).value


def read(analysis: Analysis, recogniser: Recogniser, name: str, hit: Hit) -> Reading:
    """Parameter `name` read near `hit` (sentence, then paragraph, then article): its value,
    direction and the sentence it came from (none for lists of forums)."""
    spec = recogniser.values.get(name)
    if spec is None:
        return Reading()
    if spec.kind == "forum":
        units = provision_units(analysis, recogniser, hit)
        sentences = [s for s in analysis.sentences if id(s.unit) in units]
        return Reading(sorted({f for f, _, _ in analysis.forums(sentences)}))
    for window in _windows(analysis, hit):
        # the nearer of a stated number and a named value: "ten years, and thereafter for an
        # unlimited period" is 10; "shall remain in force until one Party gives notice ...,
        # and then terminate one year later" is indefinite
        found = [c for c in (_nearest_quantity(analysis, spec, window, hit),
                             _special(spec, window)) if c is not None]
        if found:
            best = min(found, key=lambda c: c[0])
            return Reading(best[1], best[2], best[3])
    return Reading()


def provision_units(analysis: Analysis, recogniser: Recogniser, hit: Hit) -> set[int]:
    """Ids of the operative units where the provision is found, plus the hit's own unit."""
    units = {id(h.sentence.unit) for h in analysis.candidates(recogniser)
             if h.sentence.unit.operative}
    return units | {id(hit.sentence.unit)}


def _windows(analysis: Analysis, hit: Hit) -> list[list[Sentence]]:
    """Sentence, paragraph, article; without the sentences the hit's aspect excludes (the
    survival clause is no place to read the initial term from)."""
    sentence = hit.sentence
    excluded: set[int] = set()
    if hit.kind.startswith("aspect:"):
        aspect = hit.kind.split(":", 1)[1]
        excluded = analysis.excluded_sentences(hit.provision, f"aspect-exclude:{aspect}")
    windows = [[sentence], analysis.paragraph_sentences(sentence),
               analysis.unit_sentences(sentence.unit)]
    return [[s for s in window if id(s) not in excluded] for window in windows]


def _special(spec: ValueSpec,
             window: list[Sentence]) -> tuple[float, str, str, Sentence] | None:
    """A named value ("indefinite") whose wording appears in the window, its distance from
    the nearest anchor (after any stated number when the sentence has no anchor), no
    direction, and the sentence it is in."""
    if not spec.special:
        return None
    best: tuple[float, str, str, Sentence] | None = None
    for sentence in window:
        text = sentence.span.text.lower()
        anchors = anchor_positions(sentence, spec.near) if spec.near else []
        for value, phrases in spec.special.items():
            for phrase in phrases:
                start = text.find(phrase)
                if start < 0:
                    continue
                distance = min((_span_distance(start, start + len(phrase), a) for a in anchors),
                               default=_NO_ANCHOR)
                if best is None or distance < best[0]:
                    best = (distance + 0.5, value, "", sentence)  # a number wins a tie
    return best


def _nearest_quantity(analysis: Analysis, spec: ValueSpec, window: list[Sentence],
                      hit: Hit) -> tuple[float, float | int, str, Sentence] | None:
    unit = UNIT_OF_KIND.get(spec.kind)
    reads_notice = any("notice" in n or "notif" in n for n in spec.near)
    best: tuple[float, float, str, Sentence] | None = None
    for sentence in window:
        anchors = anchor_positions(sentence, spec.near) if spec.near else []
        if spec.near and not anchors:
            continue
        if not anchors:
            anchors = [hit.offset() if sentence is hit.sentence else 0]
        for quantity in analysis.quantities(sentence):
            value = _convert(quantity, unit)
            if value is None or (not reads_notice and _is_notice(sentence, quantity)) \
                    or _delays_entry_into_force(sentence, quantity):
                continue
            distance = min(_distance(quantity, a) for a in anchors)
            if best is None or distance < best[0]:
                said = direction(sentence.span.text, quantity)
                if said and _GRANTS.search(sentence.span.text):
                    said = f"granted {said}"
                best = (distance, value, said, sentence)
    if best is None:
        return None
    number = int(best[1]) if float(best[1]).is_integer() else best[1]
    return best[0], number, best[2], best[3]


_NOTICE_AFTER = re.compile(r"^(?:'s|s'|')?\s+(?:(?:prior|advance|written|prior\s+written)\s+)?"
                           r"notice\b", re.I)


def _is_notice(sentence: Sentence, quantity: Quantity) -> bool:
    """ "one year's notice", "six months' written notice": a period of notice, which is no
    term of the agreement nor a survival period."""
    text = sentence.span.text
    return bool(_NOTICE_AFTER.match(text[quantity.end:quantity.end + 30]))


_ENTRY_BEFORE = re.compile(r"\benter\w*\s+into\s+force\b[^.;,]{0,30}$", re.I)


_ENDING = re.compile(r"\b(?:terminat|withdr[ae]w|denounc|denunciation)", re.I)


def _delays_entry_into_force(sentence: Sentence, quantity: Quantity) -> bool:
    """ "shall enter into force thirty days after the last notification": the delay before
    the agreement enters into force, which is no term, notice or survival period (unlike
    "such withdrawal shall enter into force 180 days after the notice")."""
    before = sentence.span.text[:quantity.start]
    return bool(_ENTRY_BEFORE.search(before[-60:])) and not _ENDING.search(before)


_GRANTS = re.compile(r"\bmay\b", re.I)


def _convert(quantity: Quantity, unit: str | None) -> float | None:
    return quantity.as_unit(unit) if unit else quantity.value


def _distance(quantity: Quantity, anchor: int) -> float:
    return _span_distance(quantity.start, quantity.end, anchor)


def _span_distance(start: int, end: int, anchor: int) -> float:
    if start >= anchor:
        return start - anchor
    return (anchor - end) * _BEFORE_PENALTY


def anchor_positions(sentence: Sentence, near: tuple[str, ...]) -> list[int]:
    """Character offsets (in the sentence) where one of the lemma phrases `near` starts."""
    span = sentence.span
    lemmas = [t.lemma_ for t in span]
    positions = []
    for phrase in near:
        words = phrase.split()
        for i in range(len(lemmas) - len(words) + 1):
            if lemmas[i:i + len(words)] == words:
                positions.append(span[i].idx - span.start_char)
    return positions


def quantities_in(sentence: Sentence) -> list[Quantity]:
    return find_quantities(sentence.span.text)
