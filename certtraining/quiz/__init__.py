"""Interactive quizzes over one question bank (``data/questions.yaml``).

Public API for other parts of the course (the handout builder, reports):

- :func:`questions`, :func:`question` — the bank, validated with the rest of the content;
- :func:`questions_for`, :func:`questions_for_cautions`, :func:`placement` — which questions
  a lesson asks after a section, FAQ, step table or group of cautions;
- :func:`public_view` → :class:`PublicQuestion` — prompt, options in display order, hint;
  no key, no feedback, option keys are opaque tokens;
- :func:`canonical_answer` — an answer (in option keys) as one display-independent string;
- :func:`answer_digest` — ``sha256(f"{salt}:{question_id}:{canonical}")`` hex, the only form
  of a key that may travel to a browser;
- :func:`answer_key` → :class:`AnswerKey` — right answer, explanation and every option's
  feedback, for the instructor handout;
- :func:`check_answer` → :class:`CheckResult` — what the widgets use after 확인;
- :func:`review_anchor` — the lesson and section a question sends a learner back to.

Widgets live in :mod:`certtraining.quiz.widgets` (practice) and :mod:`certtraining.quiz.exam`.
Names here resolve lazily so that the content loader can import the bank models without a
cycle.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "AnswerError": "bank",
    "AnswerKey": "bank",
    "CheckResult": "bank",
    "Feedback": "bank",
    "Option": "bank",
    "PublicQuestion": "bank",
    "ReviewAnchor": "bank",
    "answer_digest": "bank",
    "answer_key": "bank",
    "canonical_answer": "bank",
    "check_answer": "bank",
    "placement": "bank",
    "public_view": "bank",
    "question": "bank",
    "questions": "bank",
    "questions_for": "bank",
    "questions_for_cautions": "bank",
    "review_anchor": "bank",
    "Question": "models",
    "QUESTION_MIME": "display",
    "WIDGET_MIME": "display",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        module = importlib.import_module(f"certtraining.quiz.{_EXPORTS[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'certtraining.quiz' has no attribute {name!r}")
