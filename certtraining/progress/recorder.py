"""Listen to ``certtraining.events`` and record every event in the progress store.

Widgets publish events and never import the store; this module is the one subscriber that
turns them into records, for the learner the GUIDE's resolution order names at that moment
(so a name typed in 00_intro applies from the next answer on). Views that want to redraw
after a record register with :func:`after_record`.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from certtraining import events
from certtraining.learner import resolve_learner
from certtraining.progress.records import (
    Attempt,
    ExamRecord,
    Flag,
    LessonRecord,
    PracticeRecord,
    Record,
)
from certtraining.progress.store import open_store

_unsubscribe: Callable[[], None] | None = None
_after: weakref.WeakSet[Any] = weakref.WeakSet()
_errors: list[str] = []


def to_record(event: events.Event, learner: str) -> Record | None:
    """The record an event becomes (None for an event the store does not keep)."""
    if isinstance(event, events.AnswerChecked):
        return Attempt.new(
            learner,
            event.question_id,
            event.answer,
            event.correct,
            event.mode,
            event.lesson,
            event.section,
            question_version=event.question_version,
        )
    if isinstance(event, events.QuestionFlagged):
        return Flag(learner, event.question_id, event.question_version, event.note)
    if isinstance(event, events.LessonEvent):
        return LessonRecord(learner, event.lesson, event.kind)
    if isinstance(event, events.ExamSubmitted):
        return ExamRecord(
            learner, event.score, event.possible, event.passed, tuple(event.question_ids)
        )
    if isinstance(event, events.PracticeStepDone):
        return PracticeRecord(learner, event.flow, event.step)
    return None


def _listener(event: events.Event) -> None:
    try:
        record = to_record(event, resolve_learner())
        if record is None:
            return
        stored = open_store().record(record)
    except Exception as exc:  # a broken store must never break a quiz: say it, keep going
        _errors.append(str(exc))
        for view in list(_after):
            view.store_failed(str(exc))
        return
    for view in list(_after):
        view.recorded(stored)


def ensure_recording() -> None:
    """Subscribe once per kernel; calling it again does nothing."""
    global _unsubscribe
    if _unsubscribe is None:
        _unsubscribe = events.subscribe(_listener)


def stop_recording() -> None:
    global _unsubscribe
    if _unsubscribe is not None:
        _unsubscribe()
        _unsubscribe = None


def after_record(view: Any) -> None:
    """Call ``view.recorded(record)`` after each stored record (held weakly)."""
    _after.add(view)


def last_errors() -> list[str]:
    return list(_errors)
