"""Commands for the negotiation round: `negotiate` (a bracketed joint text) and `compare`."""

from __future__ import annotations

from pathlib import Path

import click

from treatykit.cli.common import ExitStatus, echo_json, format_option, library_option, note
from treatykit.cli.draft_cmds import templates_option
from treatykit.cli.review_cmds import playbook_folder_option


@click.command()
@click.argument("deal", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--ours", required=True, metavar="PLAYBOOK",
              help="Our mandate: a playbook name or YAML file.")
@click.option("--theirs", required=True, metavar="PLAYBOOK",
              help="The other side's mandate: a playbook name or YAML file.")
@click.option("--as", "we", default="host", show_default=True, metavar="ROLE",
              help="The deal party we negotiate for (its role in the deal file).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the joint text here: .md, .html or .docx. Default: Markdown on "
                   "stdout.")
@format_option("text", "json")
@playbook_folder_option
@templates_option
@library_option
def negotiate(deal: Path, ours: str, theirs: str, we: str, output: Path | None, fmt: str,
              playbook_folders: tuple[str, ...], template_folders: tuple[str, ...],
              libraries: tuple[str, ...]) -> int:
    """Write one joint negotiating text from the deal, our mandate and theirs.

    Each side tables the deal's articles in its mandate's stance. An article is clean
    when both texts are the same, or neither mandate gives a reason to refuse the other's
    text; otherwise it carries both positions in brackets labelled by Party ([PK: ...] /
    [US: ...], from the deal file's `label:`), with a [Proposal: ...] where the library
    has a clause or value meeting both mandates' musts. A table of open points ends the
    text.
    --format json prints the open points instead of the text (with -o, both).

    \b
    Example:
      treatykit negotiate corpus/deals/pakistan-us-critical-minerals.yaml \\
        --ours pakistan-minerals --theirs us-investor -o joint.docx
    """
    from treatykit.negotiation.joint import negotiate as make_joint
    from treatykit.negotiation.output import (
        check_joint_path,
        joint_markdown,
        joint_summary,
        write_joint,
    )

    if output is not None:
        check_joint_path(output, inputs=(deal,))
    joint = make_joint(deal, ours, theirs, we=we, libraries=libraries,
                       playbooks=playbook_folders, templates=template_folders,
                       progress=lambda message: click.echo(f"treatykit: {message}", err=True))
    if output is not None:
        write_joint(joint, output, inputs=(deal,))
        note(f"wrote {output} ({len(joint.points)} articles, "
             f"{len(joint.open_points)} open points)")
    if fmt == "json":
        echo_json(joint_summary(joint))
    elif output is None:
        click.echo(joint_markdown(joint), nl=False)
    return ExitStatus.OK



@click.command()
@click.argument("ours", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-p", "--playbook", metavar="NAME|PATH",
              help="Our mandate: say what each change does to it (review of both drafts).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a Word redline with tracked changes (.docx) or an HTML report "
                   "(.html).")
@click.option("--author", default="treatykit", show_default=True,
              help="Author of the tracked changes in a .docx redline.")
@format_option("text", "json", "html")
@playbook_folder_option
@library_option
def compare(ours: Path, theirs: Path, playbook: str | None, output: Path | None,
            author: str, fmt: str, playbook_folders: tuple[str, ...],
            libraries: tuple[str, ...]) -> int:
    """Compare the other side's counter-draft with the text we sent.

    Reads both drafts (.docx, .pdf, .txt, .md), matches their articles even when
    renumbered, moved, merged or split, and lists each article edited, moved, added or
    deleted with its changed words. With --playbook, both drafts are reviewed against our
    mandate and every requirement whose status changed is tied to the article that changed
    it. Consistent renumbering and re-formatting are not changes.

    \b
    Example:
      treatykit compare our-draft.docx their-draft.docx --playbook pakistan-minerals \\
        -o redline.docx
    """
    from treatykit.negotiation.compare import compare_drafts
    from treatykit.negotiation.compare_report import (
        comparison_html,
        comparison_lines,
        comparison_summary,
    )

    if output is not None:
        _check_compare_output(output, (ours, theirs))
    comparison = compare_drafts(ours, theirs, playbook=playbook, libraries=libraries,
                                playbooks=playbook_folders)
    if output is not None:
        _write_comparison(comparison, output, author)
        note(f"wrote {output} ({len(comparison.changed)} changed articles)")
    if fmt == "json":
        echo_json(comparison_summary(comparison))
    elif fmt == "html":
        click.echo(comparison_html(comparison), nl=False)
    else:
        click.echo("\n".join(comparison_lines(comparison)))
    return ExitStatus.OK


def _check_compare_output(output: Path, inputs: tuple[Path, ...]) -> None:
    from treatykit.errors import InputError
    from treatykit.outfiles import check_target

    if output.suffix.lower() not in (".docx", ".html"):
        raise InputError(f"-o {output}: unknown output format '{output.suffix or output.name}'",
                         hint="use a name ending in .docx (redline) or .html (report)")
    check_target(output, inputs=inputs)


def _write_comparison(comparison: object, output: Path, author: str) -> None:
    import datetime as dt

    from treatykit.negotiation.compare import redline_bytes
    from treatykit.negotiation.compare_report import comparison_html
    from treatykit.outfiles import write_atomic

    if output.suffix.lower() == ".html":
        write_atomic(output, comparison_html(comparison).encode("utf-8"))  # type: ignore[arg-type]
        return
    date = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    write_atomic(output, redline_bytes(comparison, author=author, date=date))  # type: ignore[arg-type]


COMMANDS = [negotiate, compare]
