"""Compile recognition data (the lexicon and each provision's `recognise:` block) into matchers.

The data format is documented in docs/review.md. Phrases match lower-cased lemmas, so one
phrase covers inflections and British/American spelling; token patterns are spaCy Matcher
patterns. Errors in the data name the provision's file and the field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from spacy.matcher import Matcher, PhraseMatcher

from treatykit.errors import LibraryError, Problem
from treatykit.models import Library, Provision
from treatykit.review.gaps import GappedMatcher
from treatykit.review.nlp import lemma_doc, make_nlp, normalise_pattern
from treatykit.review.unglue import GluedWords
from treatykit.yamlfile import read_yaml

LEXICON_PATH = Path(__file__).with_name("lexicon.yaml")
SCOPES = ("operative", "preamble", "anywhere")
VALUE_KINDS = ("percent", "days", "months", "years", "usd", "forum", "count")
RECOGNISE_FIELDS = {"scope", "headings", "not_headings", "cues", "exclude", "aspects", "values",
                    "exception", "chapter_scope", "notes", "restriction", "general_scope"}


@dataclass
class ValueSpec:
    """How to read one parameter's value from the text near the provision."""

    name: str
    kind: str
    near: tuple[str, ...] = ()
    special: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass
class Recogniser:
    """Compiled recognition data for one provision."""

    provision: str
    scope: str
    headings: tuple[str, ...]
    cue_ids: tuple[str, ...]
    weak_cues: frozenset[str]
    aspects: dict[str, str]  # aspect name -> "forum:<id>" or "cues"
    values: dict[str, ValueSpec]
    not_headings: tuple[str, ...] = ()  # articles with these headings never hold it
    exception: bool = False  # "nothing ... shall require/prevent" is its form, not a removal
    # an exception meant for the whole agreement (or chapter): one confined to a single
    # article on another subject ("Notwithstanding this Article, ...") is weak
    general_scope: bool = False
    # In an agreement with an investment chapter: "reach" = only where the clause reaches that
    # chapter (cross-cutting exceptions); "investment" = only inside it (treatment standards).
    chapter_scope: str = ""
    anywhere_aspects: frozenset[str] = frozenset()  # aspects that count without a main cue
    exception_cues: frozenset[str] = frozenset()  # cues whose negated form is the provision
    # cues naming restrictions whose prohibition is the provision's obligation: "a Party shall
    # not apply restrictions on current payments" guarantees transfers
    restriction_cues: frozenset[str] = frozenset()
    weak_aspect_cues: frozenset[tuple[str, str]] = frozenset()  # (aspect, cue id)
    # main cues with a chapter scope of their own: a non-derogation clause among the initial
    # provisions counts where it names investment ("reach"), the others only in the chapter
    cue_chapter_scopes: dict[str, str] = field(default_factory=dict)
    # exclusions that rule out their whole paragraph, as (kind, cue id): "A Party may terminate
    # provisional application by notice. Such termination shall take effect ..."
    paragraph_excludes: frozenset[tuple[str, str]] = frozenset()


@dataclass
class Compiled:
    """All matchers for a library plus the lexicon."""

    matcher: GappedMatcher
    phrases: PhraseMatcher
    recognisers: dict[str, Recogniser]
    lexicon: Lexicon


@dataclass
class Lexicon:
    matcher: Matcher
    phrases: PhraseMatcher
    strengths: dict[str, int]
    prohibition_verbs: frozenset[str]
    glued_words: GluedWords
    # "singular" / "plural" -> the nouns for the States party to the agreement
    state_nouns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # words after a forum's name that make it the rules of another procedure
    not_forum_after: frozenset[str] = frozenset()

    @cached_property
    def no_party(self) -> re.Pattern[str]:
        """ "No Party shall", "Neither Country may": a prohibition on both States."""
        nouns = "|".join(self.state_nouns.get("singular", ("party",)))
        return re.compile(rf"^\W*(?:no|neither)\s+{STATE_QUALIFIER}(?:{nouns})\s+(?:shall|may)\b",
                          re.I)


#: What may stand before a State noun: "Contracting Party", "High Contracting Party",
#: "Member State".
STATE_QUALIFIER = r"(?:(?:high\s+)?contracting\s+|member\s+)?"


@lru_cache(maxsize=1)
def _lexicon_data() -> Any:
    return read_yaml(LEXICON_PATH)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The reviewer's lexicon (modals, dilutions, negations, forums) as matchers."""
    data = _lexicon_data()
    nlp = make_nlp()
    phrases = PhraseMatcher(nlp.vocab, attr="LEMMA")
    matcher = Matcher(nlp.vocab, validate=True)
    strengths: dict[str, int] = {}
    for strength, items in data["modals"].items():
        for item in items:
            key = f"modal:{item}"
            strengths[key] = int(strength)
            phrases.add(key, [lemma_doc(item)])
    for group in ("dilutions", "negations"):
        for item in data[group]:
            phrases.add(f"{group[:-1]}:{item}", [lemma_doc(item)])
    for forum, items in data["forums"].items():
        for index, item in enumerate(items):
            if isinstance(item, list):
                matcher.add(f"forum:{forum}:{index}", [normalise_pattern(item)])
            else:
                phrases.add(f"forum:{forum}:{index}", [lemma_doc(item)])
    glued = GluedWords(**{k: frozenset(v) for k, v in data["glued_words"].items()})
    return Lexicon(matcher, phrases, strengths, frozenset(data["prohibition_verbs"]), glued,
                   state_nouns=state_nouns(),
                   not_forum_after=frozenset(data.get("not_forum_after") or ()))


@lru_cache(maxsize=1)
def state_nouns() -> dict[str, tuple[str, ...]]:
    """The lexicon's nouns for the States ("singular", "plural", "any")."""
    data = _lexicon_data().get("state_nouns") or {}
    nouns = {k: tuple(str(w).lower() for w in data.get(k) or ()) for k in ("singular", "plural")}
    return {**nouns, "any": nouns["singular"] + nouns["plural"]}


def expand_state_nouns(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A token {STATE_NOUN: singular|plural|any} as {LOWER: {IN: [the lexicon's nouns]}}."""
    nouns = state_nouns()
    expanded = []
    for token in pattern:
        if isinstance(token, dict) and "STATE_NOUN" in token:
            token = dict(token)
            number = str(token.pop("STATE_NOUN")).lower()
            if number not in nouns:
                raise ValueError(f"STATE_NOUN is singular, plural or any, not {number!r}")
            token["LOWER"] = {"IN": list(nouns[number])}
        expanded.append(token)
    return expanded


def compile_library(library: Library) -> Compiled:
    """Matchers for every provision with recognition data; LibraryError on bad data."""
    nlp = make_nlp()
    compiled = Compiled(GappedMatcher(nlp.vocab), PhraseMatcher(nlp.vocab, attr="LEMMA"),
                        {}, load_lexicon())
    problems: list[Problem] = []
    for provision in library.provisions.values():
        if provision.recognise:
            recogniser = _compile_provision(provision, compiled, problems)
            if recogniser:
                compiled.recognisers[provision.id] = recogniser
    if problems:
        raise LibraryError(problems)
    return compiled


def _compile_provision(provision: Provision, compiled: Compiled,
                       problems: list[Problem]) -> Recogniser | None:
    data = provision.recognise
    source = provision.recognise_source[-1] if provision.recognise_source else provision.source
    provision = replace(provision, source=source)
    unknown = set(data) - RECOGNISE_FIELDS
    for key in sorted(unknown):
        problems.append(Problem(provision.source, f"unknown field '{key}'", clause=provision.id,
                                field=f"provision.recognise.{key}",
                                fix="see docs/review.md for the recognise format"))
    scope = data.get("scope", "operative")
    if scope not in SCOPES:
        problems.append(Problem(provision.source, f"unknown scope '{scope}'", clause=provision.id,
                                field="provision.recognise.scope", fix=f"use {', '.join(SCOPES)}"))
    exception_cues: set[str] = set()
    cue_scopes: dict[str, str] = {}
    paragraph_wide: set[tuple[str, str]] = set()
    restrictions: set[str] = set()  # cues naming the harm the provision forbids
    cue_ids, weak = _add_cues(provision, data.get("cues") or [], "cue", compiled, problems,
                              exception_cues, cue_scopes, restrictions)
    if data.get("restriction"):  # every cue names the harm: its prohibition is the provision
        restrictions.update(cue_ids)
    if not cue_ids:
        problems.append(Problem(provision.source, "no cues", clause=provision.id,
                                field="provision.recognise.cues",
                                fix="add at least one cue with a phrase or pattern"))
    _add_excludes(provision, data.get("exclude"), "exclude", compiled, problems, paragraph_wide)
    aspects, anywhere, weak_aspect = {}, set(), set()
    for name, spec in (data.get("aspects") or {}).items():
        if isinstance(spec, dict) and "forum" in spec:
            aspects[str(name)] = f"forum:{spec['forum']}"
            continue
        cues = spec.get("cues") if isinstance(spec, dict) else None
        aspect_ids, weak_ids = _add_cues(provision, cues or [], f"aspect:{name}", compiled,
                                         problems, exception_cues, restrictions=restrictions)
        if data.get("restriction"):
            restrictions.update(aspect_ids)
        weak_aspect |= {(str(name), cue) for cue in weak_ids}
        excluded = spec.get("exclude") if isinstance(spec, dict) else None
        _add_excludes(provision, excluded, f"aspect-exclude:{name}", compiled, problems,
                      paragraph_wide)
        aspects[str(name)] = "cues"
        if isinstance(spec, dict) and spec.get("anywhere"):
            anywhere.add(str(name))
    values = {}
    for name, spec in (data.get("values") or {}).items():
        value = _value_spec(provision, str(name), spec, problems)
        if value:
            values[value.name] = value
    return Recogniser(provision.id, scope, _lemmas(data.get("headings")), tuple(cue_ids),
                      frozenset(weak), aspects, values,
                      not_headings=_lemmas(data.get("not_headings")),
                      exception=bool(data.get("exception", False)),
                      general_scope=bool(data.get("general_scope", False)),
                      chapter_scope=_chapter_scope(provision, data.get("chapter_scope"), problems),
                      anywhere_aspects=frozenset(anywhere),
                      exception_cues=frozenset(exception_cues),
                      restriction_cues=frozenset(restrictions),
                      weak_aspect_cues=frozenset(weak_aspect),
                      cue_chapter_scopes=cue_scopes,
                      paragraph_excludes=frozenset(paragraph_wide))


def _add_excludes(provision: Provision, excludes: list[Any] | None, kind: str,
                  compiled: Compiled, problems: list[Problem],
                  paragraph_wide: set[tuple[str, str]]) -> None:
    """Exclusion cues; those with `paragraph: true` rule out every sentence of their paragraph."""
    cues = [{"id": f"x{i}", **c} if isinstance(c, dict) else {"id": f"x{i}", "phrase": c}
            for i, c in enumerate(excludes or [])]
    ids, _ = _add_cues(provision, cues, kind, compiled, problems)
    paragraph_wide |= {(kind, str(c["id"])) for c in cues
                       if c.get("paragraph") and str(c["id"]) in ids}


def _chapter_scope(provision: Provision, value: Any, problems: list[Problem], *,
                   field_name: str = "provision.recognise.chapter_scope") -> str:
    if value in (None, False, ""):
        return ""
    if value is True or value == "reach":
        return "reach"
    if value == "investment":
        return "investment"
    problems.append(Problem(provision.source, f"unknown chapter_scope '{value}'",
                            clause=provision.id, field=field_name,
                            fix="use reach (or true) or investment"))
    return ""


def _lemmas(phrases: list[str] | None) -> tuple[str, ...]:
    """Heading phrases as lemmas; "{state}" and "{states}" stand for each State noun."""
    expanded = [e for p in phrases or [] for e in _with_state_nouns(str(p))]
    return tuple(dict.fromkeys(" ".join(t.lemma_ for t in lemma_doc(p)) for p in expanded))


def _with_state_nouns(phrase: str) -> list[str]:
    """ "between the {states}" -> "between the parties", "between the countries", ..."""
    if "{state" not in phrase:
        return [phrase]
    nouns = state_nouns()
    return [phrase.replace("{states}", plural).replace("{state}", singular)
            for singular, plural in zip(nouns["singular"], nouns["plural"], strict=True)]


def _add_cues(provision: Provision, cues: list[Any], kind: str, compiled: Compiled,
              problems: list[Problem], exception_cues: set[str] | None = None,
              scopes: dict[str, str] | None = None,
              restrictions: set[str] | None = None) -> tuple[list[str], list[str]]:
    ids, weak = [], []
    for index, cue in enumerate(cues):
        field_name = f"provision.recognise.{kind.split(':')[0]}s[{index}]"
        if isinstance(cue, str):
            cue = {"phrase": cue}
        if not isinstance(cue, dict):
            problems.append(Problem(provision.source, "a cue is a phrase or a mapping",
                                    clause=provision.id, field=field_name))
            continue
        cue_id = str(cue.get("id", f"{kind.split(':')[-1]}{index}"))
        key = f"{provision.id}|{kind}|{cue_id}"
        phrases = cue.get("phrases") or ([cue["phrase"]] if "phrase" in cue else [])
        patterns = cue.get("patterns") or ([cue["pattern"]] if "pattern" in cue else [])
        if not phrases and not patterns:
            problems.append(Problem(provision.source, "cue has neither phrase nor pattern",
                                    clause=provision.id, field=field_name,
                                    fix="add 'phrase: ...' or 'pattern: [...]'"))
            continue
        if phrases:
            compiled.phrases.add(key, [lemma_doc(str(p)) for p in phrases])
        try:
            for pattern in patterns:
                compiled.matcher.add(key, normalise_pattern(expand_state_nouns(pattern)))
        except (ValueError, TypeError) as exc:  # spaCy's MatchPatternError is a ValueError
            message = " ".join(str(exc).split())[:200]
            problems.append(Problem(provision.source, f"invalid token pattern: {message}",
                                    clause=provision.id, field=field_name,
                                    fix="see spaCy's Matcher pattern format"))
            continue
        ids.append(cue_id)
        if cue.get("strong", True) is False:
            weak.append(cue_id)
        if cue.get("exception") and exception_cues is not None:
            exception_cues.add(cue_id)
        if cue.get("restriction") and restrictions is not None:
            restrictions.add(cue_id)
        if "chapter_scope" in cue and scopes is not None:
            scopes[cue_id] = _chapter_scope(provision, cue["chapter_scope"], problems,
                                            field_name=f"{field_name}.chapter_scope")
    return ids, weak


def _value_spec(provision: Provision, name: str, spec: Any,
                problems: list[Problem]) -> ValueSpec | None:
    if not isinstance(spec, dict) or spec.get("kind") not in VALUE_KINDS:
        problems.append(Problem(provision.source, f"value '{name}' needs a kind",
                                clause=provision.id, field=f"provision.recognise.values.{name}",
                                fix=f"kind is one of {', '.join(VALUE_KINDS)}"))
        return None
    near = tuple(" ".join(t.lemma_ for t in lemma_doc(w)) for w in spec.get("near") or [])
    special = {str(k): tuple(str(p).lower() for p in v)
               for k, v in (spec.get("special") or {}).items()}
    return ValueSpec(name, spec["kind"], near, special)
