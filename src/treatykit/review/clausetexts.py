"""The library's own clause texts, rendered with their defaults and analysed like a draft.

Review uses them twice: a suggestion is kept only if its clause text, reviewed alone,
satisfies the requirement; and a draft article is matched to the clause variant it
resembles most (see `conflicts.py`). Analyses are cached per library content.
"""

from __future__ import annotations

import re

from treatykit.errors import TreatykitError
from treatykit.models import Clause, Library
from treatykit.review.engine import Analysis, analyse
from treatykit.review.recognisers import Compiled

_CACHE: dict[tuple[str, str], Analysis] = {}
_JINJA_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)


def clause_preview(clause: Clause) -> str:
    """The clause text with its default values and placeholder party names."""
    from treatykit.drafting.checks import render_clause_preview

    try:
        return render_clause_preview(clause)
    except TreatykitError:
        return _JINJA_RE.sub(" ", clause.text)  # a broken clause still has words to compare


def clause_analysis(clause: Clause, library: Library, compiled: Compiled) -> Analysis:
    """The clause, as a one-article draft headed by its title, analysed once per library."""
    key = (library.digest, clause.id)
    if key not in _CACHE:
        text = f"Article 1\n{clause.title}\n\n{clause_preview(clause)}"
        _CACHE[key] = analyse(text, compiled, source=clause.id)
    return _CACHE[key]
