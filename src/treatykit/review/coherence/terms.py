"""Defined terms: never used, used but never defined, or called by several names."""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from treatykit.review.coherence.model import CoherenceFinding, Index, finding_at
from treatykit.review.coherence.words import load_words, stem

_QUOTED = r"[\"“](?P<term>[A-Za-z][^\"“”\n]{1,58}?)[\"”]"
#: '"investment" means', '"territory" includes', '"measure" has the meaning'.
MEANS_DEF = re.compile(_QUOTED + r"\s*,?\s*(?:shall\s+)?(?:means?|includes?|refers?\s+to|"
                       r"ha(?:s|ve)\s+the\s+meaning|(?:is|are)\s+defined|shall\s+include)\b")
#: '(each a "Party")', '(the "Agreement")', '(hereinafter referred to as "the Company")'.
PAREN = re.compile(r"\([^()\n]{0,150}?[\"“][^()\n]{0,150}?\)")
QUOTED = re.compile(_QUOTED)
_DETERMINERS = {"a", "an", "the"}
_ANY_DETERMINER = (r"(?:a|an|the|that|this|either|each|the\s+other|one|any|another|both|such|"
                   r"its|their|neither)")


#: Longer quoted phrases are quotations, not terms.
MAX_TERM_WORDS = 6


@dataclass(frozen=True)
class Definition:
    term: str
    start: int  # of the quoted term
    end: int


def definitions(text: str) -> list[Definition]:
    """The terms the text defines, where it defines them (first definition of each)."""
    found: dict[str, Definition] = {}
    spans = [(m.group("term"), m.start("term"), m.end("term")) for m in MEANS_DEF.finditer(text)]
    for paren in PAREN.finditer(text):
        spans += [(m.group("term"), paren.start() + m.start("term"), paren.start() + m.end("term"))
                  for m in QUOTED.finditer(paren.group(0))]
    for term, start, end in sorted(spans, key=lambda s: s[1]):
        term = " ".join(term.split()).strip(" ,.")
        if len(term) > 1 and len(term.split()) <= MAX_TERM_WORDS and term.lower() not in found:
            found[term.lower()] = Definition(term, start, end)
    return list(found.values())


def term_pattern(term: str, *, strict: bool = False) -> re.Pattern[str]:
    """Any form of the term: singular or plural, another determiner, hyphen or space between
    words. `strict`: the words as written, only the last one may take a plural."""
    words = term.split()
    parts = []
    for position, word in enumerate(words):
        if word.lower() in _DETERMINERS and not strict:
            parts.append(_ANY_DETERMINER)
        elif strict and position < len(words) - 1:
            parts.append(re.escape(word))
        else:
            parts.append(_any_number(word))
    return re.compile(r"(?<![\w-])" + r"[\s-]+".join(parts) + r"(?![\w-])", re.I)


def _any_number(word: str) -> str:
    """"Party" and "Parties", "holder" and "holders", "measure" and "measures"."""
    if word.lower().endswith("ies") and len(word) > 4:
        return re.escape(word[:-3]) + r"(?:y|ies)"
    if word.lower().endswith("y") and len(word) > 3:
        return re.escape(word[:-1]) + r"(?:y|ies)"
    if word.lower().endswith("s") and not word.lower().endswith("ss") and len(word) > 3:
        word = word[:-1]
    return re.escape(word) + r"(?:s|es|'s)?"


#: Definitions whose uses are checked: a treaty has a few hundred at most, and each is searched
#: through the whole text, so 30,000 lines of '"TermN" means ...' once took over an hour.
MAX_CHECKED_DEFINITIONS = 1_000


def check_terms(index: Index) -> list[CoherenceFinding]:
    """Unused definitions, undefined terms of art, and variant spellings of a defined term."""
    text = index.document.text
    defined = definitions(text)
    quoted = sorted((d.start, d.end) for d in defined)
    found = []
    for definition in defined[:MAX_CHECKED_DEFINITIONS]:
        uses = [m for m in term_pattern(definition.term).finditer(text)
                if not _inside_quotes(m, quoted) and not _longer_compound(text, m)]
        if not uses and not _abbreviation(definition.term):
            found.append(finding_at(index.document, "term-unused", definition.start,
                                    definition.end, message=f"defines '{definition.term}' and "
                                    "never uses it", fix="remove the definition, or use the "
                                    "term where the text means it"))
        found += _spelling_variants(index, definition, uses)
    if defined:
        found += list(_undefined(index, defined))
        found += list(_renamed_where_cited(index, defined))
    found += list(_container_variants(index))
    return found


def _abbreviation(term: str) -> bool:
    """"ICSID", "CEFTA 2006": an abbreviation given once in passing does no harm unused."""
    return term.isupper() and all(w.isupper() or w.isdigit() for w in term.split())


def _longer_compound(text: str, match: re.Match[str]) -> bool:
    """"international investment agreement" is not a use of "investment agreement": a
    several-word term right after a modifier names something else."""
    if " " not in match.group(0).strip():
        return False
    before = re.search(r"([A-Za-z-]+)\s+$", text[max(0, match.start() - 30):match.start()])
    if before is None:
        return False
    return before.group(1).islower() and before.group(1) not in load_words().stop


def _inside_quotes(match: re.Match[str], quoted: list[tuple[int, int]]) -> bool:
    """Whether the match lies inside one of the (sorted, disjoint) quoted definitions."""
    at = bisect.bisect_right(quoted, (match.start(), float("inf"))) - 1
    return at >= 0 and quoted[at][0] <= match.start() and match.end() <= quoted[at][1]


def _spelling_variants(index: Index, definition: Definition,
                       uses: list[re.Match[str]]) -> list[CoherenceFinding]:
    """"host-government agreement" where "host government agreement" is defined."""
    own = _joints(definition.term)
    odd = [m for m in uses if len(_joints(m.group(0))) == len(own) and _joints(m.group(0)) != own
           and not _joints_only_differ_by_determiner(m.group(0), definition.term)]
    if not odd:
        return []
    first = odd[0]
    return [finding_at(index.document, "term-variant", first.start(), first.end(),
                       message=f"writes '{first.group(0)}' for the defined term "
                               f"'{definition.term}'" + (f" ({len(odd)} times)"
                                                         if len(odd) > 1 else ""),
                       fix=f"write '{definition.term}' as defined")]


def _joints_only_differ_by_determiner(use: str, term: str) -> bool:
    return any(w.lower() in _DETERMINERS for w in term.split()) and "-" not in use + term


def _joints(phrase: str) -> tuple[str, ...]:
    return tuple("-" if "-" in gap else " " for gap in re.findall(r"[\s-]+", phrase.strip()))


def _undefined(index: Index, defined: list[Definition]) -> Iterator[CoherenceFinding]:
    """Terms that call for a definition (coherence.yaml) used in a text that defines others
    but not these. A defined term that contains one ("State enterprise of a Party") counts."""
    text = index.document.text
    names = [d.term.lower() for d in defined]
    for term in load_words().needing_definition:
        if any(term.lower() in name for name in names) or _defined_unquoted(text, term):
            continue
        use = next((m for m in term_pattern(term, strict=True).finditer(text)
                    if _in_body(index, m.start()) and not _longer_compound(text, m)), None)
        if use:
            yield finding_at(index.document, "term-undefined", use.start(), use.end(),
                             message=f"uses '{use.group(0)}' as a term of art without "
                                     "defining it",
                             fix=f"define '{term}' in the definitions article, or say it in "
                                 "plain words")


def _in_body(index: Index, offset: int) -> bool:
    """In an article's or annex's text, not in the title or a heading line."""
    unit = index.document.unit_at(offset)
    return unit is not None and unit.kind in ("article", "annex", "body", "preamble") \
        and index.document.text.find("\n", unit.start, offset) != -1


def _defined_unquoted(text: str, term: str) -> bool:
    """"freely usable currency means ...": a definition whose quotes were lost."""
    pattern = term_pattern(term).pattern + r"\s*,?\s*(?:means|has\s+the\s+meaning|shall\s+mean)"
    return re.search(pattern, text, re.I) is not None


_CONTAINER_AFTER = (r"(?P<head>(?:{heads})s?)\s+of\s+"
                    r"(?P<after>[A-Za-z][\w-]*(?:\s+[A-Za-z][\w-]*){{0,2}})")
_CONTAINER_BEFORE = (r"(?P<before>(?:[A-Za-z][\w-]*\s+){{0,2}}[A-Za-z][\w-]*)\s+"
                     r"(?P<head>(?:{heads})s?)\b")


def _container_variants(index: Index) -> Iterator[CoherenceFinding]:
    """"Schedule of Reservations", "Reservations Schedule", "Annex of Reservations": several
    names for one list. Names are grouped by their content words; a group with more than one
    name is reported at each name but the commonest."""
    groups: dict[frozenset[str], Counter[tuple[str, ...]]] = defaultdict(Counter)
    first: dict[tuple[str, ...], Name] = {}
    for name in _names_in(index):
        if _heading_line(index.document.text, name):
            continue  # "List of Pakistan" heading one annex, "Schedule of Pakistan" another
        groups[name.key][name.form] += 1
        first.setdefault(name.form, name)
    for forms in groups.values():
        if len(forms) < 2:
            continue
        commonest = first[forms.most_common(1)[0][0]].text
        for form in forms:
            name = first[form]
            if name.text == commonest:
                continue
            yield finding_at(index.document, "term-variant", name.start, name.end,
                             message=f"calls '{name.text}' what the text elsewhere calls "
                                     f"'{commonest}'",
                             fix=f"use one name throughout, e.g. '{commonest}', and define it "
                                 "where the list is established")


_CITED_AT = re.compile(r"\s+(?:referred\s+to|established|set\s+out|defined|provided\s+for|"
                       r"described)\s+(?:in|under|by)\s+Article\s+(?P<article>[\dIVXLC.]+\b)")


def _renamed_where_cited(index: Index, defined: list[Definition]) -> Iterator[CoherenceFinding]:
    """"the schedule of performance indicators referred to in Article 13" where Article 13
    defines that schedule as the "KPI schedule": the list cited under another name."""
    text = index.document.text
    for name in _names_in(index):
        cited = _CITED_AT.match(text, name.end)
        target = index.article(cited.group("article").rstrip("."), cited_at=name.start) \
            if cited else None
        if target is None:
            continue
        head = name.form[0]
        for definition in defined:
            term = definition.term.lower()
            if target.start <= definition.start < target.end and head in term.split() \
                    and term != name.text.lower():
                yield finding_at(index.document, "term-variant", name.start, name.end,
                                 message=f"calls '{name.text}' what {target.label} defines as "
                                         f"'{definition.term}'",
                                 fix=f"write '{definition.term}' as defined")
                break


@dataclass(frozen=True)
class Name:
    """A name of a list or instrument: its words, what it is about, and its form."""

    text: str
    key: frozenset[str]  # stems of its content words
    form: tuple[str, ...]  # head noun, word order, stems: "schedules of X" = "schedule of X"
    start: int
    end: int


def _heading_line(text: str, name: Name) -> bool:
    """Is the name the whole of its line (a heading), not a phrase of running text?"""
    start = text.rfind("\n", 0, name.start) + 1
    end = text.find("\n", name.end)
    line = text[start:end if end != -1 else len(text)]
    return line.lstrip("#*_ ").rstrip("*_ :.").lower() == name.text.lower() \
        or line.lstrip().startswith("#")


def _names_in(index: Index) -> list[Name]:
    """The text's names of lists and instruments, found once for the two checks that read
    them (each search is two regular expressions over the whole text)."""
    key = ("container_names", "")
    if key not in index.memo:
        index.memo[key] = list(_container_names(index.document.text))
    return index.memo[key]  # type: ignore[no-any-return]


def _container_names(text: str) -> Iterator[Name]:
    words = load_words()
    heads = "|".join(words.containers)
    after = re.compile(r"\b" + _CONTAINER_AFTER.format(heads=heads), re.I)
    before = re.compile(r"\b" + _CONTAINER_BEFORE.format(heads=heads), re.I)
    for match in after.finditer(text):
        tokens = list(re.finditer(r"\S+", match.group("after")))
        content = _content_words([t.group(0) for t in tokens], leading=True)
        if content:
            end = match.start("after") + tokens[len(content) - 1].end()
            yield _named(match.group("head"), content, True, match.start(), end)
    for match in before.finditer(text):
        content = _content_words(match.group("before").split(), leading=False)
        if content:
            start = match.end("before") - len(" ".join(content))
            yield _named(match.group("head"), content, False, start, match.end())


def _content_words(tokens: list[str], *, leading: bool) -> list[str]:
    """The run of content words next to the head noun: after it (`leading`) or before it."""
    words = load_words()
    ordered = tokens if leading else list(reversed(tokens))
    run: list[str] = []
    for token in ordered:
        if token.lower() in words.stop or not token.replace("-", "").isalpha() or len(token) < 3 \
                or (run and leading and token.lower().endswith("ed")):
            break
        run.append(token)
    run = run if leading else list(reversed(run))
    return run if any(w.lower() not in words.generic for w in run) else []


def _named(head: str, content: list[str], head_first: bool, start: int, end: int) -> Name:
    generic = load_words().generic
    phrase = " ".join(content)
    text = f"{head} of {phrase}" if head_first else f"{phrase} {head}"
    stems = tuple(stem(w) for w in content if w.lower() not in generic)
    key = frozenset(stems)
    form = (head.lower().rstrip("s"), "of" if head_first else "", *stems)
    return Name(text, key, form, start, end)
