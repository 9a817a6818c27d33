"""``certtraining questions export --format jupyterquiz [--out FILE]``.

An instructor's export of the bank (it holds the key), so staff can reuse the questions in a
Jupyter Book. Without ``--out`` the JSON goes to standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from certtraining.errors import UserError

FORMATS = ("jupyterquiz",)


def register(subparsers: Any) -> None:
    questions = subparsers.add_parser("questions", help="문제 은행 도구 / question bank tools")
    actions = questions.add_subparsers(dest="questions_command", required=True)
    export = actions.add_parser(
        "export",
        help="문제 은행을 다른 형식으로 내보내기 (정답 포함, 강사용) / export the bank (with key)",
    )
    export.add_argument("--format", required=True, choices=FORMATS, help="jupyterquiz")
    export.add_argument("--out", default=None, help="output file (default: standard output)")
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    from certtraining.quiz.checker import CheckUnavailable
    from certtraining.quiz.export import jupyterquiz_questions

    try:
        exported = jupyterquiz_questions()
    except CheckUnavailable as exc:  # worded for the teacher, printed by the one handler
        raise UserError(
            "정답 정보 없이 읽은 내용(CERTTRAINING_KEYS=off)은 내보낼 수 없습니다 / "
            "the export holds the keys; content was loaded without them"
        ) from exc
    text = json.dumps(exported, ensure_ascii=False, indent=2) + "\n"
    if args.out is None:
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    count = text.count('"question":')
    print(f"✓ {count}문항을 내보냈습니다 (정답 포함, 강사용) / exported {count} questions: {out}")
    return 0
