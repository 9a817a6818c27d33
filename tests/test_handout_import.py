"""Answers exported from a learner handout: re-scored by the key on import, counted nowhere.

The browser half (answering, reloading, exporting) is tests/browser/test_handout_answers.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from certtraining.cli.main import main
from certtraining.progress.jsonl import ImportFileError, import_file
from certtraining.progress.records import Attempt
from certtraining.progress.store import ProgressStore, close_stores
from certtraining.quiz.checker import local_checker
from tests.fixture_course import of_type

UUIDS = ["5f0c6a52-1d7e-4c2b-9a3e-2b6f7c8d9e0a", "6a1d7b63-2e8f-4d3c-8b4f-3c7a8d9e0f1b"]


def line(question_id: str, answer: object, claimed: bool, uuid: str) -> str:
    return json.dumps(
        {
            "type": "attempt",
            "learner": "김민수",
            "question_id": question_id,
            "answer": answer,
            "correct": claimed,
            "mode": "practice",
            "lesson": None,
            "section": None,
            "attempt_no": 0,
            "uuid": uuid,
            "created_at": "2026-03-02T01:30:00.000Z",
            "self_reported": True,
        },
        ensure_ascii=False,
    )


def test_import_rescores_and_numbers_apart(
    course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'class.db'}")
    item = of_type(course, "single")
    right = local_checker(course).answer_key(item.id).canonical
    path = tmp_path / "answers.jsonl"
    path.write_text(
        line(item.id, "no-such-option", True, UUIDS[0])
        + "\n"
        + line(item.id, right, False, UUIDS[1])
        + "\n",
        encoding="utf-8",
    )
    assert main(["progress", "import", str(path)]) == 0
    assert "다시 채점" in capsys.readouterr().out
    store = ProgressStore()
    try:
        stored = store.attempts("김민수")
        assert [(a.correct, a.self_reported) for a in stored] == [(False, True), (True, True)]
        # The course's own first try is still try 1: handout answers are numbered apart.
        own = store.record(Attempt.new("김민수", item.id, right, True))
        assert isinstance(own, Attempt) and own.attempt_no == 1
    finally:
        store.close()
        close_stores()


def test_unknown_question_or_no_key_refuses_the_file(course, tmp_path: Path) -> None:
    store = ProgressStore(f"sqlite:///{tmp_path / 'p.db'}")
    path = tmp_path / "answers.jsonl"
    path.write_text(line("q-fx-single", "a", True, UUIDS[0]) + "\n", encoding="utf-8")
    try:
        with pytest.raises(ImportFileError, match="정답 열쇠"):
            import_file(store, path)  # no rescorer: a handout's own verdict is never trusted
        assert store.count() == 0
    finally:
        store.close()


def test_an_answer_to_a_question_the_course_lacks_is_refused(
    course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'class.db'}")
    path = tmp_path / "answers.jsonl"
    path.write_text(line("q-gone", "a", True, UUIDS[0]) + "\n", encoding="utf-8")
    try:
        assert main(["progress", "import", str(path)]) == 1
        assert "q-gone" in capsys.readouterr().err
        assert ProgressStore().count() == 0
    finally:
        close_stores()
