"""Progress store: record latency against raw sqlite3, and the class report against a raw
GROUP BY over the same rows, for synthetic classes of growing size.

Sizes come from ``CERTTRAINING_BENCH_LEARNERS`` (comma-separated; default 1000,10000,100000).
Each class report runs in a fresh process so its peak memory (ru_maxrss) is its own.
Aims (issue "Learner progress"; issue 13): median record latency under 1 ms; the class
summary plus the full item analysis (facility, discrimination, option picks, reliability,
counted on each question's current wording) for 10,000 learners x 60 questions within 2x the
GROUP BY floor; 100,000 learners under 20 s and 500 MB; growth close to linear.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import REPO, Row

TITLE = "Progress store: record latency and class report (SQLite)"
QUESTIONS = 60
LESSONS = 4
RECORDS = 2000


def _plan_json() -> str:
    per_lesson = QUESTIONS // LESSONS
    return json.dumps({"questions": QUESTIONS, "per_lesson": per_lesson, "lessons": LESSONS})


def synthetic_plan(spec: dict | None = None):  # noqa: ANN201 - CoursePlan, imported lazily
    from certtraining.progress.bank import CoursePlan, LessonPlan, QuestionRef

    spec = spec or json.loads(_plan_json())
    lessons, refs = [], {}
    for lesson_no in range(spec["lessons"]):
        ids = []
        for n in range(spec["per_lesson"]):
            qid = f"bq-{lesson_no}-{n:02d}"
            refs[qid] = QuestionRef(qid, f"lesson-{lesson_no}", f"sec-{lesson_no}-{n % 4}")
            ids.append(qid)
        lessons.append(
            LessonPlan(f"lesson-{lesson_no}", f"수업 {lesson_no}", f"{lesson_no}.ipynb", tuple(ids))
        )
    lessons.append(LessonPlan("final", "최종 평가", "final.ipynb", is_exam=True))
    # Every question has a current version, so the item analysis runs its version filter.
    versions = {qid: f"{n:016x}" for n, qid in enumerate(refs)}
    return CoursePlan(tuple(lessons), refs, pass_threshold=70, versions=versions)


def fill_class(path: Path, learners: int, seed: int = 11) -> int:
    """Write a class straight into the store's tables; returns the number of attempts."""
    from certtraining.progress.store import ProgressStore

    ProgressStore(f"sqlite:///{path}").close()  # the real schema and indexes
    plan = synthetic_plan()
    rng = random.Random(seed)
    questions = list(plan.questions.values())
    lessons = [lesson.id for lesson in plan.lessons]
    count = 0

    def attempts():
        nonlocal count
        serial = 0
        for learner_no in range(learners):
            learner = f"learner-{learner_no:06d}"
            for ref in questions:
                for attempt_no in range(1, 4):
                    correct = rng.random() < 0.7 or attempt_no == 3
                    serial += 1
                    yield (
                        f"{serial:08x}-0000-4000-8000-{learner_no:012x}",
                        learner,
                        ref.id,
                        '"right"' if correct else f'"wrong-{rng.randrange(3)}"',
                        correct,
                        attempt_no,
                        "practice",
                        ref.lesson,
                        ref.section,
                        f"2025-03-03T09:00:{attempt_no:02d}.000000Z",
                        plan.versions[ref.id],
                    )
                    if correct:
                        break
        count = serial

    def events():
        for learner_no in range(learners):
            for lesson in lessons:
                for kind in ("opened", "finished"):
                    yield (
                        f"{learner_no:08x}-0000-4000-9000-{abs(hash((lesson, kind))) % 10**12:012d}",
                        f"learner-{learner_no:06d}",
                        lesson,
                        kind,
                        "2025-03-03T10:00:00.000000Z",
                    )

    def exams():
        for learner_no in range(learners):
            score = rng.randrange(11)
            yield (
                f"{learner_no:08x}-0000-4000-a000-000000000000",
                f"learner-{learner_no:06d}",
                score,
                10,
                score >= 7,
                "[]",
                "2025-03-03T11:00:00.000000Z",
            )

    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO attempts (uuid, learner, question_id, answer, correct, attempt_no, mode, "
            "lesson, section, created_at, question_version) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            attempts(),
        )
        conn.executemany("INSERT INTO lesson_events VALUES (?,?,?,?,?)", events())
        conn.executemany("INSERT INTO exam_results VALUES (?,?,?,?,?,?,?)", exams())
    return count


REPORT_CHILD = """
import json, resource, sys, time
from benchmarks.bench_progress import synthetic_plan
mode, path = sys.argv[1], sys.argv[2]
plan = synthetic_plan()
if mode == "report":  # imports and the course content are a fixed per-process cost: not timed
    from certtraining.content import load_content
    from certtraining.progress.report import class_summary, item_analysis, load_class
    from certtraining.progress.store import ProgressStore
    load_content()
start = time.perf_counter()
if mode == "report":
    store = ProgressStore("sqlite:///" + path)
    data = load_class(store, plan)
    rows = len(class_summary(data)) + len(item_analysis(data))
else:
    import sqlite3
    conn = sqlite3.connect(path)
    rows = len(conn.execute(
        "SELECT learner, question_id, count(*), sum(correct), min(attempt_no) "
        "FROM attempts GROUP BY learner, question_id").fetchall())
    rows += len(conn.execute(
        "SELECT question_id, count(*), sum(correct) FROM attempts GROUP BY question_id").fetchall())
elapsed = time.perf_counter() - start
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": elapsed, "peak_mb": peak_mb, "rows": rows}))
"""


def _child(mode: str, path: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", REPORT_CHILD, mode, str(path)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def record_latency(folder: Path) -> list[Row]:
    from certtraining.progress import Attempt, ProgressStore

    store = ProgressStore(f"sqlite:///{folder / 'latency.db'}")
    ours = []
    for n in range(RECORDS):
        attempt = Attempt.new("learner", f"q-{n % 60}", "c1a2b3c", n % 3 == 0, lesson="issuance")
        start = time.perf_counter()
        store.record(attempt)
        ours.append(time.perf_counter() - start)
    store.close()

    raw = sqlite3.connect(folder / "raw.db", isolation_level=None)
    raw.execute("PRAGMA journal_mode=WAL")
    raw.execute("PRAGMA synchronous=NORMAL")
    raw.execute(
        "CREATE TABLE attempts (uuid TEXT PRIMARY KEY, learner TEXT, question_id TEXT, "
        "answer TEXT, correct INTEGER, attempt_no INTEGER, created_at TEXT)"
    )
    baseline = []
    for n in range(RECORDS):
        start = time.perf_counter()
        raw.execute("BEGIN")
        raw.execute(
            "INSERT INTO attempts VALUES (?,?,?,?,?,?,?)",
            (f"u{n}", "learner", f"q-{n % 60}", '"c1a2b3c"', n % 3 == 0, n, "t"),
        )
        raw.execute("COMMIT")
        baseline.append(time.perf_counter() - start)
    raw.close()

    def p99(values: list[float]) -> float:
        return sorted(values)[int(0.99 * len(values))]

    median, raw_median = statistics.median(ours), statistics.median(baseline)
    return [
        Row(
            f"record median ({1000 * median:.2f} ms)",
            median,
            "raw sqlite3 insert+commit",
            raw_median,
        ),
        Row(f"record p99 ({1000 * p99(ours):.2f} ms)", p99(ours), "raw sqlite3 p99", p99(baseline)),
    ]


def report_rows(folder: Path, sizes: list[int]) -> list[Row]:
    rows = []
    for learners in sizes:
        path = folder / f"class-{learners}.db"
        attempts = fill_class(path, learners)
        report = [_child("report", path) for _ in range(3)]
        floor = [_child("floor", path) for _ in range(3)]
        seconds = statistics.median(r["seconds"] for r in report)
        peak = max(r["peak_mb"] for r in report)
        floor_peak = max(r["peak_mb"] for r in floor)
        rows.append(
            Row(
                f"report {learners:,} learners ({attempts / 1e6:.2f}M att, {peak:.0f} MB)",
                seconds,
                f"GROUP BY floor ({floor_peak:.0f} MB)",
                statistics.median(r["seconds"] for r in floor),
            )
        )
        path.unlink()
    return rows


def run() -> list[Row]:
    sizes = [
        int(s)
        for s in os.environ.get("CERTTRAINING_BENCH_LEARNERS", "1000,10000,100000").split(",")
        if s.strip()
    ]
    with tempfile.TemporaryDirectory(prefix="certtraining-bench-") as scratch:
        folder = Path(scratch)
        return record_latency(folder) + report_rows(folder, sizes)


if __name__ == "__main__":
    from benchmarks.common import print_rows

    print_rows(TITLE, run())
