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
    from playwright.sync_api import Locator, Page

LESSON = load_content().lesson("issuance")


def test_a_freshly_opened_lesson_shows_its_saved_quizzes(page: Page, lab: LabServer) -> None:
    from playwright.sync_api import expect

    panel = jupyterlab.open_notebook(page, lab, LESSON.notebook)
    asked = asked_question_ids(LESSON)
    assert asked, "the lesson asks no questions"
    assert drawn_prompts(page, panel) == asked
    expect(panel.get_by_text("model not found")).to_have_count(0)
    assert jupyterlab.error_texts(panel) == []


def drawn_prompts(page: Page, panel: Locator) -> list[str]:
    """The question ids of the quiz prompts drawn, top to bottom, scrolling through the lesson.

    JupyterLab draws a long notebook's outputs as they come into view, so the prompts are
    collected while the notebook scrolls from top to bottom, a screen at a time.
    """
    scroller = panel.locator(".jp-WindowedPanel-outer")
    seen: list[str] = []
    top, previous_height = 0, -1
    while True:
        scroller.evaluate("(n, t) => { n.scrollTop = t; }", top)
        page.wait_for_timeout(300)
        for question_id in panel.locator(".ct-quiz-prompt[data-question]").evaluate_all(
            "nodes => nodes.map(n => n.dataset.question)"
        ):
            if question_id not in seen:
                seen.append(question_id)
        height = int(scroller.evaluate("n => n.scrollHeight"))
        if top >= height and height == previous_height:
            return seen
        top, previous_height = top + int(scroller.evaluate("n => n.clientHeight")), height
