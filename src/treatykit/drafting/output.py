"""Write a draft to a file chosen by its extension, atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from treatykit.drafting.document import Document
from treatykit.drafting.formats import to_html, to_markdown, to_text
from treatykit.errors import InputError

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
    suffix = path.suffix.lower()
    if suffix not in OUTPUT_FORMATS:
        raise InputError(f"-o {path}: unknown output format '{suffix or path.name}'",
                         hint="use a name ending in " + ", ".join(OUTPUT_FORMATS))
    for source in inputs:
        if _same_file(path, source):
            raise InputError(f"-o {path}: refusing to overwrite the input file {source}",
                             hint="choose another output name")
    if path.is_dir():
        raise InputError(f"-o {path}: is a folder", hint="give a file name")
    return suffix


def write_document(doc: Document, path: Path, *, inputs: Iterable[Path] = ()) -> None:
    """Write `doc` to `path` via a temporary file and os.replace: never a partial file."""
    suffix = check_output_path(path, inputs=inputs)
    data = render_bytes(doc, suffix)
    write_atomic(path, data)


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one step; on any failure the old file is untouched."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"-o {path}: cannot write in {folder}: {exc.strerror}") from exc
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600 files; use the usual mode
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(tmp, path)
    except OSError as exc:  # a full disk or a quota: the old file stays as it was
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"-o {path}: cannot write: {exc.strerror}",
                         hint="free some space or write to another folder") from exc
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
