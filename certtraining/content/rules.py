"""Rules that span files: unique ids, references that resolve, numbering in order.

Each rule is a small function returning problems; ``RULES`` runs them all so one
``certtraining validate`` lists every mistake at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from certtraining.content.blueprint_rules import RULES as BLUEPRINT_RULES
from certtraining.content.certificate_rules import RULES as CERTIFICATE_RULES
from certtraining.content.course_rules import RULES as COURSE_RULES
from certtraining.content.models import Content
from certtraining.content.problems import Problem
from certtraining.content.question_rules import QUESTION_RULES
from certtraining.content.simulator_rules import RULES as SIMULATOR_RULES
from certtraining.content.structure_rules import RULES as STRUCTURE_RULES
from certtraining.content.teaching_rules import RULES as TEACHING_KIT_RULES

Rule = Callable[[Content], Iterable[Problem]]


def _ids(content: Content) -> list[tuple[str, str, str]]:
    """(file, kind, id) for everything that can be named."""
    found = [("guide.yaml", "section", s.id) for s in content.sections()]
    found += [("guide.yaml", "procedure", p.id) for p in content.procedures]
    found += [("faq.yaml", "faq", f.id) for f in content.faqs]
    found += [("cautions.yaml", "caution", c.id) for c in content.cautions]
    found += [("today.yaml", "note", n.id) for n in content.today_notes]
    return found


def _duplicates(entries: list[tuple[str, str, str]]) -> Iterable[Problem]:
    seen: dict[str, str] = {}
    for file, kind, ident in entries:
        if ident in seen:
            yield Problem(
                file,
                f"{kind} (id={ident})",
                "id",
                f"id가 중복됩니다 ({seen[ident]}에도 있음)",
                f"duplicate id (also in {seen[ident]})",
            )
        else:
            seen[ident] = file


def unique_ids(content: Content) -> Iterable[Problem]:
    """Content ids share one namespace (links name them bare); lessons have their own."""
    yield from _duplicates(_ids(content))
    yield from _duplicates([("course.yaml", "lesson", lesson.id) for lesson in content.lessons])


def step_numbers(content: Content) -> Iterable[Problem]:
    for procedure in content.procedures:
        numbers = [s.step for s in procedure.steps]
        expected = list(range(1, len(numbers) + 1))
        if numbers != expected:
            yield Problem(
                "guide.yaml",
                f"procedures (id={procedure.id})",
                "steps.step",
                f"단계 번호는 1부터 차례대로여야 합니다: {numbers}",
                f"step numbers must run 1..n in order, got {numbers}",
            )


def section_numbers(content: Content) -> Iterable[Problem]:
    for position, procedure in enumerate(content.procedures, start=1):
        if procedure.number != position:
            yield Problem(
                "guide.yaml",
                f"procedures (id={procedure.id})",
                "number",
                f"절차 번호는 {position}이어야 합니다",
                f"procedure number should be {position}",
            )
        for index, section in enumerate(procedure.sections, start=1):
            expected = f"{procedure.number}.{index}"
            if section.number != expected:
                yield Problem(
                    "guide.yaml",
                    f"sections (id={section.id})",
                    "number",
                    f"절 번호는 {expected}이어야 합니다",
                    f"section number should be {expected}",
                )
        if procedure.steps_after not in {s.id for s in procedure.sections}:
            yield Problem(
                "guide.yaml",
                f"procedures (id={procedure.id})",
                "steps_after",
                "이 절차의 절 id가 아닙니다",
                "not a section id of this procedure",
            )
    for index, faq in enumerate(content.faqs, start=1):
        if faq.number != index:
            yield Problem(
                "faq.yaml",
                f"faq (id={faq.id})",
                "number",
                f"번호는 {index}이어야 합니다",
                f"number should be {index}",
            )


def references(content: Content) -> Iterable[Problem]:
    section_ids = {s.id for s in content.sections()}
    faq_ids = {f.id for f in content.faqs}
    procedure_ids = {p.id for p in content.procedures}
    for caution in content.cautions:
        if caution.section not in section_ids:
            yield Problem(
                "cautions.yaml",
                f"cautions (id={caution.id})",
                "section",
                f"없는 절 id입니다: {caution.section}",
                f"no section with id {caution.section!r}",
            )
    targets = section_ids | faq_ids | procedure_ids
    for note in content.today_notes:
        if note.target not in targets:
            yield Problem(
                "today.yaml",
                f"notes (id={note.id})",
                "target",
                f"없는 절·FAQ·절차 id입니다: {note.target}",
                f"no section, FAQ or procedure with id {note.target!r}",
            )
    anchors = section_ids | faq_ids
    for lesson in content.lessons:
        for anchor in lesson.covers:
            if anchor not in anchors:
                yield Problem(
                    "course.yaml",
                    f"lessons (id={lesson.id})",
                    "covers",
                    f"없는 절·FAQ id입니다: {anchor}",
                    f"no section or FAQ with id {anchor!r}",
                )


def everything_taught(content: Content) -> Iterable[Problem]:
    """A section no lesson covers would never be shown, and review links to it would dangle."""
    covered = {anchor for lesson in content.lessons for anchor in lesson.covers}
    for section in content.sections():
        if section.id not in covered:
            yield Problem(
                "course.yaml",
                "lessons",
                "covers",
                f"어느 수업에도 들어 있지 않은 절입니다: {section.id}",
                f"section {section.id!r} is not covered by any lesson",
            )
    for faq in content.faqs:
        if faq.id not in covered:
            yield Problem(
                "course.yaml",
                "lessons",
                "covers",
                f"어느 수업에도 들어 있지 않은 FAQ입니다: {faq.id}",
                f"FAQ {faq.id!r} is not covered by any lesson",
            )


RULES: list[Rule] = [unique_ids, step_numbers, section_numbers, references, everything_taught]

# The question bank's rules (unique ids, references, answers naming real choices).
RULES += QUESTION_RULES

# The glossary's and instructor notes' rules (ids, spellings, lesson ids that exist).
RULES += TEACHING_KIT_RULES

# Lesson kinds and the ids they name; the simulator's flows and texts.
RULES += STRUCTURE_RULES + SIMULATOR_RULES

# The 수료증 rule (course.yaml › certificate).
RULES += CERTIFICATE_RULES


def _walkable(content: Content) -> bool:
    """The rules that walk the course need the ids they follow to resolve."""
    rules = (references, *QUESTION_RULES[:2], *STRUCTURE_RULES)
    return not any(next(iter(rule(content)), None) for rule in rules)


def course_walk(content: Content) -> Iterable[Problem]:
    """What is taught before it is asked, pace, and the exam blueprint (see their modules)."""
    if not _walkable(content):
        return
    for rule in COURSE_RULES + BLUEPRINT_RULES:
        yield from rule(content)


RULES.append(course_walk)


def check(content: Content) -> list[Problem]:
    return [problem for rule in RULES for problem in rule(content)]
