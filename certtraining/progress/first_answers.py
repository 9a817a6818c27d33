"""What learners answered, as text: first answers (option picks) and wrong answers (the most
chosen wrong answer), grouped by question and answer text.

One GROUP BY over the answers numbered 1 and the wrong answers returns a few rows per
question, with the answer's wording version so currentness is decided here, per group,
instead of per row. An answer numbered 1 is its pair's first answer except in the pairs
``certtraining.progress.pair_scan`` reports as odd (first answer numbered above 1) and in
pairs with two answers numbered 1 (only merged imports make those; a count shows whether
any exist). The learners with such pairs are read apart, answer by answer, in small batches,
and their pairs are corrected with the same first-answer rule as the pair scan.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, bindparam, text

from certtraining.progress.pair_scan import COUNTED, Pairs, bind_versions, raw_cursor

BATCH = 500

# Per (question, answer text, right or wrong): three counts in one 64-bit sum, 21 bits each
# (numbered 1 and current; numbered 1 and earlier; numbered above 1 and current), and the
# row count, which shows whether a field could have overflowed (then the plain query runs).
# Grouping by fewer columns is what makes this cheap: SQLite sorts every row it groups.
FIELD = 2**21
_GROUPED = """
SELECT question_id, answer, {right}, COUNT(*),
       SUM(CASE WHEN {current}
                THEN CASE WHEN attempt_no = 1 THEN 1 ELSE 4398046511104 END
                ELSE CASE WHEN attempt_no = 1 THEN 2097152 ELSE 0 END END)
FROM attempts
WHERE {counted} AND (attempt_no = 1 OR NOT correct)
GROUP BY question_id, answer, correct
"""
_PLAIN = """
SELECT question_id, answer, {right}, COUNT(*),
       SUM(CASE WHEN {current} AND attempt_no = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN NOT ({current}) AND attempt_no = 1 THEN 1 ELSE 0 END),
       SUM(CASE WHEN {current} AND attempt_no <> 1 THEN 1 ELSE 0 END)
FROM attempts
WHERE {counted} AND (attempt_no = 1 OR NOT correct)
GROUP BY question_id, answer, correct
"""
_DUPLICATED = f"""
SELECT DISTINCT learner FROM (
    SELECT learner FROM attempts WHERE {COUNTED} AND attempt_no = 1
    GROUP BY learner, question_id HAVING COUNT(*) > 1
) d
"""
_RAW = f"""
SELECT learner, question_id, answer, correct, attempt_no, question_version
FROM attempts WHERE {COUNTED} AND learner IN :learners
"""
_KEY = ["question_id", "answer", "right", "current"]
FIRST_COLUMNS = [*_KEY, "n"]


@dataclass
class AnswerTexts:
    first: pd.DataFrame  # question_id, answer, right, current, n: first answers grouped
    wrong: pd.DataFrame  # question_id, answer, n: wrong answers to the current wording


def current_mask(version: pd.Series, versions: Collection[str]) -> pd.Series:
    """The current wording: no version, or one of the plan's (any, when the plan has none)."""
    if not versions:
        return pd.Series(True, index=version.index)
    return version.isna() | version.isin(list(versions))


def changed_questions(grouped: pd.DataFrame) -> list[str]:
    """Questions with an answer numbered 1 given to an earlier wording."""
    return sorted(set(grouped.loc[grouped["one_earlier"] > 0, "question_id"]))


def load_answer_texts(
    conn: Connection, versions: Collection[str], pairs: Pairs, grouped: pd.DataFrame
) -> AnswerTexts:
    """The texts from ``grouped`` (:func:`group_answers`), the odd learners' pairs read
    apart; their first answers are corrected in ``pairs`` too."""
    right = grouped["right"] == 1
    first = pd.concat(
        [
            grouped.assign(current=True, n=grouped["one_current"]),
            grouped.assign(current=False, n=grouped["one_earlier"]),
        ]
    )
    wrong = grouped.loc[~right].assign(n=grouped["one_current"] + grouped["later_current"])
    wrong = wrong.loc[wrong["n"] > 0, ["question_id", "answer", "n"]].reset_index(drop=True)
    odd = set(pairs.odd_learners)
    if int(grouped["one_current"].sum() + grouped["one_earlier"].sum()) != pairs.first_is_one:
        odd.update(row[0] for row in _fetch(conn, text(_DUPLICATED)))
    parts = [first[FIRST_COLUMNS]]
    learners = sorted(odd)
    for start in range(0, len(learners), BATCH):
        raw = _raw_answers(conn, learners[start : start + BATCH], versions)
        numbered_one = raw[raw["attempt_no"] == 1]
        parts.append(numbered_one[_KEY].assign(n=-1))  # counted above: take them out
        firsts = first_of_each_pair(raw)
        parts.append(firsts[_KEY].assign(n=1))
        _correct(pairs, firsts)
    first = pd.concat(parts, ignore_index=True).groupby(_KEY, as_index=False)["n"].sum()
    first = first[first["n"] > 0].reset_index(drop=True)
    return AnswerTexts(first, wrong)


def _correct(pairs: Pairs, firsts: pd.DataFrame) -> None:
    """Set the first answer (right, current) of these learners' pairs in ``pairs``."""
    learner_code = {name: code for code, name in enumerate(pairs.learners)}
    question_code = {q: code for code, q in enumerate(pairs.questions)}
    width = max(len(pairs.questions), 1)
    codes = np.array([learner_code[name] for name in firsts["learner"]], dtype=np.int64)
    targets = codes * width + np.array([question_code[q] for q in firsts["question_id"]])
    rows = np.flatnonzero(np.isin(pairs.learner, np.unique(codes)))
    keys = pairs.learner[rows].astype(np.int64) * width + pairs.question[rows]
    at = rows[pd.Index(keys).get_indexer(targets)]
    pairs.right[at] = firsts["right"].to_numpy()
    pairs.current[at] = firsts["current"].to_numpy()


def group_answers(conn: Connection, versions: Collection[str]) -> pd.DataFrame:
    """question_id, answer, right, one_current, one_earlier, later_current: per answer text,
    the answers numbered 1 to the current and to an earlier wording, and the current wrong
    answers numbered above 1."""
    dialect = conn.dialect.name
    parts = {
        "right": "correct" if dialect == "sqlite" else "CASE WHEN correct THEN 1 ELSE 0 END",
        "current": "COALESCE(question_version, '') IN :versions" if versions else "1 = 1",
        "counted": COUNTED,
    }
    rows = _fetch(conn, bind_versions(_GROUPED.format(**parts), versions))
    columns = ["question_id", "answer", "right", "rows", "packed"]
    frame = pd.DataFrame(rows, columns=columns).astype({"right": int, "rows": int})
    if (frame["rows"] < FIELD).all():
        packed = frame["packed"].astype(np.int64)
        frame["one_current"] = packed % FIELD
        frame["one_earlier"] = packed // FIELD % FIELD
        frame["later_current"] = packed // FIELD // FIELD
    else:
        rows = _fetch(conn, bind_versions(_PLAIN.format(**parts), versions))
        columns = [*columns[:4], "one_current", "one_earlier", "later_current"]
        frame = pd.DataFrame(rows, columns=columns).astype({"right": int})
    counts = ["one_current", "one_earlier", "later_current"]
    return frame.astype({c: int for c in counts})


def first_of_each_pair(raw: pd.DataFrame) -> pd.DataFrame:
    """Each pair's first answer: smallest number, then right before wrong, then current
    wording before an earlier one, then the smallest answer text (the pair scan's rule)."""
    ordered = raw.assign(wrong=1 - raw["right"], earlier=~raw["current"]).sort_values(
        ["learner", "question_id", "attempt_no", "wrong", "earlier", "answer"]
    )
    return ordered.drop_duplicates(["learner", "question_id"])


def _raw_answers(conn: Connection, learners: list[str], versions: Collection[str]) -> pd.DataFrame:
    query = text(_RAW).bindparams(bindparam("learners", learners, expanding=True))
    rows = _fetch(conn, query)
    raw = pd.DataFrame(
        rows,
        columns=["learner", "question_id", "answer", "right", "attempt_no", "version"],
    ).astype({"right": int, "attempt_no": int})
    raw["current"] = current_mask(raw["version"], versions)
    return raw


def _fetch(conn: Connection, query: Any) -> list[tuple]:
    cursor = raw_cursor(conn, query)
    try:
        return cursor.fetchall()
    finally:
        cursor.close()
