"""Statistics belong to a question's current wording (issue 13): a version is stored with
every answer, and when a question's text or key changes its earlier answers are counted apart.
Scores and progress never look at versions."""

from __future__ import annotations

from pathlib import Path

import pytest

from certtraining.content import load_content
from certtraining.notebook.plan import _plan_for
from certtraining.progress import Attempt, Flag, ProgressStore
from certtraining.progress.report import (
    class_summary,
    confusion_notes,
    item_analysis,
    load_class,
)
from certtraining.quiz import local_checker, question_version
from tests.fixture_course import clear_content_caches, copy_fixture_course, edit_yaml

QUESTION = "q-fx-single"
LEARNERS = 12


def _single(document: dict) -> dict:
    return next(q for q in document["questions"] if q["id"] == QUESTION)


def _versions(folder: Path) -> dict[str, str]:
    clear_content_caches()
    return local_checker(load_content(folder)).versions()


def test_a_version_follows_the_wording_and_the_key_not_the_explanation(tmp_path: Path) -> None:
    folder = copy_fixture_course(tmp_path)
    before = _versions(folder)
    assert all(len(v) == 16 and int(v, 16) >= 0 for v in before.values())
    assert len(set(before.values())) == len(before)  # the id is part of it: never shared
    assert _versions(folder) == before  # stable from load to load

    def explanation(doc: dict) -> None:
        item = _single(doc)
        item["explanation"] = "고친 해설입니다."
        item["hint"] = "고친 힌트입니다."
        item["choices"][0]["feedback"] = "고친 피드백입니다."
        item["prompt"] = "  " + item["prompt"].replace(" ", "\n ")  # re-wrapped, same words

    edit_yaml(folder, "questions.yaml", explanation)
    assert _versions(folder) == before

    edit_yaml(folder, "questions.yaml", lambda doc: _single(doc).update(answer="c"))
    keyed = _versions(folder)
    assert keyed[QUESTION] != before[QUESTION]
    assert {q: v for q, v in keyed.items() if q != QUESTION} == {
        q: v for q, v in before.items() if q != QUESTION
    }

    def prompt(doc: dict) -> None:
        _single(doc)["prompt"] = "문장을 고친 하나 고르기 문항입니다. 어디에서 시작할까요?"

    edit_yaml(folder, "questions.yaml", prompt)
    assert _versions(folder)[QUESTION] not in (before[QUESTION], keyed[QUESTION])
    clear_content_caches()


def test_the_widget_and_the_plan_carry_the_current_version(course) -> None:
    from certtraining.notebook.plan import course_plan

    item = local_checker(course).authored(QUESTION)
    assert course_plan().versions[QUESTION] == question_version(item)
    result = local_checker(course).check(
        QUESTION, next(iter(course_plan().option_labels[QUESTION]))
    )
    assert result.question_version == question_version(item)


def test_earlier_answers_are_counted_apart_after_an_edit(tmp_path: Path) -> None:
    """12 learners miss the old wording, then it is fixed and 12 others get it right."""
    folder = copy_fixture_course(tmp_path)
    clear_content_caches()
    old_plan = _plan_for(load_content(folder))
    right_key = local_checker(load_content(folder)).correct_canonical(QUESTION)

    def reword(doc: dict) -> None:
        _single(doc)["prompt"] = "고친 문장입니다. 인증서 발급은 어디에서 시작할까요?"

    edit_yaml(folder, "questions.yaml", reword)
    clear_content_caches()
    new_plan = _plan_for(load_content(folder))
    old, new = old_plan.versions[QUESTION], new_plan.versions[QUESTION]
    assert old != new
    ref = new_plan.questions[QUESTION]

    store = ProgressStore(f"sqlite:///{tmp_path / 'class.db'}")
    for n in range(LEARNERS):
        for who, version, right in ((f"old-{n:02d}", old, False), (f"new-{n:02d}", new, True)):
            answer = right_key if right else "wrong"
            store.record(
                Attempt.new(
                    who,
                    QUESTION,
                    answer,
                    right,
                    "practice",
                    ref.lesson,
                    ref.section,
                    question_version=version,
                )
            )
        store.record(
            Flag(f"old-{n:02d}", QUESTION, old, "예전 문장이 헷갈려요" if n == 0 else None)
        )
    # One learner answered before versions were kept (NULL): counted as the current wording.
    store.record(Attempt.new("before-v3", QUESTION, right_key, True, lesson=ref.lesson))
    store.record(Flag("new-00", QUESTION, new, "지금 문장도 헷갈려요"))

    data = load_class(store, new_plan)
    row = item_analysis(data).set_index("question_id").loc[QUESTION]
    assert row["learners"] == LEARNERS + 1  # the new wording's answers and the unversioned one
    assert row["first_try_correct_pct"] == 100.0
    assert row["facility"] == 1.0
    assert row["earlier_wording_learners"] == LEARNERS
    assert row["learner_flags"] == 1  # flags on the old wording are not the new one's
    assert row["top_wrong_answer"] == ""  # the old wording's wrong answers are not shown
    notes = confusion_notes(data).set_index("note")
    assert bool(notes.loc["예전 문장이 헷갈려요", "current_wording"]) is False
    assert bool(notes.loc["지금 문장도 헷갈려요", "current_wording"]) is True

    # Under the old plan it is the other way round.
    before = item_analysis(load_class(store, old_plan)).set_index("question_id").loc[QUESTION]
    assert before["learners"] == LEARNERS + 1 and before["first_try_correct_pct"] == pytest.approx(
        100 / (LEARNERS + 1), abs=0.05
    )
    assert before["earlier_wording_learners"] == LEARNERS

    # Scores never look at versions: every learner's answer counts for the lesson.
    summary = class_summary(data).set_index("learner")
    mastery = f"mastery_{ref.lesson}"
    assert summary.loc["old-00", mastery] == 0.0
    assert summary.loc["new-00", mastery] == summary.loc["before-v3", mastery] > 0
    assert store.summarise("old-00", new_plan) == store.summarise("old-00", old_plan)
    store.close()
    clear_content_caches()
