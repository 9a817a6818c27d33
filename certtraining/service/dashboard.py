"""The instructor dashboard's contents: the same tables and charts as the instructor notebook.

Every number comes from :mod:`certtraining.progress.report` through the instructor notebook's
own calls (:mod:`certtraining.notebook.instructor`), so the dashboard, ``certtraining report``
and the notebook agree. The page is one Jinja2 template with the course stylesheet.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd

from certtraining.notebook import instructor
from certtraining.present.templates import fragment, safe
from certtraining.progress.bank import CoursePlan
from certtraining.progress.report import class_summary, item_analysis, load_class
from certtraining.progress.store import ProgressStore


def _view(store: ProgressStore, plan: CoursePlan) -> instructor.ClassView:
    return instructor.ClassView(load_class(store, plan), False, "certtraining service")


def frames(store: ProgressStore, plan: CoursePlan, what: str = "all") -> dict[str, pd.DataFrame]:
    """The report's tables exactly as ``certtraining report`` prints them."""
    data = load_class(store, plan)
    result: dict[str, pd.DataFrame] = {}
    if what in ("all", "summary"):
        result["summary"] = class_summary(data)
    if what in ("all", "items"):
        result["items"] = item_analysis(data)
    return result


def xlsx(store: ProgressStore, plan: CoursePlan) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in frames(store, plan).items():
            frame.to_excel(writer, sheet_name=name, index=False)
    return buffer.getvalue()


def chart(store: ProgressStore, plan: CoursePlan, which: str) -> bytes:
    view = _view(store, plan)
    if which == "scores":
        return instructor.show_score_distribution(view).png
    return instructor.show_mastery_by_section(view).png


def page(store: ProgressStore, plan: CoursePlan, teacher: str) -> str:
    view = _view(store, plan)
    learners = len(view.data.learners)
    has_answers = view.data.has_answers
    return fragment(
        "dashboard.html.j2",
        teacher=teacher,
        learners=learners,
        has_answers=has_answers,
        summary=safe(instructor.show_class_summary(view).html) if learners else "",
        items=safe(instructor.show_item_analysis(view).html) if has_answers else "",
        reliability=safe(instructor.show_exam_reliability(view).html) if has_answers else "",
        scores_text=instructor.show_score_distribution(view).description if learners else "",
        mastery_text=instructor.show_mastery_by_section(view).description if has_answers else "",
    )


def error_page(status: int, message: Any) -> str:
    return fragment("dashboard_error.html.j2", status=status, message=str(message or ""))
