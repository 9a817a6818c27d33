"""Handout build time for every lesson against plain ``jupyter nbconvert --to html --execute``
on the same notebooks, in the same run (medians of three; both with a throw-away store and
the demo learner, so no real progress database is touched).

A second pair compares export alone (``--no-execute``) with nbconvert's HTML export of the
saved outputs, which shows what the handout pipeline itself costs beyond executing.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from benchmarks.common import BIN, REPO, Row, median_seconds, run_command

TITLE = "HTML handouts: certtraining handouts vs jupyter nbconvert --to html (all lessons)"


def _lesson_notebooks() -> list[str]:
    from certtraining.content import load_content

    return [str(REPO / "notebooks" / lesson.notebook) for lesson in load_content().lessons]


def run() -> list[Row]:
    from certtraining.notebook.build import deterministic_env

    notebooks = _lesson_notebooks()
    count = len(notebooks)
    with tempfile.TemporaryDirectory(prefix="certtraining-bench-") as scratch:
        folder = Path(scratch)
        env = {**os.environ, **deterministic_env(folder)}
        certtraining = [str(BIN / "certtraining"), "handouts", *notebooks]
        nbconvert = [str(BIN / "jupyter"), "nbconvert", "--to", "html", *notebooks]

        def handouts(*extra: str) -> None:
            run_command([*certtraining, "--out", str(folder / "handouts"), *extra], env=env)

        def plain(*extra: str) -> None:
            run_command([*nbconvert, "--output-dir", str(folder / "plain"), *extra], env=env)

        executed_baseline = median_seconds(lambda: plain("--execute"))
        return [
            Row(
                f"certtraining handouts ({count} lessons)",
                median_seconds(handouts),
                "nbconvert --to html --execute",
                executed_baseline,
            ),
            Row(
                f"certtraining handouts --answers ({count})",
                median_seconds(lambda: handouts("--answers")),
                "nbconvert --to html --execute",
                executed_baseline,
            ),
            Row(
                f"certtraining handouts --no-execute ({count})",
                median_seconds(lambda: handouts("--no-execute")),
                "nbconvert --to html (saved outputs)",
                median_seconds(plain),
            ),
        ]


if __name__ == "__main__":
    from benchmarks.common import print_rows

    print_rows(TITLE, run())
