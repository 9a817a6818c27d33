"""Interactive quizzes over one question bank (``data/questions.yaml``).

Public API for other parts of the course (the handout builder, reports):

- :func:`questions`, :func:`question` — the bank (the questions' public parts: no key),
  validated with the rest of the content;
- :func:`questions_for`, :func:`questions_for_cautions`, :func:`placement` — which questions
  a lesson asks after a section, FAQ, step table or group of cautions;
- :func:`public_view` → :class:`PublicQuestion` — prompt, options in display order, hint;
  no key, no feedback, option keys are opaque tokens;
- :func:`canonical_answer` — an answer (in option keys) as one display-independent string;
- :mod:`certtraining.quiz.checker`, the only holder of the answer keys:
  :func:`checker_for` → a :class:`Checker` (local with keys, or one that says answers are
  checked on the class server); :func:`check_answer` → :class:`CheckResult` (what the
  widgets use after 확인); :func:`answer_key` → :class:`AnswerKey` (right answer,
  explanation and every option's feedback, for the instructor handout);
  :func:`answer_digest` — ``sha256(f"{salt}:{question_id}:{canonical}")`` hex, the only
  form of a key that may travel to a browser; :func:`question_version` — a short hash of a
  question's wording and key, stored with each answer so statistics follow the wording;
- :func:`review_anchor` — the lesson and section a question sends a learner back to.

Widgets live in :mod:`certtraining.quiz.widgets` (practice) and :mod:`certtraining.quiz.exam`.
"""

from certtraining.content.questions import Question
from certtraining.quiz.bank import (
    AnswerError,
    Option,
    PublicQuestion,
    ReviewAnchor,
    canonical_answer,
    placement,
    public_view,
    question,
    questions,
    questions_for,
    questions_for_cautions,
    review_anchor,
)
from certtraining.quiz.checker import (
    AnswerKey,
    Checker,
    CheckResult,
    CheckUnavailable,
    Feedback,
    LocalChecker,
    NoKeyChecker,
    answer_digest,
    answer_key,
    check_answer,
    checker_for,
    local_checker,
    question_version,
)
from certtraining.quiz.display import QUESTION_MIME, WIDGET_MIME

__all__ = [
    "QUESTION_MIME",
    "WIDGET_MIME",
    "AnswerError",
    "AnswerKey",
    "CheckResult",
    "CheckUnavailable",
    "Checker",
    "LocalChecker",
    "NoKeyChecker",
    "Feedback",
    "Option",
    "PublicQuestion",
    "Question",
    "ReviewAnchor",
    "answer_digest",
    "answer_key",
    "canonical_answer",
    "check_answer",
    "checker_for",
    "local_checker",
    "question_version",
    "placement",
    "public_view",
    "question",
    "questions",
    "questions_for",
    "questions_for_cautions",
    "review_anchor",
]
