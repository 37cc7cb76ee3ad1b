"""Who bears an obligation: the host State, the other State, both Parties, or the investor.

The bearer is the subject of the modal that governs a cue ("Each Party shall ...",
"Pakistan may ...", "An enterprise that holds a mining right shall ..."), read from the
comma-separated segment of the sentence nearest the modal, leftmost actor first. A State
that "shall ensure that" / "shall require" an investor to act passes the duty on: the
bearer is then the investor, guaranteed by that State. A passive sentence ("shall be
transferred by the investor") is read from its "by" phrase. Anything else is `unknown`,
and an unknown bearer never changes a verdict. docs/review.md explains the rules.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

HOST, PARTNER, BOTH = "host_state", "partner_state", "both"
INVESTOR, UNKNOWN = "investor", "unknown"
PLAIN_KINDS = {HOST: "the host State", PARTNER: "the other State", BOTH: "both Parties",
               INVESTOR: "the investor or its home State", UNKNOWN: "no one named"}

_BOTH = [r"(?:each|either|neither|no|any|a|the|both) (?:high )?contracting (?:part(?:y|ies)|"
         r"states?)", r"(?:each|either|neither|no|any|a|the|both) part(?:y|ies)",
         r"the signatories", r"each signatory"]
_HOST = [r"\[host state\]", r"the host (?:contracting )?(?:state|party|country|government)",
         r"host (?:state|party)", r"the (?:contracting )?party in (?:whose|the) territory",
         r"the government(?! of)", r"the state(?! of)", r"the grantor", r"the ministry"]
_PARTNER = [r"\[other party\]", r"the home (?:contracting )?(?:state|party)"]
_INVESTOR = [r"investors?", r"enterprises?", r"compan(?:y|ies)", r"(?:right |licence |license "
             r"|mining )?holders?", r"licensees?", r"licensors?", r"operators?", r"contractors?",
             r"covered investments?", r"concessionaires?", r"joint ventures?", r"the developer",
             r"the project company", r"the investment", r"shareholders?", r"sponsors?",
             r"offtakers?", r"purchasers?"]
# After the modal, words that make the subject the beneficiary, not the bearer:
# "investors shall be permitted to transfer", "such investment shall enjoy protection",
# also after an adverbial ("investments of nationals or companies shall at all times be
# accorded fair and equitable treatment")
_BENEFICIARY = re.compile(r"^\W*(?:\w+\s+){0,4}?(?:be\s+(?:permitted|allowed|entitled|granted|"
                          r"accorded|guaranteed|free|given|afforded|treated|protected|"
                          r"compensated|paid|subject|exempt)|enjoy|receive|benefit|have the right)"
                          r"\b", re.I)
# A segment before the modal that opens a subordinate clause names the person of a
# condition or a time ("Where an investor so requests, the single window shall"), not the
# bearer of the main clause.
_SUBORDINATE = re.compile(r"^\W*(?:\d+\.\s*)?(?:where|if|when|whenever|unless|provided that|"
                          r"subject to|to the extent|in so far as|insofar as|so long as|"
                          r"as long as|once|after|before|until|notwithstanding|except)\b", re.I)
_JOINED = re.compile(r"\s*(?:and|,)\s*(?:the\s+)?")
_DELEGATE = re.compile(r"\b(?:ensure|require|cause|oblige|obligate|procure|compel|direct)s?\b"
                       r"(?:\s+that)?\b", re.I)


@lru_cache(maxsize=1)
def _both_states() -> list[str]:
    """The lexicon's State nouns as both States: "each Country", "neither Signatory", "the
    Countries" (review/lexicon.yaml, state_nouns)."""
    from treatykit.review.recognisers import STATE_QUALIFIER, state_nouns

    nouns = state_nouns()
    return [rf"(?:each|either|neither|both) {STATE_QUALIFIER}(?:{'|'.join(nouns['singular'])})",
            rf"the {STATE_QUALIFIER}(?:{'|'.join(nouns['plural'])})"]


@dataclass(frozen=True)
class Parties:
    """Names that identify the host State and the other State in a draft."""

    host: tuple[str, ...] = ()
    partner: tuple[str, ...] = ()

    def patterns(self) -> list[tuple[str, re.Pattern[str]]]:
        """(bearer, compiled term) pairs, longest names first so "the United States" wins."""
        terms: list[tuple[str, str]] = []
        terms += [(HOST, re.escape(n.lower())) for n in self.host if n.strip()]
        terms += [(PARTNER, re.escape(n.lower())) for n in self.partner if n.strip()]
        terms += [(BOTH, t) for t in _BOTH + _both_states()] + [(HOST, t) for t in _HOST]
        terms += [(PARTNER, t) for t in _PARTNER] + [(INVESTOR, t) for t in _INVESTOR]
        terms.sort(key=lambda t: -len(t[1]))
        return [(kind, re.compile(rf"(?<![\w\]]){term}(?![\w\[])")) for kind, term in terms]


@dataclass(frozen=True)
class Bearer:
    """The party an obligation falls on, with the words that said so."""

    kind: str = UNKNOWN
    words: str = ""
    via: str = ""  # the State that must ensure the investor acts, when the duty is passed on

    def plain(self) -> str:
        """Who, in words a lawyer reads ("the host State", "the investor, through the host
        State")."""
        words = PLAIN_KINDS.get(self.kind, self.kind)
        return f"{words}, through {PLAIN_KINDS.get(self.via, self.via)}" if self.via else words

    def describe(self) -> str:
        if self.kind == UNKNOWN:
            return "unknown"
        return f"{self.kind} (via {self.via})" if self.via else self.kind


def find_actor(text: str, parties: Parties) -> tuple[str, str, int] | None:
    """Leftmost actor named in `text`: (bearer kind, words, position)."""
    lower = text.lower()
    found: list[tuple[int, int, str, str]] = []
    for kind, pattern in parties.patterns():
        for match in pattern.finditer(lower):
            found.append((match.start(), -(match.end() - match.start()), kind, match.group(0)))
    if not found:
        return None
    start, _, kind, words = min(found)
    if kind in (HOST, PARTNER):
        end, other = start + len(words), (PARTNER if kind == HOST else HOST)
        if any(k == other and s > end and _JOINED.fullmatch(lower[end:s])
               for s, _, k, _ in found):
            return BOTH, words, start
    return kind, words, start


def subject_bearer(before: str, after: str, parties: Parties) -> Bearer:
    """Bearer from the words before the governing modal and those between it and the cue."""
    segments = [s for s in re.split(r"[,;:]", before) if s.strip() and not _SUBORDINATE.match(s)]
    actor = None
    for segment in reversed(segments):
        actor = find_actor(segment, parties)
        if actor:
            break
    if actor is None:
        passive = re.search(r"\bby\s+(.{0,60})", after, re.I)
        actor = find_actor(passive.group(1), parties) if passive else None
        if actor is None:
            return Bearer()
    kind, words, _ = actor
    if kind == INVESTOR and _BENEFICIARY.match(_after_modal(after)):
        return Bearer()
    delegate = _DELEGATE.search(after)
    if kind in (HOST, PARTNER, BOTH) and delegate:
        passed = find_actor(after[delegate.end():], parties)
        if passed and passed[0] == INVESTOR:
            return Bearer(INVESTOR, passed[1], via=kind)
    return Bearer(kind, words)


def _after_modal(after: str) -> str:
    """The words after the modal phrase ("shall be permitted" -> "be permitted")."""
    return re.sub(r"^\s*(?:shall|must|may|will|should|is|are)\b(?:\s+not)?", "", after, flags=re.I)


def bearer_fits(required: str, bearer: Bearer) -> bool:
    """Whether a mandate's `bears` is met by the detected bearer (unknown always fits)."""
    if required == "any" or bearer.kind == UNKNOWN:
        return True
    kinds = {bearer.kind, bearer.via} - {""}
    if required == HOST:
        return bool(kinds & {HOST, BOTH})
    if required == INVESTOR:
        return bool(kinds & {INVESTOR, PARTNER, BOTH})
    if required == BOTH:
        return BOTH in kinds
    return True


def host_names(names: Sequence[str]) -> tuple[str, ...]:
    """Names as given plus their forms without a leading article ("the Republic of X")."""
    out: list[str] = []
    for name in names:
        name = name.strip()
        if name:
            out.append(name)
            if name.lower().startswith("the "):
                out.append(name[4:])
    return tuple(dict.fromkeys(out))
