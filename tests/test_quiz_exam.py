"""Exam mode: one paper per learner that survives a restart, and no feedback before 제출.

Runs on the fixture course (tests/fixtures/course): its bank has more than a paper's worth
of questions, and the pass threshold is read from its course.yaml.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys

import ipywidgets as widgets
import pytest

from certtraining import quiz
from certtraining.content import Content
from certtraining.content.blueprint import EXAM_QUESTION_COUNT  # the fixture has no blueprint
from certtraining.events import AnswerChecked, ExamSubmitted, subscribe
from certtraining.quiz.exam import ExamWidget, exam_paper, grade, paper_plan
from certtraining.quiz.widgets import QuestionWidget, walk

PAPER_SCRIPT = """
import json, sys
from certtraining.quiz.exam import ExamWidget
exam = ExamWidget(sys.argv[1])
print(json.dumps([[item.question.id, [o.text for o in item.view.choices + item.view.steps
                   + item.view.meanings]] for item in exam.items], ensure_ascii=False))
"""


@pytest.fixture(autouse=True)
def fixture_course(course: Content) -> Content:
    """Every test here runs on the fixture course (the subprocess inherits its folder too)."""
    assert len(course.questions) > EXAM_QUESTION_COUNT, "the fixture bank must fill a paper"
    return course


def passing_score(content: Content) -> int:
    """The fewest right answers out of a full paper that reach the course's pass threshold."""
    return math.ceil(content.course.pass_threshold * EXAM_QUESTION_COUNT / 100)


def paper_in_fresh_process(learner: str, hash_seed: str) -> list:
    """The paper a brand-new kernel would build (a restart), with a different hash seed."""
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    out = subprocess.run(
        [sys.executable, "-c", PAPER_SCRIPT, learner],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    return json.loads(out)


def shown_paper(exam: ExamWidget) -> list:
    return [
        [
            item.question.id,
            [o.text for o in item.view.choices + item.view.steps + item.view.meanings],
        ]
        for item in exam.items
    ]


def test_same_learner_gets_the_same_paper_after_a_restart():
    first = paper_in_fresh_process("김민수", "1")
    again = paper_in_fresh_process("김민수", "2")
    assert first == again
    assert first == shown_paper(ExamWidget("김민수"))
    assert len(first) == paper_plan().total  # the blueprint's count


def test_different_learners_get_different_papers_and_choice_orders():
    learners = ["김민수", "이영희", "park", "demo-learner", "강사1"]
    papers = {name: exam_paper(name).question_ids for name in learners}
    assert len(set(papers.values())) == len(learners)
    a, b = ExamWidget("김민수"), ExamWidget("이영희")
    common = set(a.paper.question_ids) & set(b.paper.question_ids)
    orders_a = {i.question.id: [o.text for o in i.view.choices] for i in a.items}
    orders_b = {i.question.id: [o.text for o in i.view.choices] for i in b.items}
    # practice order is one fixed order; exam papers shuffle per learner
    practice = {qid: [o.text for o in quiz.public_view(qid).choices] for qid in orders_a}
    assert any(orders_a[q] != practice[q] for q in orders_a if len(practice[q]) > 2)
    assert all(sorted(orders_a[q]) == sorted(orders_b[q]) for q in common)


def test_exam_seeds_from_the_resolved_learner(monkeypatch):
    monkeypatch.setenv("CERTTRAINING_LEARNER", "  이영희 ")
    assert ExamWidget().paper == exam_paper("이영희")
    monkeypatch.setenv("CERTTRAINING_LEARNER", "demo-learner")
    assert ExamWidget().paper == exam_paper("demo-learner")


def answer(item: QuestionWidget, right: bool) -> None:
    """Set the controls to the right answer, or to a wrong one."""
    key = quiz.answer_key(item.question).canonical
    controls = item.input.inputs
    kind = item.view.type
    if kind in ("single", "ox"):
        options = [o.key for o in item.view.choices]
        controls[0].value = key if right else next(k for k in options if k != key)
    elif kind == "multiple":
        chosen = set(key.split(","))
        if not right:
            chosen ^= {item.view.choices[0].key}
        for option, box in zip(item.view.choices, controls, strict=True):
            box.value = option.key in chosen
    elif kind == "order":
        steps = key.split(",")
        if not right:
            steps[0], steps[1] = steps[1], steps[0]
        for select, step in zip(controls, steps, strict=True):
            select.value = step
    else:
        pairs = dict(part.split("=") for part in key.split(","))
        if not right:
            terms = list(pairs)
            pairs[terms[0]], pairs[terms[1]] = pairs[terms[1]], pairs[terms[0]]
        for term, select in zip(item.view.terms, controls, strict=True):
            select.value = pairs[term.key]


def state_text(widget: widgets.Widget) -> str:
    return json.dumps([w.get_state() for w in walk(widget)], ensure_ascii=False, default=str)


@pytest.fixture
def events():
    heard: list = []
    unsubscribe = subscribe(heard.append)
    yield heard
    unsubscribe()


def test_no_feedback_before_submit_then_score_and_review(events, course: Content):
    exam = ExamWidget("김민수")
    threshold = course.course.pass_threshold
    passing = passing_score(course)
    assert 100 * passing / EXAM_QUESTION_COUNT == threshold, "the fixture threshold is a 10th"
    wrong = set(range(1, 3 * (EXAM_QUESTION_COUNT - passing), 3))  # spread over the paper
    assert len(wrong) == EXAM_QUESTION_COUNT - passing
    for number, item in enumerate(exam.items):
        answer(item, right=number not in wrong)
    assert not any(isinstance(w, widgets.Button) and w.description == "확인" for w in walk(exam))
    before = state_text(exam)
    for item in exam.items:
        key = quiz.answer_key(item.question)
        assert key.explanation not in before
        assert all(" ".join(f.text.split()) not in before for f in key.feedback)
    assert "정답" not in before.replace("정답과 해설이 나오지 않습니다", "")
    assert "오답" not in before and events == []

    result = exam.submit()
    assert result is not None and (result.score, result.possible) == (passing, EXAM_QUESTION_COUNT)
    assert result.percent == threshold and result.passed  # the threshold is inclusive
    checked = [e for e in events if isinstance(e, AnswerChecked)]
    assert [e.question_id for e in checked] == list(exam.paper.question_ids)
    assert {e.mode for e in checked} == {"exam"}
    assert [e.correct for e in checked] == [n not in wrong for n in range(EXAM_QUESTION_COUNT)]
    assert events[-1] == ExamSubmitted(
        float(passing), float(EXAM_QUESTION_COUNT), True, exam.paper.question_ids
    )
    shown = exam.outcome.value
    assert "합격입니다" in shown and f"{threshold}점" in shown
    assert f"틀린 문항 다시 보기 ({len(wrong)}개)" in shown
    for number in wrong:
        item = exam.items[number]
        assert f"문항 {number + 1}." in shown
        assert "✗ 오답" in item.feedback.value
        assert "복습할 곳" in shown
    assert all(c.disabled for item in exam.items for c in item.input.inputs)


def test_failing_paper_says_so_and_restart_clears_it(events, course: Content):
    exam = ExamWidget("이영희")
    one_short = passing_score(course) - 1
    for number, item in enumerate(exam.items):
        answer(item, right=number < one_short)
    result = exam.submit()
    assert result is not None and result.score == one_short and not result.passed
    assert result.percent == round(100 * one_short / EXAM_QUESTION_COUNT)
    threshold = course.course.pass_threshold
    assert "불합격입니다" in exam.outcome.value and f"합격 기준 {threshold}점" in exam.outcome.value
    exam.again_button.click()
    assert exam.outcome.value == "" and exam.result is None
    assert all(item.answer() is None for item in exam.items)


def test_unanswered_questions_are_named_before_they_count_as_wrong(events):
    exam = ExamWidget("park")
    for item in exam.items[:8]:
        answer(item, right=True)
    assert exam.submit() is None
    assert "답하지 않은 문항이 있습니다: 9, 10번" in exam.outcome.value and events == []
    exam.submit_button.click()
    assert exam.result is not None and exam.result.score == 8 and exam.result.percent == 80
    assert exam.outcome.value.count("답하지 않았습니다") == 2


def test_grade_is_a_pure_function_of_paper_and_answers():
    paper = exam_paper("demo-learner")
    nothing = grade(paper, [None] * len(paper.question_ids))
    assert (nothing.score, nothing.percent, nothing.passed) == (0, 0, False)
    assert nothing.to_dict()["wrong"] == list(paper.question_ids)


def test_exam_display_bundle():
    exam = ExamWidget("demo-learner")
    data = exam._repr_mimebundle_()
    assert data["application/vnd.certtraining.widget+json"] == {
        "kind": "exam",
        "question_count": paper_plan().total,
    }
    assert "application/vnd.jupyter.widget-view+json" in data
    text = data["text/plain"]
    assert text == repr(exam) == repr(ExamWidget("demo-learner"))  # deterministic for nbval
    assert text.startswith("최종 평가") and "0x" not in text and "ExamWidget" not in text
    # the paper's questions are not spelt out before it is taken
    assert not any(qid in text for qid in exam.paper.question_ids)
