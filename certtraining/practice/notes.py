"""Instructor notes per lesson, for teaching staff only.

Read by the instructor notebook (``notebooks/instructor/teaching_notes.ipynb``) and by the
instructor handout (``certtraining handouts --answers``). Learner notebooks never call this,
and learner handouts must not include it.
"""

from __future__ import annotations

from certtraining.content import Content, load_content
from certtraining.content.teaching import LessonNotes
from certtraining.present import blocks
from certtraining.present.blocks import Block, to_oneline
from certtraining.present.markup import inline_html, to_text
from certtraining.present.templates import render, safe

NOTES_CSS_CLASS = "ct-instructor-notes"


def _line(text: str) -> str:
    return safe(inline_html(to_oneline(text)))


def all_lesson_notes(content: Content | None = None) -> list[LessonNotes]:
    """Every lesson's notes, in the course order of ``data/course.yaml``."""
    content = content or load_content()
    by_lesson = {entry.lesson: entry for entry in content.lesson_notes}
    return [by_lesson[lesson.id] for lesson in content.lessons if lesson.id in by_lesson]


def lesson_notes(lesson_id: str, content: Content | None = None) -> LessonNotes | None:
    """One lesson's notes (misconceptions, learner questions, how to demonstrate), or None."""
    return next((n for n in all_lesson_notes(content) if n.lesson == lesson_id), None)


def instructor_notes_block(
    lesson_id: str, content: Content | None = None, with_plan: bool = False
) -> Block:
    """A lesson's notes as a boxed Block (HTML + text); empty when the lesson has none.

    ``with_plan`` puts the lesson's objectives and key points first (the instructor notebook
    shows each lesson's whole plan; a handout already shows them in the lesson).
    """
    content = content or load_content()
    notes = lesson_notes(lesson_id, content)
    lesson = content.lesson(lesson_id)
    plan = Block("", "")
    if with_plan:
        plan = blocks.objectives_block(lesson) + blocks.key_points_block(lesson)
    if notes is None:
        return plan
    minutes = f"설명 {lesson.minutes.teaching}분 · 실습 {lesson.minutes.exercises}분"
    sections = [
        {
            "heading": "흔한 오해",
            "entries": [
                {
                    "first_label": "오해",
                    "first_html": _line(m.belief),
                    "second_label": "바로잡기",
                    "second_html": _line(m.correction),
                    "source": m.source,
                }
                for m in notes.misconceptions
            ],
        },
        {
            "heading": "학습자가 자주 묻는 질문",
            "entries": [
                {
                    "first_label": "질문",
                    "first_html": _line(q.question),
                    "second_label": "답",
                    "second_html": _line(q.answer),
                    "source": q.source,
                }
                for q in notes.questions
            ],
        },
        {
            "heading": "시연 방법",
            "entries": [
                {"first_label": "", "first_html": _line(d), "second_label": ""}
                for d in notes.demonstrate
            ],
        },
    ]
    html_out = render(
        "teaching.html.j2:instructor_notes",
        css_class=NOTES_CSS_CLASS,
        lesson_id=lesson.id,
        title=lesson.title,
        minutes=minutes,
        sections=sections,
    )
    lines = [f"강사 노트 (강사용): {lesson.title} ({minutes})", "흔한 오해:"]
    lines += [
        f"- 오해: {to_text(to_oneline(m.belief))} → {to_text(to_oneline(m.correction))} (출처: {m.source})"
        for m in notes.misconceptions
    ]
    lines.append("학습자가 자주 묻는 질문:")
    lines += [
        f"- {to_text(to_oneline(q.question))} → {to_text(to_oneline(q.answer))} (출처: {q.source})"
        for q in notes.questions
    ]
    lines.append("시연 방법:")
    lines += [f"- {to_text(to_oneline(d))}" for d in notes.demonstrate]
    return plan + Block(html_out, "\n".join(lines))
