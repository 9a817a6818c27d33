"""Answers that arrive together are stored together: the service's group commit.

With thirty learners answering at once, storing each answer in its own transaction made
every answer wait for its own connection check, BEGIN, lock, INSERT and COMMIT, each a
round trip from one of the service's threads, all of them contending for the GIL with the
event loop. Here one writer stores whatever answers are waiting in one transaction while
the next ones queue; each learner still gets the reply only after the COMMIT that holds
their answer, so recording stays durable.
"""

from __future__ import annotations

import asyncio
from concurrent.futures import Executor

from certtraining.progress.records import Attempt
from certtraining.progress.store import ProgressStore

BATCH_LIMIT = 64  # answers per transaction: a class's burst, and a bounded lock list


class GroupCommit:
    def __init__(self, store: ProgressStore, executor: Executor) -> None:
        self._store = store
        self._executor = executor
        self._waiting: list[tuple[Attempt, asyncio.Future]] = []
        self._writing = False

    async def record(self, attempt: Attempt) -> tuple[Attempt, bool]:
        """Store the answer (numbered, once per UUID); ``(as stored, newly added)``."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future = loop.create_future()
        self._waiting.append((attempt, done))
        if not self._writing:
            self._writing = True
            loop.create_task(self._write_waiting())
        return await done

    async def _write_waiting(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._waiting:
                batch = self._waiting[:BATCH_LIMIT]
                del self._waiting[:BATCH_LIMIT]
                attempts = [attempt for attempt, _ in batch]
                try:
                    outcomes = await loop.run_in_executor(self._executor, self._store_all, attempts)
                except Exception as exc:  # noqa: BLE001 - e.g. the executor shut down
                    outcomes = [exc] * len(batch)
                for (_, done), outcome in zip(batch, outcomes, strict=True):
                    if done.cancelled():
                        continue
                    if isinstance(outcome, BaseException):
                        done.set_exception(outcome)
                    else:
                        done.set_result(outcome)
        finally:
            self._writing = False

    def _store_all(self, attempts: list[Attempt]) -> list[tuple[Attempt, bool] | Exception]:
        """All in one transaction; if that fails, each alone, so one bad answer fails alone."""
        try:
            return list(self._store.record_attempts_once(attempts))
        except Exception as exc:  # noqa: BLE001 - retried one by one, each failure its own
            if len(attempts) == 1:
                return [exc]
        outcomes: list[tuple[Attempt, bool] | Exception] = []
        for attempt in attempts:
            try:
                outcomes.append(self._store.record_once(attempt))  # type: ignore[arg-type]
            except Exception as exc:  # noqa: BLE001 - handed to that answer's request
                outcomes.append(exc)
        return outcomes
