"""`certtraining progress export --format xapi`: xAPI 1.0.3 statements a Learning Record Store takes.

Every statement is validated by an independent model, Ralph's (``ralph-malph``, the LRS of
France Université Numérique) pydantic ``BaseXapiStatement``, and checked against the store:
one statement per answer, finished lesson and final assessment, ids the records' UUIDs, the
actor an account, and each response matching the key exactly when the answer was right.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.progress import Attempt, ProgressStore
from certtraining.progress.records import ExamRecord, LessonRecord
from tests.class_store import synthetic_class_store

HOME = "https://lms.example.org"
TYPES = {"single": "choice", "multiple": "choice", "ox": "true-false"}
TYPES |= {"order": "sequencing", "match": "matching"}


@pytest.fixture
def class_db(course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProgressStore]:
    with synthetic_class_store(tmp_path, monkeypatch, 12) as store:
        yield store


@pytest.fixture
def statements(class_db: ProgressStore, tmp_path: Path) -> list[dict]:
    out = tmp_path / "lrs" / "statements.json"
    assert (
        main(["progress", "export", "--format", "xapi", "--home-page", HOME, "--out", str(out)])
        == 0
    )
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_statement_validates_against_ralphs_xapi_model(statements: list[dict]) -> None:
    from ralph.models.xapi.base.statements import BaseXapiStatement

    assert statements
    for statement in statements:
        BaseXapiStatement.model_validate(statement)
        assert statement["version"] == "1.0.3"


def test_ralphs_model_does_refuse_a_broken_statement(statements: list[dict]) -> None:
    from pydantic import ValidationError
    from ralph.models.xapi.base.statements import BaseXapiStatement

    broken = json.loads(json.dumps(statements[0]))
    broken["actor"]["account"]["homePage"] = "not a url"
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(broken)
    answered = next(s for s in statements if s["verb"]["id"].endswith("/answered"))
    odd = json.loads(json.dumps(answered))
    odd["object"]["definition"]["interactionType"] = "ordering"  # not an xAPI type
    with pytest.raises(ValidationError):
        BaseXapiStatement.model_validate(odd)


def test_one_statement_per_record_with_its_uuid_and_an_account_actor(
    class_db: ProgressStore, statements: list[dict], course
) -> None:
    records = list(class_db.records())
    expected = {
        r.uuid: r
        for r in records
        if isinstance(r, Attempt | ExamRecord)
        or (isinstance(r, LessonRecord) and r.kind == "finished")
    }
    assert [s["id"] for s in statements] == [u for u in (r.uuid for r in records) if u in expected]
    for statement in statements:
        record = expected[statement["id"]]
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": HOME, "name": record.learner},
        }
        assert "mbox" not in json.dumps(statement)
        assert statement["timestamp"] == record.created_at
        verb = statement["verb"]["id"].rsplit("/", 1)[1]
        if isinstance(record, LessonRecord):
            assert verb == "completed"
        elif isinstance(record, ExamRecord):
            assert verb == ("passed" if record.passed else "failed")
            assert statement["result"]["success"] is record.passed
        else:
            assert verb == "answered"
    verbs = {s["verb"]["id"].rsplit("/", 1)[1] for s in statements}
    assert {"answered", "completed"} <= verbs and verbs & {"passed", "failed"}


def test_each_answer_has_its_interaction_type_and_a_response_in_its_pattern(
    class_db: ProgressStore, statements: list[dict]
) -> None:
    from certtraining import quiz

    types = {q.id: q.type for q in quiz.local_checker().authored_questions()}
    attempts = {a.uuid: a for a in class_db.attempts()}
    seen = set()
    for statement in statements:
        if statement["id"] not in attempts:
            continue
        attempt = attempts[statement["id"]]
        definition = statement["object"]["definition"]
        assert definition["interactionType"] == TYPES[types[attempt.question_id]]
        seen.add(definition["interactionType"])
        result = statement["result"]
        assert result["success"] is attempt.correct
        # The response equals the key exactly when the answer was right: the stored answer
        # and the key use one vocabulary, whatever the type.
        pattern = definition["correctResponsesPattern"][0]
        response = result["response"]
        if definition["interactionType"] == "choice":
            assert (
                sorted(response.split("[,]")) == sorted(pattern.split("[,]"))
            ) is attempt.correct
        else:
            assert (response == pattern) is attempt.correct
    assert seen == {"choice", "true-false", "sequencing", "matching"}


def test_a_home_page_is_required_and_must_be_a_url(
    class_db: ProgressStore, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.delenv("CERTTRAINING_XAPI_HOME_PAGE", raising=False)
    assert main(["progress", "export", "--format", "xapi"]) == 1
    assert "homePage" in capsys.readouterr().err
    assert main(["progress", "export", "--format", "xapi", "--home-page", "mailto:x@y.z"]) == 1
    monkeypatch.setenv("CERTTRAINING_XAPI_HOME_PAGE", HOME + "/")
    assert main(["progress", "export", "--format", "xapi"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed[0]["actor"]["account"]["homePage"] == HOME


class StubLrs:
    """A tiny LRS on loopback: keeps statements by id (a second copy adds nothing), as the spec
    asks; checks the version header; answers 401 without the right Basic credentials."""

    def __init__(self, token: str) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.stored: dict[str, dict] = {}
        self.batches: list[int] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - the http.server name
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.headers.get("Authorization") != f"Basic {token}":
                    self.send_response(401)
                elif (
                    self.path != "/xapi/statements"
                    or self.headers.get("X-Experience-API-Version") != "1.0.3"
                ):
                    self.send_response(400)
                else:
                    batch = json.loads(body)
                    stub.batches.append(len(batch))
                    for statement in batch:
                        stub.stored.setdefault(statement["id"], statement)
                    self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xapi/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.slow
def test_push_sends_batches_with_env_credentials_and_twice_is_harmless(
    class_db: ProgressStore, statements: list[dict], monkeypatch, capsys
) -> None:
    import base64

    lrs = StubLrs(base64.b64encode(b"teacher:s3cret").decode())
    try:
        push = ["progress", "export", "--format", "xapi", "--home-page", HOME]
        push += ["--push", lrs.url, "--batch-size", "50"]
        assert main(push) == 1  # no credentials in the environment: the LRS answers 401
        assert "HTTP 401" in capsys.readouterr().err
        monkeypatch.setenv("CERTTRAINING_LRS_USER", "teacher")
        monkeypatch.setenv("CERTTRAINING_LRS_PASSWORD", "s3cret")
        assert main(push) == 0
        assert main(push) == 0
        err = capsys.readouterr().err
        assert "s3cret" not in err
        assert set(lrs.stored) == {s["id"] for s in statements}
        assert max(lrs.batches) <= 50 and sum(lrs.batches) == 2 * len(statements)
        assert lrs.stored == {s["id"]: s for s in statements}
    finally:
        lrs.close()
