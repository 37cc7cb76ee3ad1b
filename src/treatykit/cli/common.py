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

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class ExitStatus(IntEnum):
    """Named exit codes (docs/cli.md)."""

    OK = 0
    GAPS = 1  # a check ran and found blocking gaps (review, validate)
    ERROR = 2  # usage or input error


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """`--format` with the given choices; the first is the default."""
    return click.option("--format", "fmt", type=click.Choice(choices),
                        default=default or choices[0], show_default=True,
                        help="Output format; json is for scripts.")


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
