"""The pieces of the engine the recognisers rely on: gapped patterns, chapter scope, numbers,
pattern normalisation, and the mapping from findings to a feature row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from treatykit.review.nlp import make_nlp

    return make_nlp()


def _matches(nlp, patterns: list[list[dict[str, Any]]], text: str) -> list[str]:  # type: ignore[no-untyped-def]
    from treatykit.review.gaps import GappedMatcher
    from treatykit.review.nlp import normalise_pattern

    matcher = GappedMatcher(nlp.vocab)
    for pattern in patterns:
        matcher.add("key", normalise_pattern(pattern))
    doc = nlp(text)
    return [doc[s:e].text for _, s, e in matcher(doc)]


DENY = [{"LEMMA": "deny"}, {"OP": "{,4}"}, {"LEMMA": "benefit"}]


@pytest.mark.parametrize(("text", "found"), [
    ("A Party may deny the benefits of this Chapter.", ["deny the benefits"]),
    ("A Party may deny to an investor of the other Party the benefits.", []),  # gap of 7 > 4
    ("A Party may deny it. The benefits are many.", []),  # never across sentences
])
def test_a_gap_is_bounded_and_stays_in_its_sentence(nlp, text: str, found: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert _matches(nlp, [DENY], text) == found


def test_a_lemma_value_is_lemmatized_like_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    pattern = [{"LEMMA": "observe"}, {"OP": "{,3}"}, {"LEMMA": "undertaking"}]
    assert _matches(nlp, [pattern], "Each Party shall observe any undertakings given.") == \
        ["observe any undertakings"]


def test_a_lower_value_is_not_respelled(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _matches(nlp, [[{"LOWER": "centre"}]], "the Centre established") == ["Centre"]


@pytest.mark.parametrize("pattern", [
    [{"OP": "*"}, {"LEMMA": "benefit"}],
    [{"LEMMA": "benefit"}, {"OP": "?"}],
])
def test_a_pattern_cannot_start_or_end_with_a_gap(pattern: list[dict[str, Any]]) -> None:
    from treatykit.review.gaps import split_gaps

    with pytest.raises(ValueError, match="gap"):
        split_gaps(pattern)


def test_bad_pattern_data_names_the_file_and_cue(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from treatykit.errors import LibraryError
    from treatykit.library import library_dirs, load_library
    from treatykit.review.recognisers import compile_library

    (tmp_path / "x.yaml").write_text(
        "provision: treatment.fair_equitable\nrecognise:\n  cues:\n"
        "    - id: broken\n      pattern: [{OP: '*'}, {LEMMA: fair}]\n", encoding="utf-8")
    library, _ = load_library(library_dirs([tmp_path]))
    with pytest.raises(LibraryError) as caught:
        compile_library(library)
    problem = caught.value.problems[0]
    assert Path(problem.file).name == "x.yaml"
    assert (problem.field or "").startswith("provision.recognise.cues[")
    assert "may not start with a gap" in problem.message


# -- chapter scope --------------------------------------------------------------------------

CHAPTERS = {"10": "Investment"}


@pytest.mark.parametrize(("chapter", "context", "reaches"), [
    ("Chapter 20 Exceptions", "For the purposes of Chapters 2 (Trade in Goods) through 7 "
                              "(Trade Remedies), Article XX of GATT 1994 is incorporated.", False),
    ("Chapter 20 Exceptions", "For the purposes of Chapters 8 (Services) and 10 (Investment), "
                              "Article XIV of GATS is incorporated.", True),
    ("Chapter 20 Exceptions", "For the purposes of Chapters 8 through 11, Article XIV of GATS "
                              "is incorporated.", True),
    ("Chapter 20 Exceptions", "Nothing in this Agreement shall be construed to prevent a Party "
                              "from taking any action.", True),
    ("Chapter 9 Financial Services", "Nothing in this Chapter shall prevent a Party from "
                                     "adopting measures for prudential reasons.", False),
    ("Chapter 9 Financial Services", "Notwithstanding any other provision of this Agreement, a "
                                     "Party may adopt measures for prudential reasons.", True),
    ("Chapter 10 Investment", "Nothing in this Chapter shall prevent a Party from adopting "
                              "measures.", True),
    ("Chapter 20 Exceptions", "For the purposes of Chapter Ten (Investment), the following "
                              "applies.", True),
    ("Chapter 21 Exceptions", "For purposes of: Part Two (Trade in Goods), except to the extent "
                              "that a provision of that Part applies to services or investment, "
                              "and Part Three, GATT Article XX is incorporated.", False),
    ("Chapter 21 Exceptions", "Article XX of GATT is incorporated into this Agreement for the "
                              "purposes of: Chapters 3 (Goods), 4 (Rules of Origin); Chapter 10 "
                              "(Investment).", True),
    ("Chapter 12 Financial Services", "Nothing in this Chapter shall prevent measures, or be a "
                                      "disguised restriction on investment in financial "
                                      "institutions.", False),
    ("Chapter 9 Goods", "This Agreement shall be read with the WTO Agreement.", False),
    # a part or chapter title naming investment among other matters (audit tune)
    ("Chapter 19 Exceptions", "Article XIV of GATS is incorporated into this Agreement for "
                              "purposes of: (a) Part Two (Trade in Goods), to the extent that "
                              "it applies to services; and (b) Part Four (Investment, Services "
                              "and Related Matters).", True),
    ("Chapter 19 Exceptions", "For the purposes of Chapter 2 (Trade in Goods, including "
                              "Trade-Related Investment Measures), Article XX of GATT 1994 is "
                              "incorporated.", False),
])
def test_a_clause_reaches_the_investment_chapter_only_when_its_scope_says_so(
        chapter: str, context: str, reaches: bool) -> None:
    from treatykit.review.scope import applies_to_investment
    from treatykit.review.structure import Unit

    unit = Unit(kind="article", label="Article 1", heading="", start=0, end=1, chapter=chapter)
    assert applies_to_investment(unit, [context], CHAPTERS) is reaches


def test_a_treaty_without_an_investment_chapter_is_all_investment() -> None:
    from treatykit.review.scope import applies_to_investment, in_investment_chapter
    from treatykit.review.structure import Unit

    unit = Unit(kind="article", label="Article 1", heading="", start=0, end=1)
    assert in_investment_chapter(unit, {}) and applies_to_investment(unit, ["x"], {})


def test_chapters_numbered_in_words_and_sections_inside_them() -> None:
    from treatykit.review.structure import parse_structure

    text = ("Agreement\n\nCHAPTER TEN Investment\n\nSection A General\n\nARTICLE 10.1 Scope\n\n"
            "This Chapter applies to investments.\n\nCHAPTER ELEVEN Competition\n\n"
            "ARTICLE 11.1 Objectives\n\nThe Parties shall cooperate.\n")
    units = [u for u in parse_structure(text).units if u.kind == "article"]
    assert [(u.chapter, u.container) for u in units] == [
        ("Chapter 10 Investment", "Section A General"),
        ("Chapter 11 Competition", "Chapter 11 Competition")]


# -- numbers --------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "unit", "value"), [
    ("a period of fifteen (15) years", "year", 15),
    ("for a period often years", "year", 10),  # "of ten" run together in extracted text
    ("180 days after the notification", "month", 6),
    ("one year's advance notice", "month", 12),
    ("ninety-one days", "month", None),  # not a whole number of months
])
def test_quantities_convert_to_the_unit_asked(text: str, unit: str, value: int | None) -> None:
    from treatykit.review.numbers import find_quantities

    quantity = find_quantities(text)[0]
    assert quantity.as_unit(unit) == value


# -- findings to a feature row --------------------------------------------------------------

@pytest.mark.parametrize(("finding", "report", "value"), [
    ({"status": "present"}, None, True),
    ({"status": "weak"}, None, True),
    ({"status": "violates", "cue": {"modal": "shall"}}, None, True),
    ({"status": "violates", "cue": {"negation": "shall not be required to"}}, None, False),
    ({"status": "missing"}, None, False),
    ({"status": "present", "value": 15}, "initial_term_years", 15),
    ({"status": "present", "value": None}, "initial_term_years", "indefinite"),
    ({"status": "missing", "value": None}, "initial_term_years", None),
    ({"status": "missing", "value": None}, "survival_years", 0),
    ({"status": "present", "value": None}, "survival_years", None),
])
def test_a_finding_maps_to_a_feature_value(finding: dict[str, Any], report: str | None,
                                           value: Any) -> None:
    from treatykit.review.mapping import feature_value

    assert feature_value(finding, report) == value


def test_four_digit_article_numbers_are_articles() -> None:
    """NAFTA-style numbering: chapter 11, article 13 is "Article 1113"."""
    from treatykit.review.structure import parse_structure

    text = ("CHAPTER ELEVEN Investment\n\nARTICLE 1112 Relation To Other Chapters\n\nText.\n\n"
            "ARTICLE 1113 Denial Of Benefits\n\n1. A Party may deny the benefits of this "
            "Chapter.\n")
    units = [u for u in parse_structure(text).units if u.kind == "article"]
    assert [(u.label, u.heading) for u in units] == [
        ("Article 1112", "Relation To Other Chapters"), ("Article 1113", "Denial Of Benefits")]


def test_a_footnote_mark_after_punctuation_is_a_token_of_its_own(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Each Party shall apply this Agreement.5 Each Party may act for prudential reasons,3 "
              "as in Article 10.6.1 and Art.12.")
    assert [t.text for t in doc][5:8] == ["Agreement", ".", "5"]
    assert "reasons" in [t.text for t in doc] and "10.6.1" in [t.text for t in doc]
    assert len(list(doc.sents)) == 2
