"""A counter-draft made from our Pakistan draft by a dozen edits the other side might make.

Each edit is one realistic move of a negotiator; `EDITS` names the articles (in our
numbering) each one touches, so the compare tests know what must be found.
"""

from __future__ import annotations

import re

#: The articles the other side touched (by heading, so the draft may grow) and how.
EDITS = {
    "Domestic Processing and Refining": "edited",   # a consent chapeau on the condition
    "Local Equity Participation": "edited",         # the floor lowered, made a ceiling
    "Infrastructure Co-development": "edited",      # US financing subject to appropriations
    "Performance Requirements": "edited",           # an override of Articles 5 and 7 added
    "Investment and Labour": "edited",              # labour law as a best endeavour
    "Security and Human Rights": "deleted",         # struck
    "Right to Regulate": "moved",                   # moved after the Joint Committee
    "Investor-State Dispute Settlement": "edited",  # cooling-off cut from six months to three
    "Entry into Force, Duration and Termination": "edited",  # survival doubled
}
ADDED_HEADING = "Stability of Fiscal Terms"

_REPLACEMENTS = [
    ("2. Pakistan may make the grant, renewal or extension",
     "2. Subject to the prior consent of the covered investment concerned, Pakistan may make "
     "the grant, renewal or extension"),
    ("eligible local holders hold not less than thirty (30) per cent of its issued share",
     "eligible local holders hold up to twenty (20) per cent of its issued share"),
    ("the United States shall make available financing",
     "the United States shall, subject to the availability of appropriated funds, make "
     "available financing"),
    ("4. The labour laws of Pakistan shall apply in full to every covered investment",
     "4. Pakistan shall endeavour to apply its labour laws to every covered investment"),
    ("4. Where six (6) months have elapsed since the request for consultations",
     "4. Where three (3) months have elapsed since the request for consultations"),
]
_OVERRIDE = ("Notwithstanding Article 5 and Article 7, neither Party shall require a covered "
             "investment to process covered minerals in its territory or to transfer any of "
             "its shares to persons of that Party.")
_ADDED = (f"### Article 999: {ADDED_HEADING}\n\n1. The fiscal terms that apply to a covered "
          "investment on the date of its establishment shall not be changed to its detriment "
          "for the life of the project.\n\n")


def counter_draft(ours: str) -> str:
    """Their counter-draft of our Markdown draft, consistently renumbered."""
    text = ours
    for old, new in _REPLACEMENTS:
        assert old in text, old
        text = text.replace(old, new, 1)
    text = _survival(text)
    sections = _sections(text)
    number = {heading: n for n, heading in _headings(text).items()}
    performance = number["Performance Requirements"]
    last = max(int(n) for n in re.findall(r"^(\d+)\. ", sections[performance], re.M))
    sections[performance] = sections[performance].rstrip("\n") + \
        f"\n\n{last + 1}. {_OVERRIDE}\n\n"
    moved = sections.pop(number["Right to Regulate"])
    del sections[number["Security and Human Rights"]]
    order = list(sections)
    order.insert(order.index(number["Joint Committee"]) + 1, number["Right to Regulate"])
    sections[number["Right to Regulate"]] = moved
    sections["999"] = _ADDED
    order.insert(order.index(number["Annexes"]) if "Annexes" in number else len(order), "999")
    return _renumbered(_head(text) + "".join(sections[n] for n in order) + _tail(text))


def _headings(text: str) -> dict[str, str]:
    return {m.group(1): text[m.end():text.find("\n", m.end())].strip()
            for m in _HEADING.finditer(text)}


def _survival(text: str) -> str:
    found = re.search(r"continue to apply for a further ten \(10\) years", text)
    assert found, "survival clause"
    return text.replace(found.group(0), "continue to apply for a further twenty (20) years", 1)


_HEADING = re.compile(r"^### Article (\d+): ", re.M)


def _sections(text: str) -> dict[str, str]:
    starts = [(m.group(1), m.start()) for m in _HEADING.finditer(text)]
    ends = [s for _, s in starts[1:]] + [_tail_start(text)]
    return {n: text[s:e] for (n, s), e in zip(starts, ends, strict=True)}


def _head(text: str) -> str:
    return text[:_HEADING.search(text).start()]  # type: ignore[union-attr]


def _tail_start(text: str) -> int:
    """Where the signature page starts (after a page break), or the end of the text."""
    last = [m.start() for m in _HEADING.finditer(text)][-1]
    found = text.find("\n---", last)
    return len(text) if found == -1 else found + 1


def _tail(text: str) -> str:
    return text[_tail_start(text):]


def _renumbered(text: str) -> str:
    """Articles numbered 1, 2, ... in their new order, every cross-reference following."""
    numbers = {m.group(1): str(i) for i, m in enumerate(_HEADING.finditer(text), 1)}
    text = _HEADING.sub(lambda m: f"### Article \x00{m.group(1)}: ", text)
    text = re.sub(r"\bArticle (\d+)\b", lambda m: f"Article {numbers.get(m.group(1), m.group(1))}",
                  text)
    return re.sub(r"\x00(\d+)", lambda m: numbers[m.group(1)], text)
