"""Which clause variant each draft article resembles, and the library conflicts among them.

A provision is *in* the draft when an operative article carries one of its binding,
non-negated cues (the articles whose heading matches the provision's headings if any do,
else the article with most cues). The article is matched to a library clause of that
provision in two steps:

1. Aspects. Each of the provision's aspects (named sub-features such as "carve_out" or
   "mutually_agreed") is looked for in the draft article and in every clause's own text
   (rendered with its defaults). An aspect counts when the draft has it, or always when the
   recognise data marks it `decisive: true` (its absence is evidence too). The clause that
   agrees with the article on the most counted aspects, if it is the only one, is the
   variant: a draft that words an investor-style performance-requirements article its own
   way but has no carve-out for agreed undertakings is matched to the investor clause,
   whatever its words.
2. Wording, only among the clauses the aspects cannot tell apart: the cosine similarity of
   content-word lemmas must reach 0.6 and lead the next clause by 0.05.

Otherwise the variant is undetermined. A conflict is reported when the library says clause
X conflicts with provision Q (or with clause Q.v), the draft's article of X's provision is
matched to X, and the draft holds an article of Q (matched to Q.v). Undetermined variants
report nothing: a conflict is shown only when the draft's wording supports it. A conflict
whose declaration has a `resolved_by` pattern is settled, and not reported, when the
draft's text carries that pattern (the drafting that reconciles the two articles).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from treatykit.models import Clause, Library
from treatykit.review.clausetexts import clause_analysis
from treatykit.review.engine import Analysis
from treatykit.review.findings import in_heading
from treatykit.review.recognisers import Compiled, Recogniser
from treatykit.review.structure import Unit

ASPECT_WEIGHT = 2.0
MIN_WORDING = 0.6  # cosine a variant needs to be told by wording alone ...
MIN_MARGIN = 0.05  # ... and its lead over the next variant


@dataclass
class Placed:
    """A provision found in the draft: its articles and the clause variant they resemble."""

    provision: str
    units: list[Unit]
    clause: str | None
    scores: dict[str, float]

    def location(self, analysis: Analysis) -> str:
        return ", ".join(dict.fromkeys(analysis.document.locate(u.start) for u in self.units))

    def articles(self) -> str:
        """The articles as a reader names them: "Article 8 (Technology Sharing) and Annex E"."""
        return " and ".join(dict.fromkeys(f"{u.label} ({u.heading})" if u.heading else u.label
                                          for u in self.units))


def provision_units(analysis: Analysis, recogniser: Recogniser) -> list[Unit]:
    """Operative articles holding the provision: heading matches first, else most cues."""
    counts: Counter[int] = Counter()
    units: dict[int, Unit] = {}
    for hit in analysis.candidates(recogniser):
        unit = hit.sentence.unit
        if not unit.operative or in_heading(analysis, hit.sentence):
            continue
        if analysis.modality(hit).negated:
            continue
        counts[id(unit)] += 1
        units[id(unit)] = unit
    headed = [u for u in units.values() if analysis.heading_matches(u, recogniser)]
    if headed:
        return sorted(headed, key=lambda u: u.start)
    if not counts:
        return []
    return [units[counts.most_common(1)[0][0]]]


def place_provision(analysis: Analysis, recogniser: Recogniser, library: Library,
                    compiled: Compiled) -> Placed | None:
    """The draft's articles for a provision and the library clause they resemble, if that
    can be told with confidence (else `clause` is None)."""
    units = provision_units(analysis, recogniser)
    if not units:
        return None
    clauses = library.clauses_for(recogniser.provision)
    decisive = _decisive_aspects(library, recogniser)
    draft = draft_signature(analysis, units, recogniser) if clauses else ({}, Counter())
    parts = {c.id: resemblance(draft, c, recogniser, library, compiled, decisive)
             for c in clauses}
    scores = {cid: round(ASPECT_WEIGHT * a + w, 4) for cid, (a, w) in parts.items()}
    return Placed(recogniser.provision, units, _decide(parts), scores)


def _decide(parts: dict[str, tuple[float, float]]) -> str | None:
    """The one variant the aspects single out, else one the wording clearly favours."""
    if not parts:
        return None
    top = max(a for a, _ in parts.values())
    tied = {cid: w for cid, (a, w) in parts.items() if a == top}
    if len(tied) == 1 and len(parts) > 1 and top > 0:
        return next(iter(tied))
    ranked = sorted(tied.items(), key=lambda kv: (-kv[1], kv[0]))
    best, wording = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if wording >= MIN_WORDING and wording - runner_up >= MIN_MARGIN:
        return best
    return None


def draft_signature(analysis: Analysis, units: list[Unit],
                    recogniser: Recogniser) -> tuple[dict[str, bool], Counter[str]]:
    """Which of the provision's aspects the draft's articles show, and their content words:
    read once, then compared with every clause variant (reading them again per variant
    rebuilt the docs of every article of the provision once per variant in a long text)."""
    aspects = {a: _has_aspect(analysis, units, recogniser, a) for a in recogniser.aspects}
    return aspects, _bag(analysis, units)


def resemblance(draft: tuple[dict[str, bool], Counter[str]], clause: Clause,
                recogniser: Recogniser, library: Library, compiled: Compiled,
                decisive: frozenset[str] = frozenset()) -> tuple[float, float]:
    """(share of the counted aspects on which the draft (its `draft_signature`) and `clause`
    agree, cosine similarity of their content words). An aspect counts when the draft has
    it, or always when it is `decisive` (its absence, like a missing carve-out, also tells
    variants apart)."""
    ref_aspects, ref_bag = clause_signature(clause, recogniser, library, compiled)
    mine, bag = draft
    counted = [a for a, present in mine.items() if present or a in decisive]
    agree = 0.0
    if counted:
        agree = sum(mine[a] == (a in ref_aspects) for a in counted) / len(counted)
    return agree, _cosine(bag, ref_bag)


def clause_signature(clause: Clause, recogniser: Recogniser, library: Library,
                     compiled: Compiled) -> tuple[frozenset[str], Counter[str]]:
    """The aspects a library clause shows and its content words, cached on disk per library
    and engine, so a review does not re-analyse every clause variant each time."""
    key = clause.id
    cache = _signature_cache(library)
    if key not in cache:
        reference = clause_analysis(clause, library, compiled)
        units = [u for u in reference.document.units if u.operative]
        aspects = sorted(a for a in recogniser.aspects
                         if _has_aspect(reference, units, recogniser, a))
        cache[key] = {"aspects": aspects, "bag": dict(_bag(reference, units))}
        _SIGNATURES_DIRTY.add(library.digest)
    entry = cache[key]
    return frozenset(entry["aspects"]), Counter(entry["bag"])


_SIGNATURES: dict[str, dict[str, Any]] = {}
_SIGNATURES_DIRTY: set[str] = set()


def _signature_cache(library: Library) -> dict[str, Any]:
    if library.digest not in _SIGNATURES:
        _SIGNATURES[library.digest] = _read_signatures(_signature_path(library))
    return _SIGNATURES[library.digest]


def save_signatures(library: Library) -> None:
    """Write new clause signatures to the user cache (best effort; a cache, never data)."""
    if library.digest not in _SIGNATURES_DIRTY:
        return
    from treatykit.errors import InputError
    from treatykit.outfiles import write_atomic

    path = _signature_path(library)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, json.dumps(_SIGNATURES[library.digest]).encode("utf-8"))
        _SIGNATURES_DIRTY.discard(library.digest)
    except (OSError, InputError):
        pass


def _read_signatures(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _signature_path(library: Library) -> Path:
    import platformdirs

    folder = Path(os.environ.get("TREATYKIT_CACHE")
                  or platformdirs.user_cache_path("treatykit", appauthor=False))
    return folder / f"signatures-{_engine_digest(library.digest)[:24]}.json"


@functools.lru_cache(maxsize=8)
def _engine_digest(library_digest: str) -> str:
    """Library content plus the review engine's own code and lexicon."""
    digest = hashlib.sha256(library_digest.encode())
    here = Path(__file__).parent
    for path in sorted([*here.glob("*.py"), *here.glob("*.yaml")]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _decisive_aspects(library: Library, recogniser: Recogniser) -> frozenset[str]:
    """Aspects marked `decisive: true` in the provision's recognise data."""
    provision = library.provisions.get(recogniser.provision)
    aspects = (provision.recognise.get("aspects") or {}) if provision else {}
    return frozenset(str(name) for name, spec in aspects.items()
                     if isinstance(spec, dict) and spec.get("decisive"))


def _has_aspect(analysis: Analysis, units: list[Unit], recogniser: Recogniser,
                aspect: str) -> bool:
    keys = {id(u) for u in units}
    kind = recogniser.aspects[aspect]
    if kind.startswith("forum:"):
        sentences = [s for u in _distinct(units) for s in analysis.unit_sentences(u)]
        return any(f == kind.split(":", 1)[1] for f, _, _ in analysis.forums(sentences))
    return any(id(h.sentence.unit) in keys
               for h in analysis.hits_for(recogniser.provision, f"aspect:{aspect}"))


def _bag(analysis: Analysis, units: list[Unit]) -> Counter[str]:
    bag: Counter[str] = Counter()
    for unit in _distinct(units):
        for sentence in analysis.unit_sentences(unit):
            bag.update(t.lemma_ for t in sentence.span
                       if t.is_alpha and not t.is_stop and len(t) > 2)
    return bag


def _distinct(units: list[Unit]) -> list[Unit]:
    """Each unit once, in text order (the order their sentences come in)."""
    return sorted({id(u): u for u in units}.values(), key=lambda u: u.start)


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


def find_conflicts(analysis: Analysis, library: Library,
                   compiled: Compiled) -> list[dict[str, Any]]:
    """Pairs of provisions in the draft that the library marks as conflicting or in tension."""
    present: dict[str, bool] = {}
    placed: dict[str, Placed | None] = {}

    def is_present(provision: str) -> bool:  # cheap: articles only, no clause comparison
        if provision not in present:
            recogniser = compiled.recognisers.get(provision)
            present[provision] = bool(recogniser and provision_units(analysis, recogniser))
        return present[provision]

    def place(provision: str) -> Placed | None:
        if provision not in placed:
            placed[provision] = place_provision(analysis, compiled.recognisers[provision],
                                                library, compiled)
        return placed[provision]

    found: dict[frozenset[str], dict[str, Any]] = {}
    for clause in sorted(library.clauses.values(), key=lambda c: c.id):
        for ref in clause.conflicts:
            target = library.clauses.get(ref.target)
            other = target.provision if target else ref.target
            pair = frozenset((clause.provision, other))
            if other == clause.provision or pair in found:
                continue
            if not is_present(clause.provision) or not is_present(other):
                continue
            mine = place(clause.provision)
            if not mine or mine.clause != clause.id:
                continue
            theirs = place(other)
            if not theirs or (target and theirs.clause != target.id):
                continue
            if ref.resolved_in(analysis.document.text):
                continue
            found[pair] = _conflict(analysis, library, clause, ref, mine, theirs)
    save_signatures(library)
    return list(found.values())


def _conflict(analysis: Analysis, library: Library, clause: Clause, ref: Any, mine: Placed,
              theirs: Placed) -> dict[str, Any]:
    def side(placed: Placed) -> dict[str, Any]:
        provision = library.provisions.get(placed.provision)
        return {"provision": placed.provision, "clause": placed.clause,
                "title": provision.title if provision else "",
                "location": placed.location(analysis), "articles": placed.articles()}

    return {"kind": ref.kind, "a": side(mine), "b": side(theirs),
            "why": ref.why, "resolve": ref.resolve, "declared_by": clause.id}
