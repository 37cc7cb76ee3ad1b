"""Net legal effect: what acts on a provision's statements, and the status that leaves.

A verdict flows one way. review/findings.py gathers the provision's statements (every cue
hit, graded for modality and bearer) and the statements of each element the requirement
lists; this module reads what acts on them and returns the status with every modifier that
decided it:

* a statement's own modifiers: a condition that hands the duty to someone's consent or
  discretion, a non-binding container (an annex "for information only"), an acknowledgement
  instead of an undertaking, a definition;
* the provision's modifiers: a condition on any of its statements or on its whole article,
  an override anywhere in the document ("Notwithstanding Article 7, nothing in this
  Agreement shall require ..."), a side sentence standing in for a provision that has no
  article of its own;
* its elements, each of which must be present in binding operative text.

Overrides are read in review/overrides.py, and the data values (statements, modifiers,
vocabularies) live in review/modifiers.py. The vocabularies are data (review/effect.yaml);
docs/review.md explains the model.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from treatykit.review.bearers import BOTH, HOST, INVESTOR, PARTNER, Parties, find_actor
from treatykit.review.engine import Analysis, Hit, Sentence
from treatykit.review.modifiers import (
    RANK,
    Candidate,
    Modifier,
    Verdict,
    about_other,
    modifier,
    search,
    vocabulary,
)
from treatykit.review.overrides import names, overrides
from treatykit.review.playbooks import Element
from treatykit.review.recognisers import Recogniser
from treatykit.review.structure import Unit

__all__ = ["Candidate", "Modifier", "Verdict", "judge", "qualify", "condition_words",
           "non_binding_marker", "refers_elsewhere", "as_dicts"]
# -- the statement's own modifiers --------------------------------------------------------------

def qualify(analysis: Analysis, candidate: Candidate, polarity: str, *, bears: str = "any",
            parties: Parties | None = None) -> Candidate:
    """Lower a statement for what acts on it in its own sentence, list chapeau and article;
    `bears` is who the mandate needs bound (it tells whose will a condition hands the duty
    to)."""
    candidate.base = candidate.base or candidate.status
    if candidate.status != "present":
        return candidate
    holder = Holder(obligor_side(bears, candidate.bearer.kind), parties or Parties())
    found = (_container(analysis, candidate.hit, polarity)
             or _condition(analysis, candidate.hit.sentence, polarity, holder))
    if found is not None:
        candidate.modifiers.append(found)
        candidate.status = "weak"
        candidate.reason = _reason(found)
    return candidate


def _reason(modifier: Modifier) -> str:
    what = {"condition": "conditional on", "container": "not binding:",
            "definition": "a definition:", "acknowledgement": "acknowledged, not undertaken:",
            "side": "only mentioned in", "override": "overridden by",
            "denial": "denied:"}
    if modifier.role == "bearer":
        return f"{modifier.words} ({modifier.location})"
    return f"{what.get(modifier.role, modifier.role)} '{modifier.words}' ({modifier.location})"


def _container(analysis: Analysis, hit: Hit, polarity: str) -> Modifier | None:
    sentence = hit.sentence
    marker = non_binding_marker(analysis, sentence.unit)
    if marker is not None:
        return Modifier("container", "weak", analysis.document.locate(sentence.start),
                        sentence.text, marker)
    vocab = vocabulary()
    aims = search(vocab.aim_headings, sentence.unit.heading)
    if aims is not None and sentence.unit.kind == "article":
        return modifier(analysis, "container", "weak", sentence,
                         f"{sentence.unit.label} ({sentence.unit.heading})")
    definition = search(vocab.definitions, sentence.text)
    if definition is not None and definition.start() > hit.offset() + len(hit.text):
        definition = None  # a duty stated before a definition it is run together with
    if definition is not None or "definition" in sentence.unit.heading.lower():
        return modifier(analysis, "definition", "weak", sentence,
                         definition.group(0) if definition else sentence.unit.heading)
    acknowledged = search(vocab.acknowledgements, sentence.text)
    cue_at = hit.offset()
    if polarity == "permission" and re.search(r"\bright\b", sentence.text, re.I):
        acknowledged = None  # "The Parties recognise the right of each Party to regulate"
    if acknowledged is not None and acknowledged.end() <= cue_at and not re.search(
            r"\band\s+(?:shall|will|must|undertakes?)\b", sentence.text[acknowledged.end():cue_at],
            re.I):
        return modifier(analysis, "acknowledgement", "weak", sentence,
                         acknowledged.group(0).strip(" .0123456789"))
    return None


def non_binding_marker(analysis: Analysis, unit: Unit) -> str | None:
    """The words marking `unit` as not binding: in its heading, in its own text, or in a
    sentence elsewhere that names it ("Annex C is for information only")."""
    memo = analysis.memo.setdefault("non_binding", {})
    if id(unit) not in memo:
        memo[id(unit)] = _find_non_binding(analysis, unit)
    return memo[id(unit)]  # type: ignore[no-any-return]


def _find_non_binding(analysis: Analysis, unit: Unit) -> str | None:
    patterns = vocabulary().non_binding
    found = search(patterns, unit.heading)
    if found:
        return found.group(0)
    own = analysis.unit_sentences(unit)
    for sentence in own[:4]:
        found = search(patterns, sentence.text)
        if found and search(vocabulary().self_reference, sentence.text):
            return found.group(0)
    if unit.kind == "annex" and unit.label:
        name = re.compile(rf"\b{re.escape(unit.label)}\b", re.I)
        for sentence, found in _non_binding_sentences(analysis):
            if sentence.unit is not unit and name.search(sentence.text):
                return found.group(0)
    return None


def _non_binding_sentences(analysis: Analysis) -> list[tuple[Sentence, re.Match[str]]]:
    """The sentences that mark something as not binding, found in one pass: each annex then
    looks only at these for its name (scanning every sentence per annex was quadratic in a
    long text with many annexes)."""
    memo = analysis.memo
    if "non_binding_sentences" not in memo:
        patterns = vocabulary().non_binding
        found = [(s, search(patterns, s.text)) for s in analysis.sentences]
        memo["non_binding_sentences"] = [(s, m) for s, m in found if m is not None]
    return memo["non_binding_sentences"]  # type: ignore[no-any-return]


@dataclass(frozen=True)
class Holder:
    """Who is bound by the duty a condition acts on, to tell whose will the condition names."""

    obligor: frozenset[str] = frozenset()
    parties: Parties = field(default_factory=Parties)


def obligor_side(bears: str, bearer: str) -> frozenset[str]:
    """The kinds of party on the side bound by a duty: the mandate's `bears`, else the
    bearer the statement names (an investor duty's side includes its home State)."""
    kind = bears if bears != "any" else bearer
    sides = {INVESTOR: {INVESTOR, PARTNER, BOTH}, HOST: {HOST, BOTH},
             PARTNER: {PARTNER, BOTH, INVESTOR}, BOTH: {HOST, PARTNER, BOTH}}
    return frozenset(sides.get(kind, set()))


def _condition(analysis: Analysis, sentence: Sentence, polarity: str,
               holder: Holder = Holder()) -> Modifier | None:
    """A condition in the sentence, or in a list chapeau above it (a condition on "Pakistan
    may make the grant conditional on an undertaking to:" reaches the milestones of item (c)
    and their own sub-items)."""
    where: Sentence | None = sentence
    for _ in range(4):  # the sentence, its chapeau, and the chapeaus above that
        if where is None:
            break
        words = condition_words(where.text, polarity, holder=holder)
        if words:
            return modifier(analysis, "condition", "weak", where, words)
        above = analysis.chapeau(where)
        where = above if above is not where else None
    return None


def condition_words(text: str, polarity: str, *, holder: Holder = Holder()) -> str:
    """The words that make `text` conditional for a requirement of `polarity` ('' if none).

    A request or choice by someone outside the bound side ("Pakistan shall issue the visa
    where the investor so requests") only sets the duty going: the one it is owed to invokes
    it. The bound side's own request or choice, and anyone's consent, approval or
    judgement, make it conditional."""
    vocab = vocabulary()
    found = next((m for pattern in vocab.consent for m in pattern.finditer(text)
                  if not _no_condition(m.group(0), polarity, holder,
                                       clause=text[m.start():m.end() + 80])), None)
    if found is None and polarity != "permission":
        found = search(vocab.discretion, text)
    return found.group(0) if found else ""


def _no_condition(words: str, polarity: str, holder: Holder, *, clause: str = "") -> bool:
    """A request by the one the duty is owed to, what both sides agree (read in the
    condition's clause), and a right exercised as its holder judges fit are no conditions."""
    return (_invoked_from_outside(words, holder)
            or search(vocabulary().mutual, clause or words) is not None
            or (polarity == "permission" and _own_side(words, holder)))


def _own_side(words: str, holder: Holder) -> bool:
    actor = find_actor(words, holder.parties)
    if actor is None:
        return _pronoun_subject(words)
    return actor[0] in holder.obligor


def _pronoun_subject(words: str) -> bool:
    """ "if it so wishes", "where they consider": the condition's subject is the bound
    party itself (not "where the respondent, in its discretion, ...")."""
    return bool(re.search(r"^\W*(?:\w+\s+){0,4}?(?:it|they)\b", words, re.I))


def _invoked_from_outside(words: str, holder: Holder) -> bool:
    if not search(vocabulary().invocations, words):
        return False
    actor = find_actor(words, holder.parties)
    if actor is None:
        return not _pronoun_subject(words)
    return actor[0] not in holder.obligor


# -- the provision's modifiers ------------------------------------------------------------------

def judge(analysis: Analysis, recogniser: Recogniser, *, polarity: str, bears: str = "any",
          statements: Sequence[Candidate], best: Candidate, start: tuple[str, str],
          elements: Sequence[tuple[Element, list[Candidate], list[Candidate]]] = ()) -> Verdict:
    """The net status of a provision from its statements, what acts on them, and its
    elements; `best` is the statement that stands for it, `start` its (status, reason) once
    its values are checked."""
    modifiers = [modifier(analysis, "statement", best.status, best.hit.sentence,
                           best.hit.text)] + best.modifiers
    status, reason = start
    home = [c for c in statements if c.heading]
    for found in (_provision_condition(analysis, polarity, home, best),
                  _denial(analysis, polarity, home),
                  _side(analysis, recogniser, statements),
                  _bearer(analysis, bears, home or list(statements))):
        if found is not None and RANK[found.effect] < RANK[status]:
            status, reason = found.effect, _reason(found)
            modifiers.append(found)
    for found in overrides(analysis, recogniser, home or list(statements), polarity=polarity):
        if RANK[found.effect] < RANK[status]:
            status, reason = found.effect, _reason(found)
        modifiers.append(found)
    for element, candidates, against in elements:
        found = _element(analysis, element, candidates, against)
        modifiers.append(found)
        if RANK[found.effect] < RANK[status]:
            status, reason = found.effect, f"the {_plain(element.aspect)} element: {found.words}"
    return Verdict(status, reason, modifiers)


def _denial(analysis: Analysis, polarity: str,
            home: Sequence[Candidate]) -> Modifier | None:
    """ "The treatment in paragraph 2 is not conditional on the following commitments": a
    statement in the provision's own article that says its defining quality is absent
    outweighs the other words that name it."""
    if polarity == "prohibition":
        return None
    pattern = vocabulary().denials
    for candidate in home:
        before = candidate.hit.sentence.text[:candidate.hit.offset()]
        found = pattern.search(before[-40:])
        if found:
            return modifier(analysis, "denial", "weak", candidate.hit.sentence,
                             f"{found.group(0).strip()} {candidate.hit.text}")
    return None


def _provision_condition(analysis: Analysis, polarity: str, home: Sequence[Candidate],
                         best: Candidate) -> Modifier | None:
    """A condition on any binding statement of the provision's own article, or a sentence
    that makes that whole article conditional."""
    for candidate in home:
        conditions = [m for m in candidate.modifiers if m.role == "condition"]
        if candidate.base == "present" and conditions and candidate is not best:
            return conditions[0]
    units = {id(c.hit.sentence.unit): c.hit.sentence.unit for c in home}
    scope = vocabulary().article_scope
    for unit in units.values():
        for sentence in analysis.unit_sentences(unit):
            found = search(scope, sentence.text)
            if found:
                # "Paragraph 1 applies only to works that the Ministry has approved": the
                # scope itself is someone's choice
                chosen = search(vocabulary().discretionary_scope, sentence.text[found.start():])
                words = condition_words(sentence.text, polarity) or \
                    (found.group(0) if chosen else "")
                if words:
                    return modifier(analysis, "condition", "weak", sentence, words)
    return _condition_from_afar(analysis, polarity, units)


def _condition_from_afar(analysis: Analysis, polarity: str,
                         units: dict[int, Unit]) -> Modifier | None:
    """ "Notwithstanding Article 42, no claim may be submitted unless the respondent has
    consented": a condition put on the provision's article from another one."""
    numbers = {u.number for u in units.values() if u.number}
    aimed = vocabulary().notwithstanding
    for sentence in _notwithstanding_sentences(analysis):
        found = aimed.search(sentence.text)
        if found and id(sentence.unit) not in units and names(found.group(1)) & numbers:
            words = condition_words(sentence.text, polarity)
            if words:
                return modifier(analysis, "condition", "weak", sentence, words)
    return None


def _notwithstanding_sentences(analysis: Analysis) -> list[Sentence]:
    memo = analysis.memo
    if "notwithstanding" not in memo:
        memo["notwithstanding"] = [s for s in analysis.sentences if s.unit.operative
                                   and "notwithstanding" in s.text.lower()]
    return memo["notwithstanding"]  # type: ignore[no-any-return]


def _bearer(analysis: Analysis, bears: str,
            statements: Sequence[Candidate]) -> Modifier | None:
    """Where the mandate names who must bear the duty, a statement that names no one ("the
    modes of transfer, which shall include ...") does not outweigh statements that put the
    duty on the wrong party: the provision needs one that names the right one."""
    if bears == "any":
        return None
    named = [c for c in statements if c.status == "present" and c.bearer.kind != "unknown"
             and not _reports_on(c) and not refers_elsewhere(c.hit)]
    wrong = [c for c in statements if c.reason.startswith("borne by")]
    if named or not wrong:
        return None
    return modifier(analysis, "bearer", "weak", wrong[0].hit.sentence, wrong[0].reason)


def refers_elsewhere(hit: Hit) -> bool:
    """ "the Protocol that the Parties shall conclude under Article 8", "the Joint Committee
    established under Article 41": the cue names a provision another article states, so the
    sentence refers to the duty instead of imposing it."""
    after = hit.sentence.text[hit.offset() + len(hit.text):]
    found = search(vocabulary().references, after)
    return found is not None and found.start() <= 80 and \
        not re.search(r"[;:]", after[:found.start()])


def _reports_on(candidate: Candidate) -> bool:
    """ "The enterprise shall report each year on its workforce and training expenditure": a
    duty to report on the provision's subject is not the duty itself, so it does not show
    who bears that duty."""
    text = candidate.hit.sentence.text[:candidate.hit.offset()]
    modals = list(re.finditer(r"\b(?:shall|must|will|undertakes? to|agrees? to)\b", text, re.I))
    return bool(modals) and bool(search(vocabulary().reporting, text[modals[-1].end():]))


def _side(analysis: Analysis, recogniser: Recogniser,
          statements: Sequence[Candidate]) -> Modifier | None:
    """Without an article of its own, a provision only mentioned in articles about other
    provisions (a closure plan in the equity article) is not there as an undertaking."""
    if not statements or recogniser.exception or any(c.heading for c in statements):
        return None  # an exception often shares an article ("Right to Regulate and Exceptions")
    binding = [c for c in statements if c.status == "present"]
    if not binding or not all(about_other(analysis, recogniser, c.hit.sentence.unit)
                              or (recogniser.headings and _mention(c)) for c in binding):
        return None
    first = binding[0].hit.sentence
    return modifier(analysis, "side", "weak", first,
                     f"{first.unit.label} ({first.unit.heading})")


def _mention(candidate: Candidate) -> bool:
    """A statement that names the provision without imposing it: a cross-reference ("the
    Joint Committee established under Article 41"), a statement of fact in an article about
    something else ("in published law"), or the provision as the actor a duty presupposes
    ("The Joint Committee shall review Annex A": a definite subject before an active verb;
    "A trust ... shall hold" creates what it names). Read only in a text whose articles have
    headings, where the provision could have had one of its own."""
    hit = candidate.hit
    if not hit.sentence.unit.heading:
        return False
    text = hit.sentence.text
    if refers_elsewhere(hit):
        return True
    if candidate.modality.marker == "(declarative)":
        return not re.search(r"\bhereby\b", text, re.I)
    before, after = text[:hit.offset()], text[hit.offset() + len(hit.text):]
    definite = hit.text.lower().startswith("the ") or \
        re.search(r"\bthe\s+(?:[\w-]+\s+){0,2}$", before[-40:], re.I)
    modal = re.match(r"[^,;:]{0,40}?\b(?:shall|must|will|may)\s+(?:\w+ly\s+)?(\w+)", after, re.I)
    return bool(definite) and modal is not None and modal.group(1).lower() not in (
        "be", "not", "hereby") and not re.search(r"\b(?:shall|must|will|may)\b", before, re.I)


def _element(analysis: Analysis, element: Element, candidates: Sequence[Candidate],
             against: Sequence[Candidate]) -> Modifier:
    """An element is present when one binding statement states it and none allows the
    contrary (armed forces "may be assigned to the routine protection" of sites)."""
    contrary = [c for c in against if not c.modality.negated and not c.modality.prohibition
                and not re.search(r"\bonly\b", c.hit.sentence.text, re.I)]
    if contrary:
        sentence = contrary[0].hit.sentence
        return modifier(analysis, "element", "violates", sentence,
                         f"{_plain(element.against or '')} allowed ('{contrary[0].hit.text}')")
    if not candidates:
        return Modifier("element", "weak", "", "", f"{_plain(element.aspect)} not stated")
    qualified = next((c for c in candidates if c.modality.dilutions
                      or any(m.role == "condition" for m in c.modifiers)), None)
    if qualified is not None:  # "consultation, where practicable": the element is qualified
        words = (qualified.modality.dilutions[0] if qualified.modality.dilutions
                 else next(m.words for m in qualified.modifiers if m.role == "condition"))
        return modifier(analysis, "element", "weak", qualified.hit.sentence,
                         f"{_plain(element.aspect)} qualified by '{words}'")
    best = max(candidates, key=lambda c: (RANK[c.status], -c.hit.sentence.start))
    effect = "present" if best.status == "present" else "weak"
    words = _plain(element.aspect) if effect == "present" else \
        f"{_plain(element.aspect)}: {best.reason}"
    return modifier(analysis, "element", effect, best.hit.sentence, words)


def _plain(name: str) -> str:
    """An element's name as words ("civilian_led" -> "civilian led")."""
    return name.replace("_", " ")


def as_dicts(modifiers: Sequence[Modifier]) -> list[dict[str, Any]]:
    return [m.as_dict() for m in modifiers]
