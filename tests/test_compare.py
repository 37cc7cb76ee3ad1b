"""`treatykit compare`: a counter-draft against the text we sent."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pytest

from conftest import ROOT
from counterdraft import ADDED_HEADING, EDITS, counter_draft
from treatykit.negotiation.articles import articles_of, read_articles
from treatykit.negotiation.compare import changed_phrases, compare_texts, redline_bytes

DEAL = ROOT / "corpus" / "deals" / "pakistan-us-critical-minerals.yaml"

SMALL = """\
Agreement on River Fisheries

Article 1: Scope

1. This Agreement applies to fishing in the shared reach of the river.

Article 2: Quotas

1. Each Party shall keep its annual catch below four hundred (400) tonnes.

2. The Commission established under Article 3 shall publish the catch each year.

Article 3: Commission

1. The Parties establish a joint Commission of six members.

Article 4: Closed Season

1. No fishing shall take place in April and May, as Article 9 of the Basin Convention
provides.
"""


def _compared(ours: str, theirs: str, **kwargs):  # type: ignore[no-untyped-def]
    return compare_texts(articles_of(ours, source="ours"), articles_of(theirs, source="theirs"),
                         **kwargs)


def test_a_draft_compared_with_itself_has_no_changes():
    assert _compared(SMALL, SMALL).changed == []


def test_consistent_renumbering_is_no_edit():
    theirs = SMALL.replace("Article 1:", "Article 11:").replace("Article 2:", "Article 12:") \
        .replace("Article 3:", "Article 13:").replace("Article 4:", "Article 14:") \
        .replace("under Article 3", "under Article 13")
    assert _compared(SMALL, theirs).changed == []


def test_a_lowered_number_is_an_edit_with_its_words():
    theirs = SMALL.replace("four hundred (400)", "six hundred (600)")
    [change] = _compared(SMALL, theirs).changed
    assert (change.status, change.label) == ("edited", "Article 2")
    assert [(p.old, p.new) for p in changed_phrases(change.pieces)] == [
        ("four hundred (400)", "six hundred (600)")]


def test_moved_deleted_and_added_articles_are_found():
    closed = SMALL[SMALL.index("Article 4:"):]
    theirs = SMALL.replace(closed, "").replace("Article 1: Scope", closed.replace(
        "Article 4:", "Article 1:") + "\nArticle 2: Scope")
    theirs = theirs.replace("Article 2: Quotas", "Article 3: Quotas").replace(
        "Article 3: Commission", "Article 4: Commission").replace("under Article 3",
                                                                   "under Article 4")
    theirs = theirs[:theirs.index("Article 4: Commission")] + \
        "Article 4: Observers\n\n1. Each vessel shall carry an observer on every trip.\n"
    statuses = {(c.status, c.heading) for c in _compared(SMALL, theirs).changed}
    assert statuses == {("moved", "Closed Season"), ("deleted", "Commission"),
                        ("added", "Observers"), ("edited", "Quotas")}


def test_a_merged_article_is_noted():
    merged = SMALL.replace("\nArticle 4: Closed Season\n\n1.", "\n2.")
    notes = {c.heading: c.note for c in _compared(SMALL, merged).changed}
    assert notes["Closed Season"] == "merged into Article 3"


@pytest.fixture(scope="module")
def ours_md(tmp_path_factory):
    from treatykit.drafting.api import make_draft
    from treatykit.drafting.output import write_document

    folder = tmp_path_factory.mktemp("round")
    draft = make_draft(DEAL)
    for suffix in ("md", "txt", "docx"):
        write_document(draft.document, folder / f"ours.{suffix}")
    (folder / "theirs.md").write_text(counter_draft(draft.markdown), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def counter(ours_md):
    from treatykit.negotiation.compare import compare_drafts

    return compare_drafts(ours_md / "ours.md", ours_md / "theirs.md",
                          playbook="pakistan-minerals")


def test_every_article_the_other_side_changed_is_found(counter):
    found = {c.ours.heading: c.status for c in counter.changed if c.ours}
    assert {h: s for h, s in found.items() if h in EDITS} == EDITS
    assert [c.heading for c in counter.changed if c.status == "added"] == [ADDED_HEADING]
    # the one other article: a reference to the deleted article now names the next one
    assert set(found) - set(EDITS) == {"Full Protection and Security"}
    assert "cross-reference now names another article" in \
        next(c.note for c in counter.changed if c.heading == "Full Protection and Security")


@pytest.mark.parametrize("article, message", [
    ("7", "Art. 7(1): 'not less than thirty (30)' became 'up to twenty (20)': local_equity "
          "now violates (must; was present)"),
    ("42", "Art. 41(3): 'six (6)' became 'three (3)': cooling_off now violates (should; "
           "was present)"),
    ("29", "Art. 29(4): 'The labour laws of Pakistan shall apply in full' became 'Pakistan "
           "shall endeavour to apply its labour laws': labour_host_law now weak (must; was "
           "present)"),
    ("33", "our Art. 33(1) (deleted): demilitarised_security now weak, decided by Art. 19(3) "
           "(must; was present)"),
])
def test_each_change_says_what_it_does_to_the_mandate(counter, article, message):
    change = next(c for c in counter.changed if c.ours and c.ours.number == article)
    assert message in [e.message for e in change.effects]
    assert not re.search(r"BRIEF|\b[CPD]\d{2}\b", message)


def test_a_consent_chapeau_is_reported_on_its_article(counter):
    # "Subject to the prior consent of the covered investment concerned, Pakistan may make the
    # grant ... conditional": weak on its own, even while the override also decides
    change = next(c for c in counter.changed if c.heading == "Domestic Processing and Refining")
    assert "Art. 5(2): 'Subject to the prior consent of the covered investment concerned,' " \
           "added: domestic_processing now weak (must; was present)" in \
           [e.message for e in change.effects]


def test_an_override_added_elsewhere_is_reported_where_it_was_added(counter):
    # "Notwithstanding Article 5 and Article 7, neither Party shall require ..." added to the
    # performance-requirements article: the processing mandate falls there, not in Article 5
    change = next(c for c in counter.changed if c.heading == "Performance Requirements")
    messages = [e.message for e in change.effects]
    assert any(m.startswith("Art. 24(8): ") and "Notwithstanding Article 5 and Article 7" in m
               and m.endswith("domestic_processing now weak (must; was present)")
               for m in messages), messages


@pytest.mark.parametrize("other", ["ours.txt", "ours.docx"])
def test_a_reformatted_draft_reports_nothing(invoke, ours_md, other):
    code, out, _ = invoke("compare", str(ours_md / "ours.md"), str(ours_md / other),
                          "--playbook", "pakistan-minerals", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["schema"] == 1 and data["changes"] == [] and data["effects"] == []


@pytest.mark.parametrize("deal", sorted(p.stem for p in (ROOT / "corpus" / "deals").glob(
    "*.yaml")))
def test_every_shipped_deal_reads_the_same_in_every_format(deal, tmp_path):
    from treatykit.drafting.api import make_draft
    from treatykit.drafting.output import render_bytes

    document = make_draft(ROOT / "corpus" / "deals" / f"{deal}.yaml").document
    for suffix in (".md", ".txt", ".docx"):
        (tmp_path / f"d{suffix}").write_bytes(render_bytes(document, suffix))
    drafts = [read_articles(tmp_path / f"d{suffix}") for suffix in (".md", ".txt", ".docx")]
    assert compare_texts(drafts[0], drafts[1]).changed == []
    assert compare_texts(drafts[0], drafts[2]).changed == []


@pytest.fixture(scope="module")
def redline(counter, ours_md):
    path = ours_md / "redline.docx"
    path.write_bytes(redline_bytes(counter, author="Pakistan delegation",
                                   date="2026-12-06T00:00:00Z"))
    return path


def test_the_redline_reads_back_as_their_text(redline, ours_md):
    theirs = read_articles(ours_md / "theirs.md").articles
    back = read_articles(redline).articles
    assert [a.body for a in back] == [a.body for a in theirs]


def test_the_redline_carries_tracked_changes_with_author_and_date(redline):
    xml = zipfile.ZipFile(redline).read("word/document.xml").decode("utf-8")
    assert '<w:ins w:id="' in xml and '<w:del w:id="' in xml
    assert 'w:author="Pakistan delegation"' in xml and 'w:date="2026-12-06T00:00:00Z"' in xml
    assert "<w:delText" in xml


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_the_tracked_changes_survive_libreoffice(redline, tmp_path):
    subprocess.run(["soffice", "--headless", "--convert-to", "odt", "--outdir", str(tmp_path),
                    str(redline)], check=True, capture_output=True, timeout=240)
    content = zipfile.ZipFile(tmp_path / "redline.odt").read("content.xml").decode("utf-8")
    assert content.count("<text:insertion>") > 5 and content.count("<text:deletion>") > 5
    assert "Pakistan delegation" in content


def test_compare_refuses_an_unknown_output_format(invoke, ours_md):
    code, _, err = invoke("compare", str(ours_md / "ours.md"), str(ours_md / "theirs.md"),
                          "-o", str(ours_md / "x.pdf"))
    assert code == 2
    assert "unknown output format '.pdf'" in err


def test_compare_names_a_missing_file(invoke, ours_md):
    code, _, err = invoke("compare", str(ours_md / "ours.md"), str(ours_md / "nope.docx"))
    assert code == 2
    assert err.strip().endswith("(check the path)")
    assert "nope.docx: no such file" in err
