"""A question from the bank as static handout HTML that can still be checked offline.

The learner copy shows the question and its options (on paper ○ to mark one answer or ☐ to
tick several, as on a paper test) and carries only a salted hash of the right answer and
sealed texts (``certtraining.handout.seal``); the instructor copy adds the answer, the
explanation and every option's feedback in plain sight. Every content text goes through
``certtraining.present.markup``.

Option keys are the bank's opaque tokens (``certtraining.quiz.public_view``), and the
inline script rebuilds the bank's canonical answer strings from them
(``certtraining.quiz.bank``: a key; keys sorted and joined by commas; step keys in answer
order; ``term=meaning`` pairs sorted by term key). While answering, the script also opens
one text per picked option: ``choice=KEY`` (choices, O/X), ``choice=POSITION:KEY`` (order)
or ``choice=TERM=MEANING`` (match); ``*`` opens the explanation.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from certtraining.handout import seal
from certtraining.present.markup import inline_html, to_html, to_text
from certtraining.quiz.checker import answer_digest

MATCH_LETTERS = "가나다라마바사아자차카타파하"


@dataclass(frozen=True)
class Item:
    key: str
    text: str  # content markup


@dataclass(frozen=True)
class KeyLine:
    """One option in the instructor copy: label, its feedback, whether it is right."""

    label: str
    text: str
    correct: bool


@dataclass(frozen=True)
class HandoutQuestion:
    """What a handout needs of one question (built from the bank by ``handout.bank``).

    ``choices`` hold single/multiple/O-X options, ``steps`` an ordering question's steps,
    ``terms`` and ``meanings`` a matching question's columns, each in display order.
    ``reveals`` maps each pseudo-answer (see module doc) to the HTML shown once the reader
    picks it; ``answer_text`` is plain text.
    """

    id: str
    kind: str
    kind_label: str
    prompt: str
    correct: str
    answer_text: str
    explanation: str
    hint: str = ""
    choices: tuple[Item, ...] = ()
    steps: tuple[Item, ...] = ()
    terms: tuple[Item, ...] = ()
    meanings: tuple[Item, ...] = ()
    reveals: dict[str, str] = field(default_factory=dict)
    key_lines: tuple[KeyLine, ...] = ()
    review_html: str = ""  # where to read again after a wrong answer (not secret)


def question_salt(question: HandoutQuestion) -> str:
    """Deterministic (a rebuilt handout is byte-identical) and different for every question."""
    return seal.sha256_hex(f"certtraining-handout:{question.id}:{question.prompt}")[:16]


def feedback_html(correct: bool, label: str, text: str) -> str:
    """One option's feedback as the reader sees it after checking (mark as text, not colour)."""
    mark = "✓" if correct else "✗"
    return (
        f'<p class="ct-feedback ct-feedback-{"right" if correct else "wrong"}">{mark} '
        f'<span class="ct-feedback-choice">{inline_html(label)}</span> — {inline_html(text)}</p>'
    )


def explanation_html(explanation: str) -> str:
    return f'<div class="ct-explanation"><strong>해설</strong>{to_html(explanation)}</div>'


def _attr(text: str) -> str:
    return html.escape(to_text(text), quote=True)


# On paper, as on a paper test: a circle to mark one answer, a square to tick several.
PAPER_MARKS = {"radio": "○", "checkbox": "☐"}


def _tick_list(question: HandoutQuestion, dom_id: str) -> str:
    """Options with a screen control and a paper mark; print CSS shows only the mark. The
    mark is text in the page (not drawn by CSS) so any font subset of the page carries it."""
    input_type = "checkbox" if question.kind == "multiple" else "radio"
    mark = PAPER_MARKS[input_type]
    items = "".join(
        f'<li><label><input class="ct-pick" type="{input_type}" name="{dom_id}" '
        f'value="{c.key}"><span class="ct-box ct-box-{input_type}" aria-hidden="true">'
        f"{mark}</span>"
        f'<span class="ct-choice-text">{inline_html(c.text)}</span></label></li>'
        for c in question.choices
    )
    return f'<ul class="ct-choices">{items}</ul>'


def _order_list(question: HandoutQuestion) -> str:
    positions = "".join(
        f'<option value="{n}">{n}</option>' for n in range(1, len(question.steps) + 1)
    )
    items = "".join(
        f'<li><select class="ct-pick" data-key="{s.key}" aria-label="{_attr(s.text)}: 몇 번째?">'
        f'<option value="">순서</option>{positions}</select>'
        f'<span class="ct-blank" aria-hidden="true"></span>'
        f'<span class="ct-choice-text">{inline_html(s.text)}</span></li>'
        for s in question.steps
    )
    return f'<ul class="ct-choices ct-order">{items}</ul>'


def _match_lists(question: HandoutQuestion) -> str:
    lettered = list(zip(question.meanings, MATCH_LETTERS, strict=False))
    options = "".join(f'<option value="{m.key}">{letter}</option>' for m, letter in lettered)
    terms = "".join(
        f'<li><select class="ct-pick" data-key="{t.key}" aria-label="{_attr(t.text)}: 알맞은 뜻">'
        f'<option value="">뜻</option>{options}</select>'
        f'<span class="ct-blank" aria-hidden="true"></span>'
        f'<span class="ct-choice-text">{inline_html(t.text)}</span></li>'
        for t in question.terms
    )
    meanings = "".join(
        f'<li><span class="ct-letter">{letter}.</span> {inline_html(m.text)}</li>'
        for m, letter in lettered
    )
    return (
        f'<ul class="ct-choices ct-match">{terms}</ul>'
        f'<ul class="ct-meanings" aria-label="뜻 목록">{meanings}</ul>'
    )


def options_html(question: HandoutQuestion, dom_id: str) -> str:
    if question.kind == "order":
        return _order_list(question)
    if question.kind == "match":
        return _match_lists(question)
    return _tick_list(question, dom_id)


def sealed_slots(question: HandoutQuestion, salt: str) -> list[seal.Slot]:
    """Every option's text (right or wrong alike, all one size) and the explanation, each
    sealed under the answer that reveals it, sorted by slot id so order says nothing."""
    texts = [(seal.choice_answer(k), v) for k, v in question.reveals.items()]
    texts.append((seal.ANY_ANSWER, explanation_html(question.explanation)))
    width = seal.padded_width([t for _, t in texts])
    slots = [seal.seal_for_answer(salt, question.id, a, t, width) for a, t in texts]
    return sorted(slots, key=lambda s: s.slot_id)


def answer_html(question: HandoutQuestion) -> str:
    """The instructor copy's block under a question: answer, explanation, every feedback."""
    lines = "".join(
        f"<li>{'✓' if k.correct else '✗'} {inline_html(k.label)} — {inline_html(k.text)}</li>"
        for k in question.key_lines
    )
    feedback = f'<p class="ct-answer-label">보기별 피드백</p><ul>{lines}</ul>' if lines else ""
    return (
        '<div class="ct-answer" role="note" aria-label="정답과 해설">'
        f"<p><strong>정답:</strong> {html.escape(question.answer_text)}</p>"
        f"{explanation_html(question.explanation)}{feedback}</div>"
    )


def quiz_html(question: HandoutQuestion, number: int, dom_id: str, answers: bool) -> str:
    """One question as a handout block; ``answers`` adds the instructor's answer block.

    A question built without its key (content loaded without keys) has no offline check
    and no answer block: the script only wakes up quizzes that carry a digest.
    """
    salt = question_salt(question)
    checkable = bool(question.correct)
    digest = answer_digest(salt, question.id, question.correct)
    check_data = f' data-salt="{salt}" data-digest="{digest}"' if checkable else ""
    slots = "".join(
        f'<span data-slot="{s.slot_id}" data-sealed="{s.sealed}"></span>'
        for s in (sealed_slots(question, salt) if checkable else [])
    )
    hint = (
        f'<details class="ct-hint"><summary>힌트</summary>{to_html(question.hint)}</details>'
        if question.hint
        else ""
    )
    return (
        f'<div class="ct-quiz" id="{dom_id}" role="group" aria-labelledby="{dom_id}-label" '
        f'data-qid="{html.escape(question.id)}" data-type="{question.kind}"{check_data}>'
        f'<p class="ct-quiz-label" id="{dom_id}-label">문제 {number} '
        f'<span class="ct-quiz-kind">({html.escape(question.kind_label)})</span></p>'
        f'<div class="ct-quiz-question">{to_html(question.prompt)}</div>'
        f"{options_html(question, dom_id)}{hint}"
        '<div class="ct-controls" hidden><button type="button" class="ct-check">확인</button> '
        '<button type="button" class="ct-retry">다시 풀기</button></div>'
        '<div class="ct-result" role="status" aria-live="polite" hidden></div>'
        f'<div class="ct-sealed" hidden>{slots}</div>'
        f'<div class="ct-review-src" hidden>{question.review_html}</div>'
        f"{answer_html(question) if answers and checkable else ''}</div>"
    )


def answer_key_html(entries: list[tuple[int, str, HandoutQuestion]]) -> str:
    """The instructor copy's closing answer key: number, question, answer."""
    rows = "".join(
        f'<tr><td><a href="#{dom_id}">{number}</a></td>'
        f"<td>{inline_html(' '.join(q.prompt.split()))}</td>"
        f"<td>{html.escape(q.answer_text)}</td></tr>"
        for number, dom_id, q in entries
    )
    return (
        '<section class="ct-answer-key" aria-labelledby="answer-key">'
        '<h2 id="answer-key">정답표 (강사용)</h2>'
        '<table class="ct-key-table"><thead><tr><th scope="col">번호</th>'
        '<th scope="col">문제</th><th scope="col">정답</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )
