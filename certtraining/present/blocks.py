"""HTML and plain-text renderings of content, shared by notebooks and handouts.

Styles are inline because JupyterLab strips ``<style>`` from untrusted outputs (a freshly
cloned notebook is untrusted) but keeps inline styles; class names let handouts restyle.
Every block also has a plain-text form: nbval compares it and screen readers fall back to it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from certtraining.content.models import Caution, Content, Faq, Lesson, Section, TodayNote
from certtraining.present.markup import inline_html, to_html, to_text

FONT_STACK = (
    '"Noto Sans KR", "Noto Sans CJK KR", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif'
)


@dataclass(frozen=True)
class Block:
    """Something a notebook cell shows: rich HTML plus a faithful plain-text form."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    def __add__(self, other: Block) -> Block:
        return Block(self.html + other.html, f"{self.text}\n\n{other.text}".strip())


def _box(kind: str, style: str, heading: str, inner: str, label: str) -> str:
    return (
        f'<div class="ct-{kind}" role="note" aria-label="{html.escape(label)}" '
        f'style="{style}; border-radius:6px; padding:0.6em 1em; margin:0.8em 0; '
        f'font-family:{html.escape(FONT_STACK)}; line-height:1.6; color:#1b1b1b">'
        f'<div class="ct-{kind}-heading" style="font-weight:700; margin-bottom:0.3em">'
        f"{heading}</div>{inner}</div>"
    )


def section_block(section: Section) -> Block:
    body = "".join(to_html(paragraph) for paragraph in section.body)
    html_out = (
        f'<div class="ct-section" data-section="{section.id}" '
        f'style="font-family:{html.escape(FONT_STACK)}; line-height:1.7; font-size:1.05em">'
        f"{body}</div>"
    )
    return Block(html_out, "\n\n".join(to_text(p) for p in section.body))


def paragraphs_block(paragraphs: list[str], css_class: str = "ct-text") -> Block:
    body = "".join(to_html(p) for p in paragraphs)
    html_out = (
        f'<div class="{css_class}" style="font-family:{html.escape(FONT_STACK)}; '
        f'line-height:1.7; font-size:1.05em">{body}</div>'
    )
    return Block(html_out, "\n\n".join(to_text(p) for p in paragraphs))


def cautions_block(cautions: list[Caution]) -> Block:
    if not cautions:
        return Block("", "")
    items = "".join(
        f'<li data-caution="{c.id}" style="margin:0.3em 0">{inline_html(to_oneline(c.text))}</li>'
        for c in cautions
    )
    inner = f'<ul style="margin:0.2em 0 0.2em 1.2em; padding:0">{items}</ul>'
    html_out = _box(
        "cautions",
        "border:2px solid #b35c00; background:#fff4e5",
        "⚠ 유의사항",
        inner,
        "유의사항",
    )
    text = "유의사항:\n" + "\n".join(f"- {to_text(to_oneline(c.text))}" for c in cautions)
    return Block(html_out, text)


def to_oneline(text: str) -> str:
    return " ".join(text.split())


def today_block(note: TodayNote, extra_html: str = "", extra_text: str = "") -> Block:
    sources = "; ".join(note.sources)
    confidence = "여러 출처 일치" if note.confidence == "H" else "출처 하나 또는 일부 추론"
    inner = (
        f'<div class="ct-today-title" style="font-weight:700">{inline_html(note.title)}</div>'
        f"{to_html(note.body)}{extra_html}"
        f'<div class="ct-source" style="font-size:0.85em; color:#3d3d3d">'
        f"출처: {html.escape(sources)} (신뢰도: {confidence})</div>"
    )
    html_out = _box(
        "today",
        "border-left:6px solid #0b5cad; background:#eaf3fc",
        "※ 참고: 현재 제도",
        inner,
        "참고: 현재 제도",
    )
    text = (
        f"※ 참고: 현재 제도 — {to_text(note.title)}\n{to_text(to_oneline(note.body))}"
        f"{extra_text}\n출처: {sources}"
    )
    return Block(html_out, text)


def faq_block(faq: Faq) -> Block:
    html_out = (
        f'<div class="ct-faq" data-faq="{faq.id}" style="font-family:{html.escape(FONT_STACK)}; '
        f'line-height:1.7">'
        f'<p style="font-weight:700; margin-bottom:0.2em">Q{faq.number}. {inline_html(faq.question)}</p>'
        f'<p style="margin-top:0">원문 답변: {inline_html(to_oneline(faq.answer))}</p></div>'
    )
    text = f"Q{faq.number}. {to_text(faq.question)}\n원문 답변: {to_text(to_oneline(faq.answer))}"
    return Block(html_out, text)


def list_box(kind: str, heading: str, items: list[str], style: str) -> Block:
    lis = "".join(f"<li>{inline_html(i)}</li>" for i in items)
    html_out = _box(
        kind, style, heading, f'<ul style="margin:0.2em 0 0.2em 1.2em">{lis}</ul>', heading
    )
    return Block(html_out, heading + ":\n" + "\n".join(f"- {to_text(i)}" for i in items))


def objectives_block(lesson: Lesson) -> Block:
    minutes = f"설명 {lesson.minutes.teaching}분 · 실습 {lesson.minutes.exercises}분"
    box = list_box(
        "objectives",
        f"◎ 학습 목표 <span style='font-weight:400'>({minutes})</span>",
        lesson.objectives,
        "border:1px solid #5a5a5a; background:#f6f6f6",
    )
    return Block(
        box.html, box.text.replace("<span style='font-weight:400'>", "").replace("</span>", "")
    )


def key_points_block(lesson: Lesson) -> Block:
    return list_box(
        "keypoints",
        "✔ 핵심 정리",
        lesson.key_points,
        "border:1px solid #2e7d32; background:#edf7ee",
    )


def course_map_rows(content: Content) -> list[dict[str, object]]:
    return [
        {
            "순서": f"{index:02d}",
            "수업": lesson.title,
            "노트북": lesson.notebook,
            "설명(분)": lesson.minutes.teaching,
            "실습(분)": lesson.minutes.exercises,
        }
        for index, lesson in enumerate(content.lessons)
    ]
