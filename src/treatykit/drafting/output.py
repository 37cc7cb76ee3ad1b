"""Write a draft to a file chosen by its extension, atomically."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from treatykit.drafting.document import Document
from treatykit.drafting.formats import to_html, to_markdown, to_text
from treatykit.outfiles import output_suffix, write_atomic

OUTPUT_FORMATS = (".md", ".txt", ".html", ".docx")


def render_bytes(doc: Document, suffix: str) -> bytes:
    """The document in the format named by a file extension."""
    writers: dict[str, Callable[[Document], str]] = {
        ".md": to_markdown, ".txt": to_text, ".html": to_html,
    }
    if suffix == ".docx":
        from treatykit.drafting.docx_writer import to_docx

        return to_docx(doc)
    return writers[suffix](doc).encode("utf-8")


def check_output_path(path: Path, *, inputs: Iterable[Path] = ()) -> str:
    """The output format for `path`; refuses unknown extensions and input files."""
    return output_suffix(path, OUTPUT_FORMATS, inputs=inputs)


def write_document(doc: Document, path: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Write `doc` to `path` via a temporary file and os.replace: never a partial file."""
    suffix = check_output_path(path, inputs=inputs)
    data = render_bytes(doc, suffix)
    write_atomic(path, data)
