"""The class report's fast path against a direct computation over every attempt (issue 13).

``load_class`` reads one row per (learner, question) pair and computes every sum with numpy;
the answer texts come from one grouped query; pairs whose numbering is odd (first counted
answer numbered above 1, or two answers numbered 1 from merged imports) are read apart. This
class has all of those, plus missing cells, rest-score ties, answers to an earlier wording,
review answers and self-reported answers, practice questions met again in the exam; each sum
must equal the same sum computed in plain Python from ``store.attempts()``.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

import numpy as np
import pandas as pd
import pytest

from certtraining.progress import Attempt, ProgressStore
from certtraining.progress.bank import CoursePlan, LessonPlan, QuestionRef
from certtraining.progress.report import exam_reliability, item_analysis, load_class
from certtraining.progress.scoring import question_result

pytest_plugins = ["tests.progress_support"]

PRACTICE = [f"q-{n}" for n in range(6)]
EXAM = [f"e-{n}" for n in range(4)]
CURRENT, OLD = "c0de", "01d0"
PLAN = CoursePlan(
    lessons=(
        LessonPlan("one", "수업", "01.ipynb", tuple(PRACTICE)),
        LessonPlan("final", "최종 평가", "05.ipynb", tuple(EXAM), is_exam=True),
    ),
    questions={
        **{q: QuestionRef(q, "one", "s-1") for q in PRACTICE},
        **{q: QuestionRef(q, "final", "s-2") for q in EXAM},
    },
    option_labels={q: {"a": "가", "b": "나", "c": "다"} for q in [*PRACTICE, *EXAM]},
    versions={q: CURRENT for q in [*PRACTICE, *EXAM]},
)


def _class() -> list[Attempt]:
    rng = random.Random(2024)
    records: list[Attempt] = []

    def add(learner, q, answer, right, number, mode="practice", version=CURRENT, own=False):
        records.append(
            Attempt.new(
                learner,
                q,
                answer,
                right,
                mode,
                attempt_no=number,
                question_version=version,
                self_reported=own,
                created_at=f"2026-03-0{1 + number % 9}T09:{rng.randrange(60):02d}:00.000000Z",
            )
        )

    for number in range(48):
        learner = f"learner-{number:02d}"
        for q in PRACTICE:
            if rng.random() < 0.25:
                continue  # a missing cell
            # odd: first counted answer numbered 2 (q-5's, to an earlier wording, while none
            # of q-5's answers numbered 1 is: only the odd pairs show that q-5 changed)
            start = 2 if rng.random() < 0.06 or (q == "q-5" and number % 7 == 0) else 1
            for attempt in range(start, start + rng.randrange(1, 4)):
                right = rng.random() < 0.55
                old = q in ("q-1", "q-2") and attempt == start and rng.random() < 0.3
                old = old or (q == "q-5" and attempt == start == 2)
                add(
                    learner,
                    q,
                    "a" if right else rng.choice("bc"),
                    right,
                    attempt,
                    version=OLD if old else rng.choice([CURRENT, CURRENT, None]),
                )
                if right:
                    break
            if rng.random() < 0.08:  # merged import: a second answer numbered 1
                add(
                    learner,
                    q,
                    rng.choice("abc"),
                    rng.random() < 0.5,
                    1,
                    version=rng.choice([CURRENT, OLD]) if q != "q-5" else CURRENT,
                )
            if rng.random() < 0.2:
                add(learner, q, "b", False, 1, mode="review")  # review: never counted
            if rng.random() < 0.1:
                add(learner, q, "c", False, 1, own=True)  # self-reported: never counted
        for q in rng.sample([*EXAM, "q-0"], 3):
            right = rng.random() < 0.6
            number = 1 + sum(
                1
                for r in records
                if (r.learner, r.question_id) == (learner, q)
                and r.mode != "review"
                and not r.self_reported
            )
            add(
                learner,
                q,
                "a" if right else "b",
                right,
                number,
                mode="exam",
                version=OLD if rng.random() < 0.1 else CURRENT,
            )
    return records


def _first(rows: list[Attempt]) -> Attempt:
    """The documented rule: smallest number; right before wrong; current wording before an
    earlier one; then the smallest answer text."""
    return min(
        rows,
        key=lambda a: (a.attempt_no, not a.correct, not _current(a), a.answer),
    )


def _current(attempt: Attempt) -> bool:
    return attempt.question_version in (None, CURRENT)


@pytest.fixture(scope="module")
def report():
    store = ProgressStore("sqlite://")
    try:
        store.import_records(_class())
        yield load_class(store, PLAN), store.attempts()
    finally:
        store.close()


def _pairs(attempts: list[Attempt], modes: tuple[str, ...]) -> dict[tuple[str, str], list]:
    pairs: dict[tuple[str, str], list[Attempt]] = defaultdict(list)
    for a in attempts:
        if a.mode in modes and not a.self_reported:
            pairs[(a.learner, a.question_id)].append(a)
    return pairs


def test_the_class_has_every_awkward_case(report):
    _, attempts = report
    pairs = _pairs(attempts, ("practice", "exam"))
    numbers = [sorted(a.attempt_no for a in rows) for rows in pairs.values()]
    assert any(n[0] > 1 for n in numbers)
    assert any(n[:2] == [1, 1] for n in numbers)
    assert any(not _current(_first(rows)) for rows in pairs.values())
    q5 = [rows for (_, q), rows in pairs.items() if q == "q-5"]
    assert any(not _current(_first(rows)) for rows in q5)
    assert all(_current(a) for rows in q5 for a in rows if a.attempt_no == 1)
    assert any(a.mode == "review" for a in attempts) and any(a.self_reported for a in attempts)


def test_item_sums_equal_a_direct_computation(report):
    data, attempts = report
    pairs = _pairs(attempts, ("practice", "exam"))
    first = {key: _first(rows) for key, rows in pairs.items()}
    current = {key: a for key, a in first.items() if _current(a)}
    total, count = Counter(), Counter()
    for (learner, _), a in current.items():
        total[learner] += a.correct
        count[learner] += 1
    sums = data.item_data.sums.set_index("question_id")
    assert sorted(sums.index) == sorted({q for _, q in current})
    for q in sums.index:
        cells = sorted(
            (learner, float(a.correct)) for (learner, qq), a in current.items() if qq == q
        )
        rest = [
            (r, learner, x)
            for learner, x in cells
            if count[learner] > 1
            for r in [(total[learner] - x) / (count[learner] - 1)]
        ]
        got = sums.loc[q]
        assert got["n"] == len(cells) and got["right"] == sum(x for _, x in cells), q
        assert got["attempts"] == sum(len(pairs[(learner, q)]) for learner, _ in cells)
        assert got["m"] == len(rest) and got["right_m"] == sum(x for _, _, x in rest)
        assert got["sum_r"] == pytest.approx(sum(r for r, _, _ in rest))
        assert got["sum_rr"] == pytest.approx(sum(r * r for r, _, _ in rest))
        assert got["sum_xr"] == pytest.approx(sum(r * x for r, _, x in rest))
        ranked = sorted(rest)  # by rest score, ties by learner id
        g = (len(rest) * 27 + 50) // 100
        assert got["lower_n"] == len(ranked[:g]) and got["upper_n"] == len(
            ranked[len(ranked) - g :]
        )
        assert got["lower_right"] == sum(x for _, _, x in ranked[:g])
        assert got["upper_right"] == sum(x for _, _, x in ranked[len(ranked) - g :])
    earlier = Counter(q for (_, q), a in first.items() if not _current(a))
    assert data.item_data.earlier.to_dict() == dict(earlier)


def test_answer_texts_equal_a_direct_computation(report):
    data, attempts = report
    pairs = _pairs(attempts, ("practice", "exam"))
    picked = Counter()
    for rows in pairs.values():
        a = _first(rows)
        if _current(a):
            picked[(a.question_id, a.answer, int(a.correct))] += 1
    answers = data.item_data.answers
    got = {(q, answer, int(right)): n for q, answer, right, n in answers.itertuples(index=False)}
    assert got == dict(picked)
    wrong = Counter(
        (a.question_id, a.answer)
        for rows in pairs.values()
        for a in rows
        if not a.correct and _current(a)
    )
    got_wrong = {(q, answer): n for q, answer, n in data.wrong_answers.itertuples(index=False)}
    assert got_wrong == dict(wrong)


def test_scores_per_learner_and_lesson_equal_the_scoring_rule(report):
    data, attempts = report
    pairs = _pairs(attempts, ("practice", "exam"))
    expected = defaultdict(float)
    answered = Counter()
    for (learner, q), rows in pairs.items():
        lesson = PLAN.questions[q].lesson
        expected[(learner, lesson)] += question_result(rows).credit
        answered[(learner, lesson)] += 1
    got = data.lesson_credit.set_index(["learner", "lesson"])
    assert sorted(got.index) == sorted(expected)
    for key, credit in expected.items():
        assert got.loc[key, "credit"] == pytest.approx(credit)
        assert got.loc[key, "answered"] == answered[key]
    items = data.items.set_index("question_id")
    for q in items.index:
        rows = {k: v for k, v in pairs.items() if k[1] == q}
        assert items.loc[q, "learners"] == len(rows)
        assert items.loc[q, "first_try"] == sum(_first(r).correct for r in rows.values())
        assert items.loc[q, "attempts"] == sum(len(r) for r in rows.values())


def test_exam_sums_equal_a_direct_computation(report):
    data, attempts = report
    pairs = _pairs(attempts, ("exam",))
    first = {key: _first(rows) for key, rows in pairs.items()}
    current = {key: float(a.correct) for key, a in first.items() if _current(a)}
    by_learner = defaultdict(dict)
    for (learner, q), x in current.items():
        by_learner[learner][q] = x
    d = data.item_data
    assert d.exam_learners == len(by_learner)
    assert d.paper_length == pytest.approx(len(current) / len(by_learner))
    items = d.exam_items.set_index("question_id")
    for q in items.index:
        xs = [x for (_, qq), x in current.items() if qq == q]
        assert (items.loc[q, "n"], items.loc[q, "right"]) == (len(xs), sum(xs))
    expected = Counter()
    for answers in by_learner.values():
        for qi in answers:
            for qj in answers:
                if qi < qj:
                    xi, xj = answers[qi], answers[qj]
                    expected[(qi, qj)] += np.array([1, xi, xj, xi * xj])
    got = d.exam_pairs.set_index(["qi", "qj"])
    assert sorted(got.index) == sorted(expected)
    for key, (n, si, sj, sij) in expected.items():
        assert list(got.loc[key, ["n", "si", "sj", "sij"]]) == [n, si, sj, sij]
    assert exam_reliability(data).items == len(items[items["n"] >= 2])


def test_the_item_table_is_the_same_on_every_backend(report, store_url):
    from pandas.testing import assert_frame_equal

    expected, _ = report
    other = ProgressStore(store_url)
    try:
        other.import_records(_class())
        there = load_class(other, PLAN)
    finally:
        other.close()
    assert_frame_equal(item_analysis(expected), item_analysis(there))
    assert exam_reliability(expected).alpha == pytest.approx(exam_reliability(there).alpha)
    pd.testing.assert_frame_equal(
        expected.item_data.sums, there.item_data.sums, check_exact=False, rtol=1e-9
    )
