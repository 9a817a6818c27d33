"""Cross-file rules for the question bank, run with the other content rules.

They catch what a teacher editing ``questions.yaml`` by hand is likely to get wrong: a copied
id, a ``tests`` id that names nothing, an answer naming a choice that is not there, two
options with the same text (learners could not tell them apart), a caution or FAQ that no
question asks about.

Most rules read the questions' public parts; the rules about answers (an answer naming a
real choice, an ordering's ``steps_from``) need the keys and run when the content has them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from certtraining.content.keys import (
    PublicItem,
    PublicMatch,
    PublicMultiple,
    PublicOrder,
    PublicSingle,
    authored,
)
from certtraining.content.models import Content
from certtraining.content.problems import Problem
from certtraining.content.questions import MultipleChoice, Ordering, Question, SingleChoice

FILE = "questions.yaml"


def _bank(content: Content) -> list[PublicItem]:
    return content.questions


def _authored(content: Content) -> list[Question]:
    """The whole questions, keys included; empty when the content has no keys."""
    if content.answer_keys is None:
        return []
    return authored(content.questions, list(content.answer_keys))


def _where(question_id: str) -> str:
    return f"questions (id={question_id})"


def unique_question_ids(content: Content) -> Iterable[Problem]:
    counts = Counter(q.id for q in _bank(content))
    for question_id, count in counts.items():
        if count > 1:
            yield Problem(
                FILE,
                _where(question_id),
                "id",
                f"문항 id가 {count}번 나옵니다",
                f"question id used {count} times",
            )


def tested_ids_exist(content: Content) -> Iterable[Problem]:
    known = {s.id for s in content.sections()}
    known |= {c.id for c in content.cautions}
    known |= {f.id for f in content.faqs}
    known |= {n.id for n in content.today_notes}
    for question in _bank(content):
        for tested in question.tests:
            if tested not in known:
                yield Problem(
                    FILE,
                    _where(question.id),
                    "tests",
                    f"없는 절·유의사항·FAQ·참고 노트 id입니다: {tested}",
                    f"no section, caution, FAQ or today note with id {tested!r}",
                )


def _duplicated(values: list[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


def answers_name_choices(content: Content) -> Iterable[Problem]:
    for question in _authored(content):
        if isinstance(question, SingleChoice | MultipleChoice):
            ids = [c.id for c in question.choices]
            for dup in _duplicated(ids):
                yield Problem(
                    FILE,
                    _where(question.id),
                    "choices.id",
                    f"보기 id가 중복됩니다: {dup}",
                    f"duplicate choice id {dup!r}",
                )
            answers = [question.answer] if isinstance(question, SingleChoice) else question.answer
            for answer in answers:
                if answer not in ids:
                    yield Problem(
                        FILE,
                        _where(question.id),
                        "answer",
                        f"정답이 없는 보기 id를 가리킵니다: {answer} (보기: {', '.join(ids)})",
                        f"answer {answer!r} is not a choice id ({', '.join(ids)})",
                    )
            for dup in _duplicated(answers):
                yield Problem(
                    FILE,
                    _where(question.id),
                    "answer",
                    f"정답에 같은 보기가 두 번 있습니다: {dup}",
                    f"answer lists {dup!r} twice",
                )
            if isinstance(question, MultipleChoice) and set(answers) >= set(ids):
                yield Problem(
                    FILE,
                    _where(question.id),
                    "answer",
                    "모든 보기가 정답이면 고를 것이 없습니다: 틀린 보기를 하나 이상 두세요",
                    "every choice is right; add at least one wrong choice",
                )


def options_distinct(content: Content) -> Iterable[Problem]:
    for question in _bank(content):
        groups: list[tuple[str, list[str]]] = []
        if isinstance(question, PublicSingle | PublicMultiple):
            groups.append(("choices.text", [c.text for c in question.choices]))
        elif isinstance(question, PublicOrder):
            groups.append(("steps", list(question.steps)))
        elif isinstance(question, PublicMatch):
            groups.append(("pairs.term", list(question.terms)))
            groups.append(("pairs.meaning", list(question.meanings)))
        for field, values in groups:
            for dup in _duplicated(values):
                yield Problem(
                    FILE,
                    _where(question.id),
                    field,
                    f"같은 글이 두 번 있습니다: {dup}",
                    f"the same text appears twice: {dup!r}",
                )


def ordering_steps(content: Content) -> Iterable[Problem]:
    """Each ordering question has its own steps or names a procedure, never both or neither."""
    if content.answer_keys is None:
        for public in _bank(content):
            if isinstance(public, PublicOrder) and len(public.steps) < 3:
                yield Problem(
                    FILE,
                    _where(public.id),
                    "steps",
                    "단계가 3개 이상 있어야 합니다",
                    "give at least 3 steps",
                )
        return
    procedures = {p.id for p in content.procedures}
    for question in _authored(content):
        if not isinstance(question, Ordering):
            continue
        if question.steps_from and question.steps_from not in procedures:
            yield Problem(
                FILE,
                _where(question.id),
                "steps_from",
                f"없는 절차 id입니다: {question.steps_from}",
                f"no procedure with id {question.steps_from!r}",
            )
        elif len(question.steps) < 3:
            yield Problem(
                FILE,
                _where(question.id),
                "steps",
                "단계가 3개 이상 있거나 steps_from 으로 절차를 가리켜야 합니다",
                "give at least 3 steps, or name a procedure in steps_from",
            )


def cautions_and_faq_tested(content: Content) -> Iterable[Problem]:
    """Every caution and FAQ is asked about somewhere, or learners never practise it."""
    tested = {ident for question in _bank(content) for ident in question.tests}
    for caution in content.cautions:
        if caution.id not in tested:
            yield Problem(
                "cautions.yaml",
                f"cautions (id={caution.id})",
                "id",
                "이 유의사항을 묻는 문항이 없습니다 (questions.yaml 의 tests 에 이 id를 적으세요)",
                "no question tests this caution (name its id in a question's tests)",
            )
    for faq in content.faqs:
        if faq.id not in tested:
            yield Problem(
                "faq.yaml",
                f"faq (id={faq.id})",
                "id",
                "이 질문을 묻는 문항이 없습니다 (questions.yaml 의 tests 에 이 id를 적으세요)",
                "no question tests this FAQ (name its id in a question's tests)",
            )


QUESTION_RULES = [
    unique_question_ids,
    tested_ids_exist,
    answers_name_choices,
    options_distinct,
    ordering_steps,
    cautions_and_faq_tested,
]
