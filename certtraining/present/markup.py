"""The small Markdown subset content may use, rendered so that raw HTML is always shown as text.

Parsing is markdown-it-py's (CommonMark), started from its empty ``zero`` preset with only
the rules the course uses switched on: paragraphs, lists, emphasis, inline code and links
(:data:`CONTENT_RULES`; a notebook cell adds headings, block quotes and fenced code). Raw HTML is off,
so ``<script>`` or ``<img onerror=...>`` typed into a content file stays text in a
notebook, widget or handout; links keep only the schemes :func:`safe_url` allows.

Other layers may add links to words on the token stream (the glossary does, see
:func:`linking`): they hand over which words and where, never HTML.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.parser_inline import ParserInline
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from markdown_it.utils import EnvType

CONTENT_RULES = ("list", "emphasis", "backticks", "link", "newline")
_SAFE_URL = re.compile(r"^(https?://|#|[A-Za-z0-9_./-]+(#[A-Za-z0-9_-]+)?$)")


def safe_url(url: str) -> bool:
    """Web addresses, in-page anchors and plain relative paths; never ``javascript:`` and kin."""
    return bool(_SAFE_URL.match(url))


@dataclass
class TermLinks:
    """Words to link at their first use: ``spellings`` maps each written form to a key,
    ``targets`` each key still to link to its ``(href, title)``. Every spelling takes part
    in matching, longest first, so a longer term is never read as a shorter one inside it;
    only keys in ``targets`` are linked, each once (the first rendered use)."""

    spellings: Mapping[str, str]
    targets: Mapping[str, tuple[str, str]]
    css_class: str
    pending: set[str] = field(init=False)
    pattern: re.Pattern[str] | None = field(init=False)

    def __post_init__(self) -> None:
        self.pending = set(self.targets)
        ordered = sorted(self.spellings, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None


_LINKS: ContextVar[TermLinks | None] = ContextVar("certtraining_term_links", default=None)


@contextmanager
def linking(links: TermLinks) -> Iterator[TermLinks]:
    """While inside, :func:`inline_html` and :func:`to_html` link the first use of each term.

    A context rather than a parameter, so the boxes in ``present/blocks.py`` need not pass
    it through; plain text (:func:`to_text`) never gets links.
    """
    token = _LINKS.set(links)
    try:
        yield links
    finally:
        _LINKS.reset(token)


def _link_terms(state: StateCore) -> None:
    """Split text tokens on the first use of each pending term, outside links and code."""
    links: TermLinks | None = state.env.get("term_links")
    if links is None or links.pattern is None:
        return
    for block in state.tokens:
        if block.type == "inline" and block.children and links.pending:
            block.children = _linked_children(block.children, links)


def _linked_children(children: list[Token], links: TermLinks) -> list[Token]:
    out: list[Token] = []
    inside_link = 0
    for child in children:
        inside_link += {"link_open": 1, "link_close": -1}.get(child.type, 0)
        if child.type != "text" or inside_link or not links.pending:
            out.append(child)  # code spans are their own token type, never "text"
            continue
        out.extend(_split_text(child, links))
    return out


def _split_text(token: Token, links: TermLinks) -> list[Token]:
    assert links.pattern is not None
    out: list[Token] = []
    text, start = token.content, 0
    for match in links.pattern.finditer(text):
        key = links.spellings[match.group(0)]
        if key not in links.pending:
            continue
        links.pending.discard(key)
        href, title = links.targets[key]
        if match.start() > start:
            out.append(_text(text[start : match.start()], token.level))
        opening = Token("link_open", "a", 1, level=token.level)
        opening.attrs = {"class": links.css_class, "href": href, "title": title}
        out += [opening, _text(match.group(0), token.level + 1)]
        out.append(Token("link_close", "a", -1, level=token.level))
        start = match.end()
    if start == 0:
        return [token]
    if start < len(text):
        out.append(_text(text[start:], token.level))
    return out


def _text(content: str, level: int) -> Token:
    token = Token("text", "", 0, level=level)
    token.content = content
    return token


def _flat(state: StateCore) -> None:
    """No newlines between block tags: the HTML goes inside boxes and table cells as one run."""
    for token in state.tokens:
        token.block = False


def _space(
    renderer: object, tokens: Sequence[Token], idx: int, options: object, env: object
) -> str:
    return " "  # a line break inside a paragraph reads as a space, as content files wrap lines


def _text_html(
    renderer: object, tokens: Sequence[Token], idx: int, options: object, env: object
) -> str:
    # Quotes need no escaping between tags; leaving them keeps the HTML as it was before.
    return html.escape(tokens[idx].content, quote=False)


def _code_html(
    renderer: object, tokens: Sequence[Token], idx: int, options: object, env: object
) -> str:
    return f"<code>{html.escape(tokens[idx].content, quote=False)}</code>"


def _wide(char: str) -> bool:
    """Hangul, kana, ideographs and full-width forms: scripts written without the spaces
    CommonMark's emphasis rules lean on."""
    return unicodedata.east_asian_width(char) in ("W", "F", "H")


def _punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


class _KoreanState(StateInline):
    """CommonMark reads ``**문자(SMS)**를`` as literal asterisks: a closing run after
    punctuation must be followed by a space or punctuation, and Korean puts a particle
    right there. As in the CJK-friendly amendment to CommonMark
    (github.com/tats-u/markdown-cjk-friendly), a wide character next to the run counts
    like punctuation for that test; runs with no wide neighbour parse exactly as before."""

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:  # noqa: N802, N803
        scanned = super().scanDelims(start, canSplitWord)
        end = start + scanned.length
        last = self.src[start - 1] if start > 0 else " "
        after = self.src[end] if end < self.posMax else " "
        if not (_wide(last) or _wide(after)):
            return scanned
        last_space, after_space = isWhiteSpace(ord(last)), isWhiteSpace(ord(after))
        last_blocks = _punct(last) and not _wide(last)
        after_blocks = _punct(after) and not _wide(after)
        last_allows, after_allows = _punct(last) or _wide(last), _punct(after) or _wide(after)
        left = not after_space and (not after_blocks or last_space or last_allows)
        right = not last_space and (not last_blocks or after_space or after_allows)
        if canSplitWord:
            return Scanned(left, right, scanned.length)
        return Scanned(
            left and (not right or last_allows),
            right and (not left or after_allows),
            scanned.length,
        )


class _KoreanInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: EnvType, tokens: list[Token]) -> list[Token]:
        state = _KoreanState(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


def make_parser(*extra_rules: str) -> MarkdownIt:
    """A new parser for the course's Markdown: :data:`CONTENT_RULES` plus ``extra_rules``
    (for example ``"heading"`` and ``"blockquote"`` for a notebook's Markdown cell), raw HTML
    off, only safe links, and term links where :func:`linking` asks for them."""
    md = MarkdownIt("zero", {"html": False})
    md.inline = _KoreanInline()
    md.configure("zero", {"html": False}).enable([*CONTENT_RULES, *extra_rules])
    md.validateLink = safe_url  # type: ignore[method-assign]
    md.core.ruler.push("term_links", _link_terms)
    md.core.ruler.push("flat", _flat)
    md.add_render_rule("softbreak", _space)
    md.add_render_rule("hardbreak", _space)
    md.add_render_rule("text", _text_html)
    md.add_render_rule("code_inline", _code_html)
    return md


@cache
def _content_parser() -> MarkdownIt:
    return make_parser()


def _env() -> dict[str, object]:
    return {"term_links": _LINKS.get()}


def inline_html(text: str) -> str:
    """One line of content as HTML: escaped, then emphasis, code and safe links."""
    return _content_parser().renderInline(text, _env())


def to_html(text: str) -> str:
    """A block of content as HTML paragraphs and lists."""
    return _content_parser().render(text, _env())


def to_text(text: str) -> str:
    """The same content as plain text (for text/plain outputs): markers dropped, nothing executed.

    Read as one inline run, so lines, list markers and blank lines stay where the author put
    them; a link reads ``label (address)``.
    """
    return "".join(_plain(_content_parser().parseInline(text, {})[0].children or []))


def _plain(children: list[Token]) -> Iterator[str]:
    href = ""
    for child in children:
        if child.type in ("text", "code_inline"):
            yield child.content
        elif child.type in ("softbreak", "hardbreak"):
            yield "\n"
        elif child.type == "link_open":
            href = str(child.attrGet("href") or "")
        elif child.type == "link_close":
            yield f" ({href})"
