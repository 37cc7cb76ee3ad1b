"""Quantities in treaty prose: "30 per cent", "fifteen (15) years", "six months", "90 days".

Digits and words are both read; "fifteen (15)" counts once. Durations carry their unit so a
caller can convert ("one year" is 12 months).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from treatykit.yamlfile import read_yaml

_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "a": 1, "an": 1}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|three|"
         r"four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|"
         r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
         r"one hundred|a hundred)")
# Day counts that treaties use for whole months ("180 days" notice is six months).
_DAYS_AS_MONTHS = {30.0: 1, 60.0: 2, 90.0: 3, 120.0: 4, 180.0: 6, 270.0: 9, 360.0: 12, 365.0: 12}
_DIGIT = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?"
_AMOUNT = (rf"(?:(?P<word>{_WORD})\s*(?:\(\s*(?P<paren>{_DIGIT})\s*\))?|(?P<digit>{_DIGIT})"
           r"|(?P<article>\ban?\b))")
_UNIT = (r"(?P<unit>per\s*cent(?:um)?|percent|%|calendar\s+days?|business\s+days?|working\s+days?|"
         r"days?|calendar\s+months?|months?|calendar\s+years?|years?)")
# "(?:of)?": extracted text sometimes runs "of ten years" together as "often years".
QUANTITY_RE = re.compile(rf"(?<![\w.])(?:of(?=ten\b))?{_AMOUNT}\s*(?:-\s*)?{_UNIT}(?!\w)", re.I)
# A day count as an ordinal: "on the one hundred and eightieth day after the notice", "the
# 60th day following its receipt" (a period, unlike "the first day of the month").
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
             "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
             "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
             "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
             "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
             "eightieth": 80, "ninetieth": 90, "hundredth": 100}
ORDINAL_DAY_RE = re.compile(
    r"\bthe\s+(?:(?P<digits>\d{1,3})(?:st|nd|rd|th)|(?P<words>(?:(?:one|a|two|three)\s+hundred"
    r"(?:\s+and)?\s+)?(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[\s-])?"
    r"(?:" + "|".join(sorted(_ORDINALS, key=len, reverse=True)) + r")))"
    r"\s+(?:calendar\s+)?day\s+(?:after|following|from)\b", re.I)
MONEY_RE = re.compile(r"(?:US\$|USD|\$)\s?(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d+)?)"
                      r"(?:\s*(?P<scale>million|billion|bn|m)\b)?", re.I)


@dataclass(frozen=True)
class Quantity:
    """A number with its unit, found at [start, end) of the text it was read from."""

    value: float
    unit: str  # percent | day | month | year | usd
    start: int
    end: int
    text: str

    def as_unit(self, unit: str) -> float | None:
        """This quantity in `unit` (month <-> year converts; otherwise same unit only)."""
        if unit == self.unit:
            return self.value
        if (self.unit, unit) == ("year", "month"):
            return self.value * 12
        if (self.unit, unit) == ("month", "year") and self.value % 6 == 0:
            return self.value / 12  # "eighteen months" is one and a half years
        if (self.unit, unit) == ("day", "month") and self.value in _DAYS_AS_MONTHS:
            return _DAYS_AS_MONTHS[self.value]
        return None


@lru_cache(maxsize=1)
def _directions() -> dict[str, re.Pattern[str]]:
    data = read_yaml(Path(__file__).with_name("effect.yaml"))["numbers"]
    names = ("ceiling", "floor", "ceiling_after", "floor_after")
    return {name: re.compile(str(data[name]), re.I) for name in names}


def direction(text: str, quantity: Quantity) -> str:
    """ "ceiling" ("up to 30 per cent", "30 per cent or less"), "floor" ("not less than 30")
    or "" (exact) for a quantity read from `text`: the words around it decide
    (review/effect.yaml)."""
    before = text[max(0, quantity.start - 40):quantity.start]
    after = text[quantity.end:quantity.end + 30]
    patterns = _directions()
    for name in ("ceiling", "floor"):
        if patterns[name].search(before) or patterns[f"{name}_after"].search(after):
            return name
    return ""


def word_value(text: str) -> int | None:
    """'twenty-five' -> 25; None if not a number word."""
    text = text.lower().replace("-", " ").strip()
    if text in ("one hundred", "a hundred"):
        return 100
    parts = text.split()
    if len(parts) == 1:
        return _UNITS.get(parts[0], _TENS.get(parts[0]))
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return _TENS[parts[0]] + _UNITS[parts[1]]
    return None


def find_quantities(text: str) -> list[Quantity]:
    """Every percentage, day, month and year count and US$ amount in `text`, in order."""
    found = []
    for match in QUANTITY_RE.finditer(text):
        value = _amount(match)
        if value is None:
            continue
        found.append(Quantity(value, _unit(match.group("unit")), match.start(), match.end(),
                              match.group(0)))
    for match in ORDINAL_DAY_RE.finditer(text):
        value = _ordinal(match)
        if value:
            found.append(Quantity(float(value), "day", match.start(), match.end(),
                                  match.group(0)))
    for match in MONEY_RE.finditer(text):
        value = float(match.group("num").replace(",", ""))
        scale = (match.group("scale") or "").lower()
        value *= {"million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9}.get(scale, 1)
        found.append(Quantity(value, "usd", match.start(), match.end(), match.group(0)))
    return sorted(found, key=lambda q: q.start)


def _ordinal(match: re.Match[str]) -> int | None:
    """ "180th" -> 180; "one hundred and eightieth" -> 180; "thirty-first" -> 31."""
    if match.group("digits"):
        return int(match.group("digits"))
    words = match.group("words").lower().replace("-", " ").split()
    value = _ORDINALS[words[-1]]
    rest = [w for w in words[:-1] if w != "and"]
    if rest and rest[-1] in _TENS:
        value += _TENS[rest.pop()]
    if rest[-1:] == ["hundred"]:
        value += 100 * (_UNITS.get(rest[0], 1) if len(rest) == 2 else 1)
    return value


def _amount(match: re.Match[str]) -> float | None:
    if match.group("paren"):
        return float(match.group("paren").replace(",", ""))
    if match.group("digit"):
        return float(match.group("digit").replace(",", ""))
    if match.group("word"):
        value = word_value(match.group("word"))
        return None if value is None else float(value)
    if match.group("article"):
        return 1.0
    return None


def _unit(raw: str) -> str:
    raw = raw.lower()
    if "cent" in raw or raw == "%":
        return "percent"
    for unit in ("day", "month", "year"):
        if unit in raw:
            return unit
    return raw
