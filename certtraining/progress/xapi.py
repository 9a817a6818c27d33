"""Progress as xAPI 1.0.3 statements, for institutions that keep records in an LRS.

One statement per record, its ``id`` the record's UUID (an LRS refuses or ignores a second
statement with the same id, so sending twice is harmless):

- an answer (``Attempt``) → ``answered`` (http://adlnet.gov/expapi/verbs/answered), object the
  question as a ``cmi.interaction`` activity whose definition the caller hands in
  (:func:`certtraining.quiz.xapi.interaction_definitions`: progress never imports the quiz);
  ``result.success`` and ``result.response`` in the interaction type's response pattern
  (``choice`` and ``sequencing``: ids joined by ``[,]``; ``true-false``: ``true``/``false``;
  ``matching``: ``term[.]meaning`` pairs joined by ``[,]``);
- a finished lesson → ``completed``; the final assessment → ``passed`` or ``failed`` with
  ``result.score`` (scaled, raw, min, max).

Lessons merely opened and simulator practice have no statement. The actor is always an
``account`` (the institution's ``homePage`` and the learner id), never an e-mail address.
Activity ids live under ``<homePage>/certtraining/``. Timestamps are the records' own (UTC).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote, urlsplit

from certtraining.errors import UserError
from certtraining.progress.bank import CoursePlan
from certtraining.progress.records import Attempt, ExamRecord, LessonRecord, Record

XAPI_VERSION = "1.0.3"
VERBS = {
    "answered": ("http://adlnet.gov/expapi/verbs/answered", "응답함", "answered"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "완료함", "completed"),
    "passed": ("http://adlnet.gov/expapi/verbs/passed", "합격함", "passed"),
    "failed": ("http://adlnet.gov/expapi/verbs/failed", "불합격함", "failed"),
}
LESSON_ACTIVITY = "http://adlnet.gov/expapi/activities/lesson"
ASSESSMENT_ACTIVITY = "http://adlnet.gov/expapi/activities/assessment"
MODE_EXTENSION = "certtraining/extensions/mode"
ATTEMPT_EXTENSION = "certtraining/extensions/attempt-number"


class XapiError(UserError, ValueError):
    """The export cannot be written as asked (e.g. no homePage)."""


def check_home_page(home_page: str | None) -> str:
    """The institution's homePage: an http(s) URL without query or fragment."""
    parts = urlsplit((home_page or "").strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise XapiError(
            "xAPI 학습자 계정의 homePage가 필요합니다 (예: https://lms.example.org) / "
            "xAPI needs the institution's homePage URL (--home-page or CERTTRAINING_XAPI_HOME_PAGE)"
        )
    return parts.geturl().rstrip("/")


def _verb(name: str) -> dict[str, Any]:
    iri, korean, english = VERBS[name]
    return {"id": iri, "display": {"ko-KR": korean, "en-US": english}}


def xapi_response(interaction_type: str, answer: Any) -> str:
    """A stored answer (JSON value, option keys) in the interaction type's response pattern."""
    if interaction_type == "true-false":
        return "true" if answer == "O" else "false"
    if interaction_type == "matching":
        return "[,]".join(f"{t}[.]{m}" for t, m in sorted(dict(answer).items()))
    if isinstance(answer, str):
        return answer
    return "[,]".join(str(a) for a in answer)


class StatementBuilder:
    """Builds the statements of one course for one institution."""

    def __init__(
        self,
        home_page: str,
        plan: CoursePlan,
        interactions: Mapping[str, Mapping[str, Any]],
    ) -> None:
        self.home_page = check_home_page(home_page)
        self.base = f"{self.home_page}/certtraining"
        self.plan = plan
        self.interactions = interactions
        self.exam_lesson = next((lesson for lesson in plan.lessons if lesson.is_exam), None)

    def actor(self, learner: str) -> dict[str, Any]:
        return {"objectType": "Agent", "account": {"homePage": self.home_page, "name": learner}}

    def activity_id(self, kind: str, ident: str) -> str:
        return f"{self.base}/{kind}/{quote(ident, safe='')}"

    def _lesson_activity(self, lesson_id: str, activity_type: str) -> dict[str, Any]:
        titles = {lesson.id: lesson.title for lesson in self.plan.lessons}
        definition: dict[str, Any] = {"type": activity_type}
        if titles.get(lesson_id):
            definition["name"] = {"ko-KR": titles[lesson_id]}
        return {
            "objectType": "Activity",
            "id": self.activity_id("lessons", lesson_id),
            "definition": definition,
        }

    def _base(self, record: Record, verb: str, activity: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": record.uuid,
            "actor": self.actor(record.learner),
            "verb": _verb(verb),
            "object": activity,
            "timestamp": record.created_at,
            "version": XAPI_VERSION,
        }

    def statement(self, record: Record) -> dict[str, Any] | None:
        if isinstance(record, Attempt):
            return self._answered(record)
        if isinstance(record, LessonRecord):
            if record.kind != "finished":
                return None
            return self._base(
                record, "completed", self._lesson_activity(record.lesson, LESSON_ACTIVITY)
            ) | {"result": {"completion": True}}
        if isinstance(record, ExamRecord):
            if self.exam_lesson:
                activity = self._lesson_activity(self.exam_lesson.id, ASSESSMENT_ACTIVITY)
            else:  # a plan without an assessment lesson: the course's one final assessment
                activity = {
                    "objectType": "Activity",
                    "id": f"{self.base}/assessment",
                    "definition": {"type": ASSESSMENT_ACTIVITY},
                }
            statement = self._base(record, "passed" if record.passed else "failed", activity)
            score: dict[str, Any] = {"raw": record.score, "min": 0, "max": record.possible}
            if record.possible:
                score["scaled"] = round(record.score / record.possible, 4)
            statement["result"] = {"score": score, "success": record.passed, "completion": True}
            return statement
        return None

    def _answered(self, record: Attempt) -> dict[str, Any]:
        definition = self.interactions.get(record.question_id)
        if definition is None:
            raise XapiError(
                f"문제 은행에 없는 문제의 기록입니다: {record.question_id} / "
                f"a record names a question the bank does not have"
            )
        activity = {
            "objectType": "Activity",
            "id": self.activity_id("questions", record.question_id),
            "definition": dict(definition),
        }
        statement = self._base(record, "answered", activity)
        statement["result"] = {
            "success": record.correct,
            "response": xapi_response(definition["interactionType"], record.answer_value),
        }
        context: dict[str, Any] = {
            "extensions": {
                f"{self.home_page}/{MODE_EXTENSION}": record.mode,
                f"{self.home_page}/{ATTEMPT_EXTENSION}": record.attempt_no,
            }
        }
        if record.lesson:
            context["contextActivities"] = {
                "parent": [
                    {"objectType": "Activity", "id": self.activity_id("lessons", record.lesson)}
                ]
            }
        statement["context"] = context
        return statement

    def statements(self, records: Iterable[Record]) -> Iterator[dict[str, Any]]:
        for record in records:
            statement = self.statement(record)
            if statement is not None:
                yield statement


def write_statements(statements: Iterable[dict[str, Any]]) -> str:
    """The statements as one JSON array (what an LRS's POST /statements takes)."""
    return json.dumps(list(statements), ensure_ascii=False, indent=2) + "\n"


LRS_USER_ENV = "CERTTRAINING_LRS_USER"
LRS_PASSWORD_ENV = "CERTTRAINING_LRS_PASSWORD"  # noqa: S105 - the variable's name, not a secret
DEFAULT_BATCH = 200


def statements_endpoint(url: str) -> str:
    """The LRS's Statements resource: the endpoint as given, with ``/statements`` added."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise XapiError(f"LRS 주소가 올바르지 않습니다: {url!r} / not an http(s) LRS endpoint")
    base = parts.geturl().rstrip("/")
    return base if base.endswith("/statements") else f"{base}/statements"


def push_statements(
    url: str,
    statements: list[dict[str, Any]],
    environ: Mapping[str, str],
    batch: int = DEFAULT_BATCH,
    timeout: float = 30.0,
) -> int:
    """POST the statements to an LRS in batches; returns how many were sent.

    Credentials (HTTP Basic) come from ``CERTTRAINING_LRS_USER`` / ``CERTTRAINING_LRS_PASSWORD``
    in ``environ``, never from the command line (which other users can read) and never printed.
    Each statement carries its record's UUID, so a batch sent again after a failure adds nothing.
    """
    import base64
    import urllib.error
    import urllib.request

    endpoint = statements_endpoint(url)
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    user, password = environ.get(LRS_USER_ENV), environ.get(LRS_PASSWORD_ENV)
    if user and password:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    sent = 0
    for start in range(0, len(statements), max(batch, 1)):
        chunk = statements[start : start + max(batch, 1)]
        body = json.dumps(chunk, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(endpoint, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
        except urllib.error.HTTPError as exc:
            raise XapiError(
                f"LRS가 {sent + 1}번째 문장부터의 묶음을 거절했습니다 (HTTP {exc.code}); "
                f"앞의 {sent}개는 보냈습니다 / the LRS refused a batch (HTTP {exc.code}); "
                f"{sent} statements were sent before it"
            ) from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise XapiError(
                f"LRS에 연결할 수 없습니다: {reason} (보낸 문장 {sent}개) / "
                f"cannot reach the LRS ({sent} statements sent)"
            ) from None
        sent += len(chunk)
    return sent
