"""The "이 문제가 헷갈려요" control under every quiz: a learner tells the teacher a question
confused them, with an optional short note.

Only the button is drawn with the quiz; the note field and its buttons are made when it is
pressed, so a lesson's saved widget state grows by one button per question. The note goes
through the personal-data guard before anything is sent: a note with something that looks
like a 주민등록번호 or phone number is refused with a Korean message and kept in the field,
so the learner can delete that part. Sending publishes :class:`QuestionFlagged` (the
progress recorder stores it as a ``flag`` record); the widget never imports the store.
The handout renders quizzes from the bank, so the control never appears on paper, and the
quiz stylesheet hides it when a notebook page is printed.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as widgets

from certtraining.events import QuestionFlagged, publish
from certtraining.personal.privacy import MAX_NOTE_CHARS, looks_personal, note_text
from certtraining.present.templates import render
from certtraining.quiz.shared import button, html, layout

LABEL = "이 문제가 헷갈려요"
_QUIZ = "quiz.html.j2"


class FlagControl(widgets.VBox):
    """One question's 헷갈려요 button; ``version`` says which wording is on screen."""

    def __init__(self, question_id: str, version: Callable[[], str | None]):
        self.question_id = question_id
        self._version = version
        self.button = button(
            LABEL,
            tooltip="이 문제가 헷갈렸다면 눌러서 강사에게 알려 주세요",
            icon="question-circle",
        )
        self.button.add_class("ct-flag-button")
        self.button.on_click(lambda _: self.show_note())
        self.note: widgets.Text | None = None
        self.status = html()
        self.sent = 0
        super().__init__([self.button], layout=layout())
        self.add_class("ct-flag")

    def show_note(self) -> None:
        """Show the note field with 보내기 and 취소 (made on first use)."""
        if self.note is None:
            self.note = widgets.Text(
                value="",
                placeholder=f"무엇이 헷갈렸나요? (적지 않아도 됩니다, {MAX_NOTE_CHARS}자까지)",
                description="메모:",
                tooltip="강사에게 남길 짧은 메모 (이름·전화번호·주민등록번호는 적지 마세요)",
                style={"description_width": "initial"},
                layout=widgets.Layout(width="auto", max_width="100%"),
            )
            self.note.observe(self._bound, names="value")
            self.send_button = widgets.Button(
                description="보내기", tooltip="강사에게 헷갈린다고 알립니다", icon="paper-plane"
            )
            self.cancel_button = widgets.Button(description="취소", tooltip="보내지 않고 닫습니다")
            self.send_button.on_click(lambda _: self.send_flag())
            self.cancel_button.on_click(lambda _: self.close_note())
            self.form = widgets.VBox(
                [
                    self.note,
                    widgets.HBox(
                        [self.send_button, self.cancel_button],
                        layout=widgets.Layout(flex_flow="row wrap"),
                    ),
                ]
            )
        self.status.value = ""
        self.children = (self.button, self.form, self.status)

    def close_note(self) -> None:
        self.children = (self.button, self.status)

    def _bound(self, change: dict) -> None:
        value = change["new"] or ""
        if len(value) > MAX_NOTE_CHARS and self.note is not None:
            self.note.value = value[:MAX_NOTE_CHARS]

    def send_flag(self, note: str | None = None) -> bool:
        """Publish the flag (``note`` overrides the field); False when the note was refused."""
        if note is None and self.note is not None:
            note = self.note.value
        if note and looks_personal(note):
            self.status.value = render(
                f"{_QUIZ}:notice",
                message="메모에 주민등록번호나 전화번호처럼 보이는 숫자가 있어 보내지 않았습니다. "
                "그 부분을 지우고 다시 보내 주세요.",
            )
            return False
        publish(QuestionFlagged(self.question_id, note_text(note), self._version()))
        self.sent += 1
        if self.note is not None:
            self.note.value = ""
        self.status.value = render(f"{_QUIZ}:flag_sent")
        self.close_note()
        return True
