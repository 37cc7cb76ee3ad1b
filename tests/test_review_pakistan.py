"""The generated Pakistan-US draft against Pakistan's mandate: it passes, and each mutation
of the issue changes exactly the requirement it targets (the whole status map is asserted)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEALS = ROOT / "corpus" / "deals"

#: Shipped deal -> the playbooks its draft is written to meet (every shipped deal is listed,
#: so a new deal forces a decision; an empty list means it meets no shipped mandate).
DEAL_MEETS = {
    "pakistan-us-critical-minerals": ["pakistan-minerals"],
    "balochistan-mine-development-agreement": [],  # a contract: no market-access clause
    "ghana-netherlands-balanced-bit": [],
    "zambia-uk-investor-protective-bit": [],
}


def _review(text: str, playbook: str = "pakistan-minerals"):  # type: ignore[no-untyped-def]
    from treatykit.review.service import load_reviewer, resolve_playbook, review_text

    library, compiled = load_reviewer()
    return review_text(text, resolve_playbook(playbook, library), library, compiled,
                       source="draft.md")


def _statuses(report) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {f.requirement: f.status for f in report.findings}


def _article(text: str, heading: str) -> tuple[int, int]:
    """Start and end of the article whose heading contains `heading`."""
    match = re.search(rf"^#+ Article \d+: [^\n]*{heading}[^\n]*\n.*?(?=^#+ )", text, re.M | re.S)
    assert match, f"no article headed '{heading}' in the draft"
    return match.start(), match.end()


def _articles_only(text: str) -> str:
    """The draft without its annex pages, which restate some commitments (an Annex II entry,
    the Protocol outline): a mutation edits one article and is judged on the articles."""
    return text.split("\n---\n\n## Annex ")[0]


def _edit(text: str, heading: str | tuple[str, ...], change: Callable[[str], str]) -> str:
    if isinstance(heading, tuple):  # one change made in each of several articles
        for one in heading:
            text = _edit(text, one, change)
        return text
    start, end = _article(text, heading)
    changed = change(text[start:end])
    assert changed != text[start:end], "the mutation changed nothing"
    return text[:start] + changed + text[end:]


def _rewrite_technology(article: str) -> str:
    heading = article.splitlines()[0]
    return (f"{heading}\n\n1. A covered investment shall not be required to transfer "
            "technology, production processes or other proprietary knowledge to any person in "
            "the territory of Pakistan, and the United States shall not be required to support "
            "any such transfer.\n\n")


def _courts(article: str) -> str:
    """Every arbitral forum of the investor-State article replaced by Pakistan's courts."""
    article = re.sub(r"the ICSID Convention[^,;.]*|the UNCITRAL Arbitration Rules[^,;.]*|"
                     r"the ICSID Additional Facility Rules[^,;.]*",
                     "the competent courts of Pakistan", article)
    return re.sub(r"\b(ICSID|UNCITRAL|Permanent Court of Arbitration|International Centre for "
                  r"Settlement of Investment Disputes)\b", "the courts of Pakistan", article)


MUTATIONS = {
    # name: (article heading, change, {requirement: expected status}, expected value or None)
    "equity deleted": ("Local Equity", lambda a: "", {"local_equity": "missing"}, None),
    "equity 30 -> 20": ("Local Equity",
                        lambda a: a.replace("thirty (30) per cent", "twenty (20) per cent", 1),
                        {"local_equity": "violates"}, 20),
    "technology softened": ("Technology", lambda a: a.replace("shall", "may endeavour to"),
                            {"technology_transfer": "weak"}, None),
    "technology removed": ("Technology", _rewrite_technology,
                           {"technology_transfer": "violates"}, None),
    # the forums are named in the investor-State article and in the conduct of arbitration
    "forums replaced by courts": (("Investor-State", "Conduct of the Arbitration"), _courts,
                                  {"international_arbitration": "violates"}, None),
}


@pytest.fixture(scope="module")
def baseline(pakistan_draft):  # type: ignore[no-untyped-def]
    return _review(pakistan_draft.markdown)


@pytest.fixture(scope="module")
def articles_baseline(pakistan_draft):  # type: ignore[no-untyped-def]
    return _review(_articles_only(pakistan_draft.markdown))


def test_the_pakistan_draft_passes_pakistan_minerals(baseline) -> None:  # type: ignore[no-untyped-def]
    blocking = {f.requirement: (f.status, f.reason) for f in baseline.blocking}
    assert blocking == {}
    local_equity = baseline.findings[0]
    assert (local_equity.requirement, local_equity.value) == ("local_equity", 30)


def test_the_cli_exits_0_on_the_pakistan_draft(invoke, pakistan_draft, tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text(pakistan_draft.markdown, encoding="utf-8")
    code, _, err = invoke("review", str(draft), "--playbook", "pakistan-minerals")
    assert code == 0, err


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_mutation_changes_only_its_provision(  # type: ignore[no-untyped-def]
        name: str, pakistan_draft, articles_baseline) -> None:
    heading, change, expected, value = MUTATIONS[name]
    baseline = articles_baseline
    report = _review(_edit(_articles_only(pakistan_draft.markdown), heading, change))
    target = next(iter(expected))
    provision = next(f.provision for f in report.findings if f.requirement == target)
    # Requirements on the same provision read the same (mutated) article and move with it;
    # every other requirement must keep its status.
    same = {f.requirement for f in report.findings if f.provision == provision} - {target}
    before, after = _statuses(baseline), _statuses(report)
    assert after[target] == expected[target], report.findings
    assert {k: v for k, v in after.items() if k not in same | {target}} == \
        {k: v for k, v in before.items() if k not in same | {target}}
    assert all(after[r] != "present" or before[r] == "present" for r in same)
    if value is not None:
        finding = next(f for f in report.findings if f.requirement == target)
        assert finding.value == value
        assert finding.suggestion and finding.suggestion[0].endswith(".balanced")


def test_removed_technology_transfer_is_not_present(pakistan_draft) -> None:  # type: ignore[no-untyped-def]
    heading, change, _, _ = MUTATIONS["technology removed"]
    report = _review(_edit(_articles_only(pakistan_draft.markdown), heading, change))
    finding = next(f for f in report.findings if f.requirement == "technology_transfer")
    assert finding.status != "present"
    assert finding.cue.get("negation") == "shall not be required to"


def test_conflicts_carry_both_locations_and_the_library_advice(baseline) -> None:  # type: ignore[no-untyped-def]
    for conflict in baseline.conflicts:
        assert conflict["a"]["location"].startswith("Article ")
        assert conflict["b"]["location"].startswith("Article ")
        assert conflict["why"] and conflict["resolve"]


def _pairs(report) -> set[frozenset[str]]:  # type: ignore[no-untyped-def]
    return {frozenset((c["a"]["provision"], c["b"]["provision"])) for c in report.conflicts}


def test_the_draft_reports_only_the_tensions_it_leaves_open(baseline) -> None:  # type: ignore[no-untyped-def]
    # the draft's own drafting settles the others (a refused export licence is replaced by
    # an alternative, windfall terms are set at entry, milestones follow late infrastructure,
    # the local-equity floor is reserved in Annex II and priced by an independent valuer)
    assert _pairs(baseline) == {
        frozenset(("security.investment_security", "equity.local_participation")),
        frozenset(("transparency.anticorruption", "dispute.investor_state"))}


#: The words of the draft that settle a tension (every place that does), and the pair that
#: opens when they go.
SETTLING = {
    "export refusal answered by an alternative": (
        r"Where a Party refuses such an authorisation[^.]*\.",
        {"exceptions.essential_security", "technology.transfer"}),
    "windfall levy fixed at entry": (
        r"The levy forms part of the regime[^.]*\.|, or to a fiscal mechanism, such as a "
        r"windfall royalty,[^.]*",
        {"stabilisation.change_in_law", "fiscal.transparent_regime"}),
    "milestones extended for late infrastructure": (
        r"Where Pakistan fails to deliver on time infrastructure[^.]*\.|Milestones shall be "
        r"extended by the period of any delay[^.]*\.",
        {"infrastructure.codevelopment", "value_addition.local_processing"}),
}


@pytest.mark.parametrize("name", list(SETTLING))
def test_striking_the_sentence_that_settles_a_tension_reopens_it(  # type: ignore[no-untyped-def]
        name: str, pakistan_draft, baseline) -> None:
    pattern, pair = SETTLING[name]
    text, count = re.subn(pattern, "", pakistan_draft.markdown)
    assert count == pattern.count("|") + 1, name
    reopened = _pairs(_review(text)) - _pairs(baseline)
    assert reopened == {frozenset(pair)}


def test_every_shipped_deal_has_a_round_trip_decision() -> None:
    assert sorted(DEAL_MEETS) == sorted(p.stem for p in DEALS.glob("*.yaml"))


@pytest.mark.parametrize(("deal", "playbook"),
                         [(d, p) for d, books in DEAL_MEETS.items() for p in books])
def test_round_trip_a_drafted_deal_passes_the_playbook_it_meets(deal: str,
                                                                playbook: str) -> None:
    from treatykit.drafting.api import make_draft

    draft = make_draft(DEALS / f"{deal}.yaml")
    report = _review(draft.markdown, playbook)
    assert {f.requirement: f.status for f in report.blocking} == {}


def test_the_pakistan_draft_as_word_document_gives_the_same_findings(pakistan_draft, baseline,
                                                                     tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from treatykit.drafting.output import write_document
    from treatykit.review.service import review_document

    path = tmp_path / "draft.docx"
    write_document(pakistan_draft.document, path)
    report = review_document(path, "pakistan-minerals")
    assert [(f.requirement, f.status, f.location, f.value) for f in report.findings] == \
        [(f.requirement, f.status, f.location, f.value) for f in baseline.findings]
