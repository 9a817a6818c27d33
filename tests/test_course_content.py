"""Checks about the real course's own questions (data/), not about code.

These fail when a teacher's edit changes what the course teaches, so they name real ids
and words on purpose. Rules a teacher should hear about while editing belong in
``certtraining validate`` instead (certtraining/content/*rules.py); code tests use the
fixture course (tests/fixtures/course).
"""

from __future__ import annotations

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
