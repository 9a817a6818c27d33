"""Bank-wide warnings: patterns that let a learner guess instead of know.

None of these makes a question wrong, so ``certtraining validate`` prints them and still
passes; each names the questions to look at and what to change. They need the answer keys
(a course loaded without keys gets none of the key-based ones).

- The right choice is the longest in more than ``LONGEST_KEY_SHARE`` of single-choice items
  (by chance it would be about one in three or four).
- O/X keys lean one way: fewer than ``OX_MIN_SHARE`` of them are O, or fewer are X.
- A "모두 고르기" item with exactly one wrong option: the odd one out is the giveaway.
- Facts beyond the seed with no ``source`` of the question's own.
- Questions no lesson asks, or no exam paper can hold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from certtraining.content.blueprint import exam_plan
from certtraining.content.keys import authored
from certtraining.content.models import Content
from certtraining.content.outline import first_asked
from certtraining.content.problems import ContentWarning
from certtraining.content.questions import MultipleChoice, Question, SingleChoice, TrueFalse

FILE = "questions.yaml"
LONGEST_KEY_SHARE = 0.4
OX_MIN_SHARE = 1 / 3

Check = Callable[[Content], Iterable[ContentWarning]]


def _authored(content: Content) -> list[Question]:
    if content.answer_keys is None:
        return []
    return authored(content.questions, list(content.answer_keys))


def _ids(ids: list[str]) -> str:
    return ", ".join(ids)


def longest_key(content: Content) -> Iterable[ContentWarning]:
    singles = [q for q in _authored(content) if isinstance(q, SingleChoice)]
    longest = []
    for q in singles:
        right = next(c for c in q.choices if c.id == q.answer)
        others = [len(c.text) for c in q.choices if c.id != q.answer]
        if others and len(right.text) > max(others):
            longest.append(q.id)
    if singles and len(longest) > LONGEST_KEY_SHARE * len(singles):
        yield ContentWarning(
            FILE,
            "하나 고르기 문항 전체",
            "choices.text",
            f"하나 고르기 {len(singles)}문항 가운데 {len(longest)}문항에서 정답이 가장 긴 보기입니다 "
            f"({LONGEST_KEY_SHARE:.0%}를 넘음). 길이만 보고 맞힐 수 있으니 정답을 짧게 하거나 오답을 "
            f"자세히 쓰세요: {_ids(longest)}",
            f"the key is the longest choice in {len(longest)} of {len(singles)} single-choice "
            f"items (over {LONGEST_KEY_SHARE:.0%}): {_ids(longest)}",
        )


def ox_balance(content: Content) -> Iterable[ContentWarning]:
    ox = [q for q in _authored(content) if isinstance(q, TrueFalse)]
    if len(ox) < 3:
        return
    for letter, other in (("O", "X"), ("X", "O")):
        few = [q.id for q in ox if q.answer == letter]
        if len(few) < OX_MIN_SHARE * len(ox):
            many = [q.id for q in ox if q.answer == other]
            yield ContentWarning(
                FILE,
                "O/X 문항 전체",
                "answer",
                f"O/X {len(ox)}문항 가운데 정답이 {letter}인 것이 {len(few)}개뿐입니다. "
                f"'{other}'로 찍어도 대부분 맞으니, 정답이 {other}인 문항 몇 개를 {letter}가 "
                f"정답이 되도록 바꾸어 쓰세요: {_ids(many)}",
                f"only {len(few)} of {len(ox)} O/X keys are {letter}; rewrite some of: {_ids(many)}",
            )


def one_wrong_option(content: Content) -> Iterable[ContentWarning]:
    for q in _authored(content):
        if not isinstance(q, MultipleChoice):
            continue
        wrong = [c.id for c in q.choices if c.id not in q.answer]
        if len(wrong) == 1:
            yield ContentWarning(
                FILE,
                f"questions (id={q.id})",
                "choices",
                f"틀린 보기가 하나({wrong[0]})뿐이라 혼자 다른 것을 고르면 풀립니다. 틀린 보기를 "
                "하나 더 두세요",
                f"exactly one wrong option ({wrong[0]}): add another",
            )


def unsourced(content: Content) -> Iterable[ContentWarning]:
    """Questions on notes, cautions or today's sections (beyond the seed) with no ``source``.

    A warning for the whole bank until the questions carry sources of their own; the notes
    and cautions they test have theirs, but an explanation may say more.
    """
    today = {n.id for n in content.today_notes} | {c.id for c in content.cautions}
    today |= {s.id for s in content.sections() if s.origin == "today"}
    missing = [q.id for q in _authored(content) if not q.source and today & set(q.tests)]
    if missing:
        yield ContentWarning(
            FILE,
            "문항 전체",
            "source",
            f"원문 밖의 사실(참고 노트·유의사항)을 묻는데 source 가 없는 문항이 {len(missing)}개 "
            f"있습니다. 해설의 근거(기관, 문서 이름, 연도)를 source 에 적으세요: {_ids(missing)}",
            f"{len(missing)} question(s) on facts beyond the seed have no source: {_ids(missing)}",
        )


def unreached(content: Content) -> Iterable[ContentWarning]:
    asked = first_asked(content)
    never = [q.id for q in content.questions if q.id not in asked]
    if never:
        yield ContentWarning(
            FILE,
            "문항 전체",
            "tests",
            f"어느 수업에서도 묻지 않는 문항입니다(최종 평가에만 나올 수 있음): {_ids(never)}",
            f"asked in no lesson (only on exam papers): {_ids(never)}",
        )
    if content.course.blueprint is None:
        return
    drawn = {q for part in exam_plan(content).parts for q in part.members}
    off = [q.id for q in content.questions if q.id not in drawn]
    if off:
        yield ContentWarning(
            "course.yaml",
            "blueprint",
            "parts",
            f"blueprint 의 어느 부분에도 들지 않아 최종 평가에 나오지 않는 문항입니다: {_ids(off)}",
            f"in no blueprint part, so never on an exam paper: {_ids(off)}",
        )


CHECKS: list[Check] = [longest_key, ox_balance, one_wrong_option, unsourced, unreached]


def warnings(content: Content) -> list[ContentWarning]:
    """Every warning for a valid course (call after the problems are fixed)."""
    return [warning for check in CHECKS for warning in check(content)]
