"""Templates: listing, checks at load time, and the sandbox around user templates."""

from __future__ import annotations

import json

import pytest

from conftest import FIXTURES, ROOT

BAD_TEMPLATES = FIXTURES / "bad-templates"
BUILT_IN = ("bit", "critical_minerals", "host_government_agreement")
HOST = "  - {role: host, name: the Republic of Ghana, short: Ghana}\n"
PARTNER = "  - {role: partner, name: the Kingdom of the Netherlands, short: the Netherlands}\n"


def test_templates_lists_the_built_in_ones(invoke):
    code, out, err = invoke("templates")
    assert code == 0, err
    for template_id in BUILT_IN:
        assert f"{template_id}: " in out
    assert "requires: " in out and "allows: " in out


def test_templates_json_has_required_and_optional_provisions(invoke):
    code, out, _ = invoke("templates", "--format", "json")
    assert code == 0
    data = {t["id"]: t for t in json.loads(out)["templates"]}
    assert set(BUILT_IN) <= set(data)
    cma = data["critical_minerals"]
    assert cma["doc_type"] == "treaty"
    assert "equity.local_participation" in cma["required"]
    assert "dispute.investor_state" in cma["required"]
    assert "stabilisation.change_in_law" in cma["optional"]
    assert data["host_government_agreement"]["doc_type"] == "contract"
    assert all(t["problems"] == [] for t in data.values())


def test_templates_help_has_an_example(invoke):
    code, out, _ = invoke("templates", "--help")
    assert code == 0
    assert "treatykit templates --templates ./my-templates --format json" in out


def _deal(write_deal, template_id: str):  # type: ignore[no-untyped-def]
    return write_deal(f"template: {template_id}\nparties:\n{HOST}{PARTNER}")


@pytest.mark.parametrize(("case", "message"), [
    ("undefined-variable", "{folder}/document.md.j2:3: uses 'treaty_nickname', which is "
                           "neither provided nor declared; fix: declare it under variables: in "
                           "template.yaml, or use one of: "),
    ("undefined-attribute", "{folder}/document.md.j2:3: 'nickname' is not an attribute of that "
                            "value (declare the variable or pass it in the deal file; "
                            "docs/templates.md lists the names templates can use)"),
    ("unsafe-attribute", "{folder}/document.md.j2:3: refused: attribute names starting with "
                         "'_' are not allowed; fix: use only the variables and filters in "
                         "docs/templates.md"),
    ("unsafe-attr-filter", "{folder}/document.md.j2:3: refused an unsafe expression in the "
                           "template (templates may only use the variables and filters "
                           "documented in docs/templates.md)"),
    ("syntax-error", "{folder}/document.md.j2:4: template syntax error: Unexpected end of "
                     "template."),
    ("runaway-output", "{folder}/document.md.j2: the template writes more than 20,000,000 "
                       "characters (check its loops: a draft agreement is a few hundred "
                       "thousand characters)"),
    ("unknown-provision", "{folder}/template.yaml:9: provision: unknown provision "
                          "'definitions.investmnt'; fix: did you mean definitions.investment"),
])
def test_bad_user_templates_exit_2_naming_the_defect(invoke, write_deal, case, message):
    folder = BAD_TEMPLATES / case
    code, out, err = invoke("draft", str(_deal(write_deal, case)), "--templates", str(folder))
    assert code == 2
    assert out == ""
    assert err.startswith("treatykit: error: " + message.format(folder=folder))
    assert err.count("\n") == 1


@pytest.mark.parametrize("case", ["unsafe-attribute", "unsafe-attr-filter"])
def test_attribute_walks_print_nothing_of_python_internals(invoke, write_deal, case):
    folder = BAD_TEMPLATES / case
    code, out, err = invoke("draft", str(_deal(write_deal, case)), "--templates", str(folder))
    assert code == 2
    assert out == ""
    for leak in ("__mro__", "__class__", "<class", "object'", "str'", "Traceback", "jinja2"):
        assert leak not in err


def test_the_sandbox_refuses_attribute_walks_at_render_time():
    from treatykit.drafting.environment import make_environment, template_error

    env = make_environment()
    template = env.from_string("{{ ''.__class__.__mro__ }}")
    with pytest.raises(Exception) as caught:
        template.render()
    error = template_error(caught.value, "user.md.j2")
    assert error.message == "user.md.j2:1: refused an unsafe expression in the template"


@pytest.mark.parametrize("text", ["{{ lipsum }}", "{{ 'x'.format_map }}", "{{ ref }}"])
def test_printing_a_function_is_an_error_not_its_python_repr_in_the_draft(text):
    from treatykit.drafting.environment import make_environment, template_error

    env = make_environment()
    with pytest.raises(Exception) as caught:
        env.from_string(text).render(ref=lambda target: target)
    error = template_error(caught.value, "user.md.j2")
    assert error.message == ("user.md.j2:1: cannot render: a function is printed, not a value "
                             "(call it, or use a name from docs/templates.md)")
    assert "0x" not in error.message and "<function" not in error.message


def test_templates_command_reports_problems_with_exit_1(invoke):
    code, out, _ = invoke("templates", "--templates", str(BAD_TEMPLATES))
    assert code == 1
    assert "undefined-variable: " in out
    assert "problem: " in out and "treaty_nickname" in out


@pytest.mark.parametrize("template_id", BUILT_IN)
def test_built_in_template_metadata_names_only_known_provisions(template_id):
    from treatykit.drafting.template_checks import check_template
    from treatykit.drafting.templates import load_template, template_dirs
    from treatykit.library import library_dirs
    from treatykit.validation import load_valid_library

    library = load_valid_library(library_dirs())
    template = load_template(ROOT / "templates" / template_id)
    assert check_template(template, library, template_dirs()) == []


@pytest.mark.parametrize(("template_id", "stance"), [
    ("critical_minerals", "host_protective"),
    ("critical_minerals", "balanced"),
    ("critical_minerals", "investor_protective"),
    # The library's host-protective and balanced clauses of several provisions refer to
    # the minerals agreement's own articles, so a BIT at those stances needs the choices
    # made in corpus/deals/ghana-netherlands-balanced-bit.yaml (tested as a golden file).
    ("bit", "investor_protective"),
])
def test_treaty_templates_render_with_every_stance(write_deal, template_id, stance):
    from treatykit.drafting.api import make_draft

    deal = write_deal(f"template: {template_id}\nstance: {stance}\nparties:\n{HOST}{PARTNER}")
    draft = make_draft(deal)
    numbers = [s.number for s in draft.plan.articles]
    assert numbers == list(range(1, len(numbers) + 1))
    assert "[Host State]" not in draft.markdown and "{{" not in draft.markdown


def test_unknown_templates_folder_is_an_error(invoke, tmp_path):
    code, _, err = invoke("templates", "--templates", str(tmp_path / "nope"))
    assert code == 2
    assert err == (f"treatykit: error: --templates: '{tmp_path / 'nope'}' is not a folder "
                   "(point it at a folder of templates (docs/templates.md))\n")


def test_library_validation_checks_the_built_in_templates():
    from treatykit.drafting.checks import check_builtin_templates
    from treatykit.models import Library

    messages = [p.render() for p in check_builtin_templates(Library())]
    assert any(m.endswith("templates/bit/template.yaml:22: provision: unknown provision "
                          "'preamble.objectives'; fix: run 'treatykit provisions' for the ids")
               for m in messages), messages[:3]


def test_a_template_problem_names_its_file_once(invoke, tmp_path):
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "template.yaml").write_text("", encoding="utf-8")
    code, out, _ = invoke("templates", "--templates", str(tmp_path))
    assert code == 1
    assert (f"  problem: {folder / 'template.yaml'}: template metadata must be a mapping; fix: "
            "see docs/templates.md\n") in out


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "_partials/nope.md.j2"])
def test_an_include_outside_the_template_folders_is_named_as_an_include(invoke, tmp_path, name):
    folder = tmp_path / "inc"
    folder.mkdir()
    (folder / "template.yaml").write_text(
        "id: inc\nname: Include\ndoc_type: treaty\ntitle: Agreement\nparts:\n  - title: ''\n"
        "    articles:\n      - definitions.investment\n", encoding="utf-8")
    (folder / "document.md.j2").write_text(f'# {{{{ title }}}}\n\n{{% include "{name}" %}}\n',
                                           encoding="utf-8")
    code, out, _ = invoke("templates", "--templates", str(tmp_path))
    assert code == 1
    assert (f"  problem: {folder / 'document.md.j2'}: include: included file '{name}' not found "
            "in the template folders; fix: name a file inside the template's folder or a "
            "built-in partial such as _partials/articles.md.j2\n") in out
    assert "root:" not in out
