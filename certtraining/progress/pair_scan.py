"""One pass over the attempts: every (learner, question) pair as a few small integers.

The class report and the item analysis both start from each learner's answers to each
question (review answers and answers self-reported from an offline handout never count).
One GROUP BY over the index ``ix_attempts_learner_question`` (its order: no sort; the
table is visited only for ``self_reported`` and ``question_version``) returns one row per
pair, in learner order, with two packed integers; the rows are streamed in chunks into
numpy arrays, so 100,000
learners (6 million pairs) never become Python objects all at once and no attempt reaches
Python. Everything else (scores, rest scores, ranks, sums) is computed from these arrays.

Per pair:

- ``answers``: how many answers (mean attempts, lesson progress);
- the **first answer** (smallest ``attempt_no``; among answers with the same number, which
  only merged imports produce, a right one before a wrong one, then one to the current
  wording before an earlier one): its attempt number, whether it was right, and whether it
  went to the current wording (docs/scoring.md, "문항 판") — one ``MIN`` over
  ``attempt_no * 4 + wrong * 2 + earlier``;
- the try of the first right practice answer and whether the first exam answer was right
  (the score rule of ``certtraining.progress.scoring``), as the pair's ``credit``;
- the first **exam** answer, encoded the same way (the reliability of the final assessment).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Connection, bindparam, text

from certtraining.progress.scoring import FIRST_TRY_CREDIT, LATER_TRY_CREDIT, SECOND_TRY_CREDIT

CHUNK = 10_000  # rows per fetch: two chunks of Python tuples are alive at a time
LOW = 2**32 - 1  # two numbers travel in one 64-bit integer (attempt numbers stay below 2**30)

COUNTED = "mode <> 'review' AND NOT self_reported"

_PAIRS = """
SELECT learner, question_id,
       COUNT(*) * 4294967296 + MIN(attempt_no * 4 + {wrong} + {first_earlier}),
       COALESCE(MIN(CASE WHEN correct AND mode = 'practice' THEN attempt_no END), 0) * 4294967296
       + COALESCE(MIN(CASE WHEN mode = 'exam' THEN attempt_no * 4 + {wrong} + {earlier} END), 0)
FROM attempts
WHERE {counted}
GROUP BY learner, question_id
ORDER BY learner, question_id
"""


def wrong_sql(dialect: str) -> str:
    """2 for a wrong answer, 0 for a right one (SQLite stores booleans as 0/1)."""
    return "(2 - 2 * correct)" if dialect == "sqlite" else "CASE WHEN correct THEN 0 ELSE 2 END"


def earlier_sql(dialect: str, versions: Collection[str]) -> str:
    """1 when the answer went to an earlier wording: it has a version the plan does not name.

    No version (recorded before versions were kept) counts as current, and so does every
    answer when the plan names no versions. ``:versions`` holds '' and the plan's versions.
    """
    if not versions:
        return "0"
    test = "COALESCE(question_version, '') NOT IN :versions"
    return f"({test})" if dialect == "sqlite" else f"CASE WHEN {test} THEN 1 ELSE 0 END"


def bind_versions(sql: str, versions: Collection[str]):  # noqa: ANN201 - a TextClause
    query = text(sql)
    if versions and ":versions" in sql:
        query = query.bindparams(bindparam("versions", ["", *sorted(versions)], expanding=True))
    return query


@dataclass
class Pairs:
    """Every counted (learner, question) pair; codes index ``learners`` and ``questions``.

    ``learners`` are in the database's order of learner ids (ties in the upper/lower groups
    are broken by it). Exam codes: 0 no exam answer, else 1 + 2·current + right.
    """

    learners: list[str]
    questions: list[str]
    learner: np.ndarray  # int32
    question: np.ndarray  # int32
    answers: np.ndarray  # int32
    right: np.ndarray  # int8: first answer right
    current: np.ndarray  # bool: first answer to the current wording
    credit: np.ndarray  # float32: the pair's score (1, 0.5, 0.25 or 0)
    exam: np.ndarray  # int8, see above
    # learners with a pair whose first answer is not numbered 1 (see first_answers.py)
    odd_learners: list[str]
    first_is_one: int  # pairs whose first answer is numbered 1

    def __len__(self) -> int:
        return len(self.learner)


def scan_pairs(conn: Connection, versions: Collection[str], changed: Collection[str] = ()) -> Pairs:
    """The pairs; ``changed``: the questions with an answer numbered 1 to an earlier wording.

    Only for those is the wording of every answer looked at while finding the first answer:
    elsewhere a first answer numbered 1 is current (the first answers of the other pairs,
    numbered above 1 or sharing their number, are corrected in first_answers.py). The first
    exam answer's wording is always looked at (exam answers are few).
    """
    dialect = conn.dialect.name
    earlier = earlier_sql(dialect, versions)
    first_earlier = "0"
    if changed and earlier != "0":
        first_earlier = f"CASE WHEN question_id IN :changed THEN {earlier} ELSE 0 END"
    sql = _PAIRS.format(
        wrong=wrong_sql(dialect), earlier=earlier, first_earlier=first_earlier, counted=COUNTED
    )
    query = bind_versions(sql, versions)
    if ":changed" in sql:
        query = query.bindparams(bindparam("changed", sorted(changed), expanding=True))
    cursor = raw_cursor(conn, query, stream=True)
    builder = _Builder()
    try:
        while rows := cursor.fetchmany(CHUNK):
            builder.add(rows)
    finally:
        cursor.close()
    return builder.pairs()


def raw_cursor(conn: Connection, query: Any, stream: bool = False) -> Any:
    """The driver's own cursor on ``query``: plain tuples, no per-row SQLAlchemy objects.

    With ``stream`` on PostgreSQL a server-side cursor, so rows arrive chunk by chunk.
    """
    compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positional:
        params = [compiled.params[name] for name in compiled.positiontup or ()]
    driver = conn.connection.dbapi_connection
    if stream and conn.dialect.name == "postgresql":
        cursor = driver.cursor(name=f"certtraining_{uuid.uuid4().hex}")
        cursor.itersize = CHUNK
    else:
        cursor = driver.cursor()
    cursor.execute(compiled.string, params)
    return cursor


_TYPES = (np.int32, np.int32, np.int32, np.int8, bool, np.float32, np.int8)


class _Builder:
    """Turns chunks of rows into compact arrays (learner names kept once each)."""

    def __init__(self) -> None:
        self.learners: list[np.ndarray] = []
        self.count = 0
        self.last: str | None = None
        self.question_codes: dict[str, int] = {}
        # Growing arrays (capacity doubles): a few large blocks, not thousands of chunk-sized
        # ones whose freed gaps the allocator would keep for good.
        self.columns = [np.empty(1 << 16, dtype=t) for t in _TYPES]
        self.size = 0
        self.odd: list[str] = []
        self.first_is_one = 0

    def add(self, rows: list[tuple]) -> None:
        size = len(rows)
        names = np.array([row[0] for row in rows], dtype=object)
        new = np.empty(size, dtype=bool)
        new[0] = names[0] != self.last
        np.not_equal(names[1:], names[:-1], out=new[1:])
        codes = (self.count - 1 + np.cumsum(new)).astype(np.int32)
        # Copied out of the row objects (numpy text), so no row's memory stays pinned.
        self.learners.append(names[new].astype(str))
        self.count += int(new.sum())
        self.last = str(names[-1])
        local, uniques = pd.factorize(np.array([row[1] for row in rows], dtype=object))
        table = np.array(
            [self.question_codes.setdefault(q, len(self.question_codes)) for q in uniques],
            dtype=np.int32,
        )
        packed = np.fromiter((row[2] for row in rows), np.int64, size)
        tries = np.fromiter((row[3] for row in rows), np.int64, size)
        answers, f = packed >> 32, packed & LOW
        p, e = tries >> 32, tries & LOW
        first_no = f >> 2
        odd = first_no != 1
        self.first_is_one += int(len(f) - odd.sum())
        if odd.any():
            self.odd.extend(sorted(set(names[odd].tolist())))
        exam_right = (e & 2) == 0
        credit = np.select(
            [(e > 0) & exam_right, p == 1, p == 2, p >= 3],
            [FIRST_TRY_CREDIT, FIRST_TRY_CREDIT, SECOND_TRY_CREDIT, LATER_TRY_CREDIT],
            0.0,
        ).astype(np.float32)
        exam_code = np.where(e > 0, 1 + 2 * ((e & 1) == 0) + exam_right, 0).astype(np.int8)
        values = [codes, table[local], answers, (f & 2) == 0, (f & 1) == 0, credit, exam_code]
        end = self.size + size
        if end > len(self.columns[0]):
            capacity = max(2 * len(self.columns[0]), end)
            grown = []
            for column in self.columns:
                bigger = np.empty(capacity, dtype=column.dtype)
                bigger[: self.size] = column[: self.size]
                grown.append(bigger)
            self.columns = grown
        for column, value in zip(self.columns, values, strict=True):
            column[self.size : end] = value
        self.size = end

    def pairs(self) -> Pairs:
        columns = [column[: self.size] for column in self.columns]
        learners = np.concatenate(self.learners).tolist() if self.learners else []
        return Pairs(
            learners,
            list(self.question_codes),
            *columns,
            odd_learners=sorted(set(self.odd)),
            first_is_one=self.first_is_one,
        )
