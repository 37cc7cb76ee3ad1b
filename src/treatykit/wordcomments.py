"""Add comments to someone else's Word document without touching anything else in it.

The package is edited at XML level: every part is copied as it is, except the main
document (where each comment's range and reference are added to its paragraph), the
comments part (created, or extended when the document already has comments), and, only
when the comments part is new, the content types and the document's relationships. Their
formatting, tracked changes, footnotes and comments survive because nothing is re-saved
through a model of the document.

A paragraph is located by its index among all `w:p` elements of the main document in
document order (paragraphs in tables, content controls and text boxes included), as
`review.readers` reports it for each line it reads.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path, PurePosixPath

from lxml import etree

from treatykit.errors import InputError
from treatykit.outfiles import check_target, write_atomic

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_EMPTY_RELS = b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'
_OVERRIDE = "{http://schemas.openxmlformats.org/package/2006/content-types}Override"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

#: The other side's document is untrusted input: no entities expanded, nothing fetched.
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)


def _parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


#: (paragraph index, author, text): one comment; text lines become comment paragraphs.
CommentSpec = tuple[int, str, str]


def annotate_docx(src: Path | bytes, dest: Path, comments: Sequence[CommentSpec], *,
                  inputs: Iterable[Path] = (), date: dt.datetime | None = None) -> None:
    """Write a copy of the Word document `src` to `dest` with `comments` added; `dest` may
    not be `src` or one of `inputs`."""
    check_target(dest, inputs=[*inputs, *([src] if isinstance(src, Path) else [])])
    data = src if isinstance(src, bytes) else _read(src)
    name = str(src) if isinstance(src, Path) else "<docx>"
    write_atomic(dest, annotated(data, comments, name=name, date=date))


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}") from exc


def annotated(data: bytes, comments: Sequence[CommentSpec], *, name: str = "<docx>",
              date: dt.datetime | None = None) -> bytes:
    """The .docx bytes `data` with `comments` added (see the module docstring); `date`, if
    given, is the time Word shows on each comment. No comments: `data` as it is."""
    if not comments:
        return data
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: package.read(info.filename) for info in package.infolist()}
    except (zipfile.BadZipFile, KeyError, OSError) as exc:
        raise InputError(f"{name}: not a readable Word document ({type(exc).__name__})",
                         hint="open and re-save it in Word or LibreOffice as .docx") from exc
    stamp = date.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ") if date else None
    try:
        main = _main_part(parts, name)
        changed = _Package(parts, main).add(comments, name=name, date=stamp)
    except (etree.XMLSyntaxError, KeyError) as exc:
        raise InputError(f"{name}: corrupt Word document ({type(exc).__name__})",
                         hint="open and re-save it in Word or LibreOffice as .docx") from exc
    return _zip(package, {**parts, **changed})


class _Package:
    """The parts of a .docx, with the main document and its comments part found."""

    def __init__(self, parts: dict[str, bytes], main: str) -> None:
        self.parts, self.main = parts, main
        self.rels_name = _rels_name(main)

    def add(self, comments: Sequence[CommentSpec], *, name: str,
            date: str | None) -> dict[str, bytes]:
        document = _parse(self.parts[self.main])
        paragraphs = list(document.iter(_W + "p"))
        changed: dict[str, bytes] = {}
        comments_name = self._comments_part()
        if comments_name is None:
            comments_name = self._new_comments_part(changed)
            store = _parse(f'<w:comments xmlns:w="{W}"/>'.encode())
        else:
            store = _parse(self.parts[comments_name])
        next_id = 1 + max((int(c.get(_W + "id", "0")) for c in store.iter(_W + "comment")),
                          default=-1)
        for offset, (index, author, text) in enumerate(comments):
            if not 0 <= index < len(paragraphs):
                raise InputError(f"{name}: no paragraph {index} to comment on "
                                 f"(the document has {len(paragraphs)})")
            _anchor(paragraphs[index], next_id + offset)
            store.append(_comment(next_id + offset, author, text, date))
        changed[self.main] = _xml(document)
        changed[comments_name] = _xml(store)
        return changed

    def _comments_part(self) -> str | None:
        rels = self.parts.get(self.rels_name)
        if rels is None:
            return None
        for rel in _parse(rels).iter(_REL):
            if rel.get("Type") == _COMMENTS_REL and rel.get("TargetMode") != "External":
                return _resolve(self.main, rel.get("Target", ""))
        return None

    def _new_comments_part(self, changed: dict[str, bytes]) -> str:
        """Register a new comments part next to the main document; returns its name."""
        folder = PurePosixPath(self.main).parent
        comments_name = str(folder / "comments.xml")
        rels = _parse(self.parts.get(self.rels_name) or _EMPTY_RELS)
        ids = {r.get("Id") for r in rels}
        rel_id = next(f"rId{n}" for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        etree.SubElement(rels, _REL, Id=rel_id, Type=_COMMENTS_REL,
                         Target="comments.xml")
        changed[self.rels_name] = _xml(rels)
        types = _parse(self.parts["[Content_Types].xml"])
        etree.SubElement(types, _OVERRIDE, PartName="/" + comments_name,
                         ContentType=_COMMENTS_TYPE)
        changed["[Content_Types].xml"] = _xml(types)
        return comments_name


def _main_part(parts: dict[str, bytes], name: str) -> str:
    """The main document's part name, from the package relationships."""
    rels = parts.get("_rels/.rels")
    if rels is not None:
        for rel in _parse(rels).iter(_REL):
            if rel.get("Type") == _OFFICE_DOC:
                target = rel.get("Target", "").lstrip("/")
                if target in parts:
                    return target
    if "word/document.xml" in parts:
        return "word/document.xml"
    raise InputError(f"{name}: not a Word document (no main document part)",
                     hint="give a .docx saved by Word or LibreOffice")


def _rels_name(part: str) -> str:
    path = PurePosixPath(part)
    return str(path.parent / "_rels" / f"{path.name}.rels")


def _resolve(source: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return str(PurePosixPath(source).parent / target)


def _anchor(paragraph: etree._Element, comment_id: int) -> None:
    """Mark the whole paragraph as the comment's range and put the reference at its end."""
    ident = str(comment_id)
    start = etree.Element(_W + "commentRangeStart")
    start.set(_W + "id", ident)
    at = 0  # after the paragraph's properties and the ranges that already start there
    while at < len(paragraph) and paragraph[at].tag in (_W + "pPr", _W + "commentRangeStart"):
        at += 1
    paragraph.insert(at, start)
    end = etree.SubElement(paragraph, _W + "commentRangeEnd")
    end.set(_W + "id", ident)
    run = etree.SubElement(paragraph, _W + "r")
    reference = etree.SubElement(run, _W + "commentReference")
    reference.set(_W + "id", ident)


def _comment(comment_id: int, author: str, text: str, date: str | None) -> etree._Element:
    comment = etree.Element(_W + "comment")
    comment.set(_W + "id", str(comment_id))
    comment.set(_W + "author", author)
    if date:
        comment.set(_W + "date", date)
    comment.set(_W + "initials", "".join(w[0] for w in author.split()[:3]).upper())
    for line in text.split("\n"):
        paragraph = etree.SubElement(comment, _W + "p")
        run = etree.SubElement(paragraph, _W + "r")
        element = etree.SubElement(run, _W + "t")
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        element.text = line
    return comment


def _xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(original: zipfile.ZipFile, parts: dict[str, bytes]) -> bytes:
    """The package with `parts`, in the original order, new parts last."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        names = [info.filename for info in original.infolist()]
        for info in original.infolist():
            package.writestr(copy.copy(info), parts[info.filename])
        for name in parts:
            if name not in names:
                package.writestr(name, parts[name])
    return out.getvalue()
