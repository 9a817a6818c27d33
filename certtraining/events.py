"""What happens in a lesson, announced to whoever listens (the progress store does).

Widgets publish; they never import the store. That keeps a quiz usable with no database,
and lets tests listen without a store at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AnswerChecked:
    """A learner pressed 확인 (practice) or submitted a paper (exam, one per question)."""

    question_id: str
    answer: Any  # JSON-serialisable: a choice key, a list of keys, an order, a mapping
    correct: bool
    mode: str  # "practice" | "exam" | "review"
    lesson: str | None = None
    section: str | None = None
    # The wording answered (a hash of stem, options and key, from the checker): item
    # statistics count only answers to a question's current wording (docs/scoring.md).
    question_version: str | None = None


@dataclass(frozen=True)
class QuestionFlagged:
    """A learner pressed 이 문제가 헷갈려요, with an optional short note (already checked
    by the widget for personal data; the store checks again)."""

    question_id: str
    note: str | None = None
    question_version: str | None = None


@dataclass(frozen=True)
class LessonEvent:
    """A lesson was opened or its end was reached."""

    lesson: str
    kind: str  # "opened" | "finished"


@dataclass(frozen=True)
class ExamSubmitted:
    score: float
    possible: float
    passed: bool
    question_ids: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class PracticeStepDone:
    """A simulator screen was completed; never carries what was typed."""

    flow: str  # a flow id of data/simulator.yaml
    step: str


Event = AnswerChecked | QuestionFlagged | LessonEvent | ExamSubmitted | PracticeStepDone
Listener = Callable[[Event], None]
_listeners: list[Listener] = []


def subscribe(listener: Listener) -> Callable[[], None]:
    """Add a listener; returns a function that removes it again."""
    _listeners.append(listener)
    return lambda: _listeners.remove(listener) if listener in _listeners else None


def publish(event: Event) -> None:
    for listener in list(_listeners):
        listener(event)
