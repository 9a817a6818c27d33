"""`certtraining report --format moodle-csv | canvas-csv`: one row per learner, as each imports."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.notebook.plan import course_plan
from certtraining.progress import ProgressStore
from certtraining.progress.lms import CANVAS_COLUMNS, MOODLE_COLUMNS
from certtraining.progress.report import class_summary, load_class
from tests.class_store import synthetic_class_store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def class_db(course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[ProgressStore]:
    with synthetic_class_store(tmp_path, monkeypatch, 10) as store:
        yield store


def summary_by_learner(store: ProgressStore) -> dict[str, dict]:
    frame = class_summary(load_class(store, course_plan()))
    return {row["learner"]: row for row in frame.to_dict("records")}


def grade(value) -> str:
    return "" if value is None or value != value else f"{float(value):.1f}"


def read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_moodle_csv_has_one_row_per_learner_with_the_final_and_progress(
    class_db: ProgressStore, tmp_path: Path
) -> None:
    out = tmp_path / "moodle.csv"
    assert main(["report", "--format", "moodle-csv", "--out", str(out)]) == 0
    header, *rows = read(out)
    assert tuple(header) == MOODLE_COLUMNS
    summary = summary_by_learner(class_db)
    assert sorted(r[0] for r in rows) == sorted(summary)
    for id_number, username, final, progress, feedback in rows:
        expected = summary[id_number]
        assert username == id_number
        assert final == grade(expected["final_score_pct"])
        assert progress == grade(expected["progress_pct"])
        if final:
            assert feedback == ("합격" if expected["final_passed"] else "불합격")
    assert any(r[2] for r in rows) and any(not r[2] for r in rows)


def test_canvas_csv_has_canvas_identity_columns_and_points_possible(
    class_db: ProgressStore, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["report", "--format", "canvas-csv"]) == 0
    path = tmp_path / "canvas.csv"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    header, points, *rows = read(path)
    assert tuple(header) == CANVAS_COLUMNS
    assert points[0] == "Points Possible" and points[5:] == ["100.0", "100.0"]
    summary = summary_by_learner(class_db)
    assert sorted(r[0] for r in rows) == sorted(summary)
    for student, _id, sis_user, sis_login, _section, final, progress in rows:
        assert sis_user == sis_login == student
        assert final == grade(summary[student]["final_score_pct"])
        assert progress == grade(summary[student]["progress_pct"])


def test_gradebook_formats_refuse_the_item_table(class_db, capsys) -> None:
    assert main(["report", "--format", "moodle-csv", "--what", "items"]) == 1
    assert "--what items" in capsys.readouterr().err


def test_the_columns_are_documented() -> None:
    doc = (REPO / "docs" / "exports.md").read_text(encoding="utf-8")
    for column in (*MOODLE_COLUMNS, *CANVAS_COLUMNS):
        assert f"`{column}`" in doc
