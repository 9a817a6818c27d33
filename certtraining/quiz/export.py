"""The bank in other tools' formats. Exports are instructors' files: they hold the key.

jupyterquiz (https://github.com/jmshea/jupyterquiz) reads a list of questions, each
``{"question", "type": "multiple_choice" | "many_choice", "answers": [{"answer", "correct",
"feedback"}]}``, and sets every text as HTML. So our texts go through
:func:`certtraining.present.markup.inline_html` (raw HTML in content is escaped, never run).
Single choice and O/X become ``multiple_choice``, multiple select ``many_choice``; ordering
and matching have no jupyterquiz type and are left out. jupyterquiz has no explanation field,
so the explanation follows the right answers' feedback. The keys come from the checker
(:func:`certtraining.quiz.checker.local_checker`); content loaded without them cannot be
exported (``CheckUnavailable``).
"""

from __future__ import annotations

from typing import Any

from certtraining.content import load_content
from certtraining.content.models import Content
from certtraining.content.questions import MultipleChoice, SingleChoice, TrueFalse
from certtraining.present.markup import inline_html
from certtraining.quiz.bank import OX_LABELS
from certtraining.quiz.checker import local_checker


def _html(text: str) -> str:
    return inline_html(" ".join(text.split()))


def _answer(text: str, correct: bool, feedback: str, explanation: str) -> dict[str, Any]:
    shown = f"{feedback} {explanation}" if correct else feedback
    return {"answer": _html(text), "correct": correct, "feedback": _html(shown)}


def jupyterquiz_questions(content: Content | None = None) -> list[dict[str, Any]]:
    """Single choice, multiple select and O/X questions as jupyterquiz question dicts."""
    content = content or load_content()
    exported: list[dict[str, Any]] = []
    for item in local_checker(content).authored_questions():
        if isinstance(item, SingleChoice | MultipleChoice):
            right = {item.answer} if isinstance(item, SingleChoice) else set(item.answer)
            answers = [
                _answer(c.text, c.id in right, c.feedback, item.explanation) for c in item.choices
            ]
            kind = "multiple_choice" if isinstance(item, SingleChoice) else "many_choice"
        elif isinstance(item, TrueFalse):
            answers = [
                _answer(OX_LABELS[k], k == item.answer, getattr(item.feedback, k), item.explanation)
                for k in "OX"
            ]
            kind = "multiple_choice"
        else:
            continue
        entry: dict[str, Any] = {"question": _html(item.prompt), "type": kind, "answers": answers}
        if kind == "many_choice":
            entry["answer_cols"] = 1
        exported.append(entry)
    return exported
