"""Scoring rules: pure functions over attempts and lesson events (see docs/scoring.md).

Per question
    Practice: credit by the try on which the learner first answered correctly
    (``attempt_no``: 1 → 1.0, 2 → 0.5, 3 or later → 0.25; never correct → 0).
    Exam: only the learner's first exam answer to the question counts, right (1.0) or
    wrong (0.0); retrying in an exam earns nothing more.
    A question's credit is the better of the two.
Per section and lesson
    Mastery = mean credit over the section's (lesson's) questions, unanswered ones counting
    0; mastered at ``MASTERY_THRESHOLD`` (80 %).
    A lesson is complete when it was opened, its end was reached, and every one of its
    questions was answered (the final assessment: the exam was submitted).
    Lesson progress = done units / all units, units being "opened", "finished" and one per
    question (the final assessment: one for the submitted exam).
Overall
    Progress = mean of the lessons' progress, as a percentage. The final assessment result
    is the learner's best submission; passed as the exam reported it.
Self-reported answers
    Attempts imported from an offline handout (``self_reported``) are re-scored on import
    and shown in the class report, but count toward no score, completion or certificate.
Review answers
    Attempts with mode ``review`` (오늘의 복습) are left out of every score, and are
    numbered apart from the others by the store, so reviewing never changes a lesson's
    score; they only move the review schedule (certtraining.progress.review).
What to review next
    Sections with at least one answered question and mastery below the threshold, weakest
    first (course order breaks ties), at most ``REVIEW_LIMIT``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from certtraining.progress.bank import CoursePlan
from certtraining.progress.records import Attempt, ExamRecord, LessonRecord

FIRST_TRY_CREDIT = 1.0
SECOND_TRY_CREDIT = 0.5
LATER_TRY_CREDIT = 0.25
MASTERY_THRESHOLD = 0.8
REVIEW_LIMIT = 3
SCORED_MODES = ("practice", "exam")
"""Modes whose attempts count toward scores; ``review`` answers never do."""


def counts(attempt: Attempt) -> bool:
    """Whether an attempt counts toward scores and completion: a practice or exam answer the
    course recorded itself. Self-reported ones (an offline handout's, imported) never do."""
    return attempt.mode in SCORED_MODES and not attempt.self_reported


def credit_for_try(attempt_no: int) -> float:
    """Practice credit when the first correct answer came on try ``attempt_no``."""
    if attempt_no <= 1:
        return FIRST_TRY_CREDIT
    if attempt_no == 2:
        return SECOND_TRY_CREDIT
    return LATER_TRY_CREDIT


@dataclass(frozen=True)
class QuestionResult:
    question_id: str
    attempts: int
    first_try_correct: bool
    ever_correct: bool
    credit: float


def question_result(attempts: Sequence[Attempt]) -> QuestionResult:
    """One learner's attempts at one question, scored by the rule above."""
    attempts = [a for a in attempts if counts(a)]
    if not attempts:
        raise ValueError("question_result needs at least one scored (practice or exam) attempt")
    ordered = sorted(attempts, key=lambda a: (a.attempt_no, not a.correct, a.created_at))
    practice_correct = [a.attempt_no for a in ordered if a.mode == "practice" and a.correct]
    credit = credit_for_try(practice_correct[0]) if practice_correct else 0.0
    exams = [a for a in ordered if a.mode == "exam"]
    if exams and exams[0].correct:
        credit = max(credit, FIRST_TRY_CREDIT)
    return QuestionResult(
        ordered[0].question_id,
        len(ordered),
        ordered[0].correct,
        any(a.correct for a in ordered),
        credit,
    )


def question_results(attempts: Iterable[Attempt]) -> dict[str, QuestionResult]:
    by_question: dict[str, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        if not counts(attempt):
            continue
        by_question[attempt.question_id].append(attempt)
    return {qid: question_result(group) for qid, group in by_question.items()}


def mastery(question_ids: Sequence[str], results: dict[str, QuestionResult]) -> float | None:
    """Mean credit over the questions (unanswered = 0); None when there are no questions."""
    if not question_ids:
        return None
    return sum(results[q].credit if q in results else 0.0 for q in question_ids) / len(question_ids)


@dataclass(frozen=True)
class SectionResult:
    section: str
    title: str
    link: str
    questions: int
    answered: int
    mastery: float  # 0..1

    @property
    def mastered(self) -> bool:
        return self.mastery >= MASTERY_THRESHOLD - 1e-9


@dataclass(frozen=True)
class LessonResult:
    lesson: str
    title: str
    opened: bool
    finished: bool
    questions: int
    answered: int
    exam_submitted: bool
    mastery: float | None  # 0..1, None for a lesson without questions
    progress: float  # 0..1

    @property
    def all_answered(self) -> bool:
        return self.answered >= self.questions

    @property
    def complete(self) -> bool:
        return self.opened and self.finished and self.all_answered


@dataclass(frozen=True)
class ExamResult:
    score: float
    possible: float
    passed: bool

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.possible if self.possible else 0.0


@dataclass(frozen=True)
class ReviewItem:
    section: str
    title: str
    link: str
    mastery: float


@dataclass(frozen=True)
class LearnerSummary:
    lessons: tuple[LessonResult, ...]
    sections: tuple[SectionResult, ...]
    questions: dict[str, QuestionResult]
    progress_percent: float
    final: ExamResult | None
    review: tuple[ReviewItem, ...]
    last_activity: str | None

    def lesson(self, lesson_id: str) -> LessonResult:
        return next(r for r in self.lessons if r.lesson == lesson_id)

    def to_dict(self) -> dict[str, object]:
        return {
            "progress_percent": self.progress_percent,
            "final": None if self.final is None else self.final.__dict__,
            "lessons": [r.__dict__ for r in self.lessons],
            "review": [r.__dict__ for r in self.review],
        }


def lesson_result(
    plan: CoursePlan,
    lesson_id: str,
    results: dict[str, QuestionResult],
    kinds: set[str],
    exam_submitted: bool,
) -> LessonResult:
    lesson = plan.lesson(lesson_id)
    opened, finished = "opened" in kinds, "finished" in kinds
    if lesson.is_exam:
        questions, answered = 1, int(exam_submitted)
        lesson_mastery = None
    else:
        questions = len(lesson.questions)
        answered = sum(1 for q in lesson.questions if q in results)
        lesson_mastery = mastery(lesson.questions, results)
    progress = (int(opened) + int(finished) + answered) / (2 + questions)
    return LessonResult(
        lesson.id,
        lesson.title,
        opened,
        finished,
        questions,
        answered,
        exam_submitted,
        lesson_mastery,
        progress,
    )


def best_exam(exams: Iterable[ExamRecord]) -> ExamResult | None:
    """The best submission (highest percentage; the earlier one on a tie)."""
    best: ExamRecord | None = None
    for exam in sorted(exams, key=lambda e: e.created_at):
        if best is None or exam.percent > best.percent:
            best = exam
    return None if best is None else ExamResult(best.score, best.possible, best.passed)


def section_results(plan: CoursePlan, results: dict[str, QuestionResult]) -> list[SectionResult]:
    rows = []
    for section in plan.sections():
        ids = plan.section_questions(section)
        rows.append(
            SectionResult(
                section,
                plan.section_titles.get(section, section),
                plan.section_link(section),
                len(ids),
                sum(1 for q in ids if q in results),
                mastery(ids, results) or 0.0,
            )
        )
    return rows


def review_next(sections: Iterable[SectionResult], limit: int = REVIEW_LIMIT) -> list[ReviewItem]:
    """Weakest started sections below mastery first; course order breaks ties."""
    candidates = [
        (s.mastery, index, s)
        for index, s in enumerate(sections)
        if s.answered > 0 and not s.mastered
    ]
    candidates.sort(key=lambda item: (item[0], item[1]))
    return [ReviewItem(s.section, s.title, s.link, s.mastery) for _, _, s in candidates[:limit]]


def summarise_learner(
    plan: CoursePlan,
    attempts: Iterable[Attempt],
    lesson_events: Iterable[LessonRecord],
    exams: Iterable[ExamRecord],
) -> LearnerSummary:
    """Everything a learner's views show, from that learner's records only."""
    attempts = list(attempts)
    lesson_events = list(lesson_events)
    exams = list(exams)
    known = [a for a in attempts if a.question_id in plan.questions]
    results = question_results(known)
    kinds: dict[str, set[str]] = defaultdict(set)
    for event in lesson_events:
        kinds[event.lesson].add(event.kind)
    final = best_exam(exams)
    lessons = tuple(
        lesson_result(plan, lesson.id, results, kinds[lesson.id], final is not None)
        for lesson in plan.lessons
    )
    sections = tuple(section_results(plan, results))
    progress = 100.0 * sum(r.progress for r in lessons) / len(lessons) if lessons else 0.0
    stamps = [r.created_at for r in (*attempts, *lesson_events, *exams)]
    return LearnerSummary(
        lessons,
        sections,
        results,
        progress,
        final,
        tuple(review_next(sections)),
        max(stamps) if stamps else None,
    )
