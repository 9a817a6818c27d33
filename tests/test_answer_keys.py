"""Answer keys kept apart from what learners see.

Content loaded without keys (``load_content(keys=False)``, ``CERTTRAINING_KEYS=off``) holds
no key material anywhere in reach, the lessons still render every quiz, and 확인 says where
answers are checked. With keys, one checker holds them and splitting a question loses nothing.
"""

from __future__ import annotations

import itertools
import json
import re
from typing import Any

import pytest
from pydantic import BaseModel

from certtraining import quiz
from certtraining.content import Content, load_content
from certtraining.content import rules as content_rules
from certtraining.content.keys import (
    KeyBase,
    PublicBank,
    join,
    option_key,
    split,
)
from certtraining.content.questions import (
    Choice,
    Distractor,
    Matching,
    MatchPair,
    Ordering,
    QuestionBase,
    SingleChoice,
)
from certtraining.events import subscribe
from certtraining.notebook.build import build_lesson
from certtraining.quiz.widgets import QuestionWidget
from certtraining.settings import PACKAGE_DIR
from tests.helpers import rendered_forms

WHOLE = quiz.local_checker(load_content(keys=True)).authored_questions()
KEY_ATTRIBUTES = {"answer", "explanation", "feedback", "pairs", "distractors", "steps_from"}


@pytest.fixture
def keys_off(monkeypatch: pytest.MonkeyPatch) -> Content:
    monkeypatch.setenv("CERTTRAINING_KEYS", "off")
    content = load_content()
    assert content.answer_keys is None
    return content


def key_markers() -> dict[str, set[str]]:
    """Per question: every text that gives its answer away (see test_quiz_key_secrecy)."""
    markers: dict[str, set[str]] = {}
    for item in WHOLE:
        key = quiz.answer_key(item.id, load_content(keys=True))
        found = rendered_forms(key.explanation)
        for feedback in key.feedback:
            found |= rendered_forms(feedback.text)
        if item.type not in ("single", "ox"):
            found.add(key.canonical)
        markers[item.id] = found
    return markers


MARKERS = key_markers()


def leaks(text: str) -> list[tuple[str, str]]:
    return [(qid, m[:50]) for qid, found in MARKERS.items() for m in found if m and m in text]


def reachable(node: Any, seen: set[int] | None = None) -> list[Any]:
    """Every object reachable from a Content: its attributes, models' fields, containers."""
    seen = set() if seen is None else seen
    if id(node) in seen or isinstance(node, str | int | float | bool | type(None)):
        return [node]
    seen.add(id(node))
    found: list[Any] = [node]
    if isinstance(node, BaseModel):
        children = [getattr(node, name) for name in type(node).model_fields]
    elif isinstance(node, dict):
        children = [*node.keys(), *node.values()]
    elif isinstance(node, list | tuple | set | frozenset):
        children = list(node)
    else:
        children = list(vars(node).values())
    for child in children:
        found += reachable(child, seen)
    return found


# --------------------------------------------------------------------------- the content model


def test_splitting_a_question_and_joining_it_again_loses_nothing():
    for item in WHOLE:
        public, key = split(item)
        assert join(public, key) == item
        assert not KEY_ATTRIBUTES & set(type(public).model_fields), item.id


def _ordering(steps: list[str]) -> Ordering:
    return Ordering(
        id="q-x", type="order", tests=["sec-x"], prompt="p", explanation="e", steps=steps
    )


def test_public_steps_say_nothing_about_the_right_order_and_are_never_solved():
    steps = ["본인 확인", "약관 동의", "보안카드 입력", "암호 설정"]
    shown = {}
    for right in itertools.permutations(steps):
        public, _ = split(_ordering(list(right)))
        assert public.steps != list(right)
        shown[right] = tuple(public.steps)
    by_key = tuple(sorted(steps, key=lambda s: option_key("q-x", "step", s)))
    # one order for every right answer, except the one right answer it would hand out solved
    assert set(shown.values()) == {by_key, tuple(reversed(by_key))}
    assert [r for r, s in shown.items() if s != by_key] == [by_key]


def test_public_meanings_say_nothing_about_the_pairing():
    terms, meanings = ["갱신", "재발급", "정지"], ["기간 연장", "새로 받기", "잠시 멈춤"]
    shown = set()
    for paired in itertools.permutations(meanings):
        item = Matching(
            id="q-m",
            type="match",
            tests=["sec-x"],
            prompt="p",
            explanation="e",
            pairs=[
                MatchPair(term=t, meaning=m, feedback="f")
                for t, m in zip(terms, paired, strict=True)
            ],
            distractors=[Distractor(meaning="폐지", feedback="f")],
        )
        public, _ = split(item)
        assert public.terms == terms
        shown.add(tuple(public.meanings))
    assert len(shown) == 1


def test_choices_keep_their_order_and_lose_answer_and_feedback():
    item = SingleChoice(
        id="q-s",
        type="single",
        tests=["sec-x"],
        prompt="p",
        explanation="설명",
        choices=[
            Choice(id="a", text="가", feedback="틀림"),
            Choice(id="b", text="나", feedback="맞음"),
        ],
        answer="b",
    )
    public, key = split(item)
    assert public.model_dump() == {
        "id": "q-s",
        "tests": ["sec-x"],
        "prompt": "p",
        "hint": None,
        "type": "single",
        "choices": [{"id": "a", "text": "가"}, {"id": "b", "text": "나"}],
    }
    assert (key.answer, key.feedback, key.explanation) == ("b", ["틀림", "맞음"], "설명")


# --------------------------------------------------------------------------- loading without keys


def test_content_without_keys_holds_no_key_material(keys_off: Content):
    objects = reachable(keys_off)
    assert not [o for o in objects if isinstance(o, KeyBase | QuestionBase)]
    strings = [o for o in objects if isinstance(o, str)]
    assert leaks("\n".join(strings)) == []
    assert isinstance(keys_off.question_bank, PublicBank)
    # the same course with its keys does hold them: the search is not vacuous
    with_keys = reachable(load_content(keys=True))
    assert any(isinstance(o, KeyBase) for o in with_keys)


def test_setting_and_argument_choose_keys(monkeypatch: pytest.MonkeyPatch):
    assert load_content(keys=False).answer_keys is None
    monkeypatch.setenv("CERTTRAINING_KEYS", "on")
    assert load_content().answer_keys is not None
    assert load_content(keys=False) is load_content(keys=False)  # cached like the keyed one
    monkeypatch.setenv("CERTTRAINING_KEYS", "maybe")
    with pytest.raises(ValueError, match="on 또는 off"):
        load_content()


def test_rules_that_need_no_keys_still_run_without_them():
    keyless = load_content(keys=False)
    assert content_rules.check(keyless) == []
    broken = keyless.question_bank.model_copy(
        update={"questions": [*keyless.questions, keyless.questions[0]]}
    )
    copied = Content(
        course=keyless.course,
        guide=keyless.guide,
        faq=keyless.faq_file,
        cautions=keyless.cautions_file,
        today=keyless.today_file,
        questions=broken,
        glossary=keyless.glossary,
        instructor_notes=keyless.instructor_notes,
        simulator=keyless.simulator,
    )
    assert any("2번" in str(p) for p in content_rules.check(copied))


def test_only_the_checker_reads_the_keys():
    """Outside content/ (which loads and validates them), only quiz/checker.py names them."""
    allowed = {"content/models.py", "content/loader.py", "content/keys.py"}
    allowed |= {"content/question_rules.py", "content/bank_warnings.py", "quiz/checker.py"}
    readers = sorted(
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if re.search(r"\banswer_keys\b|\bimport[^\n]*\b(authored|join)\b", path.read_text("utf-8"))
    )
    assert set(readers) <= allowed, readers


# --------------------------------------------------------------------------- lessons without keys


@pytest.fixture
def shell():
    from IPython.core.interactiveshell import InteractiveShell

    created = not InteractiveShell.initialized()
    yield InteractiveShell.instance()
    if created:
        InteractiveShell.clear_instance()


def test_every_lesson_renders_its_quizzes_without_keys_and_shows_no_key(keys_off, shell):
    from IPython.utils.capture import capture_output
    from ipywidgets.widgets.widget import _instances

    asked: set[str] = set()
    for lesson in keys_off.lessons:
        notebook = build_lesson(keys_off, lesson)
        before = set(_instances)
        texts: list[str] = []
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            with capture_output() as captured:
                result = shell.run_cell(cell.source, store_history=False)
            assert result.success, (lesson.id, cell.source, result.error_in_exec)
            shown = [output.data for output in captured.outputs]
            if result.result is not None:  # a cell's last value, as Jupyter would show it
                shown.append(shell.display_formatter.format(result.result)[0])
            for data in shown:
                texts.append(json.dumps(data, ensure_ascii=False))
                mime = data.get("application/vnd.certtraining.question+json")
                if mime:
                    asked.add(mime["question_id"])
                    assert "application/vnd.jupyter.widget-view+json" in data
        state = [w.get_state() for k, w in list(_instances.items()) if k not in before]
        texts.append(json.dumps(state, ensure_ascii=False, default=str))
        assert leaks("\n".join(texts)) == [], lesson.id
    assert asked >= {q.id for q in keys_off.questions if quiz.placement(q, keys_off)}


def test_check_without_keys_says_where_answers_are_checked(keys_off):
    from certtraining.notebook.lesson import quiz as lesson_quiz

    heard: list = []
    unsubscribe = subscribe(heard.append)
    try:
        single = next(q for q in keys_off.questions if q.type == "single")
        widget = lesson_quiz(single.id)
        assert widget.checker.can_check is False
        widget.check_button.click()
        assert "골라 주세요" in widget.feedback.value  # an incomplete answer is still refused
        widget.input.inputs[0].index = 0
        widget.check_button.click()
        assert "수업 서버에서 확인합니다" in widget.feedback.value
        assert "정답입니다" not in widget.feedback.value and "오답" not in widget.feedback.value
        assert heard == []  # nothing is recorded as checked
    finally:
        unsubscribe()
    with pytest.raises(quiz.CheckUnavailable):
        quiz.answer_key(single.id, keys_off)


def test_exam_without_keys_is_shown_and_not_graded(keys_off):
    from certtraining.quiz.exam import ExamWidget

    exam = ExamWidget("demo-learner", keys_off)
    assert exam.items
    exam.submit()  # asks again about unanswered questions
    assert exam.submit() is None
    assert "수업 서버에서 확인합니다" in exam.outcome.value


def test_handout_question_without_keys_has_no_check_and_no_answer(keys_off):
    from certtraining.handout import bank
    from certtraining.handout.quiz import quiz_html

    for item in keys_off.questions:
        handout = bank.handout_question(item.id)
        assert handout is not None
        assert (handout.correct, handout.explanation, handout.reveals) == ("", "", {})
        for answers in (False, True):
            block = quiz_html(handout, 1, "quiz-x", answers=answers)
            assert "data-digest" not in block and 'class="ct-answer"' not in block
            assert leaks(block) == [], item.id


# --------------------------------------------------------------------------- the checker with keys


def test_the_checker_with_keys_judges_every_question_by_its_key():
    content = load_content(keys=True)
    checker = quiz.checker_for(content)
    assert isinstance(checker, quiz.LocalChecker) and checker.can_check
    for item in WHOLE:
        canonical = checker.correct_canonical(item.id)
        if item.type in ("single", "ox"):
            right: Any = canonical
        elif item.type in ("multiple", "order"):
            right = canonical.split(",")
        else:
            right = dict(part.split("=") for part in canonical.split(","))
        result = checker.check(item.id, right)
        assert result.correct and result.explanation == item.explanation, item.id
        assert checker.digest("s", item.id) == quiz.answer_digest("s", item.id, canonical)


def test_a_checker_can_be_handed_to_a_widget():
    """The class-server work plugs its own checker in the same way."""

    class Remote:
        can_check = True
        asked: list = []

        def check(self, question_id: str, answer: Any, mode: str = "practice") -> quiz.CheckResult:
            self.asked.append((question_id, answer))
            return quiz.CheckResult(question_id, True, "x", answer, (), "원격 해설")

        def explain(self, question_id: str) -> str:
            return "원격 해설"

    content = load_content(keys=False)
    ox = next(q for q in content.questions if q.type == "ox")
    remote = Remote()
    widget = QuestionWidget(ox, content=content, checker=remote)
    widget.input.inputs[0].value = "O"
    widget.check()
    assert remote.asked == [(ox.id, "O")]
    assert "정답입니다" in widget.feedback.value and "원격 해설" in widget.feedback.value


def test_instructor_outputs_refuse_content_without_keys(keys_off, tmp_path, capsys):
    from certtraining.cli.main import main
    from certtraining.handout.build import HandoutCopy, HandoutError, build_handouts

    with pytest.raises(HandoutError, match="정답 정보가 필요합니다"):
        build_handouts([], [HandoutCopy(tmp_path / "instructor", answers=True)])
    assert main(["questions", "export", "--format", "jupyterquiz"]) == 1
    assert "CERTTRAINING_KEYS=off" in capsys.readouterr().err
    assert main(["questions", "export", "--format", "qti", "--out", str(tmp_path / "q.zip")]) == 1
    assert "CERTTRAINING_KEYS=off" in capsys.readouterr().err
    assert not (tmp_path / "q.zip").exists()
    xapi = ["progress", "export", "--format", "xapi", "--home-page", "https://lms.example.org"]
    assert main(xapi) == 1
    assert "CERTTRAINING_KEYS=off" in capsys.readouterr().err
