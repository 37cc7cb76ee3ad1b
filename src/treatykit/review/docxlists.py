"""Word list numbering made explicit: the "1.", "(a)" or "Article 3" that Word draws.

python-docx's `paragraph.text` omits automatic numbering, so a treaty numbered with Word's
lists loses every paragraph number ("Article 12(2)" becomes "Article 12"). This module
replays the numbering: each paragraph's `w:numPr` (direct or from its style) names a list
instance and level; the list's abstract definition gives the start value, the number format
and the label text ("%1.", "(%2)"), and counters run per abstract list as Word runs them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass
class Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None  # w:lvlRestart: restart after this (1-based) level


@dataclass
class ListState:
    """Counters of one abstract list, as Word advances them."""

    levels: dict[int, Level]
    counters: dict[int, int] = field(default_factory=dict)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return None if child is None else child.get(W + "val")


#: Largest list value read from a Word file: Word's own lists stop far below it, and a
#: start of 10**22 in upper-case roman numerals would be a string of 10**19 M's.
_MAX_NUMBER = 100_000


def _int(text: str | None, default: int) -> int:
    try:
        value = int(text) if text is not None and len(text) < 12 else default
    except ValueError:
        return default
    return value if -_MAX_NUMBER <= value <= _MAX_NUMBER else default


def format_number(value: int, fmt: str) -> str:
    """A counter in Word's number format: 3 -> "3", "c", "C", "iii", "III"."""
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        out, rest = "", value
        for number, numeral in _ROMAN:
            while rest >= number:
                out, rest = out + numeral, rest - number
        return out.upper() if fmt == "upperRoman" else out
    if fmt in ("bullet", "none"):
        return ""
    return str(value)


class Numbering:
    """Replays a document's list numbering paragraph by paragraph."""

    def __init__(self, document: Any) -> None:
        self.abstract: dict[str, dict[int, Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.states: dict[str, ListState] = {}
        self.started: set[str] = set()
        self.styles = _style_numbering(document)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        for abstract in root.findall(W + "abstractNum"):
            self.abstract[abstract.get(W + "abstractNumId")] = _levels(abstract)
        for num in root.findall(W + "num"):
            overrides = {_int(o.get(W + "ilvl"), 0): _int(_val(o, "startOverride"), 1)
                         for o in num.findall(W + "lvlOverride")
                         if o.find(W + "startOverride") is not None}
            self.nums[num.get(W + "numId")] = (_val(num, "abstractNumId") or "", overrides)

    def label(self, paragraph: Any) -> str:
        """The number Word shows before this paragraph ("" when it is not numbered)."""
        num_id, ilvl = self._num_pr(paragraph)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id)
        if not levels or ilvl not in levels:
            return ""
        state = self.states.setdefault(abstract_id, ListState(levels))
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                state.counters[level] = start - 1
        self._advance(state, ilvl)
        return self._render(state, ilvl)

    def _num_pr(self, paragraph: Any) -> tuple[str | None, int]:
        ppr = paragraph._p.pPr
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        if num_pr is not None:
            return _val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0)
        style_id = _val(ppr, "pStyle") if ppr is not None else None
        return self.styles.get(style_id or "", (None, 0))

    @staticmethod
    def _advance(state: ListState, ilvl: int) -> None:
        level = state.levels[ilvl]
        current = state.counters.get(ilvl)
        state.counters[ilvl] = level.start if current is None else current + 1
        for deeper, spec in state.levels.items():
            if deeper > ilvl and (spec.restart is None or spec.restart > ilvl):
                state.counters.pop(deeper, None)

    @staticmethod
    def _render(state: ListState, ilvl: int) -> str:
        text = state.levels[ilvl].text
        for level, spec in state.levels.items():
            token = f"%{level + 1}"
            if token in text:
                value = state.counters.get(level, spec.start)
                text = text.replace(token, format_number(value, spec.fmt))
        return text.strip()


def _levels(abstract: Any) -> dict[int, Level]:
    levels = {}
    for lvl in abstract.findall(W + "lvl"):
        restart = _val(lvl, "lvlRestart")
        levels[_int(lvl.get(W + "ilvl"), 0)] = Level(
            start=_int(_val(lvl, "start"), 1), fmt=_val(lvl, "numFmt") or "decimal",
            text=_val(lvl, "lvlText") or "",
            restart=None if restart is None else _int(restart, 0))
    return levels


def _style_numbering(document: Any) -> dict[str, tuple[str | None, int]]:
    """Style id -> (numId, level) for paragraph styles that carry numbering, via basedOn."""
    raw: dict[str, tuple[str | None, int, str | None]] = {}
    for style in document.styles.element.findall(W + "style"):
        ppr = style.find(W + "pPr")
        num_pr = ppr.find(W + "numPr") if ppr is not None else None
        raw[str(style.get(W + "styleId"))] = (_val(num_pr, "numId"), _int(_val(num_pr, "ilvl"), 0),
                                              _val(style, "basedOn"))
    resolved: dict[str, tuple[str | None, int]] = {}
    for style_id in raw:
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current in raw and current not in seen:
            seen.add(current)
            num_id, level, based_on = raw[current]
            if num_id is not None:
                resolved[style_id] = (num_id, level)
                break
            current = based_on
    return resolved
