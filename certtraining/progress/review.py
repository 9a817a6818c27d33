"""Spaced review (오늘의 복습): when each answered question should come back, by FSRS.

Pure functions over a learner's stored attempts (``ProgressStore.attempts``); nothing here
reads the store or the course. Callers hand in the attempts and, where they want it, the
question ids they know (progress never imports quiz).

The rule (docs/scoring.md, "Spaced review"):

- Every attempt counts, whatever its mode (practice, exam, review).
- A question gets at most one rating per day, from that day's answers to it, timed at the
  day's first answer: the first answer right → Good ("right first time"); the first answer
  wrong but a later one that day right → Hard ("right on a later try"); never right that
  day → Again ("wrong").
- Days are calendar days in Korea (UTC+9, no daylight saving), the course's time zone, so
  the same history gives the same days on every machine.
- The ratings go through FSRS (PyPI ``fsrs``) with interval fuzzing off and no learning or
  relearning steps (their minutes mean nothing at one rating a day), so the same history
  always gives the same schedule.
- A question is due on a day when its next review falls on or before that day, computed
  from the answers up to the end of that day: answering it today moves it off today's list.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fsrs import Card, Rating, Scheduler

from certtraining.progress.records import Attempt

COURSE_TIMEZONE = dt.timezone(dt.timedelta(hours=9), "KST")
"""The course's day boundary: Korea Standard Time (no daylight saving)."""

SCHEDULER_OPTIONS: dict[str, object] = {
    "learning_steps": (),
    "relearning_steps": (),
    "enable_fuzzing": False,
}
"""How the FSRS scheduler is built (the default parameters and desired retention)."""


def scheduler() -> Scheduler:
    """The course's FSRS scheduler: deterministic, one step per rating."""
    return Scheduler(**SCHEDULER_OPTIONS)  # type: ignore[arg-type]


def parse_time(created_at: str) -> dt.datetime:
    """A stored timestamp (``2025-01-31T09:00:00.000000Z``) as an aware UTC datetime."""
    return dt.datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def course_day(moment: dt.datetime) -> dt.date:
    """The calendar day in the course's time zone."""
    return moment.astimezone(COURSE_TIMEZONE).date()


def today() -> dt.date:
    return course_day(dt.datetime.now(dt.UTC))


@dataclass(frozen=True)
class DayRating:
    """One question's rating on one day, timed at that day's first answer."""

    question_id: str
    day: dt.date
    at: dt.datetime
    rating: Rating


def rating_for_day(answers: Sequence[Attempt]) -> Rating:
    """The rating of one day's answers to one question, oldest first (see module doc)."""
    if not answers:
        raise ValueError("rating_for_day needs at least one answer")
    if answers[0].correct:
        return Rating.Good
    if any(a.correct for a in answers[1:]):
        return Rating.Hard
    return Rating.Again


def _in_time_order(attempts: Iterable[Attempt]) -> list[Attempt]:
    return sorted(attempts, key=lambda a: (a.created_at, a.attempt_no, a.uuid))


def day_ratings(attempts: Iterable[Attempt], until: dt.date | None = None) -> list[DayRating]:
    """Every (question, day) rating, in time order; days after ``until`` are left out."""
    by_day: dict[tuple[str, dt.date], list[Attempt]] = defaultdict(list)
    for attempt in _in_time_order(attempts):
        day = course_day(parse_time(attempt.created_at))
        if until is None or day <= until:
            by_day[(attempt.question_id, day)].append(attempt)
    ratings = [
        DayRating(qid, day, parse_time(answers[0].created_at), rating_for_day(answers))
        for (qid, day), answers in by_day.items()
    ]
    return sorted(ratings, key=lambda r: (r.at, r.question_id))


@dataclass(frozen=True)
class Scheduled:
    """Where one question stands: its FSRS card after its last rating, and when it is due."""

    question_id: str
    card: Card
    ratings: tuple[Rating, ...]
    last_review: dt.datetime

    @property
    def due(self) -> dt.datetime:
        return self.card.due

    @property
    def due_day(self) -> dt.date:
        return course_day(self.card.due)


def schedule(attempts: Iterable[Attempt], until: dt.date | None = None) -> dict[str, Scheduled]:
    """Each answered question's FSRS card from its day ratings (one learner's attempts)."""
    fsrs = scheduler()
    cards: dict[str, Card] = {}
    history: dict[str, list[Rating]] = defaultdict(list)
    last: dict[str, dt.datetime] = {}
    for rated in day_ratings(attempts, until):
        card = cards.get(rated.question_id) or Card(card_id=len(cards) + 1)
        cards[rated.question_id], _log = fsrs.review_card(card, rated.rating, rated.at)
        history[rated.question_id].append(rated.rating)
        last[rated.question_id] = rated.at
    return {
        qid: Scheduled(qid, card, tuple(history[qid]), last[qid])
        for qid, card in sorted(cards.items())
    }


def due_on(
    attempts: Iterable[Attempt],
    day: dt.date,
    known: Iterable[str] | None = None,
) -> list[Scheduled]:
    """The questions due on ``day`` (most overdue first), from the answers up to that day.

    ``known`` limits the list to questions the course still has (a removed question is
    never asked again).
    """
    keep = None if known is None else set(known)
    due = [
        item
        for item in schedule(attempts, until=day).values()
        if item.due_day <= day and (keep is None or item.question_id in keep)
    ]
    return sorted(due, key=lambda item: (item.due, item.question_id))


RATING_LABELS = {
    Rating.Again: "다시",
    Rating.Hard: "어려움",
    Rating.Good: "알맞음",
    Rating.Easy: "쉬움",
}
