"""Spaced review (오늘의 복습): the schedule against FSRS's own results, the CLI, the view,
and review answers leaving lesson scores alone (docs/scoring.md, "Spaced review")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import ipywidgets
import pytest
from fsrs import Card, Rating, Scheduler

from certtraining.cli.main import main
from certtraining.handout.widgets import KIND_NOTES, LEARNER_STATE_KINDS
from certtraining.notebook.plan import course_plan
from certtraining.notebook.review import ReviewView
from certtraining.present.mime import WIDGET_MIME
from certtraining.progress import Attempt, ProgressStore, recorder
from certtraining.progress.report import class_summary, item_analysis, load_class
from certtraining.progress.review import day_ratings, due_on, schedule
from certtraining.progress.store import close_stores
from certtraining.quiz import answer_key
from tests.fixture_course import fixture_content, of_type

pytest_plugins = ["tests.progress_support"]

UTC = dt.UTC


def at(day: int, hour: int = 1, minute: int = 0, month: int = 3) -> str:
    """A stored timestamp in March 2026 (01:00 UTC is 10:00 in Korea)."""
    return f"2026-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00.000000Z"


def answer(q: str, correct: bool, created_at: str, mode: str = "practice") -> Attempt:
    return Attempt.new("kim", q, "x", correct, mode, created_at=created_at)


def fsrs_due(ratings: list[tuple[str, Rating]]) -> dt.datetime:
    """FSRS's own answer for one card: the same scheduler options, reviewed by hand."""
    scheduler = Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)
    card = Card(card_id=1)
    for stamp, rating in ratings:
        when = dt.datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
        card, _ = scheduler.review_card(card, rating, when)
    return card.due


# ------------------------------------------------------------------ the schedule itself


def test_each_day_gives_one_rating_from_its_answers() -> None:
    history = [
        answer("q-a", True, at(2)),  # right first time → Good
        answer("q-a", False, at(2, 2)),  # same day: does not count
        answer("q-b", False, at(2)),  # wrong, then right that day → Hard
        answer("q-b", True, at(2, 1, 5)),
        answer("q-c", False, at(2)),  # never right that day → Again
        answer("q-c", False, at(2, 3)),
    ]
    ratings = {(r.question_id, r.day): r.rating for r in day_ratings(history)}
    assert ratings == {
        ("q-a", dt.date(2026, 3, 2)): Rating.Good,
        ("q-b", dt.date(2026, 3, 2)): Rating.Hard,
        ("q-c", dt.date(2026, 3, 2)): Rating.Again,
    }


def test_days_are_korean_calendar_days() -> None:
    # 14:30 UTC on 2 March is 23:30 in Korea; 15:30 UTC is already 3 March there.
    history = [answer("q-a", False, at(2, 14, 30)), answer("q-a", True, at(2, 15, 30))]
    ratings = day_ratings(history)
    assert [(r.day, r.rating) for r in ratings] == [
        (dt.date(2026, 3, 2), Rating.Again),
        (dt.date(2026, 3, 3), Rating.Good),
    ]


def test_the_schedule_is_fsrs_own_for_the_same_ratings() -> None:
    history = [
        answer("q-a", True, at(2)),
        answer("q-a", True, at(4, 9)),
        answer("q-a", False, at(15)),
        answer("q-a", True, at(15, 1, 2)),
        answer("q-a", True, at(15, 5), mode="review"),
        answer("q-b", False, at(2)),
        answer("q-b", False, at(3), mode="review"),
        answer("q-b", True, at(4), mode="exam"),
    ]
    cards = schedule(history)
    assert cards["q-a"].ratings == (Rating.Good, Rating.Good, Rating.Hard)
    assert cards["q-a"].due == fsrs_due(
        [(at(2), Rating.Good), (at(4, 9), Rating.Good), (at(15), Rating.Hard)]
    )
    assert cards["q-b"].ratings == (Rating.Again, Rating.Again, Rating.Good)
    assert cards["q-b"].due == fsrs_due(
        [(at(2), Rating.Again), (at(3), Rating.Again), (at(4), Rating.Good)]
    )
    # Same history, any order it comes in: same schedule.
    again = schedule(reversed(history))
    assert {q: c.due for q, c in again.items()} == {q: c.due for q, c in cards.items()}


def test_due_lists_what_falls_on_or_before_the_day() -> None:
    history = [answer("q-a", True, at(2)), answer("q-b", False, at(2))]
    due_a = schedule(history)["q-a"].due_day
    due_b = schedule(history)["q-b"].due_day
    assert due_b < due_a  # a wrong answer comes back sooner
    assert due_on(history, dt.date(2026, 3, 2)) == []  # answered today: nothing due today
    assert [s.question_id for s in due_on(history, due_b)] == ["q-b"]
    assert [s.question_id for s in due_on(history, due_a)] == ["q-b", "q-a"]  # most overdue first
    assert due_on(history, due_a, known=["q-a"])[0].question_id == "q-a"
    assert len(due_on(history, due_a, known=["q-a"])) == 1
    # Reviewing q-b on its day takes it off that day's list.
    reviewed = [*history, answer("q-b", True, f"{due_b.isoformat()}T02:00:00.000000Z", "review")]
    assert [s.question_id for s in due_on(reviewed, due_b)] == []
    # Answers after the day are not seen when asking about the day.
    assert [s.question_id for s in due_on(reviewed, due_a)] == ["q-a"]
    assert schedule(reviewed, until=due_b - dt.timedelta(days=1))["q-b"].due_day == due_b


# ------------------------------------------------------------------ review answers and scores


def test_review_answers_never_change_lesson_scores(course, store_url: str) -> None:
    """kim reviews between a wrong and a right practice answer; lee does not review."""
    plan = course_plan()
    question = of_type(fixture_content(), "single").id
    store = ProgressStore(store_url)
    try:
        steps = [
            ("kim", False, "practice", at(2)),
            ("kim", True, "review", at(4)),
            ("kim", False, "review", at(6)),
            ("kim", True, "practice", at(6, 2)),
            ("lee", False, "practice", at(2)),
            ("lee", True, "practice", at(6, 2)),
        ]
        for learner, correct, mode, stamp in steps:
            given = "y" if mode == "review" else "x"
            store.record(Attempt.new(learner, question, given, correct, mode, created_at=stamp))
        numbers = sorted((a.mode, a.attempt_no) for a in store.attempts("kim"))
        assert numbers == [("practice", 1), ("practice", 2), ("review", 1), ("review", 2)]
        kim, lee = store.summarise("kim", plan), store.summarise("lee", plan)
        assert kim.questions[question].credit == lee.questions[question].credit == 0.5
        assert kim.lessons == lee.lessons and kim.sections == lee.sections
        assert kim.progress_percent == lee.progress_percent
        data = load_class(store, plan)
        rows = class_summary(data).set_index("learner").drop(columns=["last_activity"])
        assert rows.loc["kim"].equals(rows.loc["lee"])
        item = item_analysis(data).set_index("question_id").loc[question]
        assert item["mean_attempts"] == 2.0 and item["first_try_correct_pct"] == 0.0
        assert item["top_wrong_share_pct"] == 100.0  # the review's other wrong answer unseen
    finally:
        store.close()


# ------------------------------------------------------------------ the CLI


@pytest.fixture
def review_db(course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple]:
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'review.db'}")
    monkeypatch.setenv("CERTTRAINING_LEARNER", "kim")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    content = fixture_content()
    right, wrong = of_type(content, "multiple"), of_type(content, "single")
    store = ProgressStore()
    store.record(answer(right.id, True, at(2)))
    store.record(answer(wrong.id, False, at(2)))
    yield store, right, wrong
    recorder.stop_recording()
    store.close()
    close_stores()


def test_cli_lists_the_questions_due_with_their_stems(
    review_db: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    store, right, wrong = review_db
    due_wrong = schedule(store.attempts("kim"))[wrong.id].due_day
    due_right = schedule(store.attempts("kim"))[right.id].due_day
    assert main(["review", "--learner", "kim", "--on", "2026-03-02"]) == 0
    assert "복습할 문항이 없습니다" in capsys.readouterr().out
    assert main(["review", "--on", due_wrong.isoformat()]) == 0  # learner from the env
    out = capsys.readouterr().out
    assert f"kim 님: {due_wrong.isoformat()}에 복습할 문항 1개" in out
    assert f"- {wrong.id} (오늘): " in out and right.id not in out
    later = (due_right + dt.timedelta(days=1)).isoformat()
    assert main(["review", "--learner", "kim", "--on", later]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1].startswith(f"- {wrong.id} (") and lines[2].startswith(
        f"- {right.id} (1일 지남)"
    )


def test_cli_refuses_a_bad_date_through_the_handler(
    review_db: tuple, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["review", "--on", "03/02/2026"]) != 0
    err = capsys.readouterr().err
    assert "날짜 형식이 올바르지 않습니다" in err and "Traceback" not in err


# ------------------------------------------------------------------ JupyterLab and handouts


def test_the_review_view_answers_due_questions_in_place_as_review(review_db: tuple) -> None:
    store, _right, wrong = review_db
    day = schedule(store.attempts("kim"))[wrong.id].due_day
    view = ReviewView(day)
    assert [w.question.id for w in view.questions] == [wrong.id]
    (widget,) = view.questions
    assert widget.mode == "review" and widget.check_button is not None
    assert "복습 문항" in repr(view) and "1문항" in repr(view)
    assert view._repr_mimebundle_()[WIDGET_MIME] == {"kind": "review"}
    assert "text/html" not in view._repr_mimebundle_()
    (radio,) = [w for w in widget.input.box.children if isinstance(w, ipywidgets.RadioButtons)]
    radio.value = answer_key(wrong.id).canonical
    widget.check_button.click()
    modes = [(a.mode, a.attempt_no, a.correct) for a in store.attempts("kim", wrong.id)]
    assert modes == [("practice", 1, False), ("review", 1, True)]
    assert "없습니다" in repr(ReviewView(dt.date(2026, 3, 2)))


def test_handouts_show_a_learner_neutral_note_for_the_review(review_db: tuple) -> None:
    from nbformat.v4 import new_output

    from certtraining.handout.preprocessors import CourseWidgetPreprocessor

    store, _right, wrong = review_db
    view = ReviewView(schedule(store.attempts("kim"))[wrong.id].due_day)
    output = new_output("display_data", data=view._repr_mimebundle_())
    html = CourseWidgetPreprocessor().replace(output)["data"]["text/html"]
    assert KIND_NOTES["review"] in html and "오늘의 복습" in html
    assert wrong.id not in html and "kim" not in html
    assert "review" in LEARNER_STATE_KINDS


def test_the_orientation_lesson_has_the_review_section(course) -> None:
    from certtraining.notebook.build import build_lesson

    content = fixture_content()
    (intro,) = [lesson for lesson in content.lessons if lesson.kind == "orientation"]
    sources = [cell.source for cell in build_lesson(content, intro).cells]
    assert "show_review()" in sources
    heading = sources[sources.index("show_review()") - 1]
    assert heading.startswith("## 오늘의 복습")
