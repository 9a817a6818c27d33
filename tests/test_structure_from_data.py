"""The course's structure is read from data/: renaming ids or rewording the simulator needs no code.

A copy of the shipped content is edited the way a teacher would (new lesson ids, another
question list, another simulator text), and the notebook builder, the course plan and the
simulator follow the copy.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from certtraining.content import Content, load_content
from certtraining.notebook.build import build_lesson
from certtraining.notebook.plan import course_plan
from tests.fixture_course import copy_fixture_course, edit_yaml


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = copy_fixture_course(tmp_path)
    return target


def renamed_lessons(folder: Path) -> Content:
    """Every lesson id gets a new name (in course.yaml and instructor_notes.yaml)."""

    def course(document: dict) -> None:
        for lesson in document["lessons"]:
            lesson["id"] = f"renamed-{lesson['id']}"
        for part in (document.get("blueprint") or {}).get("parts", []):
            part["lessons"] = [f"renamed-{lesson}" for lesson in part.get("lessons", [])]

    def notes(document: dict) -> None:
        for entry in document["lessons"]:
            entry["lesson"] = f"renamed-{entry['lesson']}"

    edit_yaml(folder, "course.yaml", course)
    edit_yaml(folder, "instructor_notes.yaml", notes)
    return load_content(folder)


def sources(content: Content, kind: str) -> list[str]:
    (lesson,) = content.lessons_of_kind(kind)
    return ["".join(cell.source) for cell in build_lesson(content, lesson).cells]


def test_lessons_are_built_by_kind_not_by_id(data_copy: Path) -> None:
    content = renamed_lessons(data_copy)
    assert "ask_learner_name()" in sources(content, "orientation")
    assert "final_exam()" in sources(content, "assessment")
    assert "show_course_progress()" in sources(content, "assessment")
    (simulation,) = content.lessons_of_kind("simulation")
    cells = sources(content, "simulation")
    assert [c for c in cells if c.startswith("show_simulator(")] == [
        f'show_simulator("{flow}")' for flow in simulation.flows
    ]
    plan = course_plan(content)
    assert [lesson.is_exam for lesson in plan.lessons] == [
        lesson.kind == "assessment" for lesson in content.lessons
    ]


def test_the_simulation_lesson_asks_the_questions_it_lists(data_copy: Path) -> None:
    bank = [q.id for q in load_content(data_copy).questions]
    chosen = [bank[-1], bank[0]]  # any questions, in the order written

    def ask(document: dict) -> None:
        simulation = next(x for x in document["lessons"] if x["kind"] == "simulation")
        simulation["questions"] = chosen
        document.pop("blueprint", None)  # it counts the lesson's questions, changed here

    edit_yaml(data_copy, "course.yaml", ask)
    content = load_content(data_copy)
    cells = sources(content, "simulation")
    assert [c for c in cells if c.startswith("quiz(")] == [f'quiz("{q}")' for q in chosen]


def test_the_opening_sections_come_first(data_copy: Path) -> None:
    top_level = [s.id for s in load_content(data_copy).guide.sections]
    opening = [top_level[-1], top_level[0]]
    edit_yaml(data_copy, "guide.yaml", lambda y: y.update(opening=opening))
    content = load_content(data_copy)
    assert [s.id for s in content.sections()][:2] == opening


def test_the_simulator_speaks_and_quotes_what_the_data_says(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = load_content(data_copy)
    faq = shipped.faqs[0]
    dropped = next(f for f in shipped.simulator.flows if f.replaces_old).quotes[0]

    def reword(document: dict) -> None:
        document["texts"]["frame"]["next"] = "계속 ▶"
        document["texts"]["center"]["no_menu"] = "메뉴부터 골라 주세요."
        replacing = next(f for f in document["flows"] if f.get("replaces_old"))
        replacing["quotes"] = [faq.id]

    edit_yaml(data_copy, "simulator.yaml", reword)
    monkeypatch.setenv("CERTTRAINING_DATA", str(data_copy))
    from certtraining.practice import look
    from certtraining.practice.simulator import Simulator, plain_text

    content = load_content()
    first = content.simulator.flows[0]
    sim = Simulator(rng=random.Random(1))  # no id: the file's first flow
    assert sim.flow.id == first.id
    assert sim.next_button.description == "계속 ▶"
    sim.next()
    assert "메뉴부터 골라 주세요." in sim.status_text()

    reissuance = next(f for f in content.simulator.flows if f.replaces_old)
    quoted = plain_text(look.seed_explanation_html(reissuance))
    assert f"자주 묻는 질문 {faq.number}:" in quoted
    assert plain_text(look.inline_html(faq.answer))[:30] in quoted
    assert content.anchor_title(dropped) not in quoted


def test_the_simulator_templates_write_no_words_of_their_own() -> None:
    """Every word on a simulator screen is in data/simulator.yaml, none in the template."""
    template = Path(__file__).resolve().parent.parent / "certtraining" / "present" / "templates"
    source = (template / "simulator.html.j2").read_text(encoding="utf-8")
    hangul = [
        f"simulator.html.j2:{number}: {line.strip()}"
        for number, line in enumerate(source.splitlines(), start=1)
        if any("\uac00" <= char <= "\ud7a3" for char in line)
    ]
    assert not hangul


def test_the_simulator_screens_place_the_words_the_data_gives(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reworded = {
        ("frame", "badge"): "연습 센터 배지",
        ("frame", "walkthrough_intro"): "화면을 차례로 봅니다.",
        ("frame", "selected"): "(고름)",
        ("frame", "steps_label"): "차례",
        ("center", "old_cert_heading"): "예전 인증서",
        ("card", "card_heading"): "연습용 카드 그림",
        ("password", "rules_label"): "규칙 목록",
        ("complete", "table_cert"): "어느 인증서",
        ("complete", "quote_heading"): "원래 글",
    }

    def reword(document: dict) -> None:
        for (screen, name), words in reworded.items():
            document["texts"][screen][name] = words

    edit_yaml(data_copy, "simulator.yaml", reword)
    monkeypatch.setenv("CERTTRAINING_DATA", str(data_copy))
    from certtraining.practice import flows, look
    from certtraining.practice.static import simulator_walkthrough_html

    flow = next(f for f in flows.data().flows if f.replaces_old)
    html = simulator_walkthrough_html(flow.id) + look.stepper_html(flow, flow.steps[0].id)
    html += look.password_checklist_html([], None, False)
    for words in reworded.values():
        assert words in html
    assert "내 가상 보안카드" not in html and "원문은 이렇게 말했습니다" not in html
