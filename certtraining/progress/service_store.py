"""The progress store of a learner's (or a teacher's) kernel on a class server: HTTP to the service.

Chosen by :func:`certtraining.progress.store.open_store` when ``CERTTRAINING_DB`` names the
progress service (``certtraining+http://…/services/certtraining/``, see docs/store.md). It offers
what the course asks of a store (record, read back, summarise, import) and holds no database
credentials: the service decides who the learner is (from the hub token), scores attempts
itself and refuses what is not the caller's. A record the service cannot take right now goes
to the outbox and is sent before the next one (``certtraining.classlink``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from certtraining.classlink import (
    Outbox,
    ServiceClient,
    ServiceError,
    ServiceUnreachable,
    send_or_keep,
    take_recorded,
)
from certtraining.progress.bank import CoursePlan
from certtraining.progress.certificate import CertificateError, NotEarned, Verification
from certtraining.progress.records import (
    Attempt,
    Certificate,
    ExamRecord,
    Flag,
    LessonRecord,
    PracticeRecord,
    Record,
    RecordError,
    from_json_dict,
    to_json_dict,
)
from certtraining.progress.scoring import LearnerSummary, summarise_learner

DELAYED_MESSAGE = (
    "진도 서버에 연결할 수 없어 기록을 보관했습니다. 서버가 돌아오면 보냅니다. / "
    "the progress service cannot be reached: the record was kept and will be sent later"
)


class RecordingDelayed(ServiceUnreachable):
    """The record is kept in the outbox; nothing is lost."""

    def __init__(self) -> None:
        Exception.__init__(self, DELAYED_MESSAGE)


class ServiceStore:
    """The store interface over the progress service (see module docstring)."""

    backend = "class-service"

    def __init__(self, url: str, token: str | None = None, outbox: Outbox | None = None):
        self.client = ServiceClient(url, token)
        self.outbox = outbox or Outbox()
        self.url = url
        self.display_url = url

    def __repr__(self) -> str:
        return f"ServiceStore({self.display_url!r})"

    def close(self) -> None:
        """Close the kept-alive connection to the service (a later call opens a new one)."""
        self.client.close()

    # ------------------------------------------------------------------ record

    def record(self, record: Record) -> Record:
        """Send one record; the stored form comes back (an attempt scored by the service).

        Raises :class:`RecordingDelayed` when it was kept for later (the caller tells the
        learner), :class:`RecordError` when the service refuses it.
        """
        record = record.checked()
        if isinstance(record, Attempt):
            # The quiz's checker had the service check *and* record this answer in one
            # request; what it stored is here, and nothing is sent twice.
            done = take_recorded(
                record.learner, record.question_id, record.answer_value, record.mode
            )
            if done is not None:
                return from_json_dict(done)
        try:
            stored = send_or_keep(self.client, "api/records", to_json_dict(record), self.outbox)
        except ServiceError as exc:
            raise RecordError(str(exc)) from None
        if stored is None:
            raise RecordingDelayed()
        return from_json_dict(stored)

    def import_records(self, records: Sequence[Record]) -> int:
        """A teacher's import: the service adds the records whose UUID it does not have."""
        body = [to_json_dict(r.checked()) for r in records]
        try:
            return int(self.client.call("POST", "api/import", body)["added"])
        except ServiceError as exc:
            raise RecordError(str(exc)) from None

    def flush(self) -> int:
        """Send what the outbox holds now; returns how many went."""
        return self.outbox.flush(self.client)

    # ------------------------------------------------------------------ query

    def _get(self, kind: str, learner: str | None) -> list[Record]:
        query = f"api/records?type={kind}" + (
            f"&learner={_quote(learner)}" if learner is not None else ""
        )
        try:
            rows = self.client.call("GET", query)
        except ServiceError as exc:
            raise RecordError(str(exc)) from None
        return [from_json_dict(row) for row in rows]

    def attempts(self, learner: str | None = None, question_id: str | None = None) -> list[Attempt]:
        rows = [r for r in self._get("attempt", learner) if isinstance(r, Attempt)]
        return [r for r in rows if question_id is None or r.question_id == question_id]

    def lesson_events(self, learner: str | None = None) -> list[LessonRecord]:
        return [r for r in self._get("lesson", learner) if isinstance(r, LessonRecord)]

    def exam_results(self, learner: str | None = None) -> list[ExamRecord]:
        return [r for r in self._get("exam", learner) if isinstance(r, ExamRecord)]

    def practice_steps(self, learner: str | None = None) -> list[PracticeRecord]:
        return [r for r in self._get("practice", learner) if isinstance(r, PracticeRecord)]

    def flags(self, learner: str | None = None, question_id: str | None = None) -> list[Flag]:
        """이 문제가 헷갈려요 flags (one's own; everyone's for a teacher)."""
        rows = [r for r in self._get("flag", learner) if isinstance(r, Flag)]
        return [r for r in rows if question_id is None or r.question_id == question_id]

    def certificates(self, learner: str | None = None) -> list[Certificate]:
        return [r for r in self._get("certificate", learner) if isinstance(r, Certificate)]

    def records(self, learner: str | None = None) -> Iterator[Record]:
        yield from self.attempts(learner)
        yield from self.lesson_events(learner)
        yield from self.exam_results(learner)
        yield from self.practice_steps(learner)
        yield from self.certificates(learner)
        yield from self.flags(learner)

    # ------------------------------------------------------------------ certificates

    def issue_certificate(self, printed_name: str) -> Certificate:
        """The service issues the token's learner a 수료증 under its rule, with its secret.

        Raises :class:`NotEarned` (the service's Korean list of what is missing) or
        :class:`CertificateError`; the secret never leaves the service.
        """
        try:
            data = self.client.call("POST", "api/certificate", {"printed_name": printed_name})
        except ServiceError as exc:
            missing = exc.data.get("missing")
            if exc.status == 409 and isinstance(missing, list):
                raise _NotEarnedThere(str(exc), [str(line) for line in missing]) from None
            raise CertificateError(str(exc)) from None
        record = from_json_dict(data)
        assert isinstance(record, Certificate)
        return record

    def verify_certificate(
        self,
        code: str,
        name: str | None = None,
        score: str | None = None,
        day: str | None = None,
    ) -> Verification:
        """The service's answer: valid or not, and the certificate when it is the caller's
        own (or the caller teaches)."""
        query = {"code": code, "name": name, "score": score, "date": day}
        path = "api/certificate/verify?" + "&".join(
            f"{k}={_quote(v)}" for k, v in query.items() if v is not None
        )
        try:
            data = self.client.call("GET", path)
        except ServiceError as exc:
            raise CertificateError(str(exc)) from None
        found = data.get("certificate")
        certificate = from_json_dict(found) if found else None
        assert certificate is None or isinstance(certificate, Certificate)
        return Verification(bool(data["valid"]), str(data["reason"]), certificate)

    def learners(self) -> list[str]:
        """Everyone with a record (teachers): one query on the service, not every row."""
        try:
            return [str(name) for name in self.client.call("GET", "api/learners")]
        except ServiceError as exc:
            raise RecordError(str(exc)) from None

    def count(self, kind: str = "attempt") -> int:
        """How many records of a kind the class has (teachers), counted by the database."""
        try:
            return int(self.client.call("GET", f"api/count?type={_quote(kind)}")["count"])
        except ServiceError as exc:
            raise RecordError(str(exc)) from None

    def summarise(self, learner: str, plan: CoursePlan) -> LearnerSummary:
        return summarise_learner(
            plan,
            self.attempts(learner),
            self.lesson_events(learner),
            self.exam_results(learner),
        )

    def report(self, what: str | None) -> dict[str, Any]:
        """The class report's tables as the service computes them (teachers only)."""
        try:
            tables = self.client.call("GET", f"api/report?what={what or 'all'}")
        except ServiceError as exc:
            raise RecordError(str(exc)) from None
        return {name: frame_from_split(frame) for name, frame in tables.items()}


class _NotEarnedThere(NotEarned):
    """NotEarned as the service worded it (same ``missing`` list, same message)."""

    def __init__(self, message: str, missing: list[str]):
        Exception.__init__(self, message)
        self.learner = ""
        self.missing = missing


def _quote(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


def frame_from_split(data: dict[str, Any]) -> Any:
    """A DataFrame from ``DataFrame.to_dict(orient="split")`` JSON."""
    import pandas as pd

    return pd.DataFrame(data["data"], columns=data["columns"])
