"""An answer must be made of its question's options: checked against the course plan.

The store takes answers as JSON text; a learner's kernel could send anything. Before the
class service stores an attempt it asks :func:`check_options`: the question must be in the
course, and every option key in the answer (a choice, an O/X, a list of choices or steps,
a term → meaning mapping) must be one of that question's options. ``null`` means "not
answered" and is allowed only in an exam (a submitted paper counts blanks as wrong).
"""

from __future__ import annotations

import json
from typing import Any

from certtraining.progress.bank import CoursePlan
from certtraining.progress.records import Attempt, RecordError


def _keys(value: Any) -> list[Any] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    return None


def check_options(plan: CoursePlan, attempt: Attempt) -> None:
    """Raise :class:`RecordError` unless the attempt's answer is made of its question's options."""
    options = plan.option_labels.get(attempt.question_id)
    if options is None:
        raise RecordError(
            f"이 과정에 없는 문항입니다: {attempt.question_id!r} / unknown question id"
        )
    value = json.loads(attempt.answer)
    if value is None and attempt.mode == "exam":
        return
    keys = _keys(value)
    if not keys or any(not isinstance(k, str) or k not in options for k in keys):
        raise RecordError(
            f"문항 {attempt.question_id}의 보기가 아닌 답입니다: {attempt.answer[:80]} / "
            "the answer is not made of this question's options"
        )
