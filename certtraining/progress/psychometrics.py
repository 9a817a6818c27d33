"""Classical item analysis from aggregates: difficulty, discrimination, option picks, reliability.

Pure functions over the small sums the database returns (``certtraining.progress.report``
fetches them with GROUP BY queries), so a class of 100,000 learners never loads its attempts
into Python. Formulas and their sources are in docs/scoring.md ("문항 분석 통계").

Every learner sees a different exam paper and answers a different set of practice questions:
the learner-by-item table has missing cells. So

- the **rest score** of a learner for question *i* is the share of the *other* questions the
  learner answered that they got right on the first try, ``(T - x_i) / (n - 1)``, not a raw
  sum (a raw sum would reward learners who simply answered more questions);
- the **reliability** is Cronbach's alpha (KR-20 for right/wrong items) from the mean item
  variance and the mean pairwise covariance, each covariance taken over the learners who
  answered both items, for a paper of the mean length learners actually sat.

Only a learner's **first** answer to a question counts (first-try facility, like Moodle's
"first try" statistics).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Thresholds:
    """Every cut-off the item analysis uses, in one place (documented in docs/scoring.md)."""

    min_answers: int = 10  # fewer first answers: "too few answers", no statistics
    too_easy: float = 0.90  # facility above this: nearly everyone knows it
    too_hard: float = 0.30  # facility below this: most of the class misses it
    near_zero_discrimination: float = 0.15  # point-biserial below this (and >= 0): weak
    upper_lower_share: float = 0.27  # Kelley's upper and lower groups


THRESHOLDS = Thresholds()

TOO_FEW = "too_few_answers"
NEGATIVE = "negative_discrimination"
NEAR_ZERO = "near_zero_discrimination"
UNPICKED = "unpicked_distractor"
TOO_EASY = "too_easy"
TOO_HARD = "too_hard"

FLAG_LABELS = {
    TOO_FEW: "응답이 너무 적음",
    NEGATIVE: "변별도 음수",
    NEAR_ZERO: "변별도 거의 0",
    UNPICKED: "아무도 고르지 않은 오답",
    TOO_EASY: "너무 쉬움",
    TOO_HARD: "너무 어려움",
}
TOO_FEW_TEXT = FLAG_LABELS[TOO_FEW]


@dataclass(frozen=True)
class ItemSums:
    """One question's sums over its learners' first answers (what the database returns).

    ``n``/``right``: learners and first-try right answers. Over the ``m`` learners who also
    answered another question (so have a rest score ``r``): ``right_m``, ``sum_r``, ``sum_rr``, ``sum_xr``
    (``x`` = 1 when right). ``lower_*``/``upper_*``: learners and right answers in the lowest
    and highest ``round(0.27 m)`` rest scores.
    """

    n: int
    right: int
    m: int = 0
    right_m: int = 0
    sum_r: float = 0.0
    sum_rr: float = 0.0
    sum_xr: float = 0.0
    lower_n: int = 0
    lower_right: int = 0
    upper_n: int = 0
    upper_right: int = 0


@dataclass(frozen=True)
class ItemStatistics:
    facility: float | None  # share right on the first try (difficulty index p)
    point_biserial: float | None  # correlation of right/wrong with the rest score
    upper_lower: float | None  # p(upper 27%) - p(lower 27%)
    flags: tuple[str, ...]


def point_biserial(
    m: int, sum_x: float, sum_r: float, sum_rr: float, sum_xr: float
) -> float | None:
    """Pearson's r between x (0/1) and the rest score r, from sums over ``m`` learners.

    r_pb = (m·Σxr − Σx·Σr) / sqrt((m·Σx − (Σx)²)(m·Σr² − (Σr)²))   (Σx² = Σx for 0/1).
    None when either side has no variance.
    """
    if m < 2:
        return None
    vx = m * sum_x - sum_x * sum_x
    vr = m * sum_rr - sum_r * sum_r
    if vx <= 0 or vr <= 1e-12:
        return None
    return (m * sum_xr - sum_x * sum_r) / math.sqrt(vx * vr)


def item_statistics(
    s: ItemSums,
    unpicked_distractors: int = 0,
    thresholds: Thresholds = THRESHOLDS,
) -> ItemStatistics:
    """Facility, both discrimination indices and the flags of one question."""
    if s.n < thresholds.min_answers:
        return ItemStatistics(None, None, None, (TOO_FEW,))
    facility = s.right / s.n
    r = point_biserial(s.m, float(s.right_m), s.sum_r, s.sum_rr, s.sum_xr)
    d = None
    if s.lower_n and s.upper_n:
        d = s.upper_right / s.upper_n - s.lower_right / s.lower_n
    flags: list[str] = []
    if r is not None and r < 0:
        flags.append(NEGATIVE)
    elif r is not None and r < thresholds.near_zero_discrimination:
        flags.append(NEAR_ZERO)
    if unpicked_distractors:
        flags.append(UNPICKED)
    if facility > thresholds.too_easy:
        flags.append(TOO_EASY)
    elif facility < thresholds.too_hard:
        flags.append(TOO_HARD)
    return ItemStatistics(facility, r, d, tuple(flags))


def option_picks(
    answers: pd.DataFrame, options: dict[str, list[str]], ordered: frozenset[str] = frozenset()
) -> pd.DataFrame:
    """The first-try pick rate of every option of every choice question.

    ``answers``: question_id, answer (JSON as stored), right (0/1), n — first answers grouped.
    ``options``: question id → its option keys (all of them, so an option nobody picked
    still gets a row with rate 0). A multi-select answer picks each option in it. Questions
    answered with an order or a matching have no options to pick and get no rows.

    Returns question_id, option, picks, pick_rate (share of the question's first answers),
    is_key (True if a right answer contains it; None while no one answered right, since the
    report never sees the keys), unpicked_distractor.
    """
    rows: list[dict[str, Any]] = []
    for qid, group in answers.groupby("question_id", sort=False):
        if qid in ordered or qid not in options:
            continue
        total = int(group["n"].sum())
        picks = dict.fromkeys(options[qid], 0)
        keys: set[str] = set()
        any_right = False
        choice = True
        for answer, right, n in zip(group["answer"], group["right"], group["n"], strict=True):
            chosen = _chosen(answer)
            if chosen is None:
                choice = False
                break
            for key in chosen:
                picks[key] = picks.get(key, 0) + int(n)
            if right:
                any_right = True
                keys.update(chosen)
        if not choice or total == 0:
            continue
        for key, count in picks.items():
            is_key = (key in keys) if any_right else None
            rows.append(
                {
                    "question_id": qid,
                    "option": key,
                    "picks": count,
                    "pick_rate": count / total,
                    "is_key": is_key,
                    "unpicked_distractor": is_key is False and count == 0,
                }
            )
    columns = ["question_id", "option", "picks", "pick_rate", "is_key", "unpicked_distractor"]
    return pd.DataFrame(rows, columns=columns)


def _chosen(answer: str) -> list[str] | None:
    try:
        value = json.loads(answer)
    except ValueError:
        return None
    if isinstance(value, bool):
        return ["true" if value else "false"]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


@dataclass(frozen=True)
class Reliability:
    """The final assessment's internal consistency and precision."""

    alpha: float | None  # Cronbach's alpha = KR-20 for right/wrong items
    sem_pct: float | None  # standard error of measurement, in percentage points
    paper_length: float  # mean number of questions on a learner's paper
    learners: int
    items: int


def reliability(
    items: pd.DataFrame, pairs: pd.DataFrame, paper_length: float, learners: int
) -> Reliability:
    """Alpha from the mean item variance and the mean pairwise covariance.

    ``items``: question_id, n, right (first exam answers). ``pairs``: qi, qj, n, si, sj, sij
    over learners who answered both. With v̄ the mean of p(1−p) and c̄ the mean covariance
    (weighted by the learners in each pair), a paper of k questions has

        alpha = k·c̄ / (v̄ + (k − 1)·c̄)          (= KR-20 when every cell is present)
        var(total) = k·v̄ + k(k − 1)·c̄,   SEM = sqrt(var(total)·(1 − alpha)) / k · 100 (%)
    """
    usable = items[items["n"] >= 2]
    k = paper_length
    if usable.empty or k < 2:
        return Reliability(None, None, k, learners, len(usable))
    p = usable["right"] / usable["n"]
    v = float((p * (1 - p)).mean())
    pairs = pairs[pairs["n"] >= 2]
    if pairs.empty:
        return Reliability(None, None, k, learners, len(usable))
    n = pairs["n"].astype(float)
    cov = pairs["sij"] / n - (pairs["si"] / n) * (pairs["sj"] / n)
    c = float((cov * n).sum() / n.sum())
    denominator = v + (k - 1) * c
    if denominator <= 1e-12:
        return Reliability(None, None, k, learners, len(usable))
    alpha = k * c / denominator
    variance = k * v + k * (k - 1) * c
    sem = math.sqrt(max(variance * (1 - alpha), 0.0)) / k * 100.0
    return Reliability(alpha, sem, k, learners, len(usable))


def score_distribution(percents: pd.Series, width: int = 10) -> pd.DataFrame:
    """How many learners scored in each band ``[lo, lo + width)``; 100 is in the last band."""
    edges = list(range(0, 100, width))
    values = percents.dropna().astype(float)
    counts = [
        int(
            (
                (values >= lo) & ((values < lo + width) | ((lo + width >= 100) & (values <= 100)))
            ).sum()
        )
        for lo in edges
    ]
    labels = [f"{lo}–{min(lo + width, 100) - (0 if lo + width >= 100 else 1)}" for lo in edges]
    return pd.DataFrame({"band": labels, "from_pct": edges, "learners": counts})
