"""The spaCy pipeline: a blank English model with rule components of our own.

No downloaded model is needed: tokenizer + sentencizer + a lookup lemmatizer that works on
lower-cased forms (the lookup table is case-sensitive) + matchers compiled from data.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc

LEMMA_COMPONENT = "treatykit_lemmatizer"


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


# British/American spelling pairs matched as one lemma, so patterns need one spelling.
_SPELLING = {"endeavour": "endeavor", "favour": "favor", "favourable": "favorable",
             "nationalise": "nationalize", "recognise": "recognize", "organisation": "organization",
             "labour": "labor", "defence": "defense", "centre": "center", "licence": "license",
             "authorise": "authorize", "authorisation": "authorization", "harmonise": "harmonize",
             "programme": "program", "utilise": "utilize", "realise": "realize",
             "neighbouring": "neighboring", "honour": "honor", "judgement": "judgment"}


@Language.component(LEMMA_COMPONENT)
def lowercase_lemmatizer(doc: Doc) -> Doc:
    """Lemma = lookup of the lower-cased form, spelling normalised to one variant."""
    table = _lemma_table()
    cache: dict[str, str] = {}
    for token in doc:
        lower = token.lower_
        lemma = cache.get(lower)
        if lemma is None:
            lemma = table.get(lower, lower).lower()
            lemma = cache[lower] = _SPELLING.get(lemma, lemma)
        token.lemma_ = lemma
    return doc


@lru_cache(maxsize=1)
def make_nlp() -> Language:
    """The shared pipeline (built once per process)."""
    nlp = spacy.blank("en")
    nlp.max_length = 5_000_000
    nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", ":"]})
    nlp.add_pipe(LEMMA_COMPONENT)
    return nlp


def lemma_doc(text: str) -> Doc:
    """A phrase run through tokenizer and lemmatizer only (for building phrase patterns)."""
    nlp = make_nlp()
    return nlp.get_pipe(LEMMA_COMPONENT)(nlp.make_doc(text))


def normalise_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lower-case LEMMA/LOWER values in a token pattern and apply spelling normalisation."""
    def norm(value: Any) -> Any:
        if isinstance(value, str):
            value = value.lower()
            return _SPELLING.get(value, value)
        if isinstance(value, dict):
            return {k: [norm(v) for v in vs] if isinstance(vs, list) else norm(vs)
                    for k, vs in value.items()}
        return value

    return [{k: norm(v) if k in ("LEMMA", "LOWER") else v for k, v in tok.items()}
            for tok in pattern]
