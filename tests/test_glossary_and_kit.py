"""The teaching kit as data and where it shows: glossary, minutes, objectives, key points
and instructor notes.

Shown where described (the orientation lesson's glossary, a link at each term's first use in
a lesson, the instructor notebook and instructor handout) and not where it must not be
(learner notebooks and the learner handout). Runs on the fixture course
(tests/fixtures/course); the checks of the real course's glossary, and of the teacher's guide
against it, are in tests/test_course_content.py.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest

from certtraining import lesson as lesson_calls
from certtraining.content import Content
from certtraining.content.loader import validate_dir
from certtraining.content.models import Lesson
from certtraining.notebook.build import build_instructor, build_lesson, execute
from certtraining.practice import glossary, notes
from certtraining.present import markup
from tests.fixture_course import copy_fixture_course, edit_yaml, fixture_content

FIXTURE = fixture_content()
LESSON_IDS = [lesson.id for lesson in FIXTURE.lessons]
# css-inline may put the title before the href: match the link whatever its attribute order.
LINK = re.compile(r'<a class="ct-glossary-link"[^>]*? href="([^"]*)#glossary-([a-z0-9-]+)"')


@pytest.fixture(autouse=True)
def fixture_course(course: Content) -> Content:
    """The package reads the fixture course in every test here."""
    return course


def of_kind(content: Content, kind: str) -> Lesson:
    return next(lesson for lesson in content.lessons if lesson.kind == kind)


def glossary_notebook(content: Content) -> str:
    """The orientation lesson's notebook: where the glossary is shown and links point."""
    return of_kind(content, "orientation").notebook


def test_glossary_block_gives_every_term_its_link_target() -> None:
    block = lesson_calls.show_glossary()
    assert glossary.terms(), "the fixture has glossary terms"
    for term in glossary.terms():
        assert re.search(rf'<dt [^>]*\bid="glossary-{term.id}"', block.html)
        assert f"- {term.term}: " in block.text
    assert "<script" not in block.html


LINKED_CALLS = {
    "show_objectives",
    "show_procedure_intro",
    "show_section",
    "show_steps",
    "show_faq",
    "show_cautions",
    "show_key_points",
}


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_link_plan_follows_the_cell_order_the_builder_writes(
    lesson_id: str, course: Content
) -> None:
    """The glossary works out each lesson's call order without nbformat; it must match."""
    content = course
    lesson = content.lesson(lesson_id)
    written = [
        call
        for cell in build_lesson(content, lesson).cells
        if cell.cell_type == "code"
        for call in re.findall(r'\b(show_[a-z_]+)\("([^"]*)"\)', cell.source)
        if call[0] in LINKED_CALLS
    ]
    assert glossary.lesson_calls(content, lesson) == written


def test_the_orientation_lesson_shows_the_glossary_under_its_own_heading(course: Content) -> None:
    orientation = of_kind(course, "orientation")
    notebook = build_lesson(course, orientation)
    sources = [cell.source for cell in notebook.cells]
    heading = next(i for i, s in enumerate(sources) if s.startswith("## 용어집"))
    assert "show_glossary()" in sources[heading + 1]
    assert glossary.glossary_notebook(course) == orientation.notebook


def lesson_blocks(lesson_id: str) -> list[tuple[str, str, str]]:
    """(call, argument, html) for each content call of a lesson notebook, in cell order."""
    content = fixture_content()
    notebook = build_lesson(content, content.lesson(lesson_id))
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for call, argument in re.findall(r'\b(show_[a-z_]+)\("([^"]*)"\)', cell.source):
            function: Callable[[str], object] = getattr(lesson_calls, call)
            found.append((call, argument, getattr(function(argument), "html", "")))
    return found


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_each_term_is_linked_once_per_lesson_at_its_first_use(
    lesson_id: str, course: Content
) -> None:
    blocks = lesson_blocks(lesson_id)
    links = [m for _, _, html in blocks for m in LINK.findall(html)]
    counts = Counter(term_id for _, term_id in links)
    assert all(n == 1 for n in counts.values()), counts
    target = glossary_notebook(course)
    expected_href = "" if course.lesson(lesson_id).notebook == target else target
    assert {href for href, _ in links} <= {expected_href}

    # Where a term is linked, no earlier block of the lesson already used it unlinked.
    spellings = {s: t.id for t in glossary.terms() for s in t.spellings}
    pattern = re.compile("|".join(sorted(map(re.escape, spellings), key=len, reverse=True)))
    seen: set[str] = set()
    for _call, _argument, html in blocks:
        text = re.sub(r"<[^>]+>", "", html)
        linked_here = {term_id for _, term_id in LINK.findall(html)}
        assert not (linked_here & seen), (lesson_id, linked_here & seen)
        seen |= {spellings[m.group(0)] for m in pattern.finditer(text)}
    assert set(counts) == seen & set(counts)


def test_the_fixture_links_some_term_somewhere() -> None:
    """The fixture must exercise linking: some lesson links a term (else the above is vacuous)."""
    assert any(LINK.search(html) for lid in LESSON_IDS for _, _, html in lesson_blocks(lid))


def spelled_in(content: Content, text: str) -> list:
    return [t for t in content.glossary_terms if any(s in text for s in t.spellings)]


def test_first_uses_in_a_procedure_lesson_are_linked_from_its_objectives(course: Content) -> None:
    procedure = of_kind(course, "procedure")
    used = spelled_in(course, " ".join(procedure.objectives))
    assert used, "the fixture's procedure objectives use a glossary term"
    html = lesson_calls.show_objectives(procedure.id).html
    linked = {term_id for _, term_id in LINK.findall(html)}
    assert {t.id for t in used} <= linked
    assert f'href="{glossary_notebook(course)}#glossary-{used[0].id}"' in html
    assert "glossary" not in lesson_calls.show_objectives(procedure.id).text  # text form unchanged


def nested_terms(content: Content) -> tuple:
    """Two terms where one's spelling is inside the other's (발급 in 재발급, say)."""
    return next(
        (short, long)
        for short in content.glossary_terms
        for long in content.glossary_terms
        if short is not long and short.term in long.term
    )


def test_linking_skips_code_and_existing_links_and_prefers_the_longer_term(
    course: Content,
) -> None:
    short, long = nested_terms(course)
    target = glossary_notebook(course)
    links = glossary.term_links({short.id, long.id}, target, course)
    s, ll = short.term, long.term
    with markup.linking(links):
        out = markup.to_html(f"`{s}` [{s}](#x) {ll} 뒤에 **{s}**, 다시 {s}")
        later = markup.to_html(s)
    assert f"<code>{s}</code>" in out and f'<a href="#x">{s}</a>' in out
    assert out.count("ct-glossary-link") == 2
    assert re.search(rf'glossary-{long.id}" title="용어집: [^"]+">{ll}</a> 뒤에 <strong><a ', out)
    assert re.search(
        rf'glossary-{short.id}" title="용어집: [^"]+">{s}</a></strong>, 다시 {s}</p>', out
    )
    assert later == f"<p>{s}</p>"  # once per lesson call, across every text it renders


def test_links_come_from_the_lesson_call_and_only_inside_it(course: Content) -> None:
    procedure = of_kind(course, "procedure")
    term = spelled_in(course, " ".join(procedure.objectives))[0]
    word = term.term
    with glossary.links_for("show_objectives", procedure.id, course):
        linked = markup.inline_html(word)
        plain = markup.to_text(word)
    assert f'href="{glossary_notebook(course)}#glossary-{term.id}"' in linked
    assert plain == word
    assert markup.inline_html(word) == word  # outside the call: no links
    with glossary.links_for("show_objectives", "no-such-lesson", course):
        assert markup.inline_html(word) == word


def test_instructor_notes_exist_for_every_lesson_in_course_order(course: Content) -> None:
    content = course
    assert [n.lesson for n in notes.all_lesson_notes(content)] == LESSON_IDS
    practice = notes.lesson_notes(of_kind(content, "simulation").id, content)
    assert practice is not None and practice.misconceptions and practice.questions
    assert notes.lesson_notes("no-such-lesson", content) is None


def test_instructor_notes_block_shows_all_three_parts_with_sources(course: Content) -> None:
    lesson = course.lessons[2]
    kept = notes.lesson_notes(lesson.id, course)
    assert kept is not None
    block = notes.instructor_notes_block(lesson.id)
    assert re.search(
        rf'<div class="ct-instructor-notes" [^>]*data-lesson="{lesson.id}"', block.html
    )
    for heading in ("흔한 오해", "학습자가 자주 묻는 질문", "시연 방법"):
        assert heading in block.html and heading in block.text
    assert kept.misconceptions[0].belief in block.text
    assert f"출처: {kept.misconceptions[0].source}" in block.text
    minutes = lesson.minutes
    assert f"설명 {minutes.teaching}분 · 실습 {minutes.exercises}분" in block.text
    with_plan = lesson_calls.show_instructor_notes(lesson.id, with_plan=True)
    assert "학습 목표" in with_plan.text and "핵심 정리" in with_plan.text


def test_instructor_view_is_built_from_data_and_listed_in_the_manifest(course: Content) -> None:
    content = course
    entry = next(e for e in content.course.instructor if e.kind == "lesson_notes")
    assert entry.notebook.startswith("instructor/") and entry.notebook.endswith(".ipynb")
    notebook = build_instructor(content, entry)
    assert notebook is not None
    calls = [c.source for c in notebook.cells if c.cell_type == "code"]
    for lesson_id in LESSON_IDS:
        assert f'show_instructor_notes("{lesson_id}", with_plan=True)' in calls
    assert "강사용" in notebook.cells[0].source


def test_no_learner_notebook_calls_or_shows_instructor_notes(course: Content) -> None:
    """Built learner notebooks never call the notes (the committed ones: test_course_content)."""
    for lesson in course.lessons:
        assert "show_instructor_notes" not in nbformat.writes(build_lesson(course, lesson))


def test_practice_handouts_carry_notes_only_in_the_instructor_copy(
    tmp_path: Path, course: Content
) -> None:
    from certtraining.handout.build import export_handout

    content = course
    practice = of_kind(content, "simulation")
    assert practice.flows, "the fixture's practice lesson runs simulator flows"
    notebook = execute(build_lesson(content, practice), tmp_path)
    path = tmp_path / Path(practice.notebook).name
    learner, _ = export_handout(nbformat.from_dict(notebook), path, answers=False)
    instructor, _ = export_handout(nbformat.from_dict(notebook), path, answers=True)
    misconception = notes.lesson_notes(practice.id, content).misconceptions[0].belief
    assert 'class="ct-instructor-notes"' not in learner and misconception not in learner
    assert f'data-lesson="{practice.id}"' in instructor and misconception in instructor
    for copy in (learner, instructor):
        for flow in practice.flows:
            assert f'class="ct-simulator-static" data-flow="{flow}"' in copy
        assert "VBox(" not in copy


# ----------------------------------------------------------------------------- validation


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return copy_fixture_course(tmp_path)


def problems_for(folder: Path) -> list[str]:
    content, problems = validate_dir(folder)
    assert content is None
    return [str(p) for p in problems]


def set_item(path: list[object], value: object) -> Callable[[dict], None]:
    def change(document: dict) -> None:
        node = document
        for key in path[:-1]:
            node = node[key]  # type: ignore[index]
        node[path[-1]] = value  # type: ignore[index]

    return change


TERMS = FIXTURE.glossary_terms
assert len(TERMS) >= 3, "the validation cases below edit three glossary terms"
PRACTICE = FIXTURE.lessons[4].id  # the cases below edit lesson 4 and its notes
assert FIXTURE.lessons[4].kind == "simulation" and FIXTURE.lesson_notes[4].lesson == PRACTICE

BROKEN = [
    (
        "glossary without a source",
        "glossary.yaml",
        lambda d: d["terms"][0].pop("source"),
        ["glossary.yaml", f"id={TERMS[0].id}", "source", "필수"],
    ),
    (
        "two terms spelled alike",
        "glossary.yaml",
        set_item(["terms", 1, "aliases"], [TERMS[0].term]),
        [
            "glossary.yaml",
            f"id={TERMS[1].id}",
            f"'{TERMS[0].term}'는 이미 {TERMS[0].id}의 표기입니다",
        ],
    ),
    (
        "see_also naming nothing",
        "glossary.yaml",
        set_item(["terms", 2, "see_also"], ["no-such-term"]),
        ["glossary.yaml", f"id={TERMS[2].id}", "see_also", "no-such-term"],
    ),
    (
        "notes for a lesson that does not exist",
        "instructor_notes.yaml",
        set_item(["lessons", 4, "lesson"], "practise"),
        ["instructor_notes.yaml", "lesson=practise", "course.yaml에 없는 수업 id"],
    ),
    (
        "a lesson without notes",
        "instructor_notes.yaml",
        lambda d: d["lessons"].pop(4),
        ["instructor_notes.yaml", f"이 수업의 강사 노트가 없습니다: {PRACTICE}"],
    ),
    (
        "notes without any misconception",
        "instructor_notes.yaml",
        set_item(["lessons", 0, "misconceptions"], []),
        ["instructor_notes.yaml", "misconceptions", "항목이 부족합니다"],
    ),
    (
        "negative minutes",
        "course.yaml",
        set_item(["lessons", 4, "minutes", "exercises"], -5),
        ["course.yaml", f"id={PRACTICE}", "minutes.exercises", "값이 너무 작습니다"],
    ),
    (
        "no objectives",
        "course.yaml",
        set_item(["lessons", 4, "objectives"], []),
        ["course.yaml", f"id={PRACTICE}", "objectives", "항목이 부족합니다"],
    ),
    (
        "no key points",
        "course.yaml",
        set_item(["lessons", 4, "key_points"], []),
        ["course.yaml", f"id={PRACTICE}", "key_points", "항목이 부족합니다"],
    ),
]


@pytest.mark.parametrize(("name", "file", "change", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_kit_data_is_reported_by_file_item_and_field(
    data_copy: Path, name: str, file: str, change: Callable[[dict], None], expected: list[str]
) -> None:
    edit_yaml(data_copy, file, change)
    problems = problems_for(data_copy)
    assert any(all(part in problem for part in expected) for problem in problems), problems


def test_missing_glossary_file_is_reported(data_copy: Path) -> None:
    (data_copy / "glossary.yaml").unlink()
    assert any("glossary.yaml" in p and "파일이 없습니다" in p for p in problems_for(data_copy))
