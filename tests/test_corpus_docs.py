"""docs/corpus.md covers every corpus command, each of its options, and its exit codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = (Path(__file__).resolve().parents[1] / "docs" / "corpus.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", ["ingest", "treaties", "search", "map"])
def test_every_corpus_command_and_its_options_are_documented(invoke, command):
    code, out, _ = invoke(command, "--help")
    assert code == 0
    assert f"## `treatykit {command}" in DOC
    options = set(re.findall(r"^\s+(?:-\w, )?(--[\w-]+)", out, re.M)) - {"--help", "--format"}
    shared = {"--library", "--db", "--limit", "--category", "--provision", "--stance"}
    missing = [o for o in sorted(options - shared) if f"`{o}" not in DOC]
    assert missing == []


@pytest.mark.parametrize("command", ["ingest", "treaties", "search", "map"])
def test_every_corpus_command_has_an_exit_code_row(command):
    assert re.search(rf"^\| `{command}` \|", DOC, re.M)
