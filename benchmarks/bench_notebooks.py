"""The notebook test run against its floor, and the package import against its own dependencies.

Floor for nbval: the same number of one-cell notebooks run through the same command, whose
one cell is ``import pandas, ipywidgets``: kernel start-up and those two libraries, which no
lesson can avoid, are factored out of the ratio (issue 16's goal: at most 1.15x). The lesson
import is compared with the same two libraries (goal: at most 1.1x).

The course is cached on disk after its first validation (``certtraining.content.disk_cache``);
one warm-up run fills that cache in a private folder first, so the figures are those of a
learner's second and later kernels, and the row for a cold cache is printed beside them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat

from benchmarks.common import BIN, REPO, Row, median_seconds, run_command

TITLE = "Notebook tests and import cost"
# What a lesson's first cell makes the kernel import and load before it shows anything.
_LESSON_START = (
    "from certtraining.lesson import *; from certtraining.content import load_content; "
    "load_content()"
)


def _floor_notebooks(folder: Path, count: int) -> None:
    for index in range(count):
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [nbformat.v4.new_code_cell("import pandas, ipywidgets")]
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


def _python(code: str, env: dict[str, str] | None = None) -> None:
    run_command([sys.executable, "-c", code], env=env)


def _cold_start(cache: Path, env: dict[str, str]) -> None:
    """One lesson kernel's first cell with an empty content cache (validation included)."""
    for stale in cache.glob("*"):
        stale.unlink()
    _python(_LESSON_START, env)


def run() -> list[Row]:
    # Every notebook nbval runs: the lessons and the instructor's notebooks beside them.
    lessons = sorted(
        path
        for path in (REPO / "notebooks").rglob("*.ipynb")
        if ".ipynb_checkpoints" not in path.parts
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        floor = folder / "floor"
        floor.mkdir()
        _floor_notebooks(floor, len(lessons))
        env = dict(
            os.environ,
            CERTTRAINING_DB=f"sqlite:///{folder / 'bench.db'}",
            CERTTRAINING_LEARNER="demo-learner",
            CERTTRAINING_CACHE_DIR=str(folder / "cache"),
        )
        _nbval(REPO / "notebooks", env)  # warm-up: fills the content cache
        course = median_seconds(lambda: _nbval(REPO / "notebooks", env))
        baseline = median_seconds(lambda: _nbval(floor, env))
        cold = median_seconds(lambda: _cold_start(folder / "cache", env))
        warm = median_seconds(lambda: _python(_LESSON_START, env))
    lesson_import = median_seconds(lambda: _python("import certtraining.lesson"))
    deps_import = median_seconds(lambda: _python("import pandas, ipywidgets"))
    package_import = median_seconds(lambda: _python("import certtraining"))
    return [
        Row(
            f"pytest --nbval notebooks/ ({len(lessons)} notebooks)",
            course,
            f"{len(lessons)} notebooks: import pandas, ipywidgets",
            baseline,
        ),
        Row(
            "import certtraining.lesson",
            lesson_import,
            "import pandas, ipywidgets",
            deps_import,
        ),
        Row("import certtraining", package_import, "import pandas, ipywidgets", deps_import),
        Row("lesson import + course, cache filled", warm, "import pandas, ipywidgets", deps_import),
        Row("lesson import + course, cache empty", cold, "import pandas, ipywidgets", deps_import),
    ]
