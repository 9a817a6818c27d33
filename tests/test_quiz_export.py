"""`certtraining questions export --format jupyterquiz`: real jupyterquiz loads and shows it.

Runs on the fixture course; the same export answered in Chromium is
``tests/browser/test_jupyterquiz.py``.
"""

from __future__ import annotations

import json

import pytest

from certtraining import quiz
from certtraining.cli.main import main
from certtraining.content.loader import load_content
from certtraining.content.questions import MultipleChoice, SingleChoice, TrueFalse
from certtraining.present.markup import to_text
from certtraining.quiz.export import jupyterquiz_questions
from tests.fixture_course import FIXTURE_COURSE, fixture_content, of_type

pytestmark = pytest.mark.usefixtures("course")
pytest_plugins = ["tests.quiz_export_support"]


def exportable() -> list:
    whole = quiz.local_checker().authored_questions()
    return [q for q in whole if isinstance(q, SingleChoice | MultipleChoice | TrueFalse)]


def test_export_holds_every_choice_question_with_its_key_and_feedback(exported):
    data = json.loads(exported.read_text(encoding="utf-8"))
    items = exportable()
    assert len(data) == len(items)
    for entry, item in zip(data, items, strict=True):
        assert entry["type"] == (
            "many_choice" if isinstance(item, MultipleChoice) else "multiple_choice"
        )
        correct = [a for a in entry["answers"] if a["correct"]]
        if isinstance(item, MultipleChoice):
            assert len(correct) == len(item.answer)
        else:
            assert len(correct) == 1
        assert all(a["feedback"] for a in entry["answers"])
    single = of_type(fixture_content(), "single")
    entry = data[[q.id for q in items].index(single.id)]
    right = next(c.text for c in single.choices if c.id == single.answer)
    assert [a["answer"] for a in entry["answers"] if a["correct"]] == [to_text(right)]


def test_export_to_stdout_and_unwritable_file(capsys, tmp_path):
    assert main(["questions", "export", "--format", "jupyterquiz"]) == 0
    assert json.loads(capsys.readouterr().out) == jupyterquiz_questions()
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert (
        main(["questions", "export", "--format", "jupyterquiz", "--out", str(blocker / "q.json")])
        == 1
    )
    err = capsys.readouterr().err
    assert "쓸 수 없습니다: " in err and str(blocker) in err and "Traceback" not in err
    with pytest.raises(SystemExit):
        main(["questions", "export", "--format", "moodle"])


def test_raw_html_in_the_bank_is_escaped_in_the_export():
    content = load_content(FIXTURE_COURSE)
    assert any("<script>alert(1)</script>" in q.prompt for q in content.questions)
    exported = jupyterquiz_questions(content)
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in e["question"] for e in exported)
    assert not any("<script" in json.dumps(e, ensure_ascii=False) for e in exported)


def test_jupyterquiz_loads_and_displays_the_export(jupyterquiz_outputs, exported):
    kinds = [set(o.get("data", {})) for o in jupyterquiz_outputs]
    assert {"text/html"} <= kinds[0] and "application/javascript" in kinds[1]
    assert "errorname" not in json.dumps(jupyterquiz_outputs)
    script = jupyterquiz_outputs[1]["data"]["application/javascript"]
    questions = json.loads(script.split("=", 1)[1].split(";\n\nif (typeof Question", 1)[0])
    assert questions == json.loads(exported.read_text(encoding="utf-8"))
