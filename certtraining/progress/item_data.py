"""The GROUP BY queries behind the item analysis (``certtraining.progress.psychometrics``).

Each query starts from every learner's **first** answer to each question (practice and exam
answers for the per-question statistics, never review answers, exam answers only for the reliability of the final assessment) and
returns sums per question, per answer or per pair of exam questions: a few rows per
question, whatever the size of the class. The rest score, its ranks (upper and lower 27 %,
ties broken by learner id so the groups are reproducible) and the products the
point-biserial needs are computed in SQL; the same SQL runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, text

from certtraining.progress.psychometrics import THRESHOLDS

_FIRST = """
WITH fn AS (
    SELECT learner, question_id, MIN(attempt_no) AS no
    FROM attempts WHERE {modes} GROUP BY learner, question_id
),
fa AS MATERIALIZED (
    SELECT a.learner, a.question_id, MIN(a.answer) AS answer,
           MAX(CASE WHEN a.correct THEN 1 ELSE 0 END) AS x
    FROM attempts a JOIN fn
      ON a.learner = fn.learner AND a.question_id = fn.question_id AND a.attempt_no = fn.no
    WHERE {a_modes}
    GROUP BY a.learner, a.question_id
)
"""

_ITEM_SUMS = """,
lt AS (SELECT learner, SUM(x) AS t, COUNT(*) AS c FROM fa GROUP BY learner),
rs AS (
    SELECT fa.question_id, fa.learner, fa.x,
           CASE WHEN lt.c > 1 THEN CAST(lt.t - fa.x AS DOUBLE PRECISION) / (lt.c - 1) END AS r
    FROM fa JOIN lt ON fa.learner = lt.learner
),
rk AS (
    SELECT question_id, x, r,
           ROW_NUMBER() OVER (PARTITION BY question_id
                              ORDER BY CASE WHEN r IS NULL THEN 1 ELSE 0 END, r, learner) AS rn,
           COUNT(r) OVER (PARTITION BY question_id) AS m
    FROM rs
),
rg AS (SELECT question_id, x, r, rn, m, (m * :pct + 50) / 100 AS g FROM rk)
SELECT question_id, COUNT(*), SUM(x), COUNT(r),
       SUM(CASE WHEN r IS NOT NULL THEN x ELSE 0 END),
       COALESCE(SUM(r), 0), COALESCE(SUM(r * r), 0), COALESCE(SUM(x * r), 0),
       SUM(CASE WHEN rn <= g THEN 1 ELSE 0 END), SUM(CASE WHEN rn <= g THEN x ELSE 0 END),
       SUM(CASE WHEN rn > m - g AND rn <= m THEN 1 ELSE 0 END),
       SUM(CASE WHEN rn > m - g AND rn <= m THEN x ELSE 0 END)
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
]

_ANSWERS = "SELECT question_id, answer, x, COUNT(*) FROM fa GROUP BY question_id, answer, x"
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


def empty_item_data() -> ItemData:
    return ItemData(
        pd.DataFrame(columns=ITEM_SUM_COLUMNS),
        pd.DataFrame(columns=["question_id", "answer", "right", "n"]),
        pd.DataFrame(columns=["question_id", "n", "right"]),
        pd.DataFrame(columns=["qi", "qj", "n", "si", "sj", "sij"]),
        0,
        0.0,
    )


def load_item_data(conn: Connection) -> ItemData:
    # Review answers (mode 'review', from the spaced review, numbered apart) and answers
    # self-reported from an offline handout never count in the item analysis, as in the
    # class report; the filter is harmless where none exist.
    every = _FIRST.format(
        modes="mode <> 'review' AND NOT self_reported",
        a_modes="a.mode <> 'review' AND NOT a.self_reported",
    )
    exam = _FIRST.format(
        modes="mode = 'exam' AND NOT self_reported",
        a_modes="a.mode = 'exam' AND NOT a.self_reported",
    )
    pct = round(100 * THRESHOLDS.upper_lower_share)
    sums = _frame(conn.execute(text(every + _ITEM_SUMS), {"pct": pct}), ITEM_SUM_COLUMNS)
    answers = _frame(conn.execute(text(every + _ANSWERS)), ["question_id", "answer", "right", "n"])
    exam_items = _frame(conn.execute(text(exam + _EXAM_ITEMS)), ["question_id", "n", "right"])
    pairs = _frame(conn.execute(text(exam + _EXAM_PAIRS)), ["qi", "qj", "n", "si", "sj", "sij"])
    learners, length = conn.execute(text(exam + _EXAM_PAPERS)).one()
    return ItemData(sums, answers, exam_items, pairs, int(learners or 0), float(length or 0.0))


def _frame(result: Any, columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame([tuple(row) for row in result.fetchall()], columns=columns)
    for column in columns:
        if column not in ("question_id", "answer", "qi", "qj"):
            frame[column] = pd.to_numeric(frame[column])
    return frame
