"""The class summary as the CSV files LMS gradebooks import: one row per learner.

Both gradebooks match a row to a person by an identifier column, so the learner id must be
the id the institution knows the learner by (its student number or login). Grades are
percentages (0-100); a learner without a final assessment gets an empty cell, which both
importers read as "no grade" and leave alone. Columns are documented in docs/exports.md.

- Moodle (Grades → Import → CSV file): the first row names the columns; the teacher maps
  ``ID number`` (or ``Username``) to the user field and each grade column to a grade item
  (or a new one); a feedback column can be mapped as that item's feedback.
- Canvas (Grades → Import): the columns ``Student``, ``ID``, ``SIS User ID``,
  ``SIS Login ID`` and ``Section`` come first, as in a Canvas gradebook export; then one
  column per assignment (a name Canvas does not know becomes a new assignment), and a second
  row ``Points Possible`` gives each assignment's maximum.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable

import pandas as pd

FINAL = "최종 평가 (certtraining)"
PROGRESS = "진도 (certtraining)"
MOODLE_COLUMNS = (
    "ID number",
    "Username",
    f"{FINAL} (Real)",
    f"{PROGRESS} (Real)",
    f"{FINAL} feedback",
)
CANVAS_COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section", FINAL, PROGRESS)


def _grade(value: object) -> str:
    if value is None or value is pd.NA:
        return ""
    number = float(value)  # type: ignore[arg-type]
    return "" if math.isnan(number) else f"{number:.1f}"


def _feedback(passed: object) -> str:
    if passed is None or passed is pd.NA:
        return "최종 평가 미제출"
    return "합격" if bool(passed) else "불합격"


def _csv(rows: Iterable[Iterable[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(rows)
    return out.getvalue()


def moodle_csv(summary: pd.DataFrame) -> str:
    """Moodle's CSV grade import: identifier columns, two grade items, the final's feedback."""
    rows: list[list[str]] = [list(MOODLE_COLUMNS)]
    for row in summary.itertuples(index=False):
        rows.append(
            [
                row.learner,
                row.learner,
                _grade(row.final_score_pct),
                _grade(row.progress_pct),
                _feedback(row.final_passed),
            ]
        )
    return _csv(rows)


def canvas_csv(summary: pd.DataFrame) -> str:
    """Canvas's gradebook import: its five identity columns, two assignments out of 100."""
    rows: list[list[str]] = [list(CANVAS_COLUMNS)]
    rows.append(["Points Possible", "", "", "", "", "100.0", "100.0"])
    for row in summary.itertuples(index=False):
        rows.append(
            [
                row.learner,
                "",
                row.learner,
                row.learner,
                "",
                _grade(row.final_score_pct),
                _grade(row.progress_pct),
            ]
        )
    return _csv(rows)


LMS_FORMATS = {"moodle-csv": moodle_csv, "canvas-csv": canvas_csv}
