"""What a lesson notebook asks of the browser, read from the notebook and the question bank."""

from __future__ import annotations

import re

import nbformat

from certtraining import quiz
from certtraining.content.models import Lesson
from certtraining.present.markup import to_text
from tests.browser.lab_server import REPO

QUIZ_CALL = re.compile(r"\b(quiz_section|quiz_cautions|quiz)\(\"([^\"]+)\"\)")


def squash(text: str) -> str:
    return " ".join(text.split())


def line(text: str) -> str:
    """A content text as the widgets print it: markup removed, whitespace squashed."""
    return squash(to_text(text))


def asked_question_ids(lesson: Lesson) -> list[str]:
    """The questions the lesson notebook asks, in order, read from its quiz calls."""
    notebook = nbformat.read(REPO / "notebooks" / lesson.notebook, as_version=4)
    asked: list[str] = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        for call, argument in QUIZ_CALL.findall(cell.source):
            if call == "quiz_section":
                asked += [item.id for item in quiz.questions_for(argument)]
            elif call == "quiz_cautions":
                asked += [item.id for item in quiz.questions_for_cautions(argument)]
            else:
                asked.append(argument)
    return asked
