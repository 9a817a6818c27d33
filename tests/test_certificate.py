"""The 수료증: its rule in course.yaml, refusal, issuing, the code, verifying, the secret."""

from __future__ import annotations

import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.content.loader import validate_dir
from certtraining.notebook.certificate import certificate_html, issue
from certtraining.notebook.plan import course_plan
from certtraining.progress.certificate import (
    NotEarned,
    certificate_code,
    key_path,
    local_secret,
    normalise_code,
    verify_certificate,
)
from certtraining.progress.records import Attempt, Certificate, ExamRecord, LessonRecord
from certtraining.progress.store import ProgressStore, close_stores
from tests.fixture_course import copy_fixture_course, edit_yaml

pytest_plugins = ["tests.progress_support"]

KIM = "kim"
EXAM_DAY = "2026-03-02T01:30:00.000000Z"  # 10:30 in Korea, 2 March


def complete(store: ProgressStore, learner: str, skip_lesson: str | None = None) -> None:
    """Every lesson opened, finished and all its questions answered; the exam passed (9/10)."""
    plan = course_plan()
    for lesson in plan.lessons:
        if lesson.id == skip_lesson:
            store.record(LessonRecord(learner, lesson.id, "opened", created_at=EXAM_DAY))
            continue
        for kind in ("opened", "finished"):
            store.record(LessonRecord(learner, lesson.id, kind, created_at=EXAM_DAY))
        for question_id in lesson.questions:
            store.record(
                Attempt.new(learner, question_id, "x", True, lesson=lesson.id, created_at=EXAM_DAY)
            )
    store.record(ExamRecord(learner, 9, 10, True, created_at=EXAM_DAY))


@pytest.fixture
def store(course, store_url: str, tmp_path: Path) -> Iterator[ProgressStore]:
    opened = ProgressStore(store_url)
    yield opened
    opened.close()


# --------------------------------------------------------------------------- the rule


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda y: y.update(certificate={"require": ["final_passed", "final_passed"]}),
            ["course.yaml › certificate › require", "두 번"],
        ),
        (
            lambda y: y.update(certificate={"require": ["all_lessons_done"]}),
            ["course.yaml", "certificate", "require"],
        ),
        (lambda y: y.update(certificate={"require": []}), ["course.yaml", "certificate"]),
        (
            lambda y: y.update(
                lessons=[x for x in y["lessons"] if x["kind"] != "assessment"],
                blueprint=None,
            ),
            ["course.yaml › certificate › require", "assessment"],
        ),
    ],
    ids=["twice", "unknown", "empty", "no-exam"],
)
def test_a_broken_rule_names_file_and_field(
    tmp_path: Path, change: Callable[[dict], None], expected: list[str]
) -> None:
    folder = copy_fixture_course(tmp_path)
    edit_yaml(folder, "course.yaml", change)
    content, problems = validate_dir(folder)
    assert content is None
    messages = [str(p) for p in problems]
    assert any(all(text in m for text in expected) for m in messages), messages


# --------------------------------------------------------------------------- refusal


def test_refusal_lists_what_is_missing(store: ProgressStore) -> None:
    complete(store, KIM, skip_lesson="reissuance")
    with pytest.raises(NotEarned) as refused:
        issue(KIM, "김민수", store=store)
    plan = course_plan()
    left = len(plan.lesson("reissuance").questions)
    assert refused.value.missing == [
        f"02 시험용 재발급: 문제 {left}개 남음, '학습 결과'까지 가지 않음"
    ]
    assert store.certificates() == []

    fresh = "lee"
    store.record(ExamRecord(fresh, 5, 10, False, created_at=EXAM_DAY))
    with pytest.raises(NotEarned) as refused:
        issue(fresh, "이서연", store=store)
    lines = refused.value.missing
    assert lines[0].startswith("00 시험용 안내: 열지 않음")
    assert lines[-1] == "05 시험용 최종 평가: 합격 기준 70점에 못 미침 (최고 50점)"
    assert "수료 조건" in str(refused.value) and "02 시험용 재발급: 열지 않음, 문제" in str(
        refused.value
    )


def test_self_reported_attempts_never_complete_a_lesson(store: ProgressStore) -> None:
    complete(store, KIM, skip_lesson="reissuance")
    for question_id in course_plan().lesson("reissuance").questions:
        store.record(
            Attempt.new(KIM, question_id, "x", True, created_at=EXAM_DAY, self_reported=True)
        )
    store.record(LessonRecord(KIM, "reissuance", "finished", created_at=EXAM_DAY))
    with pytest.raises(NotEarned, match="문제 .개 남음"):
        issue(KIM, "김민수", store=store)


# --------------------------------------------------------------------------- issue, verify


def test_issue_then_verify_and_tampering(store: ProgressStore) -> None:
    complete(store, KIM)
    certificate = issue(KIM, "  김민수 ", store=store)
    assert (certificate.printed_name, certificate.completed_on) == ("김민수", "2026-03-02")
    assert (certificate.score, certificate.possible, certificate.course_version) == (9, 10, "fx-1")
    assert normalise_code(certificate.code.lower().replace("-", " ")) == certificate.code
    assert store.certificates(KIM) == [certificate]
    assert issue(KIM, "김민수", store=store) == certificate  # asking again: the same one
    assert store.count("certificate") == 1

    secret = local_secret(store)
    code = certificate.code

    def verify(**given: str) -> bool:
        return verify_certificate(store, secret, code, **given).valid

    assert verify() and verify(name="김민수", score="90", day="2026-03-02")
    assert verify(score="9/10") and verify(score="90점")
    assert not verify(name="김민우")
    assert not verify(score="100")
    assert not verify(day="2026-03-03")
    assert not verify_certificate(store, secret, "AAAA-BBBB-CCCC-DDDD").valid
    assert not verify_certificate(store, b"another machine's secret", code).valid

    # A different printed name is a different certificate with its own code.
    other = issue(KIM, "Kim Minsu", store=store)
    assert other.code != code and len(store.certificates(KIM)) == 2


def test_the_code_covers_every_printed_field() -> None:
    base = ("kim", "김민수", "fx-1", "2026-03-02", 9.0, 10.0)
    code = certificate_code(b"k", *base)
    assert len(code) == 19 and code.count("-") == 3
    for index, changed in enumerate(("lee", "김민우", "fx-2", "2026-03-03", 8.0, 11.0)):
        fields = list(base)
        fields[index] = changed
        assert certificate_code(b"k", *fields) != code  # type: ignore[arg-type]


def test_the_secret_is_owner_only_and_made_once(course, tmp_path: Path) -> None:
    store = ProgressStore(f"sqlite:///{tmp_path / 'class' / 'progress.db'}")
    try:
        path = key_path(store)
        assert path == tmp_path / "class" / "certificate.key" and not path.exists()
        first = local_secret(store)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600 and len(first) == 32
        path.chmod(0o644)
        assert local_secret(store) == first
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        store.close()


def test_certificates_travel_in_json_lines(store: ProgressStore, tmp_path: Path) -> None:
    from certtraining.progress.jsonl import export_jsonl, import_file, read_jsonl

    complete(store, KIM)
    certificate = issue(KIM, "김민수", store=store)
    out = tmp_path / "kim.jsonl"
    export_jsonl(store, out, KIM)
    assert [r for r in read_jsonl(out) if isinstance(r, Certificate)] == [certificate]
    other = ProgressStore(f"sqlite:///{tmp_path / 'other.db'}")
    try:
        first = import_file(other, out)
        assert first.added == first.records > 0
        assert import_file(other, out).added == 0
        assert other.certificate_by_code(certificate.code) == certificate
    finally:
        other.close()


# --------------------------------------------------------------------------- page and CLI


def test_the_page_is_korean_a4_and_shows_names_as_text(store: ProgressStore) -> None:
    complete(store, KIM)
    certificate = issue(KIM, "<b>김민수</b>", store=store)
    page = certificate_html(certificate)
    assert "수 료 증" in page and "시험용 인증서 과정" in page and "2026년 3월 2일" in page
    assert "&lt;b&gt;김민수&lt;/b&gt;" in page and "<b>김민수" not in page
    assert certificate.code in page and "90점" in page
    assert "@font-face" in page and "@page certificate" in page and 'style="' not in page


def test_cli_issues_refuses_and_verifies(
    course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'progress.db'}")
    monkeypatch.setenv("CERTTRAINING_CHROMIUM", str(tmp_path / "no-chromium"))
    store = ProgressStore()
    try:
        complete(store, KIM, skip_lesson="reissuance")
        out = tmp_path / "수료증.pdf"
        assert main(["certificate", "--learner", KIM, "--name", "김민수", "--out", str(out)]) == 1
        assert "02 시험용 재발급: 문제" in capsys.readouterr().err
        complete(store, KIM)
        argv = ["certificate", "--learner", KIM, "--name", "김민수", "--out", str(out)]
        assert main(argv) == 0
        printed = capsys.readouterr().out
        assert "Ctrl+P" in printed and out.with_suffix(".html").is_file() and not out.exists()
        assert "인쇄하는 법" in out.with_suffix(".html").read_text(encoding="utf-8")
        (code,) = [c.code for c in store.certificates(KIM)]
    finally:
        store.close()
        close_stores()
    assert main(["certificate", "verify", code.lower(), "--name", "김민수", "--score", "9/10"]) == 0
    assert "유효" in capsys.readouterr().out
    assert main(["certificate", "verify", code, "--date", "2026-03-01"]) == 1
    answer = capsys.readouterr().out
    assert "무효" in answer and "날짜" in answer


def test_the_final_lesson_offers_it_once_earned(
    course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from certtraining.notebook.certificate import CertificateOffer

    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'progress.db'}")
    monkeypatch.setenv("CERTTRAINING_LEARNER", KIM)
    monkeypatch.setenv("CERTTRAINING_CHROMIUM", str(tmp_path / "no-chromium"))
    try:
        waiting = CertificateOffer(tmp_path)
        assert not waiting.earned and "05 시험용 최종 평가: 아직 제출하지 않음" in waiting.text
        assert waiting.widget.children == (waiting.status,)
        from certtraining.progress.store import open_store

        complete(open_store(), KIM)
        offer = CertificateOffer(tmp_path)
        assert offer.earned and "수료증 받기" in [b.description for b in [offer.button]]
        assert offer.ask("") is None and "비어" in offer.message.value
        written = offer.ask("김민수")
        assert written is not None and written.path == tmp_path / "수료증_2026-03-02.html"
        assert 'href="수료증_2026-03-02.html"' in offer.message.value
        assert "김민수" in written.path.read_text(encoding="utf-8")
    finally:
        close_stores()
