"""One procedural step given different periods in different places: "if the matter is not
resolved within ninety (90) days ... either Party may refer it to dispute settlement under
Article 45" where Article 45 itself allows referral after six months of consultations."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from treatykit.review.coherence.model import CoherenceFinding, Index, finding_at
from treatykit.review.numbers import Quantity, find_quantities

#: "either Party may refer", "the claimant may submit", "a Party shall be entitled to refer".
ACTION = re.compile(r"\b(?:may|shall\s+be\s+entitled\s+to|is\s+entitled\s+to|can)\s+(?:\w+\s+)?"
                    r"(?P<verb>refer|submit)\b", re.I)
#: Who takes the step: the last of these named before it.
ACTOR = re.compile(r"\b(?:(?P<investor>investor|claimant)|Party|Parties|State)\b", re.I)
#: The step starts from consultations, negotiations or a request for them.
TRIGGER = re.compile(r"\b(?:consult\w*|negotiat\w*|amicabl\w*|request\w*|notice|notif\w*)\b",
                     re.I)
TARGET = re.compile(r"\bArticle\s+(?P<id>\d{1,4}(?:\.\d{1,3})?|[IVXLC]{1,7}\b)")
_SENTENCE_END = re.compile(r"(?<=[.;:])\s+(?=[A-Z(])")
_DAYS = {"day": 1, "month": 30, "year": 365}


@dataclass(frozen=True)
class Step:
    """A referral after a waiting period: who refers, to what procedure, after how long."""

    actor: str  # "State" or "investor"
    target: str  # the article of the procedure
    days: int
    quantity: Quantity
    offset: int  # of the quantity in the document text
    own: bool  # stated in the procedure's own article


def check_periods(index: Index) -> list[CoherenceFinding]:
    """Steps of the same actor towards the same procedure whose periods differ."""
    groups: dict[tuple[str, str], list[Step]] = defaultdict(list)
    for step in steps(index):
        groups[(step.actor, step.target)].append(step)
    found = []
    for (_, target), group in groups.items():
        if len({s.days for s in group}) > 1:
            found += _disagreements(index, target, group)
    return found


def steps(index: Index) -> Iterator[Step]:
    text = index.document.text
    for unit in index.document.units:
        if unit.kind != "article":
            continue
        for para in unit.paragraphs:
            for start, sentence in _sentences(text, para.start, para.end):
                step = _step(index, unit.number, sentence, start)
                if step:
                    yield step


def _sentences(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    chunk = text[start:end]
    position = 0
    for piece in _SENTENCE_END.split(chunk):
        offset = chunk.find(piece, position)
        position = offset + len(piece)
        yield start + offset, piece


def _step(index: Index, own: str, sentence: str, offset: int) -> Step | None:
    action = ACTION.search(sentence)
    if not action or not TRIGGER.search(sentence[:action.start()]):
        return None
    periods = [q for q in find_quantities(sentence[:action.start()]) if q.unit in _DAYS]
    if not periods:
        return None
    period = periods[-1]
    actors = list(ACTOR.finditer(sentence, 0, action.start()))
    if not actors:
        return None
    actor = "investor" if actors[-1].group("investor") else "State"
    cited = TARGET.search(sentence, action.end())
    target = cited.group("id") if cited else own
    unit = index.article(target)
    key = unit.number if unit else target
    return Step(actor, key, int(period.value * _DAYS[period.unit]), period,
                offset + period.start, own=not cited or key == own)


def _disagreements(index: Index, target: str, group: list[Step]) -> list[CoherenceFinding]:
    """Each step whose period differs from the procedure's own (or, without one, from the
    commonest period)."""
    own = [s for s in group if s.own]
    reference = own[0] if own else max(group, key=lambda s: sum(t.days == s.days for t in group))
    where = index.document.locate(reference.offset)
    found = []
    for step in group:
        if step.days == reference.days:
            continue
        end = step.offset + len(step.quantity.text)
        found.append(finding_at(
            index.document, "period", step.offset, end,
            message=f"allows referral under Article {target} after {step.quantity.text}, "
                    f"where {where} allows it after {reference.quantity.text}",
            fix="give the step one period, stated once in the procedure's article and "
                "cited elsewhere", related=[where]))
    return found
