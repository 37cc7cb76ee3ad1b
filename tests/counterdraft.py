"""A counter-draft made from our Pakistan draft by a dozen edits the other side might make.

Each edit is one realistic move of a negotiator; `EDITS` names the articles (in our
numbering) each one touches, so the compare tests know what must be found.
"""

from __future__ import annotations

import re

#: (our article number, what the other side did)
EDITS = {
    "5": "edited",      # a consent chapeau on Pakistan's processing condition
    "7": "edited",      # the local equity floor lowered and turned into a ceiling
    "12": "edited",     # US financing made subject to appropriations
    "24": "edited",     # an override of Articles 5 and 7 added to performance requirements
    "29": "edited",     # labour law applied only as a best endeavour
    "33": "deleted",    # the security and human rights article struck
    "36": "moved",      # the right to regulate moved after the Joint Committee
    "42": "edited",     # cooling-off cut from six months to three
    "48": "edited",     # survival after termination doubled
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
_ADDED = (f"### Article 99: {ADDED_HEADING}\n\n1. The fiscal terms that apply to a covered "
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
    sections["24"] = sections["24"].rstrip("\n") + f"\n\n5. {_OVERRIDE}\n\n"
    moved = sections.pop("36")
    del sections["33"]
    order = list(sections)
    order.insert(order.index("41") + 1, "36")
    sections["36"] = moved
    sections["99"] = _ADDED
    order.insert(order.index("47"), "99")
    return _renumbered(_head(text) + "".join(sections[n] for n in order) + _tail(text))


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
