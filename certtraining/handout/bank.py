"""The handout's only link to the question bank (``certtraining.quiz``) and the instructor
notes: it turns a bank question into a ``HandoutQuestion``, so a change in the bank's
shape touches this one file.

Feedback texts mirror what the notebook widget shows after 확인
(``certtraining.quiz.checker``): the chosen option's feedback for choices and O/X,
one line per position for an ordering, one line per term for a matching.
"""

from __future__ import annotations

import html
from dataclasses import replace
from typing import Any

from certtraining.handout.quiz import HandoutQuestion, Item, KeyLine, feedback_html
from certtraining.present.markup import to_text


def handout_question(question_id: str) -> HandoutQuestion | None:
    """The bank's question ``question_id`` in handout form; None when the bank lacks it.

    What the reader sees comes from the public view; the offline check (the answer's hash,
    the sealed feedback) and the instructor's answer block come from the checker, the only
    holder of the keys. Content loaded without keys gives the question with no check.
    """
    from certtraining import quiz
    from certtraining.content import load_content

    content = load_content()
    try:
        item = quiz.question(question_id, content)
    except KeyError:
        return None
    view = quiz.public_view(item, content=content)
    shown = HandoutQuestion(
        id=item.id,
        kind=item.type,
        kind_label=view.type_label,
        prompt=item.prompt,
        correct="",
        answer_text="",
        explanation="",
        hint=item.hint or "",
        choices=_items(view.choices),
        steps=_items(view.steps),
        terms=_items(view.terms),
        meanings=_items(view.meanings),
        review_html=review_html(item),
    )
    checker = quiz.checker_for(content)
    if not isinstance(checker, quiz.LocalChecker):
        return shown
    key = checker.answer_key(question_id)
    return replace(
        shown,
        correct=key.canonical,
        answer_text=key.answer_text,
        explanation=key.explanation,
        reveals=_reveals(checker.authored(question_id), view),
        key_lines=tuple(KeyLine(f.label, f.text, f.correct) for f in key.feedback),
    )


def _reveals(item: Any, view: Any) -> dict[str, str]:
    """What each pseudo-answer opens (see ``handout.quiz``), from the whole question."""
    from certtraining.content import questions as models
    from certtraining.content.keys import option_key

    reveals: dict[str, str] = {}
    if isinstance(item, models.SingleChoice | models.MultipleChoice):
        right = {item.answer} if isinstance(item, models.SingleChoice) else set(item.answer)
        by_key = {option_key(item.id, "choice", c.id): c for c in item.choices}
        for option in view.choices:
            choice = by_key[option.key]
            reveals[option.key] = feedback_html(choice.id in right, choice.text, choice.feedback)
    elif isinstance(item, models.TrueFalse):
        for option in view.choices:
            text = getattr(item.feedback, option.key)
            reveals[option.key] = feedback_html(option.key == item.answer, option.text, text)
    elif isinstance(item, models.Ordering):
        for position, right_text in enumerate(item.steps, 1):
            for step in view.steps:
                ok = step.text == right_text
                note = (
                    "제자리입니다." if ok else f"이 자리에는 '{to_text(right_text)}'가 와야 합니다."
                )
                reveals[f"{position}:{step.key}"] = feedback_html(
                    ok, f"{position}. {step.text}", note
                )
    else:
        pairs = {p.term: p for p in item.pairs}
        for term in view.terms:
            pair = pairs[term.text]
            for meaning in view.meanings:
                ok = meaning.text == pair.meaning
                reveals[f"{term.key}={meaning.key}"] = feedback_html(
                    ok, f"{term.text} — {meaning.text}", pair.feedback
                )
    return reveals


def review_html(item: Any) -> str:
    """ "복습할 곳" as the notebook widget says it, linked to the section in its handout."""
    from pathlib import Path

    from certtraining import quiz
    from certtraining.content import load_content

    content = load_content()
    anchor = quiz.review_anchor(item, content)
    if not anchor.section:
        return ""
    place = content.anchor_title(anchor.section)
    href = f"#{anchor.section}"
    if anchor.lesson:
        lesson = content.lesson(anchor.lesson)
        place = f"{lesson.title} › {place}"
        href = f"{Path(lesson.notebook).stem}.html#{anchor.section}"
    return f'<p class="ct-review">복습할 곳: <a href="{html.escape(href)}">{html.escape(place)}</a></p>'


def _items(options: Any) -> tuple[Item, ...]:
    return tuple(Item(o.key, o.text) for o in options)


def exam_ids(payload: dict[str, Any]) -> list[str]:
    """The question ids an exam widget's bundle names (empty when it names none)."""
    ids = payload.get("question_ids") or []
    return [str(i) for i in ids] if isinstance(ids, list) else []


def instructor_notes_html(lesson_id: str) -> str:
    """The lesson's instructor notes box (the practice kit's rendering), or "" when none."""
    from certtraining.practice.notes import instructor_notes_block

    return instructor_notes_block(lesson_id).html
