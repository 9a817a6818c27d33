"""A lesson opened and not yet run shows its quizzes from the widget state saved in the notebook.

The builder gives widgets stable model ids (``certtraining.notebook.stable_ids``); this proves
JupyterLab still finds every saved model for the outputs that name it ("model not found"
otherwise) in the committed notebooks, before the learner runs a single cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from certtraining.content import load_content
from tests.browser import jupyterlab
from tests.browser.course_pages import asked_question_ids
from tests.browser.lab_server import LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Page

LESSON = load_content().lesson("issuance")


def test_a_freshly_opened_lesson_shows_its_saved_quizzes(page: Page, lab: LabServer) -> None:
    from playwright.sync_api import expect

    panel = jupyterlab.open_notebook(page, lab, LESSON.notebook)
    asked = asked_question_ids(LESSON)
    assert asked, "the lesson asks no questions"
    prompts = panel.locator(".ct-quiz-prompt[data-question]")
    expect(prompts).to_have_count(len(asked))
    assert [prompts.nth(i).get_attribute("data-question") for i in range(len(asked))] == asked
    expect(panel.get_by_text("model not found")).to_have_count(0)
    assert jupyterlab.error_texts(panel) == []
