"""Content markup: the small Markdown subset renders; raw HTML is always shown as text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from certtraining.content.models import Caution
from certtraining.present.blocks import Block, cautions_block
from certtraining.present.markup import inline_html, to_html, to_text


def test_emphasis_code_and_links_render():
    out = inline_html("**중요** *주의* `code` [안내](#a-section)")
    assert "<strong>중요</strong>" in out
    assert "<em>주의</em>" in out
    assert "<code>code</code>" in out
    assert '<a href="#a-section">안내</a>' in out


def test_lists_and_paragraphs():
    out = to_html("첫 문단\n\n- 하나\n- 둘\n\n1. 첫째\n2. 둘째")
    assert out == (
        "<p>첫 문단</p><ul><li>하나</li><li>둘</li></ul><ol><li>첫째</li><li>둘째</li></ol>"
    )


def test_script_is_escaped_everywhere():
    text = '<script>alert("x")</script> <img src=x onerror=alert(1)>'
    out = to_html(text)
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;" in out


def test_javascript_links_are_not_made_clickable():
    out = inline_html("[누르세요](javascript:alert(1))")
    assert "<a " not in out


def test_code_spans_are_not_reinterpreted():
    assert inline_html("`**x**`") == "<code>**x**</code>"


@given(st.text())
def test_no_tag_from_content_survives(text):
    out = to_html(text)
    allowed = (
        "<p>",
        "</p>",
        "<ul>",
        "</ul>",
        "<ol>",
        "</ol>",
        "<li>",
        "</li>",
        "<strong>",
        "</strong>",
        "<em>",
        "</em>",
        "<code>",
        "</code>",
        "<a href=",
        "</a>",
    )
    stripped = out
    for tag in allowed:
        stripped = stripped.replace(tag, "")
    assert "<" not in stripped.replace("&lt;", "")


def test_plain_text_drops_markers():
    assert to_text("**중요** [안내](#a)") == "중요 안내 (#a)"


def test_caution_box_escapes_teacher_html():
    caution = Caution(id="c", section="s", text="<script>alert(1)</script> 조심", source="seed")
    block = cautions_block([caution])
    assert isinstance(block, Block)
    assert "<script>" not in block.html and "&lt;script&gt;" in block.html
    assert "<script>alert(1)</script> 조심" in block.text
