"""Class reports: one row per learner (summary) and one row per question (item analysis).

The database returns one row per (learner, question) pair as a few integers
(``certtraining.progress.pair_scan``: one GROUP BY over the covering index, streamed in
chunks), the answer texts counted per question and text (``first_answers``), and small
per-learner aggregates; numpy sums them per learner and lesson, per section and per question
(``item_data`` does the item statistics). No attempt reaches Python, which keeps a
10,000-learner report near the cost of a raw GROUP BY and 100,000 learners in bounded memory.
Tests check these sums against the pure functions of ``certtraining.progress.scoring`` and
against a direct computation over every attempt.

Columns (documented in docs/scoring.md; CSV and XLSX use these names):

summary: ``learner``, ``progress_pct``, ``mastery_<lesson id>`` for every lesson with
questions, ``final_score_pct``, ``final_passed``, ``last_activity``.
items: ``question_id``, ``lesson``, ``section``, ``learners``, ``first_try_correct_pct``,
``mean_attempts``, ``top_wrong_answer``, ``top_wrong_share_pct``, ``confusing``,
``facility``, ``point_biserial``, ``upper_lower_index``, ``option_picks``, ``flags``
(those five from ``certtraining.progress.psychometrics``; see "문항 분석 통계"),
``learner_flags`` (learners who pressed 이 문제가 헷갈려요 on the current wording) and
``earlier_wording_learners`` (learners whose first answer went to an earlier wording).
Every per-question figure counts answers to the question's current wording only
(docs/scoring.md, "문항 판"); scores and progress count every answer.
flags: ``question_id``, ``stem``, ``current_wording``, ``created_at``, ``note``: the notes
learners left with 이 문제가 헷갈려요, without their names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import func, or_, select, text

from certtraining.progress import psychometrics as pm
from certtraining.progress import schema
from certtraining.progress.bank import CoursePlan, describe_answer
from certtraining.progress.first_answers import (
    AnswerTexts,
    changed_questions,
    group_answers,
    load_answer_texts,
)
from certtraining.progress.item_data import ItemData, empty_item_data, item_data_from
from certtraining.progress.pair_scan import CHUNK, Pairs, raw_cursor, scan_pairs
from certtraining.progress.store import ProgressStore

CONFUSING_BELOW_PCT = 50.0
CONFUSING_MIN_LEARNERS = 3

ITEM_COLUMNS = [
    "question_id",
    "lesson",
    "section",
    "learners",
    "first_try_correct_pct",
    "mean_attempts",
    "top_wrong_answer",
    "top_wrong_share_pct",
    "confusing",
    "facility",
    "point_biserial",
    "upper_lower_index",
    "option_picks",
    "flags",
    "learner_flags",
    "earlier_wording_learners",
]
FLAG_NOTE_COLUMNS = ["question_id", "stem", "current_wording", "created_at", "note"]


def summary_columns(plan: CoursePlan) -> list[str]:
    mastery = [f"mastery_{lesson.id}" for lesson in plan.lessons if lesson.questions]
    return [
        "learner",
        "progress_pct",
        *mastery,
        "final_score_pct",
        "final_passed",
        "self_reported",
        "self_reported_correct",
        "last_activity",
    ]


@dataclass
class ClassData:
    """The aggregates both reports are made from (fetched once, all small)."""

    plan: CoursePlan
    lesson_credit: pd.DataFrame  # learner, lesson, credit (sum), answered
    section_credit: pd.DataFrame  # section, credit (sum over learners)
    items: pd.DataFrame  # question_id, first_try (sum), learners, attempts (sum)
    lesson_kinds: pd.DataFrame  # learner, lesson, kind (distinct)
    exams: pd.DataFrame  # learner, score, possible, passed, created_at
    last_activity: pd.Series  # learner -> ISO timestamp
    wrong_answers: pd.DataFrame  # question_id, answer, n
    item_data: ItemData = field(default_factory=empty_item_data)
    # learner, n, right: answers self-reported from offline handouts (re-scored on import),
    # shown apart and never counted in any score or statistic
    self_reported: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["learner", "n", "right"])
    )
    # question_id → learners who flagged the current wording as confusing
    flag_counts: pd.Series = field(default_factory=lambda: pd.Series(dtype=int))
    # question_id, question_version, note, created_at: every flag that has a note
    flag_notes: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(
            columns=["question_id", "question_version", "note", "created_at"]
        )
    )

    @property
    def learners(self) -> list[str]:
        return sorted(self.last_activity.index)

    @property
    def has_answers(self) -> bool:
        return not self.items.empty


# Per learner: the last answer (review answers aside, as in the pair scan; self-reported ones
# are added from the next query), one GROUP BY learner that reads only the covering index.
_LAST_ANSWER = (
    "SELECT learner, MAX(created_at) FROM attempts WHERE mode <> 'review' GROUP BY learner"
)
# Answers self-reported from an offline handout: shown apart, never scored.
_SELF_REPORTED = """
SELECT learner, COUNT(*), SUM(CASE WHEN correct THEN 1 ELSE 0 END), MAX(created_at)
FROM attempts WHERE self_reported GROUP BY learner
"""


def _current(column: Any, versions: list[str]) -> Any:
    """The current wording: no version, or one of the plan's (any, when the plan has none)."""
    if not versions:
        return column.is_(None) | column.is_not(None)
    return or_(column.is_(None), column.in_(versions))


def load_class(store: ProgressStore, plan: CoursePlan) -> ClassData:
    fl = schema.flags
    versions = sorted(plan.versions.values())
    flags_query = (
        select(fl.c.question_id, func.count(fl.c.learner.distinct()))
        .where(_current(fl.c.question_version, versions))
        .group_by(fl.c.question_id)
    )
    notes_query = (
        select(fl.c.question_id, fl.c.question_version, fl.c.note, fl.c.created_at)
        .where(fl.c.note.is_not(None))
        .order_by(fl.c.question_id, fl.c.created_at, fl.c.uuid)
    )
    le, ex, ps = schema.lesson_events, schema.exam_results, schema.practice_steps
    kinds_query = select(le.c.learner, le.c.lesson, le.c.kind).distinct()
    exams_query = select(ex.c.learner, ex.c.score, ex.c.possible, ex.c.passed, ex.c.created_at)
    last_query = (
        select(le.c.learner, func.max(le.c.created_at))
        .group_by(le.c.learner)
        .union_all(
            select(ex.c.learner, func.max(ex.c.created_at)).group_by(ex.c.learner),
            select(ps.c.learner, func.max(ps.c.created_at)).group_by(ps.c.learner),
        )
    )
    with store._read() as conn:
        grouped = group_answers(conn, versions)
        pairs = scan_pairs(conn, versions, changed_questions(grouped))
        texts = load_answer_texts(conn, versions, pairs, grouped)
        answered = _frame(conn, text(_LAST_ANSWER), ["learner", "at"])
        own = _frame(conn, text(_SELF_REPORTED), ["learner", "n", "right", "at"])
        kinds = _categorical_frame(conn, kinds_query, ["learner", "lesson", "kind"])
        exams = _frame(conn, exams_query, ["learner", "score", "possible", "passed", "created_at"])
        last = _frame(conn, last_query, ["learner", "at"])
        flag_counts = _frame(conn, flags_query, ["question_id", "n"])
        flag_notes = _frame(
            conn, notes_query, ["question_id", "question_version", "note", "created_at"]
        )
    item_data = item_data_from(pairs, texts)
    self_reported = own[["learner", "n", "right"]]
    last_activity = _latest(pd.concat([last, answered, own[["learner", "at"]]]))
    lesson_credit, section_credit, items = _pair_sums(pairs, plan)
    return ClassData(
        plan,
        lesson_credit,
        section_credit,
        items,
        kinds,
        exams,
        last_activity,
        _wrong_answers(texts),
        item_data,
        self_reported.reset_index(drop=True).astype({"n": int, "right": int}),
        flag_counts.set_index("question_id")["n"].astype(int),
        flag_notes,
    )


def _latest(stamps: pd.DataFrame) -> pd.Series:
    """learner → latest timestamp (ISO strings sort in time order); sorted, not grouped:
    a group-by over strings runs in Python, learner by learner."""
    stamps = stamps.dropna()
    if stamps.empty:
        return pd.Series(dtype=str)
    latest = stamps.sort_values(["learner", "at"]).drop_duplicates("learner", keep="last")
    return latest.set_index("learner")["at"]


def _pair_sums(pairs: Pairs, plan: CoursePlan) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Scores per learner and lesson, per section and per question, summed from the pairs
    (a pair's score is the rule of certtraining.progress.scoring, in quarters)."""
    questions = pairs.questions
    size = len(questions)
    credit = pairs.credit
    per_question = np.bincount(pairs.question, weights=credit, minlength=size)
    items = pd.DataFrame(
        {
            "question_id": questions,
            "first_try": np.bincount(pairs.question, pairs.right, size).astype(float),
            "learners": np.bincount(pairs.question, minlength=size).astype(int),
            "attempts": np.bincount(pairs.question, pairs.answers, size).astype(float),
        }
    )
    section_of = {q.id: q.section for q in plan.questions.values()}
    section_credit = (
        pd.DataFrame({"section": [section_of.get(q) for q in questions], "credit": per_question})
        .dropna()
        .groupby("section", as_index=False)["credit"]
        .sum()
    )
    refs = plan.questions
    lesson_ids = sorted({ref.lesson for ref in refs.values() if ref.lesson})
    width = max(len(lesson_ids), 1)
    code = {lesson: number for number, lesson in enumerate(lesson_ids)}
    of_question = np.array(
        [code.get(refs[q].lesson, -1) if q in refs else -1 for q in questions], dtype=np.int32
    )
    # One bin per learner and lesson, plus one per learner for questions of no lesson
    # (ignored); a small integer key, built in place: millions of pairs.
    of_question[of_question < 0] = width
    cells = len(pairs.learners) * (width + 1)
    key = pairs.learner.astype(np.int32 if cells < 2**31 else np.int64)
    key *= width + 1
    key += of_question[pairs.question]
    answered = np.bincount(key, minlength=cells).reshape(-1, width + 1)[:, :width].ravel()
    sums = np.bincount(key, weights=credit, minlength=cells).reshape(-1, width + 1)
    sums = sums[:, :width].ravel()
    del key
    where = np.flatnonzero(answered)
    lesson_credit = pd.DataFrame(
        {
            "learner": np.array(pairs.learners, dtype=object)[where // width],
            "lesson": np.array(lesson_ids, dtype=object).reshape(-1)[where % width]
            if lesson_ids
            else np.array([], dtype=object),
            "credit": sums[where],
            "answered": answered[where].astype(float),
        }
    )
    return lesson_credit, section_credit, items


def _wrong_answers(texts: AnswerTexts) -> pd.DataFrame:
    return texts.wrong[["question_id", "answer", "n"]].reset_index(drop=True)


def _frame(conn: Any, query: Any, columns: list[str]) -> pd.DataFrame:
    # The driver's plain tuples, a chunk at a time: SQLAlchemy Row objects cost more than
    # the query for a hundred thousand rows, and so would holding all their tuples at once.
    cursor = raw_cursor(conn, query)
    parts = []
    try:
        while rows := cursor.fetchmany(CHUNK):
            parts.append(pd.DataFrame(rows, columns=columns))
    finally:
        cursor.close()
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]


def _categorical_frame(conn: Any, query: Any, columns: list[str]) -> pd.DataFrame:
    """A frame of text columns read in chunks and kept as categories (small integer codes):
    a class of 100,000 learners has a million lesson events, too many Python strings."""
    cursor = raw_cursor(conn, query, stream=True)
    codes: list[list[np.ndarray]] = [[] for _ in columns]
    names: list[dict[Any, int]] = [{} for _ in columns]
    try:
        while rows := cursor.fetchmany(CHUNK):
            for number, values in enumerate(zip(*rows, strict=True)):
                local, uniques = pd.factorize(np.array(values, dtype=object))
                known = names[number]
                table = np.array([known.setdefault(v, len(known)) for v in uniques], np.int32)
                codes[number].append(table[local])
    finally:
        cursor.close()
    return pd.DataFrame(
        {
            column: pd.Categorical.from_codes(
                np.concatenate(parts) if parts else np.empty(0, np.int32), list(known)
            )
            for column, parts, known in zip(columns, codes, names, strict=True)
        }
    )


def class_summary(data: ClassData) -> pd.DataFrame:
    """One row per learner, columns as in :func:`summary_columns`."""
    plan = data.plan
    learners = data.learners
    columns = summary_columns(plan)
    if not learners:
        return pd.DataFrame(columns=columns)
    index = pd.Index(learners, name="learner")
    by_lesson = data.lesson_credit.set_index(["learner", "lesson"])
    kinds = data.lesson_kinds
    has_exam = pd.Series(True, index=pd.Index(data.exams["learner"].unique())).reindex(
        index, fill_value=False
    )
    out = pd.DataFrame(index=index)
    progress_total = pd.Series(0.0, index=index)
    for lesson in plan.lessons:
        lesson_kinds = kinds[kinds["lesson"] == lesson.id]
        opened = _flag(lesson_kinds, "opened", index)
        finished = _flag(lesson_kinds, "finished", index)
        if lesson.is_exam:
            answered, questions = has_exam.astype(float), 1
        else:
            questions = len(lesson.questions)
            part = _lesson_slice(by_lesson, lesson.id, index)
            answered = part["answered"]
            if questions:
                out[f"mastery_{lesson.id}"] = (100.0 * part["credit"] / questions).round(1)
        progress_total += (opened + finished + answered) / (2 + questions)
    out["progress_pct"] = (100.0 * progress_total / max(len(plan.lessons), 1)).round(1)
    best = _best_exams(data.exams).reindex(index)
    out["final_score_pct"] = best["percent"].round(1)
    out["final_passed"] = best["passed"].astype("boolean")
    handout = data.self_reported.set_index("learner").reindex(index, fill_value=0)
    out["self_reported"] = handout["n"].astype(int)
    out["self_reported_correct"] = handout["right"].astype(int)
    out["last_activity"] = data.last_activity.reindex(index)
    return out.reset_index()[columns]


def _flag(lesson_kinds: pd.DataFrame, kind: str, index: pd.Index) -> pd.Series:
    who = lesson_kinds.loc[lesson_kinds["kind"] == kind, "learner"].unique()
    return pd.Series(index.isin(who).astype(float), index=index)


def _lesson_slice(by_lesson: pd.DataFrame, lesson_id: str, index: pd.Index) -> pd.DataFrame:
    if by_lesson.empty or lesson_id not in by_lesson.index.get_level_values("lesson"):
        return pd.DataFrame({"credit": 0.0, "answered": 0.0}, index=index)
    part = by_lesson.xs(lesson_id, level="lesson")
    return part.reindex(index, fill_value=0).astype(float)


def _best_exams(exams: pd.DataFrame) -> pd.DataFrame:
    """Each learner's best submission (highest percent; the earlier one on a tie)."""
    if exams.empty:
        return pd.DataFrame(columns=["percent", "passed"], index=pd.Index([], name="learner"))
    frame = exams.copy()
    possible = frame["possible"].astype(float)
    frame["percent"] = np.where(possible > 0, 100.0 * frame["score"].astype(float) / possible, 0.0)
    frame = frame.sort_values(["learner", "percent", "created_at"], ascending=[True, False, True])
    best = frame.drop_duplicates("learner").set_index("learner")
    best["passed"] = best["passed"].astype(bool)
    return best[["percent", "passed"]]


def item_analysis(data: ClassData, readable_answers: bool = True) -> pd.DataFrame:
    """One row per question answered or flagged by anyone, in bank order (unknown ones last).

    Learners, first-try rate and mean attempts count first answers to the current wording
    (the item sums); answers to earlier wordings are only counted, apart.
    """
    index = pd.Index(data.items["question_id"]).union(data.flag_counts.index)
    if index.empty:
        return pd.DataFrame(columns=ITEM_COLUMNS)
    sums = data.item_data.sums.set_index("question_id").reindex(index)
    items = pd.DataFrame(index=index.rename("question_id"))
    learners = sums["n"].fillna(0).astype(int)
    per_learner = learners.where(learners > 0)
    items["learners"] = learners
    items["first_try_correct_pct"] = (100.0 * sums["right"] / per_learner).round(1)
    items["mean_attempts"] = (sums["attempts"] / per_learner).astype(float).round(2)
    wrong = data.wrong_answers
    top = pd.DataFrame(columns=["answer", "share"])
    if not wrong.empty:
        totals = wrong.groupby("question_id")["n"].transform("sum")
        ranked = wrong.assign(share=100.0 * wrong["n"] / totals).sort_values(
            ["question_id", "n", "answer"], ascending=[True, False, True]
        )
        top = ranked.drop_duplicates("question_id").set_index("question_id")[["answer", "share"]]
    top = top.reindex(items.index)
    if readable_answers:
        items["top_wrong_answer"] = [
            describe_answer(data.plan, qid, answer) if isinstance(answer, str) else ""
            for qid, answer in zip(items.index, top["answer"], strict=True)
        ]
    else:
        items["top_wrong_answer"] = top["answer"].fillna("")
    items["top_wrong_share_pct"] = top["share"].astype(float).round(1)
    items["confusing"] = (items["first_try_correct_pct"] < CONFUSING_BELOW_PCT) & (
        items["learners"] >= CONFUSING_MIN_LEARNERS
    )
    stats = _psychometrics(data, readable_answers)
    for column in ("facility", "point_biserial", "upper_lower_index", "option_picks", "flags"):
        items[column] = stats[column].reindex(items.index)
    items["flags"] = items["flags"].fillna("")
    items["option_picks"] = items["option_picks"].fillna("")
    items["learner_flags"] = data.flag_counts.reindex(items.index).fillna(0).astype(int)
    earlier = data.item_data.earlier.reindex(items.index)
    items["earlier_wording_learners"] = earlier.fillna(0).astype(int)
    refs = data.plan.questions
    items["lesson"] = [refs[q].lesson if q in refs else None for q in items.index]
    items["section"] = [refs[q].section if q in refs else None for q in items.index]
    order = {qid: position for position, qid in enumerate(refs)}
    items = items.reset_index()
    items["_order"] = [order.get(q, len(order)) for q in items["question_id"]]
    items = items.sort_values(["_order", "question_id"]).reset_index(drop=True)
    return items[ITEM_COLUMNS]


def confusion_notes(data: ClassData) -> pd.DataFrame:
    """The notes learners left with 이 문제가 헷갈려요, oldest first per question in bank
    order; ``current_wording`` is False for a note about a wording since changed."""
    notes = data.flag_notes
    if notes.empty:
        return pd.DataFrame(columns=FLAG_NOTE_COLUMNS)
    versions = data.plan.versions
    current = [
        version is None or not versions or versions.get(qid) == version
        for qid, version in zip(notes["question_id"], notes["question_version"], strict=True)
    ]
    frame = notes.assign(
        stem=[data.plan.stems.get(q, q) for q in notes["question_id"]], current_wording=current
    )
    order = {qid: position for position, qid in enumerate(data.plan.questions)}
    frame["_order"] = [order.get(q, len(order)) for q in frame["question_id"]]
    frame = frame.sort_values(["_order", "question_id", "created_at"], kind="stable")
    return frame.reset_index(drop=True)[FLAG_NOTE_COLUMNS]


def option_pick_rates(data: ClassData) -> pd.DataFrame:
    """Every option of every choice question with its first-try pick rate (long form)."""
    return pm.option_picks(data.item_data.answers, _option_keys(data.plan), data.plan.ordered)


def _option_keys(plan: CoursePlan) -> dict[str, list[str]]:
    return {qid: list(labels) for qid, labels in plan.option_labels.items() if labels}


def _psychometrics(data: ClassData, readable_answers: bool) -> pd.DataFrame:
    """Facility, discrimination, option picks and flags per question (NaN: too few answers)."""
    picks = option_pick_rates(data)
    unpicked = picks.loc[picks["unpicked_distractor"].astype(bool), "question_id"].value_counts()
    rows = {}
    for row in data.item_data.sums.itertuples(index=False):
        sums = pm.ItemSums(*(getattr(row, c) for c in pm.ItemSums.__dataclass_fields__))
        stats = pm.item_statistics(sums, int(unpicked.get(row.question_id, 0)))
        rows[row.question_id] = {
            "facility": _rounded(stats.facility),
            "point_biserial": _rounded(stats.point_biserial),
            "upper_lower_index": _rounded(stats.upper_lower),
            "flags": " ".join(stats.flags),
            "option_picks": "",
        }
    for qid, group in picks.groupby("question_id", sort=False):
        if qid not in rows or pm.TOO_FEW in rows[qid]["flags"]:
            continue
        parts = []
        for option, rate, is_key in zip(
            group["option"], group["pick_rate"], group["is_key"], strict=True
        ):
            name = data.plan.option_labels.get(qid, {}).get(option, option)
            name = name if readable_answers else option
            parts.append(f"{name}{'*' if is_key else ''} {100 * rate:.0f}%")
        rows[qid]["option_picks"] = " / ".join(parts)
    columns = ["facility", "point_biserial", "upper_lower_index", "option_picks", "flags"]
    return pd.DataFrame.from_dict(rows, orient="index", columns=columns)


def _rounded(value: float | None) -> float:
    return round(value, 3) if value is not None else float("nan")


def exam_reliability(data: ClassData) -> pm.Reliability:
    """KR-20 (Cronbach's alpha) and SEM of the final assessment, from first exam answers."""
    d = data.item_data
    return pm.reliability(d.exam_items, d.exam_pairs, d.paper_length, d.exam_learners)


def exam_score_distribution(data: ClassData) -> pd.DataFrame:
    """Learners per 10-point band of their best final-assessment score."""
    return pm.score_distribution(_best_exams(data.exams)["percent"])


def section_mastery(data: ClassData) -> pd.DataFrame:
    """Mean mastery (%) per section across learners (for the instructor's chart)."""
    plan = data.plan
    learners = len(data.learners)
    sums = data.section_credit.set_index("section")["credit"]
    rows = []
    for section in plan.sections():
        count = len(plan.section_questions(section))
        total = float(sums.get(section, 0.0))
        mean = 100.0 * total / (count * learners) if learners and count else 0.0
        rows.append(
            {
                "section": section,
                "title": plan.section_titles.get(section, section),
                "mastery_pct": mean,
            }
        )
    return pd.DataFrame(rows, columns=["section", "title", "mastery_pct"])


KOREAN_SUMMARY = {
    "learner": "학습자",
    "progress_pct": "진도(%)",
    "final_score_pct": "최종 평가(%)",
    "final_passed": "합격",
    "self_reported": "유인물 답(스스로 낸 답, 점수 제외)",
    "self_reported_correct": "유인물 답 중 정답",
    "last_activity": "마지막 활동(UTC)",
}
KOREAN_ITEMS = {
    "question_id": "문항",
    "lesson": "수업",
    "section": "절",
    "learners": "푼 학습자",
    "first_try_correct_pct": "첫 시도 정답(%)",
    "mean_attempts": "평균 시도",
    "top_wrong_answer": "가장 많이 고른 오답",
    "top_wrong_share_pct": "그 오답 비율(%)",
    "confusing": "헷갈리는 문항",
    "facility": "난이도(정답률)",
    "point_biserial": "변별도(점이연)",
    "upper_lower_index": "변별도(상하 27%)",
    "option_picks": "선택지별 선택 비율(*정답)",
    "flags": "확인할 점",
    "learner_flags": "헷갈려요 표시",
    "earlier_wording_learners": "이전 문장에 답한 학습자",
}
KOREAN_FLAG_NOTES = {
    "question_id": "문항",
    "stem": "문제",
    "current_wording": "지금 문장",
    "created_at": "남긴 때(UTC)",
    "note": "메모",
}


def korean_summary(frame: pd.DataFrame, plan: CoursePlan) -> pd.DataFrame:
    names = dict(KOREAN_SUMMARY)
    for lesson in plan.lessons:
        names[f"mastery_{lesson.id}"] = f"점수: {lesson.title}(%)"
    shown = frame.rename(columns=names)
    if "마지막 활동(UTC)" in shown:
        shown["마지막 활동(UTC)"] = [
            f"{value[:10]} {value[11:16]}" if isinstance(value, str) else value
            for value in shown["마지막 활동(UTC)"]
        ]
    if "합격" in shown:
        shown["합격"] = shown["합격"].map({True: "합격", False: "불합격"}).fillna("—")
    return shown


def korean_flag_notes(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.rename(columns=KOREAN_FLAG_NOTES)
    if "지금 문장" in shown:
        shown["지금 문장"] = shown["지금 문장"].map({True: "예", False: "이전 문장"})
    if "남긴 때(UTC)" in shown:
        shown["남긴 때(UTC)"] = [f"{v[:10]} {v[11:16]}" for v in shown["남긴 때(UTC)"]]
    return shown


def korean_items(frame: pd.DataFrame) -> pd.DataFrame:
    shown = frame.rename(columns=KOREAN_ITEMS)
    if "헷갈리는 문항" in shown:
        shown["헷갈리는 문항"] = shown["헷갈리는 문항"].map({True: "⚠ 확인", False: ""})
    if "확인할 점" in shown:
        few = shown["확인할 점"].str.contains(pm.TOO_FEW, regex=False)
        for column in ("난이도(정답률)", "변별도(점이연)", "변별도(상하 27%)"):
            if column in shown:
                shown[column] = shown[column].astype(object).where(~few, pm.TOO_FEW_TEXT)
        shown["확인할 점"] = [
            ", ".join(pm.FLAG_LABELS[f] for f in flags.split()) for flags in shown["확인할 점"]
        ]
    return shown
