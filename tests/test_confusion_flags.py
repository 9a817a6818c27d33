"""이 문제가 헷갈려요 (issue 13, item 2): every quiz has the control, the note passes the
personal-data guard, the flag is a record of its own on every backend, the reports show it,
and the handout has no such control."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from certtraining import events, quiz
from certtraining.handout.exporter import HandoutExporter
from certtraining.notebook.plan import course_plan
from certtraining.personal.privacy import MAX_NOTE_CHARS, REDACTED
from certtraining.progress import Flag, ProgressStore, RecordError
from certtraining.progress.jsonl import export_jsonl, read_jsonl
from certtraining.progress.recorder import to_record
from certtraining.progress.report import item_analysis, korean_items, load_class
from certtraining.quiz.exam import ExamWidget
from certtraining.quiz.flag import LABEL
from certtraining.quiz.widgets import QuestionWidget
from tests.fixture_course import of_type

pytest_plugins = ["tests.progress_support"]

PHONE = "010-1234-5678"


@pytest.fixture
def heard():
    caught: list = []
    unsubscribe = events.subscribe(caught.append)
    yield caught
    unsubscribe()


def flagged(caught: list) -> list[events.QuestionFlagged]:
    return [e for e in caught if isinstance(e, events.QuestionFlagged)]


def test_a_learner_flags_a_question_with_a_short_note(course, heard) -> None:
    item = of_type(course, "single")
    widget = QuestionWidget(quiz.question(item.id, course), content=course)
    assert widget.flag.button.description == LABEL
    assert widget.flag.note is None  # the note field is made only when it is wanted
    widget.flag.button.click()
    widget.flag.note.value = "보기 " + "가" * 400
    assert len(widget.flag.note.value) == MAX_NOTE_CHARS  # the field keeps 200 characters
    widget.flag.send_button.click()
    (event,) = flagged(heard)
    assert event.question_id == item.id and event.note.startswith("보기 가")
    assert event.question_version == quiz.question_version(item)
    assert "강사에게 알렸습니다" in widget.flag.status.value
    assert widget.flag.note.value == ""
    widget.flag.button.click()
    widget.flag.send_button.click()  # without a note
    assert flagged(heard)[-1].note is None


def test_a_note_that_looks_personal_is_refused_with_a_korean_message(course, heard) -> None:
    widget = QuestionWidget(of_type(course, "ox"), content=course)
    widget.flag.button.click()
    widget.flag.note.value = f"제 번호는 {PHONE} 입니다"
    widget.flag.send_button.click()
    assert flagged(heard) == []
    assert "전화번호처럼 보이는" in widget.flag.status.value
    assert widget.flag.note.value.endswith("입니다")  # kept, so the learner can fix it


def test_the_exam_and_review_quizzes_have_the_control_too(course) -> None:
    exam = ExamWidget("학습자-1", content=course)
    assert all(item.flag in item.children for item in exam.items)
    review = QuestionWidget(of_type(course, "multiple"), "review", content=course)
    assert review.flag in review.children


def test_the_store_keeps_flags_and_scrubs_notes_on_every_backend(store_url: str) -> None:
    store = ProgressStore(store_url)
    event = events.QuestionFlagged("q-1", "보기가 비슷해요", "0123456789abcdef")
    stored = store.record(to_record(event, "학습자-가"))
    assert isinstance(stored, Flag) and stored.note == "보기가 비슷해요"
    store.record(Flag("학습자-나", "q-1", None, f"전화 {PHONE} 주세요"))
    store.record(Flag("학습자-나", "q-2"))
    flags = store.flags()
    assert [f.learner for f in flags] == ["학습자-가", "학습자-나", "학습자-나"]
    assert flags[1].note == f"전화 {REDACTED} 주세요" and flags[2].note is None
    assert [f.question_id for f in store.flags(question_id="q-1")] == ["q-1", "q-1"]
    assert store.flags("학습자-가") == [stored]
    assert store.count("flag") == 3 and "학습자-나" in store.learners()
    assert [r for r in store.records() if isinstance(r, Flag)] == flags
    store.close()


def test_flags_travel_in_json_lines_and_import_once(tmp_path: Path) -> None:
    source = ProgressStore(f"sqlite:///{tmp_path / 'learner.db'}")
    source.record(Flag("학습자", "q-1", "0123456789abcdef", "헷갈려요"))
    out = tmp_path / "mine.jsonl"
    assert export_jsonl(source, out) == 1
    line = json.loads(out.read_text(encoding="utf-8"))
    assert line["type"] == "flag" and line["note"] == "헷갈려요"
    teacher = ProgressStore(f"sqlite:///{tmp_path / 'teacher.db'}")
    assert teacher.import_records(read_jsonl(out)) == 1
    assert teacher.import_records(read_jsonl(out)) == 0
    assert teacher.flags() == source.flags()
    # A file from elsewhere: no version, a note with a phone number, a bad version.
    other = tmp_path / "other.jsonl"
    base = {"type": "flag", "uuid": "6f1c2d3e-4a5b-4c6d-8e7f-0a1b2c3d4e5f", "learner": "다른"}
    base |= {"question_id": "q-2", "created_at": "2026-11-01T10:00:00Z"}
    other.write_text(json.dumps(base | {"note": f"{PHONE}"}, ensure_ascii=False) + "\n")
    (imported,) = read_jsonl(other)
    assert imported.note == REDACTED and imported.question_version is None
    with pytest.raises(RecordError, match="question_version"):
        Flag("다른", "q-2", "not-hex!").checked()
    source.close()
    teacher.close()


def test_the_reports_count_flags_per_question(course, tmp_path: Path) -> None:
    plan = course_plan()
    single, ox = of_type(course, "single"), of_type(course, "ox")
    store = ProgressStore(f"sqlite:///{tmp_path / 'class.db'}")
    for who in ("가", "나", "다"):
        store.record(Flag(who, single.id, plan.versions[single.id]))
    store.record(Flag("가", single.id, plan.versions[single.id], "두 번째"))  # same learner
    store.record(Flag("나", ox.id, None, "보기가 헷갈려요"))
    items = item_analysis(load_class(store, plan)).set_index("question_id")
    assert items.loc[single.id, "learner_flags"] == 3
    assert items.loc[ox.id, "learner_flags"] == 1 and items.loc[ox.id, "learners"] == 0
    shown = korean_items(items.reset_index())
    assert "헷갈려요 표시" in shown.columns
    store.close()


def test_the_instructor_view_lists_flags_and_notes(course, tmp_path, monkeypatch) -> None:
    from certtraining.notebook import instructor

    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    instructor.load_view(refresh=True)  # no answers: the example class, which flags a few
    block = instructor.show_confusion_flags()
    assert "헷갈려요 표시" in block.html and 'class="ct-item-id"' in block.html
    assert "명" in block.text and any(note and note in block.html for note in _notes())
    items = instructor.show_item_analysis()
    assert "헷갈려요 표시" in items.html


def _notes() -> tuple:
    from certtraining.notebook.synthetic import FLAG_NOTES

    return FLAG_NOTES


def test_the_handout_has_no_flag_control(course) -> None:
    first = quiz.questions()[0]
    notebook = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("quiz()")
    mime = {"question_id": first.id, "mode": "practice"}
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"text/plain": "VBox()", "application/vnd.certtraining.question+json": mime},
        )
    ]
    notebook.cells = [nbformat.v4.new_markdown_cell("# 수업"), cell]
    for answers in (False, True):
        body, _ = HandoutExporter(answers=answers).from_notebook_node(notebook)
        assert 'class="ct-quiz"' in body and "헷갈려요" not in body


def test_printing_a_notebook_hides_the_control() -> None:
    from certtraining.present.templates import widget_style

    css = widget_style()
    printed = css.split("@media print", 1)[1]
    assert ".ct-flag" in printed and "display: none" in printed
