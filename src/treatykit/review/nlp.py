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


def lemma_of(word: str) -> str:
    """The lemma our pipeline gives `word` ("undertaking" -> "undertake", "labour" -> "labor")."""
    lower = word.lower()
    lemma = _lemma_table().get(lower, lower).lower()
    return _SPELLING.get(lemma, lemma)


def normalise_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Token pattern values as tokens carry them: LOWER lower-cased, LEMMA as our lemma.

    A LEMMA value is itself lemmatized, so `{LEMMA: undertaking}` matches the noun
    "undertaking" (whose lemma is "undertake"), as a phrase cue would.
    """
    def norm(value: Any, lemma: bool) -> Any:
        if isinstance(value, str):
            return lemma_of(value) if lemma and " " not in value else value.lower()
        if isinstance(value, dict):
            return {k: [norm(v, lemma) for v in vs] if isinstance(vs, list) else norm(vs, lemma)
                    for k, vs in value.items()}
        return value

    return [{k: norm(v, k == "LEMMA") if k in ("LEMMA", "LOWER") else v for k, v in tok.items()}
            for tok in pattern]
