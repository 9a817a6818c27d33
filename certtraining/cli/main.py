"""The ``certtraining`` command. Each subcommand lives in its own module and loads lazily.

Errors reach teaching staff as one readable message and exit code 1, never a traceback:
subcommands raise :class:`~certtraining.errors.UserError` (or let one through) and
:func:`main` is the only place that prints it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from certtraining.errors import UserError

Handler = Callable[[argparse.Namespace], int]

# Modules that add subcommands with a ``register(subparsers)`` function; each keeps its
# heavy imports inside its handlers so ``certtraining --help`` stays fast.
SUBCOMMAND_MODULES: list[str] = [
    "certtraining.cli.handouts",
    "certtraining.cli.questions",
    "certtraining.cli.progress",
    "certtraining.cli.exam",
    "certtraining.cli.review",
    "certtraining.cli.certificate",
    "certtraining.cli.classroom",
]


def _validate(args: argparse.Namespace) -> int:
    from certtraining.content.loader import validate_dir
    from certtraining.settings import default_data_dir

    folder = Path(args.data) if args.data else default_data_dir()
    content, problems = validate_dir(folder)
    if problems:
        print(
            f"✗ 문제 {len(problems)}개 / {len(problems)} problem(s) in {folder}:", file=sys.stderr
        )
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    assert content is not None
    from certtraining.content.bank_warnings import warnings

    found = warnings(content)
    print(
        f"✓ 내용이 올바릅니다 / content is valid: {len(content.lessons)} lessons, "
        f"{len(content.sections())} sections, {len(content.cautions)} cautions, "
        f"{len(content.faqs)} FAQ, {len(content.today_notes)} today notes"
        f", {len(content.questions)} questions, {len(content.glossary_terms)} glossary, "
        f"{len(content.lesson_notes)} instructor_notes"
    )
    if found:
        print(f"⚠ 살펴볼 점 {len(found)}개 (검사는 통과) / {len(found)} warning(s), not errors:")
        for warning in found:
            print(f"  - {warning}")
    return 0


def _lab(args: argparse.Namespace) -> int:
    from certtraining.notebook.lab import run_lab

    return run_lab(port=args.port, token=args.token, open_browser=not args.no_browser)


def _app(args: argparse.Namespace) -> int:
    from certtraining.notebook.app import run_app

    return run_app(port=args.port, open_browser=not args.no_browser)


def _init(args: argparse.Namespace) -> int:
    from certtraining.notebook.workspace import default_folder, init_workspace, restore_lesson

    folder = Path(args.folder) if args.folder else default_folder()
    lines = (
        restore_lesson(folder, args.restore) if args.restore else init_workspace(folder)
    ).lines()
    print("\n".join(lines))
    return 0


def _build_notebooks(args: argparse.Namespace) -> int:
    from certtraining.notebook.build import build_all

    for path in build_all(run=args.execute, only=args.lesson or None):
        print(f"wrote {path.name}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="certtraining", description="인증서 발급·재발급 교육 과정 도구 / course tools"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    lab = sub.add_parser("lab", help="JupyterLab으로 과정 열기 / open the course in JupyterLab")
    lab.add_argument("--port", type=int, default=None)
    lab.add_argument("--token", default=None)
    lab.add_argument("--no-browser", action="store_true")
    lab.set_defaults(handler=_lab)

    app = sub.add_parser(
        "app", help="학습 앱으로 과정 열기 (코드 없이) / open the code-free learner app"
    )
    app.add_argument("--port", type=int, default=None)
    app.add_argument("--no-browser", action="store_true")
    app.set_defaults(handler=_app)

    init = sub.add_parser(
        "init", help="수업을 작업 폴더로 복사·갱신 / copy or update the lessons in a working folder"
    )
    init.add_argument(
        "folder", nargs="?", default=None, metavar="DIR", help="default: ./certtraining-course"
    )
    init.add_argument(
        "--restore",
        metavar="LESSON",
        default=None,
        help="이 수업을 원래대로 되돌리기 / bring back the original of this lesson",
    )
    init.set_defaults(handler=_init)

    validate = sub.add_parser("validate", help="내용 파일 검사 / check content files")
    validate.add_argument("--data", default=None, help="content folder (default: the course's)")
    validate.set_defaults(handler=_validate)

    build = sub.add_parser("build-notebooks", help="data/에서 노트북 다시 만들기 (개발용)")
    build.add_argument("--execute", action="store_true", help="run them so outputs are saved")
    build.add_argument("--lesson", action="append", help="only this lesson id (repeatable)")
    build.set_defaults(handler=_build_notebooks)

    for module_name in SUBCOMMAND_MODULES:
        importlib.import_module(module_name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except UserError as exc:
        print(f"✗ {exc}", file=sys.stderr)
    except OSError as exc:
        where = exc.filename or ""
        print(
            f"✗ 파일을 읽거나 쓸 수 없습니다: {where} ({exc.strerror or exc}) "
            f"/ cannot read or write {where}",
            file=sys.stderr,
        )
    except KeyboardInterrupt:
        return 130
    return 1


if __name__ == "__main__":
    sys.exit(main())
