"""Every clause works in every document it can be chosen for.

For each built-in template, a deal between generic parties renders at every stance with
every optional provision included, with all of them left out, and with each one left out
in turn; every article reads without drafting defects (`drafting.lint`), every
cross-reference points at an article of the draft, and no defined term or institution
("covered minerals", "the Joint Committee") appears without the article that creates it.
A static check adds that no clause fitting a template refers, outside a `has(...)` test,
to a provision the template may lack. Drafts are rendered in-process with one library and
one template load per session.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from treatykit.drafting.api import load_drafting_library
from treatykit.drafting.deal import Deal, Origin, Party, ProvisionChoice
from treatykit.drafting.environment import unguarded_refs
from treatykit.drafting.formats import to_markdown
from treatykit.drafting.lint import find_defects
from treatykit.drafting.plan import NEAREST, plan_draft
from treatykit.drafting.render import render_plan
from treatykit.drafting.templates import Template, discover_templates, load_template
from treatykit.library import builtin_dir
from treatykit.models import STANCES, Library

TEMPLATE_DIRS = [builtin_dir("templates")]
TEMPLATES = {tid: load_template(folder)
             for tid, folder in discover_templates(TEMPLATE_DIRS).items()}
ORIGIN = Origin("deal", "tests/test_draft_stances.py")
#: Generic parties; the partner's short name starts with "the", so a sentence that opens
#: with {{ partner }} shows up in lower case.
PARTIES = (Party("host", "the Republic of Arcadia", "Arcadia"),
           Party("partner", "the Kingdom of Borealia", "the Kingdom of Borealia"))
CONTRACT_PARTIES = (Party("host", "the Republic of Arcadia", "the State"),
                    Party("partner", "Borealis Mining Limited", "the Company"))
#: Defined terms and institutions that only the article of a provision establishes.
TERMS = {"covered mineral": "definitions.covered_minerals",
         "Joint Committee": "institutions.joint_committee",
         "Technology-Sharing Protocol": "technology.transfer",
         "ombudsman": "facilitation.one_window",
         "KPI schedule": "market_access.conditional_preferences"}
VARIABLES = {"project_name": "Northern Copper Project", "minerals": "copper and cobalt",
             "licence_number": "ML-17"}


@pytest.fixture(scope="session")
def library() -> Library:
    return load_drafting_library()


def _optional(template: Template) -> list[str]:
    return template.provisions(optional=True)


def _fitting_clause(library: Library, template: Template, provision: str, stance: str) -> str:
    """The clause of `stance` for a provision, or of the nearest stance that fits."""
    for candidate in (stance, *NEAREST[stance]):
        clause = next((c for c in library.clauses_for(provision)
                       if c.stance == candidate and template.doc_type in c.doc_types), None)
        if clause is not None:
            return clause.id
    raise AssertionError(f"no clause of {provision} fits {template.id}")


def _deal(library: Library, template: Template, stance: str, omit: set[str]) -> Deal:
    """Every optional provision in (even those the template leaves out by default), but `omit`."""
    choices = {}
    for entry in template.entries():
        if not entry.provision or not entry.optional:
            continue
        if entry.id in omit:
            choices[entry.id] = ProvisionChoice(entry.id, "omit", "omit", ORIGIN)
        elif entry.default == "omit":
            clause = _fitting_clause(library, template, entry.id, stance)
            choices[entry.id] = ProvisionChoice(entry.id, "clause", clause, ORIGIN)
    contract = template.doc_type == "contract"
    return Deal(path=Path(f"{template.id}-{stance}.yaml"), template=template.id, stance=stance,
                stance_origin=ORIGIN, parties=CONTRACT_PARTIES if contract else PARTIES,
                choices=choices,
                variables={k: (v, ORIGIN) for k, v in VARIABLES.items()
                           if k in template.variables})


def _render(library: Library, template: Template, stance: str, omit: set[str]) -> str:
    plan = plan_draft(template, _deal(library, template, stance, omit), library)
    markdown = to_markdown(render_plan(plan, library, TEMPLATE_DIRS).document)
    present = {p for slot in plan.articles for p in slot.provisions}
    orphans = [term for term, provision in TERMS.items()
               if provision not in present and term in " ".join(markdown.split())]
    assert orphans == [], "terms used without the article that defines them"
    return markdown


def _articles(markdown: str) -> dict[str, str]:
    """Article heading -> its text, from draft Markdown."""
    found: dict[str, str] = {}
    for chunk in re.split(r"^### ", markdown, flags=re.M)[1:]:
        heading, _, body = chunk.partition("\n")
        found[heading] = re.split(r"^(?:#|---)", body, flags=re.M)[0]
    return found


@functools.cache
def _defects(text: str) -> tuple[str, ...]:
    return tuple(find_defects(text))  # the same article text recurs across many drafts


def _assert_reads_correctly(markdown: str) -> None:
    articles = _articles(markdown)
    defects = [f"{heading}: {defect}" for heading, text in articles.items()
               for defect in _defects(text)]
    assert defects == []
    # "Article 25(2)(b) of the ICSID Convention" names another instrument's article
    cited = {int(n) for n in re.findall(r"\bArticle (\d+)(?![\d(]| of )", markdown)}
    assert cited <= set(range(1, len(articles) + 1))
    assert "[Host State]" not in markdown and "[Other Party]" not in markdown


STANCE_CASES = [(tid, stance) for tid in sorted(TEMPLATES) for stance in STANCES]


@pytest.mark.parametrize(("template_id", "stance"), STANCE_CASES,
                         ids=[f"{t}-{s}" for t, s in STANCE_CASES])
def test_every_template_renders_at_every_stance(library, template_id, stance):
    markdown = _render(library, TEMPLATES[template_id], stance, omit=set())
    _assert_reads_correctly(markdown)
    assert "Arcadia" in markdown


@pytest.mark.parametrize(("template_id", "stance"), STANCE_CASES,
                         ids=[f"{t}-{s}" for t, s in STANCE_CASES])
def test_every_template_renders_without_any_optional_provision(library, template_id, stance):
    template = TEMPLATES[template_id]
    markdown = _render(library, template, stance, omit=set(_optional(template)))
    _assert_reads_correctly(markdown)


OMISSION_CASES = [(tid, stance, provision) for tid in sorted(TEMPLATES) for stance in STANCES
                  for provision in _optional(TEMPLATES[tid])]


@pytest.mark.parametrize(("template_id", "stance", "provision"), OMISSION_CASES,
                         ids=[f"{t}-{s}-without-{p}" for t, s, p in OMISSION_CASES])
def test_omitting_an_optional_provision_still_renders(library, template_id, stance, provision):
    markdown = _render(library, TEMPLATES[template_id], stance, omit={provision})
    _assert_reads_correctly(markdown)
    assert all(provision != heading for heading in _articles(markdown))


@pytest.mark.parametrize("template_id", sorted(TEMPLATES))
def test_no_clause_refers_unguarded_to_a_provision_the_template_may_lack(library, template_id):
    template = TEMPLATES[template_id]
    always = {e.id for e in template.entries() if not e.optional}
    implied = {c.id: c.provisions for c in library.clauses.values()}
    unguarded = {}
    for entry in template.entries():
        texts = [(c.id, c.text) for c in library.clauses_for(entry.id)
                 if template.doc_type in c.doc_types] if entry.provision \
            else [(entry.id, entry.text or "")]
        for source, text in texts:
            missing = sorted(set(unguarded_refs(text, implied)) - always)
            if missing:
                unguarded[source] = missing
    assert unguarded == {}


@pytest.mark.parametrize("stance", STANCES)
def test_a_bit_preamble_speaks_of_investment_not_critical_minerals(library, stance):
    """A plain BIT's recitals are about investment; minerals are for the minerals agreement
    (a clause's own parameters, such as technology areas, may still name them)."""
    text = _render(library, TEMPLATES["bit"], stance, set())
    preamble = text.split("Have agreed as follows")[0]
    assert "Have agreed as follows" in text
    assert "critical mineral" not in preamble.lower().replace("-", " ")
