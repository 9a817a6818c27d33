"""The progress store keeps everything, refuses what it must, and never damages a file."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sqlite3
import subprocess
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from certtraining.progress import (
    Attempt,
    ExamRecord,
    LessonRecord,
    PracticeRecord,
    ProgressStore,
    ProgressStoreError,
    RecordError,
)
from certtraining.progress.schema import SCHEMA_VERSION

pytest_plugins = ["tests.progress_support"]

REPO = Path(__file__).resolve().parent.parent


def test_records_round_trip_and_attempts_are_numbered_across_restarts(store_url: str) -> None:
    store = ProgressStore(store_url)
    first = store.record(Attempt.new("김민수", "q-1", "c1234567", False, lesson="issuance"))
    store.record(LessonRecord("김민수", "issuance", "opened"))
    store.record(ExamRecord("김민수", 8, 10, True, ("q-1", "q-2")))
    store.record(PracticeRecord("김민수", "issuance", "terms"))
    store.close()

    reopened = ProgressStore(store_url)  # a new kernel: numbering continues from the rows
    second = reopened.record(Attempt.new("김민수", "q-1", "c7654321", True, lesson="issuance"))
    other = reopened.record(Attempt.new("김민수", "q-2", ["a", "b"], True))
    assert (first.attempt_no, second.attempt_no, other.attempt_no) == (1, 2, 1)
    stored = reopened.attempts("김민수", "q-1")
    assert [(a.attempt_no, a.correct, a.answer_value) for a in stored] == [
        (1, False, "c1234567"),
        (2, True, "c7654321"),
    ]
    assert reopened.exam_results("김민수")[0].question_ids == ("q-1", "q-2")
    assert [e.kind for e in reopened.lesson_events("김민수")] == ["opened"]
    assert reopened.practice_steps("김민수")[0].step == "terms"
    assert reopened.learners() == ["김민수"]
    assert reopened.schema_version == SCHEMA_VERSION
    reopened.close()


def test_decomposed_and_composed_hangul_are_one_learner(store_url: str) -> None:
    store = ProgressStore(store_url)
    nfd = unicodedata.normalize("NFD", "김민수")
    assert nfd != "김민수"
    store.record(Attempt.new(nfd, "q-1", "a", False))
    second = store.record(Attempt.new("  김민수 ", "q-1", "b", True))
    assert second.attempt_no == 2
    assert store.learners() == ["김민수"]
    assert len(store.attempts(nfd)) == 2
    store.close()


@pytest.mark.parametrize(
    ("learner", "message"),
    [
        ("", "비어"),
        ("   ", "비어"),
        ("가" * 65, "64자"),
        ("kim\x00min", "제어 문자"),
        ("kim\u200bmin", "제어 문자"),
        ("kim\nmin", "제어 문자"),
        ("900101-1234567", "주민등록번호"),
        ("010-1234-5678", "전화번호"),
    ],
)
def test_bad_learner_ids_are_refused_with_a_clear_message(
    sqlite_url_store: ProgressStore, learner: str, message: str
) -> None:
    with pytest.raises(RecordError, match=message):
        sqlite_url_store.record(Attempt.new(learner, "q-1", "a", True))
    assert sqlite_url_store.count() == 0


@pytest.mark.parametrize(
    "question_id", ["", "has space", "<script>", "x" * 65, "900101-1234567", "한글"]
)
def test_bad_question_ids_are_refused(sqlite_url_store: ProgressStore, question_id: str) -> None:
    with pytest.raises(RecordError, match="문항"):
        sqlite_url_store.record(Attempt.new("learner", question_id, "a", True))
    assert sqlite_url_store.count() == 0


def test_bad_mode_and_kind_are_refused(sqlite_url_store: ProgressStore) -> None:
    with pytest.raises(RecordError, match="mode"):
        sqlite_url_store.record(Attempt.new("learner", "q-1", "a", True, mode="homework"))
    with pytest.raises(RecordError, match="kind"):
        sqlite_url_store.record(LessonRecord("learner", "intro", "skimmed"))
    with pytest.raises(RecordError, match="score"):
        sqlite_url_store.record(ExamRecord("learner", 11, 10, True))


@pytest.fixture
def sqlite_url_store(tmp_path: Path) -> ProgressStore:
    store = ProgressStore(f"sqlite:///{tmp_path / 'progress.db'}")
    yield store
    store.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "content",
    [
        b"this is my shopping list\n",
        b"SQLite format 3\x00" + bytes(range(256)) * 20,
        "학습자 명단.xlsx 인 줄 알았던 파일".encode(),
    ],
    ids=["text", "sqlite-header-garbage", "korean-text"],
)
def test_a_file_that_is_not_a_progress_database_is_refused_and_left_untouched(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "progress.db"
    path.write_bytes(content)
    before = _digest(path)
    with pytest.raises(ProgressStoreError) as caught:
        ProgressStore(f"sqlite:///{path}")
    message = str(caught.value)
    assert str(path) in message
    assert "그대로 두었습니다" in message and "left untouched" in message
    assert "Traceback" not in message
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["progress.db"]


def test_another_programs_sqlite_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE contacts (name TEXT)")
        conn.execute("INSERT INTO contacts VALUES ('홍길동')")
    before = _digest(path)
    with pytest.raises(ProgressStoreError, match="certtraining 진도 데이터베이스가 아닙니다"):
        ProgressStore(f"sqlite:///{path}")
    assert _digest(path) == before


def test_schema_version_is_stored_and_an_unknown_one_is_refused(store_url: str) -> None:
    from sqlalchemy import create_engine, text

    ProgressStore(store_url).close()
    engine = create_engine(store_url)
    with engine.begin() as conn:
        stored = conn.execute(
            text("SELECT value FROM certtraining_meta WHERE key = 'schema_version'")
        ).scalar_one()
        assert stored == str(SCHEMA_VERSION)
        conn.execute(text("UPDATE certtraining_meta SET value = '99'"))
    engine.dispose()
    with pytest.raises(ProgressStoreError, match="스키마 버전 '99'.*업데이트"):
        ProgressStore(store_url)


def test_unusable_urls_say_what_to_fix(tmp_path: Path) -> None:
    with pytest.raises(ProgressStoreError, match="CERTTRAINING_DB"):
        ProgressStore("not a url")
    with pytest.raises(ProgressStoreError, match="폴더"):
        ProgressStore(f"sqlite:///{tmp_path}")
    with pytest.raises(ProgressStoreError, match="mysql"):
        ProgressStore("mysql+nosuchdriver://u:p@127.0.0.1/db")


def test_a_plain_path_in_the_environment_is_a_sqlite_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from certtraining.progress.store import default_url

    monkeypatch.setenv("CERTTRAINING_DB", str(tmp_path / "mine.db"))
    assert default_url() == f"sqlite:///{tmp_path / 'mine.db'}"
    monkeypatch.delenv("CERTTRAINING_DB")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_url() == f"sqlite:///{tmp_path / 'xdg' / 'certtraining' / 'progress.db'}"


def test_sqlite_store_uses_wal(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    ProgressStore(f"sqlite:///{path}").close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


# ---------------------------------------------------------------------- concurrency and crashes

WRITER = """
import sys
from certtraining.progress import Attempt, ProgressStore
url, worker, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
store = ProgressStore(url)
for n in range(count):
    store.record(Attempt.new(f"learner-{worker % 2}", f"q-{n % 10}", n, n % 3 == 0, lesson="issuance"))
    print(n + 1, flush=True)  # committed so far: the crash test reads it
store.close()
"""


def _writer(url: str, worker: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(worker), str(count)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_processes_writing_a_thousand_attempts_each_store_exactly_8000(
    store_url: str,
) -> None:
    ProgressStore(store_url).close()
    writers = [_writer(store_url, worker, 1000) for worker in range(8)]
    for writer in writers:
        out, err = writer.communicate(timeout=600)
        assert writer.returncode == 0, err
        assert out.split()[-1] == "1000"
    store = ProgressStore(store_url)
    assert store.count() == 8000
    attempts = store.attempts()
    assert len({a.uuid for a in attempts}) == 8000
    numbers: dict[tuple[str, str], list[int]] = {}
    for attempt in attempts:
        numbers.setdefault((attempt.learner, attempt.question_id), []).append(attempt.attempt_no)
    # Four processes share each learner: numbering is still 1..n with no gap or repeat.
    assert len(numbers) == 20
    for values in numbers.values():
        assert sorted(values) == list(range(1, len(values) + 1))
    store.close()


def test_a_process_killed_mid_write_leaves_a_valid_database(store_url: str) -> None:
    ProgressStore(store_url).close()
    writer = _writer(store_url, 0, 1_000_000)
    assert writer.stdout is not None
    committed = 0
    for line in writer.stdout:
        committed = int(line)
        if committed >= 300:
            break
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    if store_url.startswith("sqlite"):
        path = store_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store = ProgressStore(store_url)
    stored = store.count()
    # Everything reported committed is there; at most the one in flight beyond it.
    assert committed <= stored <= committed + 1
    after = store.record(Attempt.new("learner-0", "q-0", "again", True))
    assert after.attempt_no == len(store.attempts("learner-0", "q-0"))
    store.close()


def test_store_errors_in_a_subprocess_are_one_readable_line(tmp_path: Path) -> None:
    path = tmp_path / "progress.db"
    path.write_text("not a database", encoding="utf-8")
    env = {**os.environ, "CERTTRAINING_DB": f"sqlite:///{path}"}
    result = subprocess.run(
        [sys.executable, "-m", "certtraining", "report"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "SQLite 데이터베이스 파일이 아닙니다" in result.stderr
    assert path.read_text(encoding="utf-8") == "not a database"


def test_records_export_as_json_objects_with_their_uuid(sqlite_url_store: ProgressStore) -> None:
    from certtraining.progress.records import from_json_dict, to_json_dict

    stored = sqlite_url_store.record(Attempt.new("학습자", "q-1", {"t1": "m2"}, True))
    data = json.loads(json.dumps(to_json_dict(stored)))
    assert data["type"] == "attempt" and data["uuid"] == stored.uuid
    assert data["answer"] == {"t1": "m2"}
    assert from_json_dict(data) == stored


def test_record_once_stores_a_uuid_once_and_numbers_from_stored_rows(store_url: str) -> None:
    """What the class service does for every answer (on PostgreSQL, one lean statement)."""
    store = ProgressStore(store_url)
    try:
        first = Attempt.new("민수", "q-1", "c1", False)
        stored, added = store.record_once(first)
        assert (stored.attempt_no, added) == (1, True)
        again, added = store.record_once(first)
        assert (again, added) == (stored, False)
        second, _ = store.record_once(Attempt.new("민수", "q-1", "c2", True))
        review, _ = store.record_once(Attempt.new("민수", "q-1", "c2", True, "review"))
        other, _ = store.record_once(Attempt.new("지영", "q-1", "c2", True))
        assert (second.attempt_no, review.attempt_no, other.attempt_no) == (2, 1, 1)
        rows = store.attempts("민수")
        assert [(a.uuid, a.attempt_no) for a in rows if a.mode != "review"] == [
            (first.uuid, 1),
            (second.uuid, 2),
        ]
        assert store.count("attempt") == 4
    finally:
        store.close()


def test_a_batch_of_answers_is_numbered_in_order_and_stored_once_in_one_go(store_url: str) -> None:
    """The class service's group commit: answers that arrive together share a transaction."""
    store = ProgressStore(store_url)
    try:
        earlier = Attempt.new("민수", "q-1", "c1", False)
        store.record_once(earlier)
        wrong = Attempt.new("민수", "q-1", "c2", False)
        right = Attempt.new("민수", "q-1", "c3", True)
        review = Attempt.new("민수", "q-1", "c3", True, "review")
        other = Attempt.new("지영", "q-1", "c3", True)
        batch = [wrong, right, review, other, earlier, wrong]
        stored = store.record_attempts_once(batch)
        assert [(a.uuid, a.attempt_no, added) for a, added in stored] == [
            (wrong.uuid, 2, True),
            (right.uuid, 3, True),
            (review.uuid, 1, True),
            (other.uuid, 1, True),
            (earlier.uuid, 1, False),  # a retry of a stored answer: what it holds
            (wrong.uuid, 2, False),  # sent twice in one batch: stored once
        ]
        assert store.count("attempt") == 5
        # A batch with a bad answer stores nothing of it.
        bad = replace(Attempt.new("지영", "q-2", "c1", True), learner="")
        with pytest.raises(RecordError):
            store.record_attempts_once([Attempt.new("지영", "q-2", "c1", True), bad])
        assert store.count("attempt") == 5
    finally:
        store.close()
