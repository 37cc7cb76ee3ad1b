"""The limits on everything treatykit reads, stated once.

treatykit reads files from the other side of a negotiation and from user folders of clauses,
templates and playbooks, so every reader is bounded: a hostile or broken file gets a one-line
error naming the file and the limit, never a hang or an exhausted machine. Each limit can be
raised by an environment variable where a user may legitimately need more (docs/robustness.md
lists them).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from treatykit.errors import InputError

MIB = 1024 * 1024


@dataclass(frozen=True)
class Limit:
    """One bound: its default, the variable that raises it and what it counts."""

    name: str
    default: int
    env: str
    unit: str

    @property
    def value(self) -> int:
        raw = os.environ.get(self.env, "").strip().replace("_", "")
        if not raw:
            return self.default
        if not raw.isdigit() or int(raw) <= 0:
            raise InputError(f"{self.env}={raw!r}: not a positive whole number",
                             hint=f"unset it or give a number of {self.unit}")
        return int(raw)

    def describe(self) -> str:
        """'4,000 characters' for error messages."""
        return f"{self.value:,} {self.unit}"


YAML_BYTES = Limit("the YAML file size", 8 * MIB, "TREATYKIT_MAX_YAML_BYTES", "bytes")
YAML_NODES = Limit("the number of values with YAML aliases expanded", 200_000,
                   "TREATYKIT_MAX_YAML_NODES", "values")
YAML_DEPTH = Limit("the YAML nesting depth", 64, "TREATYKIT_MAX_YAML_DEPTH", "levels")
YAML_SCALAR = Limit("the length of a YAML value", 1 * MIB, "TREATYKIT_MAX_YAML_VALUE", "characters")
INT_DIGITS = Limit("the number of digits in a whole number", 30, "TREATYKIT_MAX_DIGITS", "digits")
ZIP_BYTES = Limit("the unpacked size of the Word file", 256 * MIB, "TREATYKIT_MAX_UNZIPPED_BYTES",
                  "bytes")
ZIP_RATIO = Limit("the compression ratio of a part of the Word file", 200,
                  "TREATYKIT_MAX_ZIP_RATIO", "to one")
ZIP_MEMBERS = Limit("the number of parts in the Word file", 10_000,
                    "TREATYKIT_MAX_ZIP_PARTS", "parts")
DOC_BYTES = Limit("the size of the document", 512 * MIB, "TREATYKIT_MAX_DOCUMENT_BYTES",
                  "bytes")
PDF_PAGES = Limit("the number of pages of the PDF", 5_000, "TREATYKIT_MAX_PDF_PAGES", "pages")
PDF_SECONDS = Limit("the time to read the text of the PDF", 20, "TREATYKIT_MAX_PDF_SECONDS",
                    "seconds of CPU time")
QUERY_CHARS = Limit("the length of the search query", 4_000, "TREATYKIT_MAX_QUERY", "characters")
QUERY_TERMS = Limit("the number of distinct words in the search query", 64,
                    "TREATYKIT_MAX_QUERY_TERMS", "words")
RENDER_SECONDS = Limit("the time to render templates and clauses", 15,
                       "TREATYKIT_MAX_RENDER_SECONDS", "seconds of CPU time")
RENDER_VALUE = Limit("the size of a value computed in a template", 1_000_000,
                     "TREATYKIT_MAX_RENDER_VALUE", "characters or items")

ALL = (YAML_BYTES, YAML_NODES, YAML_DEPTH, YAML_SCALAR, INT_DIGITS, ZIP_BYTES, ZIP_RATIO,
       ZIP_MEMBERS, DOC_BYTES, PDF_PAGES, PDF_SECONDS, QUERY_CHARS, QUERY_TERMS, RENDER_SECONDS,
       RENDER_VALUE)


def over(limit: Limit, where: str, amount: int | None = None) -> InputError:
    """The one-line error for input past `limit`: '<where>: <what> is N, over the limit...'."""
    hint = f"raise it with {limit.env} if the input is genuine"
    if amount is None:
        return InputError(f"{where}: {limit.name} exceeds the limit of {limit.describe()}",
                          hint=hint)
    return InputError(f"{where}: {limit.name} is {amount:,}, over the limit of "
                      f"{limit.describe()}", hint=hint)


def read_bounded(path: Path) -> bytes:
    """The bytes of an input file, refused before reading when larger than DOC_BYTES."""
    try:
        size = path.stat().st_size
        if size > DOC_BYTES.value:
            raise over(DOC_BYTES, str(path), size)
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc


def read_stream(stream: BinaryIO, name: str) -> bytes:
    """Standard input (or another stream) read up to DOC_BYTES, refused past it."""
    try:
        data = stream.read(DOC_BYTES.value + 1)
    except (OSError, ValueError) as exc:  # closed or unreadable standard input
        raise InputError(f"{name}: cannot read standard input ({exc})",
                         hint="pipe the draft in, or give its file name") from exc
    if data is None:
        raise InputError(f"{name}: standard input is not readable",
                         hint="pipe the draft in, or give its file name")
    if len(data) > DOC_BYTES.value:
        raise over(DOC_BYTES, name)
    return data


def check_zip(data: bytes, name: str) -> None:
    """Refuse a Word (zip) file whose parts would unpack past the limits, before any part is
    unpacked: a small file can inflate to gigabytes (a "zip bomb")."""
    import io

    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the Word reader says so in its own words
    if len(members) > ZIP_MEMBERS.value:
        raise over(ZIP_MEMBERS, name, len(members))
    total = sum(m.file_size for m in members)
    if total > ZIP_BYTES.value:
        raise over(ZIP_BYTES, name, total)
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > MIB and ratio > ZIP_RATIO.value:
            raise over(ZIP_RATIO, f"{name} ({member.filename})", int(ratio))


class _OutOfTime(BaseException):
    """Raised by the CPU timer inside `cpu_limit` (a BaseException, so that no library's
    `except Exception` swallows it); turned into the limit's error there."""


@contextlib.contextmanager
def cpu_limit(limit: Limit, where: str) -> Iterator[None]:
    """Stop the body once it has used `limit` seconds of CPU time, with the limit's one-line
    error for `where`. A PDF whose thousands of pages share one heavy content stream is small
    on disk and slow to read.

    The timer needs the main thread (signals); elsewhere the body runs unbounded.
    """
    if threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise _OutOfTime

    previous = signal.signal(signal.SIGPROF, stop)
    signal.setitimer(signal.ITIMER_PROF, limit.value)
    try:
        yield
    except _OutOfTime:
        raise over(limit, where) from None
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
