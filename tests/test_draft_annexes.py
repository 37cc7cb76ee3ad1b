"""Annex pages from the deal file, and values two instruments share (docs/templates.md)."""

from __future__ import annotations

import json

import pytest

from conftest import DEALS, FIXTURES, PAKISTAN_DEAL

BAD_DEALS = FIXTURES / "bad-deals"
MINE_DEAL = DEALS / "balochistan-mine-development-agreement.yaml"


@pytest.mark.parametrize(("case", "message"), [
    ("bad-shared-set-twice", "{path}:15: equity.local_participation.local_equity_pct is a shared "
                             "value, set at {path}:11 (change it there, so every instrument of "
                             "the deal agrees)"),
    ("bad-shared-unknown", "{path}:11: shared.local_equity is no clause parameter (did you mean "
                           "'local_equity_pct'?)"),
    ("bad-shared-missing-file", "{path}:10: shared: no such deal file 'no-such-deal.yaml' (give "
                                "a path relative to this deal file)"),
    ("bad-annex-unknown", "{path}:11: template 'critical_minerals' has no annex 'annex_iii' "
                          "(did you mean 'annex_ii'?)"),
    ("bad-annex-missing-field", "{path}:12: annexes.annex_ii: entry lacks 'description' "
                                "(fields: party, sector, obligations, level, measure, "
                                "description, subsector)"),
    ("bad-annex-party", "{path}:12: party 'province' is no role of this deal (roles: host, "
                        "partner)"),
])
def test_bad_shared_values_and_annexes_exit_2_with_file_line_and_fix(invoke, case, message):
    path = BAD_DEALS / f"{case}.yaml"
    code, out, err = invoke("draft", str(path))
    assert (code, out) == (2, "")
    assert err == f"treatykit: error: {message.format(path=path)}\n"


def test_an_annex_the_deal_leaves_empty_is_a_marked_shell(invoke):
    code, out, err = invoke("draft", str(BAD_DEALS / "bad-param-range.yaml"),
                            "--set", "equity.local_participation.local_equity_pct=30")
    assert code == 0, err
    annex_ii = out.split("## Annex II: Reserved Sectors and Future Measures")[1]
    assert annex_ii.count("[To be completed by the Parties]") == 2  # one per Party


def test_reservations_name_the_articles_they_reserve(invoke):
    code, out, err = invoke("draft", str(PAKISTAN_DEAL))
    assert code == 0, err
    assert ("**Obligations concerned:** National Treatment (Article 16), Most-Favoured-Nation "
            "Treatment (Article 17) and Performance Requirements (Article 24)") in out


def test_the_mine_agreement_takes_shared_values_from_the_treaty_deal(invoke):
    code, out, err = invoke("draft", str(MINE_DEAL), "--explain", "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    equity = next(a for a in data["articles"] if a["provision"] == "equity.local_participation")
    trust = next(p for p in equity["parameters"] if p["name"] == "community_equity_trust_pct")
    assert (trust["value"], trust["origin"]) == (3, "shared")
    assert trust["source"].startswith(str(MINE_DEAL.parent / "pakistan-us-critical-minerals.yaml"))
