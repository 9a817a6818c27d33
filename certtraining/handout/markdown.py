"""Markdown cells as handout HTML, through ``certtraining.present.markup`` like every content text.

Lesson notebooks are generated from ``data/``, so a heading in a Markdown cell is content
a teacher wrote. nbconvert's own Markdown renderer passes raw HTML through, which would let
a ``<script>`` in a title run in the handout; here only the course's Markdown subset plus
headings, quotes and the builder's own ``<a id="...">`` anchors are understood, and
everything else is shown as text.
"""

from __future__ import annotations

import re

from certtraining.present.markup import inline_html, to_html

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
# The exact anchor certtraining.notebook.build.anchor() writes; any other tag stays text.
_ANCHOR = re.compile(r'\s*<a id="([A-Za-z0-9_-]+)"></a>\s*$')
_QUOTE = re.compile(r"^\s*>\s?(.*)$")


def split_heading(text: str) -> tuple[str, str | None]:
    """A heading's text and the anchor id the notebook builder appended, if any."""
    match = _ANCHOR.search(text)
    if match:
        return text[: match.start()].strip(), match.group(1)
    return text.strip(), None


def heading_html(level: int, text: str) -> str:
    title, anchor_id = split_heading(text)
    id_attr = f' id="{anchor_id}"' if anchor_id else ""
    return f"<h{level}{id_attr}>{inline_html(title)}</h{level}>"


def headings(source: str) -> list[tuple[int, str, str | None]]:
    """Every heading in a cell: level, plain title and anchor id."""
    found = []
    for line in source.splitlines():
        match = _HEADING.match(line)
        if match:
            title, anchor_id = split_heading(match.group(2))
            found.append((len(match.group(1)), title, anchor_id))
    return found


def cell_html(source: str) -> str:
    """A Markdown cell's source as safe HTML: headings, block quotes, then the markup subset."""
    out: list[str] = []
    text: list[str] = []
    quote: list[str] = []

    def flush() -> None:
        if text:
            out.append(to_html("\n".join(text)))
            text.clear()
        if quote:
            out.append(f"<blockquote>{to_html(chr(10).join(quote))}</blockquote>")
            quote.clear()

    for line in source.splitlines():
        heading = _HEADING.match(line)
        quoted = _QUOTE.match(line)
        if heading:
            flush()
            out.append(heading_html(len(heading.group(1)), heading.group(2)))
        elif quoted:
            if text:
                flush()
            quote.append(quoted.group(1))
        else:
            if quote:
                flush()
            text.append(line)
    flush()
    return "".join(out)
