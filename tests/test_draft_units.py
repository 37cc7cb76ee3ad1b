"""Units of the drafting package: draft Markdown, writers, deal files, overrides, output."""

from __future__ import annotations

import pytest

from conftest import ROOT
from treatykit.drafting.deal import Origin, apply_overrides, load_deal
from treatykit.drafting.document import Block, parse_draft_markdown
from treatykit.drafting.formats import to_html, to_markdown, to_text
from treatykit.errors import InputError
from treatykit.outfiles import write_atomic

SOURCE = """\
# Agreement between A and B

between

**A**

---

A and B,

Recognising one thing;

Have agreed as follows:

## Part I: General

### Article 1: Definitions

1. For the purposes of this
Agreement:
   (a) "x" means y; and
   (b) "z" means *w*.
2. Second paragraph.

Closing words.
"""


def test_draft_markdown_is_parsed_into_blocks():
    doc = parse_draft_markdown(SOURCE)
    assert doc.title == "Agreement between A and B"
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:4] == ["title", "para", "para", "break"]
    assert Block("part", "Part I: General") in doc.blocks
    assert Block("para", "For the purposes of this Agreement:", 1, "1.") in doc.blocks
    assert Block("para", '"z" means *w*.', 2, "(b)") in doc.blocks
    assert doc.blocks[-1] == Block("para", "Closing words.", 0, "")


def test_markdown_writer_normalises_and_indents_sub_paragraphs():
    text = to_markdown(parse_draft_markdown(SOURCE))
    assert "1. For the purposes of this Agreement:\n\n    (a) \"x\" means y; and\n" in text
    assert "\n---\n" in text
    assert text.endswith("Closing words.\n")
    assert to_markdown(parse_draft_markdown(text)) == text


def test_text_writer_wraps_with_hanging_indents():
    text = to_text(parse_draft_markdown(SOURCE * 1))
    assert "AGREEMENT BETWEEN A AND B" in text
    assert "    (b) \"z\" means w." in text
    assert "*" not in text


def test_html_writer_escapes_and_marks_up():
    doc = parse_draft_markdown("# A & B\n\n---\n\n1. X < y and **bold**\n")
    page = to_html(doc)
    assert "<title>A &amp; B</title>" in page
    assert '<p class="l1"><span class="num">1.</span>X &lt; y and <strong>bold</strong></p>' in page


def test_page_breaks_are_tidied():
    doc = parse_draft_markdown("---\n# T\n---\n---\nx\n---\n")
    assert [b.kind for b in doc.blocks] == ["title", "break", "para"]


def _deal(tmp_path, body: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "deal.yaml"
    path.write_text("template: bit\nparties:\n"
                    "  - {role: host, name: the Republic of Ghana, short: Ghana}\n"
                    "  - {role: partner, name: the Kingdom of the Netherlands, "
                    "short: the Netherlands}\n" + body)
    return path


def test_deal_file_defaults_and_dates(tmp_path):
    deal = load_deal(_deal(tmp_path, "date: 2026-03-05\n"))
    assert deal.stance == "balanced"
    assert deal.date == "5 March 2026"
    assert deal.languages == ("English",)
    assert deal.party("partner").term == "Netherlands"


def test_deal_choices_in_short_and_long_form(tmp_path):
    deal = load_deal(_deal(tmp_path, "provisions:\n"
                                     "  a.b: omit\n"
                                     "  c.d: host_protective\n"
                                     "  e.f: e.f.balanced\n"
                                     "  g.h: {stance: balanced, params: {x: 1}}\n"))
    kinds = {p: (c.kind, c.value) for p, c in deal.choices.items()}
    assert kinds == {"a.b": ("omit", "omit"), "c.d": ("stance", "host_protective"),
                     "e.f": ("clause", "e.f.balanced"), "g.h": ("stance", "balanced")}
    assert deal.params["g.h"]["x"].raw == 1
    assert deal.params["g.h"]["x"].origin == Origin("deal", f"{tmp_path / 'deal.yaml'}:9")


def test_overrides_split_choices_from_parameters(tmp_path):
    deal = load_deal(_deal(tmp_path, ""))
    updated = apply_overrides(deal, ["a.b=omit", "a.b.c_d=3", "x.y.z=1,2"],
                              stance="host_protective", provision_ids={"a.b", "x.y"})
    assert updated.choices["a.b"].kind == "omit"
    assert updated.params["a.b"]["c_d"].raw == "3"
    assert updated.params["x.y"]["z"].origin.where == "--set x.y.z=1,2"
    assert updated.stance == "host_protective"
    assert deal.choices == {}  # the loaded deal is not changed


def test_two_clause_choices_for_one_provision_is_an_error(tmp_path):
    path = _deal(tmp_path, "provisions:\n  a.b: {stance: balanced, omit: true}\n")
    with pytest.raises(InputError) as caught:
        load_deal(path)
    assert caught.value.message == f"{path}:6: a.b: give only one of clause, stance or omit"


def test_write_atomic_replaces_in_one_step(tmp_path):
    target = tmp_path / "out.md"
    target.write_text("old")
    write_atomic(target, b"new")
    assert target.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_full_disk_while_writing_is_an_input_error_and_keeps_the_old_file(tmp_path,
                                                                          monkeypatch):
    import errno
    import os

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    target = tmp_path / "out.md"
    target.write_text("old")
    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(InputError) as caught:
        write_atomic(target, b"new")
    assert str(caught.value) == (f"-o {target}: cannot write: No space left on device (free "
                                 "some space or write to another folder)")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_upfirst_filter():
    from treatykit.drafting.environment import upfirst_filter

    assert upfirst_filter("the United States") == "The United States"
    assert upfirst_filter("") == ""


def test_numbered_paragraphs_start_with_a_capital():
    doc = parse_draft_markdown("1. the United States shall\n   (a) the first;\n\nthe rest\n")
    assert [b.text for b in doc.blocks] == ["The United States shall", "the first;", "the rest"]


def test_a_deal_without_stance_is_balanced_by_default(tmp_path):
    deal = load_deal(_deal(tmp_path, ""))
    assert (deal.stance, deal.stance_origin) == ("balanced",
                                                 Origin("default", "treatykit's default stance"))


@pytest.mark.parametrize(("value", "text"), [
    (0, "zero (0)"), (15, "fifteen (15)"), (999, "nine hundred and ninety-nine (999)"),
    (1000, "one thousand (1,000)"), (1005, "one thousand and five (1,005)"),
    (1500, "one thousand five hundred (1,500)"),
    (2_000_000, "two million (2,000,000)"), (2.5, "2.5"),
])
def test_words_filter_spells_any_count_a_parameter_allows(value, text):
    from treatykit.drafting.environment import words_filter

    assert words_filter(value) == text


def test_a_large_count_is_spelled_in_the_draft(invoke):
    code, out, _ = invoke("draft", str(ROOT / "corpus/deals/pakistan-us-critical-minerals.yaml"),
                          "--set", "technology.transfer.engineers_trained_per_year=1500")
    assert code == 0, out
    assert "one thousand five hundred (1,500)" in out
