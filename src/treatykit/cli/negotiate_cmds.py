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
    has a clause meeting both mandates' musts. A table of open points ends the text.
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


COMMANDS = [negotiate]
