"""What learners see: the live progress bar, the lesson summary and the name prompt."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import ipywidgets
import pytest

from certtraining import events
from certtraining.learner import remembered_learner, resolve_learner
from certtraining.notebook.lesson import ask_learner_name, finish_lesson, quiz, start_lesson
from certtraining.notebook.plan import course_plan
from certtraining.present.mime import WIDGET_MIME
from certtraining.progress import recorder
from certtraining.progress.store import close_stores, open_store
from certtraining.quiz import review_anchor
from tests.fixture_course import fixture_content, of_type

REPO = Path(__file__).resolve().parent.parent

# The fixture course: a lesson with a one-answer question (answered through its radio buttons).
CONTENT = fixture_content()
QUESTION = of_type(CONTENT, "single").id
LESSON = review_anchor(of_type(CONTENT, "single"), CONTENT).lesson
FIRST, LAST = CONTENT.lessons[0].id, CONTENT.lessons[-1].id

pytestmark = pytest.mark.usefixtures("course")


@pytest.fixture
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty store of its own, the demo learner, and no listener left behind."""
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'progress.db'}")
    monkeypatch.setenv("CERTTRAINING_LEARNER", "demo-learner")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    yield tmp_path
    recorder.stop_recording()
    close_stores()


def answer_wrong_then_right(question_id: str) -> None:
    """Drive the real quiz widget: a wrong choice, 확인, the right choice, 확인."""
    from certtraining.quiz import answer_key

    widget = quiz(question_id)
    (radio,) = [w for w in widget.input.box.children if isinstance(w, ipywidgets.RadioButtons)]
    right = answer_key(question_id).canonical
    radio.value = next(key for _, key in radio.options if key != right)
    widget.check_button.click()
    radio.value = right
    widget.check_button.click()


def percent(view: object) -> int:
    return int(re.search(r'aria-valuenow="(\d+)"', view.widget.value).group(1))  # type: ignore[attr-defined]


def test_the_progress_bar_moves_when_a_quiz_is_answered(fresh_store: Path) -> None:
    bar = start_lesson(LESSON)
    questions = len(course_plan().lesson(LESSON).questions)
    assert questions > 1
    assert f"문제 0/{questions}" in repr(bar)
    before = percent(bar)
    answer_wrong_then_right(QUESTION)
    assert f"문제 1/{questions}" in repr(bar)
    assert percent(bar) > before
    attempts = open_store().attempts("demo-learner", QUESTION)
    section = course_plan().questions[QUESTION].section
    assert [(a.attempt_no, a.correct, a.lesson, a.section) for a in attempts] == [
        (1, False, LESSON, section),
        (2, True, LESSON, section),
    ]
    summary = finish_lesson(LESSON)
    assert "끝까지 읽기 아직" in repr(bar)  # showing the end is not reaching it
    assert not open_store().lesson_events("demo-learner")[1:]  # only "opened"
    summary.button.click()  # the learner reaches the end (the app: it scrolls into view)
    assert "끝까지 읽기 ✓" in repr(bar)  # the bar heard the "finished" event too
    assert summary.button.disabled and summary.button.description == "끝까지 읽음 ✓"
    summary.button.click()
    kinds = [e.kind for e in open_store().lesson_events("demo-learner")]
    assert kinds == ["opened", "finished"]  # once, however often it is pressed
    assert finish_lesson(LESSON).button.disabled  # a later visit shows it reached
    text = repr(summary)
    assert CONTENT.anchor_title(section) in text and "복습 필요" in text
    link = f"{CONTENT.lesson(LESSON).notebook}#{section}"
    assert link in text
    assert f'href="{link}"' in summary.widget.value


def test_display_bundles_carry_the_course_mime_and_a_static_rendering(fresh_store: Path) -> None:
    for view, kind in [
        (start_lesson(LESSON), "progress"),
        (finish_lesson(LESSON), "summary"),
        (ask_learner_name(), "name_prompt"),
    ]:
        bundle = view._repr_mimebundle_()
        assert bundle[WIDGET_MIME]["kind"] == kind
        assert "application/vnd.jupyter.widget-view+json" in bundle
        assert "text/html" not in bundle and bundle["text/plain"] == repr(view)
    assert start_lesson(LAST)._repr_mimebundle_()[WIDGET_MIME] == {
        "kind": "progress",
        "lesson": LAST,
    }


def bundles(lesson: str) -> list[dict]:
    shown = [start_lesson(lesson), ask_learner_name(), finish_lesson(lesson)]
    return [
        {k: v for k, v in view._repr_mimebundle_().items() if k.startswith("text/")}
        for view in shown
    ]


@pytest.mark.parametrize("lesson", [FIRST, LESSON, LAST])
def test_outputs_are_identical_for_the_demo_learner_with_an_empty_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lesson: str
) -> None:
    runs = []
    for run in ("first", "second"):
        monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / run / 'progress.db'}")
        monkeypatch.setenv("CERTTRAINING_LEARNER", "demo-learner")
        runs.append(bundles(lesson))
        recorder.stop_recording()
        close_stores()
    assert runs[0] == runs[1]
    text = str(runs[0])
    assert not re.search(r"\d{4}-\d{2}-\d{2}T|0x[0-9a-f]{6,}|[0-9a-f]{8}-[0-9a-f]{4}-", text)


def test_a_broken_store_shows_a_warning_and_never_breaks_the_lesson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = tmp_path / "progress.db"
    broken.write_text("not a database", encoding="utf-8")
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{broken}")
    try:
        bar = start_lesson(LESSON)
        assert "진도를" in repr(bar) and "그대로 두었습니다" in repr(bar)
        events.publish(events.AnswerChecked(QUESTION, "x", True, "practice"))
        assert "진도를 저장하지 못했습니다" in bar.widget.value
    finally:
        recorder.stop_recording()
        close_stores()
    assert broken.read_text(encoding="utf-8") == "not a database"


def test_an_unknown_lesson_id_is_refused_before_anything_is_stored(fresh_store: Path) -> None:
    with pytest.raises(KeyError, match="알 수 없는 수업"):
        start_lesson("no-such-lesson")
    assert open_store().count("lesson") == 0


# ---------------------------------------------------------------------- name prompt


@pytest.fixture
def no_override(fresh_store: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CERTTRAINING_LEARNER")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    return fresh_store


def test_the_name_prompt_remembers_a_name_once_for_later_lessons(no_override: Path) -> None:
    prompt = ask_learner_name()
    assert "이름을 한 번만 적어 주세요" in repr(prompt)
    assert prompt.field.value == ""
    decomposed = unicodedata.normalize("NFD", " 김민수 ")
    prompt.field.value = decomposed
    prompt.button.click()
    assert "저장했습니다: 김민수" in prompt.message.value
    assert remembered_learner() == resolve_learner() == "김민수"
    again = ask_learner_name()  # a later lesson or a restarted kernel
    assert "반갑습니다, 김민수 님" in repr(again) and again.field.value == "김민수"
    start_lesson(FIRST)
    assert open_store().learners() == ["김민수"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "비어"),
        ("가" * 65, "64자"),
        ("김\x07민수", "제어 문자"),
        ("김민수 900101-1234567", "주민등록번호나 전화번호"),
        ("01012345678", "주민등록번호나 전화번호"),
    ],
    ids=["empty", "too-long", "control", "rrn", "phone"],
)
def test_the_name_prompt_refuses_bad_names_with_a_clear_message(
    no_override: Path, typed: str, message: str
) -> None:
    prompt = ask_learner_name()
    assert prompt.save(typed) is None
    assert message in prompt.message.value and 'role="alert"' in prompt.message.value
    assert remembered_learner() is None


def test_the_name_prompt_shows_a_fixed_id_without_a_field(fresh_store: Path) -> None:
    prompt = ask_learner_name()
    assert repr(prompt) == (
        "학습자 이름: demo-learner (이 환경에서 정해져 있어 따로 적지 않아도 됩니다)"
    )
    assert not hasattr(prompt, "field")


# ---------------------------------------------------------------------- restart survival

KERNEL_ONE = f"""
import ipywidgets
from certtraining.notebook.lesson import *
from certtraining.quiz import answer_key
bar = start_lesson({LESSON!r})
print("BEFORE", repr(bar))
widget = quiz({QUESTION!r})
radio = [w for w in widget.input.box.children if isinstance(w, ipywidgets.RadioButtons)][0]
radio.value = answer_key({QUESTION!r}).canonical
widget.check_button.click()
print("AFTER", repr(bar))
"""
KERNEL_TWO = f"""
from certtraining.notebook.lesson import *
print("RESTARTED", repr(start_lesson({LESSON!r})))
"""


def run_in_new_kernel(code: str, env: dict[str, str]) -> str:
    """Start a real ipykernel, run ``code``, shut the kernel down; its printed output."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", env=env, cwd=str(REPO))
    printed: list[str] = []
    try:

        def keep(message: dict) -> None:
            if message["msg_type"] == "stream":
                printed.append(message["content"]["text"])
            if message["msg_type"] == "error":
                printed.append("\n".join(message["content"]["traceback"]))

        reply = client.execute_interactive(code, output_hook=keep, timeout=120)
        assert reply["content"]["status"] == "ok", "".join(printed)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=False)
    return "".join(printed)


def test_progress_survives_a_kernel_restart(tmp_path: Path) -> None:
    import os

    env = {
        **os.environ,
        "CERTTRAINING_DB": f"sqlite:///{tmp_path / 'progress.db'}",
        "CERTTRAINING_LEARNER": "재시작-학습자",
        "XDG_DATA_HOME": str(tmp_path / "xdg"),
    }
    questions = len(course_plan().lesson(LESSON).questions)
    first = run_in_new_kernel(KERNEL_ONE, env)
    assert f"문제 0/{questions}" in first.split("AFTER")[0]
    assert f"문제 1/{questions}" in first.split("AFTER")[1]
    second = run_in_new_kernel(KERNEL_TWO, env)
    assert f"문제 1/{questions}" in second
    assert "학습자 재시작-학습자" in second
    before = int(re.search(r"\] (\d+)%", first.split("AFTER")[0]).group(1))
    after_restart = int(re.search(r"\] (\d+)%", second).group(1))
    assert after_restart > before
