"""The one-line calls lesson notebooks make. Each returns something Jupyter displays.

Notebooks stay thin: every fact comes from ``data/`` through these calls, so a teacher
edits content in one place and every lesson, quiz and handout follows.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:  # the course loads when a cell first asks for it, not on import
    from certtraining.content import Content
    from certtraining.notebook.certificate import CertificateOffer
    from certtraining.notebook.review import ReviewView
    from certtraining.practice.simulator import Simulator
    from certtraining.present.blocks import Block
    from certtraining.quiz.exam import ExamWidget
    from certtraining.quiz.widgets import QuestionWidget

__all__ = [
    "ask_learner_name",
    "final_exam",
    "finish_lesson",
    "offer_certificate",
    "quiz",
    "quiz_cautions",
    "quiz_section",
    "show_cautions",
    "show_course_map",
    "show_course_progress",
    "show_faq",
    "show_glossary",
    "show_instructor_notes",
    "show_key_points",
    "show_objectives",
    "show_procedure_intro",
    "show_review",
    "show_section",
    "show_simulator",
    "show_steps",
    "start_lesson",
]


def load_content() -> Content:
    """The course (validated once per content and cached on disk, see content.disk_cache).

    Imported here on first use so ``from certtraining.lesson import *`` costs no more than
    the libraries every lesson needs; the first call that shows something pays for the rest.
    """
    from certtraining.content import load_content as _load

    return _load()


def _linked(call: str, ident: str) -> AbstractContextManager[None]:
    """Glossary links on the terms this call is the first in its lesson to show, added to the
    content rendered inside the ``with``."""
    from certtraining.practice.glossary import links_for

    return links_for(call, ident)


def show_objectives(lesson_id: str) -> Block:
    from certtraining.present import blocks

    with _linked("show_objectives", lesson_id):
        return blocks.objectives_block(load_content().lesson(lesson_id))


def show_key_points(lesson_id: str) -> Block:
    from certtraining.present import blocks

    with _linked("show_key_points", lesson_id):
        return blocks.key_points_block(load_content().lesson(lesson_id))


def _notes(target: str) -> Block:
    from certtraining.present import blocks
    from certtraining.present.blocks import Block

    block = Block("", "")
    for note in load_content().notes_for(target):
        block = block + blocks.today_block(note)
    return block


def show_section(section_id: str) -> Block:
    """A section's text, its cautions and its 'today' notes, in that order."""
    from certtraining.present import blocks

    content = load_content()
    section = content.section(section_id)
    with _linked("show_section", section_id):
        return (
            blocks.section_block(section)
            + blocks.cautions_block(content.cautions_for(section_id))
            + _notes(section_id)
        )


def show_procedure_intro(procedure_id: str) -> Block:
    from certtraining.present import blocks

    with _linked("show_procedure_intro", procedure_id):
        return blocks.paragraphs_block(load_content().procedure(procedure_id).intro)


def show_steps(procedure_id: str) -> Block:
    """The seed's step table as given, then today's order inside the 'today' callout."""
    from certtraining.present import blocks, tables
    from certtraining.present.blocks import Block

    content = load_content()
    procedure = content.procedure(procedure_id)
    with _linked("show_steps", procedure_id):
        seed_table = tables.table_block(
            tables.steps_frame(procedure),
            f"steps-{procedure.id}",
            f"{procedure.title}: 원문의 단계",
            markup=True,
        )
        today_table = tables.table_block(
            tables.today_steps_frame(procedure),
            f"today-steps-{procedure.id}",
            f"오늘의 순서: {procedure.title.replace('공인인증서', '공동인증서')}",
            markup=True,
        )
        notes = Block("", "")
        for note in content.notes_for(procedure_id):
            notes = notes + blocks.today_block(note, today_table.html, "\n" + today_table.text)
    return seed_table + notes


def show_faq(faq_id: str) -> Block:
    from certtraining.present import blocks

    content = load_content()
    with _linked("show_faq", faq_id):
        return blocks.faq_block(content.faq(faq_id)) + _notes(faq_id)


def course_map_frame() -> pd.DataFrame:
    """The lessons in course order (numbered like their notebooks) with their minutes."""
    from certtraining.present import blocks

    return pd.DataFrame(blocks.course_map_rows(load_content())).set_index("순서")


def show_course_map() -> Block:
    from certtraining.present import tables

    return tables.table_block(course_map_frame(), "course-map", "수업 순서와 시간")


def show_cautions(section_id: str) -> Block:
    """Only a section's cautions (03_cautions_faq gathers them before their quizzes)."""
    from certtraining.present import blocks

    content = load_content()
    with _linked("show_cautions", section_id):
        return blocks.cautions_block(content.cautions_for(section_id))


def quiz(question_id: str) -> QuestionWidget:
    """One practice question from the bank (``data/questions.yaml``)."""
    from certtraining.quiz.calls import quiz as _quiz

    return _quiz(question_id)


def quiz_section(anchor_id: str) -> None:
    """Every practice question placed after a section, FAQ or procedure step table."""
    from certtraining.quiz.calls import quiz_section as _quiz_section

    _quiz_section(anchor_id)


def quiz_cautions(section_id: str) -> None:
    """Every practice question on the cautions of one section."""
    from certtraining.quiz.calls import quiz_cautions as _quiz_cautions

    _quiz_cautions(section_id)


def final_exam() -> ExamWidget:
    """The final assessment: a paper seeded from the learner id, graded on 제출."""
    from certtraining.quiz.calls import final_exam as _final_exam

    return _final_exam()


def show_glossary() -> Block:
    """The whole glossary (용어집); lessons link each term's first use to its entry here."""
    from certtraining.practice.glossary import glossary_block

    return glossary_block()


def show_simulator(flow: str | None = None) -> Simulator:
    """The practice certificate centre: a flow of data/simulator.yaml (default: its first)."""
    from certtraining.practice.simulator import Simulator

    return Simulator(flow)


def show_instructor_notes(lesson_id: str, with_plan: bool = False) -> Block:
    """Instructor notes for one lesson (with its objectives and key points when asked).

    For the instructor notebook only, never a lesson notebook.
    """
    from certtraining.practice.notes import instructor_notes_block

    return instructor_notes_block(lesson_id, with_plan=with_plan)


def start_lesson(lesson_id: str) -> object:
    """Record that the lesson was opened; show its progress bar (moves as answers are checked)."""
    from certtraining.notebook.views import start_lesson as _start

    return _start(lesson_id)


def finish_lesson(lesson_id: str) -> object:
    """The end-of-lesson marker (reaching it records "finished"), then this lesson's results
    and what to review next."""
    from certtraining.notebook.views import finish_lesson as _finish

    return _finish(lesson_id)


def ask_learner_name() -> object:
    """00_intro's one-time name prompt; the name is remembered for every later lesson."""
    from certtraining.notebook.views import ask_learner_name as _ask

    return _ask()


def show_course_progress() -> object:
    """The learner's progress in every lesson of the course, as a table."""
    from certtraining.notebook.views import course_progress as _course

    return _course()


def offer_certificate() -> CertificateOffer:
    """The final lesson's 수료증: what is still missing, or a name box and 수료증 받기."""
    from certtraining.notebook.certificate import offer_certificate as _offer

    return _offer()


def show_review() -> ReviewView:
    """오늘의 복습: the questions due today for this learner, answered in place."""
    from certtraining.notebook.review import show_review as _review

    return _review()
