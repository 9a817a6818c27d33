"""Quiz feedback latency in JupyterLab: from clicking 확인 to the feedback on screen.

Started the way a teacher starts the course (``certtraining lab``, a throw-away progress
database) and clicked in Debian's Chromium; the baseline, measured in the same page and
kernel and alternated click by click, is a plain ipywidgets Button updating a Label. The
figures are medians of 20 clicks each, and the ratio is what to compare between runs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.common import Row

TITLE = "Quiz feedback latency in JupyterLab + Chromium (median of 20 clicks)"
CLICKS = 20


def run() -> list[Row]:
    import importlib.util

    from certtraining.settings import chromium_missing_reason
    from tests.browser import jupyterlab
    from tests.browser.lab_server import start_lab, stop_lab
    from tests.browser.latency import measure_feedback_latency

    missing = chromium_missing_reason()
    if missing or importlib.util.find_spec("playwright") is None:
        print(f"skipped: {missing or 'needs the playwright package'}", file=sys.stderr)
        return []
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="certtraining-bench-") as scratch:
        server = start_lab(Path(scratch))
        try:
            with sync_playwright() as playwright:
                browser = jupyterlab.launch_chromium(playwright)
                try:
                    page = browser.new_page(viewport=jupyterlab.VIEWPORT, locale="ko-KR")
                    latency = measure_feedback_latency(page, server, clicks=CLICKS)
                finally:
                    browser.close()
        finally:
            stop_lab(server)
    return [
        Row(
            "quiz 확인 → feedback visible",
            latency.quiz_median_ms / 1000,
            "ipywidgets Button → Label",
            latency.baseline_median_ms / 1000,
        )
    ]
