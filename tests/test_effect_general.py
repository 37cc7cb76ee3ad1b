"""Conditions and overrides in their general shape, in sentences of our own that no rule was
written from: a conditional clause that turns on someone's will or judgement, however worded;
a clause elsewhere that makes another instrument govern, puts other terms in the duty's
place, or disapplies an article where someone so designates; and the look-alikes that leave
a duty standing (what both sides agree, the claimant's own consent, ordinary time clauses).
"""

from __future__ import annotations

from typing import Any

import pytest

from test_effect_structural import Op, baseline, edited, grade  # noqa: F401

CHANGE: dict[str, tuple[str, list[Op]]] = {
    "unless-a-regulator-releases": ("local_equity", [
        ("replace", "1. An enterprise that holds a right",
         "1. Unless the mining regulator releases it from this requirement by order, an "
         "enterprise that holds a right")]),
    # a condition on a list's chapeau reaches every item, and the items of a nested list
    "condition-on-the-chapeau-of-a-list": ("processing_share", [
        ("replace", "2. Pakistan may make the grant, renewal or extension",
         "2. Only with the agreement of the enterprise concerned, Pakistan may make the grant, "
         "renewal or extension")]),
    "in-so-far-as-licensors-are-prepared": ("technology_transfer", [
        ("replace", "1. The Parties shall conclude, within twelve",
         "1. In so far as the licensors concerned are prepared to take part, the Parties "
         "shall conclude, within twelve")]),
    "save-where-the-host-declines": ("international_arbitration", [
        ("replace", "5. Each Party consents to the submission",
         "5. Save where the Party concerned declines in writing within thirty days, each "
         "Party consents to the submission")]),
    "paragraph-binds-only-with-approval": ("infrastructure", [
        ("append", "12", "7. Paragraph 1 applies only to works that the Ministry of Finance "
                         "has approved for funding.")]),
    "another-instrument-shall-govern": ("local_equity", [
        ("append", "46", "4. If a licence issued before this Agreement provides for local "
                         "ownership lower than Article 7 requires, the terms of that licence "
                         "shall govern.")]),
    "bespoke-terms-instead-of-the-regime": ("fiscal_regime", [
        ("append", "27", "8. The Minister of Finance may fix, by notification, fiscal terms "
                         "for a particular licence, and those terms shall have effect instead "
                         "of the regime in paragraph 1.")]),
    "article-disapplied-where-declared": ("environment", [
        ("append", "15", "4. Article 30 does not apply to any project that the Prime "
                         "Minister declares to be of strategic importance.")]),
    "notwithstanding-then-neither-party": ("skills_training", [
        ("append", "24", "9. Notwithstanding Article 9, neither Party shall oblige an enterprise "
                         "to spend any part of its payroll on the training of nationals.")]),
    "nothing-obliges-except-by-own-agreement": ("skills_training", [
        ("append", "35", "6. Nothing in this Agreement obliges an enterprise to provide "
                         "training to nationals of a Party, except to the extent that it "
                         "agrees otherwise in writing.")]),
}

PRESERVE: dict[str, list[Op]] = {
    "what-both-disputing-parties-agree": [
        ("replace", "5. Each Party consents to the submission",
         "5. Unless the disputing parties agree otherwise, each Party consents to the "
         "submission")],
    "the-claimants-own-consent": [
        ("replace", "5. Each Party consents to the submission",
         "5. Where the investor consents in writing to submit the dispute to arbitration, "
         "each Party consents to the submission")],
    "an-ordinary-where-clause": [
        ("replace", "1. An enterprise that holds a right",
         "1. Where a right is granted after the date of entry into force of this Agreement "
         "or before it, an enterprise that holds a right")],
    "an-article-disapplied-for-a-listed-sector": [
        ("append", "15", "4. Article 16 does not apply to measures concerning the sectors "
                         "listed in the Schedule of a Party to Annex II.")],
}


@pytest.mark.parametrize("name", list(CHANGE))
def test_a_will_or_an_override_in_general_shape_leaves_present(
        name: str, grade: Any) -> None:  # noqa: F811
    requirement, ops = CHANGE[name]
    finding = grade(edited(*ops))[requirement]
    assert finding.status != "present", finding.reason
    assert finding.effect, "the modifier that decided is listed"


@pytest.mark.parametrize("name", list(PRESERVE))
def test_a_look_alike_leaves_every_status(
        name: str, grade: Any, baseline: dict[str, str]) -> None:  # noqa: F811
    after = {k: f.status for k, f in grade(edited(*PRESERVE[name])).items()}
    assert after == baseline


@pytest.mark.parametrize("sentence, conditional", [
    ("Unless the regulator releases it by order, the enterprise shall keep the share.", True),
    ("Where the operator, in writing, declines to take part, the Parties shall not proceed.",
     True),
    # the will is in the main clause, not in the condition
    ("Where a Party deploys troops in an emergency, the deployment shall be authorised by "
     "the civilian government.", False),
    ("Where no decision is given within the period, the application shall be deemed "
     "approved.", False),
    # consent that the duty or a standard requires is a safeguard, not a condition
    ("Where the applicable standard requires the consent of the communities, the enterprise "
     "shall obtain it before construction.", False),
    ("Unless the disputing parties agree otherwise, the tribunal shall comprise three "
     "arbitrators.", False),
])
def test_a_condition_is_a_will_in_the_condition_itself(sentence: str, conditional: bool) -> None:
    from treatykit.review.effect import condition_words

    assert bool(condition_words(sentence, "binding")) is conditional
