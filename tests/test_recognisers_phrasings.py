"""General phrasings of five legal concepts, in the wordings of the main treaty families.

The concepts are those the audit set's holdout half missed (bench/README.md, "Audit set"):
indirect expropriation named by its effect, non-derogation in its several families, UNCITRAL
named with a variant or a misspelling, subrogation written through the insurer's position, and
investor-State arbitration that rests on consent given case by case. Every sentence is written
for these tests (none is taken from a treaty): positive ones in several drafting styles,
negated ones, and near misses that share words with the concept but are not it.
"""

from __future__ import annotations

from typing import Any

import pytest

from test_recognisers import review, reviewer, treaty  # noqa: F401  (shared fixtures)

EXPROPRIATION = "Expropriation"
ISDS = "Settlement of Disputes between a Party and an Investor of the other Party"


def fta(*, initial: str = "The objectives of this Agreement are to liberalise trade.",
        investment: str = "Each Party shall accord to covered investments fair and equitable "
                          "treatment.",
        goods: str = "Each Party shall accord national treatment to the goods of the other "
                     "Party.") -> str:
    """A small trade agreement: initial provisions, trade in goods and an investment chapter."""
    return "\n\n".join([
        "Free Trade Agreement between Arcadia and Borduria",
        "The Parties, resolved to promote trade, have agreed as follows:",
        "CHAPTER 1 Initial Provisions", "ARTICLE 1.1 Relation to Other Agreements", initial,
        "CHAPTER 2 Trade in Goods", "ARTICLE 2.1 Treatment of Goods", goods,
        "CHAPTER 9 Investment", "ARTICLE 9.1 Treatment", investment]) + "\n"


# (case id, feature, treaty text, expected mapped value)
CASES: list[tuple[str, str, str, Any]] = [
    # -- indirect expropriation named by its effect ------------------------------------------
    ("measures amounting to expropriation", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall nationalise or expropriate investments of "
                            "investors of the other Party, or take measures amounting to "
                            "expropriation, except for a public purpose and against prompt "
                            "compensation.")), True),
    ("measures amounting thereto", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Investments shall not be subjected to expropriation, "
                            "nationalisation or any measures amounting thereto, unless the "
                            "measures are taken for a public purpose and on a "
                            "non-discriminatory basis.")), True),
    ("tantamount thereto, no heading", "expropriation_indirect_mentioned",
     treaty("A Contracting Party shall not expropriate an investment of an investor of the other "
            "Contracting Party, nor adopt any measure tantamount thereto, except against "
            "adequate compensation."), True),
    ("the effect of which is to dispossess", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Each Contracting Party undertakes not to adopt any measure of "
                            "expropriation or any other measure the effect of which is to "
                            "dispossess investors of the other Contracting Party of their "
                            "assets, except for reasons of public utility.")), True),
    ("measures with the effect of depriving", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "No Party shall nationalise investments or take measures having the "
                            "effect of depriving investors of the use of their property, save "
                            "for a public purpose and against compensation.")), True),
    ("measures having the same nature or the same effect", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall take measures of expropriation or "
                            "nationalisation, or any other measures having the same nature or "
                            "the same effect, against investments of investors of the other "
                            "Party, unless they are taken in the public interest.")), True),
    ("measures having similar effects", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Investments shall not be nationalised, expropriated, requisitioned "
                            "or subjected to any measures having similar effects, except for "
                            "public purposes and against compensation.")), True),
    ("equivalent in effect to expropriation", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "A Party shall not take a measure that is equivalent in effect to "
                            "expropriation unless it pays compensation at fair market value.")),
     True),
    ("tantamount to a taking", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall take any measure tantamount to a taking of the "
                            "property of investors of the other Party without paying "
                            "compensation.")), True),
    ("expropriated indirectly", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Investments shall not be expropriated indirectly or directly, "
                            "except for a public purpose, under due process of law and against "
                            "payment of compensation.")), True),
    ("expropriation, whether direct or indirect", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Any expropriation, whether direct or indirect, shall be carried "
                            "out only for a public purpose and against compensation.")), True),
    ("creeping nationalisation", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall subject investments to nationalisation, "
                            "including creeping nationalisation, except for a public purpose "
                            "and against compensation.")), True),
    ("regulatory takings", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "The Parties shall not expropriate investments, and their "
                            "tribunals shall assess claims of regulatory takings in the light "
                            "of the public purpose of the measure.")), True),
    ("near miss: compensation amounting to the value", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "1. Neither Party shall expropriate a covered investment except for "
                            "a public purpose.\n2. Compensation shall amount to the fair market "
                            "value of the expropriated investment immediately before the "
                            "expropriation.")), False),
    ("near miss: charges having equivalent effect to duties", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall expropriate a covered investment except for a "
                            "public purpose and against prompt compensation."),
            ("Customs Duties", "No new customs duties or charges having equivalent effect shall "
                               "be introduced, and no measures having equivalent effect to "
                               "quantitative restrictions shall be adopted.")), False),
    ("near miss: measures having an equivalent effect on goods", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall expropriate a covered investment except for a "
                            "public purpose and against prompt compensation."),
            ("Quantitative Restrictions", "No new quantitative restrictions on imports or "
                                          "measures having an equivalent effect shall be "
                                          "introduced in trade between the Parties.")), False),
    ("near miss: direct or indirect ownership", "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Neither Party shall expropriate an investment, whether owned "
                            "directly or through an enterprise, except for a public purpose and "
                            "against compensation."),
            ("Definitions", "Investor means a natural person who holds, through direct or "
                            "indirect ownership, shares of an enterprise.")), False),
    ("negated: no compensation for measures amounting to expropriation",
     "expropriation_indirect_mentioned",
     treaty((EXPROPRIATION, "Nothing in this Article shall require a Party to compensate an "
                            "investor for measures amounting to expropriation.")), False),
    # -- non-derogation: more favourable rules from law or other agreements prevail ---------
    ("an investor may take advantage of more favourable law", "non_derogation",
     treaty(("Scope", "This Agreement shall not prevent an investor of a Party from taking "
                      "advantage of any statute, decree or policy of the host Party that is "
                      "more favourable to that investor than this Agreement.")), True),
    ("nothing prevents investors benefiting from more favourable provisions", "non_derogation",
     treaty("Nothing in this Agreement shall preclude investors of either Contracting Party, "
            "or their investments, from benefiting from more favourable provisions contained in "
            "the law of the host Contracting Party or in another treaty."), True),
    ("no limit on the rights of investors to benefit", "non_derogation",
     treaty(("Relation to Investment Treaties",
             "Nothing in this Title shall be taken to limit the rights of investors of the "
             "Parties to benefit from any more favourable treatment granted by an investment "
             "treaty between a Member State and a Party.")), True),
    ("shall not derogate from what entitles an investor to more", "non_derogation",
     treaty("This Agreement shall not derogate from any of the following that entitle an "
            "investor of a Party or a covered investment to treatment more favourable than "
            "that provided by this Agreement: (a) laws of a Party; (b) obligations of a Party "
            "under international law."), True),
    ("the more favourable provisions shall apply", "non_derogation",
     treaty(("Other Commitments", "Where a matter is governed both by this Agreement and by "
                                  "another agreement binding both Parties, the more favourable "
                                  "provisions shall apply to the investors of each Party.")),
     True),
    ("nothing prevents the application of more favourable rules", "non_derogation",
     treaty("The provisions of this Agreement shall not prevent the application of any more "
            "favourable rule that the law of a Party grants to investments."), True),
    ("relation clause naming investments, in the initial provisions", "non_derogation",
     fta(initial="This Agreement shall not be construed to derogate from any legal obligation "
                 "between the Parties that provides for more favourable treatment of goods, "
                 "investments or persons than that provided for under this Agreement."), True),
    ("relation clause naming investors first, in the initial provisions", "non_derogation",
     fta(initial="For greater certainty, this Agreement shall not be construed to derogate "
                 "from an obligation between the Parties which entitles investors of a Party "
                 "to treatment more favourable than that accorded by this Agreement."), True),
    ("near miss: relation clause for goods and services only", "non_derogation",
     fta(initial="This Agreement shall not be construed to derogate from any legal obligation "
                 "between the Parties that entitles goods or services, or persons, to "
                 "treatment more favourable than that accorded by this Agreement."), False),
    ("near miss: a more favourable agreement is no inconsistency", "non_derogation",
     fta(initial="The fact that another agreement provides more favourable treatment of "
                 "goods, services or investments than this Agreement does not mean that the "
                 "two agreements are inconsistent."), False),
    ("near miss: a Party may grant more favourable treatment", "non_derogation",
     treaty("Nothing in this Agreement shall prevent a Party from according more favourable "
            "treatment to small enterprises owned by its own nationals."), False),
    ("near miss: the more favourable tariff rate applies to goods", "non_derogation",
     fta(goods="Where the rate of customs duty under this Agreement is higher than the "
               "applied rate, the more favourable tariff rate shall apply."), False),
    ("near miss: MFN does not extend customs-union benefits", "non_derogation",
     treaty("The most-favoured-nation treatment under this Agreement shall not be construed "
            "so as to oblige a Party to extend to investors of the other Party the benefit of "
            "any treatment more favourable resulting from a customs union."), False),
    ("negated: this Agreement prevails over more favourable law", "non_derogation",
     treaty("Where the law of a Party accords investors treatment more favourable than this "
            "Agreement, this Agreement shall nonetheless prevail."), False),
    # -- subrogation through the insurer's position -----------------------------------------
    ("an insurer exercises the rights as subrogee", "subrogation",
     treaty("Where an agency of a Party has insured an investment against political risks and "
            "has paid the investor, the agency shall be entitled to exercise the rights of the "
            "investor as subrogee."), True),
    ("a designated entity that insured shall be entitled to the rights", "subrogation",
     treaty("A designated entity of a Party that has insured an investment against "
            "non-commercial risks shall be entitled to exercise the rights and claims of the "
            "investor to the same extent as the investor."), True),
    ("the issuer acts as a creditor", "subrogation",
     treaty(("Investment Insurance",
             "Where the issuer of an investment guarantee pays a claim, the host Party shall "
             "allow the issuer to exercise the rights arising from the guarantee as a "
             "creditor.")), True),
    ("the succession of the issuer to any right", "subrogation",
     treaty("If the issuer makes a payment under an investment guarantee, the other Party shall "
            "accept the succession of the issuer to any right, title or claim of the "
            "guaranteed investor."), True),
    ("a long assignment of rights", "subrogation",
     treaty("If a Party makes a payment under an indemnity given for an investment, the other "
            "Party shall recognise the assignment, whether by operation of law or by a legal "
            "transaction in the first Party, to that Party or to its designated agency, of "
            "every right and claim of the indemnified investor."), True),
    ("near miss: receipts under insurance are no defence", "subrogation",
     treaty(("Conduct of the Arbitration",
             "In an arbitration under this Section, the respondent shall not assert as a "
             "defence that the claimant has received compensation under an insurance or "
             "guarantee contract for its loss.")), False),
    ("near miss: the rights of creditors in a transfers clause", "subrogation",
     treaty(("Transfers", "Each Party shall permit transfers relating to investments to be made "
                          "freely. A Party may delay a transfer through the equitable "
                          "application of its laws on bankruptcy or the protection of the "
                          "rights of creditors, and an insurer shall be paid as a creditor "
                          "under those laws.")), False),
    ("near miss: an investor that is a legal entity is entitled to its rights", "subrogation",
     treaty(("Claims", "An investor of a Party that is a legal entity designated by its "
                       "shareholders shall be entitled to exercise the rights and claims of its "
                       "investment before a tribunal.")), False),
    ("negated: no duty to recognise an assignment", "subrogation",
     treaty("A Party shall not be required to recognise the assignment to an insurer of any "
            "right or claim of an investor."), False),
    # -- UNCITRAL however it is named -------------------------------------------------------
    ("uncitral misspelt", "isds_uncitral",
     treaty((ISDS, "The investor may submit the dispute to an ad hoc tribunal under the "
                   "arbitration rules of the United Nations Commision on International Trade "
                   "Law.")), True),
    ("uncitral shortened", "isds_uncitral",
     treaty((ISDS, "Each Contracting Party consents to the submission of an investment dispute "
                   "to arbitration under the rules of the UN Commission on International Trade "
                   "Law.")), True),
    ("uncitral rules", "isds_uncitral",
     treaty((ISDS, "The investor may submit a claim to arbitration under the UNCITRAL rules.")),
     True),
    ("the arbitration rules of the United Nations", "isds_uncitral",
     treaty((ISDS, "The dispute shall, at the request of the investor, be submitted to an "
                   "arbitral tribunal acting under the Arbitration Rules of the United "
                   "Nations Comission.")), True),
    ("near miss: the Secretary-General of the United Nations appoints", "isds_uncitral",
     treaty((ISDS, "The investor may submit the dispute to the International Centre for "
                   "Settlement of Investment Disputes. If the arbitrators are not appointed, "
                   "the Secretary-General of the United Nations shall appoint them.")), False),
    ("near miss: uncitral rules for state-state arbitration only", "isds_uncitral",
     treaty(("Disputes between the Parties",
             "Any dispute between the Parties concerning the interpretation of this Agreement "
             "shall be settled under the Arbitration Rules of the United Nations Comission on "
             "International Trade Law.")), False),
    # -- investor-State arbitration on consent given case by case ---------------------------
    # The treaty sets out the procedure and forums, but the State agrees case by case: ISDS,
    # weakly worded (tests below); the treaty says it gives no consent itself: no ISDS.
    ("forums open if both parties to the dispute agree", "isds",
     treaty((ISDS, "1. An investor may request consultations on a measure of the other Party. "
                   "2. A dispute not settled within six months may, if both parties to the "
                   "dispute agree, be submitted to arbitration under the ICSID Convention or "
                   "to an ad hoc tribunal.")), True),
    ("an investor may submit with the consent of the disputing Party", "isds",
     treaty("The investor concerned may, with the consent of the disputing Party, submit the "
            "dispute to conciliation or arbitration before the International Centre for "
            "Settlement of Investment Disputes."), True),
    ("no mechanism yet, consent only per dispute", "isds",
     treaty(("Future Work",
             "1. The Parties shall hold negotiations within three years in order to establish a "
             "procedure for the settlement of investment disputes between a Party and an "
             "investor of the other Party.\n2. In the absence of such a procedure, an "
             "investment dispute between a Party and an investor may go to international "
             "arbitration only where the Party concerned so decides, granting its consent in "
             "respect of each particular dispute, and no arbitral tribunal shall have "
             "jurisdiction in the absence of that written consent.")), False),
    ("the Parties agree to consider investor-State arbitration", "isds",
     treaty(("Review", "The Parties agree to consider the inclusion in this Agreement of a "
                       "procedure for the arbitration of disputes between a Party and an "
                       "investor of the other Party.")), False),
    ("negated: nothing is consent to arbitration", "isds",
     treaty(("Investment Disputes",
             "Nothing in this Agreement shall be construed as the consent of a Party to submit "
             "a dispute with an investor of the other Party to arbitration under the ICSID "
             "Convention.")), False),
    ("near miss: state-state arbitration case by case", "isds",
     treaty(("Disputes between the Parties",
             "A dispute between the Parties may, if both parties to the dispute agree, be "
             "referred to an arbitral tribunal.")), False),
]


@pytest.mark.parametrize(("feature", "text", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_phrasing(review, feature: str, text: str, expected: Any) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    value, finding = review(text)[feature]
    assert value == expected, finding


@pytest.mark.parametrize(("body", "status"), [
    ("The investor may, with the consent of the disputing Party, submit the dispute to "
     "arbitration under the UNCITRAL Arbitration Rules.", "weak"),
    ("A dispute may, if both parties to the dispute agree, be submitted by the investor to "
     "arbitration under the ICSID Convention.", "weak"),
    ("Each Party consents to the submission of a claim to arbitration under this Section. "
     "Unless the disputing parties otherwise agree, the tribunal shall comprise three "
     "arbitrators.", "present"),
], ids=["with the consent of the disputing Party", "if both parties to the dispute agree",
        "standing consent"])
def test_consent_given_case_by_case_is_weak_isds(review, body: str, status: str) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    value, finding = review(treaty((ISDS, body)))["isds"]
    assert (value, finding["status"]) == (True, status), finding
