"""A learner handout keeps its answers: answered in Chromium, reloaded, exported, imported.

One page holding every question of the bank (as tests/browser/test_handouts.py builds it,
without executing any lesson), opened from disk. The export goes through the real
`certtraining progress import` into a throw-away store, and the class report shows the
answers as self-reported, re-scored by the key and counted nowhere else.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from certtraining import quiz
from certtraining.cli.main import main
from certtraining.handout.build import export_handout
from certtraining.notebook.plan import course_plan
from certtraining.progress.store import ProgressStore, close_stores
from tests.browser.test_handouts import bank_notebook

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

NAME = "김민수"


def first_of(kind: str) -> str:
    return next(item.id for item in quiz.questions() if item.type == kind)


def right_key(question_id: str) -> str:
    return quiz.checker.local_checker().answer_key(question_id).canonical


@pytest.fixture(scope="module")
def handout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("handout-answers")
    body, _ = export_handout(bank_notebook(), folder / "bank.ipynb", answers=False)
    page = folder / "bank.html"
    page.write_text(body, encoding="utf-8")
    return page


def box(page: Page, question_id: str):
    return page.locator(f'.ct-quiz[data-qid="{question_id}"]')


def answer(page: Page, question_id: str, *keys: str, check: bool = True) -> None:
    quiz_box = box(page, question_id)
    for pick in quiz_box.locator('input.ct-pick[type="checkbox"]').all():
        if pick.is_checked() and pick.get_attribute("value") not in keys:
            pick.uncheck()
    for key in keys:
        quiz_box.locator(f'input.ct-pick[value="{key}"]').check()
    if check:
        quiz_box.locator(".ct-check").click()


def test_answers_are_kept_exported_and_imported_as_self_reported(
    chromium: Browser,
    handout: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    single, ox, multiple = first_of("single"), first_of("ox"), first_of("multiple")
    single_right = right_key(single)
    choices = quiz.public_view(quiz.question(single)).choices
    single_wrong = next(option.key for option in choices if option.key != single_right)
    ox_right = right_key(ox)
    multiple_pick = right_key(multiple).split(",")[:1]

    context = chromium.new_context(accept_downloads=True, viewport={"width": 1000, "height": 1400})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(handout.as_uri())
        bar = page.locator(".ct-answers-bar")
        assert bar.is_visible()
        bar.locator(".ct-answers-name").fill(NAME)
        answer(page, single, single_wrong)
        answer(page, single, single_right)
        answer(page, ox, ox_right)
        answer(page, multiple, *multiple_pick, check=False)  # picked, not checked yet

        page.reload()
        assert bar.locator(".ct-answers-name").input_value() == NAME
        single_box = box(page, single)
        assert single_box.locator(f'input.ct-pick[value="{single_right}"]').is_checked()
        assert "정답입니다" in single_box.locator(".ct-result").inner_text()
        assert box(page, ox).locator(f'input.ct-pick[value="{ox_right}"]').is_checked()
        multiple_box = box(page, multiple)
        assert multiple_box.locator(f'input.ct-pick[value="{multiple_pick[0]}"]').is_checked()
        assert multiple_box.locator(".ct-result").is_hidden()

        page.emulate_media(media="print")
        assert bar.is_hidden() and single_box.locator(".ct-controls").is_hidden()
        page.emulate_media(media="screen")

        with page.expect_download() as download:
            bar.locator(".ct-answers-export").click()
        exported = tmp_path / "answers.jsonl"
        download.value.save_as(exported)
        assert "3개" in bar.locator(".ct-answers-status").inner_text()

        bar.locator(".ct-answers-clear").click()
        page.reload()
        assert not single_box.locator("input.ct-pick:checked").count()
        assert bar.locator(".ct-answers-name").input_value() == NAME  # typed once
        bar.locator(".ct-answers-export").click()
        assert "아직 확인한 답이 없습니다" in bar.locator(".ct-answers-status").inner_text()
        assert not errors
    finally:
        context.close()

    lines = [json.loads(line) for line in exported.read_text(encoding="utf-8").splitlines()]
    assert [line["question_id"] for line in lines] == [single, single, ox]
    assert all(line["self_reported"] is True and line["learner"] == NAME for line in lines)
    assert len({line["uuid"] for line in lines}) == 3
    assert [line["correct"] for line in lines] == [False, True, True]
    assert all("canonical" not in json.dumps(line) for line in lines)
    for line in lines:  # the import re-scores: what the page claimed is not trusted
        line["correct"] = True
    exported.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), "utf-8")

    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'class.db'}")
    try:
        assert main(["progress", "import", str(exported)]) == 0
        assert "새 기록 3개" in capsys.readouterr().out
        assert main(["progress", "import", str(exported)]) == 0
        assert "새 기록 0개" in capsys.readouterr().out
        report = tmp_path / "summary.csv"
        assert main(["report", "--what", "summary", "--format", "csv", "--out", str(report)]) == 0
        (row,) = list(csv.DictReader(report.open(encoding="utf-8-sig")))
        assert (row["learner"], row["self_reported"], row["self_reported_correct"]) == (
            NAME,
            "3",
            "2",
        )
        assert float(row["progress_pct"]) == 0.0
        store = ProgressStore()
        try:
            attempts = store.attempts(NAME)
            assert [a.correct for a in attempts if a.question_id == single] == [False, True]
            assert store.summarise(NAME, course_plan()).questions == {}
        finally:
            store.close()
    finally:
        close_stores()
