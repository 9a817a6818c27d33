"""The sums behind the item analysis (``certtraining.progress.psychometrics``), from the pairs.

The database returns every (learner, question) pair once, as small integers
(``certtraining.progress.pair_scan``), and the answer texts grouped
(``certtraining.progress.first_answers``); here numpy turns them into sums per question, per
answer or per pair of exam questions: a few rows per question, whatever the size of the
class. No attempt is ever loaded.

Each statistic starts from every learner's **first** answer to each question (practice and
exam answers for the per-question statistics, never review answers or answers self-reported
from an offline handout; exam answers only for the reliability of the final assessment). The
rest score ``(T - x) / (c - 1)`` of a learner, its ranks (upper and lower 27 %, ties broken by
learner id in the database's order, so the groups are reproducible) and the products the
point-biserial needs are computed with numpy, on the same arrays on SQLite and PostgreSQL.

Statistics belong to a question's current wording (docs/scoring.md, "문항 판"): a first
answer counts when it was given to the version the course plan names (or has no version: it
was recorded before versions were kept). A learner whose first answer went to an earlier
wording is left out of the question's statistics (they met the question before it changed,
so no later answer is a first try) and counted in ``earlier`` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from certtraining.progress.first_answers import AnswerTexts
from certtraining.progress.pair_scan import Pairs
from certtraining.progress.psychometrics import THRESHOLDS

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


def item_data_from(pairs: Pairs, texts: AnswerTexts) -> ItemData:
    """Every sum of the item analysis, from the pairs and the grouped answer texts."""
    questions = np.array(pairs.questions, dtype=object)
    size = len(questions)
    current = pairs.current
    earlier_counts = np.bincount(pairs.question[~current], minlength=size)
    earlier = pd.Series(earlier_counts, index=questions, dtype=int)
    earlier = earlier[earlier > 0]
    first = texts.first
    answers = first.loc[first["current"], _ANSWER_COLUMNS].reset_index(drop=True)
    exam_items, exam_pairs, learners, length = _exam_sums(pairs, questions)
    return ItemData(
        _item_sums(pairs, questions),
        answers,
        exam_items,
        exam_pairs,
        learners,
        length,
        earlier,
    )


def _item_sums(pairs: Pairs, questions: np.ndarray) -> pd.DataFrame:
    """ITEM_SUM_COLUMNS for every question with a first answer to its current wording.

    Question by question (the pairs come in learner order: one index sorts them), so the
    float arrays live for one question's learners at a time, not for millions of pairs.
    """
    size = len(questions)
    # Per learner: current first answers, and the right ones (integer counts: no float copy
    # of millions of pairs).
    count = np.bincount(pairs.learner[pairs.current], minlength=len(pairs.learners))
    right = pairs.current & (pairs.right == 1)
    total = np.bincount(pairs.learner[right], minlength=len(pairs.learners)).astype(np.float64)
    del right
    order = np.argsort(pairs.question, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(np.bincount(pairs.question, minlength=size))))
    pct = round(100 * THRESHOLDS.upper_lower_share)
    rows = []
    for code in range(size):
        at = order[bounds[code] : bounds[code + 1]]
        at = at[pairs.current[at]]
        if not len(at):
            continue
        learner = pairs.learner[at]
        x = pairs.right[at].astype(np.float64)
        mine = count[learner]
        rest = mine > 1  # a rest score needs another answered question
        xm, lm = x[rest], learner[rest]
        r = (total[lm] - xm) / (mine[rest] - 1)
        # Ranks by rest score, ties by learner (the database's order of learner ids).
        ranked = xm[np.lexsort((lm, r))]
        m = len(ranked)
        g = (m * pct + 50) // 100
        rows.append(
            (
                questions[code],
                len(at),
                int(x.sum()),
                m,
                int(xm.sum()),
                float(r.sum()),
                float((r * r).sum()),
                float((xm * r).sum()),
                g,
                int(ranked[:g].sum()),
                g,
                int(ranked[m - g :].sum()) if g else 0,
                int(pairs.answers[at].sum()),
            )
        )
    return pd.DataFrame(rows, columns=ITEM_SUM_COLUMNS)


def _exam_sums(
    pairs: Pairs, questions: np.ndarray
) -> tuple[pd.DataFrame, pd.DataFrame, int, float]:
    """First exam answers to the current wording: per question, per pair of questions
    answered by the same learners (matrix products over learner blocks), and per paper."""
    taken = pairs.exam >= 3  # answered in the exam, first exam answer to the current wording
    learner, question = pairs.learner[taken], pairs.question[taken]
    right = (pairs.exam[taken] == 4).astype(np.float64)
    if not len(learner):
        return empty_item_data().exam_items, empty_item_data().exam_pairs, 0, 0.0
    codes, ids = pd.factorize(questions[question], sort=True)
    n = np.bincount(codes, minlength=len(ids))
    items = pd.DataFrame(
        {"question_id": ids, "n": n, "right": np.bincount(codes, right, len(ids)).astype(int)}
    )
    rows, _ = pd.factorize(learner, sort=True)
    papers = int(rows.max()) + 1
    answered = np.zeros((papers, len(ids)))
    scored = np.zeros((papers, len(ids)))
    answered[rows, codes] = 1.0
    scored[rows, codes] = right
    sums = [np.zeros((len(ids), len(ids))) for _ in range(4)]
    for start in range(0, papers, 20_000):
        a, s = answered[start : start + 20_000], scored[start : start + 20_000]
        for total, (left, right_side) in zip(sums, [(a, a), (s, a), (a, s), (s, s)], strict=True):
            total += left.T @ right_side
    i, j = np.triu_indices(len(ids), k=1)
    both = sums[0][i, j] > 0
    i, j = i[both], j[both]
    pair_frame = pd.DataFrame(
        {
            "qi": ids[i],
            "qj": ids[j],
            "n": sums[0][i, j].astype(int),
            "si": sums[1][i, j].astype(int),
            "sj": sums[2][i, j].astype(int),
            "sij": sums[3][i, j].astype(int),
        }
    )
    return items, pair_frame, papers, len(learner) / papers
