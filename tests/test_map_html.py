"""`map -o map.html`: a self-contained heat-map, treaties by feature, evidence on a click."""

from __future__ import annotations

import json
import re

from treatykit.ingest.mapping import Column, feature_groups


def test_features_are_grouped_as_unctad_groups_them_and_the_rest_go_last():
    columns = [Column("survival_years", "Survival", True), Column("mystery", "M", False),
               Column("fet", "FET", False), Column("preamble_sustainable_development", "P", False)]
    groups = feature_groups(columns)
    assert [(g["name"], [c["id"] for c in g["columns"]]) for g in groups] == [
        ("Preamble", ["preamble_sustainable_development"]),
        ("Standards of treatment", ["fet"]),
        ("Duration and termination", ["survival_years"]), ("Other", ["mystery"])]


def test_the_heat_map_opens_offline_and_a_click_shows_the_evidence(invoke, fixture_corpus,
                                                                   tmp_path, browser):
    page = tmp_path / "map.html"
    code, _, err = invoke("map", "--corpus-db", str(fixture_corpus), "--playbook", "unctad-iia",
                          "-o", str(page))
    assert code == 0, err
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", html)  # nothing fetched
    data = json.loads(re.search(r'id="map-data">(.*?)</script>', html, re.S).group(1))
    treaty = next(t for t in data["treaties"] if t["evidence"].get("transfer_of_funds"))
    evidence = treaty["evidence"]["transfer_of_funds"]
    click = (f'document.querySelector(\'td.cell[data-treaty="{treaty["id"]}"]'
             '[data-feature="transfer_of_funds"]\').click()')
    probe, screenshot = browser(page, click=click)
    assert " ".join(evidence["text"].split())[:60] in " ".join(probe["text"].split())
    assert probe["scroll"] <= probe["inner"]
    assert screenshot.stat().st_size > 0


def test_the_heat_map_sorts_by_party_and_year(invoke, fixture_corpus, tmp_path, browser):
    page = tmp_path / "map.html"
    invoke("map", "--corpus-db", str(fixture_corpus), "--playbook", "unctad-iia", "-o", str(page))
    probe, _ = browser(page, click='document.querySelector(\'button[data-sort="year"]\').click();'
                                   'document.title = [...document.querySelectorAll('
                                   '"td.treaty b")].map(b => b.textContent).join("|")')
    years = [int(m) for m in re.findall(r"(\d{4}) ", probe["title"])]
    assert years == sorted(years) and len(years) >= 2
