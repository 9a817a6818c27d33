"""The question bank's code: it validates, places each question, and its public view hides the key.

Runs on the fixture course (tests/fixtures/course); checks about the real course's own
questions are in tests/test_course_content.py and in ``certtraining validate``.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from certtraining import quiz
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
from tests.fixture_course import FIXTURE_COURSE, fixture_content, of_type

pytestmark = pytest.mark.usefixtures("course")

CONTENT = fixture_content()
BANK = quiz.local_checker(CONTENT).authored_questions()  # whole questions, keys included


def test_bank_loads_with_the_content_and_has_every_type():
    assert [q.id for q in quiz.questions()] == [q.id for q in BANK]
    assert {q.type for q in BANK} == {"single", "multiple", "ox", "order", "match"}


def test_ordering_steps_from_a_procedure_are_its_today_steps():
    item = of_type(CONTENT, "order")
    assert item.steps_from is not None
    assert list(item.steps) == list(CONTENT.procedure(item.steps_from).today_steps)


def test_every_question_has_a_place_in_a_lesson_and_a_review_anchor():
    for item in BANK:
        assert quiz.placement(item) is not None, item.id
        anchor = quiz.review_anchor(item)
        assert anchor.lesson in {lesson.id for lesson in CONTENT.lessons}, item.id


def test_a_question_on_a_procedures_note_sits_after_its_step_table():
    item = of_type(CONTENT, "order")
    (note,) = [n for n in CONTENT.today_notes if n.id in item.tests]
    procedure = CONTENT.procedure(note.target)
    assert quiz.placement(item) == procedure.id
    assert quiz.review_anchor(item).section == procedure.steps_after


# --------------------------------------------------------------------------- validation


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


def edit_questions(folder: Path, change: Callable[[list[dict]], None]) -> None:
    path = folder / "questions.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document["questions"])
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def by_type(questions: list[dict], question_type: str) -> dict:
    return next(q for q in questions if q["type"] == question_type)


# (name, question type, how to break that question, texts one message must contain; "{id}"
# stands for the broken question's id)
BROKEN: list[tuple[str, str, Callable[[list[dict], dict], None], list[str]]] = [
    (
        "duplicate id",
        "single",
        lambda qs, q: qs.append(dict(q)),
        ["questions.yaml", "id={id}", "2번", "id"],
    ),
    (
        "unknown tested id",
        "single",
        lambda qs, q: q["tests"].append("caution-nowhere"),
        ["id={id}", "tests", "caution-nowhere"],
    ),
    (
        "answer names no choice",
        "single",
        lambda qs, q: q.update(answer="z"),
        ["id={id}", "answer", "'z'"],
    ),
    (
        "multiple answer names no choice",
        "multiple",
        lambda qs, q: q.update(answer=[q["choices"][0]["id"], "zz"]),
        ["id={id}", "answer", "'zz'"],
    ),
    (
        "a right choice without feedback",
        "single",
        lambda qs, q: next(c for c in q["choices"] if c["id"] == q["answer"]).pop("feedback"),
        ["id={id}", "feedback", "필수"],
    ),
    (
        "O/X without feedback for X",
        "ox",
        lambda qs, q: q["feedback"].pop("X"),
        ["id={id}", "X", "필수"],
    ),
    ("unknown type", "single", lambda qs, q: q.update(type="essay"), ["id={id}", "type"]),
    (
        "duplicate step",
        "order",
        lambda qs, q: q.update(steps_from=None, steps=["약관 동의", "본인 확인", "약관 동의"]),
        ["id={id}", "steps", "약관 동의"],
    ),
    (
        "steps from an unknown procedure",
        "order",
        lambda qs, q: q.update(steps_from="renewal"),
        ["id={id}", "steps_from", "renewal"],
    ),
    (
        "ordering without steps",
        "order",
        lambda qs, q: q.pop("steps_from"),
        ["id={id}", "steps", "steps_from"],
    ),
    (
        "every choice right",
        "multiple",
        lambda qs, q: q.update(answer=[c["id"] for c in q["choices"]]),
        ["id={id}", "answer"],
    ),
]


@pytest.mark.parametrize(
    ("name", "question_type", "breaker", "expected"), BROKEN, ids=[b[0] for b in BROKEN]
)
def test_broken_bank_is_reported_by_file_item_and_field(
    data_copy, name, question_type, breaker, expected
):
    question_id = of_type(CONTENT, question_type).id
    edit_questions(data_copy, lambda qs: breaker(qs, by_type(qs, question_type)))
    content, problems = validate_dir(data_copy)
    assert content is None
    messages = [str(p) for p in problems]
    wanted = [e.format(id=question_id) for e in expected]
    assert any(all(e in m for e in wanted) for m in messages), messages


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
    item = of_type(CONTENT, "multiple")
    keys = [o.key for o in quiz.public_view(item).choices]
    assert quiz.canonical_answer(item, keys[:2]) == quiz.canonical_answer(item, keys[1::-1])
    canonical = quiz.answer_key(item).canonical
    expected = hashlib.sha256(f"s4lt:{item.id}:{canonical}".encode()).hexdigest()
    assert quiz.answer_digest("s4lt", item.id, canonical) == expected
    assert quiz.answer_digest("other", item.id, canonical) != expected


@pytest.mark.parametrize(
    ("question_type", "answer"),
    [
        ("single", ""),
        ("single", "not-a-key"),
        ("multiple", []),
        ("ox", "maybe"),
        ("order", ["x"]),
        ("match", {}),
    ],
)
def test_incomplete_or_unknown_answers_are_refused(question_type, answer):
    with pytest.raises(AnswerError):
        quiz.canonical_answer(quiz.question(of_type(CONTENT, question_type).id), answer)


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
    item = of_type(CONTENT, "single")
    wrong = next(c for c in item.choices if c.id != item.answer)
    view = quiz.public_view(item)
    shown = next(o for o in view.choices if o.text == wrong.text)
    result = check_answer(item, shown.key)
    assert not result.correct
    assert to_text(result.feedback[0].text) == to_text(wrong.feedback)
