"""Practice-mode quiz widgets: answer, press 확인, get instant feedback in Korean.

The kernel checks every answer through the checker (:mod:`certtraining.quiz.checker`, the
only holder of the keys); the widget itself is built from the question's public part, and
the browser only ever holds the prompt and the options. Without keys (a learner's server on
a class server) the widget still shows the question, and 확인 says where answers are checked. Explanations and feedback are written into the output
area after 확인, never hidden in it beforehand, so the saved notebook and the widget state
carry no key.

Accessibility: every control has a visible label (``description``) that the browser ties to
it, buttons say what they do in words and in a tooltip, right/wrong is shown as ✓/✗ plus the
words 정답/오답 (never colour alone), and long labels wrap so the quiz reads at 200% zoom.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets
from ipywidgets.widgets.widget_bool import CheckboxStyle
from ipywidgets.widgets.widget_description import DescriptionStyle

from certtraining.content import load_content
from certtraining.content.keys import PublicItem
from certtraining.content.models import Content
from certtraining.events import AnswerChecked, publish
from certtraining.present.markup import inline_html, to_html, to_text
from certtraining.present.templates import render, safe, widget_style
from certtraining.quiz.bank import AnswerError, PublicQuestion, public_view, review_anchor
from certtraining.quiz.checker import (
    Checker,
    CheckResult,
    CheckUnavailable,
    checker_for,
    version_of,
)
from certtraining.quiz.display import QUESTION_MIME, bundle
from certtraining.quiz.flag import FlagControl
from certtraining.quiz.shared import button, html, layout, shared

PLACEHOLDER = "— 고르세요 —"

# ipywidgets draws the controls itself, so their look (labels that wrap, focus rings) is a
# <style> element generated from present/static/quiz-widget.css, not inline styles.
QUIZ_STYLE = widget_style()
_QUIZ = "quiz.html.j2"


def _line(text: str) -> str:
    return " ".join(to_text(text).split())


def _korean(message: str) -> str:
    """Learners read the Korean half of a bilingual message."""
    return message.split(" / ")[0]


def describe(view: PublicQuestion, mode: str = "practice") -> str:
    """The deterministic ``text/plain`` of a quiz: what it asks, never what the answer is."""
    prompt = _line(view.prompt)
    if len(prompt) > 90:
        prompt = prompt[:89] + "…"
    label = {"practice": "퀴즈", "review": "복습 문항"}.get(mode, "평가 문항")
    return f"{label} ({view.type_label}) [{view.id}] {prompt}"


def review_text(item: PublicItem, content: Content) -> str:
    """'수업 › 절' where a learner who got this wrong should look again."""
    anchor = review_anchor(item, content)
    if not anchor.section:
        return ""
    place = content.anchor_title(anchor.section)
    if anchor.lesson:
        place = f"{content.lesson(anchor.lesson).title} › {place}"
    return place


def result_html(result: CheckResult, review: str = "", show_explanation: bool = True) -> str:
    """The feedback shown after 확인 (or after an exam is submitted)."""
    feedback = [
        {
            "correct": fb.correct,
            "label_html": safe(inline_html(fb.label)),
            "text_html": safe(inline_html(_line(fb.text))),
        }
        for fb in result.feedback
    ]
    return render(
        f"{_QUIZ}:result",
        correct=result.correct,
        feedback=feedback,
        missed=result.missed,
        explanation_html=safe(to_html(result.explanation)) if show_explanation else "",
        review=review if review and not result.correct else "",
    )


def notice_html(message: str) -> str:
    return render(f"{_QUIZ}:notice", message=message)


class AnswerInput:
    """The controls for one question type, and how to read and reset them."""

    def __init__(
        self,
        controls: list[widgets.Widget],
        read: Callable[[], Any],
        reset: Callable[[], None],
        inputs: list[widgets.Widget],
    ):
        self.box = widgets.VBox(controls, layout=layout(width="100%"))
        self.read = read
        self.reset = reset
        self.inputs = inputs

    def disable(self, disabled: bool = True) -> None:
        for control in self.inputs:
            control.disabled = disabled


_WIDE = {"width": "auto", "max_width": "100%"}
_LABEL_STYLE = {"description_width": "initial"}


def _radio(view: PublicQuestion) -> AnswerInput:
    radio = widgets.RadioButtons(
        options=[(_line(o.text), o.key) for o in view.choices],
        index=None,
        description="답 고르기:",
        tooltip="보기 가운데 하나를 고르세요",
        style=shared(DescriptionStyle, **_LABEL_STYLE),
        layout=layout(**_WIDE),
    )

    def reset() -> None:
        radio.index = None

    return AnswerInput([radio], lambda: radio.value, reset, [radio])


def _checkboxes(view: PublicQuestion) -> AnswerInput:
    boxes = [
        widgets.Checkbox(
            value=False,
            description=_line(o.text),
            tooltip="맞으면 체크하세요 (여러 개 고를 수 있습니다)",
            indent=False,
            style=shared(CheckboxStyle),
            layout=layout(**_WIDE),
        )
        for o in view.choices
    ]
    keys = [o.key for o in view.choices]

    def read() -> list[str] | None:
        chosen = [key for key, box in zip(keys, boxes, strict=True) if box.value]
        return chosen or None

    def reset() -> None:
        for box in boxes:
            box.value = False

    return AnswerInput(boxes, read, reset, boxes)


def _dropdowns(
    labels: list[str], options: list[tuple[str, str]], tooltip: str
) -> list[widgets.Dropdown]:
    return [
        widgets.Dropdown(
            options=[(PLACEHOLDER, None), *options],
            index=0,  # the placeholder shows until a step or meaning is chosen
            description=label,
            tooltip=tooltip,
            style=shared(DescriptionStyle, **_LABEL_STYLE),
            layout=layout(**_WIDE),
        )
        for label in labels
    ]


def _ordering(view: PublicQuestion) -> AnswerInput:
    options = [(_line(o.text), o.key) for o in view.steps]
    steps = html(
        render(
            f"{_QUIZ}:shuffled_steps",
            steps_html=[safe(inline_html(_line(o.text))) for o in view.steps],
        )
    )
    selects = _dropdowns(
        [f"{i}번째 단계:" for i in range(1, len(options) + 1)],
        options,
        "이 자리에 올 단계를 고르세요",
    )

    def read() -> list[str] | None:
        values = [s.value for s in selects]
        return values if all(values) else None

    def reset() -> None:
        for select in selects:
            select.index = 0

    return AnswerInput([steps, *selects], read, reset, selects)


def _matching(view: PublicQuestion) -> AnswerInput:
    options = [(_line(o.text), o.key) for o in view.meanings]
    selects = _dropdowns(
        [f"{_line(t.text)} →" for t in view.terms], options, "이 말에 맞는 뜻을 고르세요"
    )
    keys = [t.key for t in view.terms]

    def read() -> dict[str, str] | None:
        picked = {k: s.value for k, s in zip(keys, selects, strict=True)}
        return picked if all(picked.values()) else None

    def reset() -> None:
        for select in selects:
            select.index = 0

    return AnswerInput(selects, read, reset, selects)


def answer_input(view: PublicQuestion) -> AnswerInput:
    builders = {
        "single": _radio,
        "ox": _radio,
        "multiple": _checkboxes,
        "order": _ordering,
        "match": _matching,
    }
    return builders[view.type](view)


class QuestionWidget(widgets.VBox):
    """One question. Practice and review modes have 확인 / 다시 풀기 / 힌트; exam mode only
    the inputs. The mode goes into every answer event (review answers never change scores).

    ``answer()`` reads the learner's answer in option keys (``None`` while incomplete);
    ``check()`` does what the 확인 button does, through ``checker`` (by default the one for
    the content: local with keys, or one that says answers are checked on the class server).
    """

    def __init__(
        self,
        item: PublicItem,
        mode: str = "practice",
        seed: str = "",
        number: int | None = None,
        content: Content | None = None,
        checker: Checker | None = None,
    ):
        self.content = content or load_content()
        self.checker = checker or checker_for(self.content)
        self.question = item
        self.mode = mode
        self.view = public_view(item, seed=seed, content=self.content)
        self.input = answer_input(self.view)
        self.last_result: CheckResult | None = None
        title = f"문항 {number}" if number is not None else "퀴즈"
        self.header = html(
            QUIZ_STYLE
            + render(
                f"{_QUIZ}:prompt",
                question_id=item.id,
                title=title,
                kind=self.view.type_label,
                prompt_html=safe(to_html(self.view.prompt)),
            )
        )
        self.feedback = html()
        self.hint_area = html()
        children: list[widgets.Widget] = [self.header, self.input.box]
        if mode in ("practice", "review"):  # review: answered in place like practice
            self.check_button = button(
                "확인",
                tooltip="내 답이 맞는지 확인합니다",
                button_style="primary",
                icon="check",
            )
            self.retry_button = button(
                "다시 풀기", tooltip="답을 지우고 처음부터 다시 풉니다", icon="refresh"
            )
            self.check_button.on_click(lambda _: self.check())
            self.retry_button.on_click(lambda _: self.reset())
            buttons = [self.check_button, self.retry_button]
            if self.view.hint:
                self.hint_button = button(
                    "힌트", tooltip="힌트를 보거나 숨깁니다", icon="lightbulb-o"
                )
                self.hint_button.on_click(lambda _: self.toggle_hint())
                buttons.append(self.hint_button)
            children += [
                widgets.HBox(buttons, layout=layout(flex_flow="row wrap")),
                self.hint_area,
                self.feedback,
            ]
        # Every mode, the exam too: a confusing exam question is worth hearing about.
        self.flag = FlagControl(item.id, self.question_version)
        children.append(self.flag)
        super().__init__(children, layout=layout(width="auto"))
        self.add_class("ct-quiz")

    # -- what a learner does
    def question_version(self) -> str | None:
        """The wording on screen, as the checker knows it (None from one without keys)."""
        version = version_of(self.checker, self.question.id)
        if version is None and self.last_result is not None:
            version = self.last_result.question_version
        return version

    def answer(self) -> Any:
        return self.input.read()

    def check(self) -> CheckResult | None:
        """Check the current answer in the kernel, show feedback, announce the result."""
        answer = self.answer()
        try:
            if answer is None:
                raise AnswerError(self._incomplete_message())
            result = self.checker.check(self.question.id, answer, mode=self.mode)
        except (AnswerError, CheckUnavailable) as exc:
            self.feedback.value = notice_html(_korean(str(exc)))
            return None
        self.last_result = result
        notices = getattr(self.checker, "take_notices", lambda: [])()
        self.feedback.value = result_html(
            result, review_text(self.question, self.content)
        ) + "".join(notice_html(_korean(n)) for n in notices)
        _send_now()
        anchor = review_anchor(self.question, self.content)
        publish(
            AnswerChecked(
                question_id=self.question.id,
                answer=result.answer,
                correct=result.correct,
                mode=self.mode,
                lesson=anchor.lesson,
                section=anchor.section,
                question_version=result.question_version,
            )
        )
        return result

    def reset(self) -> None:
        self.input.reset()
        self.feedback.value = ""
        self.hint_area.value = ""
        self.last_result = None
        if hasattr(self, "hint_button"):
            self.hint_button.description = "힌트"

    def toggle_hint(self) -> None:
        if self.hint_area.value:
            self.hint_area.value = ""
            self.hint_button.description = "힌트"
        elif self.view.hint:
            self.hint_area.value = render(
                f"{_QUIZ}:hint", hint_html=safe(inline_html(_line(self.view.hint)))
            )
            self.hint_button.description = "힌트 숨기기"

    def _incomplete_message(self) -> str:
        return {
            "single": "답을 하나 골라 주세요.",
            "ox": "O 또는 X를 골라 주세요.",
            "multiple": "답을 하나 이상 골라 주세요.",
            "order": "모든 자리에 단계를 골라 주세요.",
            "match": "모든 말에 뜻을 골라 주세요.",
        }[self.view.type]

    # -- how it shows
    def __repr__(self) -> str:
        return describe(self.view, self.mode)

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        return bundle(
            self, repr(self), {QUESTION_MIME: {"question_id": self.question.id, "mode": self.mode}}
        )


def _send_now() -> None:
    """Wait until the kernel's output thread has sent what the widgets just changed.

    In a kernel, ``sys.stdout.flush()`` queues behind every message already waiting (widget
    updates use the same queue) and returns once they are sent. Without it the feedback
    waited while recording the answer and redrawing the progress views held the interpreter
    (about 10 ms more per 확인 in the feedback benchmark). Outside a kernel it does nothing.
    """
    sys.stdout.flush()


def walk(widget: widgets.Widget) -> list[widgets.Widget]:
    """A widget and every widget inside it (for tests and state checks)."""
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += walk(child)
    return found
