"""Grade a document against a playbook: one finding per requirement.

A finding is data, never an exception: status (present / weak / missing / violates), where,
the sentence that decided, the cue that fired, the value read from the text, and the
library clauses that would satisfy the requirement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from treatykit.models import Clause, Library
from treatykit.review import effect
from treatykit.review.bearers import (
    PLAIN_KINDS,
    Bearer,
    Parties,
    bearer_fits,
    find_actor,
    subject_bearer,
)
from treatykit.review.effect import Candidate
from treatykit.review.engine import Analysis, Hit, Modality, Sentence
from treatykit.review.playbooks import Playbook, Requirement, amount
from treatykit.review.recognisers import Recogniser
from treatykit.review.values import Reading, read

STATUS_RANK = {"present": 3, "weak": 2, "violates": 1, "missing": 0}


@dataclass
class Finding:
    """The verdict on one requirement."""

    requirement: str
    provision: str
    severity: str
    status: str
    value: Any = None
    # the value as a reader writes it, and where it was read when that is not `location`:
    # "6 months, in Article 42(4)"
    value_words: str = ""
    location: str | None = None
    evidence: str | None = None
    cue: dict[str, Any] = field(default_factory=dict)
    suggestion: list[str] = field(default_factory=list)
    reason: str = ""
    title: str = ""
    # the net legal effect: the statement that stands for the provision and every modifier
    # that decided the status (condition, override, container, side sentence, element), each
    # {"role", "effect", "location", "words", "text"}
    effect: list[dict[str, str]] = field(default_factory=list)

    @property
    def blocking(self) -> bool:
        return self.severity == "must" and self.status != "present"


def evaluate(playbook: Playbook, analysis: Analysis, library: Library, *,
             parties: Parties | None = None, suggestions: bool = True) -> list[Finding]:
    """One finding per requirement of `playbook`, in playbook order."""
    parties = parties or playbook_parties(playbook)
    return [evaluate_requirement(r, analysis, library, playbook.stance, parties=parties,
                                 suggestions=suggestions)
            for r in playbook.requirements]


def playbook_parties(playbook: Playbook) -> Parties:
    """Host and partner names from the playbook's `parties:` (empty when it names none)."""
    from treatykit.review.bearers import host_names

    names = playbook.extra.get("parties") or {}
    return Parties(host_names(names.get("host") or []), host_names(names.get("partner") or []))


def evaluate_requirement(requirement: Requirement, analysis: Analysis, library: Library,
                         stance: str, *, parties: Parties | None = None,
                         suggestions: bool = True) -> Finding:
    """The verdict on one requirement: best candidate sentence, constraints, suggestion."""
    parties = parties or Parties()
    recogniser = analysis.compiled.recognisers.get(requirement.provision)
    finding = Finding(requirement.id, requirement.provision, requirement.severity, "missing",
                      title=requirement.title)
    hits = candidate_hits(analysis, recogniser, requirement) if recogniser else []
    if recogniser is None:
        finding.reason = f"no recognition patterns for {requirement.provision}"
    elif not hits:
        finding.reason = _missing_reason(requirement, library)
    else:
        statements = [_grade(analysis, recogniser, requirement, h, parties) for h in hits]
        operative = requirement.match == "operative"
        if operative:
            statements = [effect.qualify(analysis, c, requirement.polarity,
                                         bears=requirement.bears, parties=parties)
                          for c in statements]
        best = max(statements, key=lambda c: (STATUS_RANK[c.status], c.heading,
                                              c.modality.strength, -c.hit.sentence.start))
        _fill(finding, best, analysis)
        _apply_constraints(finding, requirement, recogniser, analysis, best)
        if operative:
            _apply_effect(finding, requirement, recogniser, analysis, statements, best,
                          parties)
    if finding.status != "present" and suggestions:
        finding.suggestion = suggest(requirement, library, stance, analysis)
    return finding


def _apply_effect(finding: Finding, requirement: Requirement, recogniser: Recogniser,
                  analysis: Analysis, statements: list[Candidate], best: Candidate,
                  parties: Parties) -> None:
    """The provision's net legal effect: what acts on its statements, and its elements."""
    elements = [(e, _element_statements(analysis, recogniser, requirement, e.aspect, statements,
                                        parties, e.polarity),
                 _element_statements(analysis, recogniser, requirement, e.against, statements,
                                     parties, "binding") if e.against else [])
                for e in requirement.elements]
    verdict = effect.judge(analysis, recogniser, polarity=requirement.polarity,
                           bears=requirement.bears, statements=statements, best=best,
                           start=(finding.status, finding.reason), elements=elements)
    finding.status, finding.reason = verdict.status, verdict.reason
    finding.effect = effect.as_dicts(verdict.modifiers)


def _element_statements(analysis: Analysis, recogniser: Recogniser, requirement: Requirement,
                        aspect: str | None, statements: list[Candidate], parties: Parties,
                        polarity: str) -> list[Candidate]:
    """The statements of one element, where the provision's own statements are."""
    units = {id(c.hit.sentence.unit) for c in statements if c.heading} or \
        {id(c.hit.sentence.unit) for c in statements}
    hits = [h for h in analysis.candidates(recogniser, match=requirement.match, aspect=aspect)
            if id(h.sentence.unit) in units and not in_heading(analysis, h.sentence)]
    ask = replace(requirement, polarity=polarity, aspect=aspect, bears="any")
    return [effect.qualify(analysis, _grade(analysis, recogniser, ask, h, parties), polarity,
                           bears=requirement.bears, parties=parties)
            for h in hits]


def _missing_reason(requirement: Requirement, library: Library) -> str:
    """Why nothing was found, in words: the provision by its title, never its id."""
    provision = library.provisions.get(requirement.provision)
    title = provision.title if provision else requirement.provision
    if title[:2].istitle():
        title = title[0].lower() + title[1:]
    if requirement.aspect:
        element = requirement.aspect.replace("_", " ")
        return f"not found: no {title} provision includes {element}"
    where = {"preamble": "the preamble", "mention": "the draft"}.get(requirement.match,
                                                                     "any operative article")
    return f"not found in {where} (looked for: {title})"


def candidate_hits(analysis: Analysis, recogniser: Recogniser,
                   requirement: Requirement) -> list[Hit]:
    """Hits that may satisfy `requirement` (the engine decides scope, exclusions, aspects).

    An article's heading names a provision but never states it, so heading lines are out.
    Where the provision has its own article (its heading matches), that article decides:
    mentions elsewhere ("the commitments ... on technology transfer", "the Protocol referred
    to in Article 8") are cross-references, not the provision.
    """
    hits = [h for h in analysis.candidates(recogniser, match=requirement.match,
                                           aspect=requirement.aspect)
            if not in_heading(analysis, h.sentence)]
    if requirement.match != "operative":
        return hits
    home = [h for h in hits if analysis.heading_matches(h.sentence.unit, recogniser)]
    return home or hits


def in_heading(analysis: Analysis, sentence: Sentence) -> bool:
    """Whether `sentence` is the heading line (or the title line under it) of its article."""
    unit = sentence.unit
    if unit.kind not in ("article", "annex"):
        return False
    text = analysis.document.text
    first_end = text.find("\n", unit.start)
    if first_end == -1 or sentence.start < first_end:
        return True
    words = " ".join(sentence.text.split()).strip(" .:*#_")
    return bool(unit.heading) and words == " ".join(unit.heading.split()).strip(" .:*#_")


def _grade(analysis: Analysis, recogniser: Recogniser, requirement: Requirement,
           hit: Hit, parties: Parties) -> Candidate:
    modality = analysis.modality(hit)
    heading = analysis.heading_matches(hit.sentence.unit, recogniser)
    if requirement.match in ("mention", "preamble"):
        return Candidate(hit, modality, "present", heading, "mentioned")
    chapeau = _chapeau(analysis, hit.sentence)
    context = hit.sentence.text if chapeau is None else f"{chapeau[0].text} {hit.sentence.text}"
    status, reason = _status(requirement.polarity, modality, context)
    bearer = find_bearer(analysis, hit, parties)
    if status == "present" and not bearer_fits(requirement.bears, bearer):
        status = "weak"
        reason = f"borne by {bearer.plain()} ('{bearer.words}'), where the mandate needs " \
                 f"{PLAIN_KINDS.get(requirement.bears, requirement.bears)} bound"
    if status == "present" and recogniser.general_scope and not heading:
        status, reason = _confined(hit, context) or (status, reason)
    return Candidate(hit, modality, status, heading, reason, bearer)


def _confined(hit: Hit, context: str) -> tuple[str, str] | None:
    """A general exception confined to the article it stands in (another subject's) is weak."""
    from treatykit.review.scope import confined_to_article

    words = confined_to_article(context)
    if not words:
        return None
    return "weak", f"confined to {hit.sentence.unit.label} ('{words}'), not the agreement"


def find_bearer(analysis: Analysis, hit: Hit, parties: Parties) -> Bearer:
    """Who the sentence (or the list chapeau it belongs to) puts the duty on.

    A sentence whose own subject names no one ("the modes of transfer, which shall include
    ...", "Part of that amount shall be applied ...") continues the one before it: its
    bearer is that of the list's chapeau or of the previous sentence of its paragraph."""
    sentence = hit.sentence
    modal = _modal_span(analysis, sentence, before=hit.token_start)
    if modal is None:
        chapeau = _chapeau(analysis, sentence)
        if chapeau is None:
            return Bearer()
        sentence, modal = chapeau
        cue_char = len(sentence.span.text)
    else:
        cue_char = sentence.span.doc[hit.token_start].idx - sentence.span.start_char
    bearer = _modal_bearer(sentence, modal, cue_char, parties)
    if bearer.kind != "unknown" or _names_someone(sentence, modal, parties):
        return bearer  # named, or a beneficiary ("investors shall be permitted to ...")
    for antecedent in _antecedents(analysis, sentence):
        if bearer.kind != "unknown":
            break
        bearer = _sentence_bearer(analysis, antecedent, parties)
    return bearer


def _antecedents(analysis: Analysis, sentence: Sentence, depth: int = 3) -> list[Sentence]:
    """The sentences a subject-less duty continues: the previous sentence of its paragraph,
    or the chapeau of its list, and theirs in turn (a few steps back at most)."""
    found: list[Sentence] = []
    while len(found) < depth:
        paragraph = analysis.paragraph_sentences(sentence)
        index = next((i for i, s in enumerate(paragraph) if s is sentence), 0)
        prior = paragraph[index - 1] if index > 0 else analysis.chapeau(sentence)
        if prior is None or prior is sentence:
            break
        found.append(prior)
        sentence = prior
    return found


def _sentence_bearer(analysis: Analysis, sentence: Sentence, parties: Parties) -> Bearer:
    """The bearer named by a sentence's own governing modal (unknown without one)."""
    modal = _modal_span(analysis, sentence)
    if modal is None:
        return Bearer()
    return _modal_bearer(sentence, modal, len(sentence.span.text), parties)


def _names_someone(sentence: Sentence, modal: tuple[int, int], parties: Parties) -> bool:
    start = sentence.span.doc[modal[0]].idx - sentence.span.start_char
    return find_actor(sentence.span.text[:start], parties) is not None


def _modal_bearer(sentence: Sentence, modal: tuple[int, int], cue_char: int,
                  parties: Parties) -> Bearer:
    doc, base = sentence.span.doc, sentence.span.start_char
    start = doc[modal[0]].idx - base
    end = doc[modal[1] - 1].idx + len(doc[modal[1] - 1].text) - base
    text = sentence.span.text
    stop = len(text) if cue_char < start else max(end, cue_char)  # passive: "... by X"
    return subject_bearer(text[:start], text[start:stop], parties)


def _modal_span(analysis: Analysis, sentence: Sentence,
                before: int | None = None) -> tuple[int, int] | None:
    span = sentence.span
    modals = [(s, e) for name, s, e in analysis.markers(span.doc)
              if name.startswith("modal:") and span.start <= s and e <= span.end]
    if not modals:
        return None
    prior = [m for m in modals if before is None or m[1] <= before]
    return (prior[-1] if prior else modals[0])


def _chapeau(analysis: Analysis, sentence: Sentence) -> tuple[Sentence, tuple[int, int]] | None:
    """The list chapeau of `sentence` and its modal (the engine finds it by the sentence's
    place, where looking the sentence up in its unit cost a scan of the unit per hit)."""
    prior = analysis.chapeau(sentence)
    if prior is None:
        return None
    modal = _modal_span(analysis, prior)
    return (prior, modal) if modal else None


_GRANTS = ("may", "(declarative)")
_ONLY_RE = re.compile(r"\bmay\b[^.;]{0,120}\bonly\b|\bmay only\b|\bonly (?:if|where|when)\b", re.I)
_RECOGNITIONS = ("recognise", "recognize", "reaffirm", "reaffirms", "recognise the importance",
                 "recognize the importance")


def _status(polarity: str, modality: Modality, sentence: str = "") -> tuple[str, str]:
    """The status and its reason, worded for a lawyer ("binding: 'shall'")."""
    cue = _said(modality.marker)
    if modality.negated:
        return "violates", f"the obligation is removed ('{modality.negation}')"
    if polarity == "prohibition":
        if modality.prohibition or modality.protects:
            return "present", f"a prohibition: {cue}"
        if modality.marker == "may" and _ONLY_RE.search(sentence):
            return "present", "a permission only on conditions: 'may ... only'"
        return "violates", f"not a prohibition: {cue}"
    if polarity == "permission":
        return _permission(modality, sentence)
    if polarity == "binding" and modality.prohibition:
        return "present", f"binding, as a prohibition: {cue}"
    if modality.prohibition:
        return "violates", f"a prohibition where an obligation is needed: {cue}"
    if modality.strength >= 4 and not modality.dilutions:
        return "present", f"binding: {cue}"
    if modality.dilutions:
        return "weak", f"diluted by '{modality.dilutions[0]}'"
    return "weak", f"not binding: {cue}"


def _said(marker: str) -> str:
    """The words that decided, quoted; a sentence with no modal verb says so."""
    return "stated as a fact, without 'shall' or 'may'" if marker == "(declarative)" \
        else f"'{marker}'"


def _permission(modality: Modality, sentence: str) -> tuple[str, str]:
    """A right: granted ("may"), binding, declared, or recognised as a right is present."""
    cue = _said(modality.marker)
    if modality.prohibition:
        return "violates", f"a prohibition where a permission is needed: {cue}"
    if modality.dilutions and modality.strength < 4:
        return "weak", f"diluted by '{modality.dilutions[0]}'"
    if modality.marker == "may":
        return "present", f"a permission: {cue}"
    if modality.strength >= 4 or modality.marker in _GRANTS:
        return "present", f"binding: {cue}"
    if modality.marker in _RECOGNITIONS and "right" in sentence.lower():
        return "present", f"recognised as a right: {cue}"
    return "weak", f"not binding: {cue}"


def _fill(finding: Finding, best: Candidate, analysis: Analysis) -> None:
    sentence = best.hit.sentence
    finding.status = best.status
    finding.reason = best.reason
    finding.location = analysis.document.locate(sentence.start)
    finding.evidence = sentence.text
    finding.cue = {"pattern": f"{best.hit.provision}:{best.hit.cue}", "matched": best.hit.text,
                   "modal": best.modality.marker, "strength": best.modality.strength}
    if best.modality.negated:
        finding.cue["negation"] = best.modality.negation
    if best.modality.dilutions:
        finding.cue["dilutions"] = list(best.modality.dilutions)
    if best.bearer.kind != "unknown":
        finding.cue["bearer"] = best.bearer.describe()


def _apply_constraints(finding: Finding, requirement: Requirement, recogniser: Recogniser,
                       analysis: Analysis, best: Candidate) -> None:
    names = [c.param for c in requirement.constraints]
    if requirement.report and requirement.report not in names:
        names.insert(0, requirement.report)
    readings = {n: read(analysis, recogniser, n, best.hit) for n in names}
    values = {n: _number(r.value) for n, r in readings.items()}
    if names:
        finding.value = values[names[0]]
        finding.cue["values"] = {k: v for k, v in values.items() if v is not None}
        finding.value_words = _value_words(analysis, recogniser, names[0], finding,
                                           readings[names[0]])
    if finding.status not in ("present", "weak"):
        return
    for constraint in requirement.constraints:
        found = values.get(constraint.param)
        spec = recogniser.values.get(constraint.param)
        kind = spec.kind if spec else ""
        needs = f"the mandate needs {constraint.wanted(kind)}"
        direction = _wrong_direction(constraint, requirement, readings[constraint.param])
        if direction:
            finding.status = "violates"
            finding.value = found
            finding.reason = f"{amount(found, kind)} is stated as {direction}; {needs}"
            return
        if found is None or found == []:
            if finding.status == "present":
                finding.status = "weak"
                finding.reason = f"the figure is not stated; {needs}"
            continue
        if not constraint.check(found):
            finding.status = "violates"
            finding.value = found
            finding.reason = f"the text says {amount(found, kind)}; {needs}"
            return


def _value_words(analysis: Analysis, recogniser: Recogniser, name: str, finding: Finding,
                 reading: Reading) -> str:
    """ "6 months", and "in Article 42(4)" when it was read elsewhere than the evidence."""
    if finding.value is None or finding.value == []:
        return ""
    spec = recogniser.values.get(name)
    words = amount(finding.value, spec.kind if spec else "")
    source = reading.source
    where = analysis.document.locate(source.start) if source is not None else ""
    return f"{words}, in {where}" if where and where != finding.location else words


def _wrong_direction(constraint: Any, requirement: Requirement, reading: Reading) -> str:
    """ "up to 30 per cent" is a ceiling: it never meets a floor (>= 30), and "at least ten
    years" never meets a ceiling. A right's ceiling in the sentence that grants it ("may
    require up to 10 per cent") is the extent of the right; a ceiling on what the right asks
    of someone else (an undertaking "to process at most half") is not."""
    if constraint.op not in (">=", ">", "<=", "<"):
        return ""
    direction = reading.direction(granted=requirement.polarity == "permission")
    wanted = "floor" if constraint.op in (">=", ">") else "ceiling"
    if direction and direction != wanted:
        return f"a {direction}"
    return ""


def _number(value: Any) -> Any:
    """A named value that is a number ("without delay" read as "0" days) compares as one."""
    if isinstance(value, str) and re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value) if "." in value else int(value)
    return value


def suggest(requirement: Requirement, library: Library, stance: str,
            analysis: Analysis) -> list[str]:
    """Library clauses that satisfy the requirement: each clause's own text, rendered with
    its defaults and reviewed alone, must come out `present`. Playbook stance first."""
    clauses = [c for c in library.clauses.values() if requirement.provision in c.provisions]
    fitting = [c for c in clauses if _satisfies(c, requirement, library, analysis)]
    order = {stance: 0, "balanced": 1}
    fitting.sort(key=lambda c: (order.get(c.stance, 2), c.id))
    return [c.id for c in fitting]


def _satisfies(clause: Clause, requirement: Requirement, library: Library,
               analysis: Analysis) -> bool:
    from treatykit.review.clausetexts import clause_analysis

    if any(not _default_meets(clause, k) for k in requirement.constraints):
        return False
    own = clause_analysis(clause, library, analysis.compiled)
    verdict = evaluate_requirement(requirement, own, library, clause.stance,
                                   parties=Parties(), suggestions=False)
    return verdict.status == "present"


def _default_meets(clause: Clause, constraint: Any) -> bool:
    """A clause whose declared default breaks the constraint never fits, whatever it says."""
    param = clause.parameter(constraint.param)
    return param is None or constraint.check(param.default)
