"""map: one row per treaty, one column per requirement, a summary, workers, output files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
TOTA = FIXTURES / "corpus" / "tota"
PLAYBOOK = str(FIXTURES / "playbooks" / "corpus-map.yaml")
LIBRARY = str(FIXTURES / "corpus" / "library")
MAP = ("--playbook", PLAYBOOK, "--library", LIBRARY)


def _map_json(invoke, *args: str) -> dict:
    code, out, err = invoke("map", *args, *MAP, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def test_map_of_the_corpus_database_gives_one_row_per_treaty(invoke, fixture_corpus):
    result = _map_json(invoke, "--corpus-db", str(fixture_corpus))
    rows = {row["treaty"][:12]: row for row in result["treaties"]}
    assert len(result["treaties"]) == 4
    assert [c["id"] for c in result["columns"]] == ["transfers", "national_treatment",
                                                    "transfer_days"]
    assert {k: rows["tota-9001"][k] for k in ("transfers", "national_treatment",
                                              "transfer_days")} == \
        {"transfers": True, "national_treatment": True, "transfer_days": 30}
    assert rows["canada-korea"]["transfer_days"] == 60
    assert (rows["tota-9002"]["transfers"], rows["tota-9002"]["transfer_days"]) == (False, None)


def test_summary_counts_treaties_per_feature(invoke, fixture_corpus):
    summary = {s["requirement"]: s for s in
               _map_json(invoke, "--corpus-db", str(fixture_corpus))["summary"]}
    assert (summary["transfers"]["found"], summary["transfers"]["of"]) == (2, 4)
    assert summary["transfers"]["percent"] == 50.0
    assert sorted(v["value"] for v in summary["transfer_days"]["values"]) == [30, 60]


def test_csv_output_has_a_header_and_a_row_per_treaty(invoke, fixture_corpus, tmp_path):
    out_file = tmp_path / "map.csv"
    code, out, err = invoke("map", "--corpus-db", str(fixture_corpus), *MAP, "-o", str(out_file))
    assert code == 0, err
    rows = list(csv.DictReader(out_file.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == 4
    assert list(rows[0])[:5] == ["treaty", "title", "parties", "year", "language"]
    chile = next(r for r in rows if r["treaty"] == "tota-9001")
    assert (chile["parties"], chile["transfers"], chile["transfer_days"]) == \
        ("CHL;NZL", "true", "30")
    assert "transfers\t2/4\t50%\t" in out.splitlines()  # the summary; the rows went to the file
    assert f"wrote {out_file}: 4 treaties, 3 requirements" in err


def test_json_output_file_holds_rows_and_summary(invoke, fixture_corpus, tmp_path):
    out_file = tmp_path / "map.json"
    code, out, _ = invoke("map", "--corpus-db", str(fixture_corpus), *MAP, "-o", str(out_file),
                          "--format", "json")
    assert code == 0
    written = json.loads(out_file.read_text(encoding="utf-8"))
    assert len(written["treaties"]) == 4
    assert json.loads(out)["summary"] == written["summary"]


def test_map_files_directly_without_ingesting(invoke, tmp_path):
    result = _map_json(invoke, str(TOTA))
    assert sorted(r["treaty"] for r in result["treaties"]) == ["tota-9001", "tota-9002"]
    assert not (tmp_path / "corpus.db").exists()


def test_map_a_corpus_database_given_as_the_source(invoke, fixture_corpus):
    result = _map_json(invoke, str(fixture_corpus), "--party", "Chile")
    assert sorted(r["treaty"][:12] for r in result["treaties"]) == ["cooperation-", "tota-9001"]


@pytest.mark.slow
def test_two_workers_give_the_same_rows_as_one(invoke, fixture_corpus):
    one = _map_json(invoke, "--corpus-db", str(fixture_corpus))
    two = _map_json(invoke, "--corpus-db", str(fixture_corpus), "--workers", "2")
    assert two["treaties"] == one["treaties"]
    assert two["workers"] == 2


@pytest.mark.parametrize(("args", "message"), [
    (("--playbook", "no-such-playbook"), "treatykit: error: unknown playbook 'no-such-playbook'"),
    (("-o", "map.xlsx"), "-o takes a .csv, .json or .html file"),
    ((str(TOTA), "--party", "JPN"), "--party, --year-from and --year-to select ingested"),
])
def test_map_usage_and_input_errors_exit_2(invoke, fixture_corpus, args, message):
    code, out, err = invoke("map", *args, "--corpus-db", str(fixture_corpus))
    assert code == 2
    assert out == ""
    assert message in err


def test_a_treaty_that_cannot_be_read_is_reported_and_the_rest_mapped(invoke, tmp_path):
    (tmp_path / "broken.xml").write_text("<treaty><meta>", encoding="utf-8")
    code, out, err = invoke("map", str(TOTA), str(tmp_path), *MAP, "--format", "json")
    assert code == 1
    assert len(json.loads(out)["treaties"]) == 2
    assert f"{tmp_path / 'broken.xml'}: not mapped: " in err


def test_map_of_sources_none_of_which_can_be_read_exits_2_and_writes_nothing(invoke,
                                                                            tmp_path):
    output = tmp_path / "map.csv"
    code, out, err = invoke("map", str(tmp_path / "absent"), "-o", str(output))
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == ("treatykit: error: no treaty could be mapped (see the "
                                    "warnings above)")
    assert not output.exists()


def test_map_output_in_a_missing_folder_is_refused_before_mapping(invoke, tmp_path):
    output = tmp_path / "no-such-folder" / "map.csv"
    code, out, err = invoke("map", str(TOTA), "-o", str(output))
    assert (code, out) == (2, "")
    assert err == (f"treatykit: error: -o {output}: no folder {output.parent} (create it "
                   "first, or write the map elsewhere)\n")


def test_map_written_atomically_keeps_the_old_map_when_writing_fails(invoke, tmp_path,
                                                                     monkeypatch):
    import errno
    import os

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    output = tmp_path / "map.csv"
    output.write_text("the previous map\n", encoding="utf-8")
    monkeypatch.setattr(os, "fsync", full)
    code, _, err = invoke("map", str(TOTA), "-o", str(output))
    assert code == 2
    assert err.endswith(f"treatykit: error: -o {output}: cannot write: No space left on device "
                        "(free some space or write to another folder)\n")
    assert output.read_text(encoding="utf-8") == "the previous map\n"
    assert [p.name for p in tmp_path.iterdir()] == ["map.csv"]


def test_review_text_keeps_the_articles_of_an_ingested_treaty(fixture_corpus):
    from treatykit.ingest.mapping import review_text_of
    from treatykit.review.structure import parse_structure
    from treatykit.store import load_treaty

    treaty = load_treaty(fixture_corpus, "tota-9002")
    units = parse_structure(review_text_of(treaty)).units
    # "G-3" is kept as numbered (lettered chapters), so "Article G-3" references still hold
    assert [(u.label, u.heading) for u in units if u.kind == "article"] == [
        ("Article 1", "Tariff Reduction"), ("Article 2", "Rules of Origin"),
        ("Article G-3", "Safeguards")]
    assert [u.kind for u in units][:2] == ["title", "preamble"]


@pytest.mark.shared
def test_map_real_treaties_writes_a_row_each_and_the_summary(invoke, tota_sample_files,
                                                            tmp_path):
    small = [str(p) for p in tota_sample_files if p.stat().st_size < 120_000][:3]
    out_file = tmp_path / "map.csv"
    code, out, err = invoke("map", *small, *MAP, "-o", str(out_file))
    assert code == 0, err
    assert len(out_file.read_text(encoding="utf-8").splitlines()) == len(small) + 1
    assert out.startswith("requirement\ttreaties\tpercent\tvalues\n")  # the summary


def test_a_folder_without_treaties_is_an_input_error(invoke, tmp_path):
    code, out, err = invoke("map", str(tmp_path), *MAP)
    assert code == 2
    assert err.startswith(f"treatykit: error: {tmp_path}: no treaty files found")


@pytest.mark.shared
def test_a_map_row_is_the_bench_prediction_for_the_same_treaty(invoke, shared, tmp_path):
    """Map cells and scored predictions come from one conversion, so they never disagree."""
    import importlib.util

    from treatykit.review.service import load_reviewer, resolve_playbook

    text = shared / "eval" / "texts" / "nld-nam-2002.txt"
    out = tmp_path / "map.json"
    code, _, err = invoke("map", str(text), "--playbook", "unctad-iia", "-o", str(out))
    assert code == 0, err
    row = json.loads(out.read_text())["treaties"][0]
    spec = importlib.util.spec_from_file_location(
        "bench_accuracy", Path(__file__).resolve().parents[1] / "bench" / "accuracy.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    library, compiled = load_reviewer()
    predicted = bench.predict_file(text, resolve_playbook("unctad-iia", library), library,
                                   compiled)
    assert {key: row[key] for key in predicted} == predicted


def test_summary_does_not_count_a_survival_period_of_0_as_a_survival_clause(invoke):
    drafts = Path(__file__).resolve().parents[1] / "corpus" / "drafts"
    code, out, _ = invoke("map", str(drafts), "--format", "json")
    data = json.loads(out)
    survival = next(s for s in data["summary"] if s["requirement"] == "survival_years")
    cells = [row["survival_years"] for row in data["treaties"]]
    assert 0 in cells
    assert survival["found"] == sum(1 for c in cells if c not in (None, 0))
    assert code == 0
