"""Split clause text into numbered paragraphs and sub-paragraphs.

Clause files wrap lines freely; a new block starts only at a paragraph number
("1.", "2.") or a sub-paragraph label ("(a)", "(ii)"). Drafts and `show` use this to
reflow text for Markdown, HTML and Word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARA = re.compile(r"^(\d{1,2})\.\s+(.*)$")
_SUB = re.compile(r"^\(([a-z]{1,2}|[ivx]{1,5}|\d{1,2})\)\s+(.*)$")


@dataclass(frozen=True)
class Block:
    """One paragraph (level 1), sub-paragraph (level 2) or unnumbered text (level 0)."""

    level: int
    label: str
    text: str


def split_blocks(text: str) -> list[Block]:
    """Reflow `text` into blocks; wrapped lines join the block they continue."""
    blocks: list[Block] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            if blocks and blocks[-1].text:
                blocks.append(Block(0, "", ""))  # blank line ends a block
            continue
        if (match := _PARA.match(line)):
            blocks.append(Block(1, match.group(1) + ".", match.group(2)))
        elif (match := _SUB.match(line)):
            blocks.append(Block(2, f"({match.group(1)})", match.group(2)))
        elif blocks and blocks[-1].text:
            last = blocks[-1]
            blocks[-1] = Block(last.level, last.label, last.text + " " + line)
        else:
            if blocks and not blocks[-1].text:
                blocks.pop()
            blocks.append(Block(0, "", line))
    return [b for b in blocks if b.text]


def reflow(text: str) -> str:
    """Text with one line per block, sub-paragraphs indented."""
    lines = []
    for block in split_blocks(text):
        indent = "   " if block.level == 2 else ""
        label = block.label + " " if block.label else ""
        lines.append(f"{indent}{label}{block.text}")
    return "\n".join(lines) + "\n"
