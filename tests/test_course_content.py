"""Checks about the real course's own content (data/, and the teacher's guide), not about code.

These fail when a teacher's edit changes what the course teaches, so they name real ids
and words on purpose. Rules a teacher should hear about while editing belong in
``certtraining validate`` instead (certtraining/content/*rules.py); code tests use the
fixture course (tests/fixtures/course).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from certtraining import quiz
from certtraining.content import load_content
from certtraining.content.questions import Ordering
from certtraining.settings import default_data_dir

CONTENT = load_content(default_data_dir())
BANK = quiz.local_checker(CONTENT).authored_questions()  # whole questions, keys included


def test_the_bank_is_large_enough_for_a_ten_question_exam_and_has_every_type():
    assert len(BANK) >= 30
    assert {q.type for q in BANK} == {"single", "multiple", "ox", "order", "match"}


def test_each_procedure_has_an_ordering_question_in_todays_order():
    for procedure in CONTENT.procedures:
        notes = {n.id for n in CONTENT.notes_for(procedure.id)}
        ordering = [q for q in BANK if isinstance(q, Ordering) and notes & set(q.tests)]
        assert ordering, f"no ordering question for {procedure.id}"
        assert any(list(q.steps) == list(procedure.today_steps) for q in ordering)
        for item in ordering:
            # the explanation says how the seed's table differs: it names the seed's steps
            assert "원문" in item.explanation
            assert all(step.description in item.explanation for step in procedure.steps[1:])


@pytest.mark.parametrize(
    ("topic", "note", "words"),
    [
        ("reissuance revokes the old certificate", "today-revocation", ["자동", "폐지"]),
        # the rules have a note of their own; the course writes "10자" (not "10자리": a password
        # is counted in characters)
        ("certificate password rules", "today-cert-password", ["10자", "특수문자", "대문자"]),
        (
            "registering another institution's certificate",
            "today-other-cert",
            ["등록", "본인 확인"],
        ),
        ("the certificate that lasts three years", "today-faq-validity", ["3년", "금융인증서"]),
        ("the cost of the 범용 certificate", "today-faq-fee", ["4,400원", "범용"]),
    ],
)
def test_today_topics_are_quizzed(topic, note, words):
    about = [q for q in BANK if note in q.tests]
    assert about, topic
    key_texts = [quiz.answer_key(q).answer_text + q.explanation for q in about]
    assert any(all(w in text for w in words) for text in key_texts), topic


def test_where_seed_differs_the_explanation_quotes_the_seed():
    """Questions on a today note that corrects the seed say what the seed said."""
    corrections = {
        "today-identity-check",
        "today-revocation",
        "today-faq-lost",
        "today-faq-documents",
        "today-faq-fee",
        "today-faq-validity",
    }
    for item in BANK:
        if corrections & set(item.tests[:2]):
            assert "원문" in item.explanation, item.id


def test_no_mg_address_or_phone_number_in_questions():
    text = (default_data_dir() / "questions.yaml").read_text(encoding="utf-8")
    assert "kfcc" not in text and "http" not in text
    assert "1599" not in text and "1588" not in text


# ---------------------------------------------------------------------------------- glossary

ISSUE_TERMS = [
    "공인인증서",
    "공동인증서",
    "금융인증서",
    "간편인증",
    "보안카드",
    "OTP",
    "추가인증",
    "발급",
    "재발급",
    "갱신",
    "폐지",
    "효력정지",
    "범용",
    "용도제한용",
    "보안토큰",
    "NPKI",
    "타기관 인증서 등록",  # issue 15: domain-facts names it as worth teaching
]


def test_glossary_has_the_issue_terms_each_with_a_source() -> None:
    terms = CONTENT.glossary_terms
    assert sorted(t.term for t in terms) == sorted(ISSUE_TERMS)
    assert all(t.source.strip() and t.definition.strip() for t in terms)


@pytest.mark.parametrize(
    ("term", "facts"),
    [
        ("공인인증서", ["2020년 12월 10일", "공동인증서"]),
        ("공동인증서", ["1년", "30일 전부터"]),
        ("금융인증서", ["금융결제원", "클라우드", "3년"]),
        ("재발급", ["자동으로 폐지", "만료일을 그대로"]),
        ("갱신", ["30일 전부터 만료일까지"]),
        ("폐지", ["되살릴 수 없습니다"]),
        ("효력정지", ["6개월"]),
        ("범용", ["4,400원"]),
        ("용도제한용", ["무료"]),
        ("추가인증", ["SMS", "ARS", "2013년 9월 26일"]),
        ("보안카드", ["일부 자리", "피싱"]),
    ],
)
def test_definitions_state_todays_facts(term: str, facts: list[str]) -> None:
    definition = next(t.definition for t in CONTENT.glossary_terms if t.term == term)
    for fact in facts:
        assert fact in definition, (term, fact)


# ------------------------------------------------------------------ the committed notebooks

REPO = Path(__file__).resolve().parents[1]


def test_no_committed_learner_notebook_shows_instructor_notes() -> None:
    first_misconception = CONTENT.lesson_notes[0].misconceptions[0].belief
    for lesson in CONTENT.lessons:
        committed = REPO / "notebooks" / lesson.notebook
        assert committed.exists(), committed
        text = committed.read_text(encoding="utf-8")
        assert "ct-instructor-notes" not in text and first_misconception not in text


# --------------------------------------------------------------------------- teacher's guide

GUIDE = REPO / "notebooks" / "instructor" / "teachers_guide.md"


def plan_rows(minutes: int) -> list[list[str]]:
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split(f"<!-- plan:{minutes} -->", 1)[1].split("<!-- /plan -->", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in block.strip().splitlines()
    ]
    return [row for row in rows[2:] if row]


@pytest.mark.parametrize("length", [60, 120])
def test_session_plans_add_up_and_use_the_lesson_minutes(length: int) -> None:
    content = CONTENT
    by_title = {lesson.title: lesson for lesson in content.lessons}
    rows = plan_rows(length)
    assert sum(int(row[-1]) for row in rows) == length
    for _order, title, activity, minutes in rows:
        if title not in by_title:
            assert title == "쉬는 시간"
            continue
        lesson = by_title[title]
        if activity.startswith("설명과 실습"):
            expected = lesson.minutes.teaching + lesson.minutes.exercises
        elif activity.startswith("설명"):
            expected = lesson.minutes.teaching
        else:
            assert activity.startswith("실습"), activity
            expected = lesson.minutes.exercises
        assert int(minutes) == expected, (length, title, activity)


def test_guide_minutes_table_matches_course_yaml() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for lesson in CONTENT.lessons:
        teaching, exercises = lesson.minutes.teaching, lesson.minutes.exercises
        row = f"| {lesson.title} | `{lesson.notebook}` | {teaching} | {exercises} | {teaching + exercises} |"
        assert row in text, row


def test_guide_covers_shared_class_editing_and_handouts() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for needed in (
        "JupyterHub",
        "CERTTRAINING_DB",
        "postgresql+psycopg://",
        "c.Spawner.environment",
        "certtraining validate",
        "make notebooks",
        "make handouts",
        "build/handouts-instructor/",
        "teaching_notes.ipynb",
    ):
        assert needed in text, needed
