"""Instructor notes per lesson, for teaching staff only.

Read by the instructor notebook (``notebooks/instructor/teaching_notes.ipynb``) and by the
instructor handout (``certtraining handouts --answers``). Learner notebooks never call this,
and learner handouts must not include it.
"""

from __future__ import annotations

import html

from certtraining.content import Content, load_content
from certtraining.content.teaching import LessonNotes
from certtraining.present import blocks as render
from certtraining.present.blocks import FONT_STACK, Block, to_oneline
from certtraining.present.markup import inline_html, to_text

NOTES_CSS_CLASS = "ct-instructor-notes"


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
        plan = render.objectives_block(lesson) + render.key_points_block(lesson)
    if notes is None:
        return plan
    minutes = f"설명 {lesson.minutes.teaching}분 · 실습 {lesson.minutes.exercises}분"
    source_style = "font-size:0.85em; color:#3d3d3d"
    misconceptions = "".join(
        f"<li><strong>오해:</strong> {inline_html(to_oneline(m.belief))}<br>"
        f"<strong>바로잡기:</strong> {inline_html(to_oneline(m.correction))} "
        f'<span style="{source_style}">(출처: {html.escape(m.source)})</span></li>'
        for m in notes.misconceptions
    )
    questions = "".join(
        f"<li><strong>질문:</strong> {inline_html(to_oneline(q.question))}<br>"
        f"<strong>답:</strong> {inline_html(to_oneline(q.answer))} "
        f'<span style="{source_style}">(출처: {html.escape(q.source)})</span></li>'
        for q in notes.questions
    )
    demonstrate = "".join(f"<li>{inline_html(to_oneline(d))}</li>" for d in notes.demonstrate)
    ul = '<ul style="margin:0.2em 0 0.6em 1.2em; padding:0">'
    heading = "font-weight:700; margin-top:0.4em"
    html_out = (
        f'<div class="{NOTES_CSS_CLASS}" data-lesson="{html.escape(lesson.id)}" role="note" '
        f'aria-label="강사 노트" style="border:2px dashed #6a1b9a; background:#f7f0fa; '
        f"border-radius:6px; padding:0.6em 1em; margin:0.8em 0; font-family:"
        f'{html.escape(FONT_STACK)}; line-height:1.6; color:#1b1b1b">'
        f'<div style="font-weight:700">강사 노트 (강사용): {html.escape(lesson.title)} '
        f'<span style="font-weight:400">({minutes})</span></div>'
        f'<div style="{heading}">흔한 오해</div>{ul}{misconceptions}</ul>'
        f'<div style="{heading}">학습자가 자주 묻는 질문</div>{ul}{questions}</ul>'
        f'<div style="{heading}">시연 방법</div>{ul}{demonstrate}</ul></div>'
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
