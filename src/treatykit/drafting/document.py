"""The rendered agreement as a list of blocks, parsed from a template's draft Markdown.

A template renders "draft Markdown" (docs/templates.md): `#` title, `##` part,
`###` article, `####` sub-heading, `---` page break, and text runs that
`textblocks.split_blocks` turns into numbered paragraphs. Every writer (md, txt, html,
docx) works from these blocks, so all formats carry the same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from treatykit.textblocks import split_blocks

_HEADING = re.compile(r"^(#{1,4})\s+(.*?)\s*$")
_BREAK = re.compile(r"^-{3,}\s*$")

HEADING_KINDS = {1: "title", 2: "part", 3: "article", 4: "subheading"}


@dataclass(frozen=True)
class Block:
    """One unit of the document.

    `kind` is one of: title, part, article, subheading, break, para.
    A para has a `level` (0 unnumbered, 1 paragraph, 2 sub-paragraph) and a `label`.
    """

    kind: str
    text: str = ""
    level: int = 0
    label: str = ""


PAPERS = ("a4", "letter")
LANGUAGES = ("en-GB", "en-US")
DRAFT_LEGEND = "DRAFT \u2014 without prejudice"


@dataclass(frozen=True)
class Presentation:
    """How a draft is presented in Word: the deal file's `document:` settings.

    `status` is the legend in every page header ("" for none); `date` and `version`
    follow it; `paper` is a4 or letter; `language` the proofing language of the text;
    `contents` whether a table of contents follows the title page.
    """

    status: str = DRAFT_LEGEND
    date: str | None = None
    version: str | None = None
    paper: str = "a4"
    language: str = "en-GB"
    contents: bool = True


@dataclass
class Document:
    """A draft agreement: its title and blocks in reading order."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    presentation: Presentation = field(default_factory=Presentation)

    def headings(self, kind: str) -> list[str]:
        return [b.text for b in self.blocks if b.kind == kind]


def parse_draft_markdown(text: str) -> Document:
    """Split draft Markdown into headings, page breaks and numbered paragraphs."""
    blocks: list[Block] = []
    run: list[str] = []
    for line in text.splitlines():
        heading = _HEADING.match(line)
        if heading or _BREAK.match(line):
            blocks += _paragraphs(run)
            run = []
            if heading:
                kind = HEADING_KINDS[len(heading.group(1))]
                blocks.append(Block(kind, heading.group(2)))
            else:
                blocks.append(Block("break"))
        else:
            run.append(line)
    blocks += _paragraphs(run)
    title = next((b.text for b in blocks if b.kind == "title"), "")
    return Document(title=title, blocks=_tidy(blocks))


def _paragraphs(lines: list[str]) -> list[Block]:
    return [Block("para", _sentence(b.text) if b.level == 1 else b.text, b.level, b.label)
            for b in split_blocks("\n".join(lines))]


def _sentence(text: str) -> str:
    """A numbered paragraph starts a sentence, even when a clause opens with {{ partner }}."""
    return text[:1].upper() + text[1:]


def _tidy(blocks: list[Block]) -> list[Block]:
    """Drop page breaks at the start, at the end and next to another break."""
    tidy: list[Block] = []
    for block in blocks:
        if block.kind == "break" and (not tidy or tidy[-1].kind == "break"):
            continue
        tidy.append(block)
    while tidy and tidy[-1].kind == "break":
        tidy.pop()
    return tidy
