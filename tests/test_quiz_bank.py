"""The question bank: it validates, covers what the issue asks, and its public view hides the key."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from certtraining import quiz
from certtraining.content import load_content
from certtraining.content.loader import validate_dir
from certtraining.content.questions import (
    Matching,
    MultipleChoice,
    Ordering,
    SingleChoice,
    TrueFalse,
)
from certtraining.present.markup import to_text
from certtraining.quiz import AnswerError, check_answer
from certtraining.settings import default_data_dir

CONTENT = load_content()
BANK = quiz.local_checker().authored_questions()  # whole questions, keys included


def all_tested_ids() -> set[str]:
    return {tested for item in BANK for tested in item.tests}


def test_bank_loads_with_the_content_and_has_every_type():
    assert [q.id for q in CONTENT.question_bank.questions] == [q.id for q in BANK]
    assert len(BANK) >= 30
    assert {q.type for q in BANK} == {"single", "multiple", "ox", "order", "match"}


def test_every_caution_and_faq_is_tested():
    missing = {c.id for c in CONTENT.cautions} - all_tested_ids()
    assert not missing, f"cautions without a question: {sorted(missing)}"
    missing = {f.id for f in CONTENT.faqs} - all_tested_ids()
    assert not missing, f"FAQ without a question: {sorted(missing)}"


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
        ("certificate password rules", "today-storage-media", ["10자리", "특수문자"]),
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


def test_every_question_has_a_place_in_a_lesson_and_a_review_anchor():
    for item in BANK:
        assert quiz.placement(item) is not None, item.id
        anchor = quiz.review_anchor(item)
        assert anchor.lesson in {lesson.id for lesson in CONTENT.lessons}, item.id


# --------------------------------------------------------------------------- validation


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def edit_questions(folder: Path, change: Callable[[list[dict]], None]) -> None:
    path = folder / "questions.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document["questions"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def by_id(questions: list[dict], question_id: str) -> dict:
    return next(q for q in questions if q["id"] == question_id)


BROKEN: list[tuple[str, Callable[[list[dict]], None], list[str]]] = [
    (
        "duplicate id",
        lambda qs: qs.append(dict(by_id(qs, "q-faq-fee"))),
        ["questions.yaml", "id=q-faq-fee", "2번", "id"],
    ),
    (
        "unknown tested id",
        lambda qs: by_id(qs, "q-faq-fee")["tests"].append("caution-nowhere"),
        ["id=q-faq-fee", "tests", "caution-nowhere"],
    ),
    (
        "answer names no choice",
        lambda qs: by_id(qs, "q-faq-fee").update(answer="z"),
        ["id=q-faq-fee", "answer", "'z'"],
    ),
    (
        "multiple answer names no choice",
        lambda qs: by_id(qs, "q-password-rules").update(answer=["a", "q"]),
        ["id=q-password-rules", "answer", "'q'"],
    ),
    (
        "a right choice without feedback",
        lambda qs: by_id(qs, "q-faq-fee")["choices"][1].pop("feedback"),
        ["id=q-faq-fee", "feedback", "필수"],
    ),
    (
        "O/X without feedback for X",
        lambda qs: by_id(qs, "q-name-today")["feedback"].pop("X"),
        ["id=q-name-today", "X", "필수"],
    ),
    (
        "unknown type",
        lambda qs: by_id(qs, "q-faq-fee").update(type="essay"),
        ["id=q-faq-fee", "type"],
    ),
    (
        "duplicate step",
        lambda qs: by_id(qs, "q-order-issuance").update(
            steps_from=None, steps=["약관 동의", "본인 확인", "약관 동의"]
        ),
        ["id=q-order-issuance", "steps", "약관 동의"],
    ),
    (
        "steps from an unknown procedure",
        lambda qs: by_id(qs, "q-order-issuance").update(steps_from="renewal"),
        ["id=q-order-issuance", "steps_from", "renewal"],
    ),
    (
        "ordering without steps",
        lambda qs: by_id(qs, "q-order-reissuance").pop("steps_from"),
        ["id=q-order-reissuance", "steps", "steps_from"],
    ),
    (
        "every choice right",
        lambda qs: by_id(qs, "q-password-rules").update(answer=["a", "b", "c", "d"]),
        ["id=q-password-rules", "answer"],
    ),
]


@pytest.mark.parametrize(("name", "breaker", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_bank_is_reported_by_file_item_and_field(data_copy, name, breaker, expected):
    edit_questions(data_copy, breaker)
    content, problems = validate_dir(data_copy)
    assert content is None
    messages = [str(p) for p in problems]
    assert any(all(e in m for e in expected) for m in messages), messages


# --------------------------------------------------------------------------- public API


def test_public_view_has_no_key_and_opaque_option_keys():
    for item in BANK:
        view = quiz.public_view(item)
        flat = str(view.to_dict())
        assert item.explanation not in flat
        key = quiz.answer_key(item)
        for feedback in key.feedback:
            assert feedback.text not in flat
        options = view.choices + view.steps + view.terms + view.meanings
        if item.type != "ox":
            # keys are hashes, not the author's ids a/b/c/d or positions
            assert all(len(o.key) == 8 for o in options), item.id


def test_display_order_is_fixed_by_seed_and_orderings_never_start_solved():
    for item in BANK:
        first = quiz.public_view(item)
        assert quiz.public_view(item) == first
        if isinstance(item, Ordering):
            assert [o.text for o in first.steps] != list(item.steps)
    shuffled = [
        [o.text for o in quiz.public_view(q, seed=f"learner-{n}").choices]
        for n in range(6)
        for q in BANK
        if isinstance(q, SingleChoice)
    ]
    assert len({tuple(s) for s in shuffled}) > len(shuffled) // 6  # seeds change the order


def test_canonical_answer_ignores_display_order_and_digest_is_salted_sha256():
    item = quiz.question("q-password-rules")
    keys = [o.key for o in quiz.public_view(item).choices]
    assert quiz.canonical_answer(item, keys[:2]) == quiz.canonical_answer(item, keys[1::-1])
    canonical = quiz.answer_key(item).canonical
    expected = hashlib.sha256(f"s4lt:q-password-rules:{canonical}".encode()).hexdigest()
    assert quiz.answer_digest("s4lt", "q-password-rules", canonical) == expected
    assert quiz.answer_digest("other", "q-password-rules", canonical) != expected


@pytest.mark.parametrize(
    ("question_id", "answer"),
    [
        ("q-faq-fee", ""),
        ("q-faq-fee", "not-a-key"),
        ("q-password-rules", []),
        ("q-name-today", "maybe"),
        ("q-order-issuance", ["x"]),
        ("q-cert-kinds", {}),
    ],
)
def test_incomplete_or_unknown_answers_are_refused(question_id, answer):
    with pytest.raises(AnswerError):
        quiz.canonical_answer(quiz.question(question_id), answer)


def test_answer_key_lists_feedback_for_every_option_with_the_right_one_marked():
    for item in BANK:
        key = quiz.answer_key(item)
        assert key.explanation == item.explanation
        if isinstance(item, SingleChoice | MultipleChoice):
            assert len(key.feedback) == len(item.choices)
            right = {item.answer} if isinstance(item, SingleChoice) else set(item.answer)
            assert sum(f.correct for f in key.feedback) == len(right)
        elif isinstance(item, TrueFalse):
            assert [f.correct for f in key.feedback] == [item.answer == "O", item.answer == "X"]
        elif isinstance(item, Matching):
            assert len(key.feedback) == len(item.pairs) + len(item.distractors)
        # checking the key's own canonical answer is right
        assert check_answer(item, _answer_from_canonical(item, key.canonical)).correct


def _answer_from_canonical(item, canonical: str):
    if isinstance(item, SingleChoice | TrueFalse):
        return canonical
    if isinstance(item, MultipleChoice | Ordering):
        return canonical.split(",")
    return dict(part.split("=") for part in canonical.split(","))


def test_wrong_answers_are_wrong():
    item = quiz.question("q-faq-validity")
    view = quiz.public_view(item)
    wrong = next(o for o in view.choices if "공동인증서(옛" in o.text)
    result = check_answer(item, wrong.key)
    assert not result.correct
    assert "1년" in to_text(result.feedback[0].text)
