"""``certtraining lab`` serves the course: JupyterLab's contents API lists every lesson notebook.

No page is opened: this proves the launcher (port, token, no browser, course folder) with
the browser suite's one JupyterLab (tests/browser/conftest.py), whose teardown also checks
that stopping it by its process id ends it.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path

import pytest

from certtraining.content import load_content
from tests.browser.lab_server import REPO, LabServer

NOTEBOOKS = REPO / "notebooks"

pytestmark = pytest.mark.slow


def listing(server: LabServer, folder: str) -> dict[str, str]:
    model = server.get_json(f"api/contents/{folder}")
    assert isinstance(model, dict) and model["type"] == "directory"
    return {item["name"]: item["type"] for item in model["content"]}


def test_contents_api_lists_every_course_notebook(lab: LabServer) -> None:
    content = load_content()
    notebooks = [lesson.notebook for lesson in content.lessons]
    # Instructor notebooks are listed wherever they have been generated.
    notebooks += [
        item.notebook for item in content.course.instructor if (NOTEBOOKS / item.notebook).is_file()
    ]
    expected_by_folder: dict[str, set[str]] = {}
    for notebook in notebooks:
        path = Path(notebook)
        folder = "" if path.parent == Path(".") else path.parent.as_posix()
        expected_by_folder.setdefault(folder, set()).add(path.name)
    assert expected_by_folder[""], "the manifest names no lesson notebook"
    for folder, names in expected_by_folder.items():
        found = listing(lab, folder)
        missing = {name for name in names if found.get(name) != "notebook"}
        assert not missing, f"JupyterLab does not list {sorted(missing)} in /{folder}"


def test_a_lesson_notebook_opens_through_the_api(lab: LabServer) -> None:
    first = load_content().lessons[0].notebook
    model = lab.get_json(f"api/contents/{first}?content=1")
    assert isinstance(model, dict) and model["type"] == "notebook"
    assert model["content"]["metadata"]["certtraining"]["lesson"] == load_content().lessons[0].id


def test_the_api_refuses_a_request_without_the_token(lab: LabServer) -> None:
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{lab.base_url}/api/contents", timeout=10)
    assert refused.value.code == 403
