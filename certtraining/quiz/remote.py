"""The checker of a learner's server on a class server: the progress service checks answers.

Learners' servers load the course without answer keys (``CERTTRAINING_KEYS=off``), so their
kernels cannot judge an answer. :class:`RemoteChecker` sends the answer (in the public view's
option keys) to the service with the learner's hub token, in one request: the service checks
it against the key it alone holds, records the attempt and sends back the feedback. When the service cannot be reached, the
answer is kept in the outbox as an attempt for the service to check and record once it is
back, and the learner reads "채점 서버에 연결할 수 없어 답을 보관했습니다".
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from certtraining.classlink import (
    QUEUED_MESSAGE,
    Outbox,
    ServiceClient,
    ServiceError,
    ServiceUnreachable,
    remember_recorded,
    send_or_keep,
    take_notices,
)
from certtraining.content.models import Content
from certtraining.personal.privacy import looks_personal
from certtraining.quiz.bank import AnswerError, canonical_answer, question, review_anchor
from certtraining.quiz.checker import CheckResult, CheckUnavailable, Feedback


class AnswerKept(CheckUnavailable):
    """The service is away: the answer waits in the outbox and is checked when it is back."""

    def __init__(self, question_id: str | None = None):
        Exception.__init__(self, QUEUED_MESSAGE)
        self.question_id = question_id


def result_from_json(data: dict[str, Any]) -> CheckResult:
    return CheckResult(
        data["question_id"],
        bool(data["correct"]),
        data["canonical"],
        data["answer"],
        tuple(Feedback(**f) for f in data["feedback"]),
        data["explanation"],
        int(data.get("missed", 0)),
        data.get("answer_text", ""),
    )


def result_to_json(result: CheckResult) -> dict[str, Any]:
    return {
        "question_id": result.question_id,
        "correct": result.correct,
        "canonical": result.canonical,
        "answer": result.answer,
        "feedback": [f.__dict__ for f in result.feedback],
        "explanation": result.explanation,
        "missed": result.missed,
        "answer_text": result.answer_text,
    }


class RemoteChecker:
    """Checks (and records) through the class service (see module docstring)."""

    can_check = True

    def __init__(self, content: Content, url: str, token: str | None = None):
        self.content = content
        self.client = ServiceClient(url, token)
        self.outbox = Outbox()

    def check(self, question_id: str, answer: Any, mode: str = "practice") -> CheckResult:
        """One request: the service checks the answer, records the attempt, sends feedback.

        The stored record is handed to the progress store (``classlink.remember_recorded``),
        so the recorder does not send the answer a second time.
        """
        item = question(question_id, self.content)
        canonical_answer(item, answer)  # AnswerError for an incomplete answer, before any call
        anchor = review_anchor(item, self.content)
        body = {
            "question_id": question_id,
            "answer": answer,
            "mode": mode,
            "lesson": anchor.lesson,
            "section": anchor.section,
            "uuid": _new_uuid(),
            "created_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }
        try:
            data = send_or_keep(self.client, "api/answer", body, self.outbox)
        except ServiceError as exc:
            raise AnswerError(str(exc)) from None
        if data is None:  # kept: checked and recorded once the service is back
            raise AnswerKept(question_id)
        result = result_from_json(data["result"])
        remember_recorded(question_id, result.answer, mode, data["record"])
        return result

    def take_notices(self) -> list[str]:
        """What the learner must hear besides the feedback (kept records the service refused)."""
        return take_notices()

    def explain(self, question_id: str) -> str:
        try:
            return str(self.client.call("GET", f"api/explain?question_id={question_id}"))
        except (ServiceError, ServiceUnreachable):
            return ""

    def exam_paper(self) -> tuple[str, ...]:
        """The paper the service issued to this learner (it records it when issued)."""
        return tuple(self.client.call("POST", "api/exam/paper", {})["question_ids"])


def _new_uuid() -> str:
    """A random UUID that does not look like a phone number (the store would refuse it)."""
    while True:
        value = str(uuid.uuid4())
        if not looks_personal(value):
            return value
