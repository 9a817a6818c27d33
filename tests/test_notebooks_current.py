"""The committed notebooks are what ``make notebooks`` would write from data/ today, byte for byte.

A teacher who edits data/ and forgets to regenerate would otherwise teach from stale cells;
this names the notebook to rebuild. Byte-stable builds keep regenerating from unchanged data
free of diff noise (random widget ids, timings), so a reviewer sees only what content changed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from certtraining.notebook.build import build_all, unexecuted
from certtraining.notebook.stable_ids import StableIds
from certtraining.settings import notebooks_dir

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def committed_notebooks() -> list[Path]:
    folder = notebooks_dir()
    return sorted([*folder.glob("*.ipynb"), *folder.glob("instructor/*.ipynb")])


def test_committed_notebooks_are_the_builders_bytes_before_execution(tmp_path: Path):
    fresh = tmp_path / "fresh"
    written = build_all(out_dir=fresh)
    assert len(written) >= 8
    stale = []
    for path in written:
        relative = path.relative_to(fresh)
        committed = nbformat.read(notebooks_dir() / relative, as_version=4)
        stripped = tmp_path / "committed" / relative
        stripped.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(unexecuted(committed), stripped)
        if stripped.read_bytes() != path.read_bytes():
            stale.append(str(relative))
    assert not stale, f"run `make notebooks` to regenerate: {stale}"


def test_committed_notebooks_carry_nothing_that_changes_between_builds():
    for path in committed_notebooks():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        assert "version" not in notebook["metadata"]["language_info"], path.name
        for cell in notebook["cells"]:
            assert "execution" not in cell["metadata"], (path.name, cell["id"])


def test_every_saved_widget_view_finds_its_model_in_the_saved_state():
    """What JupyterLab needs to draw a freshly opened lesson's quizzes (no "model not found")."""
    with_widgets = 0
    for path in committed_notebooks():
        notebook = json.loads(path.read_text(encoding="utf-8"))
        views = [
            output["data"][WIDGET_VIEW]["model_id"]
            for cell in notebook["cells"]
            for output in cell.get("outputs", [])
            if WIDGET_VIEW in output.get("data", {})
        ]
        if not views:
            continue
        with_widgets += 1
        state = notebook["metadata"]["widgets"][WIDGET_STATE]["state"]
        referenced = set(re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(state)))
        assert set(views) <= state.keys(), path.name
        assert referenced <= state.keys(), path.name
        assert all(re.fullmatch(r"[0-9a-f]{32}", model_id) for model_id in state), path.name
    assert with_widgets >= 5


def test_widget_ids_differ_by_notebook_and_survive_an_edit_in_another_cell():
    def ids(namespace: str, cells: list[str]) -> dict[str, list[str]]:
        stable = StableIds(namespace)
        opened: dict[str, list[str]] = {}
        for source in cells:
            stable.enter_cell(source)
            opened[source] = [stable.next_id() for _ in range(3)]
        return opened

    before = ids("lesson:intro", ['start_lesson("intro")', 'quiz_section("intro")'])
    edited = ids(
        "lesson:intro", ['start_lesson("intro")', 'show_section("new")', 'quiz_section("intro")']
    )
    other = ids("lesson:final", ['start_lesson("intro")'])
    assert before['quiz_section("intro")'] == edited['quiz_section("intro")']
    assert len({*before['start_lesson("intro")'], *before['quiz_section("intro")']}) == 6
    assert not set(other['start_lesson("intro")']) & set(before['start_lesson("intro")'])


@pytest.mark.slow
def test_executing_a_lesson_twice_writes_the_committed_bytes(tmp_path: Path):
    runs = [
        build_all(out_dir=tmp_path / f"run-{n}", run=True, only=["intro"])[0].read_bytes()
        for n in (1, 2)
    ]
    assert runs[0] == runs[1]
    committed = (notebooks_dir() / "00_intro.ipynb").read_bytes()
    assert runs[0] == committed, "run `make notebooks` to regenerate 00_intro.ipynb"


def test_learner_code_cells_are_short_and_collapsed():
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            assert cell["metadata"]["jupyter"]["source_hidden"] is True, path.name
            assert len("".join(cell["source"]).splitlines()) <= 2, path.name
