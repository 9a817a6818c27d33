"""HTML and plain-text renderings of content, shared by notebooks and handouts.

The HTML comes from ``templates/blocks.html.j2`` with the look of ``static/course.css``
inlined (JupyterLab strips ``<style>`` from untrusted outputs, a freshly cloned notebook is
untrusted, but keeps inline styles); class names stay so handouts can restyle.
Every block also has a plain-text form: nbval compares it and screen readers fall back to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from certtraining.content.models import Caution, Content, Faq, Lesson, Section, TodayNote
from certtraining.present.markup import inline_html, to_html, to_text
from certtraining.present.templates import render, safe


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


def _html_list(texts: list[str]) -> list[str]:
    return [safe(to_html(text)) for text in texts]


def section_block(section: Section) -> Block:
    html_out = render(
        "blocks.html.j2:prose",
        css_class="ct-section",
        paragraphs_html=_html_list(section.body),
        section=section.id,
    )
    return Block(html_out, "\n\n".join(to_text(p) for p in section.body))


def paragraphs_block(paragraphs: list[str], css_class: str = "ct-text") -> Block:
    html_out = render(
        "blocks.html.j2:prose", css_class=css_class, paragraphs_html=_html_list(paragraphs)
    )
    return Block(html_out, "\n\n".join(to_text(p) for p in paragraphs))


def cautions_block(cautions: list[Caution]) -> Block:
    if not cautions:
        return Block("", "")
    items = [{"id": c.id, "html": safe(inline_html(to_oneline(c.text)))} for c in cautions]
    html_out = render("blocks.html.j2:cautions", items=items)
    text = "유의사항:\n" + "\n".join(f"- {to_text(to_oneline(c.text))}" for c in cautions)
    return Block(html_out, text)


def to_oneline(text: str) -> str:
    return " ".join(text.split())


def today_fragment(note: TodayNote, extra_html: str = "") -> str:
    """The note's box as HTML (inlined), to show alone or inside another box."""
    return render(
        "blocks.html.j2:today",
        title_html=safe(inline_html(note.title)),
        body_html=safe(to_html(note.body)),
        extra_html=safe(extra_html),
        sources="; ".join(note.sources),
        confidence="여러 출처 일치" if note.confidence == "H" else "출처 하나 또는 일부 추론",
    )


def today_block(note: TodayNote, extra_html: str = "", extra_text: str = "") -> Block:
    sources = "; ".join(note.sources)
    text = (
        f"※ 참고: 현재 제도 — {to_text(note.title)}\n{to_text(to_oneline(note.body))}"
        f"{extra_text}\n출처: {sources}"
    )
    return Block(today_fragment(note, extra_html), text)


def faq_block(faq: Faq) -> Block:
    html_out = render(
        "blocks.html.j2:faq",
        id=faq.id,
        number=faq.number,
        question_html=safe(inline_html(faq.question)),
        answer_html=safe(inline_html(to_oneline(faq.answer))),
    )
    text = f"Q{faq.number}. {to_text(faq.question)}\n원문 답변: {to_text(to_oneline(faq.answer))}"
    return Block(html_out, text)


def list_box(kind: str, heading: str, items: list[str], label: str = "", aside: str = "") -> Block:
    """A boxed list (objectives, key points): ``kind`` picks its look in course.css.

    ``aside`` follows the heading in lighter type; ``label`` (plain text, never markup) is
    what screen readers announce, by default the heading without its symbol.
    """
    title = f"{heading} ({aside})" if aside else heading
    html_out = render(
        "blocks.html.j2:list_box",
        kind=kind,
        heading=heading,
        aside=aside,
        label=label or title.lstrip("◎✔ ").strip(),
        items_html=[safe(inline_html(i)) for i in items],
    )
    return Block(html_out, title + ":\n" + "\n".join(f"- {to_text(i)}" for i in items))


def objectives_block(lesson: Lesson) -> Block:
    minutes = f"설명 {lesson.minutes.teaching}분 · 실습 {lesson.minutes.exercises}분"
    return list_box("objectives", "◎ 학습 목표", lesson.objectives, aside=minutes)


def key_points_block(lesson: Lesson) -> Block:
    return list_box("keypoints", "✔ 핵심 정리", lesson.key_points)


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
