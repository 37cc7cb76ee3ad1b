"""Country names and ISO 3166-1 codes: resolve --party, find parties in a treaty's title."""

from __future__ import annotations

import difflib
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from treatykit.errors import NotFoundError

COUNTRIES_FILE = Path(__file__).with_name("countries.tsv")


@lru_cache(maxsize=1)
def load_countries() -> dict[str, tuple[str, tuple[str, ...]]]:
    """alpha-3 -> (alpha-2, names), read from countries.tsv."""
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for line in COUNTRIES_FILE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            alpha3, alpha2, names = line.split("\t")
            table[alpha3] = (alpha2, tuple(names.split("|")))
    return table


def fold(text: str) -> str:
    """Lower case without accents, for matching names: "Côte d'Ivoire" -> "cote d'ivoire"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


def country_name(code: str) -> str:
    """The short English name of an alpha-3 code, or the code itself if unknown."""
    entry = load_countries().get(code.upper())
    return entry[1][0] if entry else code


def resolve_party(text: str) -> tuple[str, ...]:
    """ISO alpha-3 codes for an ISO code (alpha-3 or alpha-2) or a (part of a) country name.

    "KOR", "kr", "Korea" (both Koreas), "south korea". Unknown text is a NotFoundError
    with the closest names.
    """
    wanted = fold(text.strip())
    countries = load_countries()
    for alpha3, (alpha2, _) in countries.items():
        if wanted in (alpha3.casefold(), alpha2.casefold()):
            return (alpha3,)
    pattern = re.compile(r"(?<!\w)" + re.escape(wanted) + r"(?!\w)")
    found = tuple(a3 for a3, (_, names) in countries.items()
                  if any(pattern.search(fold(n)) for n in names))
    if wanted and found:
        return found
    names = [n for _, ns in countries.values() for n in ns]
    close = difflib.get_close_matches(text, names, n=3, cutoff=0.6)
    hint = ("did you mean " + ", ".join(close) + "?") if close else \
        "give an ISO 3166-1 code (e.g. JPN) or a country name"
    raise NotFoundError(f"unknown party '{text}'", hint=hint)


@lru_cache(maxsize=1)
def _title_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Unambiguous names of four letters or more, longest first."""
    owners: dict[str, set[str]] = {}
    for alpha3, (_, names) in load_countries().items():
        for name in names:
            if len(name) >= 4 and "," not in name:
                owners.setdefault(fold(name), set()).add(alpha3)
    unique = [(name, codes.pop()) for name, codes in owners.items() if len(codes) == 1]
    unique.sort(key=lambda item: -len(item[0]))
    return [(re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)"), code) for name, code in unique]


def parties_in_title(title: str) -> tuple[str, ...]:
    """Countries named in a title, in order of appearance ("Agreement between Japan and ...")."""
    text = fold(title)
    found: list[tuple[int, str]] = []
    for pattern, code in _title_patterns():
        for match in pattern.finditer(text):
            found.append((match.start(), code))
            text = text[:match.start()] + " " * len(match.group()) + text[match.end():]
    return tuple(dict.fromkeys(code for _, code in sorted(found)))
