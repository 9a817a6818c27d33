"""The fixture course exported for jupyterquiz, and what jupyterquiz shows of it in a kernel.

Shared by tests/test_quiz_export.py and the Chromium check in tests/browser/ (each loads it
with ``pytest_plugins``), so the export and the kernel run are built the same way.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from certtraining.cli.main import main


@pytest.fixture(scope="module")
def exported(module_course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "bank" / "questions.json"
    assert main(["questions", "export", "--format", "jupyterquiz", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def jupyterquiz_outputs(exported) -> list[dict]:
    """What `display_quiz(<exported file>)` shows in a real kernel."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            f"from jupyterquiz import display_quiz\ndisplay_quiz({str(exported)!r})"
        )
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    return notebook.cells[0].outputs
