"""``certtraining review [--learner ID] [--on DATE]``: what a learner has to review that day.

The schedule is the one 오늘의 복습 shows in JupyterLab (certtraining.progress.review over
the store ``CERTTRAINING_DB`` names). Errors are UserErrors for the one handler in cli.main.
"""

from __future__ import annotations

import argparse
import datetime as dt

from certtraining.errors import UserError


class ReviewDateError(UserError, ValueError):
    """``--on`` is not a date."""


def register(subparsers: argparse._SubParsersAction) -> None:
    review = subparsers.add_parser(
        "review",
        help="오늘의 복습: 복습할 때가 된 문항 / questions due for review",
        description="학습자가 그날 복습할 문항(문항 id와 문제)을 보여 줍니다. 저장소: CERTTRAINING_DB.",
    )
    review.add_argument(
        "--learner", default=None, help="학습자 id (기본: 레슨과 같은 방법으로 정한 이름)"
    )
    review.add_argument(
        "--on", default=None, help="이 날짜 기준, YYYY-MM-DD (기본: 오늘, 한국 시간)"
    )
    review.set_defaults(handler=_review)


def parse_day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise ReviewDateError(
            f"날짜 형식이 올바르지 않습니다: {raw[:40]!r} (예: 2026-03-02) / invalid date"
        ) from None


def _stem(prompt: str, width: int = 80) -> str:
    from certtraining.present.markup import to_text

    line = " ".join(to_text(prompt).split())
    return line if len(line) <= width else line[: width - 1] + "…"


def due_listing(learner: str, day: dt.date) -> str:
    """The text ``certtraining review`` prints."""
    from certtraining.content import load_content
    from certtraining.progress.review import due_on
    from certtraining.progress.store import ProgressStore

    content = load_content()
    prompts = {item.id: item.prompt for item in content.questions}
    store = ProgressStore()
    try:
        attempts = store.attempts(learner)
    finally:
        store.close()
    due = due_on(attempts, day, known=prompts)
    if not due:
        return f"{learner} 님: {day.isoformat()}에 복습할 문항이 없습니다.\n"
    lines = [f"{learner} 님: {day.isoformat()}에 복습할 문항 {len(due)}개"]
    for item in due:
        late = (day - item.due_day).days
        when = "오늘" if late == 0 else f"{late}일 지남"
        lines.append(f"- {item.question_id} ({when}): {_stem(prompts[item.question_id])}")
    return "\n".join(lines) + "\n"


def _review(args: argparse.Namespace) -> int:
    from certtraining.learner import resolve_learner
    from certtraining.progress.records import check_learner
    from certtraining.progress.review import today

    learner = check_learner(args.learner if args.learner is not None else resolve_learner())
    day = parse_day(args.on) if args.on is not None else today()
    print(due_listing(learner, day), end="")
    return 0
