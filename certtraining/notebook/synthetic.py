"""A made-up class, the same for the same seed: for tests, benchmarks and the instructor
notebook's example (shown while no learner has answered anything yet).

Each learner has an ability; each question a difficulty. A learner answers most questions,
retrying a wrong one until right or until three tries; that gives about 1.4 attempts per
answered question. Wrong answers favour one option per question, so item analysis has a
"most chosen wrong answer" to find. A few learners who miss a question on the first try
press 이 문제가 헷갈려요 (most often on the hard one), some with a short note. Timestamps and
UUIDs derive from the seed; the flags draw from a generator of their own, so adding them
changed none of the answers.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid as uuid_module
from collections.abc import Iterator
from typing import Any

from certtraining.personal.privacy import looks_personal
from certtraining.progress.bank import CoursePlan
from certtraining.progress.records import Attempt, ExamRecord, Flag, LessonRecord, Record
from certtraining.quiz import CheckUnavailable, answer_key, public_view

_NAMESPACE = uuid_module.UUID("5b0c8f0e-6a7d-4c61-9a43-1f4f3c1d2e77")
BASE_TIME = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
EXAM_SIZE = 10
FLAG_NOTES = (
    "보기 두 개가 거의 같은 말 같아요.",
    None,
    "문제의 '인증서'가 공동인증서를 말하는 건지 헷갈려요.",
    "해설을 읽어도 왜 틀렸는지 잘 모르겠어요.",
    None,
)


def _uuid(*parts: object) -> str:
    name = ":".join(str(p) for p in parts)
    for salt in range(100):
        value = str(uuid_module.uuid5(_NAMESPACE, f"{name}:{salt}"))
        if not looks_personal(value):
            return value
    raise RuntimeError("no usable uuid")  # pragma: no cover - 100 misses cannot happen


def _stamp(seconds: float) -> str:
    return (BASE_TIME + dt.timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _answer_options(question_id: str) -> tuple[Any, list[Any]]:
    """(right answer, wrong answers) in the widgets' own answer shapes where the bank allows."""
    try:
        view = public_view(question_id)
        canonical = answer_key(question_id).canonical
    except (KeyError, CheckUnavailable):  # a test's made-up plan, or content without keys
        return "right", ["wrong-a", "wrong-b", "wrong-c"]
    if view.type in ("single", "ox"):
        return canonical, [o.key for o in view.choices if o.key != canonical]
    if view.type == "multiple":
        right = canonical.split(",")
        return right, [[o.key] for o in view.choices if [o.key] != right][:3]
    if view.type == "order":
        right = canonical.split(",")
        swapped = [right[1], right[0], *right[2:]]
        return right, [swapped, list(reversed(right))]
    pairs = dict(pair.split("=", 1) for pair in canonical.split(","))
    terms = sorted(pairs)
    wrong = dict(pairs)
    wrong[terms[0]], wrong[terms[1]] = pairs[terms[1]], pairs[terms[0]]
    return pairs, [wrong]


def learner_name(number: int) -> str:
    return f"학습자-{number:03d}"


def synthetic_class(plan: CoursePlan, learners: int, seed: int = 7) -> Iterator[Record]:
    """Every record of a made-up class of ``learners`` learners (deterministic for a seed)."""
    rng = random.Random(seed)
    question_ids = list(plan.questions)
    difficulty = {q: rng.uniform(0.0, 0.55) for q in question_ids}
    if question_ids:  # one question most of the class misses, as real classes have
        difficulty[question_ids[len(question_ids) // 2]] = 0.9
    options = {q: _answer_options(q) for q in question_ids}
    hard = question_ids[len(question_ids) // 2] if question_ids else None
    flag_rng = random.Random(seed + 1)
    for number in range(1, learners + 1):
        learner = learner_name(number)
        ability = rng.uniform(0.55, 1.0)
        clock = number * 600.0
        counter = 0

        def make_uuid(learner: str = learner) -> str:
            nonlocal counter
            counter += 1
            return _uuid(seed, learner, counter)

        tries: dict[str, int] = {}
        missed_first: list[tuple[str, float]] = []
        for lesson in plan.lessons:
            if rng.random() > 0.95:
                break
            clock += 60
            yield LessonRecord(learner, lesson.id, "opened", make_uuid(), _stamp(clock))
            for question_id in lesson.questions:
                if rng.random() > 0.92:
                    continue
                right, wrong = options[question_id]
                ref = plan.questions[question_id]
                p_right = ability * (1 - difficulty[question_id])
                for attempt_no in range(1, 4):
                    correct = rng.random() < p_right
                    weights = [3] + [1] * (len(wrong) - 1) if wrong else None
                    answer = right if correct else rng.choices(wrong, weights)[0]
                    clock += rng.uniform(10, 50)
                    tries[question_id] = attempt_no
                    yield Attempt.new(
                        learner,
                        question_id,
                        answer,
                        correct,
                        "practice",
                        ref.lesson,
                        ref.section,
                        attempt_no=attempt_no,
                        uuid=make_uuid(),
                        created_at=_stamp(clock),
                        question_version=plan.versions.get(question_id),
                    )
                    if attempt_no == 1 and not correct:
                        missed_first.append((question_id, clock))
                    if correct:
                        break
                    p_right = min(1.0, p_right + 0.3)
            if lesson.is_exam and question_ids:
                paper = rng.sample(question_ids, min(EXAM_SIZE, len(question_ids)))
                score = 0
                for question_id in paper:
                    right, wrong = options[question_id]
                    correct = rng.random() < ability * (1 - difficulty[question_id] / 2)
                    score += int(correct)
                    tries[question_id] = tries.get(question_id, 0) + 1
                    clock += rng.uniform(5, 30)
                    ref = plan.questions[question_id]
                    yield Attempt.new(
                        learner,
                        question_id,
                        right if correct else wrong[0],
                        correct,
                        "exam",
                        ref.lesson,
                        ref.section,
                        attempt_no=tries[question_id],
                        uuid=make_uuid(),
                        created_at=_stamp(clock),
                        question_version=plan.versions.get(question_id),
                    )
                passed = 100.0 * score / len(paper) >= plan.pass_threshold
                clock += 5
                yield ExamRecord(
                    learner, score, len(paper), passed, tuple(paper), make_uuid(), _stamp(clock)
                )
            if rng.random() < 0.85:
                clock += 60
                yield LessonRecord(learner, lesson.id, "finished", make_uuid(), _stamp(clock))
        for question_id, at in missed_first:
            if flag_rng.random() < (0.4 if question_id == hard else 0.03):
                yield Flag(
                    learner,
                    question_id,
                    plan.versions.get(question_id),
                    flag_rng.choice(FLAG_NOTES),
                    _uuid(seed, learner, "flag", question_id),
                    _stamp(at + 5),
                )
