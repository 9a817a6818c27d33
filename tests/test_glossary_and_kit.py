"""The teaching kit as data and where it shows: glossary, minutes, objectives, key points,
instructor notes and the teacher's guide.

Shown where described (00_intro's glossary, a link at each term's first use in a lesson, the
instructor notebook and instructor handout) and not where it must not be (learner notebooks
and the learner handout).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
import yaml

from certtraining import lesson as lesson_calls
from certtraining.content import load_content
from certtraining.content.loader import validate_dir
from certtraining.notebook.build import build_instructor, build_lesson, execute
from certtraining.practice import glossary, notes
from certtraining.present import markup
from certtraining.settings import default_data_dir

ISSUE_TERMS = [
    "공인인증서",
    "공동인증서",
    "금융인증서",
    "간편인증",
    "보안카드",
    "OTP",
    "추가인증",
    "발급",
    "재발급",
    "갱신",
    "폐지",
    "효력정지",
    "범용",
    "용도제한용",
    "보안토큰",
    "NPKI",
]
# css-inline may put the title before the href: match the link whatever its attribute order.
LINK = re.compile(r'<a class="ct-glossary-link"[^>]*? href="([^"]*)#glossary-([a-z0-9-]+)"')


def test_glossary_has_the_sixteen_terms_each_with_a_source() -> None:
    terms = glossary.terms()
    assert sorted(t.term for t in terms) == sorted(ISSUE_TERMS)
    assert all(t.source.strip() and t.definition.strip() for t in terms)


@pytest.mark.parametrize(
    ("term", "facts"),
    [
        ("공인인증서", ["2020년 12월 10일", "공동인증서"]),
        ("공동인증서", ["1년", "30일 전부터"]),
        ("금융인증서", ["금융결제원", "클라우드", "3년"]),
        ("재발급", ["자동으로 폐지", "만료일을 그대로"]),
        ("갱신", ["30일 전부터 만료일까지"]),
        ("폐지", ["되살릴 수 없습니다"]),
        ("효력정지", ["6개월"]),
        ("범용", ["4,400원"]),
        ("용도제한용", ["무료"]),
        ("추가인증", ["SMS", "ARS", "2013년 9월 26일"]),
        ("보안카드", ["일부 자리", "피싱"]),
    ],
)
def test_definitions_state_todays_facts(term: str, facts: list[str]) -> None:
    definition = next(t.definition for t in glossary.terms() if t.term == term)
    for fact in facts:
        assert fact in definition, (term, fact)


def test_glossary_block_gives_every_term_its_link_target() -> None:
    block = lesson_calls.show_glossary()
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


@pytest.mark.parametrize("lesson_id", [lesson.id for lesson in load_content().lessons])
def test_link_plan_follows_the_cell_order_authoring_writes(lesson_id: str) -> None:
    """The glossary works out each lesson's call order without nbformat; it must match."""
    content = load_content()
    lesson = content.lesson(lesson_id)
    written = [
        call
        for cell in build_lesson(content, lesson).cells
        if cell.cell_type == "code"
        for call in re.findall(r'\b(show_[a-z_]+)\("([^"]*)"\)', cell.source)
        if call[0] in LINKED_CALLS
    ]
    assert glossary.lesson_calls(content, lesson) == written


def test_00_intro_shows_the_glossary_under_its_own_heading() -> None:
    content = load_content()
    notebook = build_lesson(content, content.lesson("intro"))
    sources = [cell.source for cell in notebook.cells]
    heading = next(i for i, s in enumerate(sources) if s.startswith("## 용어집"))
    assert "show_glossary()" in sources[heading + 1]
    assert glossary.glossary_notebook(content) == "00_intro.ipynb"


def lesson_blocks(lesson_id: str) -> list[tuple[str, str, str]]:
    """(call, argument, html) for each content call of a lesson notebook, in cell order."""
    content = load_content()
    notebook = build_lesson(content, content.lesson(lesson_id))
    found = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for call, argument in re.findall(r'\b(show_[a-z_]+)\("([^"]*)"\)', cell.source):
            function: Callable[[str], object] = getattr(lesson_calls, call)
            found.append((call, argument, getattr(function(argument), "html", "")))
    return found


LESSON_IDS = [lesson.id for lesson in load_content().lessons]


@pytest.mark.parametrize("lesson_id", LESSON_IDS)
def test_each_term_is_linked_once_per_lesson_at_its_first_use(lesson_id: str) -> None:
    blocks = lesson_blocks(lesson_id)
    links = [m for _, _, html in blocks for m in LINK.findall(html)]
    counts = Counter(term_id for _, term_id in links)
    assert all(n == 1 for n in counts.values()), counts
    expected_href = "" if lesson_id == "intro" else "00_intro.ipynb"
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


def test_first_uses_in_issuance_are_linked_from_its_objectives() -> None:
    html = lesson_calls.show_objectives("issuance").html
    linked = {term_id for _, term_id in LINK.findall(html)}
    assert {"issuance", "extra-auth", "security-card", "otp"} <= linked
    assert 'href="00_intro.ipynb#glossary-issuance"' in html
    assert "glossary" not in lesson_calls.show_objectives("issuance").text  # text form unchanged


def test_linking_skips_code_and_existing_links_and_prefers_the_longer_term() -> None:
    content = load_content()
    links = glossary.term_links({"issuance", "reissuance"}, "00_intro.ipynb", content)
    with markup.linking(links):
        out = markup.to_html("`발급` [발급](#x) 재발급 뒤에 **발급**, 다시 발급")
        later = markup.to_html("발급")
    assert "<code>발급</code>" in out and '<a href="#x">발급</a>' in out
    assert out.count("ct-glossary-link") == 2
    assert re.search(r'glossary-reissuance" title="용어집: [^"]+">재발급</a> 뒤에 <strong><a ', out)
    assert re.search(
        r'glossary-issuance" title="용어집: [^"]+">발급</a></strong>, 다시 발급</p>', out
    )
    assert later == "<p>발급</p>"  # once per lesson call, across every text it renders


def test_links_come_from_the_lesson_call_and_only_inside_it() -> None:
    content = load_content()
    with glossary.links_for("show_objectives", "issuance", content):
        linked = markup.inline_html("발급")
        plain = markup.to_text("발급")
    assert 'href="00_intro.ipynb#glossary-issuance"' in linked
    assert plain == "발급"
    assert markup.inline_html("발급") == "발급"  # outside the call: no links
    with glossary.links_for("show_objectives", "no-such-lesson", content):
        assert markup.inline_html("발급") == "발급"


def test_instructor_notes_exist_for_every_lesson_in_course_order() -> None:
    content = load_content()
    assert [n.lesson for n in notes.all_lesson_notes(content)] == LESSON_IDS
    practice = notes.lesson_notes("practice", content)
    assert practice is not None and practice.misconceptions and practice.questions
    assert notes.lesson_notes("no-such-lesson", content) is None


def test_instructor_notes_block_shows_all_three_parts_with_sources() -> None:
    block = notes.instructor_notes_block("reissuance")
    assert re.search(r'<div class="ct-instructor-notes" [^>]*data-lesson="reissuance"', block.html)
    for heading in ("흔한 오해", "학습자가 자주 묻는 질문", "시연 방법"):
        assert heading in block.html and heading in block.text
    assert "기존 인증서를 직접 삭제해야 한다" in block.text
    assert "출처: yessign 재발급 안내" in block.text
    minutes = load_content().lesson("reissuance").minutes
    assert f"설명 {minutes.teaching}분 · 실습 {minutes.exercises}분" in block.text
    with_plan = lesson_calls.show_instructor_notes("reissuance", with_plan=True)
    assert "학습 목표" in with_plan.text and "핵심 정리" in with_plan.text


def test_instructor_view_is_built_from_data_and_listed_in_the_manifest() -> None:
    content = load_content()
    entry = next(e for e in content.course.instructor if e.id == "teaching_notes")
    assert entry.notebook == "instructor/teaching_notes.ipynb"
    notebook = build_instructor(content, entry)
    assert notebook is not None
    calls = [c.source for c in notebook.cells if c.cell_type == "code"]
    for lesson_id in LESSON_IDS:
        assert f'show_instructor_notes("{lesson_id}", with_plan=True)' in calls
    assert "강사용" in notebook.cells[0].source


def test_no_learner_notebook_calls_or_shows_instructor_notes(repo: Path) -> None:
    content = load_content()
    first_misconception = notes.all_lesson_notes(content)[0].misconceptions[0].belief
    for lesson in content.lessons:
        built = build_lesson(content, lesson)
        assert "show_instructor_notes" not in nbformat.writes(built)
        committed = repo / "notebooks" / lesson.notebook
        if committed.exists():
            text = committed.read_text(encoding="utf-8")
            assert "ct-instructor-notes" not in text and first_misconception not in text


def test_practice_handouts_carry_notes_only_in_the_instructor_copy(tmp_path: Path) -> None:
    from certtraining.handout.build import export_handout

    content = load_content()
    notebook = execute(build_lesson(content, content.lesson("practice")), tmp_path)
    path = tmp_path / "04_practice.ipynb"
    learner, _ = export_handout(nbformat.from_dict(notebook), path, answers=False)
    instructor, _ = export_handout(nbformat.from_dict(notebook), path, answers=True)
    misconception = notes.lesson_notes("practice", content).misconceptions[0].belief
    assert 'class="ct-instructor-notes"' not in learner and misconception not in learner
    assert 'data-lesson="practice"' in instructor and misconception in instructor
    for copy in (learner, instructor):
        for flow in ("issuance", "reissuance", "password"):
            assert f'class="ct-simulator-static" data-flow="{flow}"' in copy
        assert "VBox(" not in copy


# ----------------------------------------------------------------------------- validation


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(default_data_dir(), target)
    return target


def edit(folder: Path, name: str, change: Callable[[dict], None]) -> None:
    path = folder / name
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


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


BROKEN = [
    (
        "glossary without a source",
        "glossary.yaml",
        lambda d: d["terms"][0].pop("source"),
        ["glossary.yaml", "id=gongin-cert", "source", "필수"],
    ),
    (
        "two terms spelled alike",
        "glossary.yaml",
        set_item(["terms", 1, "aliases"], ["공인인증서"]),
        ["glossary.yaml", "id=gongdong-cert", "'공인인증서'는 이미 gongin-cert의 표기입니다"],
    ),
    (
        "see_also naming nothing",
        "glossary.yaml",
        set_item(["terms", 2, "see_also"], ["no-such-term"]),
        ["glossary.yaml", "id=financial-cert", "see_also", "no-such-term"],
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
        ["instructor_notes.yaml", "이 수업의 강사 노트가 없습니다: practice"],
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
        ["course.yaml", "id=practice", "minutes.exercises", "값이 너무 작습니다"],
    ),
    (
        "no objectives",
        "course.yaml",
        set_item(["lessons", 4, "objectives"], []),
        ["course.yaml", "id=practice", "objectives", "항목이 부족합니다"],
    ),
    (
        "no key points",
        "course.yaml",
        set_item(["lessons", 4, "key_points"], []),
        ["course.yaml", "id=practice", "key_points", "항목이 부족합니다"],
    ),
]


@pytest.mark.parametrize(("name", "file", "change", "expected"), BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_kit_data_is_reported_by_file_item_and_field(
    data_copy: Path, name: str, file: str, change: Callable[[dict], None], expected: list[str]
) -> None:
    edit(data_copy, file, change)
    problems = problems_for(data_copy)
    assert any(all(part in problem for part in expected) for problem in problems), problems


def test_missing_glossary_file_is_reported(data_copy: Path) -> None:
    (data_copy / "glossary.yaml").unlink()
    assert any("glossary.yaml" in p and "파일이 없습니다" in p for p in problems_for(data_copy))


# --------------------------------------------------------------------------- teacher's guide

GUIDE = Path(__file__).resolve().parents[1] / "notebooks" / "instructor" / "teachers_guide.md"


def plan_rows(minutes: int) -> list[list[str]]:
    text = GUIDE.read_text(encoding="utf-8")
    block = text.split(f"<!-- plan:{minutes} -->", 1)[1].split("<!-- /plan -->", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in block.strip().splitlines()
    ]
    return [row for row in rows[2:] if row]


@pytest.mark.parametrize("length", [60, 120])
def test_session_plans_add_up_and_use_the_lesson_minutes(length: int) -> None:
    content = load_content()
    by_title = {lesson.title: lesson for lesson in content.lessons}
    rows = plan_rows(length)
    assert sum(int(row[-1]) for row in rows) == length
    for _order, title, activity, minutes in rows:
        if title not in by_title:
            assert title == "쉬는 시간"
            continue
        lesson = by_title[title]
        if activity.startswith("설명과 실습"):
            expected = lesson.minutes.teaching + lesson.minutes.exercises
        elif activity.startswith("설명"):
            expected = lesson.minutes.teaching
        else:
            assert activity.startswith("실습"), activity
            expected = lesson.minutes.exercises
        assert int(minutes) == expected, (length, title, activity)


def test_guide_minutes_table_matches_course_yaml() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for lesson in load_content().lessons:
        teaching, exercises = lesson.minutes.teaching, lesson.minutes.exercises
        row = f"| {lesson.title} | `{lesson.notebook}` | {teaching} | {exercises} | {teaching + exercises} |"
        assert row in text, row


def test_guide_covers_shared_class_editing_and_handouts() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for needed in (
        "JupyterHub",
        "CERTTRAINING_DB",
        "postgresql+psycopg://",
        "c.Spawner.environment",
        "certtraining validate",
        "make notebooks",
        "make handouts",
        "build/handouts-instructor/",
        "teaching_notes.ipynb",
    ):
        assert needed in text, needed
