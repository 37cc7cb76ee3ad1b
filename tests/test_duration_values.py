"""Termination notice and treaty term read the way each treaty family writes them.

Each case is a small treaty of our own words whose final article states the notice in one of
the usual ways (Dutch, UK, German, US and French models, and trade agreements); the entry into
force nearby states a delay that is no notice period.
"""

from __future__ import annotations

import pytest

from treatykit.review.numbers import find_quantities

_HEAD = """AGREEMENT BETWEEN THE REPUBLIC OF A AND THE KINGDOM OF B ON THE PROMOTION AND
PROTECTION OF INVESTMENTS

Article 1
Definitions

For the purposes of this Agreement the term "investment" means every kind of asset.

Article 2
Promotion

Each Contracting Party shall promote investments of investors of the other Contracting Party.

Article 12
Entry into Force, Duration and Termination

1. This Agreement shall enter into force thirty days after the date of the last notification.

"""

#: (notice in months, initial term, the paragraph that states them)
CASES = [
    (6, 15, "2. This Agreement shall remain in force for fifteen years and shall be tacitly "
            "extended for periods of ten years, unless either Contracting Party notifies the "
            "other of its termination not less than six months before the date on which the "
            "current period expires."),
    (12, 10, "2. It shall remain in force for ten years. After that it shall stay in force until "
             "twelve months have passed from the date on which either Contracting Party gave "
             "the other written notice of termination."),
    (12, None, "2. Either Party may terminate this Agreement at the end of the initial ten-year "
               "period or at any time after it by giving the other Party one year's written "
               "notice."),
    (6, None, "2. Either Contracting Party may terminate this Agreement by written notification, "
              "and the termination shall take effect six months after the date on which the "
              "other Contracting Party receives the notification."),
    (12, 10, "2. This Agreement shall remain in force for ten years and thereafter indefinitely, "
             "unless it is denounced in writing by either Contracting Party twelve months "
             "before its expiry."),
    (6, None, "2. Either Contracting Party may at any time give the other written notice of its "
              "decision to terminate this Agreement; the Agreement shall cease to have effect on "
              "the one hundred and eightieth day after that notice is received."),
    (12, None, "2. Either Contracting Party may, by giving one year's notice in writing to the "
               "other Contracting Party, terminate this Agreement at the end of the initial "
               "period or at any time thereafter."),
    (6, None, "2. A Party may withdraw from this Agreement. Such withdrawal shall enter into "
              "force 180 days after the Party provides notice to the other Party."),
]


def _values(paragraph: str) -> dict[str, object]:
    from treatykit.review.service import load_reviewer, resolve_playbook, review_text

    library, compiled = load_reviewer()
    report = review_text(_HEAD + paragraph + "\n", resolve_playbook("unctad-iia", library),
                         library, compiled, source="t.txt")
    return {f.requirement: f.value for f in report.findings}


@pytest.mark.parametrize("notice, term, paragraph", CASES)
def test_the_notice_is_read_however_the_family_words_it(notice, term, paragraph):
    values = _values(paragraph)
    assert values["termination_notice_months"] == notice
    # a period of notice ("one year's notice") is never read as the term
    if term is not None:
        assert values["initial_term_years"] == term
    else:
        assert values["initial_term_years"] in (None, "indefinite")


def test_the_delay_before_entry_into_force_is_no_notice_period():
    values = _values("2. Either Contracting Party may terminate this Agreement by written "
                     "notice to the other Contracting Party.")
    assert values["termination_notice_months"] is None  # not the thirty days of paragraph 1


@pytest.mark.parametrize("text, days", [
    ("on the one hundred and eightieth day after the notice", 180),
    ("on the 60th day following its receipt", 60),
    ("from the thirtieth day after the exchange", 30),
    ("the two hundred and seventieth day after", 270),
    ("the thirty-first day after", 31),
])
def test_an_ordinal_day_is_a_count_of_days(text, days):
    [quantity] = find_quantities(text)
    assert (quantity.value, quantity.unit) == (days, "day")


def test_a_day_of_the_month_is_no_period():
    assert find_quantities("on the first day of the second month after ratification") == []


@pytest.mark.parametrize("period, years", [
    ("three (3) years", 3), ("thirty-six (36) months", 3), ("36 months", 3),
    ("eighteen (18) months", 1.5)])
def test_a_limitation_period_in_months_is_read_in_years(period, years):
    from treatykit.review.service import grade_text, load_reviewer, resolve_playbook

    library, compiled = load_reviewer()
    text = ("AGREEMENT\n\nArticle 44: Limitation Period\n\n1. No claim may be submitted to "
            f"arbitration under Article 42 once {period} have passed after the date on which "
            "the claimant first knew of the breach.\n")
    [finding] = [f for f in grade_text(text, resolve_playbook("us-investor", library), library,
                                       compiled) if f.requirement == "limitation_period"]
    assert finding.value == years
    assert finding.status == ("present" if years >= 3 else "violates")
