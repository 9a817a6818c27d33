"""Rules over the course as learners walk it (:mod:`certtraining.content.outline`).

- Every id a question ``tests`` is shown at or before the first place a lesson asks it, so
  no learner is quizzed on something the course has not taught yet.
- Pace: a lesson's exercise minutes give at least ``MINUTES_PER_ITEM`` per question its
  required part asks (the final assessment: per question on the paper). Questions in a
  lesson's optional "더 풀어 보기" part are extra and need no time of their own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from certtraining.content.blueprint import exam_plan
from certtraining.content.models import Content
from certtraining.content.outline import first_asked, first_shown, lesson_stops
from certtraining.content.problems import Problem

# Older learners read slowly and think twice: about a minute and a half per quiz item.
MINUTES_PER_ITEM = 1.5


def _place(content: Content, stop_index: int) -> str:
    """A stop as a teacher finds it: the notebook, and the section or FAQ shown there."""
    stops = [(lesson, s) for lesson in content.lessons for s in lesson_stops(content, lesson)]
    lesson, stop = stops[stop_index]
    return f"{lesson.notebook}({stop.shows[0]})" if stop.shows else lesson.notebook


def taught_before_asked(content: Content) -> Iterable[Problem]:
    shown = first_shown(content)
    asked = first_asked(content)
    for question in content.questions:
        if question.id not in asked:
            continue  # only exam papers ask it: every lesson comes first
        where = asked[question.id]
        late = [t for t in question.tests if t in shown and shown[t] > where]
        unshown = [t for t in question.tests if t not in shown]
        for tested in late:
            yield Problem(
                "questions.yaml",
                f"questions (id={question.id})",
                "tests",
                f"'{tested}'은(는) {_place(content, shown[tested])}에서 처음 나오는데, 이 문항은 그보다 "
                f"앞인 {_place(content, where)}에서 묻습니다. tests 의 순서를 바꾸어(첫 id가 묻는 "
                "곳을 정합니다) 뒤에서 묻거나, 그 내용을 앞에서 가르치세요",
                f"{tested!r} is first shown after the question is asked; reorder tests (the first "
                "id places the question) or teach it earlier",
            )
        for tested in unshown:
            yield Problem(
                "questions.yaml",
                f"questions (id={question.id})",
                "tests",
                f"'{tested}'은(는) 어느 수업에도 보이지 않습니다",
                f"{tested!r} is shown in no lesson",
            )


def minutes_needed(items: int) -> int:
    return math.ceil(items * MINUTES_PER_ITEM)


def lesson_items(content: Content, lesson_id: str) -> int:
    """How many questions a lesson asks in its required part (the exam: its paper)."""
    lesson = content.lesson(lesson_id)
    if lesson.kind == "assessment":
        return exam_plan(content).total
    stops = lesson_stops(content, lesson)
    return sum(len(stop.asks) for stop in stops if not stop.optional)


def pace(content: Content) -> Iterable[Problem]:
    for lesson in content.lessons:
        items = lesson_items(content, lesson.id)
        needed = minutes_needed(items)
        if lesson.minutes.exercises < needed:
            yield Problem(
                "course.yaml",
                f"lessons (id={lesson.id})",
                "minutes.exercises",
                f"문제 {items}개에 {lesson.minutes.exercises}분은 너무 빠릅니다: 문제마다 "
                f"{MINUTES_PER_ITEM}분씩 {needed}분 이상으로 늘리거나, 문제를 줄이세요",
                f"{items} questions in {lesson.minutes.exercises} min is too fast: give at least "
                f"{needed} min ({MINUTES_PER_ITEM} per question) or ask fewer",
            )


RULES = [taught_before_asked, pace]
