"""The progress bar in real JupyterLab: it moves when a quiz is answered and is still there
after Kernel › Restart and Run All. Screenshots of the bar and of the lesson's results are
kept under ``test-output/browser/`` for people to look at."""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

from certtraining import quiz
from certtraining.content import load_content
from certtraining.notebook.plan import course_plan
from certtraining.present.markup import to_text
from certtraining.progress.scoring import REVIEW_LIMIT
from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.lab_server import BROWSER_LEARNER, LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

LESSON = load_content().lesson("issuance")


def unanswered_single_choice_question(lab: LabServer) -> str:
    """A single-choice question of the lesson nobody in this browser session answered yet."""
    answered: set[str] = set()
    if lab.db_path.exists():
        with sqlite3.connect(lab.db_path) as conn:
            answered = {
                row[0]
                for row in conn.execute(
                    "SELECT question_id FROM attempts WHERE learner = ?", (BROWSER_LEARNER,)
                )
            }
    for anchor in LESSON.covers:
        for item in quiz.questions_for(anchor):
            if item.type == "single" and item.id not in answered:
                return item.id
    raise AssertionError("every single-choice question of the lesson is already answered")


def answered_count(bar: Locator) -> int:
    text = bar.text_content() or ""  # off-screen cells are not laid out: no inner_text
    match = re.search(r"문제 (\d+)/(\d+)", text)
    assert match, text
    return int(match.group(1))


def test_progress_bar_moves_after_an_answer_and_survives_a_kernel_restart(
    page: Page, lab: LabServer
) -> None:
    from playwright.sync_api import expect

    question_id = unanswered_single_choice_question(lab)
    item = quiz.local_checker().authored(question_id)
    right = " ".join(to_text(next(c.text for c in item.choices if c.id == item.answer)).split())
    prompt = " ".join(to_text(item.prompt).split())[:20]

    panel = jupyterlab.open_notebook(page, lab, LESSON.notebook)
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    bar = panel.locator(".ct-progress").first
    expect(bar).to_contain_text(f"학습자 {BROWSER_LEARNER}")
    before = answered_count(bar)
    before_percent = int(bar.get_by_role("progressbar").get_attribute("aria-valuenow") or "0")

    box = panel.locator(".ct-quiz").filter(has_text=prompt).first
    box.scroll_into_view_if_needed()
    box.locator("label", has_text=right[:25]).first.click()
    box.locator("button", has_text="확인").first.click()
    expect(box.locator(".ct-quiz-right")).to_contain_text("정답")

    expect(bar).to_contain_text(f"문제 {before + 1}/")
    after_percent = int(bar.get_by_role("progressbar").get_attribute("aria-valuenow") or "0")
    assert after_percent > before_percent
    bar.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    bar.screenshot(path=str(OUTPUT_DIR / "progress-bar.png"))

    jupyterlab.restart_kernel_and_run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    bar = panel.locator(".ct-progress").first
    expect(bar).to_contain_text(f"문제 {before + 1}/")
    summary = panel.locator(".ct-summary").first
    summary.scroll_into_view_if_needed()
    expect(summary).to_contain_text("학습 결과: 인증서 발급")
    section = course_plan().questions[question_id].section
    expect(summary).to_contain_text(course_plan().section_titles[section])
    review_links = summary.locator(f'a[href="{LESSON.notebook}#{section}"]')
    if len(course_plan().section_questions(section)) > 1 and review_links.count() == 0:
        # One of several right is not mastered; the section is left off the review list
        # only when the list is already full of weaker sections from earlier tests.
        expect(summary.locator("ol li a")).to_have_count(REVIEW_LIMIT)
    page.wait_for_timeout(300)
    summary.screenshot(path=str(OUTPUT_DIR / "lesson-summary.png"))
