"""Tables people read and pipe: whole ids, one row a line, no box characters when piped."""

from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from treatykit.cli import console as consoles
from treatykit.cli import render

BOX = set("│─┃━┏┓┗┛┡┩└┘├┤┬┴┼╭╮╯╰")


@pytest.mark.parametrize("args", [("list",), ("provisions",),
                                  ("search", "repatriation of profits")])
def test_piped_output_is_tab_separated_whole_ids_one_row_a_line(invoke, built_db, args):
    code, out, _ = invoke(*args, "--db", str(built_db))
    assert code == 0
    header, *rows = out.splitlines()
    assert "\t" in header and rows
    assert not BOX & set(out)
    assert all(len(row.split("\t")) == len(header.split("\t")) for row in rows)
    _, listed, _ = invoke("list", "--db", str(built_db), "--format", "json")
    ids = {c["id"] for c in json.loads(listed)["clauses"]}
    first = [row.split("\t")[1 if args[0] == "search" else 0] for row in rows]
    if args[0] != "provisions":
        assert set(first) <= ids


def test_map_piped_prints_one_row_per_treaty_with_every_requirement(invoke, fixture_corpus):
    code, out, _ = invoke("map", "--corpus-db", str(fixture_corpus), "--playbook", "unctad-iia")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.startswith("treaty\ttitle\tparties\tyear\tlanguage\t")
    assert len(rows) == 4 and not BOX & set(out)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_row_commands_offer_csv_and_jsonl(invoke, built_db, fmt):
    code, out, _ = invoke("list", "--db", str(built_db), "--format", fmt)
    assert code == 0
    lines = out.splitlines()
    if fmt == "jsonl":
        assert all(json.loads(line)["id"] for line in lines)
    else:
        assert lines[0] == "id,stance,title,provenance" and len(lines) > 60


def test_a_terminal_table_never_splits_an_identifier(monkeypatch, built_db):
    from treatykit.store import list_clauses

    buffer = io.StringIO()
    terminal = Console(file=buffer, width=100, force_terminal=True, color_system=None)
    monkeypatch.setattr(render, "out_console", lambda: terminal)
    monkeypatch.setattr(consoles, "out_console", lambda: terminal)
    rows = list_clauses(built_db)
    render.print_table(rows, ["id", "stance", "title", "provenance"], title="clauses")
    text = buffer.getvalue()
    assert all(row["id"] in text for row in rows)


def test_list_piped_into_head_stops_cleanly(built_db):
    import subprocess
    import sys

    from conftest import ROOT

    result = subprocess.run(
        f'"{sys.executable}" -m treatykit list --db "{built_db}" | head -2', shell=True,
        capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "src"),
                                                           "PATH": "/usr/bin:/bin"})
    assert result.stdout.splitlines()[0] == "id\tstance\ttitle\tprovenance"
    assert len(result.stdout.splitlines()) == 2 and result.stderr == ""
