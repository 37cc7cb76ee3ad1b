"""`treatykit validate` and `build` on broken libraries: every problem located and explained."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import FIXTURES

BAD = FIXTURES / "bad-library"

CASES = {
    # defect folder: (field named, words the message must contain)
    "bad-undeclared-variable": ("text", "uses 'royalty_pct' but it is not declared"),
    "bad-unused-parameter": ("parameters.royalty_pct", "declared but the text never uses it"),
    "bad-param-range": ("parameters.local_equity_pct.default", "above the maximum 100"),
    "bad-duplicate-id": ("id", "duplicate clause id 'custom.widget_rule.balanced'"),
    "bad-unknown-reference": ("related", "unknown id 'no.such_provision'"),
    "bad-missing-provenance": ("provenance", "no provenance"),
    "bad-unknown-field": ("txet", "unknown field 'txet'"),
    "bad-collides-with-builtin": ("id", "already in the built-in library"),
    "bad-words-range": ("parameters.widgets_per_year", "'widgets_per_year | words' cannot spell"),
    "bad-resolved-by-pattern": ("conflicts.resolved_by", "resolved_by is not a valid pattern"),
}


def test_builtin_library_has_no_problems(invoke):
    code, out, err = invoke("validate")
    assert (code, out) == (0, "")
    assert err.startswith("treatykit: ok: ")


@pytest.mark.parametrize("defect", sorted(CASES))
def test_validate_reports_file_clause_field_and_fix(invoke, defect):
    field, words = CASES[defect]
    code, out, _ = invoke("validate", str(BAD / defect))
    assert code == 1
    line = next(ln for ln in out.splitlines() if words in ln)
    assert line.startswith(str(BAD / defect / "clauses.yaml") + ":")
    assert f": {field}: " in line
    assert "; fix: " in line


def test_yaml_syntax_error_names_the_line(invoke):
    code, out, _ = invoke("validate", str(BAD / "bad-yaml-syntax"))
    assert code == 1
    assert f"{BAD / 'bad-yaml-syntax' / 'clauses.yaml'}:10" in out
    assert "invalid YAML" in out


def test_unknown_ref_in_text_suggests_the_right_id(invoke):
    _, out, _ = invoke("validate", str(BAD / "bad-unknown-reference"))
    assert "ref('transfers.free_transfr') names an unknown provision or clause" in out
    assert "transfers.free_transfer" in out.split("free_transfr')")[1]


def test_validate_reports_every_problem_not_just_the_first(invoke, tmp_path):
    for defect in ("bad-undeclared-variable", "bad-missing-provenance"):
        shutil.copy(BAD / defect / "clauses.yaml", tmp_path / f"{defect}.yaml")
    (tmp_path / "bad-missing-provenance.yaml").write_text(
        (tmp_path / "bad-missing-provenance.yaml").read_text().replace("widget_rule", "gadget"))
    code, out, _ = invoke("validate", str(tmp_path), "--format", "json")
    problems = json.loads(out)["problems"]
    assert code == 1
    assert {p["clause"] for p in problems} == {"custom.widget_rule.balanced",
                                               "custom.gadget.balanced"}


def test_user_library_extends_a_builtin_provision(invoke, tmp_path):
    db = str(tmp_path / "t.db")
    code, out, _ = invoke("list", "--provision", "transfers.free_transfer", "--format", "json",
                          "--library", str(FIXTURES / "bad-library" / "good-extension"),
                          "--db", db)
    assert code == 0
    ids = [row["id"] for row in json.loads(out)["clauses"]]
    assert "transfers.free_transfer.user_fifteen_days" in ids
    assert "transfers.free_transfer.balanced" in ids


def test_broken_user_library_fails_build_but_search_keeps_working(invoke, tmp_path,
                                                                  monkeypatch):
    db = str(tmp_path / "t.db")
    assert invoke("build", "--db", db)[0] == 0
    monkeypatch.setenv("TREATYKIT_LIBRARY", str(BAD / "bad-param-range"))
    code, out, err = invoke("build", "--db", db)
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "bad-param-range/clauses.yaml" in err
    assert "parameters.local_equity_pct.default" in err
    code, out, err = invoke("search", "transfer", "--db", db, "--format", "json")
    assert code == 0
    assert json.loads(out)["hits"]
    assert "previous database is used" in err


def test_failed_build_leaves_previous_database_and_no_temp_file(tmp_path, monkeypatch):
    from treatykit.catalog import open_catalog
    from treatykit.store import clauses as store

    db = tmp_path / "t.db"
    open_catalog(db=db, force=True)
    before = db.read_bytes()

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "_insert_all", explode)
    with pytest.raises(RuntimeError):
        open_catalog(db=db, force=True)
    assert db.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.db"]


def test_store_rebuilds_when_a_clause_file_changes(invoke, tmp_path):
    lib = tmp_path / "lib"
    shutil.copytree(FIXTURES / "bad-library" / "good-extension", lib)
    db = str(tmp_path / "t.db")
    args = ("search", "fortnight", "--library", str(lib), "--db", db, "--format", "json")
    assert json.loads(invoke(*args)[1])["hits"] == []
    path = lib / "clauses.yaml"
    path.write_text(path.read_text().replace("at the market rate.", "at the market rate, "
                                             "and never later than one fortnight."))
    hits = json.loads(invoke(*args)[1])["hits"]
    assert [h["id"] for h in hits] == ["transfers.free_transfer.user_fifteen_days"]


def test_validate_of_a_folder_without_clause_files_is_an_error_not_ok(invoke, tmp_path):
    (tmp_path / "notes.txt").write_text("not a clause file", encoding="utf-8")
    code, out, err = invoke("validate", str(tmp_path))
    assert code == 2 and out == ""
    assert err == (f"treatykit: error: {tmp_path}: no clause files (*.yaml, *.yml) in this "
                   "folder (point validate at your folder of clause files)\n")


def test_validate_of_a_missing_folder_names_it_not_library(invoke, tmp_path):
    code, out, err = invoke("validate", str(tmp_path / "my-clauses"))
    assert (code, out) == (2, "")
    assert err == (f"treatykit: error: {tmp_path / 'my-clauses'}: no such folder (give the "
                   "folder of your clause files)\n")


def test_a_clause_file_that_is_not_utf8_says_to_save_it_as_utf8(invoke, tmp_path):
    (tmp_path / "clauses.yaml").write_bytes(b"provision: caf\xe9\n")
    code, out, _ = invoke("validate", str(tmp_path))
    assert code == 1
    assert f"{tmp_path / 'clauses.yaml'}: not UTF-8 text; fix: save the file as UTF-8\n" in out
