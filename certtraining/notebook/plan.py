"""The course plan that progress scoring is handed: lessons, questions and their labels.

Progress never reads the question bank itself; this module builds the plan from the
loaded content and the quiz's public view, once per content (cached with it).
"""

from __future__ import annotations

from functools import lru_cache

from certtraining.content import Content, load_content
from certtraining.present.markup import to_text
from certtraining.progress.bank import CoursePlan, LessonPlan, QuestionRef
from certtraining.quiz import public_view, questions, review_anchor


def course_plan(content: Content | None = None) -> CoursePlan:
    """The plan of the course as loaded now."""
    return _plan_for(content or load_content())


@lru_cache(maxsize=4)
def _plan_for(content: Content) -> CoursePlan:
    refs: dict[str, QuestionRef] = {}
    labels: dict[str, dict[str, str]] = {}
    for item in questions(content):
        anchor = review_anchor(item, content)
        refs[item.id] = QuestionRef(item.id, anchor.lesson, anchor.section)
        view = public_view(item, content=content)
        options = (*view.choices, *view.steps, *view.terms, *view.meanings)
        labels[item.id] = {o.key: to_text(o.text) for o in options}
    order = [s.id for s in content.sections()] + [f.id for f in content.faqs]
    titles = {anchor_id: content.anchor_title(anchor_id) for anchor_id in order}
    lessons = tuple(
        LessonPlan(
            lesson.id,
            lesson.title,
            lesson.notebook,
            tuple(q.id for q in refs.values() if q.lesson == lesson.id),
            is_exam=lesson.kind == "assessment",
        )
        for lesson in content.lessons
    )
    return CoursePlan(
        lessons,
        refs,
        titles,
        tuple(order),
        float(content.course.pass_threshold),
        option_labels=labels,
        ordered=frozenset(q.id for q in questions(content) if q.type == "order"),
    )
