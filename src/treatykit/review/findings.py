"""Grade a document against a playbook: one finding per requirement.

A finding is data, never an exception: status (present / weak / missing / violates), where,
the sentence that decided, the cue that fired, the value read from the text, and the
library clauses that would satisfy the requirement.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from treatykit.models import Library
from treatykit.review.engine import Analysis, Hit, Modality, Sentence
from treatykit.review.playbooks import Playbook, Requirement
from treatykit.review.recognisers import Recogniser, ValueSpec

STATUS_RANK = {"present": 3, "weak": 2, "violates": 1, "missing": 0}
UNIT_OF_KIND = {"percent": "percent", "days": "day", "months": "month", "years": "year",
                "usd": "usd"}


@dataclass
class Finding:
    """The verdict on one requirement."""

    requirement: str
    provision: str
    severity: str
    status: str
    value: Any = None
    location: str | None = None
    evidence: str | None = None
    cue: dict[str, Any] = field(default_factory=dict)
    suggestion: list[str] = field(default_factory=list)
    reason: str = ""
    title: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity == "must" and self.status != "present"


@dataclass
class Candidate:
    hit: Hit
    modality: Modality
    status: str
    heading: bool
    reason: str


def evaluate(playbook: Playbook, analysis: Analysis, library: Library) -> list[Finding]:
    """One finding per requirement of `playbook`, in playbook order."""
    return [evaluate_requirement(r, analysis, library, playbook.stance)
            for r in playbook.requirements]


def evaluate_requirement(requirement: Requirement, analysis: Analysis, library: Library,
                         stance: str) -> Finding:
    recogniser = analysis.compiled.recognisers.get(requirement.provision)
    finding = Finding(requirement.id, requirement.provision, requirement.severity, "missing",
                      title=requirement.title)
    if recogniser is None:
        finding.reason = f"no recognition patterns for {requirement.provision}"
        finding.suggestion = suggest(requirement, library, stance)
        return finding
    hits = candidate_hits(analysis, recogniser, requirement)
    if not hits:
        finding.reason = _missing_reason(requirement)
        finding.suggestion = suggest(requirement, library, stance)
        return finding
    best = max((_grade(analysis, recogniser, requirement, h) for h in hits),
               key=lambda c: (STATUS_RANK[c.status], c.heading, c.modality.strength,
                              -c.hit.sentence.start))
    _fill(finding, best, analysis)
    _apply_constraints(finding, requirement, recogniser, analysis, best)
    if finding.status != "present":
        finding.suggestion = suggest(requirement, library, stance)
    return finding


def _missing_reason(requirement: Requirement) -> str:
    if requirement.aspect:
        return f"{requirement.provision} found, but not {requirement.aspect}" \
            if requirement.aspect else ""
    where = {"preamble": " in the preamble", "mention": ""}.get(requirement.match,
                                                                  " in an operative article")
    return f"no {requirement.provision} provision{where}"


def candidate_hits(analysis: Analysis, recogniser: Recogniser,
                   requirement: Requirement) -> list[Hit]:
    """Cue hits in scope, minus excluded sentences; aspect hits where an aspect is asked."""
    scope = {"mention": None, "preamble": "preamble"}.get(requirement.match)
    excluded = {id(h.sentence) for h in analysis.hits_for(recogniser.provision, "exclude")}
    hits = [h for h in analysis.hits_for(recogniser.provision)
            if id(h.sentence) not in excluded and _scoped(analysis, recogniser, h, scope)]
    hits = [h for h in hits if h.cue not in recogniser.weak_cues
            or analysis.heading_matches(h.sentence.unit, recogniser)]
    if requirement.aspect:
        return _aspect_hits(analysis, recogniser, requirement.aspect, hits)
    return hits


def _scoped(analysis: Analysis, recogniser: Recogniser, hit: Hit, scope: str | None) -> bool:
    kind = hit.sentence.unit.kind
    if scope == "preamble":
        return kind == "preamble"
    if scope is None and recogniser.scope == "operative":
        return kind not in ("preamble", "title")
    return analysis.in_scope(hit, recogniser)


def _aspect_hits(analysis: Analysis, recogniser: Recogniser, aspect: str,
                 hits: list[Hit]) -> list[Hit]:
    units = {id(h.sentence.unit) for h in hits}
    kind = recogniser.aspects.get(aspect)
    if kind is None:
        return []
    if kind.startswith("forum:"):
        forum = kind.split(":", 1)[1]
        sentences = [s for s in analysis.sentences if id(s.unit) in units]
        found = [(f, s, text) for f, s, text in analysis.forums(sentences) if f == forum]
        return [Hit(recogniser.provision, f"aspect:{aspect}", f"forum:{forum}", s,
                    s.span.start, s.span.end) for _, s, _ in found]
    return [h for h in analysis.hits_for(recogniser.provision, f"aspect:{aspect}")
            if id(h.sentence.unit) in units]


def _grade(analysis: Analysis, recogniser: Recogniser, requirement: Requirement,
           hit: Hit) -> Candidate:
    modality = analysis.modality(hit)
    heading = analysis.heading_matches(hit.sentence.unit, recogniser)
    if requirement.match in ("mention", "preamble"):
        return Candidate(hit, modality, "present", heading, "mentioned")
    status, reason = _status(requirement.polarity, modality)
    return Candidate(hit, modality, status, heading, reason)


def _status(polarity: str, modality: Modality) -> tuple[str, str]:
    if modality.negated:
        return "violates", f"the obligation is removed ('{modality.negation}')"
    if polarity == "prohibition":
        if modality.prohibition:
            return "present", "prohibited"
        return "violates", f"stated as '{modality.marker}', not as a prohibition"
    if polarity == "permission":
        return ("present", "permitted") if modality.strength >= 1 else ("weak", "not granted")
    if modality.prohibition:
        return "violates", f"stated as a prohibition ('{modality.marker}')"
    if modality.strength >= 4 and not modality.dilutions:
        return "present", f"binding ('{modality.marker}')"
    if modality.dilutions:
        return "weak", f"diluted by '{modality.dilutions[0]}'"
    return "weak", f"softened to '{modality.marker}'"


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


def _apply_constraints(finding: Finding, requirement: Requirement, recogniser: Recogniser,
                       analysis: Analysis, best: Candidate) -> None:
    names = [c.param for c in requirement.constraints]
    if requirement.report and requirement.report not in names:
        names.insert(0, requirement.report)
    values = {n: read_value(analysis, recogniser, n, best.hit) for n in names}
    if names:
        finding.value = values[names[0]]
        finding.cue["values"] = {k: v for k, v in values.items() if v is not None}
    if finding.status not in ("present", "weak"):
        return
    for constraint in requirement.constraints:
        found = values.get(constraint.param)
        if found is None or found == []:
            if finding.status == "present":
                finding.status = "weak"
                finding.reason = f"{constraint.param} not stated (needs {constraint.describe()})"
            continue
        if not constraint.check(found):
            finding.status = "violates"
            finding.value = found
            finding.reason = f"{constraint.param} is {_show(found)}, needs {constraint.describe()}"
            return


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_value(analysis: Analysis, recogniser: Recogniser, name: str, hit: Hit) -> Any:
    """The value of parameter `name` near `hit`: sentence, then paragraph, then article."""
    spec = recogniser.values.get(name)
    if spec is None:
        return None
    units = _provision_units(analysis, recogniser, hit)
    if spec.kind == "forum":
        sentences = [s for s in analysis.sentences if id(s.unit) in units]
        return sorted({f for f, _, _ in analysis.forums(sentences)})
    special = _special(analysis, spec, hit)
    if special is not None:
        return special
    windows = [[hit.sentence], analysis.paragraph_sentences(hit.sentence),
               analysis.unit_sentences(hit.sentence.unit)]
    for window in windows:
        value = _nearest_quantity(analysis, spec, window, hit)
        if value is not None:
            return value
    return None


def _provision_units(analysis: Analysis, recogniser: Recogniser, hit: Hit) -> set[int]:
    units = {id(h.sentence.unit) for h in analysis.hits_for(recogniser.provision)
             if h.sentence.unit.operative}
    return units | {id(hit.sentence.unit)}


def _special(analysis: Analysis, spec: ValueSpec, hit: Hit) -> Any:
    if not spec.special:
        return None
    text = " ".join(s.text for s in analysis.unit_sentences(hit.sentence.unit)).lower()
    for value, phrases in spec.special.items():
        if any(p in text for p in phrases):
            return value
    return None


def _nearest_quantity(analysis: Analysis, spec: ValueSpec, window: list[Sentence],
                      hit: Hit) -> float | None:
    unit = UNIT_OF_KIND.get(spec.kind)
    best: tuple[int, float] | None = None
    for sentence in window:
        text = sentence.span.text
        lemmas = analysis.lemmas(text) if spec.near else ""
        anchors = _anchor_positions(text, lemmas, spec) if spec.near else []
        if spec.near and not anchors:
            continue
        if not anchors:
            anchors = [hit.sentence.span.doc[hit.token_start].idx - sentence.span.start_char] \
                if sentence is hit.sentence else [0]
        for quantity in analysis.quantities(sentence):
            value = quantity.as_unit(unit) if unit else quantity.value
            if value is None:
                continue
            distance = min(abs(quantity.start - a) for a in anchors)
            if best is None or distance < best[0]:
                best = (distance, value)
    if best is None:
        return None
    return int(best[1]) if float(best[1]).is_integer() else best[1]


def _anchor_positions(text: str, lemmas: str, spec: ValueSpec) -> list[int]:
    """Character positions in `text` of the words the value should sit near."""
    lower = text.lower()
    positions = []
    for near in spec.near:
        word = near.split()[0]
        start = lower.find(word[:max(4, len(word) - 2)])
        while start != -1:
            positions.append(start)
            start = lower.find(word[:max(4, len(word) - 2)], start + 1)
    return positions


def suggest(requirement: Requirement, library: Library, stance: str) -> list[str]:
    """Library clauses that implement the provision and whose defaults meet the constraints."""
    clauses = [c for c in library.clauses.values() if requirement.provision in c.provisions]
    fitting = [c for c in clauses if all(_default_meets(c, k) for k in requirement.constraints)]
    order = {stance: 0, "balanced": 1}
    fitting.sort(key=lambda c: (order.get(c.stance, 2), c.id))
    return [c.id for c in fitting]


def _default_meets(clause: Any, constraint: Any) -> bool:
    param = clause.parameter(constraint.param)
    if param is None:
        return True
    default = param.default
    return constraint.check(default)
