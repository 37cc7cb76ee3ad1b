"""`treatykit check`: a draft's coherence (references, terms, numbers, periods, annexes)."""

from __future__ import annotations

from pathlib import Path

import click

from treatykit.cli.common import (
    ExitStatus,
    busy,
    echo_json,
    format_option,
    library_option,
    note,
)
from treatykit.cli.review_cmds import _report_format


@click.command()
@click.argument("drafts", nargs=-1, required=True, metavar="DRAFT [DRAFT2]")
@format_option("text", "json", "md", "html")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report here (.md, .html or .json picks the format when "
                   "--format is not given). Default: standard output. For a .docx DRAFT, "
                   "a .docx name writes a copy of it with one comment per finding, and the "
                   "report goes to standard output.")
@click.option("--no-conflicts", "no_conflicts", is_flag=True,
              help="Skip the clause conflicts the library declares (they need the review "
                   "engine, the slowest part).")
@library_option
@click.pass_context
def check(ctx: click.Context, drafts: tuple[str, ...], fmt: str, output: Path | None,
          no_conflicts: bool, libraries: tuple[str, ...]) -> int:
    """Check a draft's coherence, ours or theirs: does it hold together?

    Reports cross-references to articles, paragraphs, sub-paragraphs or annexes that do
    not exist or whose subject does not fit; defined terms never used, terms of art used
    and never defined, and several names for one thing; numbers in words and digits that
    disagree; one step given different periods; duplicated or skipped numbering; annexes
    cited or said to form an integral part that the text lacks; and the clause conflicts
    the library declares. Given two documents drafted from the same deal (a treaty and a
    host government agreement), also the values they state differently. DRAFT is a .txt,
    .md, .html, .docx or .pdf file, or - for standard input. Exit code 0 when nothing is
    found, 1 when something is.

    \b
    Examples:
      treatykit check draft.docx
      treatykit check treaty.md mine-agreement.md --format json
      treatykit check their-draft.pdf -o coherence.html
      treatykit check their-draft.docx -o checked.docx
    """
    from treatykit.review.coherence import check_documents

    if len(drafts) > 2:
        raise click.UsageError("give one draft, or two drafted from the same deal")
    word_copy = output if output is not None and output.suffix.lower() == ".docx" else None
    if word_copy is not None:
        output = None  # the report itself goes to standard output
    fmt = _report_format(ctx, fmt, output)
    with busy(f"checking {' and '.join(drafts)}"):
        report = check_documents(drafts, libraries=libraries, conflicts=not no_conflicts,
                                 word_copy=word_copy)
    if word_copy is not None:
        note(f"wrote {word_copy} (a comment per finding in {drafts[0]})")
    data = report.to_dict()
    if output is not None:
        from treatykit.review.coherence.reports import write_check_report

        write_check_report(data, output, fmt, inputs=[Path(d) for d in drafts if d != "-"])
        note(f"wrote {output} ({len(report.findings)} finding(s))")
    elif fmt == "json":
        echo_json(data)  # it carries its schema version
    elif fmt in ("md", "html"):
        from treatykit.review.coherence.reports import render_check_report

        click.echo(render_check_report(data, fmt), nl=False)
    else:
        from treatykit.cli.check_render import print_check

        print_check(data)
    return ExitStatus.GAPS if report.findings else ExitStatus.OK


COMMANDS = [check]
