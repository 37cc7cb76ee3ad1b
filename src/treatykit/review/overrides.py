"""Overrides: clauses anywhere that lift a provision's duty, allow departing from it, or set
themselves against its article ("Notwithstanding Article 33, Pakistan may ...", "This
paragraph prevails over Article 34", "nothing in this Agreement shall require ...").

review/effect.py weighs what these return with the provision's other modifiers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from treatykit.review.engine import Analysis, Sentence
from treatykit.review.modifiers import (
    Candidate,
    Modifier,
    about_other,
    modifier,
    search,
    vocabulary,
)
from treatykit.review.recognisers import Recogniser


def overrides(analysis: Analysis, recogniser: Recogniser, statements: Sequence[Candidate], *,
              polarity: str = "binding") -> list[Modifier]:
    """Sentences anywhere that lift the provision's duty or allow departing from it: they name
    its article ("Notwithstanding Article 7"), or stand in it and name its paragraphs, or lift
    the very words that state it ("nothing in this Agreement shall require ... to transfer
    technology")."""
    if recogniser.exception or not statements:
        return []
    units = {id(c.hit.sentence.unit) for c in statements}
    numbers = {c.hit.sentence.unit.number for c in statements if c.hit.sentence.unit.number}
    cue_sentences = _cue_positions(analysis, recogniser)
    words = _duty_words(analysis, statements)
    found = []
    for sentence, lifted in _lifting_sentences(analysis):
        cues = cue_sentences.get(id(sentence), [])
        if cues and id(sentence.unit) not in units and not _agreement_wide(lifted) and \
                about_other(analysis, recogniser, sentence.unit):
            cues = []  # "shall not be required to transfer technology, production processes"
        if _aims_at(sentence, lifted, units=units, numbers=numbers, cues=cues) or (
                polarity != "permission" and _lifts_the_words(
                    sentence, lifted, units=units, words=words, cues=_cue_words(statements))):
            found.append(modifier(analysis, "override", "violates", sentence, lifted.group(0)))
        elif id(sentence.unit) not in units and \
                _named_units(analysis, sentence, lifted.group(0)) & units:
            # "Nothing in Article 7 shall require ...": aimed at the article, but often a
            # carve-out with a scope of its own (a customs union, taxation): weak, not violates
            found.append(modifier(analysis, "override", "weak", sentence, lifted.group(0)))
    return found + _aimed_overrides(analysis, statements, units=units, numbers=numbers,
                                    words=words, seen={m.text for m in found})


def _aimed_overrides(analysis: Analysis, statements: Sequence[Candidate], *, units: set[int],
                     numbers: set[str], words: set[str], seen: set[str]) -> list[Modifier]:
    """Clauses elsewhere that name the provision's article (by number or heading) and go
    against it: "Notwithstanding Article 33, Pakistan may assign armed forces to the routine
    protection of sites", "This paragraph prevails over Article 34". A "notwithstanding"
    clause must also speak of the duty's own subject (a carve-out "for statistical purposes"
    set against the national treatment article leaves it standing) and not be confined to a
    schedule of reservations."""
    headings = {c.hit.sentence.unit.heading.lower() for c in statements
                if c.hit.sentence.unit.heading}
    found = []
    for sentence, aimed in _aimed_sentences(analysis):
        if id(sentence.unit) in units or sentence.text in seen:
            continue
        target = _target(aimed.group(1))
        if not (_named_units(analysis, sentence, target) & units
                or any(h in target.lower() for h in headings)):
            continue
        if _notwithstanding(aimed) or _disapplies(aimed):
            rest = sentence.text[aimed.end():] if _disapplies(aimed) else \
                sentence.text[aimed.start(1) + len(target):]
            chosen = _disapplies(aimed) and search(vocabulary().discretionary_scope, rest)
            if not chosen and (
                    (_notwithstanding(aimed) and not search(vocabulary().contrary, rest))
                    or search(vocabulary().scheduled, rest)
                    or len(_content_words(rest) & words) < 2):
                continue
        aiming = aimed.group(0)[:aimed.start(1) - aimed.start()]
        said = aimed.group(0) if _disapplies(aimed) else f"{aiming}{target}".strip()
        found.append(modifier(analysis, "override", "weak", sentence, said))
    return found


def _named_units(analysis: Analysis, sentence: Sentence, target: str) -> set[int]:
    """The articles a clause names, resolved through the document's structure: where
    article numbers start again in each chapter, "Article 6" (or "Article 6 of this
    Chapter") is the one in the clause's own chapter."""
    numbers = names(target)
    named = [u for u in analysis.document.units if u.kind == "article" and u.number in numbers]
    local = [u for u in named if u.chapter == sentence.unit.chapter]
    if re.search(r"\bof this (?:chapter|part|section|title)\b", target, re.I) or \
            len(named) > len({u.number for u in named}):
        named = local
    return {id(u) for u in named}


def _disapplies(aimed: re.Match[str]) -> bool:
    """ "Article 34 shall not apply to ...": it must speak of the duty's subject too (a
    taxation carve-out from national treatment leaves national treatment standing)."""
    return aimed.group(0).lower().endswith("not apply")


def _notwithstanding(aimed: re.Match[str]) -> bool:
    return aimed.group(0).lower().startswith("notwithstanding")


def _target(text: str) -> str:
    """What an aiming phrase names: "Articles 5 (National Treatment) and 6" out of
    "Articles 5 (National Treatment) and 6, a Party may ...", up to the clause it governs."""
    found = re.match(r"\s*(?:the (?:provisions? of |obligations? (?:in|under) )?)?"
                     r"[^,;:]*?(?:,\s*(?=(?:\d|and\b|or\b|articles?\b|paragraphs?\b))[^,;:]*?)*"
                     r"(?=,|;|:|$)", text, re.I)
    return found.group(0) if found else text


def _aimed_sentences(analysis: Analysis) -> list[tuple[Sentence, re.Match[str]]]:
    """The operative sentences that set themselves against named provisions ("Notwithstanding
    Article 33", "prevails over Article 34"), read once."""
    memo = analysis.memo
    if "aimed" not in memo:
        aims = vocabulary().aims
        found = [(s, search(aims, s.text)) for s in analysis.sentences if s.unit.operative]
        memo["aimed"] = [(s, m) for s, m in found if m is not None]
    return memo["aimed"]  # type: ignore[no-any-return]


def _duty_words(analysis: Analysis, statements: Sequence[Candidate]) -> set[str]:
    """The distinctive words of the article(s) that state the provision: what a clause set
    against it must speak of."""
    units = {id(c.hit.sentence.unit): c.hit.sentence.unit for c in statements}
    return {w for unit in units.values() for s in analysis.unit_sentences(unit)
            for w in _content_words(s.text)}


def _content_words(text: str) -> set[str]:
    common = vocabulary().common_words
    return {w for w in re.findall(r"[a-z][a-z-]{3,}", text.lower()) if w not in common}


def _cue_words(statements: Sequence[Candidate]) -> set[str]:
    """The distinctive words of the provision's cues as found ("local holders", "share")."""
    return {w for c in statements for w in _content_words(c.hit.text)}


def _lifts_the_words(sentence: Sentence, lifted: re.Match[str], *, units: set[int],
                     words: set[str], cues: set[str]) -> bool:
    """ "Nothing in this Agreement shall require an enterprise to issue ... any part of its
    share capital or voting rights for local holders": a removal of the whole agreement
    whose object is the duty's own words lifts that duty, wherever it stands."""
    if id(sentence.unit) in units or not _agreement_wide(lifted):
        return False
    rest = sentence.text[lifted.end():]
    if search(vocabulary().narrowing, rest):
        return False
    shared = _content_words(rest)
    return len(shared & words) >= 3 and len(shared & cues) >= 2


def _agreement_wide(lifted: re.Match[str]) -> bool:
    return bool(re.search(r"\b(?:agreement|treaty|chapter|part)\b", lifted.group(0), re.I))


def _lifting_sentences(analysis: Analysis) -> list[tuple[Sentence, re.Match[str]]]:
    """The operative sentences that lift a duty or allow departing from one (read once)."""
    memo = analysis.memo
    if "lifting" not in memo:
        found = [(s, _lifting(s.text)) for s in analysis.sentences if s.unit.operative]
        memo["lifting"] = [(s, m) for s, m in found if m is not None]
    return memo["lifting"]  # type: ignore[no-any-return]


def _lifting(text: str) -> re.Match[str] | None:
    vocab = vocabulary()
    return search(vocab.removals, text) or search(vocab.derogations, text)


def _aims_at(sentence: Sentence, lifted: re.Match[str], *, units: set[int], numbers: set[str],
             cues: list[int]) -> bool:
    # the words of "nothing in Article 6 (Most-Favoured-Nation Treatment) shall require" name
    # an article, they lift nothing; a permission's own words ("may agree fiscal terms that
    # depart from") do
    after = lifted.end() if lifted.group(0).lower().startswith("nothing in") else lifted.start()
    if any(position >= after for position in cues) and \
            not search(vocabulary().narrowing, sentence.text[lifted.end():]):
        return True
    aimed = vocabulary().notwithstanding.search(sentence.text)
    if aimed is None:
        return False
    target = aimed.group(1)
    if names(target) & numbers:
        return True
    return id(sentence.unit) in units and bool(
        re.search(r"\b(?:paragraphs?|this article|the foregoing|anything in this)\b", target,
                  re.I))


def _cue_positions(analysis: Analysis, recogniser: Recogniser) -> dict[int, list[int]]:
    """Sentence id -> character offsets of the provision's main cues in it."""
    positions: dict[int, list[int]] = {}
    for hit in analysis.hits_for(recogniser.provision):
        if hit.cue in recogniser.exception_cues or hit.cue in recogniser.weak_cues:
            continue
        positions.setdefault(id(hit.sentence), []).append(hit.offset())
    return positions


def names(target: str) -> set[str]:
    """The article numbers a "notwithstanding" clause names: "Article 7", "Articles 7 and 9"."""
    named = set(re.findall(r"\barticles?\s+(\w+)", target, re.I))
    if named:
        named |= set(re.findall(r"\b(?:and|or|,)\s+(\d+\w*)\b", target))
    return named
