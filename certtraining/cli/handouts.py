"""``certtraining handouts [NOTEBOOK...] [--out DIR] [--answers] [--no-execute]``.

What ``make handouts`` runs. Heavy imports (nbconvert, nbclient) wait for the handler so
``certtraining --help`` stays fast.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "handouts",
        help="수업 유인물(HTML) 만들기 / build self-contained HTML handouts",
        description=(
            "수업 노트북을 실행해 인쇄용 HTML 유인물과 index.html을 만듭니다. "
            "Executes the lesson notebooks (throw-away progress store, demo learner) and "
            "writes one self-contained HTML handout per lesson plus index.html."
        ),
    )
    parser.add_argument(
        "notebooks",
        nargs="*",
        metavar="NOTEBOOK",
        help="노트북 파일 (기본: 과정의 모든 수업) / notebooks (default: every lesson)",
    )
    parser.add_argument(
        "--out",
        default=None,
        help="출력 폴더 (기본: build/handouts/, --answers 면 build/handouts-instructor/)",
    )
    parser.add_argument(
        "--answers",
        action="store_true",
        help="강사용: 정답, 해설, 강사 노트, 정답표 포함 / instructor copy with the key",
    )
    parser.add_argument(
        "--no-execute",
        action="store_true",
        help="저장된 출력 그대로 사용 / use the saved outputs instead of executing",
    )
    parser.set_defaults(handler=_handouts)


def _handouts(args: argparse.Namespace) -> int:
    from certtraining.handout.build import (
        HandoutCopy,
        ProgressBar,
        build_handouts,
        default_out_dir,
        lesson_notebooks,
    )

    notebooks = [Path(p) for p in args.notebooks] or lesson_notebooks()
    out_dir = Path(args.out) if args.out else default_out_dir(args.answers)
    progress = ProgressBar() if len(notebooks) > 1 else None
    sizes: list[tuple[Path, int]] = []
    written = build_handouts(
        notebooks,
        [HandoutCopy(out_dir, answers=args.answers)],
        execute=not args.no_execute,
        progress=progress,
        on_written=lambda path, font_bytes: sizes.append((path, font_bytes)),
    )
    files = written[out_dir]
    # After the build, not during it: the progress bar owns the terminal line until then.
    for path, font_bytes in sizes:
        print(f"wrote {path} (한글 글꼴 +{font_bytes / 1024:.1f} KB / embedded Korean font subset)")
    kind = "강사용" if args.answers else "학습자용"
    print(f"✓ {kind} 유인물 {len(files) - 1}개 / {len(files) - 1} handout(s) in {out_dir}")
    return 0
