"""``certtraining questions export --format jupyterquiz|qti [--out FILE]``.

An instructor's export of the bank (it holds the key): ``jupyterquiz`` JSON so staff can reuse
the questions in a Jupyter Book, ``qti`` an IMS QTI 2.1 content package (zip) for an LMS's item
bank. Without ``--out`` the file goes to standard output.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import zipfile
from pathlib import Path
from typing import Any

from certtraining.errors import UserError

FORMATS = ("jupyterquiz", "qti")


def register(subparsers: Any) -> None:
    questions = subparsers.add_parser("questions", help="문제 은행 도구 / question bank tools")
    actions = questions.add_subparsers(dest="questions_command", required=True)
    export = actions.add_parser(
        "export",
        help="문제 은행을 다른 형식으로 내보내기 (정답 포함, 강사용) / export the bank (with key)",
    )
    export.add_argument("--format", required=True, choices=FORMATS, help="jupyterquiz | qti")
    export.add_argument("--out", default=None, help="output file (default: standard output)")
    export.set_defaults(handler=_export)


def _export(args: argparse.Namespace) -> int:
    if args.format == "qti" and args.out is None and sys.stdout.isatty():
        raise UserError(
            "QTI는 zip 파일입니다: --out FILE 을 지정해 주세요 / QTI is a zip: use --out"
        )
    from certtraining.quiz.checker import CheckUnavailable
    from certtraining.quiz.export import jupyterquiz_questions
    from certtraining.quiz.qti import qti_package

    try:
        if args.format == "qti":
            data = qti_package()
            count = len(zipfile.ZipFile(io.BytesIO(data)).namelist()) - 1  # less the manifest
        else:
            exported = jupyterquiz_questions()
            data = (json.dumps(exported, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            count = len(exported)
    except CheckUnavailable as exc:  # worded for the teacher, printed by the one handler
        raise UserError(
            "정답 정보 없이 읽은 내용(CERTTRAINING_KEYS=off)은 내보낼 수 없습니다 / "
            "the export holds the keys; content was loaded without them"
        ) from exc
    if args.out is None:
        if args.format == "qti":
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data.decode("utf-8"))
        return 0
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(f"✓ {count}문항을 내보냈습니다 (정답 포함, 강사용) / exported {count} questions: {out}")
    return 0
