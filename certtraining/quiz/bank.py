"""The question bank's public API: what the widgets, the handout builder and the CLI share.

Nothing here reads an answer key. The bank is the questions' public parts
(``Content.questions``, see :mod:`certtraining.content.keys`); checking an answer and
everything else that needs a key lives in :mod:`certtraining.quiz.checker`.

Learner-facing code works with a :class:`PublicQuestion` (prompt, options in display order,
hint: no key, no feedback) whose option keys are opaque tokens, so even their order says
nothing. Answers are given in those tokens and normalised by :func:`canonical_answer`;
anything that must travel to a browser (a handout's offline check) is
:func:`~certtraining.quiz.checker.answer_digest` of the canonical right answer.

Answer shapes, per question type (keys are the ``key`` of the public options):

- ``single``: one choice key (``str``)
- ``multiple``: an iterable of choice keys
- ``ox``: ``"O"`` or ``"X"``
- ``order``: the step keys in the learner's order (``list[str]``)
- ``match``: a mapping term key → meaning key

Canonical strings (what the digest is taken over, so a handout script can rebuild them):

- ``single``: the key, e.g. ``c1a2b3c``
- ``multiple``: the keys sorted and joined with ``,``
- ``ox``: ``O`` or ``X``
- ``order``: the step keys in answer order joined with ``,``
- ``match``: ``term=meaning`` for every term, sorted by term key, joined with ``,``
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from certtraining.content import load_content, outline
from certtraining.content.keys import PublicBank, PublicItem, option_key
from certtraining.content.models import Content
from certtraining.content.questions import TYPE_LABELS, Question

# Both forms of a question have the same options: the public part (what the bank holds) and
# the whole authored question (what the checker rebuilds with the key).
AnyQuestion = PublicItem | Question

OX_LABELS = {"O": "O (맞다)", "X": "X (틀리다)"}


class AnswerError(ValueError):
    """An answer that is incomplete or names an option the question does not have."""


# --------------------------------------------------------------------------- look-ups


def bank(content: Content | None = None) -> PublicBank:
    content = content or load_content()
    return content.question_bank


def questions(content: Content | None = None) -> list[PublicItem]:
    """Every question's public part in bank order (the order of ``data/questions.yaml``)."""
    return list(bank(content).questions)


def question(question_id: str, content: Content | None = None) -> PublicItem:
    """One question by id; ``KeyError`` with a Korean+English message when unknown."""
    for item in questions(content):
        if item.id == question_id:
            return item
    raise KeyError(f"알 수 없는 문항 id / unknown question id: {question_id!r}")


def questions_for(anchor_id: str, content: Content | None = None) -> list[PublicItem]:
    """Questions placed after a section, FAQ or procedure step table (see :func:`placement`)."""
    return outline.questions_for(anchor_id, content or load_content())


def placement(item: AnyQuestion, content: Content | None = None) -> str | None:
    """Where a lesson asks the question: the anchor of the first id in ``tests``.

    A section or FAQ is its own place, a caution's place is its section, a today note's
    place is its target (a procedure's notes put the question after its step table, so the
    place is the procedure id). The rule lives in :mod:`certtraining.content.outline`.
    """
    return outline.placement(item, content or load_content())  # type: ignore[arg-type]


def questions_for_cautions(section_id: str, content: Content | None = None) -> list[PublicItem]:
    """Questions that test any caution of a section, each once, in bank order."""
    return outline.questions_for_cautions(section_id, content or load_content())


@dataclass(frozen=True)
class ReviewAnchor:
    """Where to send a learner who got the question wrong (lesson id, section or FAQ id)."""

    lesson: str | None
    section: str | None


def review_anchor(item: AnyQuestion, content: Content | None = None) -> ReviewAnchor:
    """The lesson and section (or FAQ) of the first id in ``tests`` that leads somewhere.

    Sections and FAQ are themselves; a caution leads to its section; a today note to its
    target, and a procedure's note to the section its step table follows.
    """
    content = content or load_content()
    anchor = outline.review_section(item, content)  # type: ignore[arg-type]
    if anchor is None:
        return ReviewAnchor(None, None)
    lesson = content.lesson_of(anchor)
    return ReviewAnchor(lesson.id if lesson else None, anchor)


# --------------------------------------------------------------------------- public view


@dataclass(frozen=True)
class Option:
    key: str
    text: str  # content markup (a small Markdown subset); render with certtraining.present.markup


@dataclass(frozen=True)
class PublicQuestion:
    """Everything a learner may see before answering. No key, no explanation, no feedback.

    ``choices`` holds single/multiple/O-X options, ``steps`` an ordering question's steps,
    ``terms`` and ``meanings`` a matching question's two columns, each in display order.
    """

    id: str
    type: str
    type_label: str
    prompt: str
    hint: str | None
    choices: tuple[Option, ...] = ()
    steps: tuple[Option, ...] = ()
    terms: tuple[Option, ...] = ()
    meanings: tuple[Option, ...] = ()
    lesson: str | None = None
    section: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "type_label": self.type_label,
            "prompt": self.prompt,
            "hint": self.hint,
            "choices": [o.__dict__ for o in self.choices],
            "steps": [o.__dict__ for o in self.steps],
            "terms": [o.__dict__ for o in self.terms],
            "meanings": [o.__dict__ for o in self.meanings],
            "lesson": self.lesson,
            "section": self.section,
        }


def _rng(seed: str) -> random.Random:
    return random.Random(int(hashlib.sha256(seed.encode()).hexdigest(), 16))


def _shuffled(options: list[Option], seed: str) -> list[Option]:
    shuffled = list(options)
    _rng(seed).shuffle(shuffled)
    return shuffled


def choices_of(item: AnyQuestion) -> list[Option]:
    """A single/multiple question's choices, in the author's order."""
    return [Option(option_key(item.id, "choice", c.id), c.text) for c in item.choices]  # type: ignore[union-attr]


def steps_of(item: AnyQuestion) -> list[Option]:
    """An ordering question's steps (public order, or the right order for a whole question)."""
    return [Option(option_key(item.id, "step", text), text) for text in item.steps]  # type: ignore[union-attr]


def terms_of(item: AnyQuestion) -> list[Option]:
    terms = item.terms if hasattr(item, "terms") else [p.term for p in item.pairs]  # type: ignore[union-attr]
    return [Option(option_key(item.id, "term", t), t) for t in terms]


def meanings_of(item: AnyQuestion) -> list[Option]:
    if hasattr(item, "meanings"):
        meanings = list(item.meanings)
    else:  # a whole matching question: its pairs' meanings, then the distractors
        meanings = [p.meaning for p in item.pairs] + [d.meaning for d in item.distractors]  # type: ignore[union-attr]
    return [Option(option_key(item.id, "meaning", m), m) for m in meanings]


def public_view(
    item: AnyQuestion | str, seed: str = "", content: Content | None = None
) -> PublicQuestion:
    """The key-free view of a question, options in a display order fixed by ``seed``.

    The default seed (``""``) gives the practice/handout order, the same on every run.
    Exam papers pass a learner-specific seed so choices and meanings are shuffled per
    learner. An ordering question's steps keep the bank's public order, which is never the
    right one (:mod:`certtraining.content.keys`): a shuffle could not avoid the right order
    without reading the key.
    """
    content = content or load_content()
    item = question(item if isinstance(item, str) else item.id, content)
    anchor = review_anchor(item, content)
    base = {
        "id": item.id,
        "type": item.type,
        "type_label": TYPE_LABELS[item.type],
        "prompt": item.prompt,
        "hint": item.hint,
        "lesson": anchor.lesson,
        "section": anchor.section,
    }
    order_seed = f"{seed}:{item.id}"
    if item.type in ("single", "multiple"):
        return PublicQuestion(**base, choices=tuple(_shuffled(choices_of(item), order_seed)))
    if item.type == "ox":
        return PublicQuestion(**base, choices=tuple(Option(k, v) for k, v in OX_LABELS.items()))
    if item.type == "order":
        return PublicQuestion(**base, steps=tuple(steps_of(item)))
    return PublicQuestion(
        **base,
        terms=tuple(terms_of(item)),
        meanings=tuple(_shuffled(meanings_of(item), order_seed)),
    )


# --------------------------------------------------------------------------- answers


def _known(keys: Iterable[str], options: list[Option], what: str) -> list[str]:
    allowed = {o.key for o in options}
    keys = list(keys)
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise AnswerError(f"없는 {what}입니다 / unknown {what} key: {unknown[0]!r}")
    return keys


def canonical_answer(item: AnyQuestion, answer: Any) -> str:
    """A learner's answer as one string, independent of display order (see module doc).

    Needs no key: it reads only which options the question has. Raises
    :class:`AnswerError` for an incomplete answer or an unknown option key.
    """
    if item.type == "single":
        if not isinstance(answer, str) or not answer:
            raise AnswerError("답을 하나 골라 주세요. / choose one answer.")
        return _known([answer], choices_of(item), "보기")[0]
    if item.type == "multiple":
        if isinstance(answer, str) or not answer:
            raise AnswerError("답을 하나 이상 골라 주세요. / choose at least one answer.")
        keys = _known(answer, choices_of(item), "보기")
        return ",".join(sorted(set(keys)))
    if item.type == "ox":
        if answer is True:
            return "O"
        if answer is False:
            return "X"
        if answer not in ("O", "X"):
            raise AnswerError("O 또는 X를 골라 주세요. / choose O or X.")
        return str(answer)
    if item.type == "order":
        steps = steps_of(item)
        keys = _known(list(answer or []), steps, "단계")
        if sorted(keys) != sorted(o.key for o in steps):
            raise AnswerError(
                "모든 단계를 한 번씩 순서대로 골라 주세요. / put every step in exactly once."
            )
        return ",".join(keys)
    if not isinstance(answer, Mapping):
        raise AnswerError("용어마다 뜻을 골라 주세요. / choose a meaning for every term.")
    terms = terms_of(item)
    _known(answer.keys(), terms, "용어")
    missing = [t for t in terms if not answer.get(t.key)]
    if missing:
        raise AnswerError("용어마다 뜻을 골라 주세요. / choose a meaning for every term.")
    _known(answer.values(), meanings_of(item), "뜻")
    return ",".join(f"{t}={answer[t]}" for t in sorted(answer))
