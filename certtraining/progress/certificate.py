"""The 수료증 (completion certificate): who has earned it, its verification code, issuing, verifying.

Everything here works on what the progress store holds and on a secret the caller hands in,
so the same functions serve a laptop and a class server:

- On a laptop the secret is :func:`local_secret`: a random key in ``certificate.key`` beside
  the progress store (beside a SQLite file, else in the user data folder), owner-only
  (0600), created on first use.
- On a class server only the progress service holds the secret (the hook): the service
  calls :func:`issue_certificate` and :func:`verify_certificate` with its own secret and
  store; a learner's kernel never sees it.

The rule (``course.yaml`` › ``certificate`` › ``require``, docs/scoring.md "수료증"):
``all_lessons_complete`` (every lesson complete as the progress view counts it; the final
assessment: submitted) and ``final_passed`` (the best submission passed). Self-reported
attempts (offline handouts) never count: the store's summary leaves them out.

The verification code is HMAC-SHA256 (the secret as key) over the learner id, the printed
name, the course version, the completion date and the score, cut to 80 bits and written as
four groups of four base32 letters (``ABCD-EFGH-JKLM-NPQR``), so it can be typed from paper.
The same learner, name, version, date and score always give the same code, so asking again
returns the certificate already issued.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import re
import secrets
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from certtraining.errors import UserError
from certtraining.progress.bank import CoursePlan
from certtraining.progress.records import (
    Certificate,
    ExamRecord,
    LessonRecord,
    check_learner,
    check_printed_name,
)
from certtraining.progress.review import course_day, parse_time
from certtraining.progress.scoring import LearnerSummary, best_exam
from certtraining.progress.store import ProgressStore
from certtraining.settings import user_data_dir

KEY_FILE = "certificate.key"
REQUIREMENTS = ("all_lessons_complete", "final_passed")
_CODE_BYTES = 10  # 80 bits: 16 base32 letters
_SCORE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*(\d+(?:\.\d+)?)|점|%)?\s*$")


class CertificateError(UserError, ValueError):
    """A certificate that cannot be issued or a verification that cannot be done (Korean / English)."""


class NotEarned(CertificateError):
    """The learner has not met the rule yet; ``missing`` lists what is left, one Korean line each."""

    def __init__(self, learner: str, missing: list[str]):
        self.learner = learner
        self.missing = missing
        lines = "\n".join(f"  - {line}" for line in missing)
        super().__init__(
            f"{learner} 님은 아직 수료 조건을 채우지 않았습니다. 남은 것:\n{lines}\n"
            f"/ {learner} has not met the certificate rule yet ({len(missing)} item(s) left)."
        )


# ----------------------------------------------------------------------------- the rule


def lesson_label(notebook: str, title: str) -> str:
    """``02 인증서 재발급``: the lesson's number (from its notebook) and its title."""
    number = re.match(r"^(\d+)", Path(notebook).name)
    return f"{number.group(1)} {title}" if number else title


def missing_requirements(
    summary: LearnerSummary, plan: CoursePlan, require: tuple[str, ...] | list[str]
) -> list[str]:
    """What the learner still has to do, in course order, one Korean line each; [] = earned.

    Example lines: ``02 인증서 재발급: 문제 3개 남음``, ``05 최종 평가: 아직 제출하지 않음
    (합격 기준 70점)``, ``05 최종 평가: 합격 기준 70점에 못 미침 (최고 60점)``.
    """
    lines: list[str] = []
    if "all_lessons_complete" in require:
        for lesson, result in zip(plan.lessons, summary.lessons, strict=True):
            label = lesson_label(lesson.notebook, lesson.title)
            parts = []
            if lesson.is_exam:
                # final_passed says more about the exam; say it once.
                if not result.exam_submitted and "final_passed" not in require:
                    parts.append("아직 제출하지 않음")
            else:
                if not result.opened:
                    parts.append("열지 않음")
                left = result.questions - result.answered
                if left > 0:
                    parts.append(f"문제 {left}개 남음")
                if not result.finished:
                    parts.append("'학습 결과'까지 가지 않음")
            if parts:
                lines.append(f"{label}: {', '.join(parts)}")
    if "final_passed" in require:
        exam = next((lesson for lesson in plan.lessons if lesson.is_exam), None)
        label = lesson_label(exam.notebook, exam.title) if exam else "최종 평가"
        threshold = f"{plan.pass_threshold:g}"
        if summary.final is None:
            lines.append(f"{label}: 아직 제출하지 않음 (합격 기준 {threshold}점)")
        elif not summary.final.passed:
            lines.append(
                f"{label}: 합격 기준 {threshold}점에 못 미침 (최고 {summary.final.percent:.0f}점)"
            )
    return lines


def completed_on(
    lesson_events: list[LessonRecord], exams: list[ExamRecord]
) -> tuple[dt.date, float, float]:
    """The completion day and the final score: the later of the last lesson event and the
    best exam submission (Korean calendar day), and that submission's score.

    Review answers given later never move the date, so asking again on another day prints
    the same certificate.
    """
    stamps = [e.created_at for e in lesson_events]
    best = best_exam(exams)
    score = possible = 0.0
    if best is not None:
        submission = next(
            e
            for e in sorted(exams, key=lambda e: e.created_at)
            if (e.score, e.possible, e.passed) == (best.score, best.possible, best.passed)
        )
        stamps.append(submission.created_at)
        score, possible = best.score, best.possible
    if not stamps:
        raise CertificateError("기록이 없어 수료일을 정할 수 없습니다 / no records to date it")
    return course_day(parse_time(max(stamps))), score, possible


# ----------------------------------------------------------------------------- the code


def score_text(score: float, possible: float) -> str:
    return f"{score:g}/{possible:g}"


def certificate_code(
    secret: bytes,
    learner: str,
    printed_name: str,
    course_version: str,
    day: str,
    score: float,
    possible: float,
) -> str:
    """The verification code: HMAC-SHA256 over the printed fields, 80 bits in base32 groups."""
    message = "\x1f".join(
        ("certtraining-certificate-v1", learner, printed_name, course_version, day)
        + (score_text(score, possible),)
    ).encode("utf-8")
    digest = hmac.new(secret, message, hashlib.sha256).digest()[:_CODE_BYTES]
    letters = base64.b32encode(digest).decode("ascii")
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def normalise_code(raw: str) -> str:
    """What a person typed (lower case, spaces, no dashes; 0/1/8 for O/I/B) as the stored form."""
    letters = re.sub(r"[\s-]", "", raw or "").upper().translate(str.maketrans("018", "OIB"))
    if not re.fullmatch(r"[A-Z2-7]{16}", letters):
        raise CertificateError(
            f"확인 코드 형식이 아닙니다: {raw!r} (예: ABCD-EFGH-JKLM-NPQR, 16글자) / "
            "not a verification code (16 letters, e.g. ABCD-EFGH-JKLM-NPQR)"
        )
    return "-".join(letters[i : i + 4] for i in range(0, 16, 4))


# ----------------------------------------------------------------------------- the secret


def key_path(store: ProgressStore) -> Path:
    """``certificate.key`` beside the store's SQLite file, else in the user data folder."""
    database = store.url.database if store.backend == "sqlite" else None
    if database and database != ":memory:" and not database.startswith("file:"):
        return Path(database).expanduser().parent / KEY_FILE
    return user_data_dir() / KEY_FILE


def local_secret(store: ProgressStore) -> bytes:
    """This machine's certificate secret, created on first use with owner-only permissions.

    On a class server, do not call this in a learner's kernel: the progress service holds
    the secret and calls :func:`issue_certificate` itself; a kernel whose store is the
    service's is refused here, so no local secret can stand in for the service's.
    """
    if getattr(store, "backend", None) == "class-service":
        raise CertificateError(
            "수업 서버에서는 진도 서버만 수료증을 발급·확인합니다 / on a class server only the "
            "progress service issues and verifies certificates"
        )
    return secret_at(key_path(store))


def secret_at(path: Path) -> bytes:
    """The certificate secret in ``path``, created there (0600) on first use.

    A laptop keeps it beside its SQLite file (:func:`local_secret`); the class server's
    progress service keeps it in its own folder (:mod:`certtraining.service.app`).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            os.chmod(path, 0o600)  # somebody widened it: owner-only again
        text = path.read_text(encoding="ascii").strip()
        if not re.fullmatch(r"[0-9a-f]{64}", text):
            raise CertificateError(
                f"수료증 비밀 키 파일이 손상되었습니다: {path}. 이 파일로 발급한 수료증을 확인하려면 "
                "원래 파일을 되살리세요 / the certificate key file is damaged"
            ) from None
        return bytes.fromhex(text)
    with os.fdopen(handle, "w", encoding="ascii") as out:
        out.write(secrets.token_hex(32) + "\n")
    return bytes.fromhex(path.read_text(encoding="ascii").strip())


# ----------------------------------------------------------------------------- issue, verify


def issue_certificate(
    store: ProgressStore,
    secret: bytes,
    learner: str,
    printed_name: str,
    plan: CoursePlan,
    require: tuple[str, ...] | list[str],
    course_version: str,
) -> Certificate:
    """The one place a certificate is issued: check the rule, compute the code, record it.

    Raises :class:`NotEarned` (with the Korean list of what is missing) when the rule is not
    met. Issuing the same certificate again returns the one already recorded.
    """
    learner = check_learner(learner)
    try:
        name = check_printed_name(printed_name)
    except UserError as exc:
        raise CertificateError(str(exc)) from None
    summary = store.summarise(learner, plan)
    missing = missing_requirements(summary, plan, require)
    if missing:
        raise NotEarned(learner, missing)
    day, score, possible = completed_on(store.lesson_events(learner), store.exam_results(learner))
    on = day.isoformat()
    code = certificate_code(secret, learner, name, course_version, on, score, possible)
    existing = store.certificate_by_code(code)
    if existing is not None:
        return existing
    record = Certificate(learner, name, course_version, on, score, possible, code)
    stored = store.record(record)
    assert isinstance(stored, Certificate)
    return stored


@dataclass(frozen=True)
class Verification:
    """The answer to ``certificate verify``: valid or not, why, and what was issued."""

    valid: bool
    reason: str  # Korean, one line
    certificate: Certificate | None = None


def _parse_score(raw: str, possible: float) -> tuple[float, float]:
    match = _SCORE.fullmatch(raw)
    if match is None:
        raise CertificateError(
            f"점수 형식이 아닙니다: {raw!r} (예: 90 또는 9/10) / not a score (e.g. 90 or 9/10)"
        )
    if match.group(2) is not None:
        return float(match.group(1)), float(match.group(2))
    percent = float(match.group(1))  # as printed: a percentage of the stored possible
    return percent * possible / 100.0, possible


def verify_certificate(
    store: ProgressStore,
    secret: bytes,
    code: str,
    name: str | None = None,
    score: str | None = None,
    day: str | None = None,
) -> Verification:
    """Look the code up and recompute its HMAC from the stored fields, with any detail the
    verifier read off the paper (name, score, date) put in place of the stored one.

    Invalid when no certificate has this code, when the stored record no longer matches its
    code (edited in the database), or when a detail given differs from what was certified.
    """
    wanted = normalise_code(code)
    record = store.certificate_by_code(wanted)
    if record is None:
        return Verification(False, "이 확인 코드로 발급된 수료증이 없습니다")
    printed = record.printed_name
    on = record.completed_on
    points, possible = record.score, record.possible
    if name is not None:
        printed = unicodedata.normalize("NFC", name).strip()
    if day is not None:
        on = day.strip()
    if score is not None:
        points, possible = _parse_score(score, record.possible)
    stored_code = certificate_code(
        secret,
        record.learner,
        record.printed_name,
        record.course_version,
        record.completed_on,
        record.score,
        record.possible,
    )
    if not hmac.compare_digest(stored_code, wanted):
        return Verification(False, "기록이 확인 코드와 맞지 않습니다 (고쳐진 기록)", record)
    given = certificate_code(
        secret, record.learner, printed, record.course_version, on, points, possible
    )
    if not hmac.compare_digest(given, wanted):
        changed = [
            label
            for label, differs in (
                ("이름", printed != record.printed_name),
                ("날짜", on != record.completed_on),
                ("점수", (points, possible) != (record.score, record.possible)),
            )
            if differs
        ]
        return Verification(
            False, f"수료증의 {'·'.join(changed) or '내용'}이(가) 발급한 것과 다릅니다", record
        )
    return Verification(True, "발급한 수료증과 일치합니다", record)
