"""Every command's `--format json` has the one documented shape (docs/json.md)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from conftest import CORPUS_FIXTURES, PAKISTAN_DEAL, ROOT
from treatykit.cli import cli

DOC = ROOT / "docs" / "json.md"
WEAK = ROOT / "corpus" / "drafts" / "pk-us-bit-investor-weak.txt"
TYPES = {"str": str, "int": int, "number": (int, float), "bool": bool, "any": object}


def documented_shapes() -> dict[str, Any]:
    """Command name -> the shape in the ```json block under its '### name' heading."""
    blocks = re.findall(r"^### (\S+)\n.*?```json\n(.*?)```", DOC.read_text(), re.S | re.M)
    return {name: json.loads(block) for name, block in blocks}


def mismatches(value: Any, shape: Any, where: str = "$") -> list[str]:
    """Where `value` differs from `shape` (a tiny validator for the shapes in docs/json.md)."""
    if isinstance(shape, dict):
        if not isinstance(value, dict):
            return [f"{where}: expected an object, got {type(value).__name__}"]
        return [m for key, sub in shape.items()
                for m in (mismatches(value[key], sub, f"{where}.{key}") if key in value
                          else [f"{where}: no '{key}'"])]
    if isinstance(shape, list):
        if not isinstance(value, list):
            return [f"{where}: expected a list, got {type(value).__name__}"]
        return [m for i, item in enumerate(value) for m in mismatches(item, shape[0],
                                                                      f"{where}[{i}]")]
    if value is None:
        return [] if shape.endswith("?") or shape == "any" else [f"{where}: null"]
    wanted = TYPES[shape.rstrip("?")]
    wrong = not isinstance(value, wanted) or (wanted is int and isinstance(value, bool))
    return [f"{where}: expected {shape}, got {value!r:.40}"] if wrong else []


def test_the_validator_catches_a_wrong_shape():
    shape = {"schema": "int", "clauses": [{"id": "str", "year": "int?"}]}
    assert mismatches({"schema": 1, "clauses": [{"id": "a", "year": None}]}, shape) == []
    assert mismatches([{"id": "a"}], shape) == ["$: expected an object, got list"]
    assert mismatches({"schema": 1, "clauses": [{"id": 3}]}, shape) == [
        "$.clauses[0].id: expected str, got 3", "$.clauses[0]: no 'year'"]


def _commands_with_json() -> set[str]:
    return {name for name, command in cli.commands.items()
            if any(p.name == "fmt" and "json" in getattr(p.type, "choices", ())
                   for p in command.params)}


def test_every_command_with_json_output_is_documented():
    missing = _commands_with_json() - set(documented_shapes())
    assert missing == set(), f"add the shape of {sorted(missing)} to docs/json.md"


@pytest.fixture(scope="module")
def arguments(tmp_path_factory, built_db, fixture_corpus) -> dict[str, list[str]]:
    db, corpus = ["--db", str(built_db)], ["--corpus-db", str(fixture_corpus)]
    fresh = tmp_path_factory.mktemp("ingest") / "corpus.db"
    return {
        "build": ["--db", str(tmp_path_factory.mktemp("build") / "t.db")],
        "validate": [], "list": db, "provisions": db,
        "show": ["transfers.free_transfer.host", *db],
        "search": ["transfer", "--in", "all", *db, *corpus],
        "ingest": [str(CORPUS_FIXTURES / "tota"), "--corpus-db", str(fresh)],
        "treaties": corpus, "map": [*corpus, "--playbook", "unctad-iia"],
        "draft": [str(PAKISTAN_DEAL), "--explain"], "templates": [],
        "review": [str(WEAK), "-p", "pakistan-minerals"], "playbooks": [],
        "check": [str(WEAK), "--no-conflicts"],
    }


@pytest.mark.parametrize("name", sorted(documented_shapes()))
def test_json_output_has_the_documented_shape(invoke, arguments, name):
    if name not in arguments:
        pytest.skip(f"no sample arguments for '{name}' yet: add them to `arguments`")
    code, out, err = invoke(name, *arguments[name], "--format", "json")
    assert code in (0, 1), err
    data = json.loads(out)
    assert data["schema"] == 1
    assert mismatches(data, documented_shapes()[name]) == []


def test_snippets_are_plain_text_with_the_offsets_of_each_match(invoke, built_db):
    _, out, _ = invoke("search", "local equity", "--db", str(built_db), "--format", "json")
    hits = json.loads(out)["hits"]
    assert any(hit["matches"] for hit in hits)
    for hit in hits:
        assert "**" not in hit["snippet"]
        words = [hit["snippet"][start:end].lower() for start, end in hit["matches"]]
        assert all(w.startswith(("local", "equit")) for w in words), words
