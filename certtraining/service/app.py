"""The class server's progress service: a JupyterHub-managed tornado app at ``/services/certtraining/``.

It is the only process that holds the database URL (read from a file only its own system
user can read) and the answer keys. Every request is authenticated by the hub
(:mod:`jupyterhub.services.auth`: a token for kernels and commands, OAuth for browsers), and
what a caller may do follows the hub's scopes, never a list kept here:

- ``access:services!service=certtraining`` (granted to every user's servers in
  ``deploy/jupyterhub/jupyterhub_config.py``): check answers, record and read one's own
  progress, be issued an exam paper. The learner is always the token's user; a body naming
  someone else is refused with 403 and nothing is written.
- ``custom:certtraining:teach`` (the ``instructors`` group's role): the dashboard, the
  class report, everyone's records, import.

Answers are scored here: a kernel's ``correct`` is ignored, an answer that is not made of
its question's options is refused, and an exam result is accepted only when it is the
score of the paper this service issued, computed from the exam answers it scored. Each
attempt and 헷갈려요 flag is stamped with the question's wording version from this
service's keyed content; learners never get that version back (it hashes the key, so the
few options of a question would give the key away by trial).

Certificates (수료증) are issued only here: a learner may not post one, the service checks
the course's rule for the token's learner against its own store and issues with its own
secret (``certificate.key`` in the service's own folder, 0600), and verifies codes.
Self-reported (handout) attempts come in only through a teacher's import.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyterhub.services.auth import HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from jupyterhub.utils import url_path_join
from tornado import web

from certtraining.content import load_content
from certtraining.content.models import Content
from certtraining.errors import UserError
from certtraining.notebook.plan import course_plan
from certtraining.present.stylesheet import STATIC_DIR
from certtraining.progress.answers import check_options
from certtraining.progress.bank import CoursePlan
from certtraining.progress.certificate import (
    KEY_FILE,
    NotEarned,
    issue_certificate,
    secret_at,
    verify_certificate,
)
from certtraining.progress.records import (
    Attempt,
    Certificate,
    ExamRecord,
    Flag,
    RecordError,
    from_json_dict,
    to_json_dict,
)
from certtraining.progress.store import ProgressStore
from certtraining.quiz.bank import AnswerError
from certtraining.quiz.checker import LocalChecker
from certtraining.quiz.exam import exam_paper
from certtraining.quiz.remote import result_to_json
from certtraining.service import dashboard
from certtraining.service.group_commit import GroupCommit

TEACH_SCOPE = "custom:certtraining:teach"
# Threads doing the store's blocking work, and as many pooled database connections: with
# fewer connections than threads (asyncio's default executor has cpu+4 threads, SQLAlchemy's
# pool 5 connections) the extra threads open and close PostgreSQL connections (a new server
# process and a password exchange each) again and again under load.
DB_THREADS = 6
SERVICE_NAME = "certtraining"


@dataclass
class Course:
    """What every handler shares: the store, the content with its keys, its plan, and where
    the certificate secret lives (read when a certificate is first issued or verified)."""

    store: ProgressStore
    executor: ThreadPoolExecutor
    content: Content
    checker: LocalChecker
    plan: CoursePlan
    secret_path: Path
    answers: GroupCommit = field(init=False)

    def __post_init__(self) -> None:
        self.answers = GroupCommit(self.store, self.executor)

    def secret(self) -> bytes:
        return secret_at(self.secret_path)

    def version(self, question_id: str) -> str:
        """The question's current wording version; RecordError for a question not in the course."""
        try:
            return self.checker.version(question_id)
        except KeyError:
            raise RecordError(
                f"이 과정에 없는 문항입니다: {question_id!r} / unknown question"
            ) from None


class ServiceAuth(HubOAuth):
    """The hub's OAuth for this service; the caller is identified without blocking the loop.

    :class:`HubOAuthenticated` asks HubAuth for the caller synchronously (tornado's
    ``current_user``): HubAuth then runs its lookup on its one background thread while the
    event loop waits, even for a cached token, and for an uncached one (each learner's first
    request, and again every ``cache_max_age``) waits out the whole hub API call. Under load
    that stalled every other learner. :meth:`Base.prepare` awaits the same lookup
    (``sync=False``); the synchronous call then answers with its result. Who is let in, and
    how, is HubOAuthenticated's unchanged logic.
    """

    def get_user(self, handler: Any, *, sync: bool = True) -> Any:
        if sync and hasattr(handler, "_caller_model"):
            return handler._caller_model
        return super().get_user(handler, sync=sync)


class Base(HubOAuthenticated, web.RequestHandler):
    """Hub-authenticated; JSON errors for the API, a Korean page for browsers."""

    hub_auth_class = ServiceAuth

    async def prepare(self) -> None:
        self._caller_model = await self.hub_auth.get_user(self, sync=False)

    @property
    def course(self) -> Course:
        return self.settings["course"]

    def learner(self) -> str:
        model = self.current_user
        if model is None:
            raise web.HTTPError(403)
        if model.get("kind", "user") != "user":
            raise web.HTTPError(403, "학습자 토큰이 아닙니다 / not a user token")
        return str(model["name"])

    def is_teacher(self) -> bool:
        model = self.current_user
        return bool(model) and bool(self.hub_auth.check_scopes({TEACH_SCOPE}, model))

    def require_teacher(self) -> None:
        if not self.is_teacher():
            raise web.HTTPError(403, "강사만 볼 수 있습니다 / instructors only")

    def body(self) -> Any:
        try:
            return json.loads(self.request.body or b"null")
        except ValueError:
            raise web.HTTPError(400, "JSON이 아닙니다 / not JSON") from None

    def shown(self, record: Any) -> dict[str, Any]:
        """A record as JSON for this caller: learners never see a wording version (it is a
        hash over the question and its key, so it would give the key away by trial)."""
        data = to_json_dict(record)
        if "question_version" in data and not self.is_teacher():
            data["question_version"] = None
        return data

    def reply(self, data: Any) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        reason = self._reason
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, web.HTTPError) and exc.log_message:
            reason = exc.log_message
        if "json" in self.request.headers.get("Accept", "") or "/api/" in self.request.path:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.finish(json.dumps({"status": status_code, "message": reason}, ensure_ascii=False))
            return
        self.finish(dashboard.error_page(status_code, reason))

    async def run(self, fn: Any, *args: Any) -> Any:
        """Blocking store work off the event loop, so one slow query never stalls the class."""
        try:
            executor = self.course.executor
            return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
        except UserError as exc:
            raise web.HTTPError(400, str(exc)) from None


class CheckHandler(Base):
    """POST {question_id, answer} → the feedback (no record: the kernel records next)."""

    @web.authenticated
    async def post(self) -> None:
        self.learner()
        data = self.body() or {}
        try:
            result = self.course.checker.check(str(data.get("question_id")), data.get("answer"))
        except (AnswerError, KeyError) as exc:
            raise web.HTTPError(400, str(exc).strip("'\"")) from None
        self.reply(result_to_json(result))


class AnswerHandler(Base):
    """POST {question_id, answer, mode, lesson, section, uuid, created_at}: check, record, reply.

    One request per answer: the kernel's quiz sends the learner's answer here, the service
    scores it against the key, stores the attempt (once per UUID, so a retry or the outbox
    sending it again adds nothing) and answers with the feedback and the stored record.
    """

    @web.authenticated
    async def post(self) -> None:
        learner = self.learner()
        data = self.body()
        if not isinstance(data, dict):
            raise web.HTTPError(400, "답은 JSON 객체여야 합니다 / an answer is a JSON object")
        try:
            result, attempt = self.checked(learner, data)
            stored, _added = await self.course.answers.record(attempt)
        except UserError as exc:
            raise web.HTTPError(400, str(exc)) from None
        self.reply({"result": result_to_json(result), "record": self.shown(stored)})

    def checked(self, learner: str, data: dict[str, Any]) -> tuple[Any, Attempt]:
        """Score the answer against the key (in memory: no store work, so on the loop)."""
        question_id = str(data.get("question_id"))
        mode = str(data.get("mode") or "practice")
        try:
            result = self.course.checker.check(question_id, data.get("answer"))
        except KeyError:
            raise RecordError(
                f"이 과정에 없는 문항입니다: {question_id!r} / unknown question"
            ) from None
        except AnswerError as exc:
            raise RecordError(str(exc)) from None
        common = {k: data[k] for k in ("uuid", "created_at") if data.get(k)}
        attempt = Attempt.new(
            learner,
            question_id,
            result.answer,
            result.correct,
            mode,
            data.get("lesson"),
            data.get("section"),
            question_version=result.question_version,
            **common,
        )
        check_options(self.course.plan, attempt)
        return result, attempt


class CountHandler(Base):
    """GET how many records of a kind the class has, and who the learners are (teachers)."""

    @web.authenticated
    async def get(self, what: str) -> None:
        self.require_teacher()
        store = self.course.store
        if what == "learners":
            self.reply(await self.run(store.learners))
            return
        kind = self.get_argument("type", "attempt")
        if kind not in ("attempt", "lesson", "exam", "practice", "flag", "certificate"):
            raise web.HTTPError(400, f"알 수 없는 type / unknown type: {kind}")
        self.reply({"type": kind, "count": await self.run(store.count, kind)})


class ExplainHandler(Base):
    @web.authenticated
    def get(self) -> None:
        self.learner()
        try:
            self.reply(self.course.checker.explain(self.get_argument("question_id")))
        except KeyError as exc:
            raise web.HTTPError(400, str(exc)) from None


class PaperHandler(Base):
    """POST: the caller's exam paper, recorded as issued (schema v3 ``exam_papers``)."""

    @web.authenticated
    async def post(self) -> None:
        learner = self.learner()
        paper = exam_paper(learner, self.course.content)
        await self.run(self.course.store.issue_exam_paper, learner, paper.question_ids)
        self.reply({"question_ids": list(paper.question_ids)})


class RecordsHandler(Base):
    """POST one record of the caller; GET records (one's own, or anyone's for a teacher).

    Not every kind may be posted: a certificate is issued by this service alone
    (:class:`CertificateHandler`), and a self-reported (handout) attempt comes in through a
    teacher's import, so both are refused here with 403 and nothing is written.
    """

    @web.authenticated
    async def post(self) -> None:
        learner = self.learner()
        data = self.body()
        if not isinstance(data, dict):
            raise web.HTTPError(400, "기록은 JSON 객체여야 합니다 / a record is a JSON object")
        claimed = data.get("learner")
        if claimed is not None and claimed != learner:
            raise web.HTTPError(403, "다른 학습자로 기록할 수 없습니다 / not your record")
        if data.get("type") == Certificate.TYPE:
            raise web.HTTPError(
                403,
                "수료증은 진도 서버만 발급합니다 (api/certificate) / only the service issues certificates",
            )
        if data.get("self_reported") not in (None, False):
            raise web.HTTPError(
                403,
                "스스로 적은 답(유인물)은 강사가 가져오기로만 넣습니다 / self-reported answers come "
                "in only through a teacher's import",
            )
        data = {**data, "learner": learner}
        if data.get("type") == "attempt":
            data["correct"] = False  # scored below; whatever the kernel said is ignored
            data.setdefault("attempt_no", 0)  # an answer kept while we were away has none
        try:
            record = from_json_dict(data)
        except RecordError as exc:
            raise web.HTTPError(400, str(exc)) from None
        record = await self.run(self.accept, record)
        stored, _added = await self.run(self.course.store.record_once, record)
        self.reply(self.shown(stored))

    def accept(self, record: Any) -> Any:
        """Score an attempt here; check an exam result against the issued paper; stamp the
        wording version (this service's, whatever the kernel said) on attempts and flags."""
        if isinstance(record, Attempt):
            check_options(self.course.plan, record)
            version = self.course.version(record.question_id)
            try:
                correct = self.course.checker.check(record.question_id, record.answer_value).correct
            except AnswerError:
                if record.mode != "exam":
                    raise RecordError("답이 완전하지 않습니다 / incomplete answer") from None
                correct = False
            return Attempt(**{**record.__dict__, "correct": correct, "question_version": version})
        if isinstance(record, Flag):
            version = self.course.version(record.question_id)
            return Flag(**{**record.__dict__, "question_version": version})
        if isinstance(record, ExamRecord):
            check_exam(self.course.store, self.course.plan, record)
        return record

    @web.authenticated
    async def get(self) -> None:
        learner = self.learner()
        wanted = self.get_argument("learner", None)
        if wanted != learner and not self.is_teacher():
            raise web.HTTPError(403, "다른 학습자의 진도는 볼 수 없습니다 / not your progress")
        kind = self.get_argument("type", "attempt")
        reader = {
            "attempt": self.course.store.attempts,
            "lesson": self.course.store.lesson_events,
            "exam": self.course.store.exam_results,
            "practice": self.course.store.practice_steps,
            "flag": self.course.store.flags,
            "certificate": self.course.store.certificates,
        }.get(kind)
        if reader is None:
            raise web.HTTPError(400, f"알 수 없는 type / unknown type: {kind}")
        rows = await self.run(reader, wanted)
        self.reply([self.shown(r) for r in rows])


class CertificateHandler(Base):
    """POST {printed_name}: the caller's 수료증, issued here under the course's rule.

    The learner is the token's; the rule, the plan, the store and the secret are this
    service's. Not earned yet: 409 with the Korean list of what is missing (``missing``).
    """

    @web.authenticated
    async def post(self) -> None:
        learner = self.learner()
        data = self.body()
        if not isinstance(data, dict):
            raise web.HTTPError(400, "JSON 객체여야 합니다 / a JSON object")
        rule = self.course.content.course.certificate
        if rule is None:
            raise web.HTTPError(404, "이 과정은 수료증을 발급하지 않습니다 / no certificate rule")
        try:
            issued = await self.run(self.issue, learner, str(data.get("printed_name") or ""))
        except NotEarned as exc:
            self.set_status(409)
            self.reply({"status": 409, "message": str(exc), "missing": exc.missing})
            return
        self.reply(self.shown(issued))

    def issue(self, learner: str, printed_name: str) -> Certificate:
        course = self.course
        rule = course.content.course.certificate
        assert rule is not None
        return issue_certificate(
            course.store,
            course.secret(),
            learner,
            printed_name,
            course.plan,
            rule.require,
            course.content.course.version,
        )

    async def run(self, fn: Any, *args: Any) -> Any:
        try:
            return await asyncio.get_running_loop().run_in_executor(None, fn, *args)
        except NotEarned:
            raise
        except UserError as exc:
            raise web.HTTPError(400, str(exc)) from None


class VerifyHandler(Base):
    """GET ?code=…[&name=&score=&date=]: valid or invalid, by this service's secret.

    Anyone the hub lets call the service may ask; the issued certificate itself comes back
    only to its own learner and to teachers.
    """

    @web.authenticated
    async def get(self) -> None:
        learner = self.learner()
        course = self.course
        args = [self.get_argument(k, None) for k in ("name", "score", "date")]

        def verify() -> Any:
            return verify_certificate(
                course.store, course.secret(), self.get_argument("code", ""), *args
            )

        result = await self.run(verify)
        certificate = result.certificate
        mine = certificate is not None and (certificate.learner == learner or self.is_teacher())
        self.reply(
            {
                "valid": result.valid,
                "reason": result.reason,
                "certificate": self.shown(certificate) if mine else None,
            }
        )


class ImportHandler(Base):
    """POST a list of records (a teacher's ``certtraining progress import``)."""

    @web.authenticated
    async def post(self) -> None:
        self.require_teacher()
        data = self.body()
        if not isinstance(data, list):
            raise web.HTTPError(400, "기록 목록이어야 합니다 / a list of records")
        try:
            records = [self.rescored(from_json_dict(item)) for item in data]
        except RecordError as exc:
            raise web.HTTPError(400, str(exc)) from None
        added = await self.run(self.course.store.import_records, records)
        self.reply({"added": added, "records": len(records)})

    def rescored(self, record: Any) -> Any:
        """A self-reported (handout) attempt is scored again here by the key (a teacher's
        kernel on the hub has none); what the file says about it is never trusted."""
        if isinstance(record, Attempt) and record.self_reported:
            try:
                correct = self.course.checker.check(record.question_id, record.answer_value).correct
            except KeyError:
                raise RecordError(
                    f"이 과정에 없는 문항의 답입니다: {record.question_id} / unknown question"
                ) from None
            except (AnswerError, ValueError, TypeError):
                correct = False
            record = Attempt(**{**record.__dict__, "correct": correct})
        return record


class ReportHandler(Base):
    """GET the class report's tables (``certtraining report`` against the service)."""

    @web.authenticated
    async def get(self) -> None:
        self.require_teacher()
        what = self.get_argument("what", "all")
        frames = await self.run(dashboard.frames, self.course.store, self.course.plan, what)
        self.reply(
            {name: json.loads(f.to_json(orient="split", index=False)) for name, f in frames.items()}
        )


class DashboardHandler(Base):
    """The instructor dashboard and its downloads."""

    @web.authenticated
    async def get(self, what: str = "") -> None:
        self.require_teacher()
        store, plan = self.course.store, self.course.plan
        if what == "":
            page = await self.run(dashboard.page, store, plan, self.current_user["name"])
            self.finish(page)
            return
        if what in ("summary.csv", "items.csv"):
            frames = await self.run(dashboard.frames, store, plan, what.split(".")[0])
            buffer = io.StringIO()
            next(iter(frames.values())).to_csv(buffer, index=False)
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", f'attachment; filename="{what}"')
            self.finish("\ufeff" + buffer.getvalue())
            return
        if what == "report.xlsx":
            data = await self.run(dashboard.xlsx, store, plan)
            self.set_header(
                "Content-Type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            self.set_header("Content-Disposition", 'attachment; filename="report.xlsx"')
            self.finish(data)
            return
        if what in ("scores.png", "mastery.png"):
            png = await self.run(dashboard.chart, store, plan, what.split(".")[0])
            self.set_header("Content-Type", "image/png")
            self.finish(png)
            return
        raise web.HTTPError(404)


def check_exam(store: ProgressStore, plan: CoursePlan, record: ExamRecord) -> None:
    """Refuse an exam result that is not this service's score of the learner's issued paper."""
    papers = store.exam_papers(record.learner)
    if not papers or tuple(papers[-1].question_ids) != tuple(record.question_ids):
        raise RecordError(
            "이 학습자에게 낸 시험지와 다른 결과입니다 / not the paper this learner was given"
        )
    issued = papers[-1]
    latest: dict[str, Attempt] = {}
    for attempt in store.attempts(record.learner):
        on_paper = attempt.question_id in record.question_ids
        if attempt.mode == "exam" and on_paper and attempt.created_at >= issued.created_at:
            best = latest.get(attempt.question_id)
            if best is None or attempt.attempt_no > best.attempt_no:
                latest[attempt.question_id] = attempt
    score = sum(1 for a in latest.values() if a.correct)
    possible = len(record.question_ids)
    passed = possible > 0 and round(100 * score / possible) >= plan.pass_threshold
    if (record.score, record.possible, record.passed) != (float(score), float(possible), passed):
        raise RecordError(
            f"채점 서버가 매긴 점수({score}/{possible})와 다른 시험 결과입니다 / "
            "the exam result does not match the answers this service scored"
        )


class CallbackHandler(HubOAuthCallbackHandler):
    """The OAuth callback, with the same HubOAuth instance (it holds the login states)."""

    hub_auth_class = ServiceAuth


def database_url() -> str:
    """The database URL: from the file ``CERTTRAINING_DB_FILE`` (only this user reads it)."""
    path = os.environ.get("CERTTRAINING_DB_FILE", "").strip()
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    url = os.environ.get("CERTTRAINING_SERVICE_DB", "").strip()
    if not url:
        raise UserError(
            "진도 서버의 데이터베이스 주소가 없습니다: CERTTRAINING_DB_FILE을 지정하세요 / "
            "no database for the progress service: set CERTTRAINING_DB_FILE"
        )
    return url


def secret_path() -> Path:
    """Where the service keeps its certificate secret: its own folder
    (``CERTTRAINING_SERVICE_DIR``, 0700, its user's), else beside its database URL file."""
    folder = os.environ.get("CERTTRAINING_SERVICE_DIR", "").strip()
    if folder:
        return Path(folder) / KEY_FILE
    db_file = os.environ.get("CERTTRAINING_DB_FILE", "").strip()
    if db_file:
        return Path(db_file).parent / KEY_FILE
    raise UserError(
        "진도 서버의 수료증 비밀 키를 둘 곳이 없습니다: CERTTRAINING_SERVICE_DIR을 지정하세요 / "
        "no folder for the service's certificate secret: set CERTTRAINING_SERVICE_DIR"
    )


def make_app(
    store_url: str | None = None, data_dir: Path | None = None, secret: Path | None = None
) -> web.Application:
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    ServiceAuth.instance()  # first, so HubOAuth.instance() is this one too
    content = load_content(data_dir, keys=True)
    course = Course(
        ProgressStore(store_url or database_url(), pool_size=DB_THREADS),
        ThreadPoolExecutor(DB_THREADS, thread_name_prefix="store"),
        content,
        LocalChecker(content),
        course_plan(content),
        secret or secret_path(),
    )
    routes: list[Any] = [
        (url_path_join(prefix, "oauth_callback"), CallbackHandler),
        (url_path_join(prefix, "api/check"), CheckHandler),
        (url_path_join(prefix, "api/answer"), AnswerHandler),
        (url_path_join(prefix, "api/(count|learners)"), CountHandler),
        (url_path_join(prefix, "api/explain"), ExplainHandler),
        (url_path_join(prefix, "api/exam/paper"), PaperHandler),
        (url_path_join(prefix, "api/records"), RecordsHandler),
        (url_path_join(prefix, "api/certificate"), CertificateHandler),
        (url_path_join(prefix, "api/certificate/verify"), VerifyHandler),
        (url_path_join(prefix, "api/import"), ImportHandler),
        (url_path_join(prefix, "api/report"), ReportHandler),
        (url_path_join(prefix, "static/(.*)"), web.StaticFileHandler, {"path": str(STATIC_DIR)}),
        (prefix.rstrip("/") + r"/?", DashboardHandler),
        (
            url_path_join(
                prefix, r"(summary\.csv|items\.csv|report\.xlsx|scores\.png|mastery\.png)"
            ),
            DashboardHandler,
        ),
    ]
    return web.Application(
        routes,
        course=course,
        cookie_secret=os.urandom(32),
    )
