"""Entry points the CLI uses for the clause catalogue: resolve folders, keep the store fresh."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from treatykit.library import library_dirs
from treatykit.store import StoreStatus, ensure_store, resolve_db_path
from treatykit.validation import load_valid_library


def open_catalog(libraries: Sequence[str | Path] = (), db: str | Path | None = None, *,
                 force: bool = False,
                 progress: Callable[[Iterable[Any], int], Iterable[Any]] | None = None,
                 ) -> StoreStatus:
    """The store for the built-in library plus `libraries`, rebuilt if the files changed."""
    dirs = library_dirs(libraries)
    return ensure_store(dirs, resolve_db_path(db), force=force, load=load_valid_library,
                        progress=progress)
