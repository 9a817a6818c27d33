"""The course plan that progress scoring is handed: lessons, questions and their labels.

Progress never reads the question bank itself; this module builds the plan from the
loaded content and the quiz's public view, once per content (cached with it).

A question counts in the lesson that asks it (:func:`certtraining.content.outline.home_lessons`:
the first lesson whose own part shows it, never a "더 풀어 보기" part), so a lesson's results
count exactly the questions it shows; its section (for mastery and review links) is the one
it reviews. Questions no lesson asks count in no lesson. Each question's current version
(its wording and key, from the checker) goes with it, for the item statistics; content
loaded without keys gives none.
"""

from __future__ import annotations

from functools import lru_cache

from certtraining.content import Content, load_content
from certtraining.content.outline import home_lessons
from certtraining.present.markup import to_text
from certtraining.progress.bank import CoursePlan, LessonPlan, QuestionRef
from certtraining.quiz import LocalChecker, checker_for, public_view, questions, review_anchor


def course_plan(content: Content | None = None) -> CoursePlan:
    """The plan of the course as loaded now."""
    return _plan_for(content or load_content())


@lru_cache(maxsize=4)
def _plan_for(content: Content) -> CoursePlan:
    refs: dict[str, QuestionRef] = {}
    labels: dict[str, dict[str, str]] = {}
    stems: dict[str, str] = {}
    homes = home_lessons(content)
    for item in questions(content):
        anchor = review_anchor(item, content)
        refs[item.id] = QuestionRef(item.id, homes.get(item.id), anchor.section)
        view = public_view(item, content=content)
        options = (*view.choices, *view.steps, *view.terms, *view.meanings)
        labels[item.id] = {o.key: to_text(o.text) for o in options}
        stems[item.id] = to_text(view.prompt)
    order = [s.id for s in content.sections()] + [f.id for f in content.faqs]
    titles = {anchor_id: content.anchor_title(anchor_id) for anchor_id in order}
    covering = {anchor_id: content.lesson_of(anchor_id) for anchor_id in order}
    section_lessons = {a: lesson.id for a, lesson in covering.items() if lesson is not None}
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
    checker = checker_for(content)
    versions = checker.versions() if isinstance(checker, LocalChecker) else {}
    return CoursePlan(
        lessons,
        refs,
        titles,
        tuple(order),
        float(content.course.pass_threshold),
        option_labels=labels,
        stems=stems,
        ordered=frozenset(q.id for q in questions(content) if q.type == "order"),
        section_lessons=section_lessons,
        versions=versions,
    )
