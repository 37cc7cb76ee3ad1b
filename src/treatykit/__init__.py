"""treatykit: a treaty clause knowledge base and drafting assistant.

The Python API is `treatykit.draft`, `treatykit.review` and `treatykit.search`
(treatykit/api.py, docs/api.md). They are loaded on first use, so `import treatykit`
stays fast and never imports spaCy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["__version__", "draft", "review", "search"]

if TYPE_CHECKING:
    from treatykit.api import draft, review, search


def __getattr__(name: str) -> Any:
    if name in ("draft", "review", "search"):
        from treatykit import api

        return getattr(api, name)
    raise AttributeError(f"module 'treatykit' has no attribute '{name}'")
