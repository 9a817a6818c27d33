"""Class service under load: 30 learners answer at once through the proxy and the service.

A real class hub (tests/hub_server.py, the teacher's deploy config) with PostgreSQL as the
service's database: ``CERTTRAINING_TEST_PG_URL``, or a throw-away cluster started here with
``.ci/postgres.sh``. 30 hub users get real tokens through the hub's REST API (admin token);
each sends 40 answers closed-loop (waits for its feedback before the next) to ``api/answer``
through the proxy, all learners at the same time; every 8th answer is sent twice (a retry with
the same UUID). Printed: median and p99 of the answer-check-and-record latency against a direct
``ProgressStore.record`` on the same PostgreSQL (sequential, the floor), and whether all 1,200
attempts are stored once. Goal (issue 12): p99 <= 50 ms with 30 learners on 2 cores.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time

from benchmarks.common import REPO, Row

TITLE = "Class service: answer check-and-record through proxy + service (PostgreSQL)"
LEARNERS = int(os.environ.get("CERTTRAINING_BENCH_CLASS", "30"))
ANSWERS = 40
RETRY_EVERY = 8
QUESTIONS = ("q-other-cert-identity", "q-no-shared-pc", "q-agree-each-term", "q-name-today")


def _p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def _pg_server() -> tuple[str, str | None]:
    url = os.environ.get("CERTTRAINING_TEST_PG_URL")
    if url:
        return url, None
    out = subprocess.run(
        ["bash", str(REPO / ".ci" / "postgres.sh"), "start"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    values = dict(
        line.removeprefix("export ").split("=", 1) for line in out.splitlines() if "=" in line
    )
    os.environ["CERTTRAINING_TEST_PG_URL"] = values["CERTTRAINING_TEST_PG_URL"]
    return values["CERTTRAINING_TEST_PG_URL"], values.get("CERTTRAINING_PG_DIR")


async def _class(hub, names: list[str]) -> tuple[list[float], dict[str, set[str]]]:
    from tornado.httpclient import AsyncHTTPClient, HTTPClientError

    from certtraining.progress.records import new_uuid

    AsyncHTTPClient.configure(None, max_clients=LEARNERS * 2)
    client = AsyncHTTPClient()
    latencies: list[float] = []
    sent: dict[str, set[str]] = {name: set() for name in names}
    start = asyncio.Event()

    async def post(token: str, body: dict) -> dict:
        for _ in range(5):  # a refused connection under load is retried, as the outbox would
            try:
                response = await client.fetch(
                    hub.service_url + "api/answer",
                    method="POST",
                    body=json.dumps(body),
                    headers={"Authorization": f"token {token}", "Accept": "application/json"},
                    request_timeout=30,
                )
                return json.loads(response.body)
            except (HTTPClientError, OSError) as exc:
                if isinstance(exc, HTTPClientError) and exc.code < 500:
                    raise
                await asyncio.sleep(0.05)
        raise RuntimeError("the service did not answer")

    async def learner(name: str) -> None:
        token = hub.tokens[name]
        await start.wait()
        for n in range(ANSWERS):
            body = {
                "question_id": QUESTIONS[n % len(QUESTIONS)],
                "answer": "O" if n % 3 else "X",
                "mode": "practice",
                "uuid": new_uuid(),
            }
            began = time.perf_counter()
            reply = await post(token, body)
            latencies.append(time.perf_counter() - began)
            sent[name].add(reply["record"]["uuid"])
            if n % RETRY_EVERY == 0:  # the same answer again: stored once
                again = await post(token, body)
                assert again["record"]["uuid"] == body["uuid"]

    tasks = [asyncio.create_task(learner(name)) for name in names]
    await asyncio.sleep(0.1)
    start.set()
    await asyncio.gather(*tasks)
    return latencies, sent


def _direct(url: str, count: int = 400) -> list[float]:
    from certtraining.progress.records import Attempt
    from certtraining.progress.store import ProgressStore

    store = ProgressStore(url)
    times = []
    try:
        store.record(Attempt.new("warm-up", QUESTIONS[0], "O", True))
        for n in range(count):
            attempt = Attempt.new(
                f"direct-{n % LEARNERS}", QUESTIONS[n % len(QUESTIONS)], "O", True
            )
            began = time.perf_counter()
            store.record(attempt)
            times.append(time.perf_counter() - began)
    finally:
        store.close()
    return times


def run() -> list[Row]:
    from tests.hub_server import start_hub

    server, pg_dir = _pg_server()
    hub = start_hub(real_users=False)
    try:
        names = [f"learner{n:02d}" for n in range(LEARNERS)]
        for name in names:
            hub.add_user(name)
        latencies, sent = asyncio.run(_class(hub, names))
        from certtraining.progress.store import ProgressStore

        store = ProgressStore(hub.store_url)
        try:
            stored = [a for name in names for a in store.attempts(name)]
        finally:
            store.close()
        uuids = [a.uuid for a in stored]
        expected = LEARNERS * ANSWERS
        print(
            f"\nstored {len(stored)} of {expected} attempts, {len(set(uuids))} distinct UUIDs, "
            f"missing {sum(len(s) for s in sent.values()) - len(set(uuids) & set().union(*sent.values()))}"
            f" ({'OK' if len(stored) == expected == len(set(uuids)) else 'LOST OR DUPLICATED'})"
        )
        direct = _direct(hub.store_url)
    finally:
        hub.stop()
        if pg_dir is not None:
            subprocess.run(["bash", str(REPO / ".ci" / "postgres.sh"), "stop", pg_dir], check=False)
    median, p99 = statistics.median(latencies), _p99(latencies)
    print(
        f"{LEARNERS} learners x {ANSWERS} answers at once: median {median * 1000:.1f} ms, "
        f"p99 {p99 * 1000:.1f} ms (goal p99 <= 50 ms: {'met' if p99 <= 0.05 else 'NOT met'})"
    )
    return [
        Row("answer via proxy+service, median", median, "ProgressStore.record PG, median",
            statistics.median(direct)),
        Row("answer via proxy+service, p99", p99, "ProgressStore.record PG, p99", _p99(direct)),
    ]  # fmt: skip
