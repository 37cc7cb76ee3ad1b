"""Drafting defects in rendered text: what a reader sees when a condition or a value misfires.

A clause text can parse and render and still read wrongly once a parameter is empty or
an optional provision is absent: paragraphs numbered 1, 3; a lone "(a)"; "means:" with
nothing after it; a sentence that starts "the United States shall". `find_defects`
names each such defect in one line; `treatykit validate` runs it over every clause
rendered with its defaults and with its parameters varied (`drafting.checks`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from treatykit.textblocks import Block, split_blocks

_TAG = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_COLON_THEN_STOP = re.compile(r":\s*[.;,)]")
_SPACE_BEFORE_STOP = re.compile(r"\S\s+[.;,:](?:\s|$)")
_BROKEN_OFF = re.compile(r"\b(?:and|or|of|the|an?|under|with|including|means|between)\s*[.;]"
                         r"(?:\s|$)")
_DOUBLE_SPACE = re.compile(r"\S {2,}\S")
_GLUED_LABEL = re.compile(r"[.;:]\s*\d{1,2}\.\s+[A-Z]")
_GLUED_WORD = re.compile(r"[,;](?=[A-Za-z])|[a-z)\]]\.(?=[A-Z][a-z])|\](?=[A-Za-z])"
                         r"|Article \d+(?=[A-Za-z])|[a-z](?=Article [\d\[])")
_LOWER_START = re.compile(r"(?:^|[.?!]\s+)([a-z][\w'-]*)")
#: Words that end in a full stop without ending a sentence.
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "art.", "arts.", "no.", "nos.", "para.", "paras.",
                  "cf.", "v.", "p.", "pp.", "al.", "inc.", "ltd.", "co.")
_LETTERS = [chr(c) for c in range(ord("a"), ord("z") + 1)]
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii",
           "xiv", "xv", "xvi", "xvii", "xviii", "xix", "xx"]
_DIGITS = [str(n) for n in range(1, 100)]
_SEQUENCES = {"a": _LETTERS, "i": _ROMANS, "1": _DIGITS}


def find_defects(text: str) -> list[str]:
    """Each drafting defect of a rendered clause or article text, in reading order."""
    defects = [f"unrendered template code '{m.group(0)}'" for m in _TAG.finditer(text)][:1]
    blocks = split_blocks(text)
    defects += _numbering(blocks)
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        defects += _punctuation(block, following)
        after_list = index > 0 and blocks[index - 1].level == 2
        defects += _sentence_case(block, continues=block.level == 2 or after_list)
    return list(dict.fromkeys(defects))


def _numbering(blocks: list[Block]) -> list[str]:
    defects: list[str] = []
    expected = 1
    lists = _Lists(defects)
    for block in blocks:
        if block.level == 1:
            lists.close_all()
            number = int(block.label.rstrip("."))
            if number != expected:
                defects.append(f"paragraph {block.label} follows {expected - 1}." if expected > 1
                               else f"the first paragraph is numbered {block.label}")
            expected = number + 1
        elif block.level == 2:
            lists.add(block.label.strip("()"))
        else:
            lists.close_all()
    lists.close_all()
    return defects


@dataclass
class _List:
    sequence: list[str]
    position: int  # index of the last label used

    @property
    def first(self) -> str:
        return self.sequence[0]

    def expects(self, label: str) -> bool:
        following = self.position + 1
        return following < len(self.sequence) and self.sequence[following] == label


class _Lists:
    """Open sub-paragraph lists, innermost last: (a) (b) with (i) (ii) nested inside."""

    def __init__(self, defects: list[str]) -> None:
        self.defects = defects
        self.open: list[_List] = []

    def add(self, label: str) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth].expects(label):
                self.close_above(depth)
                self.open[depth].position += 1
                return
        if label in _SEQUENCES:
            self.open.append(_List(_SEQUENCES[label], 0))
            return
        where = f" after ({self._last()})" if self.open else ""
        self.defects.append(f"sub-paragraph ({label}) is out of sequence{where}")
        self.open.append(_List([label], 0))
        self.open[-1].position = 1  # a stray label is reported once, not also as lone

    def _last(self) -> str:
        current = self.open[-1]
        return current.sequence[min(current.position, len(current.sequence) - 1)]

    def close_above(self, depth: int) -> None:
        while len(self.open) > depth + 1:
            self._close(self.open.pop())

    def close_all(self) -> None:
        self.close_above(-1)

    def _close(self, done: _List) -> None:
        if done.position == 0:
            self.defects.append(f"a lone ({done.first}): a list of one item")


def _punctuation(block: Block, following: Block | None) -> Iterator[str]:
    text = block.text
    if text.endswith(":") and (following is None or following.level != 2):
        yield f"'{_tail(text)}' ends with a colon but no list follows"
    for pattern, what in ((_COLON_THEN_STOP, "a colon with nothing after it"),
                          (_SPACE_BEFORE_STOP, "a space before punctuation (an empty value?)"),
                          (_BROKEN_OFF, "a phrase breaks off before punctuation"),
                          (_GLUED_LABEL, "a paragraph number runs into the text before it "
                                         "(a line break lost after a {% %} tag?)"),
                          (_GLUED_WORD, "a missing space (a line break lost after a {% %} "
                                        "tag?)"),
                          (_DOUBLE_SPACE, "a double space (an empty value?)")):
        match = pattern.search(text)
        if match:
            yield f"{what}: '{_around(text, match.start(), match.end())}'"


def _sentence_case(block: Block, *, continues: bool) -> Iterator[str]:
    """Sentences start with a capital, except a sub-paragraph or the closing words after a
    list, which continue the sentence that introduced the list."""
    for match in _LOWER_START.finditer(block.text):
        if match.start(1) == 0 and continues:
            continue
        before = block.text[:match.start(1)].rstrip().rsplit(" ", 1)[-1].lower()
        if match.start(1) and before.endswith(_ABBREVIATIONS):
            continue
        yield (f"a sentence starts in lower case: "
               f"'{_around(block.text, match.start(1), match.end(1))}'")


def _tail(text: str, width: int = 40) -> str:
    return ("..." + text[-width:]) if len(text) > width else text


def _around(text: str, start: int, end: int, width: int = 30) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("..." if left else "") + text[left:right] + ("..." if right < len(text) else "")
