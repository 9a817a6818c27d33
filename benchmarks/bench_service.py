"""Class service under load: 30 learners answer at once, as kernels and through the proxy.

A real class hub (tests/hub_server.py, the teacher's deploy config) with PostgreSQL as the
service's database: ``CERTTRAINING_TEST_PG_URL``, or a throw-away cluster started here with
``.ci/postgres.sh``. 30 hub users get real tokens through the hub's REST API (admin token);
each sends 40 answers closed-loop (waits for its feedback before the next) to ``api/answer``,
all learners at the same time; every 8th answer is sent twice (a retry with the same UUID).
Each learner keeps one connection open, as the kernel's ``ServiceClient`` does.

Each learner first records "opened", as a lesson's first cell does through the service: that
request pays the hub's look-up of the learner's fresh token, and its latency is printed apart.
Two rounds, each on fresh tokens:
- the kernels' path: straight to the service's own URL, which the deployment gives learners'
  kernels in ``CERTTRAINING_DB`` (like their hub API URL, it does not pass the proxy);
- through the proxy, as browsers reach the dashboard: the Node.js configurable-http-proxy that
  deployments run (`make bench` installs it when npm is there), else its Python port.
Printed: median and p99 of the answer-check-and-record latency against a direct
``ProgressStore.record`` on the same PostgreSQL (sequential, the floor), and whether all
attempts are stored once. Goal (issue 12): p99 <= 50 ms with 30 learners on 2 cores.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import time
from urllib.parse import urlsplit

from benchmarks.common import REPO, Row

TITLE = "Class service: answer check-and-record, 30 learners at once (PostgreSQL)"
LEARNERS = int(os.environ.get("CERTTRAINING_BENCH_CLASS", "30"))
ANSWERS = 40
RETRY_EVERY = 8
LESSON = "issuance"
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


class _Learner:
    """One learner's kept-alive HTTP/1.1 connection, as a kernel's ``ServiceClient`` keeps one.

    A few lines over asyncio's streams rather than aiohttp: the load generator shares the two
    cores with what it measures, and aiohttp spent about three times the CPU per request of
    this (and of the kernel's own plain ``http.client``), time the figures then charged to the
    service.
    """

    def __init__(self, base_url: str, token: str) -> None:
        where = urlsplit(base_url)
        self.host, self.port, self.prefix = where.hostname or "127.0.0.1", where.port, where.path
        self.token = token
        self.streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: dict, path: str = "api/answer") -> dict:
        data = json.dumps(body).encode()
        head = (
            f"POST {self.prefix}{path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            f"Authorization: token {self.token}\r\nAccept: application/json\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
        ).encode()
        for _ in range(5):  # a refused or dropped connection under load is retried
            try:
                if self.streams is None:
                    self.streams = await asyncio.open_connection(self.host, self.port)
                reader, writer = self.streams
                writer.write(head + data)
                status, payload = await self._response(reader)
                if status < 500:
                    if status != 200:
                        raise RuntimeError(f"HTTP {status}: {payload[:200]!r}")
                    return json.loads(payload)
            except (ConnectionError, OSError, asyncio.IncompleteReadError):
                self.close()
            await asyncio.sleep(0.05)
        raise RuntimeError("the service did not answer")

    @staticmethod
    async def _response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.split(b"\r\n")
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return int(lines[0].split(b" ", 2)[1]), await reader.readexactly(length)

    def close(self) -> None:
        if self.streams is not None:
            self.streams[1].close()
            self.streams = None


async def _class(
    base_url: str, tokens: dict[str, str], names: list[str]
) -> tuple[list[float], list[float]]:
    """Latencies of every answer, and of each learner's lesson start (its token's hub look-up)."""
    from certtraining.progress.records import LessonRecord, new_uuid, to_json_dict

    latencies: list[float] = []
    firsts: list[float] = []
    start = asyncio.Event()

    async def learner(name: str) -> None:
        client = _Learner(base_url, tokens[name])
        try:
            await start.wait()
            # The lesson's first cell records "opened" through the service (start_lesson):
            # the learner's token is looked up at the hub then, before any answer.
            began = time.perf_counter()
            await client.post(to_json_dict(LessonRecord(name, LESSON, "opened")), "api/records")
            firsts.append(time.perf_counter() - began)
            for n in range(ANSWERS):
                body = {
                    "question_id": QUESTIONS[n % len(QUESTIONS)],
                    "answer": "O" if n % 3 else "X",
                    "mode": "practice",
                    "uuid": new_uuid(),
                }
                began = time.perf_counter()
                reply = await client.post(body)
                latencies.append(time.perf_counter() - began)
                assert reply["record"]["uuid"] == body["uuid"]
                if n % RETRY_EVERY == 0:  # the same answer again: stored once
                    again = await client.post(body)
                    assert again["record"]["uuid"] == body["uuid"]
        finally:
            client.close()

    tasks = [asyncio.create_task(learner(name)) for name in names]
    await asyncio.sleep(0.1)
    start.set()
    await asyncio.gather(*tasks)
    return latencies, firsts


def _fresh_tokens(hub, names: list[str]) -> dict[str, str]:
    """New tokens (nothing cached in the service yet), scoped as a learner's server's."""
    scopes = {"scopes": ["access:services!service=certtraining"], "note": "bench"}
    return {name: hub.api("POST", f"users/{name}/tokens", scopes)["token"] for name in names}


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
    from tests.hub_server import PROXY_ENV, start_hub

    server, pg_dir = _pg_server()
    hub = start_hub(real_users=False)
    rounds: dict[str, tuple[list[float], list[float]]] = {}
    try:
        names = [f"learner{n:02d}" for n in range(LEARNERS)]
        for name in names:
            hub.add_user(name)
        for path, url in (("kernels", hub.direct_url), ("proxy", hub.service_url)):
            rounds[path] = asyncio.run(_class(url, _fresh_tokens(hub, names), names))
        from certtraining.progress.store import ProgressStore

        store = ProgressStore(hub.store_url)
        try:
            stored = [a for name in names for a in store.attempts(name)]
        finally:
            store.close()
        uuids = [a.uuid for a in stored]
        expected = len(rounds) * LEARNERS * ANSWERS
        print(
            f"\nstored {len(stored)} of {expected} attempts, {len(set(uuids))} distinct UUIDs"
            f" ({'OK' if len(stored) == expected == len(set(uuids)) else 'LOST OR DUPLICATED'})"
        )
        direct = _direct(hub.store_url)
    finally:
        hub.stop()
        if pg_dir is not None:
            subprocess.run(["bash", str(REPO / ".ci" / "postgres.sh"), "stop", pg_dir], check=False)
    rows = []
    proxy = os.environ.get(PROXY_ENV) or "the Python port of configurable-http-proxy"
    print(f"proxy: {proxy}")
    for path, label in (("kernels", "kernel -> service"), ("proxy", "via proxy+service")):
        latencies, firsts = rounds[path]
        median, p99 = statistics.median(latencies), _p99(latencies)
        print(
            f"{label}: {LEARNERS} learners x {ANSWERS} answers at once: median "
            f"{median * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms "
            f"(goal p99 <= 50 ms: {'met' if p99 <= 0.05 else 'NOT met'}); each learner's "
            f"lesson start (hub token look-up): median {statistics.median(firsts) * 1000:.1f} "
            f"ms, max {max(firsts) * 1000:.1f} ms"
        )
        rows += [
            Row(f"answer {label}, median", median, "ProgressStore.record PG, median",
                statistics.median(direct)),
            Row(f"answer {label}, p99", p99, "ProgressStore.record PG, p99", _p99(direct)),
        ]  # fmt: skip
    return rows
