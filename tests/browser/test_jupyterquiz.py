"""The jupyterquiz export of the fixture course, rendered by real jupyterquiz and answered in
the browser suite's Chromium (the export itself is tested in tests/test_quiz_export.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from certtraining.present.markup import to_text
from tests.fixture_course import fixture_content, of_type

# the fixture course exported, and what display_quiz shows of it in a kernel
pytest_plugins = ["tests.quiz_export_support"]

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def start_of(text: str, length: int = 15) -> str:
    return " ".join(to_text(text).split())[:length]


def test_jupyterquiz_export_renders_and_answers_in_chromium(
    chromium: Browser, jupyterquiz_outputs, course
):
    single = of_type(fixture_content(), "single")
    right = next(c for c in single.choices if c.id == single.answer)
    page_html = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"></head><body>'
        + jupyterquiz_outputs[0]["data"]["text/html"]
        + "<script>"
        + jupyterquiz_outputs[1]["data"]["application/javascript"]
        + "</script></body></html>"
    )
    page = chromium.new_page()
    try:
        page.set_content(page_html)
        page.wait_for_selector(".MCButton")
        choice_questions = [q for q in course.questions if q.type in ("single", "multiple", "ox")]
        assert page.locator(".Quiz").count() == len(choice_questions)
        box = page.locator(".Quiz", has_text=start_of(single.prompt))
        box.locator(".MCButton", has_text=to_text(right.text)).click()
        feedback = box.locator(".Feedback")
        assert start_of(right.feedback) in feedback.inner_text()
    finally:
        page.close()
