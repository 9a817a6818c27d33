"""`certtraining questions export --format jupyterquiz`: real jupyterquiz loads and shows it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from certtraining import quiz
from certtraining.cli.main import main
from certtraining.content.loader import load_content
from certtraining.content.questions import MultipleChoice, SingleChoice, TrueFalse
from certtraining.quiz.export import jupyterquiz_questions
from certtraining.settings import default_data_dir
from tests.helpers import CHROMIUM, CHROMIUM_ARGS, skip_unless_available


def exportable() -> list:
    whole = quiz.local_checker().authored_questions()
    return [q for q in whole if isinstance(q, SingleChoice | MultipleChoice | TrueFalse)]


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "bank" / "questions.json"
    assert main(["questions", "export", "--format", "jupyterquiz", "--out", str(out)]) == 0
    return out


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
    fee = data[[q.id for q in items].index("q-faq-fee")]
    assert [a["answer"] for a in fee["answers"] if a["correct"]] == ["1년에 4,400원(부가세 포함)"]


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


@pytest.mark.slow
def test_raw_html_in_the_bank_is_escaped_in_the_export(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(default_data_dir(), data)
    path = data / "questions.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "prompt: 인증서 발급을 시작하는 곳으로",
            "prompt: <script>alert(1)</script> 인증서 발급을 시작하는 곳으로",
        ),
        encoding="utf-8",
    )
    exported = jupyterquiz_questions(load_content(data))
    assert any("&lt;script&gt;alert(1)&lt;/script&gt;" in e["question"] for e in exported)
    assert not any("<script" in json.dumps(e, ensure_ascii=False) for e in exported)


@pytest.fixture(scope="module")
def jupyterquiz_outputs(exported) -> list[dict]:
    """What `display_quiz(<exported file>)` shows in a real kernel."""
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(
            f"from jupyterquiz import display_quiz\ndisplay_quiz({str(exported)!r})"
        )
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    return notebook.cells[0].outputs


def test_jupyterquiz_loads_and_displays_the_export(jupyterquiz_outputs, exported):
    kinds = [set(o.get("data", {})) for o in jupyterquiz_outputs]
    assert {"text/html"} <= kinds[0] and "application/javascript" in kinds[1]
    assert "errorname" not in json.dumps(jupyterquiz_outputs)
    script = jupyterquiz_outputs[1]["data"]["application/javascript"]
    questions = json.loads(script.split("=", 1)[1].split(";\n\nif (typeof Question", 1)[0])
    assert questions == json.loads(exported.read_text(encoding="utf-8"))


def test_jupyterquiz_export_renders_and_answers_in_chromium(jupyterquiz_outputs):
    skip_unless_available(CHROMIUM.exists(), f"needs Debian's Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    page_html = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"></head><body>'
        + jupyterquiz_outputs[0]["data"]["text/html"]
        + "<script>"
        + jupyterquiz_outputs[1]["data"]["application/javascript"]
        + "</script></body></html>"
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content(page_html)
            page.wait_for_selector(".MCButton")
            questions = page.locator(".Quiz")
            assert questions.count() == len(exportable())
            fee = page.locator(".Quiz", has_text="수수료는 얼마인가요")
            fee.locator(".MCButton", has_text="1년에 4,400원").click()
            feedback = fee.locator(".Feedback")
            assert "1년에 4,400원입니다" in feedback.inner_text()
        finally:
            browser.close()
