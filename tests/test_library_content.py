"""The built-in library: coverage, stances, provenance, and what `show`/`list` report."""

from __future__ import annotations

import json

import pytest

#: Provisions the product exists for (issue 2): protection, transfers, arbitration, labour,
#: environment, and every demand of Pakistan's mandate (docs/mandates.md).
REQUIRED_PROVISIONS = [
    "treatment.national_treatment", "treatment.mfn", "treatment.fair_equitable",
    "treatment.full_protection_security", "expropriation.compensation",
    "transfers.free_transfer", "transfers.bop_safeguard", "dispute.investor_state",
    "dispute.state_state", "labour.rights", "environment.protection",
    "value_addition.local_processing", "equity.local_participation", "technology.transfer",
    "skills.training_employment", "infrastructure.codevelopment", "community.participation",
    "security.investment_security", "transparency.anticorruption", "facilitation.one_window",
    "fiscal.transparent_regime", "market_access.conditional_preferences",
    "regulation.right_to_regulate", "stabilisation.change_in_law", "final.duration_termination",
]


@pytest.fixture(scope="module")
def provisions(built_db):
    from treatykit.store import list_provisions

    return list_provisions(built_db)


@pytest.fixture(scope="module")
def clauses(built_db):
    from treatykit.store import list_clauses

    return list_clauses(built_db)


def test_at_least_25_provisions_and_60_clauses(invoke, built_db):
    code, out, _ = invoke("provisions", "--format", "json", "--db", str(built_db))
    rows = json.loads(out)["provisions"]
    assert code == 0 and len(rows) >= 25
    assert all({"id", "category", "title"} <= set(r) for r in rows)
    code, out, _ = invoke("list", "--format", "json", "--db", str(built_db))
    rows = json.loads(out)["clauses"]
    assert code == 0 and len(rows) >= 60
    assert all({"id", "provision", "stance", "provenance"} <= set(r) for r in rows)


@pytest.mark.parametrize("provision", REQUIRED_PROVISIONS)
def test_required_provision_is_present(provisions, provision):
    assert provision in {p["id"] for p in provisions}


def test_every_provision_has_two_stances(provisions):
    thin = [p["id"] for p in provisions if len(p["stances"]) < 2]
    assert thin == []


def test_every_clause_cites_provenance(clauses):
    assert [c["id"] for c in clauses if not c["provenance"]] == []


def test_transfers_exist_with_and_without_bop_safeguard(built_db):
    from treatykit.store import get_clause

    investor = get_clause(built_db, "transfers.free_transfer.investor")
    balanced = get_clause(built_db, "transfers.free_transfer.balanced")
    assert "transfers.bop_safeguard" in [c["with"] for c in investor["conflicts"]]
    assert "Article [transfers.bop_safeguard]" not in investor["text"]
    assert "Article [transfers.bop_safeguard]" in balanced["text"]


def test_show_gives_text_parameters_provenance_notes_and_other_stances(invoke, built_db):
    code, out, _ = invoke("show", "transfers.free_transfer.balanced", "--db", str(built_db))
    assert code == 0
    assert "1. Each Party shall permit transfers" in out
    assert "max_delay_days (days 0..180) = 30" in out
    assert "cf. CPTPP (2018), Art. 9.9" in out
    assert "pushback:" in out
    assert "transfers.free_transfer.host (host_protective)" in out


def test_show_json_has_every_part(invoke, built_db):
    code, out, _ = invoke("show", "transfers.free_transfer.host", "--format", "json",
                          "--db", str(built_db))
    (clause,) = json.loads(out)["clauses"]
    assert code == 0
    assert clause["parameters"][0] | {} == clause["parameters"][0]
    assert {p["name"] for p in clause["parameters"]} == {"max_delay_days", "rate"}
    assert "ninety (90) days" in clause["text"]
    assert clause["provenance"] and clause["protects"] and clause["fallback"]
    assert {o["stance"] for o in clause["other_stances"]} == {"balanced", "investor_protective"}


@pytest.mark.parametrize("args, kind", [
    (("show", "transfers.free_transfers.balanced"), "clause"),
    (("list", "--provision", "transfer.free_transfer"), "provision"),
])
def test_unknown_id_is_one_line_with_suggestions(invoke, built_db, args, kind):
    code, out, err = invoke(*args, "--db", str(built_db))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert f"unknown {kind}" in err
    assert "did you mean" in err
    assert "transfers.free_transfer" in err
