"""The course as scoring needs it: lessons, their questions and sections, review links.

Built from the content (``load_content()``): the manifest gives lessons and notebooks, the
question bank (``content.extra["questions"]``, issue "Interactive quizzes") gives each
question's lesson and section. Scoring itself never reads files: it takes a
:class:`CoursePlan`, so tests can hand it a small made-up course.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache

from certtraining.content import Content, load_content
from certtraining.markup import to_text
from certtraining.quiz import public_view, question, questions, review_anchor

EXAM_LESSON = "final"


@dataclass(frozen=True)
class QuestionRef:
    id: str
    lesson: str | None
    section: str | None


@dataclass(frozen=True)
class LessonPlan:
    id: str
    title: str
    notebook: str
    questions: tuple[str, ...] = ()
    is_exam: bool = False


@dataclass(frozen=True)
class CoursePlan:
    """Lessons in course order; each question's lesson and section; labels for sections."""

    lessons: tuple[LessonPlan, ...]
    questions: dict[str, QuestionRef] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    section_order: tuple[str, ...] = ()
    pass_threshold: float = 70.0

    def lesson(self, lesson_id: str) -> LessonPlan:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(f"알 수 없는 수업 id / unknown lesson id: {lesson_id!r}")

    def sections(self) -> list[str]:
        """Sections (or FAQ) that have questions, in course order."""
        with_questions = {q.section for q in self.questions.values() if q.section}
        ordered = [s for s in self.section_order if s in with_questions]
        return ordered + sorted(with_questions - set(ordered))

    def section_questions(self, section_id: str) -> list[str]:
        return [q.id for q in self.questions.values() if q.section == section_id]

    def section_lesson(self, section_id: str) -> LessonPlan | None:
        for ref in self.questions.values():
            if ref.section == section_id and ref.lesson:
                try:
                    return self.lesson(ref.lesson)
                except KeyError:
                    return None
        return None

    def section_link(self, section_id: str) -> str:
        """``01_issuance.ipynb#sec-1-2``: the lesson notebook and the section's anchor."""
        lesson = self.section_lesson(section_id)
        return f"{lesson.notebook}#{section_id}" if lesson else f"#{section_id}"


def course_plan(content: Content | None = None) -> CoursePlan:
    """The plan of the course as loaded now (cached with the content)."""
    return _plan_for(content or load_content())


@lru_cache(maxsize=4)
def _plan_for(content: Content) -> CoursePlan:
    refs: dict[str, QuestionRef] = {}
    for item in questions(content):
        anchor = review_anchor(item, content)
        refs[item.id] = QuestionRef(item.id, anchor.lesson, anchor.section)
    order = [s.id for s in content.sections()] + [f.id for f in content.faqs]
    titles = {anchor_id: content.anchor_title(anchor_id) for anchor_id in order}
    lessons = tuple(
        LessonPlan(
            lesson.id,
            lesson.title,
            lesson.notebook,
            tuple(q.id for q in refs.values() if q.lesson == lesson.id),
            is_exam=lesson.id == EXAM_LESSON,
        )
        for lesson in content.lessons
    )
    return CoursePlan(lessons, refs, titles, tuple(order), float(content.course.pass_threshold))


def describe_answer(question_id: str, answer: str) -> str:
    """An answer as a teacher reads it: choice texts instead of opaque option keys."""
    try:
        value = json.loads(answer)
        item = question(question_id)
    except (ValueError, KeyError):  # not JSON, or a question the bank no longer has
        return answer
    view = public_view(item)
    options = {
        o.key: to_text(o.text) for o in (*view.choices, *view.steps, *view.terms, *view.meanings)
    }
    if isinstance(value, str):
        return options.get(value, value)
    if isinstance(value, list):
        separator = " → " if item.type == "order" else " / "
        return separator.join(options.get(str(v), str(v)) for v in value)
    if isinstance(value, dict):
        return " / ".join(
            f"{options.get(str(k), str(k))} = {options.get(str(v), str(v))}"
            for k, v in value.items()
        )
    return json.dumps(value, ensure_ascii=False)
