"""The spaCy pipeline: a blank English model with rule components of our own.

No downloaded model is needed: tokenizer + sentencizer + a lookup lemmatizer that works on
lower-cased forms (the lookup table is case-sensitive) + matchers compiled from data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

import spacy
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

LEMMA_COMPONENT = "treatykit_lemmatizer"


@lru_cache(maxsize=1)
def _lemma_table() -> Any:
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case words of English: every form and lemma of spaCy's English lookup tables
    (spacy-lookups-data: lemma_lookup, lemma_index, lemma_exc) and its stop words. The lemma
    lookup alone lacks the words that do not inflect ("the", "prudential", "equitable")."""
    from spacy.util import load_language_data, registry

    data = registry.lookups.get("en")
    lookup, index, exceptions = (cast(dict[str, Any], load_language_data(data[table]))
                                 for table in ("lemma_lookup", "lemma_index", "lemma_exc"))
    words = {*lookup, *lookup.values(), *function_words()}
    words.update(w for group in index.values() for w in group)
    for group in exceptions.values():
        words.update(w for form, lemmas in group.items() for w in (form, *lemmas))
    return frozenset(w.lower() for w in words if w.isalpha())


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """spaCy's English stop words ("of", "the", "shall"), letters only."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w for w in STOP_WORDS if w.isalpha())


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


#: Every 33rd character of a run of punctuation becomes a space (the text keeps its length, so
#: every offset holds): spaCy splits prefixes and suffixes off a token one character at a time,
#: in time quadratic in the run, and a draft of 100,000 opening brackets took minutes.
_PUNCTUATION_RUN = re.compile(r"([^\w\s]{32})[^\w\s]")


class _PunctuationBound:
    """spaCy's tokenizer on text whose runs of punctuation are cut every 32 characters."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        return self.tokenizer(_PUNCTUATION_RUN.sub(r"\1 ", text))

    def pipe(self, texts: Any, batch_size: int = 1000) -> Any:
        return (self(text) for text in texts)


@lru_cache(maxsize=1)
def make_nlp() -> Language:
    """The shared pipeline (built once per process)."""
    nlp = spacy.blank("en")
    nlp.max_length = 5_000_000
    # a footnote mark glued to the punctuation before it ("for prudential reasons,3 including",
    # "this Agreement.5 Each Party", chapter-numbered "prudential reasons,10-5") is a token of
    # its own, so the word and the sentence end are seen
    # ; a Markdown footnote mark ("voting rights.[^1] For the purposes") likewise
    infixes = [*(nlp.Defaults.infixes or ()),
               r"(?<=[a-z]{3})[,.;:](?=[0-9]{1,3}(?:-[0-9]{1,3})?$)",
               r"(?<=[a-z)])[,.;:](?=\[\^\w{1,6}\]?$)"]
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer
    nlp.tokenizer = _PunctuationBound(tokenizer)
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

    A LEMMA value also matches the lemma our pipeline gives the word itself, so
    `{LEMMA: undertaking}` matches "undertakings" (lemma "undertaking") and "undertaking"
    (lemma "undertake", as the lookup table has it), as a phrase cue would.
    """
    def forms(value: str) -> list[str]:
        lower = _SPELLING.get(value.lower(), value.lower())
        return list(dict.fromkeys([lower, lemma_of(value)])) if " " not in value else [lower]

    def norm_lemma(value: Any) -> Any:
        if isinstance(value, str):
            found = forms(value)
            return found[0] if len(found) == 1 else {"IN": found}
        if isinstance(value, dict):
            return {k: [f for v in vs for f in forms(str(v))] if isinstance(vs, list) else vs
                    for k, vs in value.items()}
        return value

    def norm_lower(value: Any) -> Any:
        if isinstance(value, str):
            return value.lower()
        if isinstance(value, dict):
            return {k: [str(v).lower() for v in vs] if isinstance(vs, list) else vs
                    for k, vs in value.items()}
        return value

    return [{k: norm_lemma(v) if k == "LEMMA" else norm_lower(v) if k == "LOWER" else v
             for k, v in tok.items()} for tok in pattern]
