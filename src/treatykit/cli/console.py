"""Rich consoles for stdout (results) and stderr (diagnostics, progress)."""

from __future__ import annotations

from functools import lru_cache

from rich.console import Console


@lru_cache(maxsize=1)
def out_console() -> Console:
    return Console(highlight=False, soft_wrap=False)


@lru_cache(maxsize=1)
def err_console() -> Console:
    return Console(stderr=True, highlight=False)
