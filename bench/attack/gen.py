"""Builders for hostile inputs: our own minimal deal, playbook, clause, draft, Word and PDF
files, and the malformed variants of them. Nothing here copies a real treaty."""

from __future__ import annotations

import io
import random
import zipfile
import zlib

DEAL = """\
template: bit
stance: balanced
parties:
  - role: host
    name: the Republic of Testland
    short: Testland
  - role: partner
    name: the Kingdom of Examplia
    short: Examplia
place: Testville
"""

PLAYBOOK = """\
playbook:
  id: attack-mandate
  title: Attack mandate
  stance: balanced
  description: Two requirements for the attack suite.
requirements:
  - id: transfers
    provision: transfers.free_transfer
    severity: must
    title: Free transfers
  - id: national_treatment
    provision: treatment.national_treatment
    severity: should
    title: National treatment
"""

CLAUSE = """\
provision: transfers.free_transfer
clauses:
  - id: transfers.free_transfer.attack
    stance: balanced
    title: Transfers
    version: "1.0"
    parameters:
      max_delay_days: {{type: days, default: 15, min: 0, max: 60, help: Days to transfer.}}
    text: |
      1. Each Party shall permit transfers relating to a covered investment to be made within
      {{{{ max_delay_days | words }}}} days. {text}
    provenance:
      - cite: "Attack suite (2026), Art. 1"
    notes: {{protects: a dated right, pushback: hosts want longer, fallback: thirty days}}
"""

TEMPLATE_META = """\
id: evil
name: Attack template
doc_type: treaty
title: Agreement between {{ host_full }} and {{ partner_full }}
party_designation: the Government of {{ name }}
parts:
  - title: ""
    articles:
      - definitions.investment
"""

TEMPLATE_DOC = '# {{{{ title }}}}\n\n{expr}\n\n{{% include "_partials/articles.md.j2" %}}\n'

SENTENCES = [
    "Each Party shall admit investments of investors of the other Party in accordance with its laws.",
    "Each Party shall accord to covered investments treatment no less favourable than that it "
    "accords, in like circumstances, to investments of its own investors.",
    "Each Party shall permit all transfers relating to a covered investment to be made freely "
    "and without delay into and out of its territory.",
    "Neither Party shall expropriate a covered investment except for a public purpose, in a "
    "non-discriminatory manner, on payment of prompt, adequate and effective compensation.",
    "Any dispute between a Party and an investor of the other Party may be submitted to "
    "arbitration under the ICSID Convention after six months of consultations.",
]


def draft_text(articles: int = 6) -> str:
    """A small agreement in our own words."""
    lines = ["AGREEMENT BETWEEN TESTLAND AND EXAMPLIA", ""]
    for number in range(1, articles + 1):
        lines += [f"Article {number}", SENTENCES[number % len(SENTENCES)], ""]
    return "\n".join(lines)


def deal_with(extra: str = "", *, base: str = DEAL) -> str:
    return base + extra


# --- Word -------------------------------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
{overrides}
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
PART_TYPES = {
    "styles": ("styles", "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"),
    "footnotes": ("footnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"),
    "comments": ("comments", "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"),
    "numbering": ("numbering", "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"),
    "endnotes": ("endnotes", "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"),
}


def paragraphs_xml(texts: list[str]) -> str:
    return "".join(f'<w:p><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>' for t in texts)


def document_xml(body: str, prolog: str = "") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>')


def docx(document: str | bytes | None = None, *, parts: dict[str, str | bytes] | None = None,
         extra: dict[str, bytes] | None = None, level: int = 6) -> bytes:
    """A Word package: document.xml, optional related parts (styles, footnotes...), and
    extra raw members."""
    if document is None:
        document = document_xml(paragraphs_xml(draft_text().split("\n")))
    parts = parts or {}
    overrides, rels = [], []
    for index, (kind, _content) in enumerate(parts.items(), start=2):
        name, ctype = PART_TYPES[kind]
        overrides.append(f'<Override PartName="/word/{name}.xml" ContentType="{ctype}"/>')
        rels.append(f'<Relationship Id="rId{index}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/{name}" Target="{name}.xml"/>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as package:
        package.writestr("[Content_Types].xml", CT.format(overrides="".join(overrides)))
        package.writestr("_rels/.rels", RELS)
        package.writestr("word/document.xml", document)
        package.writestr("word/_rels/document.xml.rels",
                         '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                         f'relationships">{"".join(rels)}</Relationships>')
        for kind, content in parts.items():
            package.writestr(f"word/{PART_TYPES[kind][0]}.xml", content)
        for name, content in (extra or {}).items():
            package.writestr(name, content)
    return buffer.getvalue()


def notes_xml(kind: str, body: str, prolog: str = "") -> str:
    tag = kind[:-1]
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
            f'<w:{kind} xmlns:w="{W}"><w:{tag} w:id="1">{body}</w:{tag}></w:{kind}>')


def billion_laughs(root: str = "x", levels: int = 10) -> tuple[str, str]:
    """(DOCTYPE prolog, entity reference) for an entity-expansion bomb."""
    ents = ['<!ENTITY l0 "lollollollollollollollollollol">']
    ents += [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, levels)]
    return f"<!DOCTYPE {root} [{''.join(ents)}]>", f"&l{levels - 1};"


def deflate_bomb_zip(name: str, size: int, *, declared: int | None = None) -> bytes:
    """A zip whose one member inflates to `size` zero bytes; `declared` lies about the size
    in the central directory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", CT.format(overrides=""))
        package.writestr("_rels/.rels", RELS)
        with package.open(name, "w", force_zip64=True) as member:
            chunk = b"<w:p/>" * (1 << 16)
            written = 0
            while written < size:
                member.write(chunk)
                written += len(chunk)
    data = buffer.getvalue()
    if declared is not None:
        data = _lie_about_size(data, name.encode(), declared)
    return data


def _lie_about_size(data: bytes, name: bytes, declared: int) -> bytes:
    """Rewrite the uncompressed size of `name` in the central directory (zip32 only)."""
    import struct

    out = bytearray(data)
    pos = out.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", out, pos + 28)[0]
        if bytes(out[pos + 46:pos + 46 + name_len]) == name:
            struct.pack_into("<I", out, pos + 24, declared)
        pos = out.find(b"PK\x01\x02", pos + 4)
    return bytes(out)


def random_words(count: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9)))
                    for _ in range(count))


# --- PDF --------------------------------------------------------------------------------------

def pdf(pages: list[bytes] | None = None, *, count: int | None = None,
        shared_content: bytes | None = None, page_total: int = 1, raw_objects: dict | None = None,
        kids_loop: bool = False, compress: bool = False) -> bytes:
    """A small PDF with correct offsets. `pages` are content streams; `shared_content` is one
    stream every one of `page_total` pages refers to; `count` lies about /Count."""
    objects: dict[int, bytes] = {}
    font = 3
    objects[font] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids: list[int] = []
    next_id = 4
    if shared_content is not None:
        content_id = next_id
        next_id += 1
        objects[content_id] = _stream(shared_content, compress)
        for _ in range(page_total):
            kids.append(next_id)
            objects[next_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                                b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
                                + f"{content_id} 0 R >>".encode())
            next_id += 1
    for content in pages or []:
        content_id, page_id = next_id, next_id + 1
        next_id += 2
        objects[content_id] = _stream(content, compress)
        objects[page_id] = (b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                            b"/Resources << /Font << /F1 3 0 R >> >> /Contents "
                            + f"{content_id} 0 R >>".encode())
        kids.append(page_id)
    if kids_loop:
        kids.append(2)
    total = count if count is not None else len(kids)
    objects[2] = (b"<< /Type /Pages /Kids [" + b" ".join(f"{k} 0 R".encode() for k in kids)
                  + f"] /Count {total} >>".encode())
    objects[1] = b"<< /Type /Catalog /Pages 2 0 R >>"
    for key, value in (raw_objects or {}).items():
        objects[key] = value
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode() + objects[number] + b"\nendobj\n")
    xref = out.tell()
    size = max(objects) + 1
    out.write(f"xref\n0 {size}\n0000000000 65535 f \n".encode())
    for number in range(1, size):
        out.write(f"{offsets.get(number, 0):010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(content: bytes, compress: bool) -> bytes:
    if compress:
        data = zlib.compress(content, 9)
        return (f"<< /Length {len(data)} /Filter /FlateDecode >>\nstream\n".encode() + data
                + b"\nendstream")
    return f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream"


def text_page(text: str) -> bytes:
    lines = [b"BT /F1 10 Tf 50 750 Td 12 TL"]
    for line in text.split("\n"):
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        lines.append(f"({safe}) '".encode("latin-1", "replace"))
    lines.append(b"ET")
    return b"\n".join(lines)
