"""Rules for the course's structure: lesson kinds and the ids each kind names.

The notebook builder dispatches on a lesson's ``kind`` and reads the ids the kind needs
(a procedure, simulator flows, questions), so each of them must exist, and a field the
kind does not use must be empty: nothing a teacher writes is silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable

from certtraining.content.models import Content
from certtraining.content.problems import Problem

COURSE = "course.yaml"
GUIDE = "guide.yaml"

# Which kind uses which optional field (every other kind must leave it empty).
_FIELD_KINDS = {"procedure": "procedure", "flows": "simulation", "questions": "simulation"}
# Kinds a course may have at most one of: one exam result, one home for the glossary.
_SINGLE_KINDS = ("orientation", "assessment")


def opening_sections(content: Content) -> Iterable[Problem]:
    top_level = {s.id for s in content.guide.sections}
    seen: set[str] = set()
    for section_id in content.guide.opening:
        if section_id not in top_level:
            yield Problem(
                GUIDE,
                "opening",
                "opening",
                f"sections 에 없는 절 id입니다 (절차의 절은 넣을 수 없습니다): {section_id}",
                f"no top-level section with id {section_id!r} (procedure sections cannot open)",
            )
        if section_id in seen:
            yield Problem(
                GUIDE,
                "opening",
                "opening",
                f"같은 절이 두 번 나옵니다: {section_id}",
                f"section {section_id!r} listed twice",
            )
        seen.add(section_id)


def lesson_kinds(content: Content) -> Iterable[Problem]:
    procedures = {p.id: p for p in content.procedures}
    flows = set(content.simulator.flow_ids)
    questions = {q.id for q in content.questions}
    for lesson in content.lessons:
        item = f"lessons (id={lesson.id})"
        for field, kind in _FIELD_KINDS.items():
            if getattr(lesson, field) and lesson.kind != kind:
                yield Problem(
                    COURSE,
                    item,
                    field,
                    f"{kind} 수업에만 쓰는 항목입니다 (이 수업은 {lesson.kind})",
                    f"only a {kind} lesson uses {field} (this one is {lesson.kind})",
                )
        if lesson.kind == "procedure":
            yield from _procedure_lesson(content, lesson.procedure, lesson.covers, item, procedures)
        for flow_id in lesson.flows:
            if flow_id not in flows:
                yield Problem(
                    COURSE,
                    item,
                    "flows",
                    f"simulator.yaml 에 없는 실습 흐름 id입니다: {flow_id}",
                    f"no simulator flow with id {flow_id!r} in simulator.yaml",
                )
        for question_id in lesson.questions:
            if question_id not in questions:
                yield Problem(
                    COURSE,
                    item,
                    "questions",
                    f"questions.yaml 에 없는 문항 id입니다: {question_id}",
                    f"no question with id {question_id!r} in questions.yaml",
                )
    for kind in _SINGLE_KINDS:
        of_kind = [lesson.id for lesson in content.lessons_of_kind(kind)]
        if len(of_kind) > 1:
            yield Problem(
                COURSE,
                "lessons",
                "kind",
                f"{kind} 수업은 하나만 있어야 합니다: {', '.join(of_kind)}",
                f"at most one {kind} lesson, found {', '.join(of_kind)}",
            )


def _procedure_lesson(
    content: Content,
    procedure_id: str | None,
    covers: list[str],
    item: str,
    procedures: dict,
) -> Iterable[Problem]:
    if procedure_id is None:
        yield Problem(
            COURSE,
            item,
            "procedure",
            "procedure 수업에는 절차 id(procedure)가 있어야 합니다",
            "a procedure lesson must name its procedure",
        )
        return
    if procedure_id not in procedures:
        yield Problem(
            COURSE,
            item,
            "procedure",
            f"guide.yaml 에 없는 절차 id입니다: {procedure_id}",
            f"no procedure with id {procedure_id!r} in guide.yaml",
        )
        return
    own = {s.id for s in procedures[procedure_id].sections}
    if not own & set(covers):
        yield Problem(
            COURSE,
            item,
            "covers",
            f"이 절차({procedure_id})의 절을 하나도 다루지 않습니다",
            f"covers none of procedure {procedure_id!r}'s sections",
        )
    for anchor in covers:
        other = content.procedure_of(anchor)
        if other is not None and other.id != procedure_id:
            yield Problem(
                COURSE,
                item,
                "covers",
                f"다른 절차({other.id})의 절입니다: {anchor}",
                f"section {anchor!r} belongs to another procedure ({other.id!r})",
            )


RULES = [opening_sections, lesson_kinds]
