"""The class server against a real JupyterHub: the progress service, its roles, its outbox.

One hub (with its proxy and the managed ``certtraining`` service) is started from the
teacher's ``deploy/jupyterhub/jupyterhub_config.py`` for the whole module; learners and the
teacher act over HTTP with tokens the hub issues (a learner's token has exactly what the
config grants a server's token). Nothing here is mocked.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from certtraining.classlink import QUEUED_MESSAGE, Outbox
from certtraining.content import load_content
from certtraining.notebook.plan import course_plan
from certtraining.progress.records import Attempt, LessonRecord, RecordError, new_uuid
from certtraining.progress.service_store import RecordingDelayed, ServiceStore
from certtraining.progress.store import ProgressStore
from certtraining.quiz.exam import ExamPaper, grade
from certtraining.quiz.remote import AnswerKept, RemoteChecker
from tests.helpers import skip_unless_available
from tests.hub_server import ClassHub, real_users_reason, request, run_in_kernel

pytest_plugins = ["tests.hub_fixture"]
# One real JupyterHub for the module: not part of the fresh-machine job's quick run.
pytestmark = pytest.mark.slow

OX = "q-other-cert-identity"  # an O/X question whose key is O
EXAM_OX = ("q-agree-each-term", "q-no-shared-pc", "q-revocation-final")  # O/X questions


@pytest.fixture(scope="module")
def hub(class_hub: ClassHub) -> ClassHub:
    """The session's hub with this module's class: ana (a real OS user as root, her server
    is spawned), ben, cho and a teacher in the instructors group."""
    if "ana" not in class_hub.names:
        class_hub.add_user("ana", os_user=True)
        for name in ("ben", "cho"):
            class_hub.add_user(name)
        class_hub.add_user("teacher", teacher=True)
    return class_hub


def who(hub: ClassHub, name: str) -> str:
    """The hub (and store) name of a test learner."""
    return hub.names[name]


def store_for(hub: ClassHub, name: str, tmp_path: Path) -> ServiceStore:
    return ServiceStore(
        "certtraining+" + hub.direct_url, hub.tokens[name], Outbox(tmp_path / f"{name}.jsonl")
    )


def rows(hub: ClassHub) -> list[dict]:
    """What the service's database holds, read directly (as the service's own user could)."""
    store = ProgressStore(hub.store_url)
    try:
        return [a.__dict__ for a in store.attempts()]
    finally:
        store.close()


def test_the_service_scores_and_takes_the_learner_from_the_token(hub, tmp_path):
    ana = store_for(hub, "ana", tmp_path)
    forged = Attempt.new(who(hub, "ana"), OX, "X", correct=True)  # wrong, claimed right
    stored = ana.record(forged)
    assert stored.correct is False and stored.learner == who(hub, "ana")
    right = ana.record(Attempt.new(who(hub, "ana"), OX, "O", correct=False))
    assert right.correct is True
    mine = {r["uuid"]: r for r in rows(hub)}
    assert mine[forged.uuid]["correct"] is False
    assert [a.uuid for a in ana.attempts(who(hub, "ana"))][-2:] == [forged.uuid, right.uuid]


def test_a_learner_gets_403_and_writes_nothing_outside_her_own(hub, tmp_path):
    ben = store_for(hub, "ben", tmp_path)
    ben.record(Attempt.new(who(hub, "ben"), OX, "O", correct=True))
    before = rows(hub)
    token = hub.tokens["ana"]
    status, _ = request("GET", hub.service_url + "api/records?learner=" + who(hub, "ben"), token)
    assert status == 403
    as_ben = {**Attempt.new(who(hub, "ben"), OX, "O", correct=True).__dict__, "type": "attempt"}
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
        ana.record(Attempt.new(who(hub, "ana"), OX, "Z", correct=True))
    with pytest.raises(RecordError, match="없는 문항"):
        ana.record(Attempt.new(who(hub, "ana"), "q-not-in-course", "O", correct=True))
    assert rows(hub) == before


def test_a_record_sent_twice_is_stored_once(hub, tmp_path):
    cho = store_for(hub, "cho", tmp_path)
    attempt = Attempt.new(who(hub, "cho"), OX, "O", correct=True)
    first = cho.record(attempt)
    again = cho.record(attempt)
    assert first == again
    assert [r["uuid"] for r in rows(hub)].count(attempt.uuid) == 1


def test_the_teacher_reads_the_class_and_the_report_matches(hub, tmp_path):
    teacher = store_for(hub, "teacher", tmp_path)
    learners = {a.learner for a in teacher.attempts()}
    assert {who(hub, n) for n in ("ana", "ben", "cho")} <= learners
    from certtraining.service.dashboard import frames

    direct = ProgressStore(hub.store_url)
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
    assert status == 200 and who(hub, "ana").encode() in csv and who(hub, "ben").encode() in csv


def test_remote_checker_feedback_comes_from_the_service(hub):
    from certtraining.content import load_content

    content = load_content(keys=False)
    assert content.answer_keys is None
    checker = RemoteChecker(content, "certtraining+" + hub.direct_url, hub.tokens["cho"])
    result = checker.check(OX, "O")
    assert result.correct and result.explanation


def test_the_service_stopped_mid_class_loses_nothing(hub, tmp_path):
    outbox = Outbox(tmp_path / "cho-outbox.jsonl")
    cho = ServiceStore("certtraining+" + hub.direct_url, hub.tokens["cho"], outbox)
    checker = RemoteChecker(
        load_content(keys=False), "certtraining+" + hub.direct_url, hub.tokens["cho"]
    )
    checker.outbox = outbox
    pid = hub.service_pid()
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    lesson = LessonRecord(who(hub, "cho"), "01_issuance", "opened")
    with pytest.raises(RecordingDelayed):
        cho.record(lesson)
    with pytest.raises(AnswerKept) as kept:
        checker.check(OX, "X")
    assert str(kept.value).startswith("채점 서버에 연결할 수 없어 답을 보관했습니다")
    assert QUEUED_MESSAGE.startswith("채점 서버에 연결할 수 없어 답을 보관했습니다")
    # an exam submitted now: every answer of the paper is kept, as an exam answer
    paper = ExamPaper("seed", EXAM_OX)
    with pytest.raises(AnswerKept):
        grade(paper, ["O"] * len(EXAM_OX), checker.content, checker)
    assert [i["body"].get("mode") for i in outbox.pending()] == [None, "practice"] + ["exam"] * 3
    hub.wait_for_service(timeout=90)  # the hub starts its managed service again
    assert cho.flush() == 5
    assert outbox.pending() == [] and outbox.rejected() == []
    stored = [e.uuid for e in cho.lesson_events(who(hub, "cho"))]
    assert lesson.uuid in stored
    mine = cho.attempts(who(hub, "cho"))
    queued = [a for a in mine if a.answer == '"X"']
    assert len(queued) == 1 and queued[0].correct is False  # checked by the service when back
    exam = [a for a in mine if a.mode == "exam" and a.question_id in EXAM_OX]
    assert sorted(a.question_id for a in exam) == sorted(EXAM_OX)


def test_one_request_checks_and_records_an_answer(hub, tmp_path):
    """The quiz's check is the record: the recorder's store then sends nothing (a store with a
    token the service refuses still hands back the stored attempt)."""
    checker = RemoteChecker(
        load_content(keys=False), "certtraining+" + hub.direct_url, hub.tokens["ben"]
    )
    checker.outbox = Outbox(tmp_path / "ben.jsonl")
    before = len(rows(hub))
    result = checker.check(OX, "O", mode="review")
    assert result.correct and result.explanation
    assert len(rows(hub)) == before + 1
    offline = ServiceStore("certtraining+" + hub.direct_url, "not-a-token", Outbox(tmp_path / "x"))
    stored = offline.record(
        Attempt.new(who(hub, "ben"), OX, result.answer, result.correct, mode="review")
    )
    assert stored.correct and stored.mode == "review"
    assert stored.uuid in {r["uuid"] for r in rows(hub)} and len(rows(hub)) == before + 1


def test_a_kept_record_the_service_refuses_is_kept_aside_and_the_learner_told(hub, tmp_path):
    outbox = Outbox(tmp_path / "ana.jsonl")
    checker = RemoteChecker(
        load_content(keys=False), "certtraining+" + hub.direct_url, hub.tokens["ana"]
    )
    checker.outbox = outbox
    bogus = {"question_id": OX, "answer": "Z", "mode": "practice"}  # not an option
    outbox.keep("api/answer", bogus)
    before = rows(hub)
    result = checker.check(OX, "O")
    assert result.correct
    assert outbox.pending() == []
    (refused,) = outbox.rejected()
    assert refused["body"] == bogus and refused["status"] == 400 and "O 또는 X" in refused["reason"]
    (notice,) = checker.take_notices()
    assert notice.startswith("보관했던 기록 1개를 채점 서버가 받지 않았습니다")
    assert str(outbox.rejected_path) in notice
    assert len(rows(hub)) == len(before) + 1


def test_counts_and_learners_come_from_the_database(hub, tmp_path):
    teacher = store_for(hub, "teacher", tmp_path)
    direct = ProgressStore(hub.store_url)
    try:
        for kind in ("attempt", "lesson", "exam", "practice"):
            assert teacher.count(kind) == direct.count(kind)
        assert teacher.learners() == direct.learners()
    finally:
        direct.close()
    with pytest.raises(RecordError, match="강사만"):
        store_for(hub, "ana", tmp_path).count()


def test_report_and_import_from_the_command_line_with_a_token(hub, tmp_path, monkeypatch, capsys):
    from certtraining.cli.main import main
    from certtraining.progress.records import to_json_dict

    monkeypatch.setenv("CERTTRAINING_DB", "certtraining+" + hub.direct_url)
    monkeypatch.delenv("JUPYTERHUB_API_TOKEN", raising=False)
    record = Attempt.new(who(hub, "cho"), OX, "O", correct=False)
    line = json.dumps({**to_json_dict(record), "type": "attempt"}, ensure_ascii=False)
    (tmp_path / "in.jsonl").write_text(line + "\n", encoding="utf-8")
    assert (
        main(["progress", "import", str(tmp_path / "in.jsonl"), "--token", hub.tokens["ana"]]) == 1
    )
    assert "강사만" in capsys.readouterr().err
    assert record.uuid not in {r["uuid"] for r in rows(hub)}
    teacher = hub.tokens["teacher"]
    assert main(["progress", "import", str(tmp_path / "in.jsonl"), "--token", teacher]) == 0
    assert "새 기록 1개" in capsys.readouterr().out
    assert record.uuid in {r["uuid"] for r in rows(hub)}
    # A handout's self-reported answer claims to be right; the teacher's kernel has no key
    # here, so the service re-scores it: O is the key, X is stored as wrong.
    handout = Attempt.new(who(hub, "cho"), OX, "X", correct=True, self_reported=True)
    line = json.dumps(to_json_dict(handout), ensure_ascii=False)
    (tmp_path / "handout.jsonl").write_text(line + "\n", encoding="utf-8")
    assert main(["progress", "import", str(tmp_path / "handout.jsonl"), "--token", teacher]) == 0
    assert "수업 서버가 정답 열쇠로" in capsys.readouterr().out
    stored = {r["uuid"]: r for r in rows(hub)}[handout.uuid]
    assert stored["self_reported"] is True and stored["correct"] is False
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", teacher)  # the default token
    assert main(["report", "--what", "summary", "--format", "csv"]) == 0
    csv = capsys.readouterr().out
    assert all(who(hub, n) in csv for n in ("ana", "ben", "cho"))
    assert main(["report", "--what", "summary", "--token", hub.tokens["ben"]]) == 1
    assert "강사만" in capsys.readouterr().err


@pytest.fixture(scope="module")
def ana_server(hub: ClassHub):
    """ana's single-user server, spawned by the hub (as her own OS user when root)."""
    server = hub.start_server("ana")
    try:
        yield server
    finally:
        hub.stop_server("ana")


KERNEL_PROBE = """
import json, os, pwd
from certtraining.content import load_content
from certtraining.learner import resolve_learner
from certtraining.notebook.home import Home
from certtraining.progress.store import open_store
from certtraining.quiz.checker import checker_for
from certtraining.settings import bundled_data_dir
os.environ["CERTTRAINING_LEARNER"] = "someone-else"
content = load_content()
checker = checker_for(content)
seen = {}
for name, path in (("bundled", bundled_data_dir() / "questions.yaml"), ("service", SERVICE_KEYS)):
    try:
        with open(path, encoding="utf-8") as handle:
            seen[name] = "read " + str(len(handle.read()))
    except PermissionError:
        seen[name] = "denied"
print(json.dumps({
    "user": pwd.getpwuid(os.getuid()).pw_name,
    "keys": content.answer_keys is not None,
    "questions": len(content.questions),
    "data": os.environ.get("CERTTRAINING_DATA"),
    "checker": type(checker).__name__,
    "right": checker.check(OX, "O").correct,
    "learner": resolve_learner(),
    "store": type(open_store()).__name__,
    "environ": dict(os.environ),
    "files": seen,
    "home": (lambda h: {  # the learner app's home page, as her server's Voilà renders it
        "form": h.form.layout.display,
        "change": h.change_button.layout.display,
        "greeting": h.greeting.value,
        "map": h.map.value,
    })(Home()),
}))
"""


@pytest.fixture(scope="module")
def ana_kernel(hub: ClassHub, ana_server) -> dict:
    """What a kernel in ana's server sees (one kernel for the tests that look)."""
    return probe_kernel(hub)


def probe_kernel(hub: ClassHub) -> dict:
    code = f"SERVICE_KEYS = {str(hub.service_dir / 'content' / 'questions.yaml')!r}\n"
    code += f"OX = {OX!r}\n" + KERNEL_PROBE
    out = run_in_kernel(hub, "ana", code)
    try:
        return json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise AssertionError(out) from None


def test_a_learners_kernel_holds_no_password_and_no_key(hub, ana_kernel):
    seen = ana_kernel
    environ = seen["environ"]
    assert environ["CERTTRAINING_DB"] == "certtraining+" + hub.direct_url.rstrip("/") + "/"
    assert environ["CERTTRAINING_KEYS"] == "off"
    secret = hub.store_url.split("://", 1)[1]  # the password, or the SQLite path
    assert not any(secret in value for value in environ.values())
    assert "CERTTRAINING_DB_FILE" not in environ
    # the course her kernel loads is the public copy, without a single answer key; her
    # checker is the service's and the service (which holds the keys) judges right
    assert seen["data"] == str(hub.public_dir) and not seen["keys"] and seen["questions"] > 0
    assert not (hub.public_dir / "questions.yaml").exists()
    assert seen["checker"] == "RemoteChecker" and seen["right"] is True
    assert seen["learner"] == who(hub, "ana")  # CERTTRAINING_LEARNER is ignored on the hub
    assert seen["files"]["service"] == "denied"


def test_the_key_file_is_the_service_users_alone(hub, ana_kernel):
    """Real OS users (root only, as on The Littlest JupyterHub): ana's kernel runs as ana and
    can open neither the service's keys nor the installed package's; the service's user can."""
    reason = real_users_reason()
    skip_unless_available(reason is None, reason or "")
    seen = ana_kernel
    assert seen["user"] == who(hub, "ana")
    assert seen["files"] == {"bundled": "denied", "service": "denied"}
    keys = hub.service_dir / "content" / "questions.yaml"
    service_uid = hub.os_users.uid(hub.service_user)
    assert (keys.stat().st_uid, keys.stat().st_mode & 0o777) == (service_uid, 0o600)
    assert (keys.parent.parent.stat().st_mode & 0o777) == 0o700
    assert (hub.public_dir / "questions.public.yaml").stat().st_mode & 0o004  # all may read
    for user, expected in ((hub.service_user, 0), (who(hub, "ana"), 1)):
        done = subprocess.run(
            ["runuser", "-u", user, "--", "head", "-c", "1", str(keys)], capture_output=True
        )
        assert done.returncode == expected, (user, done.stderr)
    assert b"Permission denied" in done.stderr
    status = Path(f"/proc/{hub.service_pid()}/status").read_text()
    assert f"Uid:\t{service_uid}\t" in status  # the service runs as its own user


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

    forged.update(uuid=new_uuid(), created_at=utc_now(), learner=who(hub, "ana"))
    status, body = request("POST", hub.direct_url + "api/records", token, forged)
    assert status == 400 and "점수" in json.dumps(body, ensure_ascii=False)
    other = {**forged, "question_ids": ids[:-1], "possible": float(len(ids) - 1)}
    status, _ = request("POST", hub.direct_url + "api/records", token, other)
    assert status == 400
    assert ana.exam_results(who(hub, "ana")) == []


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
        stored = ben.record(Attempt.new(who(hub, "ben"), qid, answer, correct=True, mode="exam"))
        score += int(stored.correct)
    from certtraining.progress.records import ExamRecord

    passed = round(100 * score / len(ids)) >= course_plan().pass_threshold
    result = ben.record(
        ExamRecord(who(hub, "ben"), float(score), float(len(ids)), passed, tuple(ids))
    )
    assert result.score == score and score <= 1
    assert [e.uuid for e in ben.exam_results(who(hub, "ben"))] == [result.uuid]


# --------------------------------------------------------------------------- schema 3 kinds


def keyed_checker():
    from certtraining.quiz.checker import LocalChecker

    return LocalChecker(load_content(keys=True))


def right_answer(checker, question_id: str):
    """The right answer as a quiz widget sends it (the test process holds the keys)."""
    canonical = checker.correct_canonical(question_id)
    kind = checker.authored(question_id).type
    if kind in ("single", "ox"):
        return canonical
    if kind in ("multiple", "order"):
        return canonical.split(",")
    return dict(part.split("=") for part in canonical.split(","))


def direct_store(hub: ClassHub) -> ProgressStore:
    return ProgressStore(hub.store_url)


def test_a_learner_may_not_post_a_certificate_or_a_self_reported_answer(hub, tmp_path):
    from certtraining.progress.certificate import certificate_code
    from certtraining.progress.records import Certificate, to_json_dict

    token, ana = hub.tokens["ana"], who(hub, "ana")
    code = certificate_code(b"guess", ana, "김아나", "1", "2026-03-02", 10, 10)
    forged = to_json_dict(Certificate(ana, "김아나", "1", "2026-03-02", 10.0, 10.0, code))
    handout = to_json_dict(Attempt.new(ana, OX, "O", correct=True, self_reported=True))
    direct = direct_store(hub)
    try:
        before = (direct.count("certificate"), rows(hub))
        for body in (forged, handout):
            status, reply = request("POST", hub.direct_url + "api/records", token, body)
            assert status == 403, reply
        assert "수료증" in reply["message"] or "유인물" in reply["message"]
        assert (direct.count("certificate"), rows(hub)) == before
        assert direct.certificate_by_code(code) is None
    finally:
        direct.close()


def test_answers_through_the_service_carry_the_wording_version_learners_never_see(hub, tmp_path):
    version = keyed_checker().version(OX)
    checker = RemoteChecker(
        load_content(keys=False), "certtraining+" + hub.direct_url, hub.tokens["cho"]
    )
    checker.outbox = Outbox(tmp_path / "cho.jsonl")
    checker.check(OX, "X")  # api/answer: the stored record comes back with the feedback
    from certtraining.classlink import take_recorded

    answered = take_recorded(who(hub, "cho"), OX, "X", "practice")
    assert answered is not None and answered["question_version"] is None
    cho = store_for(hub, "cho", tmp_path)
    posted = cho.record(Attempt.new(who(hub, "cho"), OX, "O", correct=False))  # api/records
    assert posted.question_version is None  # the version hashes the key: never to a learner
    stored = {r["uuid"]: r for r in rows(hub)}
    assert stored[posted.uuid]["question_version"] == version
    assert stored[answered["uuid"]]["question_version"] == version
    assert {a.question_version for a in cho.attempts(who(hub, "cho"))} == {None}
    teacher = store_for(hub, "teacher", tmp_path)
    seen = {a.uuid: a.question_version for a in teacher.attempts(who(hub, "cho"))}
    assert seen[posted.uuid] == version


def test_confusion_flags_go_through_the_service(hub, tmp_path):
    from certtraining.events import QuestionFlagged
    from certtraining.progress.recorder import to_record
    from certtraining.progress.records import Flag

    ana_name = who(hub, "ana")
    ana = store_for(hub, "ana", tmp_path)
    event = QuestionFlagged(OX, "보기가 헷갈려요 010-1234-5678", "0123456789abcdef")
    record = to_record(event, ana_name)
    assert isinstance(record, Flag)
    stored = ana.record(record)
    assert stored.learner == ana_name and "010-1234-5678" not in (stored.note or "")
    assert stored.question_version is None  # learners never see a version
    # a flag posted as someone else, or for a question not in the course, is refused
    as_ben = {**stored.__dict__, "type": "flag", "learner": who(hub, "ben"), "uuid": new_uuid()}
    status, _ = request("POST", hub.direct_url + "api/records", hub.tokens["ana"], as_ben)
    assert status == 403
    with pytest.raises(RecordError, match="없는 문항"):
        ana.record(Flag(ana_name, "q-not-in-course"))
    direct = direct_store(hub)
    try:
        (kept,) = [f for f in direct.flags(question_id=OX) if f.uuid == record.uuid]
        assert kept.question_version == keyed_checker().version(OX)  # the service's, not hers
        assert kept.note == stored.note
        assert [f.uuid for f in ana.flags(ana_name)] == [record.uuid]
        status, _ = request(
            "GET", hub.direct_url + f"api/records?type=flag&learner={ana_name}", hub.tokens["ben"]
        )
        assert status == 403
        teacher = store_for(hub, "teacher", tmp_path)
        assert record.uuid in {f.uuid for f in teacher.flags(question_id=OX)}
        assert teacher.count("flag") == direct.count("flag") >= 1
        assert record.uuid in {r.uuid for r in teacher.records(ana_name)}
        items = teacher.report("items")["items"]
        row = items[items["question_id"] == OX]
        assert int(row["learner_flags"].iloc[0]) >= 1
        page = request("GET", hub.service_url, hub.tokens["teacher"], accept="text/html")[1]
        assert "헷갈려요" in page.decode()
    finally:
        direct.close()


def complete_over_http(hub: ClassHub, name: str, tmp_path: Path) -> None:
    """Everything the rule (course.yaml: all_lessons_complete, final_passed) needs, sent with
    the learner's own token: the service scores every answer and the exam itself."""
    from certtraining.progress.records import ExamRecord

    store, learner, keyed = store_for(hub, name, tmp_path), who(hub, name), keyed_checker()
    for lesson in course_plan().lessons:
        for kind in ("opened", "finished"):
            store.record(LessonRecord(learner, lesson.id, kind))
        for qid in lesson.questions:
            store.record(
                Attempt.new(learner, qid, right_answer(keyed, qid), False, lesson=lesson.id)
            )
    status, paper = request("POST", hub.direct_url + "api/exam/paper", hub.tokens[name], {})
    assert status == 200, paper
    ids = paper["question_ids"]
    for qid in ids:
        store.record(Attempt.new(learner, qid, right_answer(keyed, qid), False, mode="exam"))
    n = float(len(ids))
    store.record(ExamRecord(learner, n, n, True, tuple(ids)))


def test_certificates_are_issued_and_verified_by_the_service_alone(hub, tmp_path, monkeypatch):
    from certtraining.notebook.certificate import issue, verify
    from certtraining.progress.certificate import NotEarned

    if "dan" not in hub.names:
        hub.add_user("dan")
    ana = store_for(hub, "ana", tmp_path)
    with pytest.raises(NotEarned) as refused:
        issue(who(hub, "ana"), "김아나", store=ana)
    assert "수료 조건" in str(refused.value)
    assert any("문제" in line and "남음" in line for line in refused.value.missing)
    assert any("최종 평가" in line for line in refused.value.missing)
    complete_over_http(hub, "dan", tmp_path)
    dan = store_for(hub, "dan", tmp_path)
    certificate = issue("ignored-the-token-decides", "박단", store=dan)
    assert certificate.learner == who(hub, "dan") and certificate.printed_name == "박단"
    assert certificate.score == certificate.possible > 0
    assert issue(who(hub, "dan"), "박단", store=dan) == certificate  # asked again: the same one
    assert [c.code for c in dan.certificates(who(hub, "dan"))] == [certificate.code]
    good = verify(certificate.code, "박단", store=dan)
    assert good.valid and good.certificate == certificate
    day = certificate.completed_on
    assert not verify(
        certificate.code,
        "박단",
        day=day.replace(day[-1], "9" if day[-1] != "9" else "8"),
        store=dan,
    ).valid
    assert not verify(certificate.code, score="1/100", store=dan).valid
    assert not verify(certificate.code, "김단", store=dan).valid
    other = verify(certificate.code, store=ana)  # valid, but dan's record is not hers to see
    assert other.valid and other.certificate is None
    assert verify(certificate.code, store=store_for(hub, "teacher", tmp_path)).certificate
    # the secret is the service's alone: in its own folder, owner-only, never sent
    key = hub.service_dir / "certificate.key"
    assert key.stat().st_mode & 0o777 == 0o600
    if hub.os_users is not None:
        assert key.stat().st_uid == hub.os_users.uid(hub.service_user)
    secret = key.read_text().strip()
    status, body = request(
        "POST", hub.direct_url + "api/certificate", hub.tokens["dan"], {"printed_name": "박단"}
    )
    assert status == 200 and secret not in json.dumps(body)
    # the command line in a learner's server asks the service; no local secret is made
    from certtraining.cli.main import main

    monkeypatch.setenv("CERTTRAINING_DB", "certtraining+" + hub.direct_url)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", hub.tokens["dan"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert main(["certificate", "verify", certificate.code, "--name", "박단"]) == 0
    assert main(["certificate", "verify", certificate.code, "--name", "박둘"]) == 1
    assert not list(tmp_path.rglob("certificate.key"))
    direct = direct_store(hub)
    try:
        assert store_for(hub, "teacher", tmp_path).count("certificate") == direct.count(
            "certificate"
        )
    finally:
        direct.close()


# --- The code-free learner app inside a learner's own server (issue 11 on the class server).

LESSONS = "certtraining"  # the deploy config's default lesson folder, under the home folder


def app_url(hub: ClassHub, name: str, page: str) -> str:
    return f"{hub.url}/user/{who(hub, name)}/voila/render/{LESSONS}/app/{page}"


def server_token(hub: ClassHub, name: str) -> str:
    """A token of the learner's own that may open her server (as her browser's login does)."""
    scopes = [f"access:servers!user={who(hub, name)}"]
    made = hub.api("POST", f"users/{who(hub, name)}/tokens", {"scopes": scopes, "note": "app"})
    return made["token"]


def first_redirect(url: str, token: str | None = None) -> str:
    """Where ``url`` sends a browser (without following it)."""

    class Stop(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
            return None

    try:
        headers = {"Authorization": f"token {token}"} if token else {}
        urllib.request.build_opener(Stop).open(
            urllib.request.Request(url, headers=headers), timeout=30
        )
    except urllib.error.HTTPError as exc:
        return exc.headers.get("Location", "")
    return ""


def test_learners_land_in_the_app_in_their_own_server(hub, ana_server):
    from certtraining.notebook.app import hub_home_path

    assert ana_server["url"].rstrip("/") == f"/user/{who(hub, 'ana')}"
    token = server_token(hub, "ana")
    # her server's address (where the hub sends her after login) opens the app's home: the
    # deploy config's default landing; JupyterLab stays at /lab
    landing = first_redirect(f"{hub.url}/user/{who(hub, 'ana')}/", token)
    assert landing.split("?")[0] == f"/user/{who(hub, 'ana')}/" + hub_home_path(LESSONS)
    lab = f"{hub.url}/user/{who(hub, 'ana')}/lab"
    assert request("GET", lab, token, accept="text/html")[0] == 200
    status, home = request("GET", app_url(hub, "ana", "index.ipynb"), token, accept="text/html")
    assert status == 200, home
    page = home.decode()
    assert "과정 지도" in page and 'lang="ko"' in page and "ct-app-page" in page
    assert "course.css" in page and "show_home" not in page  # the course's look, no code
    # the course's stylesheet and font routes answer inside her server
    base = f"{hub.url}/user/{who(hub, 'ana')}/"
    status, css = request("GET", base + "certtraining/static/course.css", token, accept="text/css")
    assert status == 200 and b"ct-" in css
    # a lesson page from her server (Korean title, navigation, no code shown); its cells run
    # over the page's websocket as it loads (progressive rendering), so what they show is
    # checked in a kernel of hers below, not in this HTML
    lesson = course_plan().lessons[1]
    status, body = request("GET", app_url(hub, "ana", lesson.notebook), token, accept="text/html")
    assert status == 200, body
    page = body.decode()
    assert f"<title>{lesson.title}" in page and "다음 수업" in page
    assert "show_quiz" not in page and "import certtraining" not in page
    # the app is behind the hub's login: a browser without one is sent to the hub, and
    # another learner's token does not open ana's app
    assert "/hub/api/oauth2/authorize" in first_redirect(app_url(hub, "ana", "index.ipynb"))
    status, _ = request(
        "GET", app_url(hub, "ana", "index.ipynb"), hub.tokens["ben"], accept="text/html"
    )
    assert status == 403


def test_the_apps_home_in_a_learners_server_knows_her_from_the_hub(hub, ana_kernel):
    """The app's pages run in kernels of her server, like this one: the hub user is the
    learner (CERTTRAINING_LEARNER, set to someone else in the probe, is ignored), progress
    goes to the service, and the home page asks no name and offers no 이름 바꾸기."""
    seen = ana_kernel
    assert seen["learner"] == who(hub, "ana") and seen["store"] == "ServiceStore"
    home = seen["home"]
    assert home["form"] == "none" and home["change"] == "none"  # no name prompt, no 이름 바꾸기
    assert who(hub, "ana") in home["greeting"] and "처음 오셨군요" not in home["greeting"]
    assert "이어서 하기" in home["map"] and course_plan().lessons[0].title in home["map"]
