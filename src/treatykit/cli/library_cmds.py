"""Commands over the clause library: build, validate, search, show, list, provisions."""

from __future__ import annotations

from pathlib import Path

import click

from treatykit.cli.common import (
    ROW_FORMATS,
    ExitStatus,
    db_option,
    echo_envelope,
    emit_rows,
    format_option,
    library_option,
    note,
    progress_for,
    warn,
)
from treatykit.cli.corpus_cmds import (
    check_years,
    corpus_db_option,
    hit_json,
    hit_row,
    treaty_filter_options,
)
from treatykit.models import CATEGORIES, STANCES


def _catalog(libraries: tuple[str, ...], db: str | None, *, force: bool = False) -> Path:
    from treatykit.catalog import open_catalog

    status = open_catalog(libraries, db, force=force, progress=progress_for("building"))
    if status.stale_reason:
        warn(f"the clause library has errors, so the previous database is used: "
             f"{status.stale_reason}")
    return status.path


@click.command()
@library_option
@db_option
@format_option()
def build(libraries: tuple[str, ...], db: str | None, fmt: str) -> int:
    """Build the SQLite store from the clause files, even if it is up to date.

    The store is also built automatically on first use and whenever a clause file
    changes; use this command after editing to see problems at once. The database is
    written to a temporary file and moved into place, so a failed build leaves the
    previous one working.

    \b
    Examples:
      treatykit build
      treatykit build --library ./my-clauses --db ./treatykit.db
    """
    from treatykit.store import list_clauses, list_provisions

    path = _catalog(libraries, db, force=True)
    provisions, clauses = len(list_provisions(path)), len(list_clauses(path))
    if fmt == "json":
        echo_envelope("problems", [], db=str(path),
                      counts={"provisions": provisions, "clauses": clauses})
    else:
        click.echo(f"built {path}: {provisions} provisions, {clauses} clauses")
    return ExitStatus.OK


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@library_option
@format_option()
def validate(directory: str | None, libraries: tuple[str, ...], fmt: str) -> int:
    """Check a clause library and report every problem with file, line, field and fix.

    Without DIRECTORY, checks the built-in library plus --library / TREATYKIT_LIBRARY
    folders. With DIRECTORY, checks that folder together with the built-in library (so
    its references and id collisions are checked too). Exit code 1 when problems are found.

    \b
    Examples:
      treatykit validate
      treatykit validate ./my-clauses
    """
    from treatykit.errors import InputError
    from treatykit.library import library_dirs, library_files
    from treatykit.validation import validate_library

    if directory and not Path(directory).is_dir():
        raise InputError(f"{directory}: no such folder",
                         hint="give the folder of your clause files")
    if directory and not library_files([Path(directory)]):
        raise InputError(f"{directory}: no clause files (*.yaml, *.yml) in this folder",
                         hint="point validate at your folder of clause files")
    extra = (*libraries, directory) if directory else libraries
    library, problems = validate_library(library_dirs(extra))
    if fmt == "json":
        echo_envelope("problems", [p.__dict__ for p in problems],
                      counts={"provisions": len(library.provisions),
                              "clauses": len(library.clauses)})
    else:
        for problem in problems:
            click.echo(problem.render())
        summary = f"{len(library.provisions)} provisions, {len(library.clauses)} clauses"
        note(f"{len(problems)} problem(s) in {summary}" if problems else f"ok: {summary}")
    return ExitStatus.GAPS if problems else ExitStatus.OK


@click.command()
@click.argument("query")
@click.option("--in", "scope", type=click.Choice(("clauses", "treaties", "all")),
              default="clauses", show_default=True,
              help="Search the clause library, the articles of ingested treaties, or both.")
@click.option("--category", type=click.Choice(sorted(CATEGORIES)), metavar="CATEGORY",
              help="Only this category (see 'treatykit provisions').")
@click.option("--provision", metavar="ID", help="Only clauses implementing this provision.")
@click.option("--stance", type=click.Choice(STANCES), help="Only this stance.")
@treaty_filter_options
@click.option("--limit", type=click.IntRange(1, 500), default=10, show_default=True,
              help="Show at most this many results.")
@library_option
@db_option
@corpus_db_option
@format_option(*ROW_FORMATS)
def search(query: str, scope: str, category: str | None, provision: str | None,
           stance: str | None, parties: tuple[str, ...], year_from: int | None,
           year_to: int | None, limit: int, libraries: tuple[str, ...], db: str | None,
           corpus_db: str | None, fmt: str) -> int:
    """Search the clause library (and ingested treaties) by meaning-bearing words, best first.

    Any text is accepted: quotes, operators and punctuation are treated as plain words;
    a quoted "phrase" is searched as a phrase. Words are stemmed, so "repatriate" finds
    "repatriation". With --in treaties or --in all, each treaty hit names the treaty and
    the article; --party and --year-from/--year-to narrow the treaties. A query that
    starts with "-" goes after "--": treatykit search -- "-tax".

    \b
    Examples:
      treatykit search "repatriation of profits"
      treatykit search "local equity" --stance balanced --format json
      treatykit search "most-favoured-nation" --in treaties --party Japan --year-from 2005
    """
    from treatykit.catalog import search_library, treaty_filter

    clause_filters = {"category": category, "provision": provision, "stance": stance}
    _check_search_filters(scope, clause_filters, parties, year_from, year_to)
    result = search_library(query, scope=scope, libraries=libraries, db=db, corpus_db=corpus_db,
                            clause_filters=clause_filters, limit=limit,
                            where=treaty_filter(parties, year_from, year_to),
                            progress=progress_for("building"))
    for message in result.warnings:
        warn(message)
    from treatykit.cli.render import print_search_hits

    emit_rows([hit_json(h) for h in result.hits], fmt, key="hits", query=query,
              columns=("kind", "id", "where", "title", "snippet"),
              flat=[hit_row(h) for h in result.hits],
              text=lambda: print_search_hits(result.hits, query))
    return ExitStatus.OK


def _check_search_filters(scope: str, clause_filters: dict[str, str | None],
                          parties: tuple[str, ...], year_from: int | None,
                          year_to: int | None) -> None:
    """Clause filters need clauses in scope, treaty filters need treaties in scope."""
    check_years(year_from, year_to)
    if scope == "clauses" and (parties or year_from is not None or year_to is not None):
        raise click.UsageError("--party, --year-from and --year-to filter treaties: "
                               "add --in treaties or --in all")
    if scope == "treaties" and any(clause_filters.values()):
        raise click.UsageError("--category, --provision and --stance filter clauses: "
                               "use --in clauses or --in all")


@click.command()
@click.argument("clause_id")
@library_option
@db_option
@format_option()
def show(clause_id: str, libraries: tuple[str, ...], db: str | None, fmt: str) -> int:
    """Show one clause: text with default values, parameters, provenance, notes, conflicts.

    Also lists the same provision's clauses for the other stances.

    \b
    Example:
      treatykit show equity.local_participation.balanced
    """
    from treatykit.store import get_clause

    clause = get_clause(_catalog(libraries, db), clause_id)
    if fmt == "json":
        echo_envelope("clauses", [clause])
    else:
        from treatykit.cli.render import print_clause

        print_clause(clause)
    return ExitStatus.OK


@click.command(name="list")
@click.option("--provision", metavar="ID", help="Only clauses implementing this provision.")
@click.option("--stance", type=click.Choice(STANCES), help="Only this stance.")
@click.option("--category", type=click.Choice(sorted(CATEGORIES)), metavar="CATEGORY",
              help="Only this category.")
@library_option
@db_option
@format_option(*ROW_FORMATS)
def list_(provision: str | None, stance: str | None, category: str | None,
          libraries: tuple[str, ...], db: str | None, fmt: str) -> int:
    """List clauses with their provision, stance and provenance.

    \b
    Examples:
      treatykit list --provision transfers.free_transfer
      treatykit list --stance balanced --format json
    """
    from treatykit.store import list_clauses, list_provisions, not_found

    path = _catalog(libraries, db)
    if provision and provision not in {p["id"] for p in list_provisions(path)}:
        raise not_found("provision", provision, [p["id"] for p in list_provisions(path)])
    rows = list_clauses(path, provision=provision, stance=stance, category=category)
    emit_rows(rows, fmt, key="clauses", columns=("id", "stance", "title", "provenance"),
              title=f"{len(rows)} clauses")
    return ExitStatus.OK


@click.command()
@click.option("--category", type=click.Choice(sorted(CATEGORIES)), metavar="CATEGORY",
              help="Only this category.")
@library_option
@db_option
@format_option(*ROW_FORMATS)
def provisions(category: str | None, libraries: tuple[str, ...], db: str | None,
               fmt: str) -> int:
    """List provisions: what an agreement must say, by category, with available stances.

    \b
    Example:
      treatykit provisions --format json
    """
    from treatykit.store import list_provisions

    rows = list_provisions(_catalog(libraries, db))
    if category:
        rows = [r for r in rows if r["category"] == category]
    emit_rows(rows, fmt, key="provisions", columns=("id", "category", "title", "stances"),
              title=f"{len(rows)} provisions")
    return ExitStatus.OK


COMMANDS = [build, validate, search, show, list_, provisions]
