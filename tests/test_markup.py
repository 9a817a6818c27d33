"""Content markup: the small Markdown subset renders; raw HTML is always shown as text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from certtraining.content.models import Caution
from certtraining.present.blocks import Block, cautions_block
from certtraining.present.markup import TermLinks, inline_html, linking, to_html, to_text


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


def test_raw_html_in_lists_and_links_stays_text():
    out = to_html('- <img src=x onerror=alert(1)>\n- [<b>x</b>](#a) <a id="y"></a>')
    assert "<img" not in out and "<b>" not in out and '<a id="y">' not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert '<a href="#a">&lt;b&gt;x&lt;/b&gt;</a>' in out


def test_only_the_course_subset_is_markup():
    # Headings, quotes, autolinks, images, rules and code blocks are not part of content text.
    out = to_html("# 제목\n\n> 인용\n\n<https://example.com>\n\n![그림](a.png)\n\n---\n\n    코드")
    for tag in ("<h1", "<blockquote", "<img", "<hr", "<pre"):
        assert tag not in out
    assert "<a href=" in out  # the image syntax leaves a plain, safe link to a.png
    assert "&lt;https://example.com&gt;" in out


def test_unsafe_link_schemes_stay_text():
    for url in ("JavaScript:alert(1)", "data:text/html,x", "vbscript:x", "mailto:a@b.c"):
        out = inline_html(f"[누르세요]({url})")
        assert "<a " not in out, url
    assert inline_html("[문서](guide/intro.html#top)") == '<a href="guide/intro.html#top">문서</a>'


def test_emphasis_closes_before_a_korean_particle():
    # CommonMark alone leaves these asterisks literal (punctuation before, a letter after).
    assert inline_html("**문자(SMS)**를 받아") == "<strong>문자(SMS)</strong>를 받아"
    assert inline_html("*「중요」*입니다") == "<em>「중요」</em>입니다"
    assert inline_html("a**b") == "a**b"


def test_lines_of_a_paragraph_join_with_a_space():
    assert to_html("첫 줄\n둘째 줄") == "<p>첫 줄 둘째 줄</p>"
    assert to_text("첫 줄\n- 항목 **굵게**") == "첫 줄\n- 항목 굵게"


def _links(*keys: str) -> TermLinks:
    spellings = {"발급": "issue", "재발급": "reissue", "OTP": "otp"}
    return TermLinks(spellings, {k: (f"#g-{k}", f"뜻 {k}") for k in keys}, "term")


def test_terms_link_once_outside_links_and_code():
    with linking(_links("issue", "otp")):
        out = inline_html("`발급` [발급](#x) 재발급 *발급* 발급 OTP OTP")
    assert out == (
        '<code>발급</code> <a href="#x">발급</a> 재발급 '
        '<em><a class="term" href="#g-issue" title="뜻 issue">발급</a></em> 발급 '
        '<a class="term" href="#g-otp" title="뜻 otp">OTP</a> OTP'
    )


def test_term_link_titles_are_escaped_and_text_is_not_reparsed():
    links = TermLinks({"<b>": "tag"}, {"tag": ('#"x', '"><script>')}, "term")
    with linking(links):
        out = to_html("a <b> c")
    assert out == (
        '<p>a <a class="term" href="#&quot;x" title="&quot;&gt;&lt;script&gt;">&lt;b&gt;</a> c</p>'
    )
