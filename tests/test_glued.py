"""Texts that lost the spaces between words where lines broke (review/unglue.py).

The texts are our own wording in treaty style: a glued text, the same text clean, and texts
with odd words that are no joins.
"""

from __future__ import annotations

import pytest

from treatykit.review.recognisers import load_lexicon
from treatykit.review.unglue import find_joins, is_affected, unglue

GLUED = """Article 1 Treatment

1. Each Party shall accord to investors of the other Party and to their investments treatment \
no less favorablethan that it accords, in like circumstances, to its owninvestors and their \
investments, without regard to another agreement.

2. Each Party shall accord to investments of investors of the other Party fair andequitable \
treatment and fullprotection and security within itsterritory. Theinvestors of a Party shall \
have access to the courts of the other Party.

Article 2 Exceptions

1. Nothing in this Agreement shall prevent a Party from adopting measures necessary to protect \
human, animal or plant lifeor health, or non-discriminatory antidumping measures, provided that \
such measures shall not be inconsistent with Article 1.

2. Nothing in this Agreement shall prevent a Party from adopting measures for prudentialreasons, \
such as the protection of depositors, for which the Party shall give reasons to the other Party.

Article 3 Duration

This Agreement shall remain in force for ten years. Either Party may terminate it by givingone \
year's notice inwriting to the other Party, the notice being deposited at Washington with the \
depositary. Afterits termination, the Agreement shall continue to apply to investments made \
before the date of termination for a further period of ten years, and investors shall beentitled \
to submit claims ofthat period.

IN WITNESS WHEREOF, the undersigned, being duly authorised, have signed this Agreement.
"""

JOINED = {"favorablethan": "favorable than", "owninvestors": "own investors",
          "andequitable": "and equitable", "fullprotection": "full protection",
          "itsterritory": "its territory", "Theinvestors": "The investors",
          "lifeor": "life or", "prudentialreasons": "prudential reasons",
          "givingone": "giving one", "inwriting": "in writing", "Afterits": "After its",
          "ofthat": "of that"}


@pytest.fixture(scope="module")
def words():  # type: ignore[no-untyped-def]
    return load_lexicon().glued_words


def test_a_text_that_lost_its_spaces_gets_them_back(words) -> None:  # type: ignore[no-untyped-def]
    repaired = unglue(GLUED, words)
    for joined, split in JOINED.items():
        assert joined not in repaired and split in repaired


@pytest.mark.parametrize("word", [
    "another", "without", "inconsistent", "WHEREOF", "undersigned", "authorised",  # English
    "non-discriminatory", "year's",  # a hyphen or an apostrophe
    "antidumping",  # a derived word (anti + dumping), though no word of the tables
    "Washington",  # a proper noun (Washing + ton)
    "beentitled",  # "be entitled" or "been titled": two splits equally good
])
def test_words_that_are_no_joins_are_left_alone(words, word: str) -> None:  # type: ignore[no-untyped-def]
    assert f" {word}" in unglue(GLUED, words)


def test_only_spaces_are_inserted_and_the_lines_stay(words) -> None:  # type: ignore[no-untyped-def]
    repaired = unglue(GLUED, words)
    assert repaired.replace(" ", "") == GLUED.replace(" ", "")
    assert [line[:9] for line in repaired.splitlines()] == [line[:9] for line in GLUED.splitlines()]


def test_a_join_is_located_in_the_text_it_was_found_in(words) -> None:  # type: ignore[no-untyped-def]
    joins = find_joins(GLUED, words)
    assert all(GLUED[j.start:j.end] == "".join(j.pieces) for j in joins)
    assert {GLUED[j.start:j.end] for j in joins} == set(JOINED)


def test_a_clean_text_comes_back_unchanged(words) -> None:  # type: ignore[no-untyped-def]
    clean = GLUED
    for joined, split in JOINED.items():
        clean = clean.replace(joined, split)
    assert not is_affected(clean, words)
    assert unglue(clean, words) is clean


def test_a_few_joins_do_not_make_a_text_affected(words) -> None:  # type: ignore[no-untyped-def]
    """A clean draft with a typo or two and a few joins ("andequitable") is left as it is."""
    text = GLUED
    for joined, split in list(JOINED.items())[3:]:
        text = text.replace(joined, split)
    assert unglue(text, words) is text


def test_a_text_in_another_language_is_left_alone(words) -> None:  # type: ignore[no-untyped-def]
    spanish = ("Cada Parte otorgara a los inversionistas de la otra Parte un trato no menos "
               "favorable que el que otorgue a sus propios inversionistas. " * 20
               + "informeanual, seguridadplena, trato justoy equitativo, paraello, delas, "
               "enla, porla, sinque, antesde, cadauna, ensu, conel")
    assert unglue(spanish, words) is spanish


@pytest.mark.parametrize(("requirement", "location", "value"), [
    ("national_treatment", "Article 1(1)", True),
    ("full_protection_security", "Article 1(2)", True),
    ("general_exception_health_environment", "Article 2(1)", True),
    ("prudential_carveout", "Article 2(2)", True),
    ("termination_notice_months", "Article 3", 12),
])
def test_review_reads_the_repaired_text_and_locates_findings_in_it(
        requirement: str, location: str, value: object) -> None:
    from dataclasses import asdict

    from treatykit.review.mapping import feature_value, reported_parameters
    from treatykit.review.service import load_reviewer, resolve_playbook, review_text

    library, compiled = load_reviewer()
    playbook = resolve_playbook("unctad-iia", library)
    finding = next(f for f in review_text(GLUED, playbook, library, compiled).findings
                   if f.requirement == requirement)
    assert finding.location == location
    assert feature_value(asdict(finding), reported_parameters(playbook).get(requirement)) == value
