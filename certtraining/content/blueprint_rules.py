"""Rules for the final assessment's blueprint (``course.yaml`` › ``blueprint``).

They make sure every learner's paper can be drawn: the parts name lessons, sections and
questions that exist, no question belongs to two parts or two ``apart`` groups, and each
part has enough questions left whatever the earlier parts drew
(:func:`certtraining.content.blueprint.shortfalls`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from certtraining.content.blueprint import exam_plan, shortfalls
from certtraining.content.models import Content
from certtraining.content.problems import Problem

COURSE = "course.yaml"


def _where(index: int) -> str:
    return f"blueprint.parts[{index}]"


def blueprint_names(content: Content) -> Iterable[Problem]:
    blueprint = content.course.blueprint
    if blueprint is None:
        return
    lessons = {lesson.id for lesson in content.lessons}
    anchors = {s.id for s in content.sections()} | {f.id for f in content.faqs}
    for index, part in enumerate(blueprint.parts):
        if not part.lessons and not part.sections:
            yield Problem(
                COURSE,
                _where(index),
                "lessons",
                "lessons 나 sections 에 수업·절 id를 하나 이상 적으세요",
                "name at least one lesson (lessons) or section/FAQ (sections)",
            )
        for lesson_id in part.lessons:
            if lesson_id not in lessons:
                yield Problem(
                    COURSE,
                    _where(index),
                    "lessons",
                    f"없는 수업 id입니다: {lesson_id}",
                    f"no lesson with id {lesson_id!r}",
                )
        for anchor_id in part.sections:
            if anchor_id not in anchors:
                yield Problem(
                    COURSE,
                    _where(index),
                    "sections",
                    f"없는 절·FAQ id입니다: {anchor_id}",
                    f"no section or FAQ with id {anchor_id!r}",
                )
    questions = {q.id for q in content.questions}
    seen: Counter[str] = Counter()
    for index, group in enumerate(blueprint.apart):
        where = f"blueprint.apart[{index}]"
        if len(set(group)) < 2:
            yield Problem(
                COURSE,
                where,
                "",
                "서로 다른 문항을 둘 이상 적어야 합니다",
                "a group needs at least two different questions",
            )
        for question_id in group:
            if question_id not in questions:
                yield Problem(
                    COURSE,
                    where,
                    "",
                    f"questions.yaml 에 없는 문항 id입니다: {question_id}",
                    f"no question with id {question_id!r}",
                )
        seen.update(set(group))
    for question_id, count in seen.items():
        if count > 1:
            yield Problem(
                COURSE,
                "blueprint.apart",
                "",
                f"한 문항은 한 묶음에만 넣습니다 (두 묶음을 하나로 합치세요): {question_id}",
                f"{question_id!r} is in {count} groups; merge them into one",
            )


def blueprint_can_be_met(content: Content) -> Iterable[Problem]:
    """Each part has enough questions for every learner's paper (checked when names resolve)."""
    if content.course.blueprint is None or list(blueprint_names(content)):
        return
    plan = exam_plan(content)
    owners: dict[str, int] = {}
    for index, part in enumerate(plan.parts):
        for question_id in part.members:
            if question_id in owners:
                yield Problem(
                    COURSE,
                    _where(index),
                    "",
                    f"문항 {question_id}이(가) parts[{owners[question_id]}]에도 들어 있습니다. "
                    "한 문항은 한 부분에만 속해야 합니다",
                    f"question {question_id!r} also belongs to parts[{owners[question_id]}]",
                )
            owners.setdefault(question_id, index)
    for short in shortfalls(plan):
        index = plan.parts.index(short.part)
        yield Problem(
            COURSE,
            _where(index),
            "count",
            f"{short.part.label}에서 {short.part.count}문항을 늘 뽑을 수는 없습니다: 문항 "
            f"{len(short.part.members)}개 가운데 같은 시험지에 함께 나올 수 있는 것이 {short.units}개이고, "
            f"앞 부분에서 뽑힌 문항이 그중 {short.blockable}개를 막을 수 있습니다. "
            "count 를 줄이거나, 문항을 더하거나, apart 묶음을 줄이세요",
            f"{short.part.label}: cannot always draw {short.part.count}: "
            f"{short.units} usable of {len(short.part.members)}, "
            f"{short.blockable} may be blocked by earlier parts",
        )


RULES = [blueprint_names, blueprint_can_be_met]
