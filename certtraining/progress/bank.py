"""The course as scoring needs it: lessons, their questions and sections, review links.

Progress never reads the content: ``certtraining.notebook.plan`` builds the plan from the
manifest and the question bank and hands it in. Scoring itself never reads files: it takes a
:class:`CoursePlan`, so tests can hand it a small made-up course.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field


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
    is_exam: bool = False  # the final assessment (course.yaml: kind assessment)


@dataclass(frozen=True)
class CoursePlan:
    """Lessons in course order; each question's lesson and section; labels for sections."""

    lessons: tuple[LessonPlan, ...]
    questions: dict[str, QuestionRef] = field(default_factory=dict)
    section_titles: dict[str, str] = field(default_factory=dict)
    section_order: tuple[str, ...] = ()
    pass_threshold: float = 70.0
    # question id → option key → the option's plain text, so reports can say what was picked
    option_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # question id → its stem (question text) as plain Korean text, for the item analysis
    stems: dict[str, str] = field(default_factory=dict)
    # questions whose answer is a sequence (read with arrows)
    ordered: frozenset[str] = frozenset()
    # section or FAQ id → the lesson that teaches it (where review links go)
    section_lessons: dict[str, str] = field(default_factory=dict)
    # question id → its current version (a hash of wording and key, made by the quiz's
    # checker); item statistics count answers to these only. Empty without keys: then
    # every answer counts, whatever wording it was given to.
    versions: dict[str, str] = field(default_factory=dict)

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

    def section_questions(self, section_id: str, lesson_id: str | None = None) -> list[str]:
        """A section's questions; with ``lesson_id``, only those that lesson counts."""
        return [
            q.id
            for q in self.questions.values()
            if q.section == section_id and (lesson_id is None or q.lesson == lesson_id)
        ]

    def section_lesson(self, section_id: str) -> LessonPlan | None:
        if section_id in self.section_lessons:
            try:
                return self.lesson(self.section_lessons[section_id])
            except KeyError:
                return None
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


def describe_answer(plan: CoursePlan, question_id: str, answer: str) -> str:
    """An answer as a teacher reads it: choice texts instead of opaque option keys."""
    labels = plan.option_labels.get(question_id)
    try:
        value = json.loads(answer)
    except ValueError:
        return answer
    if labels is None:  # a question the bank no longer has
        return answer
    if isinstance(value, str):
        return labels.get(value, value)
    if isinstance(value, list):
        separator = " → " if question_id in plan.ordered else " / "
        return separator.join(labels.get(str(v), str(v)) for v in value)
    if isinstance(value, dict):
        return " / ".join(
            f"{labels.get(str(k), str(k))} = {labels.get(str(v), str(v))}" for k, v in value.items()
        )
    return json.dumps(value, ensure_ascii=False)
