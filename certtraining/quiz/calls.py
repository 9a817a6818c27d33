"""The quiz calls lesson notebooks make (re-exported by :mod:`certtraining.notebook.lesson`).

A single question returns its widget (the cell shows it); a group of questions is shown with
one ``display`` per question, so each output carries its own question MIME entry and the
handout builder can render them one by one.
"""

from __future__ import annotations

from IPython.display import display

from certtraining.content import load_content
from certtraining.quiz.bank import question, questions_for, questions_for_cautions
from certtraining.quiz.exam import ExamWidget
from certtraining.quiz.widgets import QuestionWidget


def quiz(question_id: str) -> QuestionWidget:
    """One practice question."""
    content = load_content()
    return QuestionWidget(question(question_id, content), content=content)


def _show_all(items: list) -> list[QuestionWidget]:
    content = load_content()
    shown = [QuestionWidget(item, content=content) for item in items]
    for widget in shown:
        display(widget)
    return shown


def quiz_section(anchor_id: str) -> None:
    """The practice questions placed after a section, FAQ or procedure step table."""
    _show_all(questions_for(anchor_id, load_content()))


def quiz_cautions(section_id: str) -> None:
    """The practice questions on the cautions of one section (used by 03_cautions_faq)."""
    _show_all(questions_for_cautions(section_id, load_content()))


def final_exam() -> ExamWidget:
    """The final assessment paper for the current learner (seeded from the learner id)."""
    return ExamWidget()
