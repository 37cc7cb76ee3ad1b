"""Bilateral treaty families other than the Dutch one: how British-style and German-style
texts phrase duration, dispute settlement and the standards, and protections written as
prohibitions ("shall not be expropriated except ...").

Every sentence is written for these tests in the manner of those models, not taken from a
treaty: positives in several wordings, negated forms and near misses.
"""

from __future__ import annotations

from typing import Any

import pytest

from test_recognisers import review, reviewer, treaty  # noqa: F401  (shared fixtures)

DURATION = "Duration and Termination"
ENTRY = "Entry into Force"
STATE_DISPUTES = "Disputes between the Contracting Parties"

UK_RUNS_ON = ("This Agreement shall remain in force for a period of ten years. Thereafter it "
              "shall continue in force until the expiration of twelve months from the date on "
              "which either Contracting Party shall have given written notice to the other.")
UK_RUNS_ON_2 = ("This Agreement shall enter into force on the day of the last notification and "
                "shall remain in force for fifteen years; it shall continue in force thereafter "
                "until the expiry of six months from the date on which either Party has "
                "delivered notice in writing to the other.")
TERMINATE_IT = ("This Agreement shall enter into force one month after the exchange of "
                "instruments of ratification. Either Contracting Party may terminate it by "
                "giving twelve months' written notice to the other Contracting Party.")
GERMAN_DENOUNCE = ("(1) This Treaty shall enter into force one month after the exchange of the "
                   "instruments of ratification. It shall remain in force for a period of ten "
                   "years and shall be extended thereafter for an unlimited period unless "
                   "denounced in writing by either Contracting State twelve months before its "
                   "expiration. After the expiry of ten years the Treaty may be denounced at any "
                   "time with one year's notice.\n\n"
                   "(2) In respect of investments made prior to the date of termination of this "
                   "Treaty, the provisions of the above Articles shall continue to be effective "
                   "for a further period of twenty years from the date of termination.")
NOTICE_NOT_TERMINATION = ("This Agreement shall remain in force for ten years. Each Contracting "
                          "Party shall keep the other informed until the end of each year of the "
                          "measures it has taken, and notice of such measures shall be given "
                          "through the diplomatic channel.")

GERMAN_STATE_STATE = ("(1) Divergencies between the Contracting States concerning the "
                      "interpretation or application of this Treaty should as far as possible be "
                      "settled by the governments of the two Contracting States.\n\n"
                      "(2) If a divergency cannot thus be settled, it shall upon the request of "
                      "either Contracting State be submitted to an arbitration tribunal.")
GERMAN_INVESTOR = ("(1) Divergencies concerning investments between a Contracting State and an "
                   "investor of the other Contracting State should as far as possible be "
                   "settled amicably.\n\n"
                   "(2) If the divergency cannot be settled within six months, it shall, at the "
                   "request of the investor, be submitted to arbitration under the Convention of "
                   "18 March 1965 on the Settlement of Investment Disputes between States and "
                   "Nationals of Other States.")
UK_CONSENT = ("(1) Each Contracting Party hereby consents to submit to the International Centre "
              "for the Settlement of Investment Disputes for settlement by conciliation or "
              "arbitration any legal dispute arising between that Contracting Party and a "
              "national or company of the other Contracting Party concerning an investment of "
              "the latter in the territory of the former.")
UK_AT_REQUEST = ("(1) Disputes between a national or company of one Contracting Party and the "
                 "other Contracting Party concerning an obligation of the latter under this "
                 "Agreement shall, if not settled amicably within three months, at the request "
                 "of the national or company concerned, be submitted to international "
                 "arbitration under the Arbitration Rules of the United Nations Commission on "
                 "International Trade Law.")
EITHER_PARTY_TO_DISPUTE = ("(1) A dispute between an investor of one Contracting Party and the "
                           "other Contracting Party shall, at the request of either party to the "
                           "dispute, be submitted to an arbitral tribunal.")
UK_EXTENSION = ("At the time of signature of this Agreement, or at any time thereafter, the "
                "provisions of this Agreement may be extended to such territories for whose "
                "international relations the Government of the first Contracting Party is "
                "responsible as may be agreed between the Contracting Parties in an Exchange of "
                "Notes.")

# (case id, feature, treaty text, expected mapped value)
CASES: list[tuple[str, str, str, Any]] = [
    # -- notice that ends the agreement without naming termination (British model) ------------
    ("runs on until twelve months after written notice", "termination_notice_months",
     treaty((DURATION, UK_RUNS_ON)), 12),
    ("runs on ..., its fixed term", "initial_term_years", treaty((DURATION, UK_RUNS_ON)), 10),
    ("runs on until six months after notice delivered", "termination_notice_months",
     treaty((DURATION, UK_RUNS_ON_2)), 6),
    ("'may terminate it by giving twelve months' notice'", "termination_notice_months",
     treaty((ENTRY, TERMINATE_IT)), 12),
    ("'may terminate it' with no fixed term is an indefinite term", "initial_term_years",
     treaty((ENTRY, TERMINATE_IT)), "indefinite"),
    ("German: denounced with one year's notice", "termination_notice_months",
     treaty(GERMAN_DENOUNCE), 12),
    ("German: ten years, then extended", "initial_term_years", treaty(GERMAN_DENOUNCE), 10),
    ("German: a further period of twenty years", "survival_years", treaty(GERMAN_DENOUNCE), 20),
    ("near miss: a notice of measures is no termination notice", "termination_notice_months",
     treaty((DURATION, NOTICE_NOT_TERMINATION)), None),
    ("near miss: extension to territories gives no term", "initial_term_years",
     treaty(("Territorial Extension", UK_EXTENSION)), None),
    # -- dispute settlement: "divergencies", consent, requests ------------------------------
    ("German: divergencies between the Contracting States", "ssds",
     treaty(GERMAN_STATE_STATE), True),
    ("German: arbitration at a State's request is no investor-State arbitration", "isds",
     treaty(GERMAN_STATE_STATE), False),
    ("German: divergencies with an investor, at the investor's request", "isds",
     treaty(GERMAN_STATE_STATE, GERMAN_INVESTOR), True),
    ("German: the investor's forum is ICSID", "isds_icsid",
     treaty(GERMAN_STATE_STATE, GERMAN_INVESTOR), True),
    ("British: each Party hereby consents to submit to the Centre", "isds",
     treaty(("Reference to International Centre", UK_CONSENT)), True),
    ("British: consent to the Centre names ICSID", "isds_icsid", treaty(UK_CONSENT), True),
    ("British: at the request of the national or company concerned", "isds",
     treaty(UK_AT_REQUEST), True),
    ("British: at that request, UNCITRAL", "isds_uncitral", treaty(UK_AT_REQUEST), True),
    ("at the request of either party to the dispute is a claim", "isds",
     treaty(EITHER_PARTY_TO_DISPUTE), True),
    ("difference between the Parties on interpretation", "ssds",
     treaty((STATE_DISPUTES, "Any difference between the Contracting Parties concerning the "
                             "interpretation of this Agreement shall be settled by "
                             "consultation.")), True),
]


@pytest.mark.parametrize("case, feature, text, expected", CASES, ids=[c[0] for c in CASES])
def test_treaty_families(review, case, feature, text, expected):  # noqa: F811
    value, finding = review(text)[feature]
    assert value == expected, (case, finding)


# -- protections written as prohibitions -----------------------------------------------------
# (case id, requirement, text, expected status)
PROHIBITIONS: list[tuple[str, str, str, str]] = [
    ("shall not subject ... to less favourable treatment than its own: national treatment",
     "national_treatment",
     treaty("Neither Contracting Party shall in its territory subject investments of nationals "
            "or companies of the other Contracting Party to treatment less favourable than that "
            "which it accords to investments of its own nationals or companies."), "present"),
    ("no Party shall subject ... less favourably than any third State: MFN", "mfn",
     treaty("No Contracting Party shall subject investors of another Contracting Party, as "
            "regards their activity, to treatment less favourable than it accords to investors "
            "of any third State."), "present"),
    ("shall not be expropriated except ...: the expropriation clause",
     "expropriation_indirect_mentioned",
     treaty(("Expropriation", "Investments shall not be expropriated, nationalised or subjected "
             "to measures having effect equivalent to expropriation except for a public purpose, "
             "without discrimination and against prompt, adequate and effective "
             "compensation.")), "present"),
    ("no Party shall impair by unreasonable measures", "unreasonable_discriminatory_measures",
     treaty("No Contracting Party shall in any way impair by unreasonable or discriminatory "
            "measures the management, use, enjoyment or disposal of investments."), "present"),
    ("passive with an adverbial: 'investments shall at all times be accorded'", "fet",
     treaty("Investments of nationals or companies of each Contracting Party shall at all times "
            "be accorded fair and equitable treatment in the territory of the other."),
     "present"),
    ("near miss: a removal still violates", "national_treatment",
     treaty("Nothing in this Agreement shall require a Contracting Party to accord to investors "
            "of the other Contracting Party treatment no less favourable than it accords to its "
            "own investors."), "violates"),
    ("near miss: not obliged to compensate an expropriation", "expropriation_indirect_mentioned",
     treaty(("Expropriation", "A Contracting Party shall not be obliged to pay compensation for "
             "measures having effect equivalent to expropriation.")), "violates"),
]


@pytest.mark.parametrize("case, requirement, text, expected", PROHIBITIONS,
                         ids=[c[0] for c in PROHIBITIONS])
def test_a_prohibition_of_the_harm_is_the_protection(review, case, requirement, text,  # noqa: F811
                                                     expected):
    _, finding = review(text)[requirement]
    assert finding["status"] == expected, (case, finding)


def test_a_prohibition_still_meets_a_prohibition_mandate():
    """A mandate asking that the host must not expropriate (polarity prohibition) is met by
    "shall not be expropriated except ..." as before."""
    from treatykit.review.engine import analyse
    from treatykit.review.findings import evaluate
    from treatykit.review.service import load_reviewer, resolve_playbook

    library, compiled = load_reviewer()
    playbook = resolve_playbook("us-investor", library)
    text = treaty(("Expropriation", "Neither Party shall expropriate a covered investment "
                   "except for a public purpose and on payment of prompt, adequate and effective "
                   "compensation."))
    finding = next(f for f in evaluate(playbook, analyse(text, compiled), library,
                                       suggestions=False)
                   if f.provision == "expropriation.compensation")
    assert finding.status == "present", finding


# -- an agreement divided into parts only: the investment part, and what leaves it out -------
def parts_treaty(*parts: tuple[str, list[tuple[str, str]]]) -> str:
    """A treaty of parts ("PART III" with its title on the next line), each with articles."""
    lines = ["CHARTER ON CO-OPERATION", "", "The Contracting Parties,", "",
             "Have agreed as follows:", ""]
    number = 0
    for part, articles in parts:
        lines += [part.split(" ", 2)[0] + " " + part.split(" ", 2)[1], part.split(" ", 2)[2], ""]
        for heading, body in articles:
            number += 1
            lines += [f"Article {number}", heading, "", body, ""]
    return "\n".join(lines)


GOODS_PART = ("PART II TRADE", [("Transit", "(1) Each Contracting Party shall accord to goods in "
                                "transit treatment no less favourable than that which it "
                                "accords to goods destined for its own territory.")])
INVESTMENT_PART = ("PART III INVESTMENT PROTECTION", [
    ("Treatment", "(1) Each Contracting Party shall accord to investments of investors of the "
                  "other Contracting Parties fair and equitable treatment.")])
NT_IN_INVESTMENT_PART = ("PART III INVESTMENT PROTECTION", [
    ("Treatment", "(1) Each Contracting Party shall accord to investments of investors of the "
                  "other Contracting Parties treatment no less favourable than that which it "
                  "accords to investments of its own investors.")])


def exceptions_part(paragraph: str) -> tuple[str, list[tuple[str, str]]]:
    return ("PART IV MISCELLANEOUS PROVISIONS", [("Exceptions", paragraph)])


HEALTH = ("measures necessary to protect human, animal or plant life or health, or to conserve "
          "exhaustible natural resources")
PART_CASES: list[tuple[str, str, str, Any]] = [
    ("national treatment of goods in transit is no investment national treatment",
     "national_treatment", parts_treaty(GOODS_PART, INVESTMENT_PART), False),
    ("national treatment in the investment part counts", "national_treatment",
     parts_treaty(GOODS_PART, NT_IN_INVESTMENT_PART), True),
    ("an exception whose provisions 'other than Part III' are excepted leaves investment out",
     "general_exception_health_environment",
     parts_treaty(GOODS_PART, INVESTMENT_PART, exceptions_part(
         f"(1) The provisions of this Charter other than Part III shall not prevent a "
         f"Contracting Party from adopting {HEALTH}.")), False),
    ("'this Article does not apply to Part III' leaves investment out",
     "general_exception_health_environment",
     parts_treaty(GOODS_PART, INVESTMENT_PART, exceptions_part(
         f"(1) Nothing in this Charter shall prevent a Contracting Party from adopting {HEALTH}. "
         "This paragraph does not apply to Part III.")), False),
    ("an exception in a miscellaneous part reaches the investment part",
     "general_exception_health_environment",
     parts_treaty(GOODS_PART, INVESTMENT_PART, exceptions_part(
         f"(1) Nothing in this Charter shall prevent a Contracting Party from adopting "
         f"{HEALTH}.")), True),
    ("leaving out the goods part keeps investment in",
     "general_exception_health_environment",
     parts_treaty(GOODS_PART, INVESTMENT_PART, exceptions_part(
         f"(1) The provisions of this Charter other than Part II shall not prevent a "
         f"Contracting Party from adopting {HEALTH}.")), True),
    ("trade agreement: 'shall not apply to Chapter 10 (Investment)' leaves investment out",
     "general_exception_health_environment",
     "\n".join(["AGREEMENT", "", "Chapter 2 Trade in Goods", "", "Article 2.1", "Scope", "",
                "This Chapter applies to goods.", "", "Chapter 10 Investment", "",
                "Article 10.1", "Treatment", "",
                "Each Party shall accord fair and equitable treatment to covered investments.",
                "", "Chapter 20 Exceptions", "", "Article 20.1", "General Exceptions", "",
                f"1. Nothing in this Agreement shall prevent a Party from adopting {HEALTH}. "
                "This paragraph shall not apply to Chapter 10 (Investment).", ""]), False),
]


@pytest.mark.parametrize("case, feature, text, expected", PART_CASES,
                         ids=[c[0] for c in PART_CASES])
def test_the_investment_part_of_an_agreement_of_parts(review, case, feature, text,  # noqa: F811
                                                       expected):
    value, finding = review(text)[feature]
    assert value == expected, (case, finding)


def test_a_part_title_on_the_next_line_is_its_heading():
    from treatykit.review.structure import parse_structure

    units = parse_structure(parts_treaty(GOODS_PART, INVESTMENT_PART)).units
    assert [u.part for u in units if u.kind == "article"] == [
        "Part II TRADE", "Part III INVESTMENT PROTECTION"]


def test_a_list_of_annexes_is_no_annex_and_a_bare_annex_takes_the_title_below():
    from treatykit.review.structure import parse_structure

    text = "\n".join([
        "AGREEMENT", "", "Article 1", "Annexes", "",
        "The following Annexes form an integral part of this Agreement:", "",
        "Annex A List of Measures", "Annex B Schedule of Reservations", "",
        "Article 2", "Entry into Force", "", "This Agreement shall enter into force.", "",
        "ANNEX A", "LIST OF MEASURES", "", "1. Measures relating to land.", "",
        "ANNEX B", "SCHEDULE OF RESERVATIONS", "", "1. Fisheries.", ""])
    units = parse_structure(text).units
    assert [(u.label, u.heading) for u in units if u.kind in ("article", "annex")] == [
        ("Article 1", "Annexes"), ("Article 2", "Entry into Force"),
        ("Annex A", "LIST OF MEASURES"), ("Annex B", "SCHEDULE OF RESERVATIONS")]


# -- a general exception confined to one article ------------------------------------------
PRUDENTIAL = ("measures for prudential reasons, including for the protection of depositors or "
              "to ensure the integrity and stability of its financial system")
CONFINED_CASES: list[tuple[str, str, str, str]] = [
    ("prudential measures inside the transfers article, 'notwithstanding paragraph 1'",
     "prudential_carveout",
     treaty(("Transfers", "1. Each Party shall permit all transfers relating to a covered "
                          "investment to be made freely and without delay.\n\n2. Notwithstanding "
                          f"paragraph 1, a Party may adopt or maintain {PRUDENTIAL}.")), "weak"),
    ("'nothing in this Article' inside the transfers article", "prudential_carveout",
     treaty(("Transfers", "1. Each Party shall permit all transfers relating to a covered "
                          "investment to be made freely.\n\n2. Nothing in this Article shall "
                          f"prevent a Party from adopting {PRUDENTIAL}.")), "weak"),
    ("'this Article applies only to Articles 3 and 4' confines a security exception",
     "essential_security_exception",
     treaty(("Investment Promotion", "1. Each Party shall promote investments. This Article "
             "applies only to Articles 3 and 4. Nothing in this Article shall prevent a Party "
             "from taking measures necessary for the protection of its essential security "
             "interests.")), "weak"),
    ("the same carve-out for the whole agreement is present", "prudential_carveout",
     treaty(("Financial Services", "1. Notwithstanding any other provision of this Agreement, "
             f"a Party shall not be prevented from adopting {PRUDENTIAL}.")), "present"),
    ("'nothing in this Article' in an article headed prudential measures is present",
     "prudential_carveout",
     treaty(("Prudential Measures", f"1. Nothing in this Article shall prevent a Party from "
             f"adopting {PRUDENTIAL}.")), "present"),
]


@pytest.mark.parametrize("case, requirement, text, expected", CONFINED_CASES,
                         ids=[c[0] for c in CONFINED_CASES])
def test_a_general_exception_confined_to_one_article_is_weak(review, case,  # noqa: F811
                                                             requirement, text, expected):
    value, finding = review(text)[requirement]
    assert (finding["status"], value) == (expected, True), (case, finding)
