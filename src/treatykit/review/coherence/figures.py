"""Numbers written in words and digits that disagree ("thirty (20) per cent")."""

from __future__ import annotations

import re

from treatykit.review.coherence.model import CoherenceFinding, Index, finding_at
from treatykit.review.numbers import word_value

_WORDS = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-](?:one|two|"
          r"three|four|five|six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|"
          r"eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
          r"nineteen|one hundred|a hundred)")
WORDS_DIGITS = re.compile(rf"\b(?P<word>{_WORDS})\s*\(\s*(?P<digits>\d{{1,3}}(?:,\d{{3}})*"
                          r"(?:\.\d+)?)\s*(?:%|per\s*cent)?\s*\)", re.I)
#: "one hundred and twenty (120)", "two thousand five (2005)": the words began earlier.
_LONGER = re.compile(r"(?:hundred|thousand|million|billion)(?:\s+and)?\s*$|[-\w]-\s*$", re.I)


def check_figures(index: Index) -> list[CoherenceFinding]:
    """Every "words (digits)" pair whose two numbers differ."""
    text = index.document.text
    found = []
    for match in WORDS_DIGITS.finditer(text):
        if _LONGER.search(text[max(0, match.start() - 16):match.start()]):
            continue
        in_words = word_value(match.group("word"))
        in_digits = float(match.group("digits").replace(",", ""))
        if in_words is None or in_words == in_digits:
            continue
        digits = match.group("digits")
        found.append(finding_at(
            index.document, "number", match.start(), match.end(),
            message=f"'{match.group('word')}' is {in_words} but the figure says {digits}",
            fix="make the words and the figure say the same number"))
    return found
