"""From Run All to the first quiz that answers a click, in JupyterLab + Chromium.

A learner opens a lesson, chooses Run › Run All Cells and answers the first quiz. Until the
kernel has run every cell before that click can be processed, the quiz does not answer, so
the figure is what the learner waits. Baseline (issue 16's goal: at most 1.3x): a notebook
holding one cell, ``import pandas, ipywidgets`` and one plain Button updating a Label, the
least any course page can cost. Both notebooks are copied into one scratch folder served by
the same JupyterLab, each run gets a fresh kernel, and the runs alternate so machine noise
falls on both alike. Medians of ``RUNS``.
"""

from __future__ import annotations

import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from benchmarks.common import REPO, Row

TITLE = "Run All → first quiz answers a click, JupyterLab + Chromium (median of 5)"
RUNS = 5
LESSON = "01_issuance.ipynb"
BASELINE = "baseline.ipynb"
BASELINE_CODE = (
    "import pandas, ipywidgets as w\n"
    'b = w.Button(description="기준"); n = w.Label("0")\n'
    'b.on_click(lambda _: setattr(n, "value", "눌림"))\n'
    "display(w.VBox([b, n]))"
)


def _baseline_notebook(folder: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(BASELINE_CODE)]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(notebook, folder / BASELINE)


def _start(scratch: Path, root: Path):  # -> LabServer
    from certtraining.notebook.lab import lab_argv
    from tests.browser.lab_server import (
        LabServer,
        free_port,
        lab_environment,
        wait_until_ready,
    )

    scratch.mkdir(parents=True, exist_ok=True)
    env = lab_environment(scratch, "bench-learner")
    os.environ["XDG_DATA_HOME"] = env["XDG_DATA_HOME"]  # lab_argv's settings folders
    port, token = free_port(), secrets.token_hex(24)
    argv = lab_argv(port, token, False, root)
    with open(scratch / "lab.log", "wb") as log:
        process = subprocess.Popen(
            argv, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = LabServer(process=process, port=port, token=token, scratch=scratch, env=env)
    wait_until_ready(server, 90)
    return server


def _time_run_all(page, server, notebook: str, answer_selector: str, done_js: str) -> float:  # noqa: ANN001
    """Seconds from choosing Run All to the first answer's reaction on screen."""
    from tests.browser import jupyterlab

    panel = jupyterlab.open_notebook(page, server, notebook)
    jupyterlab.menu_command(page, "Edit", "editmenu:clear-all")
    start = time.perf_counter()
    jupyterlab.menu_command(page, "Run", "runmenu:run-all")
    target = panel.locator(answer_selector).first
    target.wait_for(timeout=jupyterlab.RUN_TIMEOUT_MS)
    if notebook == LESSON:
        target.locator(".widget-radio-box label").first.click()
        target.get_by_role("button", name="확인").click()
    else:
        target.click()
    page.wait_for_function(done_js, timeout=jupyterlab.RUN_TIMEOUT_MS, polling="raf")
    elapsed = time.perf_counter() - start
    jupyterlab.wait_for_run_end(page, panel)
    jupyterlab.shutdown_all_sessions(server)
    return elapsed


def run() -> list[Row]:
    import importlib.util

    from certtraining.settings import chromium_missing_reason

    missing = chromium_missing_reason()
    if missing or importlib.util.find_spec("playwright") is None:
        print(f"skipped: {missing or 'needs the playwright package'}", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    from tests.browser import jupyterlab
    from tests.browser.lab_server import stop_lab

    lesson_times: list[float] = []
    baseline_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="certtraining-bench-") as scratch_name:
        scratch = Path(scratch_name)
        root = scratch / "course"
        root.mkdir()
        shutil.copy(REPO / "notebooks" / LESSON, root / LESSON)
        _baseline_notebook(root)
        server = _start(scratch / "lab", root)
        try:
            with sync_playwright() as playwright:
                browser = jupyterlab.launch_chromium(playwright)
                try:
                    page = browser.new_page(viewport=jupyterlab.VIEWPORT, locale="ko-KR")
                    for _ in range(RUNS):
                        lesson_times.append(
                            _time_run_all(
                                page,
                                server,
                                LESSON,
                                ".ct-quiz:has(input[type=radio])",
                                "() => !!document.querySelector('.ct-quiz .ct-quiz-result')",
                            )
                        )
                        baseline_times.append(
                            _time_run_all(
                                page,
                                server,
                                BASELINE,
                                ".widget-button",
                                "() => [...document.querySelectorAll('.widget-label')]"
                                ".some(e => e.textContent === '눌림')",
                            )
                        )
                finally:
                    browser.close()
        finally:
            stop_lab(server)
    return [
        Row(
            f"Run All → {LESSON} first quiz answers",
            statistics.median(lesson_times),
            "one-cell pandas+ipywidgets Button",
            statistics.median(baseline_times),
        )
    ]
