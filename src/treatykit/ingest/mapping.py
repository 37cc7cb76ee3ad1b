"""Map a corpus: review every treaty against a playbook, one row per treaty.

A requirement becomes a column: true/false (found or not) or, for a requirement with
`report:` or a constraint, the value read from the text. Reviews run in a process pool,
one spaCy pipeline per process; the parent process never imports spaCy when workers > 1.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from treatykit.errors import InputError
from treatykit.ingest.model import Treaty, TreatyRef
from treatykit.ingest.service import Progress, Skipped, find_treaty_files, read_treaty
from treatykit.models import SCHEMA_VERSION
from treatykit.review.readers import Draft
from treatykit.review.structure import ARTICLE_RE
from treatykit.store import TreatyFilter, load_treaty, resolve_corpus_path, treaty_refs

TREATY_COLUMNS = ("treaty", "title", "parties", "year", "language")
_PARAGRAPH_BREAK = re.compile(r"[ \t]{2,}(?=\(?(?:\d{1,2}|[a-z]{1,2}|[ivx]{1,5})[.)]\s)")


@dataclass(frozen=True)
class Column:
    """A requirement of the playbook as a map column."""

    id: str
    title: str
    numeric: bool
    absent: Any = None  # the value that means "no such clause" (survival: 0 years)


@dataclass
class MapResult:
    """Rows (one per treaty, in input order), the columns, failures and a summary."""

    playbook: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    failed: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    #: treaty id -> requirement id -> {"location", "text"}: the sentence behind each cell.
    evidence: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The map as one JSON document (docs/json.md): a row per treaty under `treaties`."""
        return {
            "schema": SCHEMA_VERSION, "playbook": self.playbook,
            "columns": [{"id": c.id, "title": c.title, "numeric": c.numeric}
                        for c in self.columns],
            "summary": self.summary(), "seconds": self.seconds, "workers": self.workers,
            "failed": [{"path": f.path, "reason": f.reason} for f in self.failed],
            "treaties": self.rows}

    def summary(self) -> list[dict[str, Any]]:
        """Per requirement: how many treaties have it (or state a value), and which values."""
        total = len(self.rows)
        out = []
        for column in self.columns:
            cells = [row[column.id] for row in self.rows]
            count = sum(1 for c in cells if (c is not None and c != column.absent
                                             if column.numeric else c))
            item: dict[str, Any] = {"requirement": column.id, "title": column.title,
                                    "found": count, "of": total,
                                    "percent": round(100 * count / total, 1) if total else 0.0}
            if column.numeric:
                values = Counter(_hashable(c) for c in cells if c is not None)
                item["values"] = [{"value": v, "count": n} for v, n in values.most_common(5)]
            out.append(item)
        return out


def map_sources(sources: Sequence[Path], *, playbook: str, corpus_db: str | Path | None = None,
                where: TreatyFilter | None = None, libraries: Sequence[str | Path] = (),
                playbooks: Sequence[str] = (), workers: int = 1,
                progress: Progress | None = None) -> MapResult:
    """Map treaty files and folders, a corpus database given as the only source, or (with
    no sources) the corpus database."""
    where = where or TreatyFilter()
    databases = [p for p in sources if is_sqlite(p)]
    if databases and len(sources) > 1:
        raise InputError(f"{databases[0]}: give either one corpus database or treaty files",
                         hint="map the database alone, or ingest the files into it first")
    if not sources or databases:
        corpus = databases[0] if databases else resolve_corpus_path(corpus_db)
        return map_corpus(treaty_refs(corpus, where), playbook=playbook, libraries=libraries,
                          playbooks=playbooks, workers=workers, progress=progress)
    if where != TreatyFilter():
        raise InputError("--party, --year-from and --year-to select ingested treaties",
                         hint="ingest the files first, then map the corpus database")
    files, missing = find_treaty_files(sources)
    if not files and not missing:
        raise InputError(f"{', '.join(map(str, sources))}: no treaty files found",
                         hint="give ToTA .xml, .txt, .md, .docx or .pdf files or folders")
    refs = [TreatyRef(str(p), p.stem, str(p), p.stat().st_size) for p in files]
    return map_corpus(refs, playbook=playbook, libraries=libraries, playbooks=playbooks,
                      workers=workers, progress=progress, failed=missing)


def is_sqlite(path: Path) -> bool:
    """Whether `path` is an SQLite database file (by its header)."""
    try:
        with path.open("rb") as handle:
            return path.is_file() and handle.read(16) == b"SQLite format 3\x00"
    except OSError:
        return False


def map_corpus(refs: Sequence[TreatyRef], *, playbook: str,
               libraries: Sequence[str | Path] = (), playbooks: Sequence[str] = (),
               workers: int = 1, progress: Progress | None = None,
               failed: Sequence[Skipped] = ()) -> MapResult:
    """Review every treaty in `refs` against `playbook`; one row each, in `refs` order."""
    started = time.perf_counter()
    columns, book_id = playbook_columns(playbook, libraries, playbooks)
    settings = (tuple(map(str, libraries)), playbook, tuple(playbooks))
    results = _run(refs, settings, workers, progress)
    errors = {error for _, error in results.values()}
    if not any(row for row, _ in results.values()) and len(errors) == 1 and None not in errors:
        raise InputError(f"no treaty could be reviewed: {errors.pop()}")
    rows: list[dict[str, Any]] = []
    evidence: dict[str, dict[str, dict[str, str]]] = {}
    failures = list(failed)
    for ref in refs:
        row, error = results[ref.id]
        if row is None:
            failures.append(Skipped(ref.id if ref.in_db else ref.source, error or "no result"))
        else:
            evidence[row["treaty"]] = row.pop(EVIDENCE)
            rows.append(row)
    return MapResult(book_id, columns, rows, failures, round(time.perf_counter() - started, 2),
                     workers, evidence)


def playbook_columns(name: str, libraries: Sequence[str | Path] = (),
                     playbooks: Sequence[str] = ()) -> tuple[list[Column], str]:
    """The map's columns for a playbook, checked without spaCy or the slow template checks
    (each review process validates the library fully)."""
    from treatykit.errors import LibraryError
    from treatykit.library import library_dirs, load_library
    from treatykit.review.mapping import VALUE_WHEN_MISSING
    from treatykit.review.playbooks import find_playbook, load_playbook

    library, problems = load_library(library_dirs(libraries))
    if problems:
        raise LibraryError(problems)
    book = load_playbook(find_playbook(name, tuple(playbooks)), library)
    columns = [Column(r.id, r.title or r.id, bool(r.report or r.constraints),
                      VALUE_WHEN_MISSING.get(r.report or ""))
               for r in book.requirements]
    return columns, book.id


# --- running reviews ----------------------------------------------------------------

Settings = tuple[tuple[str, ...], str, tuple[str, ...]]
Outcome = tuple[dict[str, Any] | None, str | None]
_WORKER: dict[str, Any] = {}


def _run(refs: Sequence[TreatyRef], settings: Settings, workers: int,
         progress: Progress | None) -> dict[str, Outcome]:
    """Outcome per treaty id, largest treaties first so the pool stays busy to the end."""
    ordered = sorted(refs, key=lambda r: -r.size)
    wrap: Callable[[Iterable[Any], int], Iterable[Any]] = progress or (lambda items, _n: items)
    # no more processes than cores: each loads the review engine (about 150 MB), and
    # --workers 64 on a 2-core machine would take 10 GB for no gain in speed
    workers = min(workers, os.cpu_count() or 1)
    if workers <= 1 or len(ordered) <= 1:
        _load_reviewer(settings)
        return {ref.id: _map_one(ref) for ref in wrap(ordered, len(ordered))}
    import multiprocessing
    from concurrent.futures import as_completed

    context = multiprocessing.get_context("spawn")  # no fork of a threaded parent
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context,
                               initializer=_init_worker, initargs=(settings,))
    try:
        futures: dict[Future[Outcome], str] = {pool.submit(_map_one, ref): ref.id
                                               for ref in ordered}
        done = wrap(as_completed(futures), len(futures))
        outcomes = {futures[future]: future.result() for future in done}
    except BaseException:
        _stop(pool)  # Ctrl-C: cancel what is queued and end the reviews running now
        raise
    pool.shutdown()
    return outcomes


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel queued reviews and terminate the workers at once, not after the queue."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=2)


def _init_worker(settings: Settings) -> None:
    """Load the reviewer in a pool process; a failure is reported for every treaty.

    Ctrl-C reaches the whole process group; the parent alone handles it (and ends the
    workers), so a worker ignores it rather than print a traceback of its own.
    """
    import signal

    from treatykit.errors import TreatykitError

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _load_reviewer(settings)
    except TreatykitError as exc:
        _WORKER["error"] = str(exc)


def _load_reviewer(settings: Settings) -> None:
    """Load the library, recognisers and playbook (cached per library content)."""
    from treatykit.review.service import load_reviewer, resolve_playbook

    libraries, playbook, playbooks = settings
    library, compiled = load_reviewer(libraries)
    _WORKER.update(library=library, compiled=compiled,
                   playbook=resolve_playbook(playbook, library, playbooks))


def _map_one(ref: TreatyRef) -> Outcome:
    """Review one treaty; an unreadable treaty is an error message, not an exception. The
    row carries, under EVIDENCE, the sentence behind each cell (for the heat-map)."""
    from treatykit.errors import TreatykitError
    from treatykit.review.mapping import feature_row

    if "error" in _WORKER:
        return None, _WORKER["error"]
    playbook = _WORKER["playbook"]
    try:
        treaty = _load(ref)
        findings = graded_findings(review_text_of(treaty), playbook, _WORKER["library"],
                                   _WORKER["compiled"], source=treaty.id)
    except TreatykitError as exc:
        return None, str(exc)
    except Exception as exc:  # noqa: BLE001 - one treaty must not stop a corpus map
        return None, f"review failed ({type(exc).__name__}: {exc}); please report it"
    cells = feature_row({"findings": findings}, value_parameters(playbook))
    return {**treaty_identity(treaty), **cells, EVIDENCE: cell_evidence(findings)}, None


#: The key under which a worker hands a row's evidence back (taken out of the row).
EVIDENCE = "_evidence"


def cell_evidence(findings: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Requirement id -> the sentence that decided its cell and where it is."""
    return {f["requirement"]: {"location": f.get("location") or "", "text": f["evidence"]}
            for f in findings if f.get("evidence")}


def feature_cells(text: str, playbook: Any, library: Any, compiled: Any, *,
                  source: str = "<text>") -> dict[str, Any]:
    """Requirement id -> map cell for one text: the findings `treatykit review` gives (the
    same grading, without suggested clauses and conflicts, which no cell shows), read through
    `treatykit.review.mapping`. The map and the accuracy bench both use this."""
    from treatykit.review.mapping import feature_row

    findings = graded_findings(text, playbook, library, compiled, source=source)
    return feature_row({"findings": findings}, value_parameters(playbook))


def graded_findings(text: str, playbook: Any, library: Any, compiled: Any, *,
                    source: str = "<text>") -> list[dict[str, Any]]:
    """The findings of one text as dicts, as `Report.to_dict()` gives them."""
    from dataclasses import asdict

    from treatykit.review.service import grade_text

    return [asdict(f) for f in grade_text(text, playbook, library, compiled, source=source)]


def _load(ref: TreatyRef) -> Treaty:
    if ref.in_db:
        return load_treaty(Path(ref.source), ref.id)
    return read_treaty(Path(ref.source))


def treaty_row(treaty: Treaty, report: dict[str, Any], playbook: Any) -> dict[str, Any]:
    """One map row from a review report (`Report.to_dict()`): the treaty's identity, then a
    cell per requirement, converted as `feature_cells` converts them."""
    from treatykit.review.mapping import feature_row

    return {**treaty_identity(treaty), **feature_row(report, value_parameters(playbook))}


def treaty_identity(treaty: Treaty) -> dict[str, Any]:
    """The first columns of a map row."""
    return {"treaty": treaty.id, "title": treaty.title, "parties": list(treaty.parties),
            "year": treaty.year, "language": treaty.language}


def value_parameters(playbook: Any) -> dict[str, str]:
    """Requirement id -> the parameter whose value fills its cell (reported or constrained)."""
    return {r.id: r.report or r.constraints[0].param for r in playbook.requirements
            if r.report or r.constraints}


def review_text_of(treaty: Treaty) -> str:
    """The text `treatykit review` reads for this treaty: the file's own text for a text,
    Markdown, Word or PDF file; for a ToTA treaty (articles, no running text) its articles
    laid out so that review.structure splits them back into the same articles."""
    if treaty.text:
        return treaty.text
    lines = [treaty.title, ""]
    chapter, counter = "", 0
    for article in treaty.articles:
        if article.chapter != chapter and article.kind == "article":
            chapter = article.chapter
            lines += [chapter, ""]
        if article.kind == "article":
            counter += 1
            number = article.number
            number = number if _reads_back(number) else str(counter)
            lines += [f"Article {number}", article.heading, ""]
        elif article.kind == "annex":
            lines += [f"{article.label} {article.heading}".strip(), ""]
        lines += [_PARAGRAPH_BREAK.sub("\n", article.text), ""]
    return "\n".join(lines)


def _reads_back(number: str) -> bool:
    """Does review.structure read "Article <number>" as that article's number?"""
    match = ARTICLE_RE.match(f"Article {number}")
    return bool(number) and match is not None and match.group("num") == number \
        and not match.group("rest").strip()


def read_review_draft(source: str | Path) -> Draft:
    """What `treatykit review` reads from a file (or '-'): a ToTA treaty file as the text of
    its articles (what `map` reviews), anything else as review.readers reads it."""
    from treatykit.ingest.tota import is_tota
    from treatykit.review.readers import read_draft

    path = Path(source)
    if str(source) != "-" and path.suffix.lower() == ".xml" and path.is_file():
        data = path.read_bytes()
        if is_tota(data):
            return Draft(review_text_of(read_treaty(path, data)))
    return read_draft(source)


def write_map(result: MapResult, path: Path) -> None:
    """Rows to a .csv (lists joined with ';', true/false, empty for no value) or .json file,
    written atomically: a full disk or Ctrl-C never leaves half a map over the last one."""
    from treatykit.outfiles import write_atomic

    if path.suffix.lower() == ".json":
        text = json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif path.suffix.lower() in (".html", ".htm"):
        from treatykit.drafting.pages import render_page

        text = render_page("map.html.j2", heatmap_context(result))
    else:
        buffer = io.StringIO(newline="")
        names = [*TREATY_COLUMNS, *(c.id for c in result.columns)]
        writer = csv.DictWriter(buffer, fieldnames=names)
        writer.writeheader()
        writer.writerows({k: _csv_cell(row[k]) for k in names} for row in result.rows)
        text = buffer.getvalue()
    write_atomic(path, text.encode("utf-8"))


def _csv_cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ";".join(map(str, value))
    return "" if value is None else value


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


# --- the heat-map page --------------------------------------------------------------

OTHER_GROUP = "Other"


def feature_groups(columns: Sequence[Column]) -> list[dict[str, Any]]:
    """The columns grouped as the UNCTAD IIA Mapping Project groups them (feature-groups.tsv),
    in its order; columns it does not name go last, under "Other"."""
    lines = (Path(__file__).with_name("feature-groups.tsv").read_text(encoding="utf-8")
             .splitlines())
    group_of = dict(line.split("\t") for line in lines if line and not line.startswith("#"))
    order = list(dict.fromkeys([*group_of.values(), OTHER_GROUP]))
    position = {rid: i for i, rid in enumerate(group_of)}
    ranked = sorted(columns, key=lambda c: (order.index(group_of.get(c.id, OTHER_GROUP)),
                                            position.get(c.id, len(position))))
    groups: dict[str, list[dict[str, Any]]] = {}
    for column in ranked:
        groups.setdefault(group_of.get(column.id, OTHER_GROUP), []).append(
            {"id": column.id, "title": column.title, "numeric": column.numeric})
    return [{"name": name, "columns": cols} for name, cols in groups.items()]


def heatmap_context(result: MapResult) -> dict[str, Any]:
    """What map.html shows: treaties by feature, grouped, with each cell's evidence."""
    import datetime

    from treatykit import __version__

    treaties = [{"id": row["treaty"], "title": row["title"] or row["treaty"],
                 "parties": ", ".join(row["parties"]), "year": row["year"],
                 "cells": {c.id: row[c.id] for c in result.columns},
                 "evidence": result.evidence.get(row["treaty"], {})}
                for row in result.rows]
    return {"playbook": result.playbook, "date": datetime.date.today().isoformat(),
            "version": __version__, "groups": feature_groups(result.columns),
            "treaties": treaties}
