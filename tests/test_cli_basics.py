"""The CLI's contract: help with examples, exit codes, one-line errors, no spaCy for search."""

from __future__ import annotations

import subprocess
import sys

import pytest


def test_help_lists_commands_and_exit_codes(invoke):
    code, out, _ = invoke("--help")
    assert code == 0
    for command in ("build", "validate", "search", "show", "list", "provisions"):
        assert f"  {command} " in out
    assert "Exit codes: 0 ok, 1" in out


@pytest.mark.parametrize("command", ["build", "validate", "search", "show", "list", "provisions"])
def test_every_command_has_help_with_an_example(invoke, command):
    code, out, _ = invoke(command, "--help")
    assert code == 0
    assert "Example" in out
    assert f"treatykit {command}" in out


def test_unknown_option_is_a_usage_error(invoke):
    code, _, err = invoke("search", "--no-such-option", "x")
    assert code == 2
    assert "No such option" in err


@pytest.mark.parametrize(("args", "message"), [
    (("search",), "Missing argument 'QUERY'. (see 'treatykit search --help')"),
    (("search", "x", "--limit", "0"), "Invalid value for '--limit': 0 is not in the range "
                                      "1<=x<=500. (see 'treatykit search --help')"),
    (("serch", "x"), "No such command 'serch'. Did you mean 'search'? (see 'treatykit --help')"),
])
def test_usage_errors_are_one_line_not_click_three(invoke, args, message):
    code, out, err = invoke(*args)
    assert (code, out) == (2, "")
    assert err == f"treatykit: error: {message}\n"


def _imported_modules(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=False)
    return set(done.stdout.split())


def test_help_and_search_do_not_import_spacy(built_db):
    help_modules = _imported_modules(
        "from treatykit.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit: pass")
    assert "spacy" not in help_modules
    search_modules = _imported_modules(
        "from treatykit.cli import cli\n"
        f"cli.main(['search', 'transfer', '--db', r'{built_db}'], standalone_mode=False)")
    assert "treatykit.store" in search_modules
    assert "spacy" not in search_modules
