"""General phrasings of six more legal concepts (blind set 2's error classes, bench/README.md).

Termination of provisional application is not termination of the agreement; a passive
termination right is an indefinite term; the Parties named by another collective noun ("the
Countries"); transfers written as capital-movement freedoms; disclaimers and conditional
references that deny a clause are no clause; footnote marks glued to words. Every sentence is
written for these tests (none is taken from a treaty): positives in several drafting styles,
negated forms and near misses.
"""

from __future__ import annotations

from typing import Any

import pytest

from test_recognisers import review, reviewer, treaty  # noqa: F401  (shared fixtures)

FINAL = "Final Provisions"
ENTRY = "Entry into Force and Provisional Application"
DURATION = "Duration and Termination"


def paragraphs(*texts: str) -> str:
    """Numbered paragraphs of one article body."""
    return "\n\n".join(f"{n}. {t}" for n, t in enumerate(texts, 1))


PROVISIONAL = paragraphs(
    "This Agreement shall be applied provisionally from the date of signature.",
    "A Party may end the provisional application of this Agreement by notifying the other "
    "Party in writing. Such termination shall take effect one month after that notification.")
PROVISIONAL_2 = paragraphs(
    "Either Party may terminate provisional application by written notice. The termination "
    "shall become effective on the first day of the third month following the notice.")
DENOUNCE = paragraphs(
    "This Agreement shall be concluded for an unlimited period.",
    "Each Party may give written notice to the other Party of its wish to denounce this "
    "Agreement.",
    "The denunciation shall take effect twelve months after the date of that notice.")


# (case id, feature, treaty text, expected mapped value)
CASES: list[tuple[str, str, str, Any]] = [
    # -- 1. provisional application is not the agreement's termination ----------------------
    ("provisional application ended by notice, then denunciation", "termination_notice_months",
     treaty((ENTRY, PROVISIONAL), (DURATION, DENOUNCE)), 12),
    ("provisional application, 'the termination shall become effective'",
     "termination_notice_months", treaty((ENTRY, PROVISIONAL_2), (DURATION, DENOUNCE)), 12),
    ("provisional application alone gives no notice period", "termination_notice_months",
     treaty((ENTRY, PROVISIONAL)), None),
    ("provisional application alone gives no term", "initial_term_years",
     treaty((ENTRY, PROVISIONAL_2)), None),
    ("term and notice read from the duration clause", "initial_term_years",
     treaty((ENTRY, PROVISIONAL), (DURATION, DENOUNCE)), "indefinite"),
    ("near miss: notice of termination of the agreement beside provisional application",
     "termination_notice_months",
     treaty((FINAL, paragraphs(
         "This Agreement shall be applied provisionally pending its entry into force.",
         "Either Party may terminate this Agreement by giving three months' written notice to "
         "the other Party."))), 3),
    ("the agreement terminated with its provisional application", "termination_notice_months",
     treaty((FINAL, "Either Party may terminate this Agreement, including its provisional "
                    "application, by written notice. The termination shall take effect eight "
                    "months after the notice is received.")), 8),
    # -- 2. a passive termination right is an indefinite term -------------------------------
    ("may be terminated by either Party", "initial_term_years",
     treaty((FINAL, "This Agreement may be terminated by either Party by written notice to the "
                    "other Party. It shall cease to have effect nine months after the notice is "
                    "received.")), "indefinite"),
    ("may be terminated: the notice period", "termination_notice_months",
     treaty((FINAL, "This Agreement may be terminated by either Party by written notice to the "
                    "other Party. It shall cease to have effect nine months after the notice is "
                    "received.")), 9),
    ("may be denounced by", "initial_term_years",
     treaty((DURATION, "The present Treaty may at any time be denounced by either Contracting "
                       "Party through diplomatic channels, with one year's notice.")),
     "indefinite"),
    ("shall remain in force unless terminated", "initial_term_years",
     treaty((DURATION, "This Agreement shall remain in force unless terminated in accordance "
                       "with paragraph 2 of this Article.")), "indefinite"),
    ("a fixed term before the passive right", "initial_term_years",
     treaty((DURATION, paragraphs(
         "This Agreement shall remain in force for a period of twelve years.",
         "After that period, this Agreement may be terminated by either Party at any time on "
         "six months' notice."))), 12),
    ("near miss: a protocol that may be terminated", "initial_term_years",
     treaty((FINAL, "The Protocol on Fisheries may be terminated by either Party by written "
                    "notice.")), None),
    ("near miss: a consequence in case the agreement is denounced", "initial_term_years",
     treaty((FINAL, "The rights arising from the Programme shall be maintained for three years "
                    "in case the Agreement is denounced.")), None),
    ("near miss: survival after the agreement is terminated", "initial_term_years",
     treaty((DURATION, "Investments made before the date on which this Agreement is terminated "
                       "shall continue to be protected for a further period of ten years.")),
     None),
    # -- 3. the Parties named by another collective noun -------------------------------------
    ("disputes between the Countries", "ssds",
     treaty(("Dispute Settlement",
             "Any dispute between the Countries concerning the interpretation or application of "
             "this Agreement shall, if not settled by consultations, be referred to an arbitral "
             "tribunal.")), True),
    ("disputes between the Signatories, no heading", "ssds",
     treaty("Disputes between the Signatories on the application of this Agreement shall be "
            "settled by a panel of three arbitrators."), True),
    ("disputes between the Member States", "ssds",
     treaty(("Settlement of Disputes",
             "Disputes between the Member States relating to the interpretation of this "
             "Agreement shall be resolved through an arbitral tribunal.")), True),
    ("at the request of either Country", "ssds",
     treaty(("Arbitration between the Countries",
             "An arbitral tribunal shall be established at the request of either Country.")),
     True),
    ("near miss: disputes between investors of the Countries", "ssds",
     treaty(("Mediation",
             "Each Country shall encourage the settlement of disputes between investors of the "
             "Countries and domestic companies through mediation.")), False),
    ("investment dispute between a Country and an investor", "isds",
     treaty(("Consultation and Arbitration",
             "Any investment dispute between a Country and an investor of the other Country "
             "may be submitted by the investor to arbitration under the UNCITRAL Arbitration "
             "Rules.")), True),
    ("near miss: the ICSID Convention only defined", "isds",
     treaty(("Definitions",
             "ICSID Convention means the Convention on the Settlement of Investment Disputes "
             "between States and Nationals of Other States, done at Washington.")), False),
    # -- 4. transfers written as capital-movement freedoms (EFTA, EU) ------------------------
    ("shall not apply any restrictions on current payments", "transfer_of_funds",
     treaty(("Current Payments and Capital Movements",
             "A Party shall not apply any restrictions on current payments and capital movements "
             "relating to investments of investors of the other Party.")), True),
    ("no new restrictions on the movement of capital", "transfer_of_funds",
     treaty(("Capital", "The Parties shall introduce no new restrictions on the movement of "
                        "capital relating to direct investment between their residents.")),
     True),
    ("freedom of capital movements", "transfer_of_funds",
     treaty("With regard to the capital account, each Party shall ensure the freedom of capital "
            "movements relating to direct investments made in its territory."), True),
    ("undertakes to authorise any payments and transfers", "transfer_of_funds",
     treaty("Each Party undertakes to authorise, in freely convertible currency, any payments "
            "and transfers relating to investments in its territory."), True),
    ("near miss: restrictions allowed for the balance of payments", "transfer_of_funds",
     treaty(("Balance of Payments Difficulties",
             "A Party may adopt restrictions on payments and capital movements where its "
             "balance of payments is in serious difficulty.")), False),
    ("near miss: nothing prevents restrictions on capital movements", "transfer_of_funds",
     treaty(("Prudential Measures",
             "Nothing in this Agreement shall prevent a Party from applying restrictions on "
             "capital movements for prudential reasons.")), False),
    ("near miss: restrictions on imports", "transfer_of_funds",
     treaty(("Import Restrictions",
             "A Party shall not apply restrictions on imports of goods of the other Party.")),
     False),
    # -- 5. a sentence that denies or conditions the clause about X is no X clause ----------
    ("nothing construed to impose any obligation with respect to FPS",
     "full_protection_security",
     treaty(("Scope", "Nothing in this Chapter shall be construed to impose any obligation with "
                      "respect to investment protection, such as full protection and security "
                      "or compensation for expropriation.")), False),
    ("does not create obligations regarding FPS", "full_protection_security",
     treaty(("Scope", "This Chapter does not create obligations regarding full protection and "
                      "security of investments.")), False),
    ("a disclaimer beside the clause itself", "full_protection_security",
     treaty(("Scope", "This Annex does not create obligations regarding full protection and "
                      "security."),
            ("Treatment", "Each Party shall accord to covered investments full protection and "
                          "security.")), True),
    ("if GATT Article XX is amended", "general_exception_health_environment",
     treaty(("Review", "If Article XX of GATT 1994 is amended, the Parties shall review this "
                       "Agreement.")), False),
    ("in the event that GATS Article XIV is modified", "general_exception_health_environment",
     treaty(("Exceptions", "In the event that GATS Article XIV is modified, this Article shall "
                           "be amended accordingly after consultations.")), False),
    ("near miss: GATT Article XX incorporated", "general_exception_health_environment",
     treaty(("General Exceptions",
             "For the purposes of this Agreement, Article XX of GATT 1994 and its interpretative "
             "notes are incorporated into and made part of this Agreement, mutatis mutandis.")),
     True),
    ("near miss: incorporated, then a review if amended", "general_exception_health_environment",
     treaty(("General Exceptions", paragraphs(
         "For the purposes of this Agreement, Article XX of GATT 1994 is incorporated into and "
         "made part of this Agreement, mutatis mutandis.",
         "If Article XX of GATT 1994 is amended, the Parties shall consult."))), True),
    ("near miss: a prohibition of imposing an obligation", "performance_requirements_prohibition",
     treaty(("Performance Requirements",
             "A Party shall not impose an obligation on an investor of the other Party to "
             "export a given level or percentage of goods or to achieve a given level of "
             "domestic content.")), True),
    # -- 6. footnote marks glued to words; the double negative of a carve-out ---------------
    ("chapter-numbered footnote mark after the comma", "prudential_carveout",
     treaty(("Exceptions", "A Party may adopt or maintain measures for prudential reasons,7-3 "
                           "including for the protection of depositors.")), True),
    ("footnote mark after the full stop", "prudential_carveout",
     treaty(("Financial Services", "Each Party may take measures for prudential reasons.12-1 "
                                   "Such measures shall be reasonable.")), True),
]


@pytest.mark.parametrize(("feature", "text", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_phrasing(review, feature: str, text: str, expected: Any) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    value, finding = review(text)[feature]
    assert value == expected, finding


@pytest.mark.parametrize(("before", "after", "kind"), [
    ("Each Country ", "shall accord", "both"),
    ("Neither Signatory ", "shall impose", "both"),
    ("The Countries ", "shall cooperate", "both"),
    ("Each Member State ", "shall publish", "both"),
    ("A third country ", "shall accord", "unknown"),
])
def test_state_nouns_bear_for_both_states(before: str, after: str, kind: str) -> None:
    from treatykit.review.bearers import Parties, subject_bearer

    assert subject_bearer(before, after, Parties()).kind == kind


@pytest.mark.parametrize(("text", "prohibition"), [
    ("Neither Country shall impose a requirement to export a given level of goods.", True),
    ("No Signatory may require an investor to purchase domestic goods.", True),
    ("No Contracting Party shall expropriate investments.", True),
    ("No investor shall be required to export goods.", False),
])
def test_no_state_shall_is_a_prohibition(reviewer, text: str, prohibition: bool) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    _, compiled, _ = reviewer
    assert bool(compiled.lexicon.no_party.match(text)) is prohibition


def test_a_bar_on_restrictions_is_the_transfer_guarantee(review) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    """Prohibiting restrictions on payments is the obligation, not a prohibition of it."""
    _, finding = review(treaty(("Payments and Capital Movements",
                                "Neither Party shall impose restrictions on transfers relating "
                                "to investments.")))["transfer_of_funds"]
    assert finding["status"] == "present", finding


@pytest.mark.parametrize(("text", "words"), [
    ("measures for prudential reasons,7-3 including", ["reasons", ",", "7"]),
    ("measures for prudential reasons,3 including", ["reasons", ",", "3"]),
    ("this Agreement.12-1 Each Party", ["Agreement", ".", "12"]),
    ("in the years 2001-2005 only", ["2001"]),
])
def test_footnote_marks_are_split_off(text: str, words: list[str]) -> None:
    from treatykit.review.nlp import make_nlp

    tokens = [t.text for t in make_nlp().make_doc(text)]
    start = tokens.index(words[0])
    assert tokens[start:start + len(words)] == words


@pytest.mark.parametrize(("feature", "heading", "body", "status"), [
    ("prudential_carveout", "Financial Services",
     "Notwithstanding any other provisions of this Chapter, a Party shall not be prevented from "
     "adopting or maintaining measures for prudential reasons, including for the protection of "
     "depositors or the stability of the financial system.", "present"),
    ("prudential_carveout", "Financial Services",
     "Notwithstanding any other provision of this Chapter, a Party shall not be prevented from "
     "adopting or maintaining:\n\n(a) measures for prudential reasons;\n\n(b) measures to "
     "ensure the stability of the financial system.", "present"),
    ("prudential_carveout", "Exceptions",
     "This Agreement shall not be construed to prevent a Party from taking measures for "
     "prudential reasons.", "present"),
    ("prudential_carveout", "Exceptions",
     "Nothing in this Agreement shall be construed to prevent a Party from adopting measures "
     "for prudential reasons.", "present"),
    ("transfer_of_funds", "Transfers",
     "A Party shall not prevent investors of the other Party from transferring funds relating "
     "to their investments freely and without delay.", "present"),
    ("performance_requirements_prohibition", "Performance Requirements",
     "No Party shall impose or enforce a requirement to achieve a given level of domestic "
     "content.", "present"),
])
def test_a_double_negative_grants(review, feature: str, heading: str, body: str,  # type: ignore[no-untyped-def]  # noqa: F811
                                  status: str) -> None:
    """"shall not be prevented from" is a permission; a prohibition that is the provision stays."""
    _, finding = review(treaty((heading, body)))[feature]
    assert finding["status"] == status, finding
