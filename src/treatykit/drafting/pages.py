"""Built-in pages people read and circulate, rendered from Jinja templates in `pages/`.

Jinja has one home, this package; the review report and the corpus map hand plain data
(dicts of text and numbers) to `render_page`, so they never touch a template engine.
HTML pages are autoescaped; every page is sandboxed and strict, like drafts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

PAGES = Path(__file__).with_name("pages")


def render_page(name: str, context: Mapping[str, Any]) -> str:
    """Render the built-in page `name` (e.g. "review.html.j2") with `context`."""
    return _environment().get_template(name).render(context)


@functools.lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(str(PAGES)),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(breakable=breakable, mdcell=markdown_cell)
    return env


def breakable(text: Any) -> Markup:
    """HTML: the text escaped, with a line-break opportunity after each dot,
    so a long id wraps at `transfers.` / `free_transfer.` and never inside a name."""
    return Markup(re.sub(r"(\.)", r"\1<wbr>", str(escape(str(text)))))


def markdown_cell(text: Any) -> str:
    """Text fit for one Markdown table cell: one line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")
