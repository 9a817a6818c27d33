"""A question's public part and its key, kept apart.

Teachers write each question once, whole, in ``data/questions.yaml`` (the authored models in
:mod:`certtraining.content.questions`): a question and its answer sit side by side, which is
easiest to edit. On load, every authored question is split in two:

- its **public part** (:data:`PublicItem`): id, type, tests, prompt, hint and the options'
  texts. This is all a learner may see before answering, and all that lessons, widgets,
  the exam paper, the handout's learner copy and the progress plan work with;
- its **key** (:data:`QuestionKey`): the answer, every option's feedback (the right one's
  would give it away), the explanation, and whatever else tells the answer: an ordering
  question's steps in the right order (and the procedure they come from), a matching
  question's pairs.

``Content.questions`` holds the public parts; ``Content.answer_keys`` the keys, or ``None``
when content is loaded without them (``load_content(keys=False)`` or
``CERTTRAINING_KEYS=off``). Only the quiz's checker (``certtraining.quiz.checker``) reads the
keys; :func:`join` puts a question back together for it.

Options are listed so that their order says nothing about the answer: choices keep the
author's order (the answer no longer names one); an ordering question's steps and a
matching question's meanings are sorted by their opaque option keys, which depend on the
texts only, never on the right order or pairing. Should the sorted steps happen to be the
right order, they are reversed, so no lesson hands out an ordering question already solved.
"""

from __future__ import annotations

import hashlib
from typing import Annotated, Literal

from pydantic import Field

from certtraining.content.base import Ident, Strict, Text
from certtraining.content.questions import (
    TYPE_LABELS,
    Choice,
    Distractor,
    Matching,
    MatchPair,
    MultipleChoice,
    Ordering,
    OxFeedback,
    Question,
    SingleChoice,
    TrueFalse,
)


def option_key(question_id: str, kind: str, value: str) -> str:
    """An opaque, stable token for one option: says nothing about position or correctness."""
    digest = hashlib.sha256(f"{question_id}:{kind}:{value}".encode()).hexdigest()
    return f"{kind[0]}{digest[:7]}"


# --------------------------------------------------------------------------- public part


class PublicChoice(Strict):
    id: Ident
    text: Text


class PublicBase(Strict):
    id: Ident
    tests: list[Ident] = Field(min_length=1)
    prompt: Text
    hint: Text | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]  # type: ignore[attr-defined]


class PublicSingle(PublicBase):
    type: Literal["single"]
    choices: list[PublicChoice] = Field(min_length=2)


class PublicMultiple(PublicBase):
    type: Literal["multiple"]
    choices: list[PublicChoice] = Field(min_length=2)


class PublicOx(PublicBase):
    type: Literal["ox"]


class PublicOrder(PublicBase):
    type: Literal["order"]
    steps: list[Text] = []  # never in the right order (see the module doc)


class PublicMatch(PublicBase):
    type: Literal["match"]
    terms: list[Text] = Field(min_length=2)
    meanings: list[Text] = Field(min_length=2)  # the pairs' meanings and distractors, mixed


PublicItem = Annotated[
    PublicSingle | PublicMultiple | PublicOx | PublicOrder | PublicMatch,
    Field(discriminator="type"),
]


class PublicBank(Strict):
    """The key-free question bank, in bank order."""

    questions: list[PublicItem] = Field(min_length=1)

    @property
    def items(self) -> list[PublicItem]:
        return self.questions


# --------------------------------------------------------------------------- key


class KeyBase(Strict):
    id: Ident  # the question's
    explanation: Text
    source: Text | None = None  # where the explanation's facts come from (teachers only)


class SingleKey(KeyBase):
    type: Literal["single"]
    answer: Ident
    feedback: list[Text]  # one per choice, in the public part's order


class MultipleKey(KeyBase):
    type: Literal["multiple"]
    answer: list[Ident] = Field(min_length=1)
    feedback: list[Text]


class OxKey(KeyBase):
    type: Literal["ox"]
    answer: Literal["O", "X"]
    feedback: OxFeedback


class OrderKey(KeyBase):
    type: Literal["order"]
    steps: list[Text]  # the right order
    steps_from: Ident | None = None


class MatchKey(KeyBase):
    type: Literal["match"]
    pairs: list[MatchPair]
    distractors: list[Distractor] = []


QuestionKey = Annotated[
    SingleKey | MultipleKey | OxKey | OrderKey | MatchKey,
    Field(discriminator="type"),
]


# --------------------------------------------------------------------------- split and join


def _public_steps(item: Ordering) -> list[str]:
    shown = sorted(item.steps, key=lambda step: option_key(item.id, "step", step))
    if shown == list(item.steps) and len(shown) > 1:
        shown.reverse()
    return shown


def _public_meanings(item: Matching) -> list[str]:
    meanings = [p.meaning for p in item.pairs] + [d.meaning for d in item.distractors]
    return sorted(meanings, key=lambda meaning: option_key(item.id, "meaning", meaning))


def split(item: Question) -> tuple[PublicItem, QuestionKey]:
    """One authored question as its public part and its key."""
    base = {"id": item.id, "tests": item.tests, "prompt": item.prompt, "hint": item.hint}
    explanation = item.explanation
    ident = item.id
    sourced = {"source": item.source} if item.source else {}
    if isinstance(item, SingleChoice | MultipleChoice):
        choices = [PublicChoice(id=c.id, text=c.text) for c in item.choices]
        feedback = [c.feedback for c in item.choices]
        if isinstance(item, SingleChoice):
            return (
                PublicSingle(type="single", choices=choices, **base),
                SingleKey(
                    id=ident,
                    type="single",
                    answer=item.answer,
                    feedback=feedback,
                    explanation=explanation,
                    **sourced,
                ),
            )
        return (
            PublicMultiple(type="multiple", choices=choices, **base),
            MultipleKey(
                id=ident,
                type="multiple",
                answer=item.answer,
                feedback=feedback,
                explanation=explanation,
                **sourced,
            ),
        )
    if isinstance(item, TrueFalse):
        return (
            PublicOx(type="ox", **base),
            OxKey(
                id=ident,
                type="ox",
                answer=item.answer,
                feedback=item.feedback,
                explanation=explanation,
                **sourced,
            ),
        )
    if isinstance(item, Ordering):
        return (
            PublicOrder(type="order", steps=_public_steps(item), **base),
            OrderKey(
                id=ident,
                type="order",
                steps=item.steps,
                steps_from=item.steps_from,
                explanation=explanation,
                **sourced,
            ),
        )
    return (
        PublicMatch(
            type="match",
            terms=[p.term for p in item.pairs],
            meanings=_public_meanings(item),
            **base,
        ),
        MatchKey(
            id=ident,
            type="match",
            pairs=item.pairs,
            distractors=item.distractors,
            explanation=explanation,
            **sourced,
        ),
    )


def join(public: PublicItem, key: QuestionKey) -> Question:
    """The authored question again, from its public part and its key (for the checker)."""
    if public.type != key.type or public.id != key.id:
        raise ValueError(f"key {key.id!r} ({key.type}) does not fit question {public.id!r}")
    base = {
        "id": public.id,
        "tests": public.tests,
        "prompt": public.prompt,
        "hint": public.hint,
        "explanation": key.explanation,
        "source": key.source,
    }
    if isinstance(public, PublicSingle | PublicMultiple):
        assert isinstance(key, SingleKey | MultipleKey)
        choices = [
            Choice(id=c.id, text=c.text, feedback=f)
            for c, f in zip(public.choices, key.feedback, strict=True)
        ]
        if isinstance(key, SingleKey):
            return SingleChoice(type="single", choices=choices, answer=key.answer, **base)
        return MultipleChoice(type="multiple", choices=choices, answer=key.answer, **base)
    if isinstance(key, OxKey):
        return TrueFalse(type="ox", answer=key.answer, feedback=key.feedback, **base)
    if isinstance(key, OrderKey):
        return Ordering(type="order", steps=key.steps, steps_from=key.steps_from, **base)
    assert isinstance(key, MatchKey)
    return Matching(type="match", pairs=key.pairs, distractors=key.distractors, **base)


def split_bank(questions: list[Question]) -> tuple[PublicBank, list[QuestionKey]]:
    """The public bank, and the keys in the same order."""
    parts = [split(item) for item in questions]
    return PublicBank(questions=[p for p, _ in parts]), [k for _, k in parts]


def authored(public: list[PublicItem], keys: list[QuestionKey]) -> list[Question]:
    """Every question whole again, in bank order (keys are matched by position)."""
    return [join(part, key) for part, key in zip(public, keys, strict=True)]
