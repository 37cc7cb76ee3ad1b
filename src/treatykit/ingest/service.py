"""Ingest treaty files into the corpus database, one transaction per file."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit import limits
from treatykit.errors import InputError
from treatykit.ingest.model import Treaty
from treatykit.ingest.plain import FORMATS, read_plain
from treatykit.ingest.tota import HINT as TOTA_HINT
from treatykit.ingest.tota import is_tota, read_tota
from treatykit.store import (
    TreatyFilter,
    corpus_counts,
    corpus_writer,
    list_treaties,
    resolve_corpus_path,
    save_treaty,
    unchanged_treaty,
)

SUFFIXES = (".xml", *FORMATS)
#: Files in a folder that are about a corpus, not part of it.
SKIP_STEMS = {"readme", "license", "licence", "copying", "changelog", "changes", "notice",
              "authors"}
Progress = Callable[[Iterable[Any], int], Iterable[Any]]


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested (or mapped), and why."""

    path: str
    reason: str


@dataclass
class IngestReport:
    """What one ingest run did, and what the corpus holds afterwards."""

    db: Path
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    treaties: int = 0
    articles: int = 0
    seconds: float = 0.0
    candidates: int = 0  # files of a kind treatykit reads, found in the paths given

    @property
    def files(self) -> int:
        return len(self.added) + len(self.updated) + len(self.unchanged) + len(self.skipped)


#: Documents treatykit cannot read, and what to do: a folder's file of one of these kinds
#: is listed as skipped; other files (data, images, notes) are not treaties and pass.
CONVERT_HINTS = {suffix: "save it as .docx or .pdf" for suffix in
                 (".doc", ".rtf", ".odt", ".wpd", ".pages", ".xls", ".xlsx")} | \
                {suffix: "save it as .txt or .pdf" for suffix in (".htm", ".html", ".xhtml")}


def find_treaty_files(paths: Sequence[Path]) -> tuple[list[Path], list[Skipped]]:
    """Files named, plus files found in folders (recursively, sorted); a document in a
    folder that treatykit cannot read (.doc, .rtf...) is listed as skipped with why."""
    found: list[Path] = []
    skipped: list[Skipped] = []
    for path in paths:
        if path.is_dir():
            for item in sorted(p for p in path.rglob("*") if _listed(p, path)):
                if item.suffix.lower() in SUFFIXES:
                    found.append(item)
                elif item.suffix.lower() in CONVERT_HINTS:
                    skipped.append(Skipped(str(item), unsupported(item)))
        elif path.is_file():
            found.append(path)
        else:
            skipped.append(Skipped(str(path), "no such file or folder"))
    return list(dict.fromkeys(p.resolve() for p in found)), skipped


def unsupported(path: Path) -> str:
    """Why a file is not read, and what to do about it."""
    suffix = path.suffix.lower() or "no extension"
    hint = CONVERT_HINTS.get(suffix, "treatykit reads " + ", ".join(SUFFIXES))
    return f"unsupported file type ({suffix}): {hint}"


def _listed(path: Path, root: Path) -> bool:
    """A file of the folder that may be a treaty: not hidden, not a README or licence."""
    parts = path.relative_to(root).parts
    return (path.stem.lower() not in SKIP_STEMS and not any(p.startswith(".") for p in parts)
            and path.is_file())


def file_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_treaty(path: Path, data: bytes | None = None) -> Treaty:
    """Read one treaty file of any supported kind; InputError names the file and the fix."""
    path = path.resolve()
    if data is None:
        data = limits.read_bounded(path)
    suffix = path.suffix.lower()
    if suffix == ".xml":
        if not is_tota(data):
            raise InputError(f"{path}: not a ToTA treaty file", hint=TOTA_HINT)
        return read_tota(data, path=path, digest=file_digest(data))
    if suffix not in FORMATS:
        raise InputError(f"{path}: {unsupported(path)}")
    return read_plain(path, digest=file_digest(data))


def ingest_paths(paths: Sequence[Path], corpus_db: str | Path | None = None, *,
                 progress: Progress | None = None,
                 on_skip: Callable[[Skipped], None] | None = None) -> IngestReport:
    """Ingest every treaty file under `paths`; a bad file is skipped, the rest goes in."""
    started = time.perf_counter()
    db_path = resolve_corpus_path(corpus_db)
    files, missing = find_treaty_files(paths)
    report = IngestReport(db=db_path, candidates=len(files))
    for item in missing:
        _skip(report, item, on_skip)
    with corpus_writer(db_path) as db:
        for path in (progress(files, len(files)) if progress else files):
            _ingest_file(db, path, report, on_skip)
        # counted while the writer is open, so that it closes last and SQLite removes the
        # -wal and -shm files (a read-only connection closing last cannot)
        report.treaties, report.articles = corpus_counts(db_path).values()
    report.seconds = round(time.perf_counter() - started, 2)
    return report


def list_corpus(corpus_db: str | Path | None = None,
                where: TreatyFilter | None = None) -> list[dict[str, Any]]:
    """The ingested treaties (filtered), as rows for a table or JSON."""
    return list_treaties(resolve_corpus_path(corpus_db), where or TreatyFilter())


def _ingest_file(db: Any, path: Path, report: IngestReport,
                 on_skip: Callable[[Skipped], None] | None) -> None:
    try:
        data = limits.read_bounded(path)
        known = unchanged_treaty(db, file_digest(data))
        if known:
            report.unchanged.append(known)
            return
        treaty = read_treaty(path, data)
    except OSError as exc:
        return _skip(report, Skipped(str(path), f"cannot read: {exc.strerror}"), on_skip)
    except InputError as exc:
        return _skip(report, Skipped(str(path), _reason(exc, path)), on_skip)
    except Exception as exc:  # noqa: BLE001 - one odd file must not stop a corpus ingest
        reason = f"cannot parse ({type(exc).__name__}: {exc}); please report it with the file"
        return _skip(report, Skipped(str(path), reason), on_skip)
    status = save_treaty(db, treaty)
    {"added": report.added, "updated": report.updated,
     "unchanged": report.unchanged}[status].append(treaty.id)


def _reason(exc: InputError, path: Path) -> str:
    """The error without the file name in front (the report names the file)."""
    text = str(exc)
    return text[len(str(path)) + 2:] if text.startswith(f"{path}: ") else text


def _skip(report: IngestReport, item: Skipped, on_skip: Callable[[Skipped], None] | None) -> None:
    report.skipped.append(item)
    if on_skip:
        on_skip(item)
