"""The notebook test run against its floor, and the package import against its own dependencies.

Floor for nbval: the same number of one-cell notebooks run through the same command, so
kernel start-up, which no lesson can avoid, is factored out of the ratio.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat

from benchmarks.common import BIN, REPO, Row, median_seconds, run_command

TITLE = "Notebook tests and import cost"


def _floor_notebooks(folder: Path, count: int) -> None:
    for index in range(count):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell("1 + 1")]
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
        nbformat.write(notebook, folder / f"floor_{index:02d}.ipynb")


def _nbval(target: Path, env: dict[str, str]) -> None:
    run_command(
        [
            str(BIN / "pytest"),
            "-q",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "--nbval",
            "--nbval-sanitize-with",
            str(REPO / "tests" / "nbval_sanitize.cfg"),
            str(target),
        ],
        env=env,
    )


def _python(code: str) -> None:
    run_command([sys.executable, "-c", code])


def run() -> list[Row]:
    lessons = sorted((REPO / "notebooks").glob("*.ipynb"))
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        floor = folder / "floor"
        floor.mkdir()
        _floor_notebooks(floor, len(lessons))
        env = dict(
            os.environ,
            CERTTRAINING_DB=f"sqlite:///{folder / 'bench.db'}",
            CERTTRAINING_LEARNER="demo-learner",
        )
        course = median_seconds(lambda: _nbval(REPO / "notebooks", env))
        baseline = median_seconds(lambda: _nbval(floor, env))
    lesson_import = median_seconds(lambda: _python("import certtraining.notebook.lesson"))
    deps_import = median_seconds(lambda: _python("import pandas, ipywidgets"))
    package_import = median_seconds(lambda: _python("import certtraining"))
    return [
        Row(
            f"pytest --nbval notebooks/ ({len(lessons)} lessons)",
            course,
            f"{len(lessons)} one-cell notebooks",
            baseline,
        ),
        Row(
            "import certtraining.notebook.lesson",
            lesson_import,
            "import pandas, ipywidgets",
            deps_import,
        ),
        Row("import certtraining", package_import, "import pandas, ipywidgets", deps_import),
    ]
