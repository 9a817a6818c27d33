"""오늘의 복습 in JupyterLab: the questions due today, answered in place.

The schedule comes from :mod:`certtraining.progress.review` over the learner's stored
attempts; each due question is the ordinary :class:`~certtraining.quiz.widgets.QuestionWidget`
in mode ``review``, so its answers are recorded as review answers (they move the schedule,
never a lesson score). The heading carries the course's widget MIME entry (kind
``review``): a handout, built with the demo learner, shows a learner-neutral note instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from certtraining.content import load_content
from certtraining.learner import LearnerIdError, resolve_learner
from certtraining.notebook.plan import course_plan
from certtraining.present.blocks import Block
from certtraining.present.mime import WIDGET_MIME, bundle
from certtraining.present.templates import render
from certtraining.progress import recorder
from certtraining.progress.review import Scheduled, due_on, today
from certtraining.progress.store import ProgressStoreError, open_store

_VIEWS = "progress.html.j2"


@dataclass(frozen=True)
class DueToday:
    learner: str
    day: dt.date
    due: tuple[Scheduled, ...]


def due_for(learner: str, day: dt.date | None = None) -> DueToday:
    """What ``learner`` has to review on ``day`` (today in Korea by default)."""
    day = day or today()
    attempts = open_store().attempts(learner)
    due = due_on(attempts, day, known=course_plan().questions)
    return DueToday(learner, day, tuple(due))


def review_heading(due: DueToday) -> Block:
    """The line above the questions: how many are due, or that nothing is.

    No date in it: the built 00_intro (demo learner, empty store) must read the same every day.
    """
    count = len(due.due)
    if count:
        line = f"오늘의 복습: {count}문항"
        note = "잊을 때쯤 다시 풀면 오래 기억됩니다. 복습 답은 수업 점수에 들어가지 않습니다."
    else:
        line = "오늘의 복습: 오늘 복습할 문항이 없습니다."
        note = "퀴즈를 풀면 그 문항이 알맞은 날에 여기에 다시 나옵니다."
    return Block(render(f"{_VIEWS}:review_today", line=line, note=note), f"{line}\n{note}")


class ReviewView:
    """The heading and one review-mode QuestionWidget per question due today."""

    kind = "review"

    def __init__(self, day: dt.date | None = None):
        import ipywidgets

        from certtraining.quiz.bank import question
        from certtraining.quiz.widgets import QuestionWidget

        recorder.ensure_recording()
        content = load_content()
        self.questions: list[Any] = []
        try:
            self.due = due_for(resolve_learner(), day)
            self.block = review_heading(self.due)
            self.questions = [
                QuestionWidget(question(item.question_id, content), "review", content=content)
                for item in self.due.due
            ]
        except (ProgressStoreError, LearnerIdError) as exc:
            message = f"복습 일정을 불러오지 못했습니다. {exc}"
            self.block = Block(render(f"{_VIEWS}:warning", message=message), f"⚠ {message}")
        self.widget = ipywidgets.VBox([ipywidgets.HTML(value=self.block.html), *self.questions])

    @property
    def text(self) -> str:
        lines = [self.block.text] + [repr(widget) for widget in self.questions]
        return "\n".join(lines)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        # No text/html: on paper a learner-neutral note replaces the demo learner's list.
        return bundle(self.widget, self.text, {WIDGET_MIME: {"kind": self.kind}})

    def __repr__(self) -> str:
        return self.text


def show_review(day: dt.date | None = None) -> ReviewView:
    return ReviewView(day)
