"""The docs carry the real CLI: docs/cli.md is the --help of every command, kept in step.

Regenerate after changing a command: TREATYKIT_REGENERATE=1 pytest tests/test_docs.py
"""

from __future__ import annotations

import os
import re

import pytest

from conftest import ROOT

CLI_MD = ROOT / "docs" / "cli.md"

HEADER = """# Command-line reference

Generated from `treatykit --help` and each command's `--help` by `tests/test_docs.py`
(regenerate with `TREATYKIT_REGENERATE=1 pytest tests/test_docs.py`).

Exit codes for every command:

| code | meaning |
|---|---|
| 0 | success |
| 1 | {GAPS} |
| 2 | {ERROR} |
| 130 | {INTERRUPTED} |

`--format` takes the same names in every command: `text` (the default; a table on a terminal,
tab-separated rows when piped), `json` (one shape for all, docs/json.md), and, where a command
lists rows, `jsonl`, `csv` and `tsv`.

## Shell completion

treatykit completes commands, options and choices in bash, zsh and fish (click's completion).
Add one line to your shell's start-up file:

```sh
eval "$(_TREATYKIT_COMPLETE=bash_source treatykit)"    # ~/.bashrc
eval "$(_TREATYKIT_COMPLETE=zsh_source treatykit)"     # ~/.zshrc
_TREATYKIT_COMPLETE=fish_source treatykit | source     # ~/.config/fish/completions/treatykit.fish
```

""".format(
    GAPS="a check ran and found blocking gaps (`review`: a `must` requirement is not present; "
         "`validate`: the library has problems; `templates`: a template has problems; "
         "`playbooks`: a playbook does not load; `ingest`: some files were skipped; `map`: "
         "some treaties could not be reviewed)",
    ERROR="usage or input error: a one-line message on stderr naming the file, field or line "
          "and how to fix it (add `--debug` for a traceback)",
    INTERRUPTED="interrupted (Ctrl-C): the command stops at once, queued work is cancelled "
                "and no output file is left half-written")


def _help(args: list[str]) -> str:
    """The real `treatykit ARGS --help`, rendered at a fixed width."""
    from click.testing import CliRunner

    from treatykit.cli import cli

    result = CliRunner().invoke(cli, [*args, "--help"], terminal_width=100,
                                prog_name="treatykit", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.rstrip("\n")


def _commands() -> list[str]:
    from treatykit.cli import cli

    return sorted(cli.commands)


def render_cli_md() -> str:
    parts = [HEADER, "## treatykit\n\n```\n" + _help([]) + "\n```\n"]
    for name in _commands():
        parts.append(f"\n## treatykit {name}\n\n```\n{_help([name])}\n```\n")
    return "".join(parts)


def test_cli_md_matches_the_real_help():
    expected = render_cli_md()
    if os.environ.get("TREATYKIT_REGENERATE"):
        CLI_MD.write_text(expected, encoding="utf-8")
    assert CLI_MD.read_text(encoding="utf-8") == expected, \
        "docs/cli.md is stale: TREATYKIT_REGENERATE=1 pytest tests/test_docs.py"


@pytest.mark.parametrize("command", _commands())
def test_every_command_is_in_the_readme(command):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`treatykit {command}" in readme


#: Commands whose output is a document to edit, not data: no --format.
DOCUMENT_COMMANDS = {"init-deal"}


@pytest.mark.parametrize("command", _commands())
def test_every_command_help_has_an_example_and_json(command):
    text = _help([command])
    assert re.search(r"Examples?:", text)
    assert ("--format" in text) != (command in DOCUMENT_COMMANDS)


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = re.search(r"```sh\n(python3 -m venv .venv && .venv/bin/pip install '\.\[test\]'"
                        r"[^\n]*)\n```", readme)
    assert command, "README lost its test command"
    assert command.group(1) in ci
