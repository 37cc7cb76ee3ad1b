"""Output files: refuse a bad target before any work, then replace it in one step.

Shared by drafts, review reports and corpus maps, so every `-o` behaves the same way.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from treatykit.errors import InputError


def check_target(path: Path, *, inputs: Iterable[Path] = (), what: str = "the input file") -> None:
    """Refuse an output path that is a folder or one of the command's inputs."""
    for source in inputs:
        if _same_file(path, source):
            raise InputError(f"-o {path}: refusing to overwrite {what} {source}",
                             hint="choose another output name")
    if path.is_dir():
        raise InputError(f"-o {path}: is a folder", hint="give a file name")


def output_suffix(path: Path, formats: Iterable[str], *, inputs: Iterable[Path] = ()) -> str:
    """The output format `path` asks for (its lower-case suffix), after refusing a suffix not
    in `formats` and a path that is one of the `inputs`."""
    suffix = path.suffix.lower()
    if suffix not in formats:
        raise InputError(f"-o {path}: unknown output format '{suffix or path.name}'",
                         hint="use a name ending in " + ", ".join(formats))
    check_target(path, inputs=inputs)
    return suffix


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
