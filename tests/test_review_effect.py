"""Review grades net legal effect: edits of the Pakistan-US draft that change what a
requirement binds anyone to must change its status; rewordings that do not must change
nothing (tests/fixtures/effect/edits.yaml says which is which and why)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from treatykit.yamlfile import read_yaml

HERE = Path(__file__).parent / "fixtures" / "effect"
DRAFT = HERE / "pakistan-us.md"
EDITS = read_yaml(HERE / "edits.yaml")
CHANGE = {e["id"]: e for e in EDITS["change"]}
PRESERVE = {e["id"]: e for e in EDITS["preserve"]}


def _article(text: str, heading: str) -> tuple[int, int]:
    """Start and end of the article whose heading contains `heading`."""
    match = re.search(rf"^#+ Article \w+: [^\n]*{heading}[^\n]*\n.*?(?=^#+ |\Z)", text,
                      re.M | re.S)
    assert match, f"no article headed '{heading}'"
    return match.start(), match.end()


def _apply(text: str, op: dict[str, Any]) -> str:
    if "replace" in op:
        old, new = op["replace"]
        assert text.count(old) == 1, f"'{old[:60]}' occurs {text.count(old)} times"
        return text.replace(old, new)
    if "sub" in op:
        changed, count = re.subn(op["sub"][0], op["sub"][1], text)
        assert count, f"no match for {op['sub'][0]!r}"
        return changed
    if "delete_article" in op:
        start, end = _article(text, op["delete_article"])
        return text[:start] + text[end:]
    if "append" in op:
        heading, paragraph = op["append"]
        _, end = _article(text, heading)
        return text[:end].rstrip("\n") + f"\n\n{paragraph}\n\n" + text[end:]
    if "move" in op:
        heading, before = op["move"]
        start, end = _article(text, heading)
        block, rest = text[start:end], text[:start] + text[end:]
        at, _ = _article(rest, before)
        return rest[:at] + block + rest[at:]
    if "to_annex" in op:
        heading, annex, lead = op["to_annex"]
        start, end = _article(text, heading)
        body = text[start:end].split("\n", 1)[1].strip("\n")
        rest = text[:start] + text[end:]
        first = f"{lead}\n\n" if lead else ""
        return rest.rstrip("\n") + f"\n\n## {annex}\n\n{first}{body}\n"
    raise AssertionError(f"unknown operation {op}")


def edited(edit: dict[str, Any]) -> tuple[str, bool]:
    """The draft with `edit` applied, and whether it is to be read as a Word document."""
    text = DRAFT.read_text(encoding="utf-8")
    docx = False
    for op in edit["edits"]:
        if op.get("docx"):
            docx = True
            continue
        text = _apply(text, op)
    return text, docx


def statuses(text: str) -> dict[str, Any]:
    """Requirement -> finding of pakistan-minerals on `text`."""
    from treatykit.review.service import load_reviewer, resolve_playbook, review_text

    library, compiled = load_reviewer()
    report = review_text(text, resolve_playbook("pakistan-minerals", library), library,
                         compiled, source="draft.md")
    return {f.requirement: f for f in report.findings}


@pytest.fixture(scope="module")
def baseline() -> dict[str, Any]:
    return statuses(DRAFT.read_text(encoding="utf-8"))


def test_the_unedited_draft_has_every_requirement_present(baseline) -> None:  # type: ignore[no-untyped-def]
    assert {k: f.status for k, f in baseline.items() if f.status != "present"} == {}


def _cases(edits: dict[str, dict[str, Any]]) -> list[Any]:
    return [pytest.param(name, marks=pytest.mark.xfail(reason=edit["known_miss"], strict=True))
            if "known_miss" in edit else name for name, edit in edits.items()]


@pytest.mark.parametrize("name", _cases(CHANGE))
def test_a_meaning_changing_edit_changes_the_status(name: str, baseline) -> None:  # type: ignore[no-untyped-def]
    edit = CHANGE[name]
    text, _ = edited(edit)
    finding = statuses(text)[edit["requirement"]]
    assert finding.status != "present", (finding.reason, finding.evidence)
    if "expect" in edit:
        assert finding.status == edit["expect"], finding.reason
    if finding.status != "missing":
        assert finding.effect and all(m["location"] or m["role"] == "element"
                                      for m in finding.effect), finding.effect


@pytest.mark.parametrize("name", _cases(PRESERVE))
def test_a_meaning_preserving_edit_changes_nothing(name: str, baseline, word_docx,  # type: ignore[no-untyped-def]
                                                   tmp_path: Path) -> None:
    from treatykit.review.service import review_document

    text, docx = edited(PRESERVE[name])
    if docx:
        path = tmp_path / "draft.docx"
        path.write_bytes(word_docx(text))
        after = {f.requirement: f for f in review_document(path, "pakistan-minerals").findings}
    else:
        after = statuses(text)
    changed = {k: (baseline[k].status, f.status, f.reason) for k, f in after.items()
               if f.status != baseline[k].status}
    assert changed == {}


@pytest.mark.parametrize("sentence", [
    "Each Party shall admit the pilot plant where the landowners have given their written "
    "approval to its location.",
    "The Operator shall fund the clinic only if the shareholders have first agreed to the "
    "budget.",
    "The host State shall recognise the award to the extent that the ministry has accepted "
    "its terms.",
    "The Parties shall build the rail link where the lenders consider it financially viable.",
    "The Company shall hire local staff if the board determines that doing so is practicable.",
])
def test_another_persons_will_or_judgement_conditions_a_duty(sentence: str) -> None:
    from treatykit.review.effect import condition_words

    assert condition_words(sentence, "binding")


@pytest.mark.parametrize("sentence", [
    "Each Party shall admit the pilot plant within sixty days of the application.",
    "Where an investor has submitted a claim, the respondent shall file its defence within "
    "ninety days.",
    "The Operator shall publish the plan where the plan concerns water use.",
    "The Parties shall build the rail link by 2030 and report to the Joint Committee.",
])
def test_ordinary_time_and_subject_clauses_are_no_conditions(sentence: str) -> None:
    from treatykit.review.effect import condition_words

    assert condition_words(sentence, "binding") == ""
