"""Step tables have the seed's shape; lesson calls render deterministic, escaped output.

Runs on the fixture course (tests/fixtures/course).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from certtraining.content import load_content
from certtraining.notebook import lesson
from certtraining.present import tables
from tests.fixture_course import FIXTURE_COURSE, fixture_content

pytestmark = pytest.mark.usefixtures("course")

PROCEDURES = [procedure.id for procedure in fixture_content().procedures]


@pytest.mark.parametrize("procedure_id", PROCEDURES)
def test_steps_frame_is_shaped_like_the_seed(procedure_id):
    procedure = load_content().procedure(procedure_id)
    frame = tables.steps_frame(procedure)
    assert frame.index.name == "단계"
    assert list(frame.index) == list(range(1, len(procedure.steps) + 1))
    assert list(frame.columns) == ["설명"]
    assert list(frame["설명"]) == [s.description for s in procedure.steps]


def test_today_steps_frame_numbers_today_sequence():
    procedure = load_content().procedures[-1]
    frame = tables.today_steps_frame(procedure)
    assert list(frame.index) == list(range(1, len(procedure.today_steps) + 1))
    assert list(frame["설명"]) == list(procedure.today_steps)


def test_styled_table_has_fixed_uuid_and_is_stable():
    first = lesson.show_steps(PROCEDURES[0])
    second = lesson.show_steps(PROCEDURES[0])
    assert first.html == second.html
    assert f'id="T_steps-{PROCEDURES[0]}"' in first.html
    assert "0x" not in first.text  # no memory address in the plain-text form nbval compares


def test_steps_table_escapes_cell_html(tmp_path: Path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_COURSE, data)
    guide = yaml.safe_load((data / "guide.yaml").read_text(encoding="utf-8"))
    guide["procedures"][0]["steps"][0]["description"] = "<b>홈페이지</b> 접속"
    (data / "guide.yaml").write_text(yaml.safe_dump(guide, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("CERTTRAINING_DATA", str(data))
    block = lesson.show_steps(guide["procedures"][0]["id"])
    assert "<b>홈페이지</b>" not in block.html
    assert "&lt;b&gt;홈페이지&lt;/b&gt;" in block.html


def test_section_shows_text_cautions_and_today_note_in_order(course):
    section = next(
        s for s in course.sections() if course.cautions_for(s.id) and course.notes_for(s.id)
    )
    (caution,) = course.cautions_for(section.id)
    (note,) = course.notes_for(section.id)
    block = lesson.show_section(section.id)
    text = block.text
    body = text.index(section.body[0][:10])
    cautions = text.index("유의사항")
    notes = text.index("참고: 현재 제도")
    assert body < cautions < notes
    assert note.title in text
    assert f'data-caution="{caution.id}"' in block.html


def test_script_in_a_section_shows_as_text(course):
    section = next(s for s in course.sections() if "<script>" in " ".join(s.body))
    block = lesson.show_section(section.id)
    assert "<script>" not in block.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in block.html
    assert "<script>alert(1)</script>" in block.text


def test_every_today_note_is_shown_by_some_lesson_call():
    content = load_content()
    shown = ""
    for section in content.sections():
        shown += lesson.show_section(section.id).text
    for procedure in content.procedures:
        shown += lesson.show_steps(procedure.id).text
    for faq in content.faqs:
        shown += lesson.show_faq(faq.id).text
    for note in content.today_notes:
        assert note.title in shown, note.id


def test_course_map_lists_lessons_in_manifest_order():
    notebooks = [lesson_.notebook for lesson_ in load_content().lessons]
    frame = lesson.course_map_frame()
    assert list(frame["노트북"]) == notebooks
    assert [f"{number}_" for number in frame.index] == [n[:3] for n in notebooks]
    shown = lesson.show_course_map()
    positions = [shown.html.index(n) for n in notebooks]
    assert positions == sorted(positions)
