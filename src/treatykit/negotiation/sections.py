"""A rendered agreement cut into its articles, and articles put back with brackets."""

from __future__ import annotations

from dataclasses import dataclass, replace

from treatykit.drafting.document import Block, Document
from treatykit.negotiation.wordiff import Piece, diff_words, is_small, phrases

PROPOSAL = "Proposal"


@dataclass(frozen=True)
class Alternative:
    """One party's (or the proposal's) text of an article: its paragraphs."""

    label: str
    paras: tuple[Block, ...]


def article_sections(doc: Document) -> tuple[list[Block], list[tuple[Block, list[Block]]]]:
    """The blocks before the first article, then each article heading with its blocks."""
    head: list[Block] = []
    articles: list[tuple[Block, list[Block]]] = []
    for block in doc.blocks:
        if block.kind == "article":
            articles.append((block, []))
        elif articles:
            articles[-1][1].append(block)
        else:
            head.append(block)
    return head, articles


def body(blocks: list[Block]) -> tuple[Block, ...]:
    """An article's paragraphs, without the part headings and page breaks that follow it."""
    return tuple(b for b in blocks if b.kind == "para")


def trailer(blocks: list[Block]) -> list[Block]:
    """What follows an article's paragraphs: the next part heading, a page break."""
    paras = [i for i, b in enumerate(blocks) if b.kind == "para"]
    return blocks[paras[-1] + 1:] if paras else blocks


def bracket(alternatives: list[Alternative]) -> tuple[list[Block], str]:
    """The article's paragraphs with each position bracketed and labelled, and what was
    bracketed ("paragraph 3", "words in paragraph 1", "the whole article").

    A drafter brackets the smallest meaningful unit: words or numbers where the texts
    differ only there, else the paragraph; where the positions do not even have the same
    paragraphs, the whole article.
    """
    counts = {len(a.paras) for a in alternatives}
    if len(counts) > 1 or any(_labels(a) != _labels(alternatives[0]) for a in alternatives):
        return _whole(alternatives), "the whole article"
    blocks: list[Block] = []
    what: list[str] = []
    parent = ""
    for index, block in enumerate(alternatives[0].paras):
        parent = block.label.rstrip(".") if block.level < 2 else parent
        variants = [(a.label, a.paras[index].text) for a in alternatives]
        new, kind = _paragraph(block, variants)
        blocks += new
        if kind:
            name = parent + block.label if block.level == 2 else parent
            what.append(f"{kind} {name or index + 1}")
    if len(what) == len(alternatives[0].paras) > 1 and all(w.startswith("paragraph")
                                                          for w in what):
        return blocks, "every paragraph"
    return blocks, "; ".join(what) or "nothing"


def _labels(alternative: Alternative) -> list[str]:
    return [b.label for b in alternative.paras]


def _paragraph(block: Block, variants: list[tuple[str, str]]) -> tuple[list[Block], str]:
    distinct = _merge(variants)
    if len(distinct) == 1:
        return [block], ""
    inline = _inline(distinct)
    if inline is not None:
        return [replace(block, text=inline)], "words in paragraph"
    return [replace(block, text=f"[{label}: {text}]") for label, text in distinct], "paragraph"


def _merge(variants: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Positions with the same text share one bracket ("PK, Proposal")."""
    merged: dict[str, list[str]] = {}
    for label, text in variants:
        merged.setdefault(text, []).append(label)
    return [(", ".join(labels), text) for text, labels in merged.items()]


def _inline(distinct: list[tuple[str, str]]) -> str | None:
    """The paragraph with brackets around the words that differ, when all positions
    differ from the first in the same few places; None when they do not."""
    base = distinct[0][1]
    diffs = [phrases(diff_words(base, text), gap=2) for _, text in distinct[1:]]
    if not all(is_small(d) for d in diffs) or len({_shape(d) for d in diffs}) > 1:
        return None
    out: list[str] = []
    for index, piece in enumerate(diffs[0]):
        if piece.op == "equal":
            out.append(piece.old)
            continue
        options = [(distinct[0][0], piece.old)] + \
            [(label, d[index].new) for (label, _), d in zip(distinct[1:], diffs, strict=True)]
        out.append(" ".join(f"[{label}: {text}]" if text else f"[{label}: —]"
                            for label, text in options))
    return " ".join(p for p in out if p)


def _shape(pieces: list[Piece]) -> tuple[tuple[str, str], ...]:
    """Where a diff changes the first text: the same shape means the same places."""
    return tuple((p.op if p.op == "equal" else "change", p.old) for p in pieces)


def _whole(alternatives: list[Alternative]) -> list[Block]:
    blocks: list[Block] = []
    for alternative in alternatives:
        paras = list(alternative.paras)
        if not paras:
            blocks.append(Block("para", f"[{alternative.label}: no article]"))
            continue
        paras[0] = replace(paras[0], text=f"[{alternative.label}: {paras[0].text}")
        paras[-1] = replace(paras[-1], text=f"{paras[-1].text}]")
        blocks += paras
    return blocks


def article_number(heading: Block) -> int:
    """The number in an article heading ("Article 7: ..." is 7)."""
    digits = "".join(ch if ch.isdigit() else " " for ch in heading.text).split()
    return int(digits[0]) if digits else 0
