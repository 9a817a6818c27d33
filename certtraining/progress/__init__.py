"""Learner progress: a store that loses nothing, scoring rules, learner and class reports.

Public API:

- :class:`ProgressStore`, :func:`open_store` — record / query / summarise (``store``); opening
  one migrates its database to the current schema (``schema``, ``migrate``, docs/store.md);
- :class:`Attempt`, :class:`LessonRecord`, :class:`ExamRecord`, :class:`PracticeRecord`,
  :class:`Flag` (a learner's 이 문제가 헷갈려요) (``records``) and their JSON Lines form (``jsonl``);
- :func:`ensure_recording` — subscribe the store to ``certtraining.events`` (``recorder``);
- scoring rules (``scoring``, documented in docs/scoring.md) and class reports (``report``).

The store never imports the quiz or any widget: widgets publish events, the recorder listens.
"""

from certtraining.progress.recorder import ensure_recording
from certtraining.progress.records import (
    Attempt,
    ExamRecord,
    Flag,
    LessonRecord,
    PracticeRecord,
    Record,
    RecordError,
)
from certtraining.progress.store import ProgressStore, ProgressStoreError, default_url, open_store

__all__ = [
    "Attempt",
    "ExamRecord",
    "Flag",
    "LessonRecord",
    "PracticeRecord",
    "ProgressStore",
    "ProgressStoreError",
    "Record",
    "RecordError",
    "default_url",
    "ensure_recording",
    "open_store",
]
