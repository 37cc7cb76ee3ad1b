"""Nothing a user reads cites a reference the user cannot look up.

The library was written from an internal research brief whose section numbers ("BRIEF §2"),
conflict, dependency and drafting-pattern ids ("C09", "D01", "P1"), mandate ids ("PK-M02",
"US-M04") and its source article ("the op-ed") mean nothing outside the project. Every
draft, report, `show`, `search` and `playbooks` output, the docs, and the data files they
are made from must stand on their own; the domain reasoning lives in docs/conflicts.md and
docs/mandates.md. The ILO's convention codes (C29, C87, P29 ...) are real and not matched.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import DEALS, ROOT

MARKERS = re.compile(
    r"BRIEF|the brief's|§|\bop-?ed\b"
    r"|\b(?:PK|US)-[MN]\d{2}\b"                # mandate items
    r"|\bC(?:0[1-9]|1\d|2[0-4])[a-c]?\b"       # conflicts C01-C24 (C06b ...)
    r"|\bD(?:0[1-9]|1[0-2])b?\b"               # dependencies D01-D12
    r"|\bP(?:1[0-2]|[1-9])\b"                  # drafting patterns P1-P12
    r"|derived defaults?",
    re.IGNORECASE,
)
STANCES = ("host_protective", "balanced", "investor_protective")
DRAFTS = ROOT / "corpus" / "drafts"
PLAYBOOKS = ("pakistan-minerals", "us-investor", "unctad-iia")


def _markers(text: str) -> list[str]:
    """Each marker with the words around it, so a failure says where to look."""
    found = []
    for match in MARKERS.finditer(text):
        # "C29"-style ILO codes never match; neither does a case-insensitive "Brief" in prose
        if match.group(0).lower() == "brief" and match.group(0) != "BRIEF":
            continue
        start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
        found.append(text[start:end].replace("\n", " "))
    return found


def _data_files() -> list[Path]:
    files: list[Path] = []
    for folder, pattern in (("clauses", "**/*.yaml"), ("playbooks", "**/*.yaml"),
                            ("templates", "**/*"), ("corpus/deals", "*.yaml")):
        files += [p for p in sorted((ROOT / folder).glob(pattern)) if p.is_file()]
    return files


def _docs() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_the_marker_pattern_tells_internal_ids_from_real_codes() -> None:
    for internal in ("(BRIEF §2, C11)", "conflict C17", "pattern P1", "PK-M02", "US-N04",
                     "D01", "the op-ed's floor", "C06b", "the brief's derived defaults"):
        assert _markers(internal), internal
    for real in ("ILO C29, C87, C98, C182 and P29", "Article 8.1(f)", "Brief description",
                 "HS 2603", "P50 valuation"):
        assert not _markers(real), real


@pytest.mark.parametrize("path", _data_files() + _docs(),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_source_files_cite_no_internal_reference(path: Path) -> None:
    assert _markers(path.read_text(encoding="utf-8")) == []


def _run(*args: str) -> tuple[int, str]:
    """`treatykit ARGS` through the real entry point: (exit code, stdout and stderr)."""
    from click.testing import CliRunner

    from treatykit.cli import main

    with CliRunner().isolation() as (out, err, _):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue().decode() + err.getvalue().decode()


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Every shipped deal at every stance: the Markdown file and everything draft printed."""
    out_dir = tmp_path_factory.mktemp("drafts")
    made: dict[str, tuple[Path, str]] = {}
    for deal in sorted(DEALS.glob("*.yaml")):
        for stance in STANCES:
            path = out_dir / f"{deal.stem}.{stance}.md"
            code, printed = _run("draft", str(deal), "--stance", stance, "-o", str(path))
            if code != 0:
                # a deal's own values may not fit another stance's bounds: the error is read
                assert code == 2, printed
                path.write_text("", encoding="utf-8")
                made[path.stem] = (path, printed)
                continue
            _, explained = _run("draft", str(deal), "--stance", stance, "--explain")
            made[path.stem] = (path, printed + explained)
    return made


def test_drafts_and_what_draft_prints_cite_no_internal_reference(drafts) -> None:  # type: ignore[no-untyped-def]
    found = {name: _markers(path.read_text(encoding="utf-8") + printed)
             for name, (path, printed) in drafts.items()}
    assert {name: hits for name, hits in found.items() if hits} == {}


def test_review_reports_cite_no_internal_reference(drafts, invoke) -> None:  # type: ignore[no-untyped-def]
    """Reports on every rendered draft and every corpus draft, as json, md and html (each
    draft is reviewed once per playbook in-process; the formats only render that report),
    and the table that `treatykit review` prints."""
    from treatykit.review.reports import render_report
    from treatykit.review.service import review_document

    inputs = [path for path, _ in drafts.values() if path.stat().st_size]
    inputs += sorted(p for p in DRAFTS.iterdir() if p.suffix in {".md", ".txt"})
    assert len(inputs) > 12
    found = {}
    for path in inputs:
        for playbook in PLAYBOOKS:
            report = review_document(path, playbook).to_dict()
            for fmt in ("json", "md", "html"):
                if hits := _markers(render_report(report, fmt)):
                    found[f"{path.name} {playbook} {fmt}"] = hits
    first = inputs[0]
    for playbook in PLAYBOOKS:
        code, out, err = invoke("review", str(first), "-p", playbook)
        assert code in (0, 1), err
        if hits := _markers(out + err):
            found[f"{first.name} {playbook} table"] = hits
    assert found == {}


def test_show_search_and_playbooks_cite_no_internal_reference(invoke, built_db) -> None:  # type: ignore[no-untyped-def]
    import json

    code, out, err = invoke("list", "--db", str(built_db), "--format", "json")
    assert code == 0, err
    ids = [row["id"] for row in json.loads(out)["clauses"]]
    assert len(ids) > 50
    found = {}
    for clause_id in ids:
        for fmt in ("text", "json"):
            code, out, err = invoke("show", clause_id, "--db", str(built_db), "--format", fmt)
            assert code == 0, err
            if hits := _markers(out):
                found[f"show {clause_id} {fmt}"] = hits
    for query in ("local equity", "conflict", "national treatment", "stabilisation",
                  "performance requirements", "arbitration", "transfers", "security",
                  "processing", "reservation"):
        code, out, err = invoke("search", query, "--db", str(built_db), "--format", "json")
        assert code == 0, err
        if hits := _markers(out):
            found[f"search {query}"] = hits
    for fmt in ("table", "json"):
        code, out, err = invoke("playbooks", "--format", fmt)
        assert code == 0, err
        if hits := _markers(out):
            found[f"playbooks {fmt}"] = hits
    assert found == {}
