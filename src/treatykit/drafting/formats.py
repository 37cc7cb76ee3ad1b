"""Text writers for a draft: Markdown, plain text and standalone HTML.

All three are pure functions of the Document, so the same inputs give byte-identical
output (no timestamps, no random ids).
"""

from __future__ import annotations

import html
import re
import textwrap

from treatykit.drafting.document import Block, Document

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<!\*)\*(?!\*)(.+?)(?<!\*)\*(?!\*)")
WIDTH = 88


def to_markdown(doc: Document) -> str:
    """Draft Markdown, normalised: one blank line between blocks, sub-paragraphs indented."""
    lines: list[str] = []
    parent = 0
    for block in doc.blocks:
        if block.kind == "para":
            if block.level < 2:
                parent = block.level
            lines.append(_markdown_para(block, parent))
        elif block.kind == "break":
            lines.append("---")
        else:
            lines.append("#" * _LEVELS[block.kind] + " " + block.text)
            parent = 0
    return "\n\n".join(lines) + "\n"


_LEVELS = {"title": 1, "part": 2, "article": 3, "subheading": 4}


def _markdown_para(block: Block, parent: int) -> str:
    text = f"{block.label} {block.text}" if block.label else block.text
    # Indent sub-paragraphs only inside a numbered paragraph: after an unnumbered one,
    # four spaces would turn them into a Markdown code block.
    return ("    " + text) if block.level == 2 and parent == 1 else text


def plain(text: str) -> str:
    """Inline Markdown marks removed."""
    return _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text))


def to_text(doc: Document) -> str:
    """Plain text wrapped at 88 columns, headings in capitals, hanging indents."""
    out: list[str] = []
    for block in doc.blocks:
        if block.kind == "para":
            out.append(_text_para(block))
        elif block.kind == "break":
            out.append("")
        elif block.kind in ("title", "part"):
            out.append(plain(block.text).upper().center(WIDTH).rstrip())
        else:
            out.append(plain(block.text))
    return "\n\n".join(out).rstrip() + "\n"


def _text_para(block: Block) -> str:
    indent = "    " if block.level == 2 else ""
    label = f"{block.label} " if block.label else ""
    hanging = indent + " " * len(label)
    return textwrap.fill(plain(block.text), WIDTH, initial_indent=indent + label,
                         subsequent_indent=hanging if label else indent,
                         break_long_words=False, break_on_hyphens=False)


_CSS = """\
body { font-family: "Times New Roman", Georgia, serif; max-width: 46em; margin: 3em auto;
       line-height: 1.45; padding: 0 1em; }
h1 { text-align: center; font-size: 1.5em; }
h2 { text-align: center; font-size: 1.2em; margin-top: 2em; }
h3 { font-size: 1.05em; margin-top: 1.6em; }
h4 { font-size: 1em; font-style: italic; }
p { text-align: justify; margin: 0.5em 0; }
p.l1 { padding-left: 2.2em; text-indent: -2.2em; }
p.l2 { padding-left: 4.4em; text-indent: -2.2em; }
p.title-page { text-align: center; }
span.num { display: inline-block; min-width: 2.2em; text-indent: 0; }
hr.page { border: none; border-top: 1px solid #999; margin: 2.5em 0; }
"""


def to_html(doc: Document) -> str:
    """A standalone HTML page with the draft's headings and numbered paragraphs."""
    body: list[str] = []
    title_page = True
    for block in doc.blocks:
        if block.kind == "break":
            title_page = False
            body.append('<hr class="page">')
        elif block.kind == "para":
            body.append(_html_para(block, title_page))
        else:
            tag = f"h{_LEVELS[block.kind]}"
            body.append(f"<{tag}>{inline_html(block.text)}</{tag}>")
    head = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(plain(doc.title))}</title>\n<style>\n{_CSS}</style>\n"
            f"</head>\n<body>\n")
    return head + "\n".join(body) + "\n</body>\n</html>\n"


def _html_para(block: Block, title_page: bool) -> str:
    css = "title-page" if title_page else f"l{block.level}"
    label = f'<span class="num">{html.escape(block.label)}</span>' if block.label else ""
    return f'<p class="{css}">{label}{inline_html(block.text)}</p>'


def inline_html(text: str) -> str:
    """Escape text, then turn **bold** and *italic* marks into tags."""
    escaped = html.escape(text, quote=False)
    escaped = _BOLD.sub(r"<strong>\1</strong>", escaped)
    return _ITALIC.sub(r"<em>\1</em>", escaped)


#: Characters after which a quote mark opens rather than closes.
_OPENERS = frozenset(" \t\n([{\u2014\u2013-/\u201c\u2018")


def smart_quotes(text: str) -> str:
    """Straight quotes and apostrophes as typographic ones: "a" -> \u201ca\u201d, it's -> it\u2019s.

    A quote opens at the start or after a space or bracket, and closes (or is an
    apostrophe) otherwise; `*` emphasis marks are looked through, so "**term**" works.
    """
    out: list[str] = []
    for index, char in enumerate(text):
        if char in "\"'":
            before = text[:index].rstrip("*")
            opens = not before or before[-1] in _OPENERS
            if char == '"':
                char = "\u201c" if opens else "\u201d"
            else:
                char = "\u2018" if opens and text[index + 1:index + 2].strip() else "\u2019"
        out.append(char)
    return "".join(out)
