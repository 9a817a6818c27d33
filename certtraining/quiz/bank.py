"""The question bank's public API: what the widgets, the handout builder and the CLI share.

A question's key never leaves the kernel in plain form. Learner-facing code works with a
:class:`PublicQuestion` (prompt, options in display order, hint: no key, no feedback) whose
option keys are opaque tokens, so even their order says nothing. Answers are given in those
tokens and normalised by :func:`canonical_answer`; anything that must travel to a browser
(a handout's offline check) is :func:`answer_digest` of the canonical right answer.

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
from dataclasses import dataclass, field
from typing import Any

from certtraining.content import load_content
from certtraining.content.models import Content
from certtraining.content.questions import (
    TYPE_LABELS,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    QuestionsFile,
    SingleChoice,
    TrueFalse,
)
from certtraining.present.markup import to_text

OX_LABELS = {"O": "O (맞다)", "X": "X (틀리다)"}


class AnswerError(ValueError):
    """An answer that is incomplete or names an option the question does not have."""


# --------------------------------------------------------------------------- look-ups


def bank(content: Content | None = None) -> QuestionsFile:
    content = content or load_content()
    return content.question_bank


def questions(content: Content | None = None) -> list[Question]:
    """Every question in bank order (the order of ``data/questions.yaml``)."""
    return list(bank(content).questions)


def question(question_id: str, content: Content | None = None) -> Question:
    """One question by id; ``KeyError`` with a Korean+English message when unknown."""
    for item in questions(content):
        if item.id == question_id:
            return item
    raise KeyError(f"알 수 없는 문항 id / unknown question id: {question_id!r}")


def questions_for(anchor_id: str, content: Content | None = None) -> list[Question]:
    """Questions placed after a section, FAQ or procedure step table (see :func:`placement`)."""
    content = content or load_content()
    return [q for q in questions(content) if placement(q, content) == anchor_id]


def placement(item: Question, content: Content | None = None) -> str | None:
    """Where a lesson asks the question: the anchor of the first id in ``tests``.

    A section or FAQ is its own place, a caution's place is its section, a today note's
    place is its target (a procedure's notes put the question after its step table, so the
    place is the procedure id). Each question has one place, so no lesson asks it twice.
    """
    content = content or load_content()
    for tested in item.tests:
        note = next((n for n in content.today_notes if n.id == tested), None)
        if note and any(p.id == note.target for p in content.procedures):
            return note.target
        anchor = _anchor_of(tested, content)
        if anchor:
            return anchor
    return None


def questions_for_cautions(section_id: str, content: Content | None = None) -> list[Question]:
    """Questions that test any caution of a section, each once, in bank order."""
    content = content or load_content()
    caution_ids = {c.id for c in content.cautions_for(section_id)}
    return [q for q in questions(content) if caution_ids & set(q.tests)]


@dataclass(frozen=True)
class ReviewAnchor:
    """Where to send a learner who got the question wrong (lesson id, section or FAQ id)."""

    lesson: str | None
    section: str | None


def review_anchor(item: Question, content: Content | None = None) -> ReviewAnchor:
    """The lesson and section (or FAQ) of the first id in ``tests`` that leads somewhere.

    Sections and FAQ are themselves; a caution leads to its section; a today note to its
    target, and a procedure's note to the section its step table follows.
    """
    content = content or load_content()
    for tested in item.tests:
        anchor = _anchor_of(tested, content)
        if anchor:
            lesson = content.lesson_of(anchor)
            return ReviewAnchor(lesson.id if lesson else None, anchor)
    return ReviewAnchor(None, None)


def _anchor_of(tested: str, content: Content) -> str | None:
    section_ids = {s.id for s in content.sections()}
    faq_ids = {f.id for f in content.faqs}
    if tested in section_ids or tested in faq_ids:
        return tested
    caution = next((c for c in content.cautions if c.id == tested), None)
    if caution:
        return caution.section
    note = next((n for n in content.today_notes if n.id == tested), None)
    if note:
        if note.target in section_ids or note.target in faq_ids:
            return note.target
        procedure = next((p for p in content.procedures if p.id == note.target), None)
        if procedure:
            return procedure.steps_after
    return None


# --------------------------------------------------------------------------- public view


def option_key(question_id: str, kind: str, value: str) -> str:
    """An opaque, stable token for one option: says nothing about position or correctness."""
    digest = hashlib.sha256(f"{question_id}:{kind}:{value}".encode()).hexdigest()
    return f"{kind[0]}{digest[:7]}"


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


def _shuffled(options: list[Option], seed: str, avoid: list[Option] | None = None) -> list[Option]:
    shuffled = list(options)
    _rng(seed).shuffle(shuffled)
    if avoid is not None and shuffled == avoid and len(shuffled) > 1:
        shuffled = shuffled[1:] + shuffled[:1]  # never hand out the answer already in order
    return shuffled


def _choices(item: SingleChoice | MultipleChoice) -> list[Option]:
    return [Option(option_key(item.id, "choice", c.id), c.text) for c in item.choices]


def _steps(item: Ordering) -> list[Option]:
    return [Option(option_key(item.id, "step", text), text) for text in item.steps]


def _terms(item: Matching) -> list[Option]:
    return [Option(option_key(item.id, "term", p.term), p.term) for p in item.pairs]


def _meanings(item: Matching) -> list[Option]:
    meanings = [p.meaning for p in item.pairs] + [d.meaning for d in item.distractors]
    return [Option(option_key(item.id, "meaning", m), m) for m in meanings]


def public_view(
    item: Question | str, seed: str = "", content: Content | None = None
) -> PublicQuestion:
    """The key-free view of a question, options in a display order fixed by ``seed``.

    The default seed (``""``) gives the practice/handout order, the same on every run.
    Exam papers pass a learner-specific seed so choices are shuffled per learner.
    """
    content = content or load_content()
    if isinstance(item, str):
        item = question(item, content)
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
    if isinstance(item, SingleChoice | MultipleChoice):
        return PublicQuestion(**base, choices=tuple(_shuffled(_choices(item), order_seed)))
    if isinstance(item, TrueFalse):
        return PublicQuestion(**base, choices=tuple(Option(k, v) for k, v in OX_LABELS.items()))
    if isinstance(item, Ordering):
        steps = _steps(item)
        return PublicQuestion(**base, steps=tuple(_shuffled(steps, order_seed, avoid=steps)))
    return PublicQuestion(
        **base,
        terms=tuple(_terms(item)),
        meanings=tuple(_shuffled(_meanings(item), order_seed)),
    )


# --------------------------------------------------------------------------- answers


def _known(keys: Iterable[str], options: list[Option], what: str) -> list[str]:
    allowed = {o.key for o in options}
    keys = list(keys)
    unknown = [k for k in keys if k not in allowed]
    if unknown:
        raise AnswerError(f"없는 {what}입니다 / unknown {what} key: {unknown[0]!r}")
    return keys


def canonical_answer(item: Question, answer: Any) -> str:
    """A learner's answer as one string, independent of display order (see module doc).

    Raises :class:`AnswerError` for an incomplete answer or an unknown option key.
    """
    if isinstance(item, SingleChoice):
        if not isinstance(answer, str) or not answer:
            raise AnswerError("답을 하나 골라 주세요. / choose one answer.")
        return _known([answer], _choices(item), "보기")[0]
    if isinstance(item, MultipleChoice):
        if isinstance(answer, str) or not answer:
            raise AnswerError("답을 하나 이상 골라 주세요. / choose at least one answer.")
        keys = _known(answer, _choices(item), "보기")
        return ",".join(sorted(set(keys)))
    if isinstance(item, TrueFalse):
        if answer is True:
            return "O"
        if answer is False:
            return "X"
        if answer not in ("O", "X"):
            raise AnswerError("O 또는 X를 골라 주세요. / choose O or X.")
        return str(answer)
    if isinstance(item, Ordering):
        steps = _steps(item)
        keys = _known(list(answer or []), steps, "단계")
        if sorted(keys) != sorted(o.key for o in steps):
            raise AnswerError(
                "모든 단계를 한 번씩 순서대로 골라 주세요. / put every step in exactly once."
            )
        return ",".join(keys)
    if not isinstance(answer, Mapping):
        raise AnswerError("용어마다 뜻을 골라 주세요. / choose a meaning for every term.")
    terms = _terms(item)
    _known(answer.keys(), terms, "용어")
    missing = [t for t in terms if not answer.get(t.key)]
    if missing:
        raise AnswerError("용어마다 뜻을 골라 주세요. / choose a meaning for every term.")
    _known(answer.values(), _meanings(item), "뜻")
    return ",".join(f"{t}={answer[t]}" for t in sorted(answer))


def answer_digest(salt: str, question_id: str, canonical: str) -> str:
    """sha256 hex of ``f"{salt}:{question_id}:{canonical}"``: what may travel instead of a key."""
    return hashlib.sha256(f"{salt}:{question_id}:{canonical}".encode()).hexdigest()


def _correct_canonical(item: Question) -> str:
    if isinstance(item, SingleChoice):
        return option_key(item.id, "choice", item.answer)
    if isinstance(item, MultipleChoice):
        return ",".join(sorted({option_key(item.id, "choice", a) for a in item.answer}))
    if isinstance(item, TrueFalse):
        return item.answer
    if isinstance(item, Ordering):
        return ",".join(o.key for o in _steps(item))
    pairs = {
        option_key(item.id, "term", p.term): option_key(item.id, "meaning", p.meaning)
        for p in item.pairs
    }
    return ",".join(f"{t}={pairs[t]}" for t in sorted(pairs))


@dataclass(frozen=True)
class Feedback:
    """One option's feedback. ``chosen``: the learner picked it (or, for a match, this term)."""

    label: str
    text: str
    correct: bool
    chosen: bool = False


@dataclass(frozen=True)
class AnswerKey:
    """The instructor's key for one question: never sent to a learner's browser.

    ``answer_text`` spells the right answer out in Korean; ``feedback`` lists every option
    (every choice, O and X, or every term/meaning) with whether it is right.
    """

    question_id: str
    canonical: str
    answer_text: str
    explanation: str
    feedback: tuple[Feedback, ...]


def answer_key(item: Question | str, content: Content | None = None) -> AnswerKey:
    if isinstance(item, str):
        item = question(item, content)
    return AnswerKey(
        item.id,
        _correct_canonical(item),
        _answer_text(item),
        item.explanation,
        tuple(_all_feedback(item)),
    )


def _answer_text(item: Question) -> str:
    if isinstance(item, SingleChoice):
        return next(to_text(c.text) for c in item.choices if c.id == item.answer)
    if isinstance(item, MultipleChoice):
        return " / ".join(to_text(c.text) for c in item.choices if c.id in item.answer)
    if isinstance(item, TrueFalse):
        return OX_LABELS[item.answer]
    if isinstance(item, Ordering):
        return " → ".join(to_text(s) for s in item.steps)
    return " / ".join(f"{to_text(p.term)} — {to_text(p.meaning)}" for p in item.pairs)


def _all_feedback(item: Question) -> list[Feedback]:
    if isinstance(item, SingleChoice | MultipleChoice):
        right = {item.answer} if isinstance(item, SingleChoice) else set(item.answer)
        return [Feedback(c.text, c.feedback, c.id in right) for c in item.choices]
    if isinstance(item, TrueFalse):
        return [Feedback(OX_LABELS[k], getattr(item.feedback, k), k == item.answer) for k in "OX"]
    if isinstance(item, Ordering):
        return []
    return [Feedback(f"{p.term} — {p.meaning}", p.feedback, True) for p in item.pairs] + [
        Feedback(d.meaning, d.feedback, False) for d in item.distractors
    ]


@dataclass(frozen=True)
class CheckResult:
    """What the kernel tells a learner after 확인: right or wrong, and why."""

    question_id: str
    correct: bool
    canonical: str
    answer: Any  # the JSON-serialisable answer, as published in AnswerChecked
    feedback: tuple[Feedback, ...]  # for the chosen options (order: one line per position)
    explanation: str
    missed: int = 0  # multiple: right choices not picked
    answer_text: str = ""  # the right answer spelt out, shown after answering
    extra: dict[str, Any] = field(default_factory=dict)


def check_answer(item: Question, answer: Any) -> CheckResult:
    """Check an answer in the kernel. Raises :class:`AnswerError` if it is incomplete."""
    canonical = canonical_answer(item, answer)
    correct = canonical == _correct_canonical(item)
    feedback: list[Feedback] = []
    missed = 0
    json_answer: Any = canonical
    if isinstance(item, SingleChoice | MultipleChoice):
        chosen = set(canonical.split(","))
        by_key = {option_key(item.id, "choice", c.id): c for c in item.choices}
        right = {item.answer} if isinstance(item, SingleChoice) else set(item.answer)
        for option in _choices(item):
            choice = by_key[option.key]
            if option.key in chosen:
                feedback.append(Feedback(choice.text, choice.feedback, choice.id in right, True))
        if isinstance(item, MultipleChoice):
            missed = len(right) - sum(1 for f in feedback if f.correct)
            json_answer = sorted(chosen)
    elif isinstance(item, TrueFalse):
        feedback.append(
            Feedback(OX_LABELS[canonical], getattr(item.feedback, canonical), correct, True)
        )
    elif isinstance(item, Ordering):
        given = canonical.split(",")
        text_of = {o.key: o.text for o in _steps(item)}
        for position, (key, right_text) in enumerate(zip(given, item.steps, strict=True), 1):
            ok = text_of[key] == right_text
            note = "제자리입니다." if ok else f"이 자리에는 '{to_text(right_text)}'가 와야 합니다."
            feedback.append(Feedback(f"{position}. {text_of[key]}", note, ok, True))
        json_answer = given
    else:
        meaning_of = {o.key: o.text for o in _meanings(item)}
        distractor_feedback = {d.meaning: d.feedback for d in item.distractors}
        for pair in item.pairs:
            term_key = option_key(item.id, "term", pair.term)
            picked = meaning_of[answer[term_key]]
            ok = picked == pair.meaning
            text = pair.feedback
            if picked in distractor_feedback:  # say why the extra meaning fits no term
                text = f"{distractor_feedback[picked]} {pair.feedback}"
            feedback.append(Feedback(f"{pair.term} — {picked}", text, ok, True))
        json_answer = dict(sorted(answer.items()))
    return CheckResult(
        item.id,
        correct,
        canonical,
        json_answer,
        tuple(feedback),
        item.explanation,
        missed,
        _answer_text(item),
    )
