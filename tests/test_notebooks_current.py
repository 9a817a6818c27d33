"""The committed notebooks are what ``make notebooks`` would write from data/ today.

A teacher who edits data/ and forgets to regenerate would otherwise teach from stale cells;
this names the notebook to rebuild.
"""

from __future__ import annotations

import json
from pathlib import Path

from certtraining.notebook.build import build_all
from certtraining.settings import notebooks_dir


def cells(path: Path) -> list[tuple[str, str, str]]:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return [(c["id"], c["cell_type"], "".join(c["source"])) for c in notebook["cells"]]


def test_committed_notebooks_match_the_builder(tmp_path: Path):
    written = build_all(out_dir=tmp_path)
    assert len(written) >= 8
    stale = [
        str(path.relative_to(tmp_path))
        for path in written
        if cells(path) != cells(notebooks_dir() / path.relative_to(tmp_path))
    ]
    assert not stale, f"run `make notebooks` to regenerate: {stale}"


def test_learner_code_cells_are_short_and_collapsed():
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for cell in notebook["cells"]:
            if cell["cell_type"] != "code":
                continue
            assert cell["metadata"]["jupyter"]["source_hidden"] is True, path.name
            assert len("".join(cell["source"]).splitlines()) <= 2, path.name
