"""The final assessment's blueprint, the rules that keep the bank honest, and the pace.

Broken samples are copies of the fixture course (tests/fixtures/course) with a blueprint
added; the shipped course's papers are drawn for 2,000 learners.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.content import load_content, outline
from certtraining.content.bank_warnings import warnings
from certtraining.content.blueprint import exam_plan, paper_faults
from certtraining.content.loader import validate_dir
from certtraining.notebook.build import build_lesson
from certtraining.notebook.plan import course_plan
from certtraining.notebook.views import lesson_summary_frame
from certtraining.progress.scoring import summarise_learner
from certtraining.quiz.exam import exam_paper
from tests.fixture_course import copy_fixture_course, edit_yaml, fixture_content

C = fixture_content()
BLUEPRINT = {
    "parts": [
        {"lessons": ["issuance", "reissuance"], "count": 2},
        {"lessons": ["cautions_faq", "practice"], "count": 2},
    ],
    "apart": [["q-fx-ox", "fx-q-scenario"]],
}


@pytest.fixture
def planned(tmp_path: Path) -> Path:
    """A copy of the fixture course with a blueprint."""
    target = copy_fixture_course(tmp_path)
    edit_yaml(target, "course.yaml", lambda y: y.update(blueprint=BLUEPRINT))
    return target


def lesson(document: dict, lesson_id: str) -> dict:
    return next(x for x in document["lessons"] if x["id"] == lesson_id)


def question(document: dict, question_id: str) -> dict:
    return next(x for x in document["questions"] if x["id"] == question_id)


# --------------------------------------------------------------------------- papers


def test_no_paper_breaks_the_shipped_blueprint_over_2000_learners():
    content = load_content()
    plan = exam_plan(content)
    assert content.course.blueprint is not None and plan.groups
    papers = {exam_paper(f"학습자-{n}", content).question_ids for n in range(2000)}
    assert all(paper_faults(plan, paper) == [] for paper in papers)
    assert len(papers) > 1000  # still one paper per learner, not one for all


def test_fixture_papers_keep_their_parts_and_apart_groups(planned: Path):
    content = load_content(planned)
    plan = exam_plan(content)
    assert [len(p.members) for p in plan.parts] == [6, 4]
    papers = [exam_paper(f"learner-{n}", content).question_ids for n in range(300)]
    assert all(paper_faults(plan, paper) == [] for paper in papers)
    assert not any({"q-fx-ox", "fx-q-scenario"} <= set(paper) for paper in papers)
    assert exam_paper("김민수", content) == exam_paper("김민수", content)
    # the checker itself catches what a paper can break
    assert paper_faults(plan, ("q-fx-ox", "fx-q-scenario", "q-fx-single", "q-fx-single"))


def test_exam_preview_shows_the_learners_paper(capsys: pytest.CaptureFixture[str]):
    assert main(["exam", "preview", "--learner", "김민수"]) == 0
    out = capsys.readouterr().out
    ids = re.findall(r"^\s*\d+\. (\S+) \[", out, flags=re.M)
    assert tuple(ids) == exam_paper("김민수").question_ids
    stems = {q.id: q.prompt for q in load_content().questions}
    assert "원문" not in ids and stems[ids[0]].split()[0] in out


# --------------------------------------------------------------------------- rules


BROKEN: list[tuple[str, str, Callable[[dict], None], list[str]]] = [
    (
        "blueprint names an unknown lesson",
        "course.yaml",
        lambda y: y["blueprint"]["parts"][0]["lessons"].append("no-such-lesson"),
        ["course.yaml", "blueprint.parts[0]", "lessons", "no-such-lesson"],
    ),
    (
        "a part asks for more than it can always give",
        "course.yaml",
        lambda y: y["blueprint"]["parts"][1].update(count=5),
        ["blueprint.parts[1]", "count", "늘 뽑을 수는 없습니다"],
    ),
    (
        "apart names an unknown question",
        "course.yaml",
        lambda y: y["blueprint"]["apart"].append(["q-fx-single", "q-nope"]),
        ["blueprint.apart[1]", "q-nope"],
    ),
    (
        "a question in two apart groups",
        "course.yaml",
        lambda y: y["blueprint"]["apart"].append(["q-fx-ox", "q-fx-match"]),
        ["blueprint.apart", "q-fx-ox", "한 묶음에만"],
    ),
    (
        "a question in two parts",
        "course.yaml",
        lambda y: y["blueprint"]["parts"].append({"sections": ["fx-1-1"], "count": 1}),
        ["blueprint.parts[2]", "q-fx-single", "한 부분에만"],
    ),
    (
        "quizzed before it is taught",
        "questions.yaml",
        lambda y: question(y, "q-fx-single")["tests"].append("fx-faq"),
        ["questions.yaml", "id=q-fx-single", "tests", "fx-faq", "처음 나오는데"],
    ),
    (
        "a lesson too fast for its quizzes",
        "course.yaml",
        lambda y: lesson(y, "issuance")["minutes"].update(exercises=2),
        ["course.yaml", "id=issuance", "minutes.exercises", "문제 3개에 2분", "5분 이상"],
    ),
    (
        "an exam too fast for its paper",
        "course.yaml",
        lambda y: lesson(y, "final")["minutes"].update(exercises=5),
        ["id=final", "minutes.exercises", "문제 4개에 5분"],
    ),
]


@pytest.mark.parametrize(
    ("file", "change", "expected"),
    [case[1:] for case in BROKEN],
    ids=[case[0] for case in BROKEN],
)
def test_each_rule_fails_on_a_broken_sample(
    planned: Path, file: str, change: Callable[[dict], None], expected: list[str]
):
    edit_yaml(planned, file, change)
    content, problems = validate_dir(planned)
    assert content is None
    messages = [str(p) for p in problems]
    assert any(all(text in m for text in expected) for m in messages), messages


# --------------------------------------------------------------------------- warnings


def warning_texts(folder: Path) -> list[str]:
    content, problems = validate_dir(folder)
    assert problems == [] and content is not None
    return [str(w) for w in warnings(content)]


def test_key_longest_too_often_warns(planned: Path):
    assert not any("가장 긴 보기" in w for w in warning_texts(planned))

    def lengthen(document: dict) -> None:
        for item in document["questions"]:
            if item["type"] == "single":
                right = next(c for c in item["choices"] if c["id"] == item["answer"])
                right["text"] += " 그리고 아주 자세한 설명이 덧붙은, 다른 보기보다 훨씬 긴 정답"

    edit_yaml(planned, "questions.yaml", lengthen)
    assert any("가장 긴 보기" in w and "q-fx-single" in w for w in warning_texts(planned))


def test_ox_keys_leaning_one_way_warn(planned: Path):
    assert not any("O/X" in w for w in warning_texts(planned))

    def copies(document: dict) -> None:
        original = question(document, "q-fx-ox")
        for n in range(2, 10):  # eight more X keys against the fixture's two O keys
            document["questions"].append({**original, "id": f"q-fx-ox-{n}"})

    edit_yaml(planned, "questions.yaml", copies)
    edit_yaml(
        planned, "course.yaml", lambda y: lesson(y, "cautions_faq")["minutes"].update(exercises=40)
    )
    warned = [w for w in warning_texts(planned) if "O/X" in w]
    assert warned and "정답이 O인 것이" in warned[0] and "q-fx-ox-3" in warned[0]


def test_multiple_select_with_one_wrong_option_warns(planned: Path):
    assert any("id=q-fx-multiple" in w and "하나" in w for w in warning_texts(planned))

    def add_wrong(document: dict) -> None:
        question(document, "q-fx-multiple")["choices"].append(
            {"id": "z", "text": "시험용 오답 하나 더", "feedback": "시험용 해설"}
        )

    edit_yaml(planned, "questions.yaml", add_wrong)
    assert not any("id=q-fx-multiple" in w for w in warning_texts(planned))


def test_validate_prints_warnings_and_still_passes(planned: Path, capsys):
    assert main(["validate", "--data", str(planned)]) == 0
    out = capsys.readouterr().out
    assert "✓" in out and "⚠" in out and "q-fx-multiple" in out


# --------------------------------------------------------------------------- outline and pace


CALL = re.compile(
    r'\b(show_section|show_faq|show_steps|show_cautions|quiz_section|quiz_cautions|quiz)\("([^"]*)"\)'
)


def walked_from_cells(content, lesson) -> list[tuple[str, bool]]:
    """(id, optional) for everything the built notebook shows and asks, in cell order."""
    found: list[tuple[str, bool]] = []
    optional = False
    for cell in build_lesson(content, lesson).cells:
        if cell.cell_type == "markdown" and outline.OPTIONAL_PART_TITLE in cell.source:
            optional = True
        for call, arg in CALL.findall(cell.source):
            if call == "show_section":
                ids = outline.section_shows(content, arg)
            elif call == "show_faq":
                ids = outline.faq_shows(content, arg)
            elif call == "show_steps":
                ids = tuple(n.id for n in content.notes_for(arg))
            elif call == "show_cautions":
                ids = tuple(c.id for c in content.cautions_for(arg))
            elif call == "quiz_section":
                ids = tuple(q.id for q in outline.questions_for(arg, content))
            elif call == "quiz_cautions":
                ids = tuple(q.id for q in outline.questions_for_cautions(arg, content))
            else:
                ids = (arg,)
            found += [(i, optional) for i in ids]
    return found


@pytest.mark.parametrize("which", ["fixture", "shipped"])
def test_the_outline_walks_the_lessons_as_the_builder_writes_them(which: str):
    content = C if which == "fixture" else load_content()
    for each in content.lessons:
        stops = outline.lesson_stops(content, each)
        walked = [(i, s.optional) for s in stops for i in (*s.shows, *s.asks)]
        assert walked == walked_from_cells(content, each), each.id


def test_the_faq_lessons_repeats_are_an_optional_part_that_counts_elsewhere():
    faq = C.lessons_of_kind("faq")[0]
    cells = ["".join(c.source) for c in build_lesson(C, faq).cells]
    optional_at = next(i for i, s in enumerate(cells) if outline.OPTIONAL_PART_TITLE in s)
    assert "선택" in cells[optional_at]
    assert all("show_faq" not in s for s in cells[optional_at:])  # the extra part comes last
    repeated = {q for s in outline.lesson_stops(C, faq) if s.optional for q in s.asks}
    assert repeated
    homes = outline.home_lessons(C)
    assert all(homes[q] != faq.id for q in repeated)


def test_results_count_only_what_each_lesson_shows():
    plan = course_plan(C)
    for each in C.lessons:
        counted = list(outline.counted_questions(C, each))
        assert list(plan.lesson(each.id).questions) == (
            [] if each.kind == "assessment" else counted
        )
    # the scenario reviews a faq-lesson section but is asked (and counted) in the practice lesson
    (simulation,) = C.lessons_of_kind("simulation")
    (faq,) = C.lessons_of_kind("faq")
    scenario = simulation.questions[0]
    assert plan.questions[scenario].lesson == simulation.id
    summary = summarise_learner(plan, [], [], [])
    frame = lesson_summary_frame(plan, summary, faq.id)
    assert frame["문제"].sum() == len(plan.lesson(faq.id).questions)
    assert summary.lesson(faq.id).questions == len(plan.lesson(faq.id).questions)


def test_shipped_lessons_give_a_minute_and_a_half_per_quiz():
    from certtraining.content.course_rules import MINUTES_PER_ITEM, lesson_items

    content = load_content()
    for each in content.lessons:
        assert each.minutes.exercises >= MINUTES_PER_ITEM * lesson_items(content, each.id)
