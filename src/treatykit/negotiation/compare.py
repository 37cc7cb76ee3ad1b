"""Compare the other side's counter-draft with the text we sent: what changed, and what
each change does to our mandate.

Articles are matched by heading and text (matching.py), compared word by word after their
cross-references are read in our numbering (so consistent renumbering is no edit), and both
drafts are reviewed against our playbook through review's public entry point; every
requirement whose status moved is tied to the article that moved it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from treatykit.negotiation.articles import Article, Draft, read_articles
from treatykit.negotiation.matching import Pair, match_articles, number_map, renumbered
from treatykit.negotiation.wordiff import Piece, diff_words, phrases, words
from treatykit.review.findings import Finding
from treatykit.review.service import Report, load_reviewer, resolve_playbook, review_text

PARA_MARK = "¶"  # a paragraph break inside a redline's word list
STATUSES = ("unchanged", "edited", "moved", "added", "deleted")


@dataclass
class Effect:
    """What a change does to one requirement of our mandate."""

    requirement: str
    severity: str
    before: str
    after: str
    where: str
    old: str = ""
    new: str = ""
    now_at: str = ""  # the same verdict, now decided by another article

    @property
    def message(self) -> str:
        if self.now_at and self.before == self.after:
            return (f"{self.where}: {self.requirement} now rests on {self.now_at}, still "
                    f"{self.after} ({self.severity})")
        if self.now_at:
            return (f"{self.where}: {self.requirement} now {self.after}, decided by "
                    f"{self.now_at} ({self.severity}; was {self.before})")
        old, new = _quoted(self.old), _quoted(self.new)
        words_part = f"'{old}' became '{new}': " if old or new else ""
        if old and not new:
            words_part = f"'{old}' deleted: "
        elif new and not old:
            words_part = f"'{new}' added: "
        return (f"{self.where}: {words_part}{self.requirement} now {self.after} "
                f"({self.severity}; was {self.before})")


def _quoted(words: str, most: int = 90) -> str:
    """Changed words as a message quotes them: without a leading paragraph number, and cut
    at a word near `most` characters ("Notwithstanding Article 5 and Article 7, neither ...")."""
    words = re.sub(r"^\(?\d{1,3}[.)]\s+", "", words.strip())
    if len(words) <= most:
        return words
    return words[:most].rsplit(" ", 1)[0].rstrip(",;:") + " ..."


@dataclass
class Change:
    """One article: our text, theirs, what happened to it and what that does."""

    status: str
    ours: Article | None
    theirs: Article | None
    note: str = ""
    pieces: list[Piece] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)

    @property
    def label(self) -> str:
        if self.theirs and self.ours and self.theirs.number != self.ours.number:
            return f"{self.theirs.label} (our {self.ours.label})"
        article = self.theirs or self.ours
        assert article is not None
        return article.label if self.theirs else f"our {article.label}"

    @property
    def heading(self) -> str:
        article = self.theirs or self.ours
        return article.heading if article else ""


@dataclass
class Comparison:
    ours: Draft
    theirs: Draft
    changes: list[Change]
    playbook: str | None = None
    effects: list[Effect] = field(default_factory=list)  # not tied to one article

    @property
    def changed(self) -> list[Change]:
        return [c for c in self.changes if c.status != "unchanged"]


def compare_drafts(ours: str | Path, theirs: str | Path, *, playbook: str | None = None,
                   libraries: Sequence[str | Path] = (), playbooks: Sequence[str] = ()
                   ) -> Comparison:
    """Read both drafts, match and compare their articles, review both if a playbook is
    given."""
    return compare_texts(read_articles(ours), read_articles(theirs), playbook=playbook,
                         libraries=libraries, playbooks=playbooks)


def compare_texts(ours: Draft, theirs: Draft, *, playbook: str | None = None,
                  libraries: Sequence[str | Path] = (), playbooks: Sequence[str] = ()
                  ) -> Comparison:
    pairs = match_articles(ours.articles, theirs.articles)
    numbers = number_map(pairs)
    moved = _moved(pairs)
    changes = [_change(p, numbers, moved) for p in pairs]
    comparison = Comparison(ours, theirs, changes, playbook)
    if playbook and comparison.changed:
        _review_effects(comparison, playbook, libraries, playbooks)
    return comparison


def _change(pair: Pair, numbers: dict[str, str], moved: set[int]) -> Change:
    if pair.ours is None or pair.theirs is None:
        status = "added" if pair.ours is None else "deleted"
        return Change(status, pair.ours, pair.theirs, pair.note, redline(pair.ours, pair.theirs))
    same_text = renumbered(pair.theirs.body, numbers) == pair.ours.body
    same_heading = pair.ours.heading.lower() == pair.theirs.heading.lower()
    is_moved = pair.ours.index in moved
    if same_text and same_heading:
        return Change("moved" if is_moved else "unchanged", pair.ours, pair.theirs,
                      "moved" if is_moved else "")
    notes = ["moved"] if is_moved else []
    if pair.theirs.body == pair.ours.body:
        notes.append("same words, but a cross-reference now names another article")
    return Change("edited", pair.ours, pair.theirs, ", ".join(notes),
                  redline(pair.ours, pair.theirs))


def _moved(pairs: list[Pair]) -> set[int]:
    """Our indices of matched articles out of order: those off the longest run in order."""
    order = [p.ours.index for p in pairs if p.ours and p.theirs]
    keep = _longest_increasing(order)
    return set(order) - keep


def _longest_increasing(values: list[int]) -> set[int]:
    """The longest run of `values` in increasing order (quadratic: drafts are short)."""
    best: list[list[int]] = []
    for value in values:
        before = sorted((run for run in best if run[-1] < value), key=len)
        best.append((before[-1] if before else []) + [value])
    return set(sorted(best, key=len)[-1]) if best else set()


def redline(ours: Article | None, theirs: Article | None) -> list[Piece]:
    """Word-level changes from our article to theirs, paragraph breaks as ¶ marks."""
    return diff_words(_marked(ours), _marked(theirs))


def _marked(article: Article | None) -> str:
    if article is None:
        return ""
    return f" {PARA_MARK} ".join([f"{article.label}: {article.heading}".rstrip(": "),
                                  *article.lines()])


def _review_effects(comparison: Comparison, playbook: str,
                    libraries: Sequence[str | Path], playbooks: Sequence[str]) -> None:
    library, compiled = load_reviewer(libraries)
    book = resolve_playbook(playbook, library, playbooks)
    before = review_text(comparison.ours.text, book, library, compiled,
                         source=comparison.ours.source)
    after = review_text(comparison.theirs.text, book, library, compiled,
                        source=comparison.theirs.source)
    for effect, change in _effects(before, after, comparison):
        (change.effects if change is not None else comparison.effects).append(effect)


def _effects(before: Report, after: Report, comparison: Comparison
             ) -> list[tuple[Effect, Change | None]]:
    old = {f.requirement: f for f in before.findings}
    found = []
    for finding in after.findings:
        previous = old.get(finding.requirement)
        if previous is None:
            continue
        if previous.status == finding.status and previous.value == finding.value:
            found += _relocated(previous, finding, comparison)
            continue
        deleted = _change_at(comparison, None, previous.location)
        if deleted is not None and deleted.status == "deleted":
            effect = Effect(finding.requirement, finding.severity, previous.status,
                            finding.status, where=_where(None, previous.location, deleted),
                            now_at=_short(finding.location or "nothing"))
            found.append((effect, deleted))
            continue
        decider = _decider(finding)
        aimed = _change_at(comparison, decider["location"], None) if decider else None
        change: Change | None
        if decider and aimed is not None:
            # what acts on the provision from another changed article (an override, a
            # condition set against it) decided: that change is what the verdict is about
            effect = Effect(finding.requirement, finding.severity, previous.status,
                            finding.status, where=_short(decider["location"]))
            effect.old, effect.new = _deciding_words(aimed, None, decider["text"])
            found.append((effect, aimed))
            change = aimed
        else:
            change = _change_at(comparison, finding.location, previous.location)
            effect = Effect(finding.requirement, finding.severity, previous.status,
                            finding.status, where=_where(finding.location, previous.location,
                                                         change))
            if change is not None:
                effect.old, effect.new = _deciding_words(change, previous.evidence,
                                                         finding.evidence)
            found.append((effect, change))
        found += _also_weakened_by(previous, finding, comparison, done={id(change)})
    return found


def _also_weakened_by(previous: Finding, finding: Finding, comparison: Comparison, *,
                      done: set[int]) -> list[tuple[Effect, Change | None]]:
    """Other changed articles that, on their own, would also lead to the new verdict (a
    consent condition added to one article while an override added to another decides): each
    change is reported with what it does."""
    before = {e.get("text") for e in previous.effect}
    found: list[tuple[Effect, Change | None]] = []
    for entry in finding.effect:
        if entry.get("role") == "statement" or entry.get("effect") != finding.status or \
                entry.get("text") in before:
            continue
        change = _change_at(comparison, entry.get("location"), None)
        if change is None or id(change) in done:
            continue
        done.add(id(change))
        effect = Effect(finding.requirement, finding.severity, previous.status, finding.status,
                        where=_short(str(entry.get("location"))))
        effect.old, effect.new = _deciding_words(change, None, entry.get("text"))
        found.append((effect, change))
    return found


def _decider(finding: Finding) -> dict[str, str] | None:
    """The modifier that set the finding's status, when it stands outside the statement's
    article (an override in another article, a condition put on it from afar)."""
    article = _article_number(finding.location)
    for entry in reversed(finding.effect):
        if entry.get("role") != "statement" and entry.get("effect") == finding.status and \
                _article_number(entry.get("location")) not in (None, article):
            return entry
    return None


def _relocated(previous: Finding, finding: Finding, comparison: Comparison
               ) -> list[tuple[Effect, Change | None]]:
    """The article that decided a requirement was deleted or rewritten, and another now
    decides it with the same verdict: worth reading, since the verdict rests elsewhere."""
    change = _change_at(comparison, None, previous.location)
    if change is None or change.status not in ("deleted", "edited") or change.theirs and \
            _article_number(finding.location) == change.theirs.number:
        return []
    effect = Effect(finding.requirement, finding.severity, previous.status, finding.status,
                    where=_where(None, previous.location, change),
                    now_at=_short(finding.location or "nowhere"))
    return [(effect, change)]


def _change_at(comparison: Comparison, theirs: str | None, ours: str | None) -> Change | None:
    for location, side in ((theirs, "theirs"), (ours, "ours")):
        number = _article_number(location)
        if number is None:
            continue
        for change in comparison.changed:
            article = getattr(change, side)
            if article is not None and article.number == number:
                return change
    return None


def _article_number(location: str | None) -> str | None:
    match = re.match(r"(?:Article|Section)\s+(\w+)", location or "")
    return match.group(1) if match else None


def _where(theirs: str | None, ours: str | None, change: Change | None) -> str:
    if theirs and _article_number(theirs):
        return _short(theirs)
    if change is not None and change.status == "deleted" and ours:
        return f"our {_short(ours)} (deleted)"
    return _short(theirs or ours or "the draft")


def _short(location: str) -> str:
    return re.sub(r"^Article\s+", "Art. ", location)


def _deciding_words(change: Change, before: str | None, after: str | None) -> tuple[str, str]:
    """The changed words nearest the sentences that decided the requirement."""
    runs = changed_phrases(change.pieces)
    if not runs:
        return "", ""
    near = set(words(f"{before or ''} {after or ''}".lower()))
    best = max(runs, key=lambda p: len(set(words((p.old + " " + p.new).lower())) & near))
    return _clean(best.old), _clean(best.new)


def changed_phrases(pieces: list[Piece]) -> list[Piece]:
    """The changed phrases a reader cares about: renumbered references left out."""
    return [p for p in phrases(pieces) if p.op != "equal" and not _renumbering(p)]


_NUMBERS_ONLY = re.compile(r"^[\d.,;:()\s¶]*$")


def _renumbering(piece: Piece) -> bool:
    """A run that only changes article or paragraph numbers (or paragraph breaks)."""
    return bool(_NUMBERS_ONLY.match(piece.old) and _NUMBERS_ONLY.match(piece.new))


def _clean(text: str) -> str:
    return " ".join(w for w in text.split() if w != PARA_MARK)


def redline_bytes(comparison: Comparison, *, author: str, date: str) -> bytes:
    """Their draft as a Word redline of ours: every article with its changes tracked."""
    from treatykit.drafting.docx_marks import redline_docx

    articles = [[(p.op, p.old, p.new) for p in _full_redline(c)] for c in _in_their_order(
        comparison)]
    title = comparison.theirs.title or comparison.ours.title or "Counter-draft"
    return redline_docx(title, articles, author=author, date=date)


def _full_redline(change: Change) -> list[Piece]:
    return change.pieces or redline(change.ours, change.theirs)


def _in_their_order(comparison: Comparison) -> list[Change]:
    """Their articles in order, each deleted one of ours after the article before it."""
    ordered = [c for c in comparison.changes if c.theirs is not None]
    for change in (c for c in comparison.changes if c.theirs is None):
        assert change.ours is not None
        index = change.ours.index
        after = max((i for i, c in enumerate(ordered)
                     if c.ours is not None and c.ours.index < index), default=-1)
        ordered.insert(after + 1, change)
    return ordered
