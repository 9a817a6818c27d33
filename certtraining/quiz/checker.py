"""The one place that holds the answer keys: answers are checked here and nowhere else.

Everything else in the package works with the questions' public parts
(:mod:`certtraining.content.keys`, :func:`certtraining.quiz.bank.public_view`). A
:class:`Checker` takes a question id and a learner's answer (in the public view's option
keys) and says right or wrong, with the feedback and the explanation. Two checkers exist:

- :class:`LocalChecker`: the content was loaded with its keys (a teacher's machine, a
  single-user course, the class server's progress service). It also hands the keys to the
  two places that legitimately show them: the instructor handout (:meth:`answer_key`,
  :meth:`authored`) and the instructor's exports.
- :class:`NoKeyChecker`: the content was loaded without keys (``CERTTRAINING_KEYS=off``,
  a learner's server on a class server). It still refuses incomplete answers, then says in
  Korean that answers are checked on the class server. A remote checker (the class-server
  work) implements the same :class:`Checker` protocol and replaces it.

:func:`checker_for` picks one for a loaded content; :func:`check_answer` and
:func:`answer_key` are the short forms.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any, Protocol

from certtraining.classlink import service_url
from certtraining.content import load_content
from certtraining.content.keys import PublicItem, authored, option_key
from certtraining.content.models import Content
from certtraining.content.questions import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from certtraining.errors import UserError
from certtraining.present.markup import to_text
from certtraining.quiz.bank import (
    OX_LABELS,
    Option,
    canonical_answer,
    meanings_of,
    question,
    steps_of,
)


class CheckUnavailable(UserError, LookupError):
    """No answer key here: the question can be shown, not checked."""

    def __init__(self, question_id: str | None = None):
        which = f" for {question_id!r}" if question_id else ""
        super().__init__(
            "이 환경에는 정답 정보가 없어 여기서는 답을 확인할 수 없습니다. "
            "답은 수업 서버에서 확인합니다. / "
            f"no answer key here{which}: answers are checked on the class server"
        )
        self.question_id = question_id


def answer_digest(salt: str, question_id: str, canonical: str) -> str:
    """sha256 hex of ``f"{salt}:{question_id}:{canonical}"``: what may travel instead of a key."""
    return hashlib.sha256(f"{salt}:{question_id}:{canonical}".encode()).hexdigest()


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
    question_version: str | None = None  # the wording this answer was given to (see below)


class Checker(Protocol):
    """What the widgets and the exam need to check an answer."""

    @property
    def can_check(self) -> bool: ...

    def check(self, question_id: str, answer: Any, mode: str = "practice") -> CheckResult:
        """Raises ``AnswerError`` for an incomplete answer, ``CheckUnavailable`` without keys.

        ``mode`` (practice, exam, review) matters where checking also records: the class
        service's checker (:mod:`certtraining.quiz.remote`)."""
        ...

    def explain(self, question_id: str) -> str:
        """The explanation, for a question left unanswered in a submitted exam."""
        ...

    def version(self, question_id: str) -> str | None:
        """The question's current wording (:func:`question_version`); None without keys."""
        ...


class NoKeyChecker:
    """Content without keys: answers are validated, never judged."""

    can_check = False

    def __init__(self, content: Content):
        self.content = content

    def check(self, question_id: str, answer: Any, mode: str = "practice") -> CheckResult:
        canonical_answer(question(question_id, self.content), answer)  # AnswerError if incomplete
        raise CheckUnavailable(question_id)

    def explain(self, question_id: str) -> str:
        raise CheckUnavailable(question_id)

    def version(self, question_id: str) -> str | None:
        return None  # the wording's version includes the key, which is not here


class LocalChecker:
    """Checks answers against the keys of content loaded with them."""

    can_check = True

    def __init__(self, content: Content):
        if content.answer_keys is None:
            raise CheckUnavailable()
        self.content = content

    @cached_property
    def _authored(self) -> dict[str, Question]:
        keys = list(self.content.answer_keys or ())
        return {item.id: item for item in authored(self.content.questions, keys)}

    def authored(self, question_id: str) -> Question:
        """The whole question, key included (for the instructor handout and exports)."""
        try:
            return self._authored[question_id]
        except KeyError:
            raise KeyError(f"알 수 없는 문항 id / unknown question id: {question_id!r}") from None

    def authored_questions(self) -> list[Question]:
        return list(self._authored.values())

    def correct_canonical(self, question_id: str) -> str:
        return _correct_canonical(self.authored(question_id))

    def digest(self, salt: str, question_id: str) -> str:
        """The salted hash of the right answer, for a handout's offline check."""
        return answer_digest(salt, question_id, self.correct_canonical(question_id))

    def answer_key(self, question_id: str) -> AnswerKey:
        item = self.authored(question_id)
        return AnswerKey(
            item.id,
            _correct_canonical(item),
            _answer_text(item),
            item.explanation,
            tuple(_all_feedback(item)),
        )

    def check(self, question_id: str, answer: Any, mode: str = "practice") -> CheckResult:
        item = self.authored(question_id)
        return replace(_check(item, answer), question_version=self.version(question_id))

    def explain(self, question_id: str) -> str:
        return self.authored(question_id).explanation

    def version(self, question_id: str) -> str:
        self.authored(question_id)  # KeyError with the usual message for an unknown id
        return self._versions[question_id]

    @cached_property
    def _versions(self) -> dict[str, str]:
        return {qid: question_version(item) for qid, item in self._authored.items()}

    def versions(self) -> dict[str, str]:
        """Every question's current version (for the course plan the item analysis gets)."""
        return dict(self._versions)


@lru_cache(maxsize=8)
def checker_for(content: Content) -> Checker:
    """The checker for a loaded content: local when it has keys; without keys, the class
    service's when ``CERTTRAINING_DB`` names it, else one that cannot judge."""
    if content.answer_keys is not None:
        return LocalChecker(content)
    url = service_url()
    if url is not None:
        from certtraining.quiz.remote import RemoteChecker

        return RemoteChecker(content, url)
    return NoKeyChecker(content)


def version_of(checker: Checker, question_id: str) -> str | None:
    """The checker's current version of a question; None from a checker that has none."""
    version = getattr(checker, "version", None)
    return version(question_id) if callable(version) else None


def local_checker(content: Content | None = None) -> LocalChecker:
    """The checker with keys; ``CheckUnavailable`` when the content was loaded without them."""
    checker = checker_for(content or load_content())
    if not isinstance(checker, LocalChecker):
        raise CheckUnavailable()
    return checker


def _id(item: PublicItem | Question | str) -> str:
    return item if isinstance(item, str) else item.id


def check_answer(
    item: PublicItem | Question | str, answer: Any, content: Content | None = None
) -> CheckResult:
    """Check an answer. Raises ``AnswerError`` if incomplete, ``CheckUnavailable`` without keys."""
    return checker_for(content or load_content()).check(_id(item), answer)


def answer_key(item: PublicItem | Question | str, content: Content | None = None) -> AnswerKey:
    return local_checker(content).answer_key(_id(item))


# --------------------------------------------------------------------------- with the key


VERSION_LENGTH = 16  # attempts.question_version is String(16)


def _words(text: str) -> str:
    """Text as it reads: NFC, runs of white space as one space (re-wrapping YAML is no edit)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def question_version(item: Question) -> str:
    """A short stable hash of what a learner answers: the stem, the options and the key.

    Statistics belong to a question's current wording (docs/scoring.md, "문항 판"): when the
    prompt, an option's text or id, the option order, the type or the right answer changes,
    the version changes and earlier answers are counted apart. What learners read only
    after answering (explanation, feedback, source) and the hint are left out, so fixing a
    typo in an explanation keeps a question's statistics. The question id is included, so
    two questions with the same wording never share a version.
    """
    wording: dict[str, Any] = {"id": item.id, "type": item.type, "prompt": _words(item.prompt)}
    if isinstance(item, SingleChoice | MultipleChoice):
        wording["choices"] = [[c.id, _words(c.text)] for c in item.choices]
        wording["answer"] = item.answer if isinstance(item, SingleChoice) else sorted(item.answer)
    elif isinstance(item, TrueFalse):
        wording["answer"] = item.answer
    elif isinstance(item, Ordering):
        wording["steps"] = [_words(s) for s in item.steps]  # the right order
    else:
        assert isinstance(item, Matching)
        wording["pairs"] = [[_words(p.term), _words(p.meaning)] for p in item.pairs]
        wording["distractors"] = [_words(d.meaning) for d in item.distractors]
    canonical = json.dumps(wording, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:VERSION_LENGTH]


def _choices(item: SingleChoice | MultipleChoice) -> list[Option]:
    return [Option(option_key(item.id, "choice", c.id), c.text) for c in item.choices]


def _correct_canonical(item: Question) -> str:
    if isinstance(item, SingleChoice):
        return option_key(item.id, "choice", item.answer)
    if isinstance(item, MultipleChoice):
        return ",".join(sorted({option_key(item.id, "choice", a) for a in item.answer}))
    if isinstance(item, TrueFalse):
        return item.answer
    if isinstance(item, Ordering):
        return ",".join(option_key(item.id, "step", s) for s in item.steps)
    pairs = {
        option_key(item.id, "term", p.term): option_key(item.id, "meaning", p.meaning)
        for p in item.pairs
    }
    return ",".join(f"{t}={pairs[t]}" for t in sorted(pairs))


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


def _check(item: Question, answer: Any) -> CheckResult:
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
        text_of = {o.key: o.text for o in steps_of(item)}
        for position, (key, right_text) in enumerate(zip(given, item.steps, strict=True), 1):
            ok = text_of[key] == right_text
            note = "제자리입니다." if ok else f"이 자리에는 '{to_text(right_text)}'가 와야 합니다."
            feedback.append(Feedback(f"{position}. {text_of[key]}", note, ok, True))
        json_answer = given
    else:
        assert isinstance(item, Matching)
        meaning_of = {o.key: o.text for o in meanings_of(item)}
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
