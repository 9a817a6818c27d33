"""The learner app (``certtraining app``) on this machine: how soon a lesson answers, how it takes
a class opening lessons at once, and whether memory stays flat over a day of pages.

- Time to first quiz: from ``page.goto`` of lesson 01 until its first quiz's 확인 button is
  on screen and enabled, against a one-cell notebook (import pandas and ipywidgets, show one
  button) served by the same app with the same settings; pages alternate, median of RUNS each.
  The issue's bar is a ratio of at most 1.5.
- Five learners: five browser pages open five lessons at the same moment; all must show their
  end-of-lesson marker. Measured: wall time for all five, against one lesson alone.
- Memory: resident memory (RSS) of the app's server and every kernel it runs (its child
  processes), before and after 30 lesson pages opened and closed; a closed page's kernel is
  shut down by its page-unload request (certtraining.notebook.app_server) or culled. The row's
  "seconds" columns hold megabytes here, and the kernels still alive are printed beside it.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from benchmarks.common import Row

TITLE = "Learner app (Voilà) in Chromium: first quiz, five learners, memory"
RUNS = 5
LEARNERS = 5
OPEN_CLOSE = 30
BASELINE = "bench_baseline.ipynb"
LESSON = "01_issuance.ipynb"


def baseline_notebook() -> nbformat.NotebookNode:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            "import pandas\nimport ipywidgets\nipywidgets.Button(description='확인')"
        )
    ]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    return notebook


def app_rss_mb(server: object) -> tuple[float, int]:
    """Resident memory of the app's server and every kernel it runs, and how many kernels."""
    from tests.browser.app_server import server_processes

    processes = server_processes(server)  # type: ignore[arg-type]
    kernels = sum(1 for p in processes if p.kernel_id)
    return sum(p.rss_bytes for p in processes) / 2**20, kernels


def run() -> list[Row]:
    import importlib.util

    from certtraining.settings import chromium_missing_reason
    from tests.browser import jupyterlab
    from tests.browser.app_server import start_app, stop_app

    missing = chromium_missing_reason()
    if missing or importlib.util.find_spec("playwright") is None:
        print(f"skipped: {missing or 'needs the playwright package'}", file=sys.stderr)
        return []
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="certtraining-bench-") as scratch:
        server = start_app(Path(scratch), learner="bench-learner")
        folder = Path(scratch) / "xdg-data" / "certtraining" / "app"
        nbformat.write(baseline_notebook(), folder / BASELINE)
        try:
            with sync_playwright() as playwright:
                browser = jupyterlab.launch_chromium(playwright)
                try:
                    context = browser.new_context(locale="ko-KR")
                    context.set_default_timeout(180_000)

                    def first_quiz(notebook: str, ready: str) -> float:
                        page = context.new_page()
                        start = time.perf_counter()
                        page.goto(server.page_url(notebook))
                        page.locator(ready).first.wait_for(state="visible")
                        elapsed = time.perf_counter() - start
                        page.close(run_before_unload=True)
                        return elapsed

                    lesson_ready = ".ct-quiz button:has-text('확인'):not([disabled])"
                    lesson_times, baseline_times = [], []
                    first_quiz(BASELINE, ".widget-button")  # warm the disk caches once
                    for _ in range(RUNS):
                        baseline_times.append(first_quiz(BASELINE, ".widget-button"))
                        lesson_times.append(first_quiz(LESSON, lesson_ready))
                    rows.append(
                        Row(
                            "lesson 01: open → first quiz answerable",
                            statistics.median(lesson_times),
                            "one-cell pandas+ipywidgets button",
                            statistics.median(baseline_times),
                        )
                    )

                    # Five learners at once, each in a browser context of its own.
                    lessons = [f"0{i}_" for i in range(LEARNERS)]
                    notebooks = [
                        next(p.name for p in folder.glob(f"{prefix}*.ipynb")) for prefix in lessons
                    ]
                    contexts = [browser.new_context(locale="ko-KR") for _ in notebooks]
                    pages = [c.new_page() for c in contexts]
                    start = time.perf_counter()
                    for page, notebook in zip(pages, notebooks, strict=True):
                        page.goto(server.page_url(notebook), wait_until="commit")
                    ok = 0
                    for page in pages:
                        try:
                            page.locator(".ct-lesson-end").wait_for(
                                state="attached", timeout=300_000
                            )
                            ok += 1
                        except PlaywrightError as error:
                            print(f"a learner's lesson did not open: {error}", file=sys.stderr)
                    together = time.perf_counter() - start
                    for c in contexts:
                        for page in c.pages:
                            page.close(run_before_unload=True)
                        c.close()
                    alone = first_quiz(notebooks[-1], ".ct-lesson-end")
                    print(f"five learners at once: {ok}/{LEARNERS} lessons opened", file=sys.stderr)
                    rows.append(
                        Row(
                            f"{LEARNERS} learners open lessons at once ({ok}/{LEARNERS} ok)",
                            together,
                            "one learner, one lesson",
                            alone,
                        )
                    )

                    # Memory over a class day: 30 lesson pages opened and closed.
                    time.sleep(3)
                    before, kernels_before = app_rss_mb(server)
                    peak = before
                    for index in range(OPEN_CLOSE):
                        first_quiz(notebooks[index % len(notebooks)], ".ct-lesson-end")
                        peak = max(peak, app_rss_mb(server)[0])
                    time.sleep(5)  # let the last shutdowns finish
                    after, kernels = app_rss_mb(server)
                    print(
                        f"memory (server + kernels): {before:.0f} MB with {kernels_before} "
                        f"kernel(s) before; after {OPEN_CLOSE} opens and closes {after:.0f} MB "
                        f"with {kernels} kernel(s) alive; highest seen {peak:.0f} MB",
                        file=sys.stderr,
                    )
                    rows.append(
                        Row(
                            f"RSS MB after {OPEN_CLOSE} page opens+closes ({kernels} kernels)",
                            after,
                            "RSS MB before them",
                            before,
                        )
                    )
                finally:
                    browser.close()
        finally:
            stop_app(server)
    return rows
