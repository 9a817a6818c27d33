"""Each lesson, as a learner meets it: open it, Run › Run All Cells, and read what appears.

A screenshot of every lesson after "run all" is kept under ``test-output/browser/lessons/``
for a person to look at (overlaps, clipped text, boxes instead of Korean).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from certtraining import quiz
from certtraining.content import load_content
from certtraining.content.models import Lesson, Procedure
from certtraining.present.markup import to_text
from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.course_pages import asked_question_ids, squash
from tests.browser.lab_server import LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

LESSONS = load_content().lessons


def shown_procedures(lesson: Lesson) -> list[Procedure]:
    """Procedures whose step table the lesson shows (after the section named in the data)."""
    content = load_content()
    return [p for p in content.procedures if p.steps_after in lesson.covers]


# Controls with no accessible name: no <label> tied to them, no aria-label(ledby), no text.
UNLABELLED_CONTROLS = """box => [...box.querySelectorAll('input, select, textarea, button')]
    .filter(el => {
        const labels = [...(el.labels || [])].map(l => l.textContent).join('');
        const aria = (el.getAttribute('aria-label') || '') + (el.getAttribute('aria-labelledby') || '');
        const own = el.tagName === 'BUTTON' ? el.textContent : '';
        return (labels + aria + own).trim() === '';
    })
    .map(el => el.outerHTML.slice(0, 160))"""


def check_quiz_rendered(quiz_box: Locator, question_id: str) -> None:
    """The quiz shows its prompt and every control a learner can reach has a name."""
    from playwright.sync_api import expect

    expect(quiz_box).to_be_visible()
    prompt = squash(to_text(quiz.question(question_id).prompt))
    assert prompt[:40] in squash(quiz_box.text_content() or ""), question_id
    assert quiz_box.locator("input, select").count() > 0, f"{question_id} has no answer controls"
    unlabelled = quiz_box.evaluate(UNLABELLED_CONTROLS)
    assert unlabelled == [], f"{question_id}: controls without a label: {unlabelled}"


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
    asked = asked_question_ids(lesson)
    rendered = panel.locator(".ct-quiz-prompt[data-question]")
    if asked:
        assert rendered.count() == len(asked), f"{len(asked)} quizzes asked"
    for question_id in asked:
        box = panel.locator(".ct-quiz", has=page.locator(f"[data-question='{question_id}']"))
        check_quiz_rendered(box.last, question_id)
        expect(box.last.get_by_role("button", name=re.compile("확인"))).to_be_visible()
    exams = panel.locator(".ct-exam")
    for index in range(exams.count()):
        items = exams.nth(index).locator(".ct-quiz")
        assert items.count() > 0, "the exam shows no questions"
        for item in range(items.count()):
            box = items.nth(item)
            question_id = box.locator("[data-question]").first.get_attribute("data-question")
            assert question_id
            check_quiz_rendered(box, question_id)
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
