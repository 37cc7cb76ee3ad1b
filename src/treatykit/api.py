"""The Python API: `treatykit.draft`, `treatykit.review` and `treatykit.search`.

Each is the library function a command calls, with the command's options as keyword
arguments; errors are `treatykit.errors.TreatykitError`s with a message and a hint.
Nothing heavy is imported until a function runs (spaCy only for `review`).
docs/api.md shows them at work.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from treatykit.drafting.api import Draft
    from treatykit.review.service import Report


def draft(deal: str | Path, *, sets: Sequence[str] = (), stance: str | None = None,
          templates: Sequence[str | Path] = (), libraries: Sequence[str | Path] = (),
          strict: bool = False, paper: str | None = None) -> Draft:
    """Draft an agreement from a deal file: `treatykit.draft("deal.yaml").save("d.docx")`.

    `sets` are `--set` overrides ("PROVISION.PARAM=VALUE"); `paper` ("a4" or "letter")
    overrides the deal's for Word; the result has `.markdown`, `.save(path)`, `.warnings`
    and `.conflicts`.
    """
    from treatykit.drafting.api import make_draft

    return make_draft(Path(deal), sets=sets, stance=stance, templates=templates,
                      libraries=libraries, strict=strict, paper=paper)


def review(document: str | Path, playbook: str, *, libraries: Sequence[str | Path] = (),
           playbooks: Sequence[str] = (), host: Sequence[str] = (),
           word_copy: str | Path | None = None) -> Report:
    """Review a draft (.txt, .md, .docx, .pdf) against a playbook id or YAML file.

    The result has `.findings` (status, location, evidence, reason, suggestion),
    `.blocking` (the 'must' requirements not present) and `.to_dict()` (the JSON of
    `treatykit review --format json`). For a Word draft, `word_copy` names a .docx to
    write: the draft with one comment per finding that is not present.
    """
    from treatykit.review.service import review_document

    return review_document(document, playbook, libraries=libraries, playbooks=playbooks,
                           host=host, word_copy=Path(word_copy) if word_copy else None)


def search(query: str, *, scope: str = "clauses", category: str | None = None,
           provision: str | None = None, stance: str | None = None,
           parties: Sequence[str] = (), year_from: int | None = None,
           year_to: int | None = None, limit: int = 10, libraries: Sequence[str | Path] = (),
           db: str | Path | None = None, corpus_db: str | Path | None = None) -> list[Any]:
    """Search the clause library (`scope="clauses"`), ingested treaties ("treaties") or
    both ("all"), best first: hits with `.snippet` (plain text), `.matches` (offsets) and
    `.score`; clause hits have `.id` and `.provenance`, treaty hits `.treaty` and
    `.article`."""
    from treatykit.catalog import search_library, treaty_filter

    result = search_library(
        query, scope=scope, libraries=libraries, db=db, corpus_db=corpus_db, limit=limit,
        clause_filters={"category": category, "provision": provision, "stance": stance},
        where=treaty_filter(parties, year_from, year_to))
    return list(result.hits)
