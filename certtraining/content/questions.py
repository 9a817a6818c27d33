"""The shape of ``data/questions.yaml``: one question bank, five question types.

Every type shares ``id``, ``tests`` (the section, caution, FAQ or today-note ids it checks),
``prompt``, ``explanation`` and an optional ``hint``; each type then says where its key is:

- ``single`` / ``multiple``: ``choices`` (each with its own ``id``, ``text`` and ``feedback``)
  and ``answer`` (one choice id, or a list of them);
- ``ox``: ``answer`` is ``O`` or ``X``, and ``feedback`` has an ``O`` and an ``X`` entry;
- ``order``: ``steps`` written in the right order (learners see them shuffled), or
  ``steps_from``: a procedure id whose ``today_steps`` in guide.yaml are the steps, so
  today's sequence is written once;
- ``match``: ``pairs`` of ``term`` and ``meaning`` with ``feedback`` each, plus optional
  ``distractors`` (extra meanings that match no term).

Every choice carries feedback, the right one included, so no text gives the key away by
elimination. Cross-checks (unique ids, references, answers naming real choices) live in
``certtraining.content.question_rules`` and run with the other content rules.

These are the questions as teachers write them, whole. On load each is split into its
public part and its key (:mod:`certtraining.content.keys`); the rest of the package sees
only the public parts, and the quiz's checker alone puts a question back together.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from certtraining.content.base import Ident, Strict, Text

QuestionType = Literal["single", "multiple", "ox", "order", "match"]

TYPE_LABELS: dict[str, str] = {
    "single": "하나 고르기",
    "multiple": "모두 고르기",
    "ox": "O/X",
    "order": "순서 맞추기",
    "match": "짝 맞추기",
}


class Choice(Strict):
    id: Ident
    text: Text
    feedback: Text


class OxFeedback(Strict):
    O: Text  # noqa: E741 - the learner-facing key is the letter itself
    X: Text


class MatchPair(Strict):
    term: Text
    meaning: Text
    feedback: Text


class Distractor(Strict):
    meaning: Text
    feedback: Text


class QuestionBase(Strict):
    id: Ident
    tests: list[Ident] = Field(min_length=1)
    prompt: Text
    explanation: Text
    hint: Text | None = None
    source: Text | None = None

    @property
    def type_label(self) -> str:
        return TYPE_LABELS[self.type]  # type: ignore[attr-defined]


class SingleChoice(QuestionBase):
    type: Literal["single"]
    choices: list[Choice] = Field(min_length=2)
    answer: Ident


class MultipleChoice(QuestionBase):
    type: Literal["multiple"]
    choices: list[Choice] = Field(min_length=2)
    answer: list[Ident] = Field(min_length=1)


class TrueFalse(QuestionBase):
    type: Literal["ox"]
    answer: Literal["O", "X"]
    feedback: OxFeedback


class Ordering(QuestionBase):
    type: Literal["order"]
    steps: list[Text] = []
    steps_from: Ident | None = None


class Matching(QuestionBase):
    type: Literal["match"]
    pairs: list[MatchPair] = Field(min_length=2)
    distractors: list[Distractor] = []


Question = Annotated[
    SingleChoice | MultipleChoice | TrueFalse | Ordering | Matching,
    Field(discriminator="type"),
]


class QuestionsFile(Strict):
    questions: list[Question] = Field(min_length=1)

    @property
    def items(self) -> list[Question]:
        """What ``certtraining validate`` counts."""
        return self.questions


def with_steps_from_guide(bank: QuestionsFile, parsed: dict[str, BaseModel]) -> QuestionsFile:
    """Ordering questions that name a procedure take its ``today_steps`` from guide.yaml.

    An unknown procedure leaves the steps empty; ``ordering_steps`` then reports it.
    """
    guide = parsed.get("guide")
    today = {p.id: list(p.today_steps) for p in getattr(guide, "procedures", [])}
    resolved = [
        q.model_copy(update={"steps": today.get(q.steps_from, [])})
        if isinstance(q, Ordering) and q.steps_from
        else q
        for q in bank.questions
    ]
    return bank.model_copy(update={"questions": resolved})
