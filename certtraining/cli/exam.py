"""``certtraining exam preview --learner ID``: the final-assessment paper a learner gets.

For teaching staff: the question ids and stems in paper order, each with the blueprint part
it was drawn for. The paper is the one the learner's exam notebook draws (same seed), and
shows no answer.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    exam = subparsers.add_parser("exam", help="최종 평가 도구 / final assessment tools")
    actions = exam.add_subparsers(dest="exam_command", required=True)
    preview = actions.add_parser(
        "preview",
        help="그 학습자가 받는 시험지 미리 보기 (강사용) / the paper a learner gets",
    )
    preview.add_argument("--learner", required=True, help="학습자 id (이름) / learner id")
    preview.add_argument("--data", default=None, help="content folder (default: the course's)")
    preview.set_defaults(handler=_preview)


def preview_lines(learner: str, data: str | None = None) -> list[str]:
    from pathlib import Path

    from certtraining.content import load_content
    from certtraining.learner import normalize_learner_id
    from certtraining.present.markup import to_text
    from certtraining.quiz.exam import exam_paper, paper_plan

    content = load_content(Path(data) if data else None, keys=False)
    learner = normalize_learner_id(learner)
    paper = exam_paper(learner, content)
    plan = paper_plan(content)
    prompts = {q.id: q for q in content.questions}
    lines = [
        f"최종 평가 시험지 / exam paper: {learner} ({len(paper.question_ids)}문항, "
        f"합격 기준 {content.course.pass_threshold}점)"
    ]
    for number, question_id in enumerate(paper.question_ids, start=1):
        item = prompts[question_id]
        part = next((p.label for p in plan.parts if question_id in p.members), "")
        stem = " ".join(to_text(item.prompt).split())
        lines.append(f"{number:>2}. {question_id} [{item.type_label} · {part}]")
        lines.append(f"    {stem}")
    return lines


def _preview(args: argparse.Namespace) -> int:
    for line in preview_lines(args.learner, args.data):
        print(line)
    return 0
