"""Item analysis on synthetic classes built with known properties (issue 13, item 1).

Each class is made of attempts with a planted property (a question that weak learners get
right, an option nobody picks, an exam of coin flips); the analysis, computed from the
database's aggregates, must find it. One test checks the SQL sums against a direct
computation over the full learner-by-item table.
"""

from __future__ import annotations

import html
import io
import random

import numpy as np
import pandas as pd
import pytest

from certtraining.progress import Attempt, ExamRecord, ProgressStore
from certtraining.progress import psychometrics as pm
from certtraining.progress.bank import CoursePlan, LessonPlan, QuestionRef
from certtraining.progress.report import (
    exam_reliability,
    exam_score_distribution,
    item_analysis,
    korean_items,
    load_class,
    option_pick_rates,
)

pytest_plugins = ["tests.progress_support"]

NORMAL = [f"q-{n}" for n in range(8)]
OPTIONS = {"a": "정답", "b": "오답 하나", "c": "오답 둘", "d": "아무도 안 고르는 오답"}


def plan_for(question_ids: list[str], exam: list[str] = ()) -> CoursePlan:
    ids = [*question_ids, *exam]
    return CoursePlan(
        lessons=(
            LessonPlan("one", "수업", "01.ipynb", tuple(question_ids)),
            LessonPlan("final", "최종 평가", "05.ipynb", tuple(exam), is_exam=True),
        ),
        questions={q: QuestionRef(q, "one" if q in question_ids else "final", "s") for q in ids},
        option_labels={q: dict(OPTIONS) for q in ids},
    )


def answer(learner: str, q: str, right: bool, mode: str = "practice", pick: str = "") -> Attempt:
    chosen = pick or ("a" if right else "b")
    return Attempt.new(learner, q, chosen, right, mode, attempt_no=1)


@pytest.fixture(scope="module")
def practice_class():
    """200 learners of ability 0..1; normal questions right with probability = ability,
    ``q-weak`` right with probability 1 − ability; ``q-choice`` never draws option d."""
    rng = random.Random(13)
    records = []
    for number in range(200):
        learner = f"learner-{number:03d}"
        ability = rng.random()
        for q in NORMAL:
            records.append(answer(learner, q, rng.random() < ability))
        records.append(answer(learner, "q-weak", rng.random() > ability))
        pick = rng.choice("abc") if rng.random() > ability else "a"
        records.append(answer(learner, "q-choice", pick == "a", pick=pick))
        if number < 4:
            records.append(answer(learner, "q-rare", True))
    plan = plan_for([*NORMAL, "q-weak", "q-choice", "q-rare"])
    store = ProgressStore("sqlite://")
    try:
        store.import_records(records)
        yield load_class(store, plan), records
    finally:
        store.close()


def test_a_question_weak_learners_get_right_has_negative_discrimination(practice_class):
    data, _ = practice_class
    items = item_analysis(data).set_index("question_id")
    assert items.loc["q-weak", "point_biserial"] < -0.3
    assert items.loc["q-weak", "upper_lower_index"] < -0.3
    assert pm.NEGATIVE in items.loc["q-weak", "flags"].split()
    for q in NORMAL:
        assert items.loc[q, "point_biserial"] > 0.2, q
        assert items.loc[q, "upper_lower_index"] > 0.2, q
        assert pm.NEGATIVE not in items.loc[q, "flags"].split()


def test_a_distractor_nobody_picks_is_flagged_and_every_option_has_a_pick_rate(practice_class):
    data, _ = practice_class
    picks = option_pick_rates(data).set_index(["question_id", "option"])
    choice = picks.loc["q-choice"]
    assert list(choice.index) == ["a", "b", "c", "d"]
    assert choice.loc["d", "picks"] == 0 and choice.loc["d", "unpicked_distractor"]
    assert choice.loc["a", "is_key"] and not choice.loc["b", "is_key"]
    assert choice["pick_rate"].sum() == pytest.approx(1.0)
    items = item_analysis(data).set_index("question_id")
    assert pm.UNPICKED in items.loc["q-choice", "flags"].split()
    assert "아무도 안 고르는 오답 0%" in items.loc["q-choice", "option_picks"]
    # In the normal questions nobody picks c or d either: flagged the same way.
    assert pm.UNPICKED in items.loc["q-0", "flags"].split()


def test_too_few_answers_show_words_not_numbers(practice_class):
    data, _ = practice_class
    items = item_analysis(data).set_index("question_id")
    assert items.loc["q-rare", "flags"] == pm.TOO_FEW
    assert np.isnan(items.loc["q-rare", "facility"])
    shown = korean_items(item_analysis(data)).set_index("문항")
    assert shown.loc["q-rare", "난이도(정답률)"] == "응답이 너무 적음"
    assert shown.loc["q-rare", "변별도(점이연)"] == "응답이 너무 적음"
    assert shown.loc["q-0", "난이도(정답률)"] == items.loc["q-0", "facility"]


def test_the_sql_sums_agree_with_a_direct_computation(practice_class):
    data, records = practice_class
    learners = sorted({r.learner for r in records})
    questions = [*NORMAL, "q-weak", "q-choice"]
    table = {(r.learner, r.question_id): float(r.correct) for r in records}
    items = item_analysis(data).set_index("question_id")
    for q in questions:
        x, rest = [], []
        for learner in learners:
            mine = [table[(learner, o)] for o in [*questions, "q-rare"] if (learner, o) in table]
            x.append(table[(learner, q)])
            rest.append((sum(mine) - table[(learner, q)]) / (len(mine) - 1))
        expected = np.corrcoef(x, rest)[0, 1]
        assert items.loc[q, "point_biserial"] == pytest.approx(expected, abs=1e-3), q
        assert items.loc[q, "facility"] == pytest.approx(np.mean(x), abs=1e-3)
        order = sorted(range(len(learners)), key=lambda i: (rest[i], learners[i]))
        g = round(0.27 * len(learners))
        lower = np.mean([x[i] for i in order[:g]])
        upper = np.mean([x[i] for i in order[-g:]])
        assert items.loc[q, "upper_lower_index"] == pytest.approx(upper - lower, abs=1e-3)


def exam_class(consistent: bool) -> tuple[pm.Reliability, object]:
    """120 learners, each sitting 10 of 20 exam questions: coin flips, or by ability."""
    rng = random.Random(7)
    exam = [f"e-{n:02d}" for n in range(20)]
    records = []
    for number in range(120):
        learner = f"learner-{number:03d}"
        ability = rng.random()
        for q in rng.sample(exam, 10):
            right = rng.random() < (ability if consistent else 0.5)
            records.append(answer(learner, q, right, mode="exam"))
    store = ProgressStore("sqlite://")
    try:
        store.import_records(records)
        data = load_class(store, plan_for([], exam))
    finally:
        store.close()
    return exam_reliability(data), data


def test_an_exam_of_random_answers_has_kr20_near_zero():
    result, _ = exam_class(consistent=False)
    assert result.paper_length == 10 and result.learners == 120 and result.items == 20
    assert result.alpha is not None and abs(result.alpha) < 0.2


def test_an_exam_that_measures_one_ability_is_reliable():
    result, _ = exam_class(consistent=True)
    assert result.alpha is not None and result.alpha > 0.7
    assert result.sem_pct is not None and 0 < result.sem_pct < 20


def test_kr20_from_pairwise_sums_equals_the_textbook_formula_on_a_full_table():
    rng = np.random.default_rng(3)
    ability = rng.random(50)
    table = (rng.random((50, 6)) < ability[:, None]).astype(float)
    items = pd.DataFrame({"question_id": range(6), "n": 50, "right": table.sum(axis=0)})
    pairs = pd.DataFrame(
        [
            (i, j, 50, table[:, i].sum(), table[:, j].sum(), (table[:, i] * table[:, j]).sum())
            for i in range(6)
            for j in range(i + 1, 6)
        ],
        columns=["qi", "qj", "n", "si", "sj", "sij"],
    )
    p = table.mean(axis=0)
    kr20 = 6 / 5 * (1 - (p * (1 - p)).sum() / table.sum(axis=1).var())
    result = pm.reliability(items, pairs, 6.0, 50)
    assert result.alpha == pytest.approx(kr20)
    sem = table.sum(axis=1).std() * np.sqrt(1 - kr20) / 6 * 100
    assert result.sem_pct == pytest.approx(sem)


def test_score_distribution_counts_each_band_and_puts_100_in_the_last():
    bands = pm.score_distribution(pd.Series([0, 9.9, 10, 55, 90, 100, None]))
    assert bands["learners"].tolist() == [2, 1, 0, 0, 0, 1, 0, 0, 0, 2]
    assert bands["band"].iloc[-1] == "90–100" and bands["band"].iloc[0] == "0–9"


def test_the_exam_score_distribution_uses_each_learners_best_submission():
    records = [
        ExamRecord("ann", 3, 10, False, created_at="2026-01-01T00:00:00.000000Z"),
        ExamRecord("ann", 9, 10, True, created_at="2026-01-02T00:00:00.000000Z"),
        ExamRecord("bob", 10, 10, True, created_at="2026-01-01T00:00:00.000000Z"),
        answer("ann", "e-00", True, mode="exam"),
    ]
    store = ProgressStore("sqlite://")
    try:
        store.import_records(records)
        data = load_class(store, plan_for([], ["e-00"]))
    finally:
        store.close()
    assert exam_score_distribution(data)["learners"].tolist() == [0] * 9 + [2]


def test_the_instructor_view_leads_each_question_with_its_stem_and_id_in_small_print(
    course, monkeypatch, tmp_path
):
    from certtraining.notebook import instructor
    from certtraining.notebook.plan import course_plan

    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setattr(instructor, "_current", None)
    block = instructor.show_item_analysis()
    plan = course_plan()
    qid, stem = next(iter(plan.stems.items()))
    assert stem and stem != qid
    assert f'{html.escape(stem, quote=False)}<br><small class="ct-item-id"' in block.html
    assert f">{qid}</small>" in block.html
    assert "변별도(점이연)" in block.html and "선택지별 선택 비율(*정답)" in block.html
    assert "최종 평가 신뢰도" in instructor.show_exam_reliability().text


def test_the_item_statistics_are_the_same_on_every_backend(practice_class, store_url):
    from pandas.testing import assert_frame_equal

    expected, records = practice_class
    exam = [
        answer(f"learner-{n:03d}", f"e-{q}", (n + q) % 3 > 0, "exam")
        for n in range(30)
        for q in range(4)
    ]
    plan = plan_for([*NORMAL, "q-weak", "q-choice", "q-rare"], [f"e-{q}" for q in range(4)])
    reference = ProgressStore("sqlite://")
    other = ProgressStore(store_url)
    try:
        reference.import_records([*records, *exam])
        other.import_records([*records, *exam])
        here, there = load_class(reference, plan), load_class(other, plan)
    finally:
        reference.close()
        other.close()
    assert_frame_equal(item_analysis(here), item_analysis(there))
    assert item_analysis(there)["point_biserial"].notna().sum() >= 10
    assert exam_reliability(here).alpha is not None
    assert exam_reliability(here).alpha == pytest.approx(exam_reliability(there).alpha)
    assert exam_reliability(here).sem_pct == pytest.approx(exam_reliability(there).sem_pct)


def test_report_items_shows_the_statistics_in_table_and_csv(
    practice_class, course, tmp_path, monkeypatch, capsys
):
    from certtraining.cli.main import main
    from certtraining.progress.store import close_stores

    _, records = practice_class
    url = f"sqlite:///{tmp_path / 'class.db'}"
    monkeypatch.setenv("CERTTRAINING_DB", url)
    store = ProgressStore(url)
    store.import_records(records)
    store.close()
    try:
        assert main(["report", "--what", "items"]) == 0
        table = capsys.readouterr().out
        weak = next(line for line in table.splitlines() if line.lstrip().startswith("q-weak"))
        rare = next(line for line in table.splitlines() if line.lstrip().startswith("q-rare"))
        assert "변별도 음수" in weak
        assert rare.count("응답이 너무 적음") == 4  # three statistics and the flag
        assert main(["report", "--what", "items", "--format", "csv"]) == 0
        frame = pd.read_csv(io.StringIO(capsys.readouterr().out)).set_index("question_id")
    finally:
        close_stores()
    assert frame.loc["q-weak", "point_biserial"] < 0
    assert np.isnan(frame.loc["q-rare", "point_biserial"])
    assert frame.loc["q-rare", "flags"] == pm.TOO_FEW
