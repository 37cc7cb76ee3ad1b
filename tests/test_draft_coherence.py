"""Every shipped deal, at every stance, drafts to a text whose references land.

A small stand-in for `treatykit check` (issue 10): references to articles, paragraphs
and sub-paragraphs that exist, an annex page for every annex or schedule the text cites,
defined terms that are used, and the terms that need a definition defined. Values that
the treaty and its host government agreement share agree.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import DEALS

STANCES = ("host_protective", "balanced", "investor_protective")
SHIPPED = sorted(DEALS.glob("*.yaml"))
CASES = [(deal, stance) for deal in SHIPPED for stance in STANCES]
IDS = [f"{deal.stem}-{stance}" for deal, stance in CASES]

_ARTICLE = re.compile(r"^### Article (\d+): (.*)$", re.M)
_PAGE = re.compile(r"^## ((?:Annex|Schedule) [A-Z0-9]+):", re.M)
#: "Article 31 of the TRIPS Agreement" is another instrument's article, not this one's.
_REF = re.compile(r"\bArticle (\d+)(?!\d)((?:\(\d+\))?(?:\([a-z]\))?)"
                  r"(?! of (?:the|its|that) [A-Z])")
_PARA_REF = re.compile(r"\b(?:sub)?paragraphs? (\d+)((?:\([a-z]\))?)")
_CITED = re.compile(r"\b((?:Annex|Schedule) (?:[A-Z]|[IVX]+|\d+))\b")
#: Terms a reader needs defined wherever the text uses them.
NEEDS_DEFINITION = ("State enterprise", "host government agreement", "force majeure",
                    "freely usable currency", "investment agreement")


def _draft(invoke, deal, stance) -> str:
    code, out, err = invoke("draft", str(deal), "--stance", stance)
    assert code == 0, err
    return out


def _articles(text: str) -> dict[int, str]:
    body = text.split("\n---\n\n## Annex")[0].split("\n---\n\n## Schedule")[0]
    heads = list(_ARTICLE.finditer(body))
    return {int(m.group(1)): body[m.end():heads[i + 1].start() if i + 1 < len(heads) else None]
            for i, m in enumerate(heads)}


def _paragraphs(article: str) -> dict[int, set[str]]:
    paras: dict[int, set[str]] = {}
    current = 0
    for line in article.splitlines():
        if (m := re.match(r"^(\d+)\. ", line)):
            current = int(m.group(1))
            paras[current] = set()
        elif (m := re.match(r"^\s*\(([a-z])\) ", line)) and current:
            paras[current].add(m.group(1))
    return paras


def _dangling(text: str) -> list[str]:
    articles = _articles(text)
    problems = []
    for number, body in articles.items():
        own = _paragraphs(body)
        for ref in _REF.finditer(body):
            target, tail = int(ref.group(1)), ref.group(2)
            if target not in articles:
                problems.append(f"Article {number}: {ref.group(0)} does not exist")
                continue
            problems += _missing_part(number, ref.group(0), _paragraphs(articles[target]), tail)
        for ref in _PARA_REF.finditer(body):
            before = body[max(0, ref.start() - 30):ref.start()]
            if re.search(r"Article \d+\S*\s*$|of (?:that|this) Article\s*$|Article \d+, ?$",
                         before):
                continue
            tail = f"({ref.group(1)}){ref.group(2)}"
            problems += _missing_part(number, ref.group(0), own, tail)
    return problems


def _missing_part(number: int, words: str, paras: dict[int, set[str]], tail: str) -> list[str]:
    parts = re.findall(r"\((\w+)\)", tail)
    if not parts:
        return []
    para = int(parts[0])
    if para not in paras:
        return [f"Article {number}: '{words}' names a paragraph that does not exist"]
    if len(parts) > 1 and parts[1] not in paras[para]:
        return [f"Article {number}: '{words}' names a sub-paragraph that does not exist"]
    return []


@pytest.mark.parametrize(("deal", "stance"), CASES, ids=IDS)
def test_references_land_on_existing_articles_and_paragraphs(invoke, deal, stance):
    assert _dangling(_draft(invoke, deal, stance)) == []


@pytest.mark.parametrize(("deal", "stance"), CASES, ids=IDS)
def test_every_annex_the_text_cites_is_a_page_and_every_page_is_cited(invoke, deal, stance):
    text = _draft(invoke, deal, stance)
    pages = set(_PAGE.findall(text))
    body = re.split(r"\n---\n\n## (?:Annex|Schedule) ", text)[0]
    cited = set(_CITED.findall(body))
    assert cited - pages == set()
    assert pages - cited == set()


@pytest.mark.parametrize(("deal", "stance"), CASES, ids=IDS)
def test_defined_terms_are_used_and_needed_terms_defined(invoke, deal, stance):
    text = _draft(invoke, deal, stance)
    defined = set(re.findall(r'"([^"]+)" means|\(the "([^"]+)"\)|\("([^"]+)"\)', text))
    defined = {next(t for t in found if t) for found in defined}
    unused = [t for t in defined if len(_uses(t, text)) < 2]
    undefined = [t for t in NEEDS_DEFINITION if _uses(t, text)
                 and t.lower() not in {d.lower() for d in defined}]
    assert (unused, undefined) == ([], [])


def _uses(term: str, text: str) -> list[str]:
    # "international investment agreement" is not a use of "investment agreement"
    return re.findall(rf"(?<!international )\b{re.escape(term)}s?\b", text, re.I)


def test_treaty_and_host_government_agreement_share_their_values(invoke):
    treaty = _draft(invoke, DEALS / "pakistan-us-critical-minerals.yaml", "balanced")
    mine = _draft(invoke, DEALS / "balochistan-mine-development-agreement.yaml", "balanced")
    assert "not less than three (3) per cent of the enterprise" in treaty
    assert "Shares carrying 3 per cent of the issued share capital" in mine
    assert "at the rate of five (5) per cent" in treaty and "a royalty of 5 per cent" in mine
    assert "windfall levy at the rate of twenty-five (25) per cent" in treaty
    assert "windfall levy at the rate of 25 per cent" in mine
    assert "until ten (10) years after closure" in treaty
    assert "until ten (10) years after closure" in mine


@pytest.mark.parametrize(("deal", "stance"), CASES, ids=IDS)
def test_check_finds_nothing_in_any_shipped_deal_at_any_stance(invoke, tmp_path, deal, stance):
    # Conflicts included: a one-sided clause that conflicts with another chosen clause gives
    # way to its balanced variant in draft, unless the texts resolve the conflict.
    draft = tmp_path / "draft.md"
    draft.write_text(_draft(invoke, deal, stance), encoding="utf-8")
    code, out, err = invoke("check", str(draft))
    assert code == 0, out + err


def test_a_conflicting_one_sided_clause_gives_way_to_the_balanced_one_and_says_so(invoke):
    code, _, err = invoke("draft", str(DEALS / "zambia-uk-investor-protective-bit.yaml"),
                          "--stance", "investor_protective")
    assert code == 0, err
    assert ("treatment.mfn: treatment.mfn.investor conflicts with "
            "treatment.fair_equitable.investor") in err
    assert "using treatment.mfn.balanced (balanced)" in err


def test_a_deal_value_outside_the_stance_range_is_brought_within_it_with_a_warning(invoke):
    code, out, err = invoke("draft", str(DEALS / "zambia-uk-investor-protective-bit.yaml"),
                            "--stance", "host_protective")
    assert code == 0, err
    assert ("dispute.investor_state.cooling_off_months: 3 is outside 6 to 18 for the chosen "
            "clause; using 6") in err
    assert "six (6) months" in out


@pytest.mark.parametrize("deals", [
    ("pakistan-us-critical-minerals",),
    ("ghana-netherlands-balanced-bit",),
    ("pakistan-us-critical-minerals", "balochistan-mine-development-agreement"),
], ids=["pakistan-us", "ghana-netherlands", "treaty-and-mine-agreement"])
def test_check_finds_nothing_in_the_balanced_drafts_conflicts_included(invoke, tmp_path, deals):
    paths = []
    for name in deals:
        paths.append(tmp_path / f"{name}.md")
        paths[-1].write_text(_draft(invoke, DEALS / f"{name}.yaml", "balanced"), encoding="utf-8")
    code, out, err = invoke("check", *map(str, paths))
    assert code == 0, out + err


def test_a_conflict_the_texts_settle_is_not_reported_and_one_they_do_not_is(invoke, tmp_path):
    # The investor umbrella clause says that changes in law are not within it (its
    # `resolved_by` wording), but still lets contract claims into investor-State arbitration;
    # named by id, it does not give way.
    code, out, err = invoke("draft", str(DEALS / "zambia-uk-investor-protective-bit.yaml"),
                            "--stance", "balanced", "--set",
                            "treatment.umbrella_clause=treatment.umbrella_clause.investor")
    assert code == 0, err
    assert "does not extend to a commitment on the effect of changes in the law" in out
    draft = tmp_path / "draft.md"
    draft.write_text(out, encoding="utf-8")
    code, out, err = invoke("check", str(draft), "--format", "json")
    words = [f["words"] for f in json.loads(out)["findings"]]
    assert (code, words) == (1, ["dispute.investor_state (Article 29) / "
                                 "treatment.umbrella_clause (Article 14)"])
