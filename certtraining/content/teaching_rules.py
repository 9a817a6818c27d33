"""Cross-file rules for the glossary and the instructor notes (run with the other content rules).

The glossary links from lessons by id and by spelling, so both must be unambiguous; the
instructor notes name lessons, so every name must exist and every lesson must have notes.
"""

from __future__ import annotations

from collections.abc import Iterable

from certtraining.content.models import Content
from certtraining.content.problems import Problem

GLOSSARY = "glossary.yaml"
NOTES = "instructor_notes.yaml"


def glossary_rules(content: Content) -> Iterable[Problem]:
    glossary = content.glossary
    ids: set[str] = set()
    spellings: dict[str, str] = {}
    for term in glossary.terms:
        item = f"terms (id={term.id})"
        if term.id in ids:
            yield Problem(GLOSSARY, item, "id", "id가 중복됩니다", "duplicate id")
        ids.add(term.id)
        for spelling in term.spellings:
            owner = spellings.setdefault(spelling, term.id)
            if owner != term.id:
                yield Problem(
                    GLOSSARY,
                    item,
                    "term",
                    f"'{spelling}'는 이미 {owner}의 표기입니다",
                    f"spelling {spelling!r} already belongs to {owner!r}",
                )
    for term in glossary.terms:
        for other in term.see_also:
            if other not in ids or other == term.id:
                yield Problem(
                    GLOSSARY,
                    f"terms (id={term.id})",
                    "see_also",
                    f"용어집에 없는(또는 자기 자신인) id입니다: {other}",
                    f"no other glossary term with id {other!r}",
                )


def instructor_notes_rules(content: Content) -> Iterable[Problem]:
    notes = content.instructor_notes
    lesson_ids = [lesson.id for lesson in content.lessons]
    seen: set[str] = set()
    for entry in notes.lessons:
        item = f"lessons (lesson={entry.lesson})"
        if entry.lesson not in lesson_ids:
            yield Problem(
                NOTES,
                item,
                "lesson",
                f"course.yaml에 없는 수업 id입니다: {entry.lesson}",
                f"no lesson with id {entry.lesson!r} in course.yaml",
            )
        if entry.lesson in seen:
            yield Problem(
                NOTES, item, "lesson", "같은 수업이 두 번 나옵니다", "lesson listed twice"
            )
        seen.add(entry.lesson)
    for lesson_id in lesson_ids:
        if lesson_id not in seen:
            yield Problem(
                NOTES,
                "lessons",
                "lesson",
                f"이 수업의 강사 노트가 없습니다: {lesson_id}",
                f"no instructor notes for lesson {lesson_id!r}",
            )


RULES = [glossary_rules, instructor_notes_rules]
