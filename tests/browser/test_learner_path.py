"""A learner's path through the course in the browser, checked against the progress database.

Wrong then right on a lesson quiz (feedback, explanation, the bar moves, both attempts are in
the store, and the bar is the same after a kernel restart and Run All); a quiz answered with Tab, Space and Enter only; the final assessment (no feedback
before 제출, a score after); then the instructor notebook, run against the same database,
lists this learner in the class summary.
"""

from __future__ import annotations

import re
import sqlite3
from typing import TYPE_CHECKING

import pytest

from certtraining import quiz
from certtraining.content import load_content
from certtraining.quiz.bank import OX_LABELS
from tests.browser import jupyterlab
from tests.browser.conftest import OUTPUT_DIR
from tests.browser.course_pages import asked_question_ids, line
from tests.browser.lab_server import BROWSER_LEARNER, LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# These tests answer questions of several lessons (the exam draws from all of them).
pytestmark = pytest.mark.whole_course

CONTENT = load_content()
# Lessons the other browser tests leave alone, so each test starts from a known bar.
WRONG_THEN_RIGHT_LESSON = CONTENT.lesson("reissuance")
KEYBOARD_LESSON = CONTENT.lesson("cautions_faq")
FINAL_LESSON = CONTENT.lesson("final")
INSTRUCTOR_NOTEBOOK = next(
    item.notebook for item in CONTENT.course.instructor if item.id == "class_progress"
)


def first_asked(lesson_id: str, question_type: str) -> quiz.Question:
    for question_id in asked_question_ids(CONTENT.lesson(lesson_id)):
        item = quiz.local_checker().authored(question_id)
        if item.type == question_type:
            return item
    raise AssertionError(f"lesson {lesson_id} asks no {question_type} question")


def quiz_box(page: Page, panel: Locator, question_id: str) -> Locator:
    box = panel.locator(".ct-quiz", has=page.locator(f"[data-question='{question_id}']")).last
    box.scroll_into_view_if_needed()
    return box


def button(box: Locator, name: str) -> Locator:
    """A button by its words (the icon font adds only leading space to the name)."""
    return box.get_by_role("button", name=re.compile(rf"^\W*{re.escape(name)}$"))


def option(box: Locator, text: str) -> Locator:
    return box.locator("label", has_text=text[:40]).first


def bar_state(panel: Locator) -> tuple[int, int]:
    """(percent, answered questions) of the lesson's progress bar."""
    bar = panel.locator(".ct-progress").first
    percent = int(bar.get_by_role("progressbar").get_attribute("aria-valuenow") or "-1")
    match = re.search(r"문제 (\d+)/\d+", bar.text_content() or "")
    assert match, bar.text_content()
    return percent, int(match.group(1))


def stored_attempts(lab: LabServer, question_id: str) -> list[tuple[int, int, str, str]]:
    with sqlite3.connect(lab.db_path) as conn:
        return conn.execute(
            "SELECT attempt_no, correct, mode, lesson FROM attempts "
            "WHERE learner = ? AND question_id = ? ORDER BY attempt_no",
            (BROWSER_LEARNER, question_id),
        ).fetchall()


def test_wrong_then_right_shows_feedback_moves_the_bar_and_survives_a_restart(
    page: Page, lab: LabServer
) -> None:
    from playwright.sync_api import expect

    item = first_asked(WRONG_THEN_RIGHT_LESSON.id, "single")
    wrong = next(choice for choice in item.choices if choice.id != item.answer)
    right = next(choice for choice in item.choices if choice.id == item.answer)
    explanation = line(item.explanation)[:30]

    panel = jupyterlab.open_notebook(page, lab, WRONG_THEN_RIGHT_LESSON.notebook)
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    percent_before, answered_before = bar_state(panel)
    box = quiz_box(page, panel, item.id)
    expect(box.locator(".ct-quiz-result, .ct-quiz-explanation")).to_have_count(0)

    option(box, line(wrong.text)).click()
    button(box, "확인").click()
    expect(box.locator(".ct-quiz-wrong")).to_contain_text("오답입니다")
    expect(box).to_contain_text(line(wrong.feedback)[:30])
    expect(box.locator(".ct-quiz-explanation")).to_contain_text(explanation)

    button(box, "다시 풀기").click()
    expect(box.locator(".ct-quiz-result")).to_have_count(0)
    option(box, line(right.text)).click()
    button(box, "확인").click()
    expect(box.locator(".ct-quiz-right")).to_contain_text("정답입니다")
    expect(box.locator(".ct-quiz-explanation")).to_contain_text(explanation)

    bar = panel.locator(".ct-progress").first
    expect(bar).to_contain_text(f"문제 {answered_before + 1}/")
    percent_after, _ = bar_state(panel)
    assert percent_after > percent_before
    assert stored_attempts(lab, item.id) == [
        (1, 0, "practice", WRONG_THEN_RIGHT_LESSON.id),
        (2, 1, "practice", WRONG_THEN_RIGHT_LESSON.id),
    ]

    # Kernel › Restart Kernel, then Run All: the bar comes back from the store, not memory.
    jupyterlab.restart_kernel_and_run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    expect(panel.locator(".ct-progress").first).to_contain_text(f"문제 {answered_before + 1}/")
    assert bar_state(panel) == (percent_after, answered_before + 1)
    expect(quiz_box(page, panel, item.id).locator(".ct-quiz-result")).to_have_count(0)


def test_a_quiz_can_be_answered_with_tab_space_and_enter_only(page: Page, lab: LabServer) -> None:
    """Focus starts on the quiz's first box (reaching it from the top of the page would mean
    tabbing through JupyterLab's own menus); from there only Tab, Space and Enter are used."""
    from playwright.sync_api import expect

    item = first_asked(KEYBOARD_LESSON.id, "multiple")
    right_texts = {line(choice.text) for choice in item.choices if choice.id in item.answer}

    panel = jupyterlab.open_notebook(page, lab, KEYBOARD_LESSON.notebook)
    jupyterlab.run_all(page, panel)
    box = quiz_box(page, panel, item.id)
    checkboxes = box.locator("input[type=checkbox]")
    assert checkboxes.count() == len(item.choices)
    checkboxes.first.focus()
    for _ in range(checkboxes.count()):
        focused = page.evaluate("() => document.activeElement.closest('label')?.textContent")
        assert focused is not None, "Tab left the checkboxes too early"
        if " ".join(focused.split()) in right_texts:
            page.keyboard.press("Space")
        page.keyboard.press("Tab")

    check_button = button(box, "확인")
    assert check_button.evaluate("n => n === document.activeElement"), "Tab skipped 확인"
    outline = check_button.evaluate("n => getComputedStyle(n).outlineStyle")
    assert outline != "none", "the focused 확인 button shows no focus outline"
    page.keyboard.press("Enter")
    expect(box.locator(".ct-quiz-right")).to_contain_text("정답입니다")
    assert [row[:2] for row in stored_attempts(lab, item.id)] == [(1, 1)]


def answer_correctly(page: Page, box: Locator, item: quiz.Question) -> None:
    """Pick the right answer the way a learner would, by the words on screen."""
    if item.type == "single":
        option(box, line(next(c.text for c in item.choices if c.id == item.answer))).click()
    elif item.type == "multiple":
        for choice in item.choices:
            if choice.id in item.answer:
                option(box, line(choice.text)).click()
    elif item.type == "ox":
        option(box, OX_LABELS[item.answer]).click()
    elif item.type == "order":
        selects = box.locator("select")
        for index, step in enumerate(item.steps):
            selects.nth(index).select_option(label=line(step))
    else:
        for pair in item.pairs:
            select = box.get_by_label(f"{line(pair.term)} →", exact=True)
            select.select_option(label=line(pair.meaning))


def answer_wrongly(page: Page, box: Locator, item: quiz.Question) -> None:
    """Pick an answer that is wrong, again by the words on screen."""
    if item.type in ("single", "multiple"):
        right = {item.answer} if item.type == "single" else set(item.answer)
        option(box, line(next(c.text for c in item.choices if c.id not in right))).click()
    elif item.type == "ox":
        option(box, OX_LABELS["X" if item.answer == "O" else "O"]).click()
    elif item.type == "order":
        selects = box.locator("select")
        for index, step in enumerate(reversed(item.steps)):
            selects.nth(index).select_option(label=line(step))
    else:
        meanings = [pair.meaning for pair in item.pairs]
        for pair, meaning in zip(item.pairs, meanings[1:] + meanings[:1], strict=True):
            select = box.get_by_label(f"{line(pair.term)} →", exact=True)
            select.select_option(label=line(meaning))


FEEDBACK = ".ct-quiz-result, .ct-quiz-explanation, .ct-quiz-mark, .ct-exam-review"
# The exam gets these wrong on purpose: the lesson's own progress belongs to
# test_progress_lab (the same learner answers both), and wrong items show the review.
ANSWERED_WRONGLY_FROM = "issuance"


def test_final_assessment_then_the_instructor_sees_the_learner(page: Page, lab: LabServer) -> None:
    from playwright.sync_api import expect

    panel = jupyterlab.open_notebook(page, lab, FINAL_LESSON.notebook)
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    exam = panel.locator(".ct-exam").first
    items = exam.locator(".ct-quiz")
    count = items.count()
    assert count > 0
    expect(exam.locator(FEEDBACK)).to_have_count(0)
    assert button(exam, "확인").count() == 0, "the exam must not check single questions"

    wrong_numbers = []
    for index in range(count):
        box = items.nth(index)
        box.scroll_into_view_if_needed()
        question_id = box.locator("[data-question]").first.get_attribute("data-question")
        assert question_id
        item = quiz.local_checker().authored(question_id)
        if quiz.review_anchor(item).lesson == ANSWERED_WRONGLY_FROM:
            answer_wrongly(page, box, item)
            wrong_numbers.append(index + 1)
        else:
            answer_correctly(page, box, item)
    page.wait_for_timeout(300)
    expect(exam.locator(FEEDBACK)).to_have_count(0)  # answered, still no feedback
    assert "점수" not in (exam.text_content() or "")

    submit = button(exam, "제출")
    submit.scroll_into_view_if_needed()
    submit.click()
    right = count - len(wrong_numbers)
    percent = round(100 * right / count)
    passed = percent >= CONTENT.course.pass_threshold
    verdict = exam.locator(".ct-quiz-right, .ct-quiz-wrong").filter(has_text="점수").last
    expect(verdict).to_contain_text("합격입니다" if passed else "불합격입니다")
    expect(verdict).to_contain_text(f"점수: {percent}점")
    expect(verdict).to_contain_text(f"{count}문항 중 {right}문항 정답")
    expect(exam.locator(".ct-quiz-mark")).to_have_count(count)
    reviews = exam.locator(".ct-exam-review")
    expect(reviews).to_have_count(len(wrong_numbers))
    for review, number in zip(reviews.all(), wrong_numbers, strict=True):
        expect(review).to_contain_text(f"문항 {number}.")
        expect(review.locator(".ct-quiz-explanation")).to_contain_text("해설")
    expect(submit).to_be_disabled()
    verdict.scroll_into_view_if_needed()
    page.wait_for_timeout(300)
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT_DIR / "final-assessment-submitted.png"))
    with sqlite3.connect(lab.db_path) as conn:
        results = conn.execute(
            "SELECT score, possible, passed FROM exam_results WHERE learner = ?",
            (BROWSER_LEARNER,),
        ).fetchall()
    assert results == [(float(right), float(count), int(passed))]

    instructor = jupyterlab.open_notebook(page, lab, INSTRUCTOR_NOTEBOOK)
    jupyterlab.run_all(page, instructor)
    assert jupyterlab.error_texts(instructor) == []
    summary = instructor.locator("table", has=page.get_by_text("학습자", exact=True)).first
    row = summary.locator("tbody tr", has=page.locator("td", has_text=BROWSER_LEARNER))
    expect(row).to_have_count(1)
    row.scroll_into_view_if_needed()
    cells = [" ".join(text.split()) for text in row.locator("td").all_text_contents()]
    assert ("합격" if passed else "불합격") in cells, cells
    page.wait_for_timeout(300)
    page.screenshot(path=str(OUTPUT_DIR / "instructor-class-summary.png"))
