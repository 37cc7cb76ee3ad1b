"""Golden files: every shipped deal renders to exactly its expected Markdown.

After an intended change to clauses, templates or rendering, regenerate and review:

    TREATYKIT_REGENERATE=1 .venv/bin/pytest tests/test_draft_golden.py
    git diff tests/fixtures/drafts/
"""

from __future__ import annotations

import os

import pytest

from conftest import DEALS, FIXTURES

GOLDEN = FIXTURES / "drafts"
SHIPPED = sorted(DEALS.glob("*.yaml"))


def test_every_shipped_deal_has_a_golden_file():
    assert len(SHIPPED) >= 3
    expected = {f"{deal.stem}.expected.md" for deal in SHIPPED}
    present = {p.name for p in GOLDEN.glob("*.expected.md")}
    assert expected == present


@pytest.mark.parametrize("deal", SHIPPED, ids=[d.stem for d in SHIPPED])
def test_shipped_deal_matches_its_golden_file(invoke, deal):
    code, out, err = invoke("draft", str(deal))
    assert code == 0, err
    golden = GOLDEN / f"{deal.stem}.expected.md"
    if os.environ.get("TREATYKIT_REGENERATE"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("deal", SHIPPED, ids=[d.stem for d in SHIPPED])
def test_a_list_of_cross_references_is_in_article_order(deal):
    import re

    text = (GOLDEN / f"{deal.stem}.expected.md").read_text(encoding="utf-8")
    lists = re.findall(r"Article \d+(?:(?:, | and | or )Article \d+)+", text)
    disordered = [m for m in lists
                  if (n := [int(x) for x in re.findall(r"\d+", m)]) != sorted(n)]
    assert disordered == []
