"""``certtraining report`` and ``certtraining progress export|import`` on a synthetic class."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from certtraining.cli.main import main
from certtraining.notebook.plan import course_plan
from certtraining.notebook.synthetic import synthetic_class
from certtraining.progress import Attempt, ProgressStore
from certtraining.progress.store import close_stores
from certtraining.quiz import review_anchor
from tests.fixture_course import of_type

pytestmark = pytest.mark.usefixtures("course")

REPO = Path(__file__).resolve().parent.parent
CLASS_SIZE = 30


@pytest.fixture
def class_db(course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ProgressStore:
    """A synthetic class of the fixture course in a SQLite file that CERTTRAINING_DB names."""
    url = f"sqlite:///{tmp_path / 'class.db'}"
    monkeypatch.setenv("CERTTRAINING_DB", url)
    store = ProgressStore(url)
    store.import_records(list(synthetic_class(course_plan(), CLASS_SIZE)))
    yield store
    store.close()
    close_stores()


def documented_columns(table: str) -> list[str]:
    """The column names docs/scoring.md lists under ``### <table>``."""
    text = (REPO / "docs" / "scoring.md").read_text(encoding="utf-8")
    block = text.split(f"### {table}", 1)[1].split("\n### ", 1)[0].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", block, flags=re.MULTILINE)


def test_report_prints_the_class_summary_and_the_item_analysis(
    class_db: ProgressStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report"]) == 0
    out = capsys.readouterr().out
    summary, items = out.split("## 문항 분석")
    learners = class_db.learners()
    assert f"## 학급 요약 / class summary ({len(learners)})" in summary
    assert all(learner in summary for learner in learners)
    assert "진도(%)" in summary and "최종 평가(%)" in summary
    assert "첫 시도 정답(%)" in items and "가장 많이 고른 오답" in items
    assert "⚠ 확인" in items  # the synthetic class has a question most learners miss
    assert all(question in items for question in course_plan().questions)


@pytest.mark.parametrize("what", ["summary", "items", "flags"])
def test_each_csv_opens_in_pandas_with_the_documented_columns(
    class_db: ProgressStore, tmp_path: Path, what: str
) -> None:
    out = tmp_path / f"{what}.csv"
    assert main(["report", "--what", what, "--format", "csv", "--out", str(out)]) == 0
    frame = pd.read_csv(out)
    documented = documented_columns(what)
    if what == "summary":
        lessons = [c for c in frame.columns if c.startswith("mastery_")]
        assert lessons == [
            f"mastery_{lesson.id}" for lesson in course_plan().lessons if lesson.questions
        ]
        documented = [c for c in documented if c != "mastery_<lesson>"]
        assert [c for c in frame.columns if c not in lessons] == documented
        assert sorted(frame["learner"]) == class_db.learners()
        assert frame["progress_pct"].between(0, 100).all()
    elif what == "flags":  # the synthetic class leaves a few notes, never names
        assert list(frame.columns) == documented
        assert len(frame) and frame["note"].notna().all() and frame["current_wording"].all()
        assert not set(class_db.learners()) & set(" ".join(frame["note"]).split())
    else:
        assert list(frame.columns) == documented
        assert set(frame["question_id"]) <= set(course_plan().questions)
        assert frame["confusing"].dtype == bool and frame["confusing"].any()
        assert frame["first_try_correct_pct"].between(0, 100).all()


def test_csv_to_stdout_and_table_to_a_file(
    class_db: ProgressStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--what", "items", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split(",") == documented_columns("items")
    out = tmp_path / "report.txt"
    assert main(["report", "--out", str(out)]) == 0
    assert "## 학급 요약" in out.read_text(encoding="utf-8")


def test_xlsx_has_one_sheet_per_table(class_db: ProgressStore, tmp_path: Path) -> None:
    out = tmp_path / "class.xlsx"
    assert main(["report", "--format", "xlsx", "--out", str(out)]) == 0
    sheets = pd.read_excel(out, sheet_name=None)
    assert set(sheets) == {"summary", "items", "flags"}
    assert list(sheets["items"].columns) == documented_columns("items")
    assert len(sheets["summary"]) == len(class_db.learners())


def test_csv_needs_one_table_and_xlsx_a_file(
    class_db: ProgressStore, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--format", "csv"]) == 1
    assert "--what summary, items, flags" in capsys.readouterr().err
    assert main(["report", "--format", "xlsx"]) == 1
    assert "--out" in capsys.readouterr().err


def test_an_empty_store_reports_that_there_is_nothing_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'empty.db'}")
    assert main(["report"]) == 0
    assert capsys.readouterr().out.count("아직 기록이 없습니다") == 3


# ---------------------------------------------------------------------- export / import


def jsonl_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_then_import_into_another_store_is_complete_and_idempotent(
    class_db: ProgressStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    exported = tmp_path / "class.jsonl"
    assert main(["progress", "export", "--out", str(exported)]) == 0
    lines = jsonl_lines(exported)
    kinds = ("attempt", "lesson", "exam", "practice", "flag")
    assert class_db.count("flag") > 0  # the synthetic class flags a few questions
    assert len(lines) == sum(class_db.count(k) for k in kinds)
    assert all(len(line["uuid"]) == 36 for line in lines)

    target = f"sqlite:///{tmp_path / 'teacher.db'}"
    monkeypatch.setenv("CERTTRAINING_DB", target)
    assert main(["progress", "import", str(exported)]) == 0
    assert main(["progress", "import", str(exported), str(exported)]) == 0
    teacher = ProgressStore(target)
    assert teacher.count() == class_db.count()
    assert teacher.count("exam") == class_db.count("exam")
    assert teacher.flags() == class_db.flags()
    assert {a.uuid for a in teacher.attempts()} == {a.uuid for a in class_db.attempts()}
    assert teacher.summarise("학습자-002", course_plan()) == class_db.summarise(
        "학습자-002", course_plan()
    )
    teacher.close()


def test_export_of_one_learner_accepts_decomposed_hangul(
    class_db: ProgressStore, tmp_path: Path
) -> None:
    out = tmp_path / "one.jsonl"
    name = unicodedata.normalize("NFD", "학습자-003")
    assert main(["progress", "export", "--learner", name, "--out", str(out)]) == 0
    lines = jsonl_lines(out)
    assert lines and {line["learner"] for line in lines} == {"학습자-003"}


def test_merging_learners_files_from_a_class_without_a_server(
    course, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    question = of_type(course, "single")
    anchor = review_anchor(question)
    files = []
    for learner in ["김민수", "이서연"]:
        url = f"sqlite:///{tmp_path / (learner + '.db')}"
        monkeypatch.setenv("CERTTRAINING_DB", url)
        store = ProgressStore(url)
        store.record(Attempt.new(learner, question.id, "x", False))
        store.record(Attempt.new(learner, question.id, "y", True))
        store.close()
        files.append(tmp_path / f"{learner}.jsonl")
        assert main(["progress", "export", "--out", str(files[-1])]) == 0
    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'teacher.db'}")
    assert main(["progress", "import", *map(str, files)]) == 0
    assert "새 기록 2개" in capsys.readouterr().out
    assert main(["report", "--what", "items", "--format", "csv"]) == 0
    items = capsys.readouterr().out
    row = f"{question.id},{anchor.lesson},{anchor.section},2,0.0,2.0,"
    assert items.splitlines()[1].startswith(row)


def test_a_malformed_line_names_file_and_line_and_imports_nothing_from_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    store = ProgressStore(source)
    for n in range(3):
        store.record(Attempt.new("학습자", f"q-{n}", "x", True))
    store.close()
    monkeypatch.setenv("CERTTRAINING_DB", source)
    good = tmp_path / "good.jsonl"
    assert main(["progress", "export", "--out", str(good)]) == 0
    lines = good.read_text(encoding="utf-8").splitlines()
    broken_json = tmp_path / "broken.jsonl"
    broken_json.write_text("\n".join([lines[0], "{not json", lines[1]]) + "\n", encoding="utf-8")
    bad_field = tmp_path / "bad-field.jsonl"
    record = json.loads(lines[2])
    record["learner"] = "010-1234-5678"
    bad_field.write_text(lines[0] + "\n\n" + json.dumps(record, ensure_ascii=False) + "\n")

    monkeypatch.setenv("CERTTRAINING_DB", f"sqlite:///{tmp_path / 'teacher.db'}")
    assert main(["progress", "import", str(broken_json), str(bad_field), str(good)]) == 1
    captured = capsys.readouterr()
    assert f"{broken_json}:2: JSON으로 읽을 수 없는 줄입니다" in captured.err
    assert f"{bad_field}:3:" in captured.err and "전화번호" in captured.err
    assert captured.err.count("아무것도 가져오지 않았습니다") == 2
    assert "Traceback" not in captured.err
    teacher = ProgressStore()
    assert teacher.count() == 3  # only the good file's records
    teacher.close()


def test_commands_are_registered_in_the_course_cli() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "certtraining", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ},
    )
    assert "report" in result.stdout and "progress" in result.stdout
