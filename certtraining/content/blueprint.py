"""The final assessment's blueprint as data the exam can draw from, and the paper checks.

``data/course.yaml``'s ``blueprint`` says how many questions each part of the course gives
(a part names lessons, sections or FAQ) and which questions must never share a paper
(``apart``: near-duplicates where one gives the other away). :func:`exam_plan` resolves it
against the course once; :func:`draw` makes one paper from a random generator (the exam
seeds it per learner); :func:`paper_faults` says what a paper breaks (tests draw thousands).

Drawing goes part by part: the part's questions shuffled, each taken unless a question of
its ``apart`` group is already on the paper. :func:`shortfalls` is the validate rule's
guarantee that this never runs dry: a part has enough questions that no group can block
(``units``: each group counts once), even after every question drawn for earlier parts has
used up one group the part shares with them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

from certtraining.content.models import Content
from certtraining.content.outline import home_lessons, review_section

# Without a blueprint the exam draws this many questions from the whole bank.
EXAM_QUESTION_COUNT = 10


@dataclass(frozen=True)
class PlannedPart:
    label: str  # e.g. "lessons: intro, issuance"
    count: int
    members: tuple[str, ...]  # question ids, bank order


@dataclass(frozen=True)
class ExamPlan:
    parts: tuple[PlannedPart, ...]
    groups: tuple[tuple[str, ...], ...]  # apart groups (question ids)

    @property
    def total(self) -> int:
        return sum(part.count for part in self.parts)

    def group_of(self, question_id: str) -> int | None:
        return next((i for i, g in enumerate(self.groups) if question_id in g), None)


class BlueprintError(ValueError):
    """The blueprint cannot be met (``certtraining validate`` reports why beforehand)."""


def part_label(lessons: list[str], sections: list[str]) -> str:
    named = []
    if lessons:
        named.append("수업 " + ", ".join(lessons))
    if sections:
        named.append("절 " + ", ".join(sections))
    return " + ".join(named)


@lru_cache(maxsize=8)
def exam_plan(content: Content) -> ExamPlan:
    """The blueprint resolved to question ids (the whole bank as one part when there is none).

    A question belongs to a part when the part names the lesson that counts it
    (:func:`~certtraining.content.outline.home_lessons`) or the section it reviews.
    """
    bank = [q.id for q in content.questions]
    blueprint = content.course.blueprint
    if blueprint is None:
        whole = PlannedPart("문제 은행 전체", min(EXAM_QUESTION_COUNT, len(bank)), tuple(bank))
        return ExamPlan((whole,), ())
    homes = home_lessons(content)
    sections = {q.id: review_section(q, content) for q in content.questions}
    parts = []
    for part in blueprint.parts:
        members = tuple(
            q for q in bank if homes.get(q) in part.lessons or sections.get(q) in part.sections
        )
        parts.append(PlannedPart(part_label(part.lessons, part.sections), part.count, members))
    groups = tuple(tuple(g) for g in blueprint.apart)
    return ExamPlan(tuple(parts), groups)


def draw(plan: ExamPlan, rng: random.Random) -> tuple[str, ...]:
    """One paper: each part's count of its questions, no two of one ``apart`` group."""
    picked: list[str] = []
    used: set[int] = set()
    for part in plan.parts:
        candidates = list(part.members)
        rng.shuffle(candidates)
        taken = 0
        for question_id in candidates:
            if taken == part.count:
                break
            group = plan.group_of(question_id)
            if question_id in picked or (group is not None and group in used):
                continue
            picked.append(question_id)
            taken += 1
            if group is not None:
                used.add(group)
        if taken < part.count:
            raise BlueprintError(f"part {part.label!r}: only {taken} of {part.count} questions")
    return tuple(picked)


def paper_faults(plan: ExamPlan, paper: tuple[str, ...]) -> list[str]:
    """What a paper breaks: a part's count, a question twice, two of one group."""
    faults = []
    if len(set(paper)) != len(paper):
        faults.append("a question appears twice")
    for part in plan.parts:
        got = sum(1 for q in paper if q in part.members)
        if got != part.count:
            faults.append(f"{part.label}: {got} questions, blueprint says {part.count}")
    for group in plan.groups:
        together = [q for q in paper if q in group]
        if len(together) > 1:
            faults.append(f"apart group on one paper: {', '.join(together)}")
    if len(paper) != plan.total:
        faults.append(f"{len(paper)} questions, blueprint says {plan.total}")
    return faults


@dataclass(frozen=True)
class Shortfall:
    part: PlannedPart
    units: int  # questions no group can block against each other (a group counts once)
    blockable: int  # units questions drawn for earlier parts might use up


def shortfalls(plan: ExamPlan) -> list[Shortfall]:
    """Parts that a draw could run dry on (empty: every paper meets the blueprint)."""
    found = []
    for index, part in enumerate(plan.parts):
        members = set(part.members)
        own_groups = {g for g, group in enumerate(plan.groups) if members & set(group)}
        ungrouped = [q for q in part.members if plan.group_of(q) is None]
        units = len(ungrouped) + len(own_groups)
        blockable = 0
        for earlier in plan.parts[:index]:
            shared = {g for g in own_groups if set(earlier.members) & set(plan.groups[g]) - members}
            blockable += min(earlier.count, len(shared))
        # Questions an earlier part also holds could be drawn there: each takes a unit.
        overlap = sum(min(e.count, len(members & set(e.members))) for e in plan.parts[:index])
        blockable = min(units, blockable + overlap)
        if units - blockable < part.count:
            found.append(Shortfall(part, units, blockable))
    return found
