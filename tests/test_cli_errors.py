"""Every subcommand's mistakes reach the user through the one handler: ✗, a message, exit 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from certtraining.cli import main


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["handouts", "--no-execute", "no-such-lesson.ipynb"], "노트북 파일이 없습니다"),
        (["validate", "--data", "{tmp}/missing"], "폴더가 없습니다"),
        (["progress", "export", "--learner", "a\x07b", "--out", "{tmp}/x.jsonl"], "제어 문자"),
        (["questions", "export", "--format", "jupyterquiz", "--out", "{tmp}/f/q.json"], "{tmp}/f"),
    ],
)
def test_each_subcommand_reports_through_one_handler(argv, expected, tmp_path: Path, capsys):
    (tmp_path / "f").write_text("a file where a folder should be")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("✗ "), err
    assert expected.replace("{tmp}", str(tmp_path)) in err
    assert "Traceback" not in err
