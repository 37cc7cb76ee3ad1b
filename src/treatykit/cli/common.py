"""What every command shares: exit codes, options, output helpers, progress bars."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import IntEnum
from pathlib import Path
from typing import Any, TypeVar

import click

from treatykit.models import SCHEMA_VERSION

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class ExitStatus(IntEnum):
    """Named exit codes (docs/cli.md)."""

    OK = 0
    GAPS = 1  # a check ran and found blocking gaps (review, validate)
    ERROR = 2  # usage or input error
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT), as shells and other tools report it


#: `--format` names, the same in every command: `text` for people (a table on a terminal,
#: tab-separated when piped), `json` for scripts; row listings add `jsonl`, `csv`, `tsv`.
TEXT_FORMATS = ("text", "json")
ROW_FORMATS = ("text", "json", "jsonl", "csv", "tsv")


class FormatChoice(click.Choice):
    """A `--format` choice that still accepts the old name `table` for `text`."""

    ALIASES = {"table": "text"}

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        return super().convert(self.ALIASES.get(value, value), param, ctx)


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """`--format` with the given choices (TEXT_FORMATS if none); the first is the default."""
    choices = choices or TEXT_FORMATS
    return click.option("--format", "fmt", type=FormatChoice(choices),
                        default=default or choices[0], show_default=True,
                        help="Output format: text for people, json (and jsonl, csv where "
                             "rows are listed) for scripts; docs/json.md gives the shape.")


def envelope(items_key: str, items: Sequence[Any], **fields: Any) -> dict[str, Any]:
    """The one JSON shape: `{"schema": 1, ...fields, items_key: [items]}` (docs/json.md).

    Every command's `--format json` goes through here, so scripts can rely on an object
    with a schema version and the items under a named list.
    """
    return {"schema": SCHEMA_VERSION, **fields, items_key: list(items)}


def with_schema(data: dict[str, Any]) -> dict[str, Any]:
    """A document that already names its lists (a review, a map) with the schema first."""
    return {"schema": SCHEMA_VERSION, **data}


def echo_envelope(items_key: str, items: Sequence[Any], **fields: Any) -> None:
    """Print `envelope(...)` as JSON on stdout."""
    echo_json(envelope(items_key, items, **fields))


def emit_rows(rows: Sequence[dict[str, Any]], fmt: str, *, key: str,
              columns: Sequence[str], title: str = "",
              flat: Sequence[dict[str, Any]] | None = None,
              text: Callable[[], None] | None = None, **fields: Any) -> None:
    """Print rows in `fmt`: json (an envelope of `fields` and `key: rows`), jsonl (one row
    a line), csv, tsv, or text.

    Text on a terminal is `text()` or a table of `columns`; piped or redirected, it is
    tab-separated `columns` (one row a line, whole ids, no box characters), as sqlite-utils
    and ruff do. csv, tsv and tables read `flat` rows when the JSON rows nest objects.
    """
    cells = rows if flat is None else flat
    if fmt == "json":
        echo_envelope(key, rows, **fields)
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False, default=_jsonable))
    elif fmt == "csv":
        _echo_csv(cells, columns)
    elif fmt == "tsv" or not stdout_is_terminal():
        _echo_tsv(cells, columns)
    elif text is not None:
        text()
    else:
        from treatykit.cli.render import print_table

        print_table(cells, columns, title=title)


def stdout_is_terminal() -> bool:
    """True when people read stdout; False when it is piped or redirected."""
    from treatykit.cli.console import out_console

    return out_console().is_terminal


def _echo_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(row.get(c)) for c in columns] for row in rows)
    click.echo(buffer.getvalue(), nl=False)


def _echo_tsv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    """A header line, then one line per row; `cell` leaves no tab or line break inside."""
    click.echo("\t".join(columns))
    for row in rows:
        click.echo("\t".join(cell(row.get(c)) for c in columns))


def cell(value: Any) -> str:
    """One value as the text of a table cell: lists joined by '; ', a citation by its cite,
    tabs and line breaks as spaces (a row stays one line of a tab-separated listing)."""
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("cite") or value.get("id") or json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else " ".join(str(value).split())


def library_option(func: F) -> F:
    """`--library DIR` (repeatable): clause folders added on top of the built-in library."""
    return click.option(
        "--library", "libraries", multiple=True, type=click.Path(file_okay=False),
        help="Extra clause folder on top of the built-in library (repeatable; also "
             "TREATYKIT_LIBRARY, separated by the OS path separator).")(func)


def db_option(func: F) -> F:
    """`--db PATH`: where the SQLite store lives."""
    return click.option("--db", "db", type=click.Path(dir_okay=False),
                        help="SQLite store to use (default: user data folder; also TREATYKIT_DB).",
                        )(func)


def echo_json(data: Any) -> None:
    """Print JSON for scripts: UTF-8, stable key order as given, one document."""
    click.echo(json.dumps(data, indent=2, ensure_ascii=False, default=_jsonable))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, (set, tuple)):
        return list(value)
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    raise TypeError(f"cannot serialise {type(value).__name__}")


def warn(message: str) -> None:
    """A diagnostic on stderr, never on stdout."""
    click.echo(f"treatykit: warning: {message}", err=True)


def note(message: str) -> None:
    click.echo(f"treatykit: {message}", err=True)


def progress(items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    from rich.progress import Progress

    from treatykit.cli.console import err_console

    with Progress(console=err_console(), transient=True) as bar:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)


@contextlib.contextmanager
def busy(label: str) -> Iterator[None]:
    """A spinner on stderr while one long step runs, when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield
        return
    from treatykit.cli.console import err_console

    with err_console().status(label):
        yield


def progress_for(label: str) -> Callable[[Iterable[Any], int], Iterable[Any]]:
    """A `progress(items, total)` callback for library functions that report progress."""
    return lambda items, total: progress(items, total, label)


def paths(values: Sequence[str]) -> list[Path]:
    return [Path(v) for v in values]
