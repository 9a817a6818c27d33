"""Scoring rules as documented in docs/scoring.md, and the class report agreeing with them."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from certtraining.notebook.plan import course_plan
from certtraining.progress import Attempt, ExamRecord, LessonRecord, ProgressStore
from certtraining.progress.bank import CoursePlan, LessonPlan, QuestionRef
from certtraining.progress.report import (
    class_summary,
    item_analysis,
    load_class,
    section_mastery,
)
from certtraining.progress.scoring import (
    question_result,
    review_next,
    summarise_learner,
)

_clock = itertools.count()


def stamp() -> str:
    """Strictly increasing timestamps (one second apart) for the records a test makes."""
    seconds = next(_clock)
    day, rest = divmod(seconds, 86400)
    return f"2025-03-{3 + day:02d}T{rest // 3600:02d}:{rest // 60 % 60:02d}:{rest % 60:02d}.000000Z"


def attempt(no: int, correct: bool, mode: str = "practice", q: str = "q-a") -> Attempt:
    return Attempt.new("l", q, "x", correct, mode, attempt_no=no, created_at=stamp())


# A small course: two lessons with questions, one without, and the final assessment.
PLAN = CoursePlan(
    lessons=(
        LessonPlan("one", "첫 수업", "01_one.ipynb", ("q-a", "q-b")),
        LessonPlan("two", "둘째 수업", "02_two.ipynb", ("q-c", "q-d", "q-e")),
        LessonPlan("lab", "실습", "04_lab.ipynb"),
        LessonPlan("final", "최종 평가", "05_final.ipynb", is_exam=True),
    ),
    questions={
        "q-a": QuestionRef("q-a", "one", "sec-a"),
        "q-b": QuestionRef("q-b", "one", "sec-a"),
        "q-c": QuestionRef("q-c", "two", "sec-c"),
        "q-d": QuestionRef("q-d", "two", "sec-c"),
        "q-e": QuestionRef("q-e", "two", "sec-e"),
    },
    section_titles={"sec-a": "가. 첫 절", "sec-c": "다. 셋째 절", "sec-e": "마. 다섯째 절"},
    section_order=("sec-a", "sec-c", "sec-e"),
    pass_threshold=70,
)


@pytest.mark.parametrize(
    ("tries", "credit"),
    [
        ([True], 1.0),
        ([False, True], 0.5),
        ([False, False, True], 0.25),
        ([False, False, False, False, True], 0.25),
        ([False, False], 0.0),
        ([True, False, True], 1.0),  # later tries never lower a first-try credit
    ],
)
def test_practice_credit_depends_on_the_first_correct_try(tries: list[bool], credit: float) -> None:
    result = question_result([attempt(n, ok) for n, ok in enumerate(tries, 1)])
    assert result.credit == credit
    assert result.first_try_correct is tries[0]
    assert result.attempts == len(tries)


def test_exam_answers_count_once() -> None:
    assert question_result([attempt(1, False, "exam"), attempt(2, True, "exam")]).credit == 0.0
    assert question_result([attempt(1, True, "exam"), attempt(2, False, "exam")]).credit == 1.0
    # Practice on the second try, then a right first exam answer: the better of the two.
    mixed = [attempt(1, False), attempt(2, True), attempt(3, True, "exam")]
    assert question_result(mixed).credit == 1.0
    assert (
        question_result([attempt(1, False), attempt(2, True), attempt(3, False, "exam")]).credit
        == 0.5
    )


def test_completion_mastery_progress_and_final_result() -> None:
    attempts = [
        attempt(1, True, q="q-a"),
        attempt(1, False, q="q-b"),
        attempt(2, True, q="q-b"),
        attempt(1, True, q="q-c"),
    ]
    events = [
        LessonRecord("l", "one", "opened", created_at=stamp()),
        LessonRecord("l", "one", "finished", created_at=stamp()),
        LessonRecord("l", "two", "opened", created_at=stamp()),
        LessonRecord("l", "final", "opened", created_at=stamp()),
    ]
    exams = [
        ExamRecord("l", 6, 10, False, created_at=stamp()),
        ExamRecord("l", 9, 10, True, created_at=stamp()),
        ExamRecord("l", 9, 10, True, created_at=stamp()),
    ]
    summary = summarise_learner(PLAN, attempts, events, exams)
    one, two, lab, final = summary.lessons
    assert (one.mastery, one.complete, one.progress) == (0.75, True, 1.0)
    assert two.mastery == pytest.approx(1 / 3)
    assert (two.answered, two.questions, two.complete) == (1, 3, False)
    assert two.progress == pytest.approx(2 / 5)  # opened + one of three questions
    assert (lab.mastery, lab.progress) == (None, 0.0)
    assert final.exam_submitted and final.progress == pytest.approx(2 / 3)
    assert summary.progress_percent == pytest.approx(100 * (1 + 2 / 5 + 0 + 2 / 3) / 4)
    assert (summary.final.percent, summary.final.passed) == (90.0, True)
    assert summary.last_activity == exams[-1].created_at


def test_review_lists_weakest_started_sections_with_korean_names_and_links() -> None:
    attempts = [
        attempt(1, False, q="q-a"),
        attempt(2, True, q="q-a"),  # sec-a: (0.5 + 0) / 2 = 25 %
        attempt(1, True, q="q-c"),  # sec-c: (1 + 0) / 2 = 50 %
    ]
    summary = summarise_learner(PLAN, attempts, [], [])
    assert [(r.section, r.title, r.link, r.mastery) for r in summary.review] == [
        ("sec-a", "가. 첫 절", "01_one.ipynb#sec-a", 0.25),
        ("sec-c", "다. 셋째 절", "02_two.ipynb#sec-c", 0.5),
    ]  # sec-e was never started, so it is not "review" yet
    mastered = summarise_learner(PLAN, [attempt(1, True, q="q-e")], [], [])
    assert mastered.review == ()


def test_review_is_limited_and_ties_keep_course_order(course) -> None:
    plan = course_plan()
    assert len(plan.sections()) > 3
    wrong = [
        Attempt.new("l", q, "x", False, attempt_no=1, created_at=stamp())
        for q in list(plan.questions)[:40]
    ]
    summary = summarise_learner(plan, wrong, [], [])
    assert len(summary.review) == 3
    order = plan.sections()
    positions = [order.index(item.section) for item in summary.review]
    assert positions == sorted(positions)
    assert all(item.mastery == 0 for item in summary.review)


def test_course_plan_review_links_point_at_lesson_notebook_anchors(course) -> None:
    plan = course_plan()
    section = next(s for p in course.procedures for s in p.sections if plan.section_questions(s.id))
    question = plan.questions[plan.section_questions(section.id)[0]]
    summary = summarise_learner(
        plan, [Attempt.new("l", question.id, "x", False, attempt_no=1, created_at=stamp())], [], []
    )
    (item,) = summary.review
    assert item.link == f"{course.lesson_of(section.id).notebook}#{section.id}"
    assert item.title.startswith(f"{section.number} ")


def test_review_next_orders_by_mastery() -> None:
    summary = summarise_learner(
        PLAN,
        [attempt(1, True, q="q-c"), attempt(1, False, q="q-e"), attempt(1, True, q="q-a")],
        [],
        [],
    )
    assert [r.section for r in review_next(summary.sections)] == ["sec-e", "sec-a", "sec-c"]


# ------------------------------------------------------------------ report == pure functions

LEARNERS = ["가람", "나래", "다온"]
QUESTIONS = list(PLAN.questions)
ATTEMPT = st.tuples(
    st.sampled_from(LEARNERS),
    st.sampled_from(QUESTIONS),
    st.booleans(),
    st.sampled_from(["practice", "practice", "exam"]),
    st.sampled_from(['"w1"', '"w2"', '"r"']),
)
LESSON_EVENT = st.tuples(
    st.sampled_from(LEARNERS),
    st.sampled_from([lesson.id for lesson in PLAN.lessons]),
    st.sampled_from(["opened", "finished"]),
)
EXAM = st.tuples(st.sampled_from(LEARNERS), st.integers(0, 10), st.booleans())


@settings(max_examples=60, deadline=None)
@given(
    raw_attempts=st.lists(ATTEMPT, max_size=40),
    raw_events=st.lists(LESSON_EVENT, max_size=10),
    raw_exams=st.lists(EXAM, max_size=4),
)
def test_the_class_report_applies_the_same_rule_as_the_learner_summary(
    raw_attempts: list[tuple], raw_events: list[tuple], raw_exams: list[tuple]
) -> None:
    store = ProgressStore("sqlite://")
    for learner, question, correct, mode, answer in raw_attempts:
        store.record(Attempt(learner, question, answer, correct, mode, created_at=stamp()))
    for learner, lesson, kind in raw_events:
        store.record(LessonRecord(learner, lesson, kind, created_at=stamp()))
    for learner, score, passed in raw_exams:
        store.record(ExamRecord(learner, score, 10, passed, created_at=stamp()))
    data = load_class(store, PLAN)
    report = class_summary(data).set_index("learner")
    for learner in store.learners():
        expected = summarise_learner(
            PLAN, store.attempts(learner), store.lesson_events(learner), store.exam_results(learner)
        )
        row = report.loc[learner]
        assert row["progress_pct"] == pytest.approx(round(expected.progress_percent, 1), abs=0.051)
        for lesson in expected.lessons:
            if lesson.mastery is not None:
                assert row[f"mastery_{lesson.lesson}"] == pytest.approx(
                    round(100 * lesson.mastery, 1), abs=0.051
                )
        if expected.final is None:
            assert row["final_score_pct"] != row["final_score_pct"]  # NaN
        else:
            assert row["final_score_pct"] == pytest.approx(expected.final.percent, abs=0.051)
            assert bool(row["final_passed"]) is expected.final.passed
        assert row["last_activity"] == expected.last_activity

    sections = section_mastery(data).set_index("section")["mastery_pct"]
    summaries = [
        summarise_learner(
            PLAN, store.attempts(learner), store.lesson_events(learner), store.exam_results(learner)
        )
        for learner in store.learners()
    ]
    for section in PLAN.sections():
        expected_mean = sum(
            next(s.mastery for s in summary.sections if s.section == section)
            for summary in summaries
        ) / max(len(summaries), 1)
        assert sections[section] == pytest.approx(100 * expected_mean)

    items = item_analysis(data, readable_answers=False).set_index("question_id")
    for question in {a[1] for a in raw_attempts}:
        per_learner = [store.attempts(learner, question) for learner in store.learners()]
        results = [question_result(group) for group in per_learner if group]
        row = items.loc[question]
        assert row["learners"] == len(results)
        share = 100 * sum(r.first_try_correct for r in results) / len(results)
        assert row["first_try_correct_pct"] == pytest.approx(share, abs=0.051)
        mean = sum(r.attempts for r in results) / len(results)
        assert row["mean_attempts"] == pytest.approx(mean, abs=0.0051)
        wrong = [a.answer for group in per_learner for a in group if not a.correct]
        if wrong:
            top = max(sorted(set(wrong)), key=wrong.count)
            assert row["top_wrong_answer"] == top
    store.close()


def test_confusing_flag_needs_most_of_at_least_three_learners_to_miss() -> None:
    store = ProgressStore("sqlite://")
    for learner, first in [("가", False), ("나", False), ("다", True)]:
        store.record(Attempt.new(learner, "q-a", "w", first, created_at=stamp()))
    for learner in ["가", "나"]:  # only two learners: never flagged
        store.record(Attempt.new(learner, "q-b", "w", False, created_at=stamp()))
    items = item_analysis(load_class(store, PLAN), readable_answers=False).set_index("question_id")
    assert bool(items.loc["q-a", "confusing"]) is True
    assert items.loc["q-a", "first_try_correct_pct"] == pytest.approx(33.3)
    assert bool(items.loc["q-b", "confusing"]) is False
    store.close()


pytest_plugins = ["tests.progress_support"]


def test_the_class_report_is_the_same_on_every_backend(store_url: str, course) -> None:
    from pandas.testing import assert_frame_equal

    from certtraining.notebook.synthetic import synthetic_class

    plan = course_plan()
    records = list(synthetic_class(plan, 15))
    reference = ProgressStore("sqlite://")
    reference.import_records(records)
    other = ProgressStore(store_url)
    assert other.import_records(records) == len(records)
    expected, actual = load_class(reference, plan), load_class(other, plan)
    assert_frame_equal(class_summary(expected), class_summary(actual))
    assert_frame_equal(item_analysis(expected), item_analysis(actual))
    assert_frame_equal(section_mastery(expected), section_mastery(actual))
    assert class_summary(actual)["final_score_pct"].notna().any()
    reference.close()
    other.close()
