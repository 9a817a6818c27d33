"""The class service's group commit: answers that arrive together are stored together, each
learner gets back their own stored answer, and one bad answer fails alone."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

from certtraining.progress import Attempt, ProgressStore, RecordError
from certtraining.service.group_commit import GroupCommit

pytest_plugins = ["tests.progress_support"]


def _answer_all(store: ProgressStore, attempts: list[Attempt]) -> list[object]:
    async def main() -> list[object]:
        with ThreadPoolExecutor(2) as executor:
            writer = GroupCommit(store, executor)
            return await asyncio.gather(
                *(writer.record(attempt) for attempt in attempts), return_exceptions=True
            )

    return asyncio.run(main())


def test_answers_sent_at_once_are_each_numbered_and_answered(store_url: str) -> None:
    store = ProgressStore(store_url)
    try:
        attempts = [Attempt.new(f"learner-{n % 5}", "q-1", "c1", n >= 5) for n in range(15)]
        outcomes = _answer_all(store, attempts)
        assert [stored.uuid for stored, _ in outcomes] == [a.uuid for a in attempts]
        assert all(added for _, added in outcomes)
        # each learner's three answers numbered 1, 2, 3 in the order they were sent
        assert [stored.attempt_no for stored, _ in outcomes] == [1] * 5 + [2] * 5 + [3] * 5
        assert store.count("attempt") == 15
    finally:
        store.close()


def test_one_bad_answer_fails_alone_and_the_others_are_stored(store_url: str) -> None:
    store = ProgressStore(store_url)
    try:
        good = [Attempt.new(f"learner-{n}", "q-1", "c1", True) for n in range(4)]
        bad = replace(Attempt.new("learner-9", "q-1", "c1", True), question_id="")
        outcomes = _answer_all(store, [good[0], good[1], bad, good[2], good[3]])
        assert isinstance(outcomes[2], RecordError)
        stored = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
        assert [s.uuid for s, _ in stored] == [a.uuid for a in good]
        assert store.count("attempt") == 4
    finally:
        store.close()
