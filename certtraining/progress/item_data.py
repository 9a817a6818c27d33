"""The GROUP BY queries behind the item analysis (``certtraining.progress.psychometrics``).

Each query starts from every learner's **first** answer to each question (practice and exam
answers for the per-question statistics, never review answers, exam answers only for the reliability of the final assessment) and
returns sums per question, per answer or per pair of exam questions: a few rows per
question, whatever the size of the class. The rest score, its ranks (upper and lower 27 %,
ties broken by learner id so the groups are reproducible) and the products the
point-biserial needs are computed in SQL; the same SQL runs on SQLite and PostgreSQL.

Statistics belong to a question's current wording (docs/scoring.md, "문항 판"): a first
answer counts when it was given to the version the course plan names (or has no version: it
was recorded before versions were kept). A learner whose first answer went to an earlier
wording is left out of the question's statistics (they met the question before it changed,
so no later answer is a first try) and counted in ``earlier`` instead. A learner whose first
answer was self-reported (typed in from an offline handout) is left out the same way. The first answer is
found over the covering index alone; the version is read with the answer, in the same pass.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import Connection, bindparam, text

from certtraining.progress.psychometrics import THRESHOLDS

_FIRST = """
WITH fn AS (
    SELECT learner, question_id, MIN(attempt_no) AS no, COUNT(*) AS k
    FROM attempts WHERE {modes} GROUP BY learner, question_id
),
fv AS MATERIALIZED (
    SELECT a.learner, a.question_id, MIN(a.answer) AS answer,
           MAX(CASE WHEN a.correct THEN 1 ELSE 0 END) AS x, MAX(fn.k) AS k,
           MIN(CASE WHEN {current} THEN 1 ELSE 0 END) AS cur
    FROM attempts a JOIN fn
      ON a.learner = fn.learner AND a.question_id = fn.question_id AND a.attempt_no = fn.no
    WHERE {a_modes}
    GROUP BY a.learner, a.question_id
),
fa AS (SELECT learner, question_id, answer, x, k FROM fv WHERE cur = 1)
"""
# The current wording: no version (recorded before versions were kept) or one of the plan's.
_CURRENT = "(a.question_version IS NULL OR a.question_version IN :versions)"

_ITEM_SUMS = """,
lt AS (
    SELECT question_id, learner, x, k,
           SUM(x) OVER (PARTITION BY learner) AS t, COUNT(*) OVER (PARTITION BY learner) AS c
    FROM fa
),
rs AS (
    SELECT question_id, learner, x, k,
           CASE WHEN c > 1 THEN CAST(t - x AS DOUBLE PRECISION) / (c - 1) END AS r
    FROM lt
),
rk AS (
    SELECT question_id, x, r, k,
           ROW_NUMBER() OVER (PARTITION BY question_id
                              ORDER BY CASE WHEN r IS NULL THEN 1 ELSE 0 END, r, learner) AS rn,
           COUNT(r) OVER (PARTITION BY question_id) AS m
    FROM rs
),
rg AS (SELECT question_id, x, r, k, rn, m, (m * :pct + 50) / 100 AS g FROM rk)
SELECT question_id, COUNT(*), SUM(x), COUNT(r),
       SUM(CASE WHEN r IS NOT NULL THEN x ELSE 0 END),
       COALESCE(SUM(r), 0), COALESCE(SUM(r * r), 0), COALESCE(SUM(x * r), 0),
       SUM(CASE WHEN rn <= g THEN 1 ELSE 0 END), SUM(CASE WHEN rn <= g THEN x ELSE 0 END),
       SUM(CASE WHEN rn > m - g AND rn <= m THEN 1 ELSE 0 END),
       SUM(CASE WHEN rn > m - g AND rn <= m THEN x ELSE 0 END), SUM(k)
FROM rg GROUP BY question_id
"""
ITEM_SUM_COLUMNS = [
    "question_id",
    "n",
    "right",
    "m",
    "right_m",
    "sum_r",
    "sum_rr",
    "sum_xr",
    "lower_n",
    "lower_right",
    "upper_n",
    "upper_right",
    "attempts",  # every non-review answer of these learners to the question (mean attempts)
]

# First answers grouped, with ``cur`` = 0 for those given to an earlier wording (counted apart).
_ANSWERS = (
    "SELECT question_id, answer, x, cur, COUNT(*) FROM fv GROUP BY question_id, answer, x, cur"
)
_EXAM_ITEMS = "SELECT question_id, COUNT(*), SUM(x) FROM fa GROUP BY question_id"
_EXAM_PAIRS = """
SELECT a.question_id, b.question_id, COUNT(*), SUM(a.x), SUM(b.x), SUM(a.x * b.x)
FROM fa a JOIN fa b ON a.learner = b.learner AND a.question_id < b.question_id
GROUP BY a.question_id, b.question_id
"""
_EXAM_PAPERS = """
SELECT COUNT(*), AVG(CAST(c AS DOUBLE PRECISION))
FROM (SELECT learner, COUNT(*) AS c FROM fa GROUP BY learner) papers
"""


@dataclass
class ItemData:
    """What the item analysis is computed from (all small)."""

    sums: pd.DataFrame  # ITEM_SUM_COLUMNS, one row per question
    answers: pd.DataFrame  # question_id, answer, right, n: first answers grouped
    exam_items: pd.DataFrame  # question_id, n, right: first exam answers
    exam_pairs: pd.DataFrame  # qi, qj, n, si, sj, sij: learners who answered both
    exam_learners: int
    paper_length: float  # mean exam questions per learner
    # question_id → learners whose first answer went to an earlier wording (left out above)
    earlier: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))


_ANSWER_COLUMNS = ["question_id", "answer", "right", "n"]


def empty_item_data() -> ItemData:
    return ItemData(
        pd.DataFrame(columns=ITEM_SUM_COLUMNS),
        pd.DataFrame(columns=_ANSWER_COLUMNS),
        pd.DataFrame(columns=["question_id", "n", "right"]),
        pd.DataFrame(columns=["qi", "qj", "n", "si", "sj", "sij"]),
        0,
        0.0,
    )


def _query(sql: str, modes: str, versions: Collection[str]) -> Any:
    """The first-answer CTE for ``modes`` in front of ``sql``, with the plan's versions bound.

    Without versions (a plan made without the keys) every answer counts as current.
    """
    current = _CURRENT if versions else "1 = 1"
    head = _FIRST.format(modes=modes, a_modes=f"a.{modes}", current=current)
    query = text(head + sql)
    if versions:
        query = query.bindparams(bindparam("versions", sorted(versions), expanding=True))
    return query


def load_item_data(conn: Connection, versions: Collection[str] = ()) -> ItemData:
    """The sums of the item analysis; ``versions``: every question's current version."""
    # Review answers (mode 'review', from the spaced review, numbered apart) and answers
    # self-reported from an offline handout never count in the item analysis, as in the
    # class report; the filter is harmless where none exist.
    every = "mode <> 'review' AND NOT self_reported"
    exam = "mode = 'exam' AND NOT self_reported"
    pct = round(100 * THRESHOLDS.upper_lower_share)
    sums = _frame(conn.execute(_query(_ITEM_SUMS, every, versions), {"pct": pct}), ITEM_SUM_COLUMNS)
    grouped = _frame(
        conn.execute(_query(_ANSWERS, every, versions)),
        ["question_id", "answer", "right", "cur", "n"],
    )
    current = grouped["cur"] == 1
    answers = grouped.loc[current, _ANSWER_COLUMNS].reset_index(drop=True)
    earlier = grouped.loc[~current].groupby("question_id")["n"].sum().astype(int)
    exam_items = _frame(
        conn.execute(_query(_EXAM_ITEMS, exam, versions)), ["question_id", "n", "right"]
    )
    pairs = _frame(
        conn.execute(_query(_EXAM_PAIRS, exam, versions)), ["qi", "qj", "n", "si", "sj", "sij"]
    )
    learners, length = conn.execute(_query(_EXAM_PAPERS, exam, versions)).one()
    return ItemData(
        sums, answers, exam_items, pairs, int(learners or 0), float(length or 0.0), earlier
    )


def _frame(result: Any, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(row) for row in result.fetchall()], columns=columns)
    for column in columns:
        if column not in ("question_id", "answer", "qi", "qj"):
            frame[column] = pd.to_numeric(frame[column])
    return frame
