"""The `treatykit` command line: parses options, calls the library, formats results.

Heavy dependencies are imported inside commands, so `treatykit --help` and `treatykit
search` never load spaCy.
"""

from __future__ import annotations

import contextlib
import os
import sys

import click

from treatykit import __version__
from treatykit.cli.common import ExitStatus
from treatykit.errors import TreatykitError

EPILOG = """\b
Examples:
  treatykit search "repatriation of profits"
  treatykit draft corpus/deals/pakistan-us-critical-minerals.yaml -o draft.docx
  treatykit review draft.docx --playbook pakistan-minerals

Exit codes: 0 ok, 1 a check found blocking gaps, 2 usage or input error, 130
interrupted (Ctrl-C).
"""


@click.group(epilog=EPILOG, context_settings={"help_option_names": ["-h", "--help"],
                                              "max_content_width": 100})
@click.version_option(__version__, prog_name="treatykit")
@click.option("--debug", is_flag=True, envvar="TREATYKIT_DEBUG",
              help="Show tracebacks for errors (also TREATYKIT_DEBUG=1).")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Treaty clause knowledge base and drafting assistant.

    Search a library of treaty clauses, draft agreements from a deal file, and review any
    draft against a negotiating mandate.
    """
    ctx.obj = {"debug": debug}


def _register() -> None:
    from treatykit.cli import library_cmds

    for command in library_cmds.COMMANDS:
        cli.add_command(command)
    for module_name in ("draft_cmds", "review_cmds", "check_cmds", "corpus_cmds",
                        "negotiate_cmds"):
        try:
            module = __import__(f"treatykit.cli.{module_name}", fromlist=["COMMANDS"])
        except ModuleNotFoundError as exc:
            if exc.name != f"treatykit.cli.{module_name}":
                raise
            continue
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> None:
    """Run the CLI and map every outcome to a documented exit code."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("TREATYKIT_DEBUG", "") not in ("", "0")
    from treatykit.drafting.budget import render_session

    try:
        with render_session():  # one rendering budget for the whole run
            code = cli.main(args=args, prog_name="treatykit", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        _interrupted()
    except click.exceptions.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(ExitStatus.ERROR)
    except click.UsageError as exc:
        # One line like every other input error, not click's three (Usage, Try, Error).
        where = exc.ctx.command_path if exc.ctx else "treatykit"
        message = " ".join(exc.format_message().split())
        click.echo(f"treatykit: error: {message} (see '{where} --help')", err=True)
        sys.exit(ExitStatus.ERROR)
    except click.ClickException as exc:
        exc.show()
        sys.exit(ExitStatus.ERROR)
    except TreatykitError as exc:
        if debug:
            raise
        click.echo(f"treatykit: error: {exc}", err=True)
        sys.exit(ExitStatus.ERROR)
    except BrokenPipeError:
        sys.exit(ExitStatus.OK)
    except OSError as exc:
        if debug:
            raise
        if exc.filename is not None:  # a file error the library should have named
            _internal(exc)
        # standard output on a full disk (or /dev/full): say so once, and write no more there
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        click.echo(f"treatykit: error: cannot write the output: {exc.strerror} "
                   "(free some space, or write to another place with -o)", err=True)
        sys.exit(ExitStatus.ERROR)
    except Exception as exc:  # noqa: BLE001 - last resort: one line, not a traceback
        if debug:
            raise
        _internal(exc)
    sys.exit(code if isinstance(code, int) else ExitStatus.OK)


def _internal(exc: BaseException) -> None:
    click.echo(f"treatykit: internal error: {type(exc).__name__}: {exc} "
               "(rerun with --debug and report it)", err=True)
    sys.exit(ExitStatus.ERROR)


def _interrupted() -> None:
    """Ctrl-C: say so on one line and exit 130 at once (outputs are written atomically, so
    nothing half-done is left behind)."""
    with contextlib.suppress(KeyboardInterrupt, OSError):
        click.echo("treatykit: interrupted", err=True)
    sys.exit(ExitStatus.INTERRUPTED)
