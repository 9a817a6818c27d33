"""Each lesson, as a learner meets it: open it, Run › Run All Cells, and read what appears.

A screenshot of every lesson after "run all" is kept under ``test-output/browser/lessons/``
for a person to look at (overlaps, clipped text, boxes instead of Korean).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from certtraining.content import load_content
from certtraining.content.models import Lesson, Procedure
from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.lab_server import LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Page

LESSONS = load_content().lessons


def shown_procedures(lesson: Lesson) -> list[Procedure]:
    """Procedures whose step table the lesson shows (after the section named in the data)."""
    content = load_content()
    return [p for p in content.procedures if p.steps_after in lesson.covers]


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_lesson_runs_cleanly_and_shows_its_content(
    page: Page, lab: LabServer, lesson: Lesson
) -> None:
    from playwright.sync_api import expect

    panel = jupyterlab.open_notebook(page, lab, lesson.notebook)
    jupyterlab.run_all(page, panel)
    jupyterlab.screenshot_whole_notebook(
        page, panel, OUTPUT_DIR / "lessons" / f"{lesson.notebook.replace('/', '_')}.png"
    )

    assert jupyterlab.error_texts(panel) == []

    cells = jupyterlab.code_cells(panel)
    silent = [
        index
        for index in range(cells.count())
        if cells.nth(index).locator(".jp-OutputArea-child").count() == 0
    ]
    assert not silent, f"code cells {silent} of {lesson.notebook} showed nothing after Run All"
    assert jupyterlab.expanded_code_inputs(panel) == 0, "a learner would see Python code"

    expect(panel.locator("h1").first).to_contain_text(lesson.title)
    for procedure in shown_procedures(lesson):
        seed_table = panel.locator(f"table[id='T_steps-{procedure.id}']")
        expect(seed_table).to_be_visible()
        seed_text = squash(seed_table.text_content() or "")
        for step in procedure.steps:
            assert squash(step.description) in seed_text, step.description
        today_table = panel.locator(f"table[id='T_today-steps-{procedure.id}']")
        expect(today_table).to_be_visible()
        today_text = squash(today_table.text_content() or "")
        for step_text in procedure.today_steps:
            assert squash(step_text) in today_text, step_text
