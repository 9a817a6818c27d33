"""The key is not in plain sight: not in notebook files, their outputs, or widget state.

"Key" here is everything that tells a learner the answer before they answer: each question's
explanation, every option's feedback (the right one's would give it away), the right answer
spelt out where it is more than one visible option (multiple select, order, matching), and
the canonical key string with its question id (what the salted hash is taken over).

The committed notebooks are searched for the real course's keys; everything built here is
built from the fixture course (tests/fixtures/course) and searched for its keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import nbformat
import pytest

from certtraining import quiz
from certtraining.content import Content, load_content
from certtraining.content.keys import PublicItem
from certtraining.notebook.build import build_lesson, execute
from certtraining.present.markup import to_html
from certtraining.quiz.exam import ExamWidget
from certtraining.quiz.widgets import QuestionWidget, walk
from certtraining.settings import default_data_dir, notebooks_dir
from tests.fixture_course import fixture_content, of_type
from tests.helpers import rendered_forms


def key_markers(item: PublicItem, content: Content) -> set[str]:
    key = quiz.answer_key(item, content)
    markers = rendered_forms(key.explanation)
    for feedback in key.feedback:
        markers |= rendered_forms(feedback.text)
    markers.add(f"{item.id}:{key.canonical}")
    if item.type not in ("single", "ox"):
        markers.add(key.canonical)
        markers |= rendered_forms(key.answer_text)
    return markers


def all_markers(content: Content) -> dict[str, set[str]]:
    return {item.id: key_markers(item, content) for item in content.questions}


FIXTURE_MARKERS = all_markers(fixture_content())


def strings(node: Any) -> list[str]:
    """Every string in a JSON document (sources, outputs, metadata, saved widget state)."""
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for key, value in node.items() for s in [str(key), *strings(value)]]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return []


def leaks(text: str, markers_by_id: dict[str, set[str]] = FIXTURE_MARKERS) -> list[tuple[str, str]]:
    return [
        (qid, marker[:60])
        for qid, markers in markers_by_id.items()
        for marker in markers
        if marker and marker in text
    ]


def test_markers_are_found_when_the_key_is_shown(course):
    """The search is not vacuous: after 확인 the widget state does hold the key."""
    item = of_type(course, "order")
    widget = QuestionWidget(quiz.question(item.id))
    for select, step in zip(widget.input.inputs, item.steps, strict=True):
        select.label = step
    widget.check()
    state = json.dumps([w.get_state() for w in walk(widget)], ensure_ascii=False)
    assert (item.id, to_html(item.explanation)[:60]) in leaks(state)


def test_committed_notebooks_hold_no_key():
    real = all_markers(load_content(default_data_dir()))
    paths = sorted(notebooks_dir().rglob("*.ipynb"))
    assert paths, "no notebooks to search"
    for path in paths:
        text = "\n".join(strings(json.loads(path.read_text(encoding="utf-8"))))
        assert leaks(text, real) == [], path.name


@pytest.fixture(scope="module")
def fresh_notebooks(module_course, tmp_path_factory) -> list[Path]:
    """The fixture course's quiz lessons built and executed as `make notebooks` does."""
    content = module_course
    folder = tmp_path_factory.mktemp("notebooks")
    written = []
    for lesson in content.lessons:
        built = build_lesson(content, lesson)
        if not any(word in cell.source for cell in built.cells for word in ("quiz", "exam")):
            continue  # nothing with a key to leak
        notebook = execute(built, folder)
        path = folder / Path(lesson.notebook).name
        nbformat.write(notebook, path)
        written.append(path)
    return written


def test_freshly_built_quiz_notebooks_hold_no_key_in_file_outputs_or_widget_state(
    fresh_notebooks,
):
    quizzes = 0
    for path in fresh_notebooks:
        document = json.loads(path.read_text(encoding="utf-8"))
        assert leaks("\n".join(strings(document))) == [], path.name
        state = document["metadata"].get("widgets", {})
        assert state, f"{path.name}: no saved widget state to search"
        for cell in document["cells"]:
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                quizzes += "application/vnd.certtraining.question+json" in data
                if "application/vnd.certtraining.question+json" in data:
                    assert "application/vnd.jupyter.widget-view+json" in data
    assert quizzes >= len(quiz.questions())  # every question is asked somewhere


def test_widget_state_of_every_quiz_and_exam_holds_no_key(course):
    for item in quiz.questions():
        widget = QuestionWidget(item)
        state = json.dumps([w.get_state() for w in walk(widget)], ensure_ascii=False)
        assert leaks(state) == [], item.id
    for learner in ["demo-learner", "김민수", "park"]:
        exam = ExamWidget(learner)
        for item in exam.items:  # answered but not submitted
            if item.view.type in ("single", "ox"):
                item.input.inputs[0].index = 0
        state = json.dumps([w.get_state() for w in walk(exam)], ensure_ascii=False)
        assert leaks(state) == [], learner
