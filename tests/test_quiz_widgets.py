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


def feedback_of(question_id: str, choice_id: str) -> str:
    item = quiz.local_checker().authored(question_id)
    return plain(next(c.feedback for c in item.choices if c.id == choice_id))


def test_single_choice_right_and_wrong(events):
    widget = lesson_quiz("q-faq-fee")
    (radio,) = controls(widget, widgets.RadioButtons)
    choose(radio, "무료")
    widget.check_button.click()
    assert "✗" in shown(widget) and "오답입니다" in shown(widget)
    assert feedback_of("q-faq-fee", "a") in shown(widget)
    assert "해설" in shown(widget) and "복습할 곳" in shown(widget)
    assert "고르지 않은 정답" not in shown(widget)  # only multiple select counts missed ones
    assert events[-1] == AnswerChecked(
        "q-faq-fee", events[-1].answer, False, "practice", "cautions_faq", "faq-3"
    )
    choose(radio, "1년에 4,400원")
    widget.check_button.click()
    assert "✓" in shown(widget) and "정답입니다" in shown(widget)
    assert feedback_of("q-faq-fee", "b") in shown(widget)
    assert feedback_of("q-faq-fee", "a") not in shown(widget)
    assert events[-1].correct and events[-1].mode == "practice"
    json.dumps(events[-1].answer)  # the store can keep it


def test_multiple_select_right_wrong_and_missed(events):
    widget = lesson_quiz("q-password-rules")
    boxes = controls(widget, widgets.Checkbox)

    def box(start: str) -> widgets.Checkbox:
        (found,) = [b for b in boxes if b.description.startswith(start)]
        return found

    box("10자리 이상").value = True
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert "고르지 않은 정답이 1개" in shown(widget)
    assert feedback_of("q-password-rules", "a") in shown(widget)
    box("영문, 숫자,").value = True
    box("숫자 6자리면").value = True
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert feedback_of("q-password-rules", "c") in shown(widget)
    box("숫자 6자리면").value = False
    widget.check_button.click()
    assert "정답입니다" in shown(widget)
    assert [e.correct for e in events] == [False, False, True]
    assert sorted(events[-1].answer) == events[-1].answer and len(events[-1].answer) == 2


def test_ox_right_and_wrong(events):
    widget = lesson_quiz("q-no-shared-pc")
    (radio,) = controls(widget, widgets.RadioButtons)
    assert [label for label, _ in radio.options] == ["O (맞다)", "X (틀리다)"]
    choose(radio, "O")
    widget.check_button.click()
    item = quiz.local_checker().authored("q-no-shared-pc")
    assert "오답입니다" in shown(widget) and plain(item.feedback.O) in shown(widget)
    choose(radio, "X")
    widget.check_button.click()
    assert "정답입니다" in shown(widget) and plain(item.feedback.X) in shown(widget)
    assert [(e.answer, e.correct) for e in events] == [("O", False), ("X", True)]


def test_ordering_right_and_wrong(events):
    widget = lesson_quiz("q-order-reissuance")
    selects = controls(widget, widgets.Dropdown)
    item = quiz.local_checker().authored("q-order-reissuance")
    assert len(selects) == len(item.steps)
    assert [s.description for s in selects][:2] == ["1번째 단계:", "2번째 단계:"]
    wrong = list(item.steps)
    wrong[2], wrong[3] = wrong[3], wrong[2]
    for select, step in zip(selects, wrong, strict=True):
        choose(select, step)
    widget.check_button.click()
    assert "오답입니다" in shown(widget)
    assert "이 자리에는 '약관 동의'가 와야 합니다." in shown(widget)
    for select, step in zip(selects, item.steps, strict=True):
        choose(select, step)
    widget.check_button.click()
    assert "정답입니다" in shown(widget) and "와야 합니다" not in shown(widget)
    assert [e.correct for e in events] == [False, True]
    assert events[-1].lesson == "reissuance"


def test_matching_right_and_wrong(events):
    widget = lesson_quiz("q-renew-reissue-suspend")
    item = quiz.local_checker().authored("q-renew-reissue-suspend")
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


def test_incomplete_answer_asks_for_one_and_publishes_nothing(events):
    widget = lesson_quiz("q-cert-kinds")
    widget.check_button.click()
    assert "모든 말에 뜻을 골라 주세요" in shown(widget)
    assert "정답" not in shown(widget) and not events
    order = lesson_quiz("q-order-issuance")
    selects = controls(order, widgets.Dropdown)
    first = quiz.question("q-order-issuance").steps[0]
    for select in selects:
        choose(select, first)  # the same step everywhere
    order.check_button.click()
    assert "모든 단계를 한 번씩" in shown(order) and not events


def test_hint_and_retry():
    widget = lesson_quiz("q-identity-check")
    assert widget.hint_area.value == ""
    widget.hint_button.click()
    assert "힌트" in widget.hint_area.value and "I핀" in widget.hint_area.value
    assert widget.hint_button.description == "힌트 숨기기"
    widget.hint_button.click()
    assert widget.hint_area.value == ""
    (radio,) = controls(widget, widgets.RadioButtons)
    choose(radio, "I핀")
    widget.check_button.click()
    assert "오답" in shown(widget)
    widget.retry_button.click()
    assert radio.value is None and shown(widget) == ""
    no_hint = lesson_quiz("q-faq-fee")
    assert not hasattr(no_hint, "hint_button")


def test_every_control_is_labelled_in_korean():
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


def test_display_bundle_carries_question_mime_and_plain_korean_text():
    widget = lesson_quiz("q-faq-fee")
    data = widget._repr_mimebundle_()
    assert data["application/vnd.certtraining.question+json"] == {
        "question_id": "q-faq-fee",
        "mode": "practice",
    }
    assert "model_id" in data["application/vnd.jupyter.widget-view+json"]
    text = data["text/plain"]
    assert text == repr(widget) == repr(lesson_quiz("q-faq-fee"))
    assert text.startswith("퀴즈 (하나 고르기) [q-faq-fee]")
    assert "0x" not in text and "4,400" not in text


@pytest.fixture
def shell():
    """A real IPython shell so ``display`` publishes full bundles, cleared afterwards."""
    from IPython.core.interactiveshell import InteractiveShell

    created = not InteractiveShell.initialized()
    yield InteractiveShell.instance()
    if created:
        InteractiveShell.clear_instance()


def test_section_call_displays_one_bundle_per_question(shell):
    from IPython.utils.capture import capture_output

    from certtraining.notebook.lesson import quiz_cautions, quiz_section

    with capture_output() as captured:
        quiz_section("sec-1-4")
    bundles = [o.data for o in captured.outputs]
    assert [b["application/vnd.certtraining.question+json"]["question_id"] for b in bundles] == [
        q.id for q in quiz.questions_for("sec-1-4")
    ]
    assert all("application/vnd.jupyter.widget-view+json" in b for b in bundles)
    assert all(b["text/plain"].startswith("퀴즈 (") for b in bundles)
    with capture_output() as captured:
        quiz_cautions("security")
    ids = {
        o.data["application/vnd.certtraining.question+json"]["question_id"]
        for o in captured.outputs
    }
    assert {"q-report-numbers", "q-no-shared-pc", "q-all-security-card-numbers"} <= ids
