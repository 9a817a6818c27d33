"""Feedback latency: from clicking 확인 to the feedback being on screen, against a baseline.

The baseline is the same round trip with nothing of the course in it: a plain ipywidgets
Button whose click handler updates a Label, in a cell added (never saved) to the same
notebook, so it runs in the same kernel, page and browser. Clicks alternate between the two
so machine noise falls on both alike. Each time is taken inside the page: from just before
``click()`` until the change is in the DOM and the next animation frame has run.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

from certtraining import quiz
from certtraining.content import load_content
from certtraining.quiz.bank import OX_LABELS
from tests.browser import jupyterlab
from tests.browser.course_pages import asked_question_ids
from tests.browser.lab_server import LabServer

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

# The intro's quizzes: no other browser test answers them, so the bars they check stay put.
LATENCY_LESSON = load_content().lesson("intro")
BASELINE_LABEL = "latency-baseline"
BASELINE_CODE = (
    "import ipywidgets as w; "
    f'b = w.Button(description="{BASELINE_LABEL}"); n = w.Label("0"); '
    'b.on_click(lambda _: setattr(n, "value", str(int(n.value) + 1))); '
    "display(w.VBox([b, n]))"
)

# Click, then resolve once `done()` holds and a frame has been drawn; returns milliseconds.
TIMED_CLICK = """(root, [buttonText, doneJs]) => new Promise((resolve, reject) => {
    const done = new Function('root', doneJs);
    const button = [...root.querySelectorAll('button')]
        .find(b => b.textContent.trim() === buttonText);
    if (!button) { reject(new Error(`no button ${buttonText}`)); return; }
    const start = performance.now();
    const finish = () => requestAnimationFrame(() => resolve(performance.now() - start));
    const observer = new MutationObserver(() => {
        if (done(root)) { observer.disconnect(); finish(); }
    });
    observer.observe(root, { subtree: true, childList: true, characterData: true,
                             attributes: true });
    setTimeout(() => { observer.disconnect(); reject(new Error('no change in 30 s')); }, 30000);
    button.click();
})"""


@dataclass(frozen=True)
class Latency:
    quiz_ms: list[float]
    baseline_ms: list[float]

    @property
    def quiz_median_ms(self) -> float:
        return statistics.median(self.quiz_ms)

    @property
    def baseline_median_ms(self) -> float:
        return statistics.median(self.baseline_ms)

    def summary(self) -> str:
        return (
            f"feedback latency, median of {len(self.quiz_ms)} clicks: "
            f"quiz 확인 → feedback {self.quiz_median_ms:.0f} ms; "
            f"plain ipywidgets Button → Label {self.baseline_median_ms:.0f} ms; "
            f"ratio {self.quiz_median_ms / self.baseline_median_ms:.2f}x"
        )


def timed_question() -> quiz.Question:
    for question_id in asked_question_ids(LATENCY_LESSON):
        item = quiz.local_checker().authored(question_id)
        if item.type == "ox":
            return item
    raise AssertionError(f"{LATENCY_LESSON.notebook} asks no O/X question")


def add_baseline_cell(page: Page, panel: Locator) -> Locator:
    """Insert a code cell below the last one, type the baseline in, run it (never saved)."""
    jupyterlab.code_cells(panel).last.click(position={"x": 5, "y": 5})
    page.locator("jp-button[data-command='notebook:insert-cell-below']").first.click()
    editor = panel.locator(".jp-Cell.jp-mod-active .cm-content")
    editor.click()
    page.keyboard.insert_text(BASELINE_CODE)
    jupyterlab.menu_command(page, "Run", "runmenu:run")
    widget = panel.locator(".jp-OutputArea-output", has=page.get_by_text(BASELINE_LABEL)).last
    widget.wait_for()
    return widget


def measure_feedback_latency(page: Page, lab: LabServer, clicks: int = 20) -> Latency:
    from playwright.sync_api import expect

    item = timed_question()
    panel = jupyterlab.open_notebook(page, lab, LATENCY_LESSON.notebook)
    jupyterlab.run_all(page, panel)
    assert jupyterlab.error_texts(panel) == []
    baseline = add_baseline_cell(page, panel)
    box = panel.locator(".ct-quiz", has=page.locator(f"[data-question='{item.id}']")).last
    choice = box.locator("label", has_text=OX_LABELS[item.answer]).first
    retry = box.get_by_role("button", name=re.compile(r"^\W*다시 풀기$"))

    quiz_ms: list[float] = []
    baseline_ms: list[float] = []
    for _ in range(clicks):
        box.scroll_into_view_if_needed()
        retry.click()
        expect(box.locator(".ct-quiz-result")).to_have_count(0)
        choice.click()
        quiz_ms.append(
            box.evaluate(TIMED_CLICK, ["확인", "return !!root.querySelector('.ct-quiz-result')"])
        )
        baseline.scroll_into_view_if_needed()
        before = baseline.locator(".widget-label").text_content()
        baseline_ms.append(
            baseline.evaluate(
                TIMED_CLICK,
                [
                    BASELINE_LABEL,
                    f"return root.querySelector('.widget-label').textContent !== {before!r}",
                ],
            )
        )
    return Latency(quiz_ms, baseline_ms)
