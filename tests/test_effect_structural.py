"""Net legal effect by class, in our own sentences: each class of what acts on a duty
(conditions, overrides by target, side mentions, bearer, numbers, composite elements) with
edits of the Pakistan-US draft that change what a requirement binds anyone to (its status
must leave `present`) and edits that do not (every status must stay as it was).

Sentences here are written for these tests; none is taken from a benchmark set.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

DRAFT = Path(__file__).parent / "fixtures" / "effect" / "pakistan-us.md"

Op = tuple[str, ...]


def _article(text: str, number: int) -> tuple[int, int]:
    found = re.search(rf"^### Article {number}:[^\n]*\n.*?(?=^#+ |\Z)", text, re.M | re.S)
    assert found, f"no Article {number}"
    return found.start(), found.end()


def _apply(text: str, op: Op) -> str:
    kind, *args = op
    if kind == "replace":
        old, new = args
        assert text.count(old) == 1, f"'{old[:60]}' occurs {text.count(old)} times"
        return text.replace(old, new)
    if kind == "sub":
        changed, count = re.subn(args[0], args[1], text)
        assert count, f"no match for {args[0]!r}"
        return changed
    if kind == "append":  # a paragraph at the end of an article
        start, end = _article(text, int(args[0]))
        return text[:end].rstrip("\n") + f"\n\n{args[1]}\n\n" + text[end:]
    if kind == "delete":
        start, end = _article(text, int(args[0]))
        return text[:start] + text[end:]
    raise AssertionError(f"unknown operation {op}")


def edited(*ops: Op) -> str:
    text = DRAFT.read_text(encoding="utf-8")
    for op in ops:
        text = _apply(text, op)
    return text


@pytest.fixture(scope="module")
def grade() -> Any:
    from treatykit.review.service import grade_text, load_reviewer, resolve_playbook

    library, compiled = load_reviewer()
    playbook = resolve_playbook("pakistan-minerals", library)

    def run(text: str) -> dict[str, Any]:
        return {f.requirement: f for f in grade_text(text, playbook, library, compiled)}
    return run


@pytest.fixture(scope="module")
def baseline(grade: Any) -> dict[str, str]:
    return {k: f.status for k, f in grade(DRAFT.read_text(encoding="utf-8")).items()}


CHANGE: dict[str, tuple[str, list[Op]]] = {
    # -- conditions: the bound side's own choice, a third person's approval or judgement ------
    "condition-own-side-decides": ("technology_transfer", [
        ("replace", "1. The Parties shall conclude, within twelve",
         "1. Where the United States so decides, the Parties shall conclude, within twelve")]),
    "condition-board-approval": ("local_equity", [
        ("replace", "1. An enterprise that holds a right",
         "1. If its board has approved the allocation, an enterprise that holds a right")]),
    "condition-lenders-judgement": ("infrastructure", [
        ("replace", "1. The Parties shall co-develop the infrastructure",
         "1. In so far as the lenders of the United States regard the projects as bankable, "
         "the Parties shall co-develop the infrastructure")]),
    "condition-terms-it-accepts": ("technology_transfer", [
        ("replace", "1. The Parties shall conclude, within twelve",
         "1. On terms that the United States accepts, the Parties shall conclude, within "
         "twelve")]),
    "condition-unless-objects": ("infrastructure", [
        ("replace", "1. The Parties shall co-develop the infrastructure",
         "1. Unless the United States objects, the Parties shall co-develop the infrastructure")]),
    "condition-own-board-directs": ("skills_training", [
        ("replace", "2. The covered investment shall spend each year",
         "2. Where the board of the covered investment so directs, the covered investment "
         "shall spend each year")]),
    # -- overrides aimed at the provision's article, by number or by heading -------------------
    "override-nothing-in-article": ("local_equity", [
        ("append", "46", "3. Nothing in Article 7 shall require an enterprise owned by investors "
                         "of the United States to sell shares to eligible local holders.")]),
    "override-shall-not-apply": ("transparency", [
        ("append", "46", "3. Article 34 shall not apply to any licence, host government "
                         "agreement or offtake contract concluded before the date of entry into "
                         "force of this Agreement.")]),
    "override-after-renumbering": ("demilitarised_security", [
        ("sub", r"\bArticle (\d+)\b", lambda m: f"Article {int(m.group(1)) + 2}"),  # type: ignore[dict-item]
        ("append", "21", "5. Notwithstanding Article 35, Pakistan may entrust the protection of "
                         "project sites and personnel to units of its armed forces.")]),
    "override-nothing-in-this-part": ("local_equity", [
        ("append", "46", "3. Nothing in this Part shall require an enterprise owned or controlled "
                         "by investors of the United States to reserve any part of its issued "
                         "share capital for local holders.")]),
    "override-waiver-of-assessment": ("environment", [
        ("append", "27", "7. Notwithstanding Article 30, Pakistan may waive the environmental "
                         "and social impact assessment for a covered investment that it "
                         "declares of strategic importance.")]),
    "override-by-heading": ("transparency", [
        ("append", "28", "6. Notwithstanding the Article on Transparency, no Party shall "
                         "publish a host government agreement, or the payments made under "
                         "it, without the written consent of the covered investment.")]),
    "override-courts-instead": ("international_arbitration", [
        ("append", "27", "7. Notwithstanding Articles 42 and 45, a dispute over the fiscal "
                         "regime for covered minerals shall be submitted only to the courts "
                         "of the respondent and shall not be submitted to arbitration.")]),
    "override-prevails-over": ("transparency", [
        ("append", "28", "6. The confidentiality undertakings in each host government "
                         "agreement shall prevail over Article 34.")]),
    # -- side mentions: the operative article gone, references to it left ---------------------
    "side-joint-committee-gone": ("treaty_anchoring", [("delete", "41")]),
    "side-infrastructure-gone": ("infrastructure", [("delete", "12")]),
    "side-transparency-gone": ("transparency", [("delete", "34")]),
    # -- bearer: the investor's or the United States' duty put on Pakistan --------------------
    "bearer-training-passive-on-host": ("skills_training", [
        ("replace", "2. The covered investment shall spend each year on the training",
         "2. Pakistan shall pay each year for the training"),
        ("replace", "the United States shall provide scholarships",
         "Pakistan shall provide scholarships")]),
    "bearer-protocol-list-on-host": ("technology_transfer", [
        ("replace", "1. The Parties shall conclude, within twelve",
         "1. Pakistan shall draw up, within twelve"),
        ("replace", "3. In accordance with the milestones of the Protocol, the United States shall",
         "3. In accordance with the milestones of the Protocol, Pakistan shall")]),
    "bearer-infrastructure-on-host": ("infrastructure", [
        ("replace", "1. The Parties shall co-develop the infrastructure",
         "1. Pakistan shall develop the infrastructure"),
        ("replace", "the United States shall make available financing",
         "Pakistan shall make available financing")]),
    # -- numbers: a floor turned into a ceiling --------------------------------------------------
    "number-equity-limited-to": ("local_equity", [
        ("replace", "eligible local holders hold not less than thirty (30) per cent",
         "eligible local holders hold a share limited to thirty (30) per cent")]),
    "number-equity-shall-not-exceed": ("local_equity", [
        ("replace", "eligible local holders hold not less than thirty (30) per cent of its "
                    "issued share capital",
         "the holding of eligible local holders shall not exceed thirty (30) per cent of its "
         "issued share capital")]),
    "number-processing-maximum": ("processing_share", [
        ("replace", "not less than fifty (50) per cent of the covered minerals",
         "a maximum of fifty (50) per cent of the covered minerals"),
        ("replace", "and not less than eighty (80) per cent within ten (10) years",
         "and a maximum of eighty (80) per cent within ten (10) years")]),
    "number-training-up-to": ("training_spend", [
        ("replace", "not less than 1.5 per cent of its payroll",
         "up to 1.5 per cent of its payroll")]),
    # -- composite: the label kept, an element negated -----------------------------------------
    "composite-army-everyday-guard": ("demilitarised_security", [
        ("replace", "Armed forces shall not be assigned to the routine protection of project "
                    "sites or personnel.",
         "Armed forces shall be responsible for the everyday guarding of project sites.")]),
    "composite-not-tied": ("conditional_market_access", [
        ("replace", "3. The treatment in paragraph 2 rests on commitments of both Parties,",
         "3. The treatment in paragraph 2 shall not be tied to the commitments of both "
         "Parties,")]),
    "composite-in-no-way-conditional": ("conditional_market_access", [
        ("replace", "3. The treatment in paragraph 2 rests on commitments of both Parties,",
         "3. The treatment in paragraph 2 is in no way conditional on the commitments of both "
         "Parties,")]),
}

PRESERVE: dict[str, list[Op]] = {
    # -- conditions that only set a duty going -------------------------------------------------
    "condition-beneficiary-requests": [
        ("append", "26", "6. Where an investor so requests, the single window shall also advise "
                         "it on the approvals that its project requires.")],
    "condition-time-clause": [
        ("append", "34", "8. Where a licence is amended, each Party shall publish the amended "
                         "text within sixty (60) days.")],
    "condition-claimant-elects": [
        ("append", "42", "9. Where the claimant so elects, the respondent shall agree to hold "
                         "hearings in a place other than its capital.")],
    "condition-if-a-dispute-arises": [
        ("append", "42", "9. If a dispute arises under a host government agreement, the claimant "
                         "may also submit it under this Article.")],
    "condition-subject-to-paragraph": [
        ("replace", "1. The Parties shall co-develop the infrastructure",
         "1. Subject to paragraph 5, the Parties shall co-develop the infrastructure")],
    # -- clauses aimed elsewhere, or not against the duty -------------------------------------
    "override-general-exception": [
        ("append", "37", "5. Nothing in this Agreement shall be construed to prevent a Party "
                         "from adopting measures necessary to protect public morals.")],
    "override-notwithstanding-adds-a-duty": [
        ("append", "19", "5. Notwithstanding Article 33, each Party shall also ensure that police "
                         "units assigned to covered investments are trained in human rights.")],
    "override-taxation-carve-out": [
        ("append", "40", "3. Article 16 shall not apply to taxation measures.")],
    "override-customs-union": [
        ("append", "17", "5. Nothing in this Article shall be construed to oblige a Party to "
                         "extend to investors of the other Party the benefit of any treatment "
                         "resulting from a customs union.")],
    "override-security-exception": [
        ("append", "46", "3. Nothing in this Agreement shall be construed to prevent a Party "
                         "from taking any action that it considers necessary for the protection "
                         "of its essential security interests.")],
    "override-own-paragraph": [
        ("append", "22", "5. Notwithstanding paragraph 3, a Party shall not delay a transfer of "
                         "compensation paid under Article 21.")],
    # -- the operative article kept, only moved or renamed ------------------------------------
    "side-heading-renamed": [
        ("replace", "### Article 41: Joint Committee",
         "### Article 41: Institutional Arrangements")],
    "side-article-split": [
        ("replace", "3. The Joint Committee shall:",
         "### Article 41A: Functions of the Joint Committee\n\n1. The Joint Committee shall:")],
    "side-renumbered": [
        ("sub", r"\bArticle (\d+)\b", lambda m: f"Article {int(m.group(1)) + 1}"),  # type: ignore[dict-item]
        ("replace", "### Article 2: Objectives",
         "### Article 1: Short Title\n\nThis Agreement may be cited as the Pakistan-United "
         "States Critical Minerals Agreement.\n\n### Article 2: Objectives")],
    # -- who bears it, said differently ----------------------------------------------------------
    "bearer-passive-by-investor": [
        ("replace", "2. The covered investment shall spend each year on the training of "
                    "nationals of Pakistan,",
         "2. Each year there shall be spent by the covered investment on the training of "
         "nationals of Pakistan,")],
    "bearer-contracting-party": [
        ("sub", r"\bthe Parties\b", "the Contracting Parties"),
        ("sub", r"\bEach Party\b", "Each Contracting Party")],
    "bearer-report-added": [
        ("append", "12", "7. The United States shall report each year to the Joint Committee on "
                         "the financing it has made available under paragraph 2.")],
    # -- numbers said differently ----------------------------------------------------------------
    "number-at-least": [
        ("replace", "eligible local holders hold not less than thirty (30) per cent",
         "eligible local holders hold at least thirty (30) per cent")],
    "number-minimum-of-digits": [
        ("replace", "not less than fifty (50) per cent of the covered minerals",
         "a minimum of 50 per cent of the covered minerals")],
    "number-percent-sign": [
        ("replace", "not less than 1.5 per cent of its payroll",
         "not less than 1.5% of its payroll")],
    # -- composite elements kept -----------------------------------------------------------------
    "composite-army-day-to-day-forbidden": [
        ("replace", "Armed forces shall not be assigned to the routine protection",
         "Armed forces shall not be assigned to the day-to-day protection")],
    "composite-conditional-said-plainly": [
        ("replace", "3. The treatment in paragraph 2 rests on commitments of both Parties,",
         "3. The treatment in paragraph 2 is conditional on commitments of both Parties,")],
    "composite-footnote": [
        ("replace", "civilian-led security framework founded on intelligence",
         "civilian-led[^2] security framework founded on intelligence"),
        ("append", "33", "[^2]: For greater certainty, civilian-led means that civilian "
                         "authorities direct and oversee all security arrangements.")],
}


@pytest.mark.parametrize("name", list(CHANGE))
def test_a_meaning_changing_edit_leaves_present(name: str, grade: Any) -> None:
    requirement, ops = CHANGE[name]
    finding = grade(edited(*ops))[requirement]
    assert finding.status != "present", (finding.reason, finding.evidence)
    assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b[a-z]+\.[a-z_]+\b", finding.reason), \
        finding.reason  # reasons name no internal id


@pytest.mark.parametrize("name", list(PRESERVE))
def test_a_meaning_preserving_edit_changes_no_status(name: str, grade: Any,
                                                     baseline: dict[str, str]) -> None:
    after = grade(edited(*PRESERVE[name]))
    changed = {k: (baseline[k], f.status, f.reason) for k, f in after.items()
               if f.status != baseline[k]}
    assert changed == {}


@pytest.mark.parametrize(("sentence", "bears", "conditional"), [
    ("Pakistan shall issue the entry permit within thirty days where the investor so "
     "requests.", "host_state", False),
    ("Each Party shall submit the dispute to conciliation if the investor so elects.",
     "any", False),
    ("The enterprise shall fund the clinic where the investor so requests.", "investor", True),
    ("Pakistan shall open the archive if it so wishes.", "host_state", True),
    ("The Parties shall build the road where investors of the United States so elect.",
     "investor", True),
    ("Pakistan shall grant the permit where the provincial council has approved the route.",
     "host_state", True),
])
def test_whose_will_a_condition_names_decides(sentence: str, bears: str,
                                              conditional: bool) -> None:
    from treatykit.review.bearers import Parties
    from treatykit.review.effect import Holder, condition_words, obligor_side

    parties = Parties(("Pakistan",), ("the United States",))
    holder = Holder(obligor_side(bears, "both" if bears == "any" else bears), parties)
    assert bool(condition_words(sentence, "binding", holder=holder)) is conditional


@pytest.mark.parametrize(("text", "expected"), [
    ("a share that shall not exceed thirty (30) per cent", "ceiling"),
    ("a holding limited to 30 per cent", "ceiling"),
    ("no more than 30% of the shares", "ceiling"),
    ("a maximum of fifty (50) per cent", "ceiling"),
    ("not less than thirty (30) per cent", "floor"),
    ("at least 30 per cent", "floor"),
    ("a minimum of thirty per cent", "floor"),
])
def test_limits_read_in_their_direction(text: str, expected: str) -> None:
    from treatykit.review.numbers import direction, find_quantities

    quantity = find_quantities(text)[0]
    assert direction(text, quantity) == expected
