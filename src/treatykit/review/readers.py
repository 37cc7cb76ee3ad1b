"""Read drafts from .txt, .md, .docx, .pdf or standard input into plain text.

Text files may be UTF-8 (with or without BOM), UTF-16 (with BOM) or cp1252. Anything
unreadable is an InputError naming the file; nothing here raises a raw exception.
"""

from __future__ import annotations

import io
import logging
import re
import sys
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from treatykit import limits
from treatykit.errors import InputError

TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text", "")
MIN_CHARS = 20

# pypdf logs every repair of a damaged file ("EOF marker not found") as a warning; with no
# logging set up, Python prints those to stderr, so a bad PDF gave several lines instead
# of one error. A NullHandler keeps them for applications that configure logging.
logging.getLogger("pypdf").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class Draft:
    """A draft's plain text, and the tracked changes of a Word redline read as accepted.

    For a Word document, `paragraphs[i]` is the paragraph that line i of `text` came from:
    its index among all `w:p` elements of the document body in document order (table
    cells and notes' citing paragraphs included), the locator `wordcomments` anchors on.
    """

    text: str
    insertions: int = 0
    deletions: int = 0
    paragraphs: tuple[int, ...] = ()


def read_document(source: str | Path, *, stdin: io.BufferedReader | None = None) -> str:
    """Plain text of a draft; `-` reads standard input."""
    return read_draft(source, stdin=stdin).text


def read_draft(source: str | Path, *, stdin: io.BufferedReader | None = None) -> Draft:
    """The draft's text with, for a Word redline, how many tracked changes it holds (review
    reads them as accepted, and whoever checks the other side's markup must know that)."""
    name = str(source)
    if name == "-":
        stream = stdin or getattr(sys.stdin, "buffer", None)
        if stream is None:
            raise InputError("<stdin>: standard input is closed",
                             hint="pipe the draft in, or give its file name")
        data = limits.read_stream(stream, "<stdin>")
        return Draft(_checked(decode_text(data, name="<stdin>"), "<stdin>"))
    path = Path(source)
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file",
                         hint="give one draft; 'treatykit map' reviews a folder of treaties")
    if not path.is_file():
        raise InputError(f"{path}: no such file", hint="check the path")
    suffix = path.suffix.lower()
    data = _read_bytes(path)
    if suffix == ".docx":
        draft = word_draft(data, name=str(path))
        return Draft(_checked(draft.text, str(path)), draft.insertions, draft.deletions,
                     draft.paragraphs)
    if suffix == ".pdf":
        text = pdf_text(data, name=str(path))
    elif suffix in TEXT_SUFFIXES or suffix in (".xml", ".html", ".htm"):
        text = decode_text(data, name=str(path))
    else:
        raise InputError(f"{path}: unsupported file type '{suffix}'",
                         hint="give a .txt, .md, .docx or .pdf file, or - for standard input")
    return Draft(_checked(text, str(path)))


def _read_bytes(path: Path) -> bytes:
    return limits.read_bounded(path)


_SPACES = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


def _checked(text: str, name: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    # justified PDF text and typed drafts put several spaces between words; phrases match
    # word by word, so a run of spaces inside a line reads as one
    text = _SPACES.sub(" ", text)
    if len(text.strip()) < MIN_CHARS:
        raise InputError(f"{name}: the document is empty or has no readable text",
                         hint="give a draft with the agreement's text")
    return text


def decode_text(data: bytes, *, name: str) -> str:
    """Decode bytes as UTF-8/UTF-16 (by BOM), UTF-8, or cp1252; refuse binary data."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    # a cut-off last byte or a lone surrogate is one bad character, not an unreadable draft
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _text_not_binary(data.decode("utf-16", errors="replace"), name)
    if _looks_utf16(data):
        return _text_not_binary(data.decode("utf-16-le" if data[1:2] == b"\x00" else "utf-16-be",
                                            errors="replace"), name)
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: binary data, not text",
                         hint="give a .txt, .md, .docx or .pdf file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return _text_not_binary(text, name)


def _text_not_binary(text: str, name: str) -> str:
    """`text`, unless it is mostly control characters (NUL bytes read as UTF-16 were)."""
    if _control_ratio(text) > 0.05:
        raise InputError(f"{name}: binary data, not text",
                         hint="give a .txt, .md, .docx or .pdf file")
    return text


def _looks_utf16(data: bytes) -> bool:
    sample = data[:400]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return odd.count(0) > 0.4 * len(odd) or even.count(0) > 0.4 * len(even)


def _control_ratio(text: str) -> float:
    sample = text[:4096]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\n\r\t\f") or ch == "\ufffd")
    return bad / len(sample)


def docx_text(data: bytes, *, name: str) -> str:
    """Paragraph text of a Word document, with list numbering made explicit where Word hides it."""
    return word_draft(data, name=name).text


def word_draft(data: bytes, *, name: str) -> Draft:
    """A Word document's text (tracked changes accepted) and its count of tracked changes."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    limits.check_zip(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
        lines = _docx_lines(document)
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"{name}: not a readable Word document ({type(exc).__name__})",
                         hint="open and re-save it in Word or LibreOffice as .docx") from exc
    except Exception as exc:  # noqa: BLE001 - lxml and zip errors vary by corruption
        raise InputError(f"{name}: corrupt Word document ({type(exc).__name__})",
                         hint="open and re-save it in Word or LibreOffice as .docx") from exc
    body = document.element.body
    index = {element: i for i, element in enumerate(body.iter(_W + "p"))}
    return Draft("\n".join(line for line, _ in lines) + "\n",
                 insertions=sum(1 for _ in body.iter(_W + "ins", _W + "moveTo")),
                 deletions=sum(1 for _ in body.iter(_W + "del", _W + "moveFrom")),
                 paragraphs=tuple(index[element] for line, element in lines
                                  for _ in range(line.count("\n") + 1)))


def _docx_lines(document: Any) -> list[tuple[str, Any]]:
    """Paragraphs and table rows in document order, each numbered paragraph with its number,
    each line with the `w:p` it came from.

    Text is read as Word shows it with every tracked change accepted: insertions in,
    deletions and moved-away text out (python-docx's `paragraph.text` drops insertions, so
    the other side's redline would lose exactly what it added), and paragraphs inside
    content controls are read too.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    from treatykit.review.docxlists import Numbering

    numbering = Numbering(document)
    notes = _notes(document)
    contents = _contents_styles(document)
    lines = []
    for element in _blocks(document.element.body):
        if element.tag == _W + "p" and _style_id(element) in contents:
            continue  # a table-of-contents entry repeats a heading; it is not the article
        if element.tag == _W + "p":
            paragraph = Paragraph(element, document)
            text = paragraph_text(element).strip()
            label = numbering.label(paragraph) if text or not _has_deletions(element) else ""
            if text or label:
                lines.append((f"{label} {text}".strip() if label else text, element))
            lines += [(notes[ref], element) for ref in _note_refs(element) if ref in notes]
        else:
            for row in Table(element, document).rows:
                cells = [c for c in (" ".join(t for t in (paragraph_text(p).strip()
                                                           for p in cell._tc.iter(_W + "p"))
                                              if t) for cell in row.cells) if c]
                if cells:
                    lines.append((" | ".join(dict.fromkeys(cells)), next(row._tr.iter(_W + "p"))))
    return lines


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CONTENTS_STYLE = re.compile(r"^toc \d$", re.I)


def _contents_styles(document: Any) -> frozenset[str]:
    """Ids of the table-of-contents entry styles (Word's built-in "toc 1" to "toc 9")."""
    return frozenset(style.get(_W + "styleId", "")
                     for style in document.styles.element.iterchildren(_W + "style")
                     if _CONTENTS_STYLE.match(_style_name(style)))


def _style_name(style: Any) -> str:
    name = style.find(_W + "name")
    return "" if name is None else name.get(_W + "val", "")


def _style_id(paragraph: Any) -> str | None:
    ppr = paragraph.find(_W + "pPr")
    style = ppr.find(_W + "pStyle") if ppr is not None else None
    return None if style is None else style.get(_W + "val")
#: Containers whose text Word does not show once changes are accepted.
_REMOVED = frozenset({_W + "del", _W + "moveFrom"})
#: Block-level wrappers whose paragraphs belong to the document: content controls, custom XML.
_WRAPPERS = frozenset({_W + "sdt", _W + "sdtContent", _W + "customXml"})
_RUN_TEXT = {_W + "t": None, _W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n",
             _W + "noBreakHyphen": "-"}


def _blocks(parent: Any) -> Any:
    """Paragraphs and tables of `parent` in order, looking inside content controls."""
    for element in parent.iterchildren():
        if element.tag in (_W + "p", _W + "tbl"):
            yield element
        elif element.tag in _WRAPPERS:
            yield from _blocks(element)


def paragraph_text(paragraph: Any) -> str:
    """The text of a `w:p` element with tracked changes accepted.

    Runs are read wherever they sit in the paragraph (inserted, in a hyperlink, a content
    control or a field), except in deleted or moved-away text and in paragraphs nested
    inside it (text boxes).
    """
    parts: list[str] = []
    for run in paragraph.iter(_W + "r"):
        if _removed_or_nested(run, paragraph):
            continue
        for child in run.iterchildren():
            if child.tag in _RUN_TEXT:
                fixed = _RUN_TEXT[child.tag]
                parts.append(child.text or "" if fixed is None else fixed)
    return "".join(parts)


def _removed_or_nested(run: Any, paragraph: Any) -> bool:
    for ancestor in run.iterancestors():
        if ancestor is paragraph:
            return False
        if ancestor.tag in _REMOVED or ancestor.tag == _W + "p":
            return True
    return False


_NOTE_KINDS = {"footnotes": ("footnote", "Footnote"), "endnotes": ("endnote", "Endnote")}


def _notes(document: Any) -> dict[tuple[str, str], str]:
    """Footnote and endnote texts by (kind, id), each as one bracketed line.

    The line follows the paragraph that cites the note, so a "for greater certainty"
    footnote is read in the article it qualifies.
    """
    from lxml import etree

    notes: dict[tuple[str, str], str] = {}
    for rel in document.part.rels.values():
        part_kind = rel.reltype.rsplit("/", 1)[-1]
        if part_kind not in _NOTE_KINDS or rel.is_external:
            continue
        tag, word = _NOTE_KINDS[part_kind]
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iterchildren(_W + tag):
            text = " ".join(t for t in (paragraph_text(p).strip()
                                        for p in note.iter(_W + "p")) if t)
            if text:
                notes[(tag, note.get(_W + "id", ""))] = f"[{word}: {text}]"
    return notes


def _note_refs(paragraph: Any) -> list[tuple[str, str]]:
    """The notes a paragraph cites, in order (not those in its deleted text)."""
    refs = []
    for ref in paragraph.iter(_W + "footnoteReference", _W + "endnoteReference"):
        run = ref.getparent()
        if run is not None and not _removed_or_nested(run, paragraph):
            tag = "footnote" if ref.tag == _W + "footnoteReference" else "endnote"
            refs.append((tag, ref.get(_W + "id", "")))
    return refs


def _has_deletions(paragraph: Any) -> bool:
    """Does the paragraph hold deleted text? An empty one that does was deleted whole, and
    its number goes with it."""
    return any(True for _ in paragraph.iter(_W + "delText"))


_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$"
                          r"|^\s*-\s*\d{1,4}\s*-\s*$", re.I)


def _without_page_numbers(page: str) -> str:
    """A page's text without the lines that are only its number ("5", "Page 5 of 39",
    "- 5 -"): extracted in the middle of a paragraph they would split its sentence."""
    return "\n".join(line for line in page.split("\n") if not _PAGE_NUMBER.match(line))


def _without_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running header or footer ("DRAFT - without prejudice", a
    journal's name): a first or last line that most pages share, digits aside. Left in, it
    would split the sentence that runs over the page break."""
    if len(pages) < 3:
        return pages
    split = [page.strip("\n").split("\n") for page in pages]
    running = set()
    for edge in (0, -1):
        counts = Counter(_DIGITS.sub("#", lines[edge].strip()) for lines in split if lines)
        running |= {line for line, n in counts.items() if line and n * 2 >= len(pages)}
    return ["\n".join(_trim_edges(lines, running)) for lines in split]


def _trim_edges(lines: list[str], running: set[str]) -> list[str]:
    if lines and _DIGITS.sub("#", lines[0].strip()) in running:
        lines = lines[1:]
    if lines and _DIGITS.sub("#", lines[-1].strip()) in running:
        lines = lines[:-1]
    return lines


_DIGITS = re.compile(r"\d+")
_CONTENTS = re.compile(r"^\s*(?:table\s+of\s+)?contents\s*$", re.I | re.M)
_CONTENTS_ENTRY = re.compile(r"^\s*(?:part|chapter|section|article|annex|schedule|appendix|"
                             r"protocol)\b", re.I)


def _without_contents(text: str) -> str:
    """The text without a table of contents: a "Contents" line and the run of heading
    entries after it, which would otherwise read as articles without a body."""
    found = _CONTENTS.search(text)
    if found is None:
        return text
    rest = text[found.end():].lstrip("\n").split("\n")
    seen: set[str] = set()
    entries = 0  # up to the first line that is no entry, or one listed already (the body)
    while entries < len(rest) and _CONTENTS_ENTRY.match(rest[entries]) \
            and rest[entries].strip() not in seen:
        seen.add(rest[entries].strip())
        entries += 1
    if entries < 2:
        return text
    return text[:found.start()] + "\n".join(rest[entries:])


def pdf_text(data: bytes, *, name: str) -> str:
    """Text layer of a PDF; a scanned PDF without one is an error, not an empty review."""
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        with limits.cpu_limit(limits.PDF_SECONDS, name):
            reader = PdfReader(io.BytesIO(data))
            if len(reader.pages) > limits.PDF_PAGES.value:
                raise limits.over(limits.PDF_PAGES, name, len(reader.pages))
            pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except FileNotDecryptedError as exc:
        raise InputError(f"{name}: the PDF is encrypted (it needs a password to open)",
                         hint="save an unprotected copy, or give the .docx or .txt") from exc
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InputError(f"{name}: not a readable PDF ({type(exc).__name__})",
                         hint="export the draft again as PDF, or give .docx or .txt") from exc
    except Exception as exc:  # noqa: BLE001 - pypdf raises many types on corrupt files
        raise InputError(f"{name}: corrupt PDF ({type(exc).__name__})",
                         hint="export the draft again as PDF, or give .docx or .txt") from exc
    pages = _without_running_lines([_without_page_numbers(page) for page in pages])
    text = _without_contents("\n".join(pages))
    if len(text.strip()) < MIN_CHARS:
        raise InputError(f"{name}: the PDF has no text layer (a scan?)",
                         hint="run OCR first or give the .docx or .txt")
    return text
