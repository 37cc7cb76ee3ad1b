"""A new user's first steps: a starting deal, example deals, the Python API."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT

TEMPLATES = ("bit", "critical_minerals", "host_government_agreement")


@pytest.mark.parametrize("template", TEMPLATES)
def test_a_starting_deal_drafts_as_it_stands(invoke, template):
    code, deal, err = invoke("init-deal", template)
    assert code == 0, err
    assert deal.startswith("# A starting deal for the ")
    assert f"template: {template}\n" in deal
    code, draft, err = invoke("draft", "-", "-o", "-", input=deal)
    assert code == 0, err
    assert draft.startswith("# ") and "[full name of the host" in draft


def test_init_deal_writes_a_file_and_never_overwrites_one(invoke, tmp_path):
    target = tmp_path / "deal.yaml"
    assert invoke("init-deal", "bit", "-o", str(target))[0] == 0
    assert "template: bit" in target.read_text(encoding="utf-8")
    code, _, err = invoke("init-deal", "bit", "-o", str(target))
    assert code == 2 and "a file is already there" in err


def test_the_examples_named_in_the_help_are_shipped(invoke):
    from treatykit.drafting.starter import example_deals

    _, help_text, _ = invoke("init-deal", "--help")
    flat = "".join(help_text.split())  # click may wrap a name at a hyphen
    named = {name for name in example_deals() if name in flat}
    assert named == set(example_deals()) and len(named) == 4
    code, deal, _ = invoke("init-deal", "pakistan-us-critical-minerals")
    assert code == 0 and deal == (ROOT / "corpus/deals/pakistan-us-critical-minerals.yaml"
                                  ).read_text(encoding="utf-8")


def test_an_unknown_template_is_a_one_line_error(invoke):
    code, out, err = invoke("init-deal", "no_such_template")
    assert (code, out) == (2, "")
    assert err == ("treatykit: error: unknown template 'no_such_template' "
                   "(run 'treatykit templates' to list them)\n")


def test_import_treatykit_loads_no_spacy_and_the_api_works(tmp_path):
    script = (
        "import sys, treatykit\n"
        "assert 'spacy' not in sys.modules and 'jinja2' not in sys.modules\n"
        "hits = treatykit.search('repatriation', limit=2, db=sys.argv[1])\n"
        "assert hits and hits[0].id.startswith('transfers.')\n"
        "assert 'spacy' not in sys.modules\n"
        "print(sorted(treatykit.__all__))\n")
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "t.db")],
                            capture_output=True, text=True, timeout=120,
                            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin",
                                 "HOME": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['__version__', 'draft', 'review', 'search']"


def test_the_review_api_stays_callable_after_its_package_is_imported(tmp_path):
    import treatykit
    import treatykit.review.service  # noqa: F401 - what made `treatykit.review` a module

    draft = tmp_path / "d.md"
    draft.write_text("Article 1\n\n1. Each Party shall permit transfers freely.\n")
    report = treatykit.review(str(draft), "us-investor")
    assert report.findings and callable(treatykit.review)


def test_a_draft_saves_itself(tmp_path):
    import treatykit

    result = treatykit.draft(ROOT / "corpus/deals/ghana-netherlands-balanced-bit.yaml")
    result.save(tmp_path / "d.md")
    assert (tmp_path / "d.md").read_text(encoding="utf-8") == result.markdown
