"""Playbooks: loading and checking mandates, and the clauses suggested to satisfy them."""

from __future__ import annotations

from pathlib import Path

import pytest

from treatykit.errors import InputError
from treatykit.review.playbooks import Constraint, find_playbook, load_playbook

SHIPPED = ["pakistan-minerals", "us-investor"]


@pytest.fixture(scope="module")
def reviewer():  # type: ignore[no-untyped-def]
    from treatykit.review.service import load_reviewer

    return load_reviewer()


@pytest.mark.parametrize(("op", "want", "found", "ok"), [
    (">=", 30, 30, True), (">=", 30, 20, False), ("<=", 10, 15, False),
    ("contains_any", ["icsid", "uncitral"], ["icsid", "pca"], True),
    ("contains_any", ["icsid", "uncitral"], ["domestic_courts"], False),
    ("contains", ["icsid", "uncitral"], ["icsid"], False),
    ("subset_of", ["icsid", "uncitral"], ["icsid"], True),
    ("present", None, [], False), (">=", 30, None, False), (">=", 30, "indefinite", False),
])
def test_constraints(op: str, want: object, found: object, ok: bool) -> None:
    assert Constraint("p", op, want).check(found) is ok


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_text("playbook:\n  id: mine\n  title: Mine\n  stance: balanced\n" + body,
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ("requirements: []\n", "requirements: no requirements"),
    ("requirements:\n  - {id: a, provision: equity.local_participaton}\n",
     "mine.yaml:6: requirement 'a': unknown provision 'equity.local_participaton'"),
    ("requirements:\n  - {id: a, provision: equity.local_participation, aspect: golden}\n",
     "provision 'equity.local_participation' has no aspect 'golden'"),
    ("requirements:\n  - {id: a, provision: equity.local_participation, severity: vital}\n",
     "severity 'vital' is not one of must, should"),
    ("requirements:\n  - {id: a, provision: equity.local_participation, bears: ngo}\n",
     "bears 'ngo' is not one of"),
    ("requirements:\n  - {id: a, provision: equity.local_participation,\n"
     "     constraints: [{param: local_equity_pct, op: '>='}]}\n", "needs a value"),
    ("requirements:\n  - {id: a, provision: equity.local_participation}\n"
     "  - {id: a, provision: technology.transfer}\n", "duplicate requirement id 'a'"),
    ("  parties: {host: Pakistan}\nrequirements:\n"
     "  - {id: a, provision: equity.local_participation}\n",
     "playbook.parties must map host and partner to lists of names"),
    ("requirements:\n  - {id: a, provision: equity.local_participation,\n"
     "     constraints: [{param: local_equty_pct, op: '>=', value: 30}]}\n",
     "mine.yaml:7: requirement 'a': review reads no value 'local_equty_pct' for "
     "equity.local_participation (did you mean local_equity_pct"),
    ("requirements:\n  - {id: a, provision: equity.local_participation,\n"
     "     constraints: [{param: local_equity_pct, op: '>=', value: 130}]}\n",
     "mine.yaml:7: requirement 'a': local_equity_pct >= 130 is not a percentage between 0 and "
     "100"),
    ("requirements:\n  - {id: a, provision: final.duration_termination, report: survival}\n",
     "requirement 'a': review reads no value 'survival' for final.duration_termination (did "
     "you mean survival_years"),
    ("requirements:\n  - {id: a, provision: equity.local_participation,\n"
     "     constraints: [{param: local_equity_pct, op: '=>', value: 30}]}\n",
     "mine.yaml:7: requirement 'a': unknown operator '=>' in the constraint on "
     "'local_equity_pct'"),
    ("requirements:\n  - {id: a, provision: community.participation, elements: [participaton]}\n",
     "mine.yaml:6: requirement 'a': element aspect 'participaton' is not an aspect of "
     "community.participation"),
    ("requirements:\n  - {id: a, provision: security.investment_security,\n"
     "     elements: [{aspect: civilian_led, against: military}]}\n",
     "element against 'military' is not an aspect of security.investment_security"),
    ("requirements:\n  - {id: a, provision: community.participation,\n"
     "     elements: [{aspect: participation, polarity: strict}]}\n",
     "element 'participation' polarity 'strict' is not one of obligation, prohibition"),
    ("requirements:\n  - {id: a, provision: community.participation,\n"
     "     elements: [{aspect: participation, needs: all}]}\n",
     "element field 'needs' is unknown"),
    ("requirements:\n  - {id: a, provision: community.participation, elements: participation}\n",
     "mine.yaml:6: requirement 'a': elements must be a list"),
    ("requirements:\n  - {id: a, provision: equity.local_participation, note: 2026-02-30}\n",
     "mine.yaml:6: invalid YAML: '2026-02-30' is not a valid date (day is out of range for "
     "month)"),
])
def test_a_bad_playbook_names_file_line_and_field(tmp_path: Path, reviewer, body: str,
                                                  message: str) -> None:  # type: ignore[no-untyped-def]
    library, _ = reviewer
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_playbook(_write(tmp_path, body), library)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_playbooks_load_against_the_library(name: str, reviewer) -> None:  # type: ignore[no-untyped-def]
    library, compiled = reviewer
    book = load_playbook(find_playbook(name), library)
    assert book.id == name and book.requirements
    assert {r.severity for r in book.requirements} == {"must", "should"}
    for requirement in book.requirements:
        assert requirement.provision in compiled.recognisers, requirement.id


def _requirements() -> list[tuple[str, str]]:
    from treatykit.library import library_dirs, load_library

    library, _ = load_library(library_dirs())
    return [(name, r.id) for name in SHIPPED
            for r in load_playbook(find_playbook(name), library).requirements]


@pytest.mark.parametrize(("name", "requirement_id"), _requirements())
def test_every_requirement_has_a_library_clause_that_really_satisfies_it(
        name: str, requirement_id: str, reviewer) -> None:  # type: ignore[no-untyped-def]
    """The suggestion of a finding: each clause's own text, reviewed alone, is `present`."""
    from treatykit.review.clausetexts import clause_analysis
    from treatykit.review.findings import evaluate_requirement, suggest

    library, compiled = reviewer
    book = load_playbook(find_playbook(name), library)
    requirement = next(r for r in book.requirements if r.id == requirement_id)
    empty = clause_analysis(next(iter(library.clauses.values())), library, compiled)
    suggested = suggest(requirement, library, book.stance, empty)
    assert suggested, f"no library clause satisfies {name}:{requirement_id}"
    for clause_id in suggested:
        clause = library.clauses[clause_id]
        for constraint in requirement.constraints:
            param = clause.parameter(constraint.param)
            assert param is None or constraint.check(param.default), clause_id
        verdict = evaluate_requirement(requirement, clause_analysis(clause, library, compiled),
                                       library, book.stance, suggestions=False)
        assert verdict.status == "present", (clause_id, verdict.reason)


def test_a_clause_whose_default_breaks_the_constraint_is_never_suggested(reviewer) -> None:  # type: ignore[no-untyped-def]
    from treatykit.review.clausetexts import clause_analysis
    from treatykit.review.findings import suggest

    library, _ = reviewer
    book = load_playbook(find_playbook("pakistan-minerals"), library)
    equity = next(r for r in book.requirements if r.id == "local_equity")
    any_analysis = clause_analysis(library.clauses["equity.local_participation.balanced"],
                                   library, reviewer[1])
    suggested = suggest(equity, library, book.stance, any_analysis)
    assert suggested[0] == "equity.local_participation.balanced"  # the playbook's stance first
    assert "equity.local_participation.investor" not in suggested  # offers up to 10 per cent
