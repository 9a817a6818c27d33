"""Every question type driven through its widget the way a learner would: choose, press 확인."""

from __future__ import annotations

import json

import ipywidgets as widgets
import pytest

from certtraining import quiz
from certtraining.events import AnswerChecked, subscribe
from certtraining.notebook.lesson import quiz as lesson_quiz
from certtraining.present.markup import to_text
from certtraining.quiz.widgets import QuestionWidget, walk
from tests.fixture_course import of_type


@pytest.fixture
def events():
    heard: list = []
    unsubscribe = subscribe(heard.append)
    yield heard
    unsubscribe()


def controls(widget: QuestionWidget, kind: type) -> list:
    return [w for w in walk(widget.input.box) if isinstance(w, kind)]


def choose(select: widgets.widget_selection._Selection, label_start: str) -> None:
    """Pick the option whose visible label starts with the text, as a learner reads it."""
    labels = [label for label, _ in select.options]
    matches = [label for label in labels if label.startswith(label_start)]
    assert len(matches) == 1, (label_start, labels)
    select.label = matches[0]


def shown(widget: QuestionWidget) -> str:
    return widget.feedback.value


def plain(text: str) -> str:
    return " ".join(to_text(text).split())


def feedback_of(item, choice_id: str) -> str:
    return plain(next(c.feedback for c in item.choices if c.id == choice_id))


def choice_text(item, choice_id: str) -> str:
    return next(c.text for c in item.choices if c.id == choice_id)


def test_single_choice_right_and_wrong(events, course):
    item = of_type(course, "single")
    wrong = next(c.id for c in item.choices if c.id != item.answer)
    widget = lesson_quiz(item.id)
    (radio,) = controls(widget, widgets.RadioButtons)
    choose(radio, choice_text(item, wrong))
    widget.check_button.click()
    assert "✗" in shown(widget) and "오답입니다" in shown(widget)
    assert feedback_of(item, wrong) in shown(widget)
    assert "해설" in shown(widget) and "복습할 곳" in shown(widget)
    assert "고르지 않은 정답" not in shown(widget)  # only multiple select counts missed ones
    anchor = quiz.review_anchor(item)
    assert events[-1] == AnswerChecked(
        item.id,
        events[-1].answer,
        False,
        "practice",
        anchor.lesson,
        anchor.section,
        question_version=quiz.question_version(item),
    )
    choose(radio, choice_text(item, item.answer))
    widget.check_button.click()
    assert "✓" in shown(widget) and "정답입니다" in shown(widget)
    assert feedback_of(item, item.answer) in shown(widget)
    assert feedback_of(item, wrong) not in shown(widget)
    assert events[-1].correct and events[-1].mode == "practice"
    json.dumps(events[-1].answer)  # the store can keep it


def test_multiple_select_right_wrong_and_missed(events, course):
    item = of_type(course, "multiple")
    first, *others = item.answer
    assert others, "the fixture's multiple-select question has at least two right choices"
    wrong = next(c.id for c in item.choices if c.id not in item.answer)
    widget = lesson_quiz(item.id)
    boxes = controls(widget, widgets.Checkbox)

    def box(choice_id: str) -> widgets.Checkbox:
        (found,) = [b for b in boxes if b.description.startswith(choice_text(item, choice_id))]
        return found

    box(first).value = True
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert f"고르지 않은 정답이 {len(others)}개" in shown(widget)
    assert feedback_of(item, first) in shown(widget)
    for other in others:
        box(other).value = True
    box(wrong).value = True
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert feedback_of(item, wrong) in shown(widget)
    box(wrong).value = False
    widget.check_button.click()
    assert "정답입니다" in shown(widget)
    assert [e.correct for e in events] == [False, False, True]
    answer = events[-1].answer
    assert sorted(answer) == answer and len(answer) == len(item.answer)


def test_ox_right_and_wrong(events, course):
    item = of_type(course, "ox")
    wrong = "O" if item.answer == "X" else "X"
    widget = lesson_quiz(item.id)
    (radio,) = controls(widget, widgets.RadioButtons)
    assert [label for label, _ in radio.options] == ["O (맞다)", "X (틀리다)"]
    choose(radio, wrong)
    widget.check_button.click()
    feedback = {"O": item.feedback.O, "X": item.feedback.X}
    assert "오답입니다" in shown(widget) and plain(feedback[wrong]) in shown(widget)
    choose(radio, item.answer)
    widget.check_button.click()
    assert "정답입니다" in shown(widget) and plain(feedback[item.answer]) in shown(widget)
    assert [(e.answer, e.correct) for e in events] == [(wrong, False), (item.answer, True)]


def test_ordering_right_and_wrong(events, course):
    item = of_type(course, "order")
    widget = lesson_quiz(item.id)
    selects = controls(widget, widgets.Dropdown)
    assert len(selects) == len(item.steps) >= 4
    assert [s.description for s in selects][:2] == ["1번째 단계:", "2번째 단계:"]
    wrong = list(item.steps)
    wrong[2], wrong[3] = wrong[3], wrong[2]
    for select, step in zip(selects, wrong, strict=True):
        choose(select, step)
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert f"이 자리에는 '{item.steps[2]}'가 와야 합니다." in shown(widget)
    for select, step in zip(selects, item.steps, strict=True):
        choose(select, step)
    widget.check_button.click()
    assert "정답입니다" in shown(widget) and "와야 합니다" not in shown(widget)
    assert [e.correct for e in events] == [False, True]
    assert events[-1].lesson == quiz.review_anchor(item).lesson


def test_matching_right_and_wrong(events, course):
    item = of_type(course, "match")
    widget = lesson_quiz(item.id)
    selects = controls(widget, widgets.Dropdown)
    assert [s.description for s in selects] == [f"{p.term} →" for p in item.pairs]
    meanings = [p.meaning for p in item.pairs]
    for select, meaning in zip(selects, [meanings[1], meanings[0], meanings[2]], strict=True):
        choose(select, meaning)
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert all(plain(p.feedback) in shown(widget) for p in item.pairs)
    choose(selects[2], item.distractors[0].meaning)
    widget.check_button.click()
    assert plain(item.distractors[0].feedback) in shown(widget)
    for select, meaning in zip(selects, meanings, strict=True):
        choose(select, meaning)
    widget.check_button.click()
    assert "정답입니다" in shown(widget)
    assert "✗ 틀림" not in shown(widget)
    assert [e.correct for e in events] == [False, False, True]


def test_incomplete_answer_asks_for_one_and_publishes_nothing(events, course):
    widget = lesson_quiz(of_type(course, "match").id)
    widget.check_button.click()
    assert "모든 말에 뜻을 골라 주세요" in shown(widget)
    assert "정답" not in shown(widget) and not events
    item = of_type(course, "order")
    order = lesson_quiz(item.id)
    selects = controls(order, widgets.Dropdown)
    for select in selects:
        choose(select, item.steps[0])  # the same step everywhere
    order.check_button.click()
    assert "모든 단계를 한 번씩" in shown(order) and not events


def test_hint_and_retry(course):
    authored = quiz.local_checker(course).authored_questions()
    item = next(q for q in authored if q.type == "single" and q.hint)
    wrong = next(c.id for c in item.choices if c.id != item.answer)
    widget = lesson_quiz(item.id)
    assert widget.hint_area.value == ""
    widget.hint_button.click()
    assert "힌트" in widget.hint_area.value and plain(item.hint) in plain(widget.hint_area.value)
    assert widget.hint_button.description == "힌트 숨기기"
    widget.hint_button.click()
    assert widget.hint_area.value == ""
    (radio,) = controls(widget, widgets.RadioButtons)
    choose(radio, choice_text(item, wrong))
    widget.check_button.click()
    assert "오답" in shown(widget)
    widget.retry_button.click()
    assert radio.value is None and shown(widget) == ""
    no_hint = lesson_quiz(next(q.id for q in course.questions if q.hint is None))
    assert not hasattr(no_hint, "hint_button")


def test_every_control_is_labelled_in_korean(course):
    for item in quiz.questions():
        widget = QuestionWidget(item)
        for control in walk(widget):
            if isinstance(control, widgets.Button):
                assert control.description and control.tooltip, item.id
            elif isinstance(control, widgets.RadioButtons | widgets.Dropdown):
                assert control.description, item.id
            elif isinstance(control, widgets.Checkbox):
                assert control.description and not control.indent, item.id
        labels = {b.description for b in walk(widget) if isinstance(b, widgets.Button)}
        assert {"확인", "다시 풀기"} <= labels


def test_display_bundle_carries_question_mime_and_plain_korean_text(course):
    item = of_type(course, "single")
    widget = lesson_quiz(item.id)
    data = widget._repr_mimebundle_()
    assert data["application/vnd.certtraining.question+json"] == {
        "question_id": item.id,
        "mode": "practice",
    }
    assert "model_id" in data["application/vnd.jupyter.widget-view+json"]
    text = data["text/plain"]
    assert text == repr(widget) == repr(lesson_quiz(item.id))
    assert text.startswith(f"퀴즈 (하나 고르기) [{item.id}]")
    assert "0x" not in text and choice_text(item, item.answer) not in text


@pytest.fixture
def shell():
    """A real IPython shell so ``display`` publishes full bundles, cleared afterwards."""
    from IPython.core.interactiveshell import InteractiveShell

    created = not InteractiveShell.initialized()
    yield InteractiveShell.instance()
    if created:
        InteractiveShell.clear_instance()


def test_section_call_displays_one_bundle_per_question(shell, course):
    from IPython.utils.capture import capture_output

    from certtraining.notebook.lesson import quiz_cautions, quiz_section

    anchor = quiz.placement(of_type(course, "single"))
    with capture_output() as captured:
        quiz_section(anchor)
    bundles = [o.data for o in captured.outputs]
    asked = [q.id for q in quiz.questions_for(anchor)]
    assert asked and of_type(course, "single").id in asked
    shown_ids = [b["application/vnd.certtraining.question+json"]["question_id"] for b in bundles]
    assert shown_ids == asked
    assert all("application/vnd.jupyter.widget-view+json" in b for b in bundles)
    assert all(b["text/plain"].startswith("퀴즈 (") for b in bundles)
    # a question on a caution is asked where that caution's section is shown again
    item = of_type(course, "ox")
    (caution,) = [c for c in course.cautions if c.id in item.tests]
    with capture_output() as captured:
        quiz_cautions(caution.section)
    ids = [
        o.data["application/vnd.certtraining.question+json"]["question_id"]
        for o in captured.outputs
    ]
    assert item.id in ids and len(ids) == len(set(ids))
