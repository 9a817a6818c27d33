"""Markdown cells as handout HTML, through the course's parser like every content text.

Lesson notebooks are generated from ``data/``, so a heading in a Markdown cell is content
a teacher wrote. nbconvert's own Markdown renderer passes raw HTML through, which would let
a ``<script>`` in a title run in the handout; here the course's parser
(:func:`certtraining.present.markup.make_parser`) reads the cell with headings, block quotes
and fenced code added and raw HTML off, and the one tag the builder writes, the anchor
``certtraining.notebook.build.anchor()`` appends to a heading, becomes the heading's ``id``.
Everything else is shown as text.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from certtraining.present.markup import make_parser

# The exact anchor certtraining.notebook.build.anchor() writes; any other tag stays text.
_ANCHOR = re.compile(r'\s*<a id="([A-Za-z0-9_-]+)"></a>\s*$')


def split_heading(text: str) -> tuple[str, str | None]:
    """A heading's text and the anchor id the notebook builder appended, if any."""
    match = _ANCHOR.search(text)
    if match:
        return text[: match.start()].strip(), match.group(1)
    return text.strip(), None


def _heading_anchors(state: StateCore) -> None:
    """With raw HTML off, the builder's anchor arrives as the end of a heading's last text
    token: cut it off there (and off the heading's source) and put its id on the heading."""
    tokens = state.tokens
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type != "heading_open" or not inline.children:
            continue
        last = inline.children[-1]
        match = _ANCHOR.search(last.content) if last.type == "text" else None
        if match is None:
            continue
        last.content = last.content[: match.start()].rstrip()
        if not last.content:
            inline.children.pop()
        inline.content = split_heading(inline.content)[0]
        opening.attrSet("id", match.group(1))


@cache
def _cell_parser() -> MarkdownIt:
    md = make_parser("heading", "blockquote", "fence")
    md.core.ruler.after("text_join", "heading_anchors", _heading_anchors)
    return md


def _parse(source: str) -> list[Token]:
    return _cell_parser().parse(source, {})


def heading_html(level: int, text: str) -> str:
    return _cell_parser().render(f"{'#' * level} {text}", {})


def headings(source: str) -> list[tuple[int, str, str | None]]:
    """Every heading in a cell: level, title (its Markdown source) and anchor id."""
    tokens = _parse(source)
    return [
        (int(opening.tag[1:]), inline.content, _id(opening))
        for opening, inline in zip(tokens, tokens[1:], strict=False)
        if opening.type == "heading_open"
    ]


def _id(token: Token) -> str | None:
    value = token.attrGet("id")
    return None if value is None else str(value)


def cell_html(source: str) -> str:
    """A Markdown cell's source as safe HTML: headings, quotes, fenced code and the subset."""
    return _cell_parser().render(source, {})
