"""`certtraining validate` accepts the shipped content and names file, item and field for each fault.

Faults are made in copies of the fixture course (tests/fixtures/course), so editing data/
changes none of these tests but the first.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.content.loader import ContentError, load_content, validate_dir
from tests.fixture_course import FIXTURE_COURSE, copy_fixture_course, edit_yaml, fixture_content

C = fixture_content()
FAQ = C.faqs[0].id
SECOND_SECTION = C.procedures[0].sections[1].id


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    target = copy_fixture_course(tmp_path)
    return target


def replace_text(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_shipped_content_is_valid(capsys):
    assert main(["validate"]) == 0
    assert "✓" in capsys.readouterr().out


def test_the_fixture_course_is_valid_and_counted(capsys):
    assert main(["validate", "--data", str(FIXTURE_COURSE)]) == 0
    out = capsys.readouterr().out
    assert f"{len(C.lessons)} lessons" in out and f"{len(C.questions)} questions" in out


def untest_first_caution(document: dict) -> None:
    """No question names the first caution any more (each still tests something)."""
    for question in document["questions"]:
        kept = [t for t in question["tests"] if t != C.cautions[0].id]
        question["tests"] = kept or [FAQ]


# (description, how to break the copy, text every expected message must contain)
BROKEN: list[tuple[str, Callable[[Path], None], list[str]]] = [
    (
        "yaml syntax",
        lambda d: replace_text(d, "faq.yaml", f"  - id: {FAQ}", f"  - id: [{FAQ}"),
        ["faq.yaml", "YAML"],
    ),
    (
        "missing title",
        lambda d: edit_yaml(
            d, "guide.yaml", lambda y: y["procedures"][0]["sections"][1].pop("title")
        ),
        ["guide.yaml", f"id={SECOND_SECTION}", "title", "필수"],
    ),
    (
        "typo in a field name",
        lambda d: edit_yaml(d, "faq.yaml", lambda y: y["faq"][0].update(anwser="x")),
        ["faq.yaml", f"id={FAQ}", "anwser", "알 수 없는 항목"],
    ),
    (
        "duplicate id across files",
        lambda d: edit_yaml(
            d, "cautions.yaml", lambda y: y["cautions"][0].update(id=SECOND_SECTION)
        ),
        ["cautions.yaml", f"id={SECOND_SECTION}", "중복"],
    ),
    (
        "steps out of order",
        lambda d: edit_yaml(
            d, "guide.yaml", lambda y: y["procedures"][1]["steps"][1].update(step=3)
        ),
        ["guide.yaml", f"id={C.procedures[1].id}", "steps.step", "1부터 차례대로"],
    ),
    (
        "caution points at no section",
        lambda d: edit_yaml(
            d, "cautions.yaml", lambda y: y["cautions"][-1].update(section="sec-9-9")
        ),
        ["cautions.yaml", "section", "sec-9-9"],
    ),
    (
        "today note points nowhere",
        lambda d: edit_yaml(d, "today.yaml", lambda y: y["notes"][0].update(target="nowhere")),
        ["today.yaml", f"id={C.today_notes[0].id}", "target", "nowhere"],
    ),
    (
        "lesson covers an unknown section",
        lambda d: edit_yaml(
            d, "course.yaml", lambda y: y["lessons"][1]["covers"].append("sec-7-7")
        ),
        ["course.yaml", f"id={C.lessons[1].id}", "covers", "sec-7-7"],
    ),
    (
        "minutes not a number",
        lambda d: edit_yaml(
            d, "course.yaml", lambda y: y["lessons"][0]["minutes"].update(teaching="열")
        ),
        ["course.yaml", f"id={C.lessons[0].id}", "minutes.teaching", "정수"],
    ),
    (
        "missing file",
        lambda d: (d / "today.yaml").unlink(),
        ["today.yaml", "파일이 없습니다"],
    ),
    (
        "duplicate yaml key",
        lambda d: replace_text(d, "faq.yaml", "    number: 1\n", "    number: 1\n    number: 2\n"),
        ["faq.yaml", "duplicate key"],
    ),
    (
        "not utf-8",
        lambda d: (d / "faq.yaml").write_bytes("faq: 인증서".encode("cp949")),
        ["faq.yaml", "UTF-8"],
    ),
    (
        "top level is a list",
        lambda d: (d / "cautions.yaml").write_text("- a\n- b\n", encoding="utf-8"),
        ["cautions.yaml", "매핑"],
    ),
    (
        "empty text",
        lambda d: edit_yaml(d, "faq.yaml", lambda y: y["faq"][0].update(answer="   ")),
        ["faq.yaml", f"id={FAQ}", "answer", "비어"],
    ),
    (
        "section taught nowhere",
        lambda d: edit_yaml(
            d, "course.yaml", lambda y: y["lessons"][1]["covers"].remove(SECOND_SECTION)
        ),
        ["course.yaml", SECOND_SECTION],
    ),
    (
        "caution no question asks about",
        lambda d: edit_yaml(d, "questions.yaml", untest_first_caution),
        ["cautions.yaml", f"id={C.cautions[0].id}", "문항이 없습니다"],
    ),
    # Lesson kinds and what each kind names (course.yaml, guide.yaml).
    (
        "lesson without a kind",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][0].pop("kind")),
        ["course.yaml", "id=intro", "kind", "필수"],
    ),
    (
        "unknown lesson kind",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][0].update(kind="lecture")),
        ["course.yaml", "id=intro", "kind", "허용된 값"],
    ),
    (
        "procedure lesson names no procedure",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][1].pop("procedure")),
        ["course.yaml", "id=issuance", "procedure", "절차 id"],
    ),
    (
        "procedure lesson covers another procedure's section",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][1]["covers"].append("fx-2-1")),
        ["course.yaml", "id=issuance", "covers", "fx-2-1", "다른 절차"],
    ),
    (
        "flows on a lesson that is not a simulation",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][0].update(flows=["issuance"])),
        ["course.yaml", "id=intro", "flows", "simulation"],
    ),
    (
        "simulation lesson names an unknown flow",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][4]["flows"].append("renewal")),
        ["course.yaml", "id=practice", "flows", "renewal", "simulator.yaml"],
    ),
    (
        "simulation lesson names an unknown question",
        lambda d: edit_yaml(
            d, "course.yaml", lambda y: y["lessons"][4]["questions"].append("q-nowhere")
        ),
        ["course.yaml", "id=practice", "questions", "q-nowhere"],
    ),
    (
        "two assessment lessons",
        lambda d: edit_yaml(d, "course.yaml", lambda y: y["lessons"][3].update(kind="assessment")),
        ["course.yaml", "lessons", "kind", "assessment"],
    ),
    (
        "opening names a procedure section",
        lambda d: edit_yaml(d, "guide.yaml", lambda y: y["opening"].append("sec-1-1")),
        ["guide.yaml", "opening", "sec-1-1"],
    ),
    # The simulator's flows and texts (simulator.yaml).
    (
        "simulator file missing",
        lambda d: (d / "simulator.yaml").unlink(),
        ["simulator.yaml", "파일이 없습니다"],
    ),
    (
        "simulator text missing",
        lambda d: edit_yaml(d, "simulator.yaml", lambda y: y["texts"]["frame"].pop("next")),
        ["simulator.yaml", "texts.frame.next", "필수"],
    ),
    (
        "simulator text asks for a slot the code does not fill",
        lambda d: edit_yaml(
            d,
            "simulator.yaml",
            lambda y: y["texts"]["center"].update(wrong_menu="'{chosen}' 메뉴는 {colour}"),
        ),
        ["simulator.yaml", "texts", "center.wrong_menu", "{colour}"],
    ),
    (
        "simulator step names no screen",
        lambda d: edit_yaml(
            d, "simulator.yaml", lambda y: y["flows"][2]["steps"][0].update(id="fingerprint")
        ),
        ["simulator.yaml", "flows[2]", "steps[0]", "id", "허용된 값"],
    ),
    (
        "simulator flow wants an unknown menu",
        lambda d: edit_yaml(d, "simulator.yaml", lambda y: y["flows"][0].update(menu="renew2")),
        ["simulator.yaml", "id=issuance", "menu", "center_menu"],
    ),
    (
        "simulator flow quotes an unknown section",
        lambda d: edit_yaml(
            d, "simulator.yaml", lambda y: y["flows"][1]["quotes"].append("sec-9-9")
        ),
        ["simulator.yaml", "id=reissuance", "quotes", "sec-9-9"],
    ),
    (
        "simulator password rule without texts",
        lambda d: edit_yaml(d, "simulator.yaml", lambda y: y["password_rules"].pop("forbidden")),
        ["simulator.yaml", "password_rules", "forbidden"],
    ),
    (
        "simulator text with an unbalanced brace",
        lambda d: edit_yaml(
            d, "simulator.yaml", lambda y: y["texts"]["frame"].update(step_done="'{title' 끝")
        ),
        ["simulator.yaml", "frame.step_done", "중괄호"],
    ),
]


@pytest.mark.parametrize("breakage", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_content_fails_clearly(data_copy: Path, capsys, breakage):
    _, breaker, expected = breakage
    breaker(data_copy)
    assert main(["validate", "--data", str(data_copy)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    problem_lines = [line for line in err.splitlines() if line.startswith("  - ")]
    assert any(all(part in line for part in expected) for line in problem_lines), err
    assert all(" / " in line for line in problem_lines), "every problem in Korean and English"


def test_every_problem_is_listed_not_just_the_first(data_copy: Path):
    edit_yaml(data_copy, "faq.yaml", lambda y: y["faq"][0].pop("question"))
    edit_yaml(data_copy, "cautions.yaml", lambda y: y["cautions"][1].pop("text"))
    _, problems = validate_dir(data_copy)
    assert {(p.item, p.field) for p in problems} >= {
        (f"faq[0] (id={FAQ})", "question"),
        (f"cautions[1] (id={C.cautions[1].id})", "text"),
    }


def test_command_line_has_no_traceback_on_missing_folder(tmp_path: Path):
    run = subprocess.run(
        [sys.executable, "-m", "certtraining", "validate", "--data", str(tmp_path / "absent")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1
    assert "폴더가 없습니다" in run.stderr and "Traceback" not in run.stderr


def test_loader_raises_content_error_and_reloads_after_a_fix(data_copy: Path):
    replace_text(data_copy, "faq.yaml", "number: 1", "number: one")
    with pytest.raises(ContentError) as caught:
        load_content(data_copy)
    assert "faq.yaml" in str(caught.value)
    replace_text(data_copy, "faq.yaml", "number: one", "number: 1")
    assert load_content(data_copy).faqs[0].number == 1


def test_data_env_points_at_another_folder(data_copy: Path, monkeypatch):
    edit_yaml(data_copy, "course.yaml", lambda y: y.update(title="다른 과정"))
    monkeypatch.setenv("CERTTRAINING_DATA", str(data_copy))
    assert load_content().course.title == "다른 과정"
