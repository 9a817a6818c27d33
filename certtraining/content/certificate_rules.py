"""Rules for the 수료증 rule (``course.yaml`` › ``certificate``).

Pydantic already refuses a requirement it does not know; these rules catch what only the
whole course shows: a requirement named twice, and ``final_passed`` in a course without a
final assessment (nothing could ever meet it, so no certificate could be issued).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from certtraining.content.models import Content
from certtraining.content.problems import Problem

COURSE = "course.yaml"
WHERE = "certificate"


def certificate_rule(content: Content) -> Iterable[Problem]:
    rule = content.course.certificate
    if rule is None:
        return
    for name, count in Counter(rule.require).items():
        if count > 1:
            yield Problem(
                COURSE,
                WHERE,
                "require",
                f"같은 조건을 두 번 적었습니다: {name}",
                f"requirement {name!r} is listed twice",
            )
    has_exam = any(lesson.kind == "assessment" for lesson in content.lessons)
    if "final_passed" in rule.require and not has_exam:
        yield Problem(
            COURSE,
            WHERE,
            "require",
            "final_passed 조건에는 최종 평가 수업(kind: assessment)이 있어야 합니다. "
            "수업을 더하거나 조건을 지우세요",
            "final_passed needs a lesson of kind assessment",
        )


RULES = [certificate_rule]
