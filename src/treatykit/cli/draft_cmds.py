"""Commands for drafting: `draft` (deal file -> agreement) and `templates`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from treatykit.cli.common import (
    ExitStatus,
    echo_envelope,
    echo_json,
    format_option,
    library_option,
    note,
    warn,
    with_schema,
)
from treatykit.models import STANCES


def templates_option(func: Any) -> Any:
    """`--templates DIR` (repeatable): template folders searched before the built-in ones."""
    return click.option(
        "--templates", "template_folders", multiple=True, type=click.Path(file_okay=False),
        help="Extra template folder, searched before the built-in templates (repeatable; "
             "also TREATYKIT_TEMPLATES, separated by the OS path separator).")(func)


@click.command()
@click.argument("deal", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the draft here; the extension picks the format: .md, .txt, .html, "
                   ".docx. Default (or -): Markdown on stdout.")
@click.option("--set", "sets", multiple=True, metavar="PROVISION.PARAM=VALUE",
              help="Override a parameter, or choose for a provision with PROVISION=omit|"
                   "STANCE|CLAUSE_ID (repeatable).")
@click.option("--stance", type=click.Choice(STANCES),
              help="Default stance, overriding the deal file.")
@click.option("--strict", is_flag=True,
              help="Treat conflicting clauses as an error, and exit 1 when the coherence "
                   "check finds something in the draft.")
@click.option("--paper", type=click.Choice(["a4", "letter"]),
              help="Paper size of Word output, overriding the deal file (default A4).")
@click.option("--explain", is_flag=True,
              help="Print, per article, the clause chosen and why, and each parameter "
                   "value with its origin.")
@format_option()
@templates_option
@library_option
def draft(deal: Path, output: Path | None, sets: tuple[str, ...], stance: str | None,
          strict: bool, paper: str | None, explain: bool, fmt: str,
          template_folders: tuple[str, ...], libraries: tuple[str, ...]) -> int:
    """Draft a complete, numbered agreement from a deal file.

    The deal file (or - for standard input) names the template, the parties, the default
    stance and any clause choices and parameter values (docs/templates.md; start one with
    'treatykit init-deal'). Articles are numbered and
    cross-references resolved at render time. Conflicting clauses are warned about
    (an error with --strict). The draft is then checked for coherence (as by 'treatykit
    check') and what the check finds is printed to standard error; with --strict it makes
    the exit code 1. --format applies to --explain.

    \b
    Examples:
      treatykit draft corpus/deals/pakistan-us-critical-minerals.yaml -o draft.docx
      treatykit draft corpus/deals/pakistan-us-critical-minerals.yaml \\
        --set equity.local_participation.local_equity_pct=35 -o draft.md
      treatykit draft corpus/deals/pakistan-us-critical-minerals.yaml \\
        --set transfers.bop_safeguard=omit --explain
    """
    from treatykit.drafting.api import explain_draft, make_draft
    from treatykit.drafting.output import check_output_path, write_document

    if fmt == "json" and not explain:
        raise click.UsageError("--format json needs --explain (the draft's format follows -o)")
    if output is not None and str(output) == "-":
        output = None
    if output is not None:
        check_output_path(output, inputs=[deal])
    result = make_draft(deal, sets=sets, stance=stance, templates=template_folders,
                        libraries=libraries, strict=strict, paper=paper)
    for message in result.warnings:
        warn(message)
    if output is not None:
        write_document(result.document, output, inputs=[deal])
        note(f"wrote {output} ({len(result.plan.articles)} articles)")
    if explain:
        _print_explanation(explain_draft(result), fmt)
    elif output is None:
        click.echo(result.markdown, nl=False)
    found = _report_coherence(result.markdown, str(output or deal))
    return ExitStatus.GAPS if strict and found else ExitStatus.OK


def _report_coherence(markdown: str, source: str) -> int:
    """Print what the coherence check finds in the drafted text to stderr; how many."""
    from treatykit.review.coherence import check_text

    findings = check_text(markdown, source=source)
    for finding in findings:
        note(f"check: {finding.location}: {finding.message} [{finding.check}]")
    if findings:
        note(f"check: {len(findings)} coherence finding(s); 'treatykit check' on the written "
             "draft gives the words and the fix for each")
    return len(findings)


def _print_explanation(data: dict[str, Any], fmt: str) -> None:
    if fmt == "json":
        echo_json(with_schema(data))
        return
    click.echo(f"{data['title']}\ntemplate {data['template']}, stance {data['stance']} "
               f"({data['stance_origin']})\n")
    for article in data["articles"]:
        number = f"Article {article['number']}" if article["number"] else "Preamble"
        chosen = article["clause"] or "template text"
        click.echo(f"{number}: {article['title']}\n  {chosen}: {article['detail']}")
        for param in article["parameters"]:
            click.echo(f"    {param['name']} = {_value(param['value'])}  ({param['source']})")
        for ref in article["references"]:
            click.echo(f"    refers to {ref['target']} -> Article {ref['article']}")
    for item in data["omitted"]:
        click.echo(f"omitted: {item['provision']}: {item['detail']}")
    for conflict in data["conflicts"]:
        click.echo(f"{conflict['kind']}: {conflict['a']['clause']} "
                   f"({conflict['a']['location']}) / {conflict['b']['clause']} "
                   f"({conflict['b']['location']}): {conflict['resolve']}")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


@click.command()
@format_option()
@templates_option
@library_option
def templates(fmt: str, template_folders: tuple[str, ...], libraries: tuple[str, ...]) -> int:
    """List document templates with the provisions each requires and allows.

    Each template is checked against the clause library; problems are listed and the
    exit code is 1.

    \b
    Examples:
      treatykit templates
      treatykit templates --templates ./my-templates --format json
    """
    from treatykit.drafting.api import list_templates, template_summary

    summaries = [template_summary(info) for info in
                 list_templates(template_folders, libraries)]
    if fmt == "json":
        echo_envelope("templates", summaries)
    else:
        for item in summaries:
            _print_template(item)
    return ExitStatus.GAPS if any(s["problems"] for s in summaries) else ExitStatus.OK


def _print_template(item: dict[str, Any]) -> None:
    click.echo(f"{item['id']}: {item.get('name', '')} ({item.get('doc_type', '?')})")
    if item.get("description"):
        click.echo(f"  {item['description']}")
    if "required" in item:
        click.echo("  requires: " + ", ".join(item["required"]))
        click.echo("  allows:   " + (", ".join(item["optional"]) or "-"))
    for problem in item["problems"]:
        click.echo(f"  problem: {problem}")
    click.echo("")


@click.command(name="init-deal")
@click.argument("template")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write the deal file here (refuses to overwrite one). Default (or -): "
                   "standard output.")
@templates_option
@library_option
def init_deal(template: str, output: Path | None, template_folders: tuple[str, ...],
              libraries: tuple[str, ...]) -> int:
    """Write a commented starting deal file for TEMPLATE, ready to edit and draft.

    It names the parties to fill in, the stance, and every provision the template
    uses with its parameters at their default values, each explained in a comment.
    'treatykit templates' lists the templates. TEMPLATE may also name a worked example
    shipped with treatykit (pakistan-us-critical-minerals, ghana-netherlands-balanced-bit,
    zambia-uk-investor-protective-bit, balochistan-mine-development-agreement).

    \b
    Examples:
      treatykit init-deal critical_minerals > deal.yaml
      treatykit init-deal bit -o my-bit.yaml && treatykit draft my-bit.yaml -o draft.docx
    """
    from treatykit.drafting.starter import starting_deal

    text = starting_deal(template, templates=template_folders, libraries=libraries)
    if output is None or str(output) == "-":
        click.echo(text, nl=False)
        return ExitStatus.OK
    from treatykit.errors import InputError
    from treatykit.outfiles import write_atomic

    if output.exists():
        raise InputError(f"-o {output}: a file is already there",
                         hint="give a new name, or delete it first")
    write_atomic(output, text.encode("utf-8"))
    note(f"wrote {output}: edit it, then 'treatykit draft {output} -o draft.docx'")
    return ExitStatus.OK


COMMANDS = [draft, templates, init_deal]
