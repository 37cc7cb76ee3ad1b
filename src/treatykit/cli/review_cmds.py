"""Commands for reviewing drafts: `review` (draft x playbook -> findings) and `playbooks`."""

from __future__ import annotations

from pathlib import Path

import click

from treatykit.cli.common import (
    ExitStatus,
    busy,
    echo_envelope,
    echo_json,
    format_option,
    library_option,
    note,
    stdout_is_terminal,
    with_schema,
)

REPORT_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html",
                   ".json": "json", ".txt": "txt"}


def playbook_folder_option(func):  # type: ignore[no-untyped-def]
    """`--playbooks DIR` (repeatable): folders of playbooks besides the built-in ones."""
    return click.option(
        "--playbooks", "playbook_folders", multiple=True, type=click.Path(file_okay=False),
        help="Extra folder of playbooks (repeatable; also TREATYKIT_PLAYBOOKS).")(func)


@click.command()
@click.argument("draft", metavar="DRAFT")
@click.option("-p", "--playbook", required=True, metavar="NAME|PATH",
              help="The mandate to check against: a playbook id (see 'treatykit playbooks') "
                   "or a playbook YAML file.")
@format_option("text", "json", "md", "html", "txt")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here (.html, .md, .txt or .json picks the format when "
                   "--format is not given). Default: standard output. For a .docx DRAFT, "
                   "a .docx name writes a copy of it with one comment per finding that "
                   "is not present, and the report goes to standard output.")
@click.option("--host", "host", multiple=True, metavar="NAME",
              help="Name of the host State in the draft, to tell who bears an obligation "
                   "(repeatable; default: the playbook's parties).")
@playbook_folder_option
@library_option
@click.pass_context
def review(ctx: click.Context, draft: str, playbook: str, fmt: str, output: Path | None,
           host: tuple[str, ...], playbook_folders: tuple[str, ...],
           libraries: tuple[str, ...]) -> int:
    """Review a draft against a negotiating mandate (a playbook).

    DRAFT is a .txt, .md, .docx or .pdf file, a ToTA treaty .xml file, or - for standard
    input (a Word redline is read with its tracked changes accepted). For every
    requirement of the playbook the review says present, weak, missing or violates, where
    (e.g. "Article 12(2)"), the sentence and cue that decided, the value read from the
    text, and the library clauses that would satisfy it; then the conflicting provisions
    the draft holds. Exit code 0 when every 'must' requirement is present, 1 when not.

    \b
    Examples:
      treatykit review draft.docx --playbook pakistan-minerals
      treatykit review draft.md -p us-investor --format json
      treatykit review draft.pdf -p ./my-mandate.yaml -o review.html
      treatykit review theirs.docx -p pakistan-minerals -o reviewed.docx
    """
    from treatykit.ingest.mapping import read_review_draft
    from treatykit.review.service import review_document

    word_copy = output if output is not None and output.suffix.lower() == ".docx" else None
    if word_copy is not None:
        output = None  # the report itself goes to standard output
    fmt = _report_format(ctx, fmt, output)
    with busy(f"reviewing {draft} against {playbook}"):
        report = review_document(draft, playbook, libraries=libraries,
                                 playbooks=playbook_folders, host=host,
                                 draft=read_review_draft(draft), word_copy=word_copy)
    if word_copy is not None:
        note(f"wrote {word_copy} ({len(report.findings) - report.summary()['present']} "
             "comment(s))")
    inserted, deleted = report.tracked_changes
    if inserted or deleted:
        note(f"{draft} has tracked changes ({inserted} insertion(s), {deleted} deletion(s)): "
             "reviewed as if all were accepted")
    data = report.to_dict()
    if output is not None:
        from treatykit.review.reports import write_report

        write_report(data, output, fmt, inputs=[Path(draft)] if draft != "-" else [])
        note(f"wrote {output} ({len(report.blocking)} blocking finding(s))")
    elif fmt == "json":
        echo_json(with_schema(data))
    elif fmt in ("md", "html", "txt") or not stdout_is_terminal():
        from treatykit.review.reports import render_report

        click.echo(render_report(data, "txt" if fmt == "text" else fmt), nl=False)
    else:
        from treatykit.cli.review_render import print_review

        print_review(data)
    return ExitStatus.GAPS if report.blocking else ExitStatus.OK


def _report_format(ctx: click.Context, fmt: str, output: Path | None) -> str:
    explicit = ctx.get_parameter_source("fmt") is not click.core.ParameterSource.DEFAULT
    if output is None or explicit:
        return "txt" if output is not None and fmt == "text" else fmt
    suffix = output.suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise click.UsageError(f"-o {output}: name it .html, .md, .txt or .json, or give "
                               "--format")
    return REPORT_SUFFIXES[suffix]


@click.command()
@format_option()
@playbook_folder_option
@library_option
def playbooks(fmt: str, playbook_folders: tuple[str, ...], libraries: tuple[str, ...]) -> int:
    """List playbooks (negotiating mandates) with their requirements.

    Built-in playbooks, then those in TREATYKIT_PLAYBOOKS and --playbooks folders. Each
    requirement names a provision, its severity, who bears it, its polarity and the
    constraints on its values. A playbook that does not load is listed with its problem,
    and the exit code is 1.

    \b
    Examples:
      treatykit playbooks
      treatykit playbooks --format json
    """
    from treatykit.review.playbooks import describe_playbooks

    data = describe_playbooks(playbook_folders, libraries)
    if fmt == "json":
        echo_envelope("playbooks", data)
    else:
        from treatykit.cli.review_render import print_playbooks

        print_playbooks(data)
    return ExitStatus.GAPS if any("problem" in b for b in data) else ExitStatus.OK


COMMANDS = [review, playbooks]
