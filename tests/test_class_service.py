"""The class server against a real JupyterHub: the progress service, its roles, its outbox.

One hub (with its proxy and the managed ``certtraining`` service) is started from the
teacher's ``deploy/jupyterhub/jupyterhub_config.py`` for the whole module; learners and the
teacher act over HTTP with tokens the hub issues (a learner's token has exactly what the
config grants a server's token). Nothing here is mocked.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from certtraining.classlink import QUEUED_MESSAGE, Outbox
from certtraining.notebook.plan import course_plan
from certtraining.progress.records import Attempt, LessonRecord, RecordError
from certtraining.progress.service_store import RecordingDelayed, ServiceStore
from certtraining.progress.store import ProgressStore
from certtraining.quiz.remote import AnswerKept, RemoteChecker
from tests.class_hub import ClassHub, request, start_hub
from tests.helpers import skip_unless_available

OX = "q-other-cert-identity"  # an O/X question whose key is O


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> ClassHub:
    skip_unless_available(
        shutil.which("configurable-http-proxy", path=str(Path(sys.executable).parent)) is not None,
        "configurable-http-proxy is not installed in this environment",
    )
    running = start_hub(tmp_path_factory.mktemp("hub"))
    try:
        for name in ("ana", "ben", "cho"):
            running.add_user(name)
        running.add_user("teacher", teacher=True)
        yield running
    finally:
        running.stop()


def store_for(hub: ClassHub, name: str, tmp_path: Path) -> ServiceStore:
    return ServiceStore(
        "certtraining+" + hub.direct_url, hub.tokens[name], Outbox(tmp_path / f"{name}.jsonl")
    )


def rows(hub: ClassHub) -> list[dict]:
    """What the service's database holds, read directly (as the service's own user could)."""
    store = ProgressStore(f"sqlite:///{hub.db_path}")
    try:
        return [a.__dict__ for a in store.attempts()]
    finally:
        store.close()


def test_the_service_scores_and_takes_the_learner_from_the_token(hub, tmp_path):
    ana = store_for(hub, "ana", tmp_path)
    forged = Attempt.new("ana", OX, "X", correct=True)  # wrong, claimed right
    stored = ana.record(forged)
    assert stored.correct is False and stored.learner == "ana"
    right = ana.record(Attempt.new("ana", OX, "O", correct=False))
    assert right.correct is True
    mine = {r["uuid"]: r for r in rows(hub)}
    assert mine[forged.uuid]["correct"] is False
    assert [a.uuid for a in ana.attempts("ana")][-2:] == [forged.uuid, right.uuid]


def test_a_learner_gets_403_and_writes_nothing_outside_her_own(hub, tmp_path):
    ben = store_for(hub, "ben", tmp_path)
    ben.record(Attempt.new("ben", OX, "O", correct=True))
    before = rows(hub)
    token = hub.tokens["ana"]
    status, _ = request("GET", hub.service_url + "api/records?learner=ben", token)
    assert status == 403
    as_ben = {**Attempt.new("ben", OX, "O", correct=True).__dict__, "type": "attempt"}
    as_ben["answer"] = "O"
    status, body = request("POST", hub.service_url + "api/records", token, as_ben)
    assert status == 403, body
    status, _ = request("GET", hub.service_url, token, accept="text/html")
    assert status == 403
    status, _ = request("GET", hub.service_url + "summary.csv", token, accept="text/csv")
    assert status == 403
    status, _ = request("POST", hub.service_url + "api/import", token, [as_ben])
    assert status == 403
    assert rows(hub) == before
    # ... and a store in her kernel cannot read the class either
    with pytest.raises(RecordError):
        store_for(hub, "ana", tmp_path).attempts()


def test_an_answer_that_is_not_an_option_is_refused(hub, tmp_path):
    before = rows(hub)
    ana = store_for(hub, "ana", tmp_path)
    with pytest.raises(RecordError, match="보기가 아닌"):
        ana.record(Attempt.new("ana", OX, "Z", correct=True))
    with pytest.raises(RecordError, match="없는 문항"):
        ana.record(Attempt.new("ana", "q-not-in-course", "O", correct=True))
    assert rows(hub) == before


def test_a_record_sent_twice_is_stored_once(hub, tmp_path):
    cho = store_for(hub, "cho", tmp_path)
    attempt = Attempt.new("cho", OX, "O", correct=True)
    first = cho.record(attempt)
    again = cho.record(attempt)
    assert first == again
    assert [r["uuid"] for r in rows(hub)].count(attempt.uuid) == 1


def test_the_teacher_reads_the_class_and_the_report_matches(hub, tmp_path):
    teacher = store_for(hub, "teacher", tmp_path)
    learners = {a.learner for a in teacher.attempts()}
    assert {"ana", "ben", "cho"} <= learners
    from certtraining.service.dashboard import frames

    direct = ProgressStore(f"sqlite:///{hub.db_path}")
    try:
        expected = frames(direct, course_plan())
    finally:
        direct.close()
    got = teacher.report(None)
    for name in ("summary", "items"):
        assert got[name].astype(str).values.tolist() == expected[name].astype(str).values.tolist()
    status, page = request("GET", hub.service_url, hub.tokens["teacher"], accept="text/html")
    assert status == 200 and "학급 진도 대시보드" in page.decode()
    status, csv = request("GET", hub.service_url + "summary.csv", hub.tokens["teacher"])
    assert status == 200 and b"ana" in csv and b"ben" in csv


def test_remote_checker_feedback_comes_from_the_service(hub):
    from certtraining.content import load_content

    content = load_content(keys=False)
    assert content.answer_keys is None
    checker = RemoteChecker(content, "certtraining+" + hub.direct_url, hub.tokens["cho"])
    result = checker.check(OX, "O")
    assert result.correct and result.explanation


def test_the_service_stopped_mid_class_loses_nothing(hub, tmp_path):
    from certtraining.content import load_content

    outbox = Outbox(tmp_path / "cho-outbox.jsonl")
    cho = ServiceStore("certtraining+" + hub.direct_url, hub.tokens["cho"], outbox)
    checker = RemoteChecker(
        load_content(keys=False), "certtraining+" + hub.direct_url, hub.tokens["cho"]
    )
    checker.outbox = outbox
    pid = hub.service_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    lesson = LessonRecord("cho", "01_issuance", "opened")
    with pytest.raises(RecordingDelayed):
        cho.record(lesson)
    with pytest.raises(AnswerKept) as kept:
        checker.check(OX, "X")
    assert str(kept.value).startswith("채점 서버에 연결할 수 없어 답을 보관했습니다")
    assert QUEUED_MESSAGE.startswith("채점 서버에 연결할 수 없어 답을 보관했습니다")
    assert len(outbox.pending()) == 2
    hub.wait_for_service(timeout=90)  # the hub starts its managed service again
    assert cho.flush() == 2
    assert outbox.pending() == []
    stored = [e.uuid for e in cho.lesson_events("cho")]
    assert lesson.uuid in stored
    queued = [a for a in cho.attempts("cho") if a.answer == '"X"']
    assert len(queued) == 1 and queued[0].correct is False  # checked by the service when back


def test_learners_servers_hold_no_password_and_no_keys(hub):
    status, _ = request("POST", f"{hub.url}/hub/api/users/ana/server", hub.admin_token, {})
    assert status in (201, 202)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status, user = request("GET", f"{hub.url}/hub/api/users/ana", hub.admin_token)
        if user and user.get("servers", {}).get("", {}).get("ready"):
            break
        time.sleep(0.5)
    pid = int(user["servers"][""]["state"]["pid"])
    environ = dict(
        item.split("=", 1)
        for item in Path(f"/proc/{pid}/environ").read_bytes().decode().split("\0")
        if "=" in item
    )
    try:
        assert environ["CERTTRAINING_DB"] == "certtraining+" + hub.direct_url.rstrip("/") + "/"
        assert environ["CERTTRAINING_KEYS"] == "off"
        secret = Path(hub.env["CERTTRAINING_DB_FILE"]).read_text().strip()
        assert not any(secret in value for value in environ.values())
        assert "CERTTRAINING_DB_FILE" not in environ
        # what a kernel there loads: the course without a single answer key, and its
        # checker is the service's
        probe = (
            "from certtraining.content import load_content\n"
            "from certtraining.quiz.checker import checker_for\n"
            "from certtraining.learner import resolve_learner\n"
            "c = load_content(); print(c.answer_keys is None, type(checker_for(c)).__name__,"
            " resolve_learner())"
        )
        kernel_env = {**environ, "CERTTRAINING_LEARNER": "ben"}
        out = subprocess.run(
            [sys.executable, "-c", probe], env=kernel_env, capture_output=True, text=True
        )
        assert out.stdout.split() == ["True", "RemoteChecker", "ana"], out.stderr
    finally:
        request("DELETE", f"{hub.url}/hub/api/users/ana/server", hub.admin_token)


def test_a_forged_exam_result_is_refused(hub, tmp_path):
    ana = store_for(hub, "ana", tmp_path)
    token = hub.tokens["ana"]
    status, paper = request("POST", hub.direct_url + "api/exam/paper", token, {})
    assert status == 200, paper
    ids = paper["question_ids"]
    forged = {
        "type": "exam",
        "score": float(len(ids)),
        "possible": float(len(ids)),
        "passed": True,
        "question_ids": ids,
    }
    from certtraining.progress.records import new_uuid, utc_now

    forged.update(uuid=new_uuid(), created_at=utc_now(), learner="ana")
    status, body = request("POST", hub.direct_url + "api/records", token, forged)
    assert status == 400 and "점수" in json.dumps(body, ensure_ascii=False)
    other = {**forged, "question_ids": ids[:-1], "possible": float(len(ids) - 1)}
    status, _ = request("POST", hub.direct_url + "api/records", token, other)
    assert status == 400
    assert ana.exam_results("ana") == []


def test_an_exam_result_the_service_scored_is_accepted(hub, tmp_path):
    ben = store_for(hub, "ben", tmp_path)
    token = hub.tokens["ben"]
    _, paper = request("POST", hub.direct_url + "api/exam/paper", token, {})
    ids = paper["question_ids"]
    # ben answers the first question right (the service's own check) and leaves the rest blank
    first = ids[0]
    content_checker = RemoteChecker(
        __import__("certtraining.content", fromlist=["x"]).load_content(keys=False),
        "certtraining+" + hub.direct_url,
        token,
    )
    from certtraining.quiz.bank import public_view, question

    view = public_view(question(first, content_checker.content), content=content_checker.content)
    right = None
    for option in (*view.choices, *view.steps):
        try:
            if content_checker.check(first, option.key).correct:
                right = option.key
                break
        except Exception:
            continue
    score = 0
    for qid in ids:
        answer = right if qid == first and right is not None else None
        stored = ben.record(Attempt.new("ben", qid, answer, correct=True, mode="exam"))
        score += int(stored.correct)
    from certtraining.progress.records import ExamRecord

    passed = round(100 * score / len(ids)) >= course_plan().pass_threshold
    result = ben.record(ExamRecord("ben", float(score), float(len(ids)), passed, tuple(ids)))
    assert result.score == score and score <= 1
    assert [e.uuid for e in ben.exam_results("ben")] == [result.uuid]
