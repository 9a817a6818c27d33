"""The small Markdown subset content may use, rendered so that raw HTML is always shown as text.

Escaping comes first and everything after it only adds tags we build ourselves, so a
``<script>`` typed into a content file can never run in a notebook, widget or handout.
"""

from __future__ import annotations

import html
import re

_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EM = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_SAFE_URL = re.compile(r"^(https?://|#|[A-Za-z0-9_./-]+(#[A-Za-z0-9_-]+)?$)")
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")


def _link(match: re.Match[str]) -> str:
    label, url = match.group(1), html.unescape(match.group(2))
    if not _SAFE_URL.match(url):
        return match.group(0)
    return f'<a href="{html.escape(url, quote=True)}">{label}</a>'


def inline_html(text: str) -> str:
    """One line of content as HTML: escaped, then emphasis, code and safe links."""
    escaped = html.escape(text, quote=False)
    codes: list[str] = []

    def keep_code(match: re.Match[str]) -> str:
        codes.append(f"<code>{match.group(1)}</code>")
        return f"\x00{len(codes) - 1}\x00"

    out = _CODE.sub(keep_code, escaped)
    out = _LINK.sub(_link, out)
    out = _STRONG.sub(r"<strong>\1</strong>", out)
    out = _EM.sub(r"<em>\1</em>", out)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], out)


def to_html(text: str) -> str:
    """A block of content as HTML paragraphs and lists."""
    blocks: list[str] = []
    items: list[str] = []
    list_tag = ""
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(f"<p>{inline_html(' '.join(paragraph))}</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            body = "".join(f"<li>{inline_html(i)}</li>" for i in items)
            blocks.append(f"<{list_tag}>{body}</{list_tag}>")
            items.clear()
        list_tag = ""

    for line in text.splitlines():
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append((bullet or numbered).group(1))
        elif not line.strip():
            flush_paragraph()
            flush_list()
        else:
            flush_list()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_list()
    return "".join(blocks)


def to_text(text: str) -> str:
    """The same content as plain text (for text/plain outputs): markers dropped, nothing executed."""
    out = _LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)
    out = _STRONG.sub(r"\1", out)
    out = _EM.sub(r"\1", out)
    return _CODE.sub(r"\1", out)
