"""What the store keeps: one small frozen dataclass per kind of record.

Every record has a UUID (export/import dedupes on it), the learner id and a UTC timestamp
(ISO 8601, sortable as text, identical in SQLite, PostgreSQL and JSON Lines). Validation
happens here, before any database is touched, so a bad id is refused with the same
message whatever the backend.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid as uuid_module
from dataclasses import asdict, dataclass, field
from typing import Any, ClassVar

from certtraining.errors import UserError
from certtraining.learner import LearnerIdError, normalize_learner_id
from certtraining.personal.privacy import answer_json, looks_personal, note_text, refuse_personal

MODES = ("practice", "exam", "review")
"""``review`` answers come from 오늘의 복습: they move the review schedule, never lesson scores."""
LESSON_KINDS = ("opened", "finished")
_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_VERSION = re.compile(r"^[0-9a-f]{4,16}$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
# What other tools write (RFC 3339's date-time, as xAPI 1.0.3 requires): any number of
# fractional digits or none, ``Z`` or a numeric offset, ``T`` or a space.
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))$"
)


class RecordError(UserError, ValueError):
    """A record the store refuses; the message says which field and why (Korean / English)."""


def new_uuid() -> str:
    """A random UUID that does not itself look like a phone number (hex runs can)."""
    while True:
        value = str(uuid_module.uuid4())
        if not looks_personal(value):
            return value


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_timestamp(value: Any) -> Any:
    """An RFC 3339 / ISO 8601 timestamp with a zone, as the store writes it (UTC, 6 digits).

    ``2026-11-01T10:00:00Z``, ``2026-11-01T10:00:00.5+00:00`` and ``2026-11-01T19:00:00+09:00``
    all become the same instant in the one sortable form. Digits beyond microseconds are cut
    (never rounded up into the next second). Anything else (no zone, a date that does not
    exist) is returned unchanged, so the record check refuses it with its usual message.
    """
    if not isinstance(value, str):
        return value
    match = _RFC3339.fullmatch(value.strip())
    if match is None:
        return value
    year, month, day, hour, minute, second, fraction, _z, sign, off_h, off_m = match.groups()
    try:
        moment = dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour),
            int(minute),
            int(second),
            int((fraction or "0")[:6].ljust(6, "0")),
            tzinfo=dt.UTC,
        )
        if sign:
            offset = dt.timedelta(hours=int(off_h), minutes=int(off_m))
            moment -= offset if sign == "+" else -offset
    except (ValueError, OverflowError):
        return value
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_learner(raw: str) -> str:
    """The learner id as stored: normalised (NFC, trimmed, 1-64, no control characters)."""
    try:
        learner = normalize_learner_id(raw)
    except LearnerIdError as exc:
        raise RecordError(str(exc)) from None
    try:
        refuse_personal(learner, "이름(학습자 id)", "learner id")
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    return learner


def check_label(value: Any, what: str, optional: bool = False) -> str | None:
    """A question, lesson, section, flow or step id: letters, digits, ``_ . : -``, 1-64."""
    if value is None and optional:
        return None
    if not isinstance(value, str) or not _LABEL.fullmatch(value):
        raise RecordError(
            f"{what} id가 올바르지 않습니다: {str(value)[:80]!r} (영문·숫자·_.:- 1~64자) / "
            f"invalid {what} id"
        )
    try:
        refuse_personal(value, f"{what} id", "id")
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    return value


def _check_version(value: Any) -> str | None:
    """A question version: a short lowercase hex digest of its wording, or None (unknown)."""
    if value is None:
        return None
    if not isinstance(value, str) or not _VERSION.fullmatch(value):
        raise RecordError(
            f"question_version 형식이 올바르지 않습니다: {str(value)[:40]!r} (16진수 4~16자) / "
            "invalid question_version"
        )
    return value


def _check_score(score: Any, possible: Any) -> None:
    """An exam result's or a certificate's score: numbers, 0 ≤ score ≤ possible."""
    numbers_ok = all(
        isinstance(v, int | float) and not isinstance(v, bool) and v >= 0 for v in (score, possible)
    )
    if not numbers_ok or score > possible:
        raise RecordError(
            "score와 possible은 0 이상이고 score ≤ possible이어야 합니다 / invalid score"
        )


def _check_flag(value: Any, what: str) -> bool:
    if not isinstance(value, bool):
        raise RecordError(f"{what} 값은 true/false여야 합니다 / {what} must be a boolean")
    return value


def _check_choice(value: Any, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise RecordError(
            f"{what} 값이 올바르지 않습니다: {value!r} (허용: {', '.join(allowed)}) / invalid {what}"
        )
    return value


def _check_common(uuid: Any, created_at: Any) -> None:
    if not isinstance(uuid, str) or not _UUID.fullmatch(uuid) or looks_personal(uuid):
        raise RecordError(f"uuid 형식이 올바르지 않습니다: {str(uuid)[:80]!r} / invalid uuid")
    if not isinstance(created_at, str) or not _TIMESTAMP.fullmatch(created_at):
        raise RecordError(
            f"created_at 형식이 올바르지 않습니다: {str(created_at)[:40]!r} "
            "(RFC 3339, 시간대 포함. 예: 2025-01-31T09:00:00Z) / invalid timestamp "
            "(RFC 3339 with a zone)"
        )


@dataclass(frozen=True)
class Attempt:
    """One checked answer. ``attempt_no`` 0 means "let the store number it"."""

    TYPE: ClassVar[str] = "attempt"
    learner: str
    question_id: str
    answer: str  # canonical JSON text, already scrubbed by the privacy guard
    correct: bool
    mode: str
    lesson: str | None = None
    section: str | None = None
    attempt_no: int = 0
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)
    question_version: str | None = None  # which wording was answered (None: before schema 3)
    self_reported: bool = False  # from an offline handout: re-scored, never counted for credit

    @classmethod
    def new(
        cls,
        learner: str,
        question_id: str,
        answer: Any,
        correct: bool,
        mode: str = "practice",
        lesson: str | None = None,
        section: str | None = None,
        **common: Any,
    ) -> Attempt:
        """Build a checked attempt from what a widget reports (the answer as any JSON value)."""
        return cls(
            learner,
            question_id,
            answer_json(answer),
            bool(correct),
            mode,
            lesson,
            section,
            **common,
        ).checked()

    def checked(self) -> Attempt:
        _check_common(self.uuid, self.created_at)
        if not isinstance(self.correct, bool):
            raise RecordError("correct 값은 true/false여야 합니다 / correct must be a boolean")
        if not isinstance(self.attempt_no, int) or self.attempt_no < 0:
            raise RecordError("attempt_no는 0 이상의 정수여야 합니다 / invalid attempt_no")
        if not isinstance(self.answer, str):
            raise RecordError("answer는 JSON 문자열이어야 합니다 / answer must be JSON text")
        try:
            json.loads(self.answer)
        except ValueError:
            raise RecordError("answer가 올바른 JSON이 아닙니다 / answer is not JSON") from None
        return Attempt(
            check_learner(self.learner),
            check_label(self.question_id, "문항"),
            answer_json(json.loads(self.answer)),
            self.correct,
            _check_choice(self.mode, MODES, "mode"),
            check_label(self.lesson, "수업", optional=True),
            check_label(self.section, "절", optional=True),
            self.attempt_no,
            self.uuid,
            self.created_at,
            _check_version(self.question_version),
            _check_flag(self.self_reported, "self_reported"),
        )

    @property
    def answer_value(self) -> Any:
        return json.loads(self.answer)


@dataclass(frozen=True)
class LessonRecord:
    TYPE: ClassVar[str] = "lesson"
    learner: str
    lesson: str
    kind: str  # "opened" | "finished"
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)

    def checked(self) -> LessonRecord:
        _check_common(self.uuid, self.created_at)
        return LessonRecord(
            check_learner(self.learner),
            str(check_label(self.lesson, "수업")),
            _check_choice(self.kind, LESSON_KINDS, "kind"),
            self.uuid,
            self.created_at,
        )


@dataclass(frozen=True)
class ExamRecord:
    TYPE: ClassVar[str] = "exam"
    learner: str
    score: float
    possible: float
    passed: bool
    question_ids: tuple[str, ...] = ()
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.possible if self.possible else 0.0

    def checked(self) -> ExamRecord:
        _check_common(self.uuid, self.created_at)
        _check_score(self.score, self.possible)
        if not isinstance(self.passed, bool):
            raise RecordError("passed 값은 true/false여야 합니다 / passed must be a boolean")
        return ExamRecord(
            check_learner(self.learner),
            float(self.score),
            float(self.possible),
            self.passed,
            tuple(str(check_label(q, "문항")) for q in self.question_ids),
            self.uuid,
            self.created_at,
        )


@dataclass(frozen=True)
class PracticeRecord:
    """A simulator screen completed. Never holds what was typed on it."""

    TYPE: ClassVar[str] = "practice"
    learner: str
    flow: str
    step: str
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)

    def checked(self) -> PracticeRecord:
        _check_common(self.uuid, self.created_at)
        return PracticeRecord(
            check_learner(self.learner),
            str(check_label(self.flow, "실습 흐름")),
            str(check_label(self.step, "실습 단계")),
            self.uuid,
            self.created_at,
        )


@dataclass(frozen=True)
class ExamPaperRecord:
    """An exam paper as the class service issued it (schema v3 ``exam_papers``).

    Kept apart from :data:`Record`: learners never send one, the service writes it when it
    hands a learner a paper, and checks every exam result against the last one.
    """

    TYPE: ClassVar[str] = "exam_paper"
    learner: str
    question_ids: tuple[str, ...]
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)

    def checked(self) -> ExamPaperRecord:
        _check_common(self.uuid, self.created_at)
        return ExamPaperRecord(
            check_learner(self.learner),
            tuple(str(check_label(q, "문항")) for q in self.question_ids),
            self.uuid,
            self.created_at,
        )


@dataclass(frozen=True)
class Flag:
    """A learner pressed 이 문제가 헷갈려요 under a question, with an optional short note.

    ``question_version`` is the wording on screen (None where it is not known); the note is
    stored as :func:`certtraining.personal.privacy.note_text` makes it (at most 200
    characters, anything 주민등록번호- or phone-like replaced), whichever way it arrives.
    """

    TYPE: ClassVar[str] = "flag"
    learner: str
    question_id: str
    question_version: str | None = None
    note: str | None = None
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)

    def checked(self) -> Flag:
        _check_common(self.uuid, self.created_at)
        if self.note is not None and not isinstance(self.note, str):
            raise RecordError("note는 글이어야 합니다 / note must be text")
        return Flag(
            check_learner(self.learner),
            str(check_label(self.question_id, "문항")),
            _check_version(self.question_version),
            note_text(self.note),
            self.uuid,
            self.created_at,
        )


_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CODE = re.compile(r"^[A-Z2-7]{4}(?:-[A-Z2-7]{4}){3}$")
_COURSE_VERSION = re.compile(r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")


def check_printed_name(raw: Any) -> str:
    """The name a learner asks to see on the 수료증: the learner-id rules, no personal numbers."""
    try:
        name = normalize_learner_id(raw)
    except LearnerIdError as exc:
        raise RecordError(str(exc).replace("이름", "수료증에 찍을 이름", 1)) from None
    try:
        refuse_personal(name, "수료증에 찍을 이름", "printed name")
    except ValueError as exc:
        raise RecordError(str(exc)) from None
    return name


@dataclass(frozen=True)
class Certificate:
    """One issued 수료증 (certtraining.progress.certificate): what was printed, and its code.

    ``printed_name`` is the name the learner typed for the certificate; it is stored here
    and nowhere else. ``code`` is the HMAC verification code over the printed fields.
    """

    TYPE: ClassVar[str] = "certificate"
    learner: str
    printed_name: str
    course_version: str
    completed_on: str  # YYYY-MM-DD, the course's (Korean) calendar day
    score: float
    possible: float
    code: str
    uuid: str = field(default_factory=new_uuid)
    created_at: str = field(default_factory=utc_now)

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.possible if self.possible else 0.0

    def checked(self) -> Certificate:
        _check_common(self.uuid, self.created_at)
        _check_score(self.score, self.possible)
        valid_day = isinstance(self.completed_on, str) and _DAY.fullmatch(self.completed_on)
        try:
            valid_day = valid_day and dt.date.fromisoformat(self.completed_on) is not None
        except ValueError:
            valid_day = False
        if not valid_day:
            raise RecordError(
                f"completed_on 형식이 올바르지 않습니다: {str(self.completed_on)[:20]!r} "
                "(YYYY-MM-DD) / invalid completed_on"
            )
        if not isinstance(self.course_version, str) or not _COURSE_VERSION.fullmatch(
            self.course_version
        ):
            raise RecordError(
                f"course_version 형식이 올바르지 않습니다: {str(self.course_version)[:40]!r} / "
                "invalid course_version"
            )
        if not isinstance(self.code, str) or not _CODE.fullmatch(self.code):
            raise RecordError(
                f"code 형식이 올바르지 않습니다: {str(self.code)[:40]!r} (예: ABCD-EFGH-JKLM-NPQR) / "
                "invalid code"
            )
        return Certificate(
            check_learner(self.learner),
            check_printed_name(self.printed_name),
            self.course_version,
            self.completed_on,
            float(self.score),
            float(self.possible),
            self.code,
            self.uuid,
            self.created_at,
        )


Record = Attempt | LessonRecord | ExamRecord | PracticeRecord | Certificate | Flag
RECORD_TYPES: dict[str, type[Record]] = {
    cls.TYPE: cls for cls in (Attempt, LessonRecord, ExamRecord, PracticeRecord, Certificate, Flag)
}


def to_json_dict(record: Record) -> dict[str, Any]:
    """One JSON Lines object: ``type`` first, then the fields; answers as JSON values."""
    data: dict[str, Any] = {"type": record.TYPE, **asdict(record)}
    if isinstance(record, Attempt):
        data["answer"] = record.answer_value
    if isinstance(record, ExamRecord):
        data["question_ids"] = list(record.question_ids)
    return data


def from_json_dict(data: Any) -> Record:
    """The inverse of :func:`to_json_dict`, checked; raises :class:`RecordError`."""
    if not isinstance(data, dict):
        raise RecordError(
            "한 줄에 JSON 객체 하나가 있어야 합니다 / each line must be a JSON object"
        )
    kind = data.get("type")
    cls = RECORD_TYPES.get(kind)  # type: ignore[arg-type]
    if cls is None:
        raise RecordError(
            f"type 값이 올바르지 않습니다: {kind!r} (허용: {', '.join(RECORD_TYPES)}) / unknown type"
        )
    fields = {k: v for k, v in data.items() if k != "type"}
    if "created_at" in fields:
        fields["created_at"] = canonical_timestamp(fields["created_at"])
    expected = {f.name for f in dataclasses.fields(cls)}
    optional = {"lesson", "section", "question_ids", "question_version", "self_reported", "note"}
    missing = expected - set(fields) - optional
    extra = set(fields) - expected
    if missing or extra:
        names = ", ".join(sorted(missing | extra))
        raise RecordError(
            f"{kind} 기록의 항목이 맞지 않습니다 (없거나 모르는 항목: {names}) / "
            f"missing or unknown fields: {names}"
        )
    if cls is Attempt:
        fields["answer"] = answer_json(fields["answer"])
    if cls is ExamRecord:
        ids = fields.get("question_ids", [])
        if not isinstance(ids, list):
            raise RecordError("question_ids는 목록이어야 합니다 / question_ids must be a list")
        fields["question_ids"] = tuple(ids)
    try:
        record = cls(**fields)
    except TypeError as exc:
        raise RecordError(f"{kind} 기록을 읽을 수 없습니다 / cannot read record: {exc}") from None
    return record.checked()
