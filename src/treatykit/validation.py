"""Whole-library validation: structure (library) plus clause texts (drafting)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from treatykit.drafting.checks import check_builtin_templates, check_clause_texts
from treatykit.errors import LibraryError, Problem
from treatykit.library import load_library
from treatykit.models import Library


def validate_library(dirs: Sequence[Path]) -> tuple[Library, list[Problem]]:
    """Load the library and return it with every problem found, structural or textual.

    The built-in templates are checked too: they name provisions of this library.
    """
    library, problems = load_library(dirs)
    if problems:
        return library, problems + check_clause_texts(library)
    return library, check_clause_texts(library) + check_builtin_templates(library)


def load_valid_library(dirs: Sequence[Path]) -> Library:
    """Load the library or raise LibraryError listing every problem."""
    library, problems = validate_library(dirs)
    if problems:
        raise LibraryError(problems)
    return library
