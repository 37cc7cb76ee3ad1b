"""Commands over a treaty corpus: `ingest` files, list `treaties`, `map` them against a playbook.

`search --in treaties|all` lives with the other search options in library_cmds; the option
helpers and the treaty-hit rendering it uses are here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from treatykit.cli.common import (
    ROW_FORMATS,
    ExitStatus,
    echo_json,
    emit_rows,
    format_option,
    library_option,
    note,
    progress_for,
    warn,
)

F = TypeVar("F", bound=Callable[..., Any])
MAP_SUFFIXES = (".csv", ".json", ".html")


def corpus_db_option(func: F) -> F:
    """`--corpus-db PATH`: the database of ingested treaties."""
    return click.option("--corpus-db", "corpus_db", type=click.Path(dir_okay=False),
                        help="Database of ingested treaties (default: corpus.db in the user "
                             "data folder; also TREATYKIT_CORPUS_DB).")(func)


def treaty_filter_options(func: F) -> F:
    """`--party` (repeatable), `--year-from`, `--year-to`."""
    func = click.option("--year-to", type=int, metavar="YEAR",
                        help="Only treaties signed in or before YEAR.")(func)
    func = click.option("--year-from", type=int, metavar="YEAR",
                        help="Only treaties signed in or after YEAR.")(func)
    return click.option("--party", "parties", multiple=True, metavar="CODE_OR_NAME",
                        help="Only treaties with this party: ISO code (JPN, JP) or country "
                             "name (Japan); repeat for any of several.")(func)


def check_years(year_from: int | None, year_to: int | None) -> None:
    for name, year in (("--year-from", year_from), ("--year-to", year_to)):
        if year is not None and not -9999 <= year <= 9999:  # SQLite holds 64-bit numbers
            raise click.UsageError(f"{name} {year}: not a year (four digits at most)")
    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.UsageError(f"--year-from {year_from} is after --year-to {year_to}")


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@corpus_db_option
@format_option()
def ingest(paths: tuple[Path, ...], corpus_db: str | None, fmt: str) -> int:
    """Import treaty files into the corpus database, article by article.

    PATHS are files or folders (searched recursively) of ToTA XML, .txt, .md, .docx or
    .pdf treaties. A treaty is known by its content: the same text from another folder
    is the same treaty, and re-ingesting an edited file updates its treaty. Every file
    not ingested (.doc, .rtf, unreadable) is listed on stderr with why, and under
    "skipped" in --format json; the others go in, each saved as soon as it is read. Exit
    code 1 if some files were skipped, 2 if none went in.

    \b
    Examples:
      treatykit ingest corpus/drafts
      treatykit ingest my-bits/ --corpus-db ./bits.db --format json
    """
    from treatykit.errors import InputError
    from treatykit.ingest.service import SUFFIXES, ingest_paths

    report = ingest_paths(list(paths), corpus_db, progress=progress_for("ingesting"),
                          on_skip=lambda item: warn(f"{item.path}: skipped: {item.reason}"))
    if not report.candidates:
        raise InputError(f"{', '.join(map(str, paths))}: no treaty files found",
                         hint="give files or folders with " + ", ".join(SUFFIXES) + " files")
    if fmt == "json":
        echo_json(_ingest_json(report))
    else:
        note(f"{len(report.added)} added, {len(report.updated)} updated, "
             f"{len(report.unchanged)} unchanged, {len(report.skipped)} skipped in "
             f"{report.seconds:.1f}s; {report.db} holds {report.treaties} treaties, "
             f"{report.articles} articles")
    if not report.skipped:
        return ExitStatus.OK
    if report.files > len(report.skipped):
        return ExitStatus.GAPS
    # nothing went in: end with the one error line, after each file's reason
    raise InputError(f"{', '.join(map(str, paths))}: no treaty was ingested "
                     f"({len(report.skipped)} file(s) skipped, each with its reason above)",
                     hint="fix or convert the files named above")


def _ingest_json(report: Any) -> dict[str, Any]:
    from treatykit.models import SCHEMA_VERSION

    return {"schema": SCHEMA_VERSION, "db": str(report.db), "added": report.added,
            "updated": report.updated, "unchanged": report.unchanged,
            "skipped": [{"path": s.path, "reason": s.reason} for s in report.skipped],
            "counts": {"treaties": report.treaties, "articles": report.articles},
            "seconds": report.seconds}


@click.command()
@treaty_filter_options
@corpus_db_option
@format_option(*ROW_FORMATS)
def treaties(parties: tuple[str, ...], year_from: int | None, year_to: int | None,
             corpus_db: str | None, fmt: str) -> int:
    """List the ingested treaties: id, year, title, parties, number of articles.

    \b
    Examples:
      treatykit treaties --format json
      treatykit treaties --party Japan --year-from 2005
    """
    from treatykit.catalog import treaty_filter
    from treatykit.ingest.service import list_corpus

    check_years(year_from, year_to)
    rows = list_corpus(corpus_db, treaty_filter(parties, year_from, year_to))
    emit_rows(rows, fmt, key="treaties", columns=("id", "year", "title", "parties", "articles"),
              title=f"{len(rows)} treaties")
    return ExitStatus.OK


@click.command(name="map")
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option("--playbook", default="unctad-iia", show_default=True,
              help="Playbook whose requirements become the columns (id or YAML file).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Review this many treaties at once (one process each).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one row per treaty here: .csv, .json, or .html for a heat-map "
                   "(treaties by feature; click a cell for its sentence).")
@treaty_filter_options
@library_option
@corpus_db_option
@format_option(*ROW_FORMATS)
def map_(sources: tuple[Path, ...], playbook: str, workers: int, output: Path | None,
         parties: tuple[str, ...], year_from: int | None, year_to: int | None,
         libraries: tuple[str, ...], corpus_db: str | None, fmt: str) -> int:
    """Review every treaty of a corpus: one row per treaty, one column per requirement.

    SOURCES are treaty files or folders, or a corpus database; none means the corpus
    database (--corpus-db). A column is true/false (the feature is found or not) or,
    for a requirement that reports a value, the value read from the text (years,
    months, ...). A summary (how many treaties have each feature) ends the run. Exit
    code 1 if some treaties could not be reviewed.

    \b
    Examples:
      treatykit map corpus/drafts -o map.csv
      treatykit map my-bits/ --workers 4 -o map.json
      treatykit map --playbook unctad-iia -o map.html
      treatykit map --party Japan --playbook unctad-iia -o japan.json
    """
    from treatykit.catalog import treaty_filter
    from treatykit.errors import InputError
    from treatykit.ingest.mapping import map_sources, write_map

    check_years(year_from, year_to)
    if output is not None and output.suffix.lower() not in MAP_SUFFIXES:
        raise click.UsageError(f"{output}: -o takes a .csv, .json or .html file")
    if output is not None and not output.absolute().parent.is_dir():
        raise InputError(f"-o {output}: no folder {output.parent}",
                         hint="create it first, or write the map elsewhere")
    result = map_sources(list(sources), playbook=playbook, corpus_db=corpus_db,
                         where=treaty_filter(parties, year_from, year_to),
                         libraries=libraries, workers=workers, progress=progress_for("mapping"))
    for item in result.failed:
        warn(f"{item.path}: not mapped: {item.reason}")
    if result.failed and not result.rows:
        raise InputError("no treaty could be mapped", hint="see the warnings above")
    if not result.rows:
        warn("no treaty matches the filters (--party, --year-from, --year-to); the map is "
             "empty (see 'treatykit treaties' for what is ingested)")
    if output is not None:
        write_map(result, output)
        note(f"wrote {output}: {len(result.rows)} treaties, {len(result.columns)} "
             f"requirements, in {result.seconds:.1f}s with {result.workers} worker(s)")
    _print_map(result, fmt, summary_only=output is not None)
    return ExitStatus.GAPS if result.failed else ExitStatus.OK


def _print_map(result: Any, fmt: str, *, summary_only: bool) -> None:
    """One row per treaty (every requirement a column when piped), then on a terminal the
    summary per requirement; only the summary when the rows went to a file."""
    from treatykit.ingest.mapping import TREATY_COLUMNS

    if fmt == "json":
        echo_json(result.to_json())
    elif summary_only:
        emit_rows(_summary_rows(result), fmt, key="summary", title="treaties with each "
                  "requirement", columns=("requirement", "treaties", "percent", "values"))
    else:
        emit_rows(result.rows, fmt, key="treaties", text=lambda: _print_map_tables(result),
                  columns=[*TREATY_COLUMNS, *(c.id for c in result.columns)])


def _print_map_tables(result: Any) -> None:
    from treatykit.cli.render import print_table

    found = [{**row, "found": f"{_found(row, result.columns)}/{len(result.columns)}"}
             for row in result.rows]
    print_table(found, ["treaty", "year", "parties", "found", "title"],
                title=f"{result.playbook}: {len(result.rows)} treaties mapped")
    print_table(_summary_rows(result), ["requirement", "treaties", "percent", "values"],
                title="treaties with each requirement")


def _summary_rows(result: Any) -> list[dict[str, Any]]:
    return [{**item, "treaties": f"{item['found']}/{item['of']}",
             "percent": f"{item['percent']:.0f}%", "values": _values(item)}
            for item in result.summary()]


def _found(row: dict[str, Any], columns: Any) -> int:
    return sum(1 for c in columns if row[c.id] not in (None, False, c.absent))


def _values(item: dict[str, Any]) -> str:
    return ", ".join(f"{v['value']} ({v['count']})" for v in item.get("values", []))


# --- search output (used by `search` in library_cmds) -------------------------------

def hit_json(hit: Any) -> dict[str, Any]:
    """A clause or treaty hit as JSON, with `kind` saying which."""
    if hit.kind == "treaty":
        return {"kind": "treaty",
                "treaty": {"id": hit.treaty, "title": hit.title, "parties": list(hit.parties),
                           "date_signed": hit.date_signed},
                "article": {"label": hit.article, "number": hit.number,
                            "heading": hit.heading, "chapter": hit.chapter,
                            "position": hit.position},
                "snippet": hit.snippet, "matches": [list(m) for m in hit.matches],
                "score": hit.score}
    return {"kind": "clause", "id": hit.id, "provision": hit.provision,
            "category": hit.category, "stance": hit.stance, "title": hit.title,
            "snippet": hit.snippet, "matches": [list(m) for m in hit.matches],
            "provenance": list(hit.provenance), "score": hit.score}


def hit_row(hit: Any) -> dict[str, Any]:
    """A hit as one flat row for tab-separated and CSV output."""
    if hit.kind == "treaty":
        return {"kind": "treaty", "id": hit.treaty, "where": hit.article,
                "title": hit.title, "snippet": hit.snippet}
    return {"kind": "clause", "id": hit.id, "where": hit.stance, "title": hit.title,
            "snippet": hit.snippet}


COMMANDS = [ingest, treaties, map_]
