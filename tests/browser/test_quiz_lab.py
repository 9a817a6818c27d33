"""A practice quiz in real JupyterLab: answered with the keyboard only, wrong then right,
and still readable at 200% zoom. The screenshot of the wrong answer is kept for the docs
(``test-output/browser/quiz-wrong-answer.png``; a person copies it to ``docs/images``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from certtraining import quiz
from certtraining.content import load_content
from certtraining.content.questions import SingleChoice
from certtraining.present.markup import to_text
from certtraining.quiz.widgets import review_text
from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.lab_server import LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# The suite's JupyterLab serves the course's own notebooks, so the question comes from the
# course, chosen by what the test needs (one answer, a hint, asked in a lesson's section).
CONTENT = load_content()
QUESTION = next(
    q
    for q in quiz.local_checker().authored_questions()
    if isinstance(q, SingleChoice) and q.hint and CONTENT.lesson_of(quiz.placement(q) or "")
)
LESSON = CONTENT.lesson_of(quiz.placement(QUESTION) or "")
WRONG = next(c for c in QUESTION.choices if c.id != QUESTION.answer)
RIGHT = next(c for c in QUESTION.choices if c.id == QUESTION.answer)


def start_of(text: str, length: int = 15) -> str:
    """The first words of a content text as the page shows them (markup removed)."""
    return " ".join(to_text(text).split())[:length]


def choose_with_keyboard(page: Page, box: Locator, label: str) -> None:
    """Tab to the option as a keyboard user would, then tick it with Space."""
    box.locator("label", has_text=label).locator("input").focus()
    page.keyboard.press("Space")


def button_named(box: Locator, name: str) -> Locator:
    """A button by its accessible name (the Font Awesome icon adds only leading space)."""
    return box.get_by_role("button", name=re.compile(rf"^\W*{re.escape(name)}$"))


def press_with_keyboard(page: Page, box: Locator, name: str) -> None:
    button = button_named(box, name)
    button.focus()
    page.keyboard.press("Enter")


def test_quiz_with_keyboard_wrong_then_right_and_readable_at_200_percent(
    page: Page, lab: LabServer
) -> None:
    from playwright.sync_api import expect

    panel = jupyterlab.open_notebook(page, lab, LESSON.notebook)
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    box = panel.locator(".ct-quiz").filter(has_text=start_of(QUESTION.prompt)).first
    box.scroll_into_view_if_needed()

    # every radio is inside its own label; every select has a label tied to it
    for control in box.locator("input[type=radio]").all():
        assert control.evaluate("n => n.closest('label') !== null")
    expect(button_named(box, "확인")).to_be_visible()

    choose_with_keyboard(page, box, start_of(WRONG.text))
    press_with_keyboard(page, box, "확인")
    wrong = box.locator(".ct-quiz-wrong")
    expect(wrong).to_contain_text("✗ 오답입니다.")
    expect(box).to_contain_text(start_of(WRONG.feedback, 30))
    expect(box).to_contain_text(f"복습할 곳: {review_text(QUESTION, CONTENT)}")
    box.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    target = OUTPUT_DIR / "quiz-wrong-answer.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target))

    press_with_keyboard(page, box, "다시 풀기")
    expect(wrong).to_have_count(0)
    choose_with_keyboard(page, box, start_of(RIGHT.text))
    press_with_keyboard(page, box, "확인")
    expect(box.locator(".ct-quiz-right")).to_contain_text("✓ 정답입니다.")

    # 200% zoom: half the CSS width. Nothing in the quiz may need sideways scrolling.
    page.set_viewport_size({"width": 640, "height": 900})
    page.wait_for_timeout(500)
    box.scroll_into_view_if_needed()
    overflow = box.evaluate("n => n.scrollWidth - n.clientWidth")
    assert overflow <= 1, f"the quiz scrolls sideways by {overflow}px at 200% zoom"
    for name in ("확인", "다시 풀기", "힌트"):
        right = button_named(box, name).evaluate("n => n.getBoundingClientRect().right")
        assert right <= 640, name
