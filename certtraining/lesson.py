"""The one-line calls lesson notebooks make. Each returns something Jupyter displays.

Notebooks stay thin: every fact comes from ``data/`` through these calls, so a teacher
edits content in one place and every lesson, quiz and handout follows.
"""

from __future__ import annotations

import pandas as pd

from certtraining import render, tables
from certtraining.content import load_content
from certtraining.render import Block

__all__ = [
    "show_course_map",
    "show_faq",
    "show_key_points",
    "show_objectives",
    "show_procedure_intro",
    "show_section",
    "show_steps",
]


def show_objectives(lesson_id: str) -> Block:
    return render.objectives_block(load_content().lesson(lesson_id))


def show_key_points(lesson_id: str) -> Block:
    return render.key_points_block(load_content().lesson(lesson_id))


def _notes(target: str) -> Block:
    block = Block("", "")
    for note in load_content().notes_for(target):
        block = block + render.today_block(note)
    return block


def show_section(section_id: str) -> Block:
    """A section's text, its cautions and its 'today' notes, in that order."""
    content = load_content()
    section = content.section(section_id)
    return (
        render.section_block(section)
        + render.cautions_block(content.cautions_for(section_id))
        + _notes(section_id)
    )


def show_procedure_intro(procedure_id: str) -> Block:
    return render.paragraphs_block(load_content().procedure(procedure_id).intro)


def show_steps(procedure_id: str) -> Block:
    """The seed's step table as given, then today's order inside the 'today' callout."""
    content = load_content()
    procedure = content.procedure(procedure_id)
    seed_table = tables.steps_block(
        tables.steps_frame(procedure),
        f"steps-{procedure.id}",
        f"표 {procedure.number}. {procedure.title} (원문의 단계)",
    )
    today_table = tables.steps_block(
        tables.today_steps_frame(procedure),
        f"today-steps-{procedure.id}",
        f"오늘의 순서: {procedure.title.replace('공인인증서', '공동인증서')}",
    )
    notes = Block("", "")
    for note in content.notes_for(procedure_id):
        notes = notes + render.today_block(note, today_table.html, "\n" + today_table.text)
    return seed_table + notes


def show_faq(faq_id: str) -> Block:
    content = load_content()
    return render.faq_block(content.faq(faq_id)) + _notes(faq_id)


def show_course_map() -> pd.DataFrame:
    """The lessons in course order with their minutes, as a table."""
    content = load_content()
    return pd.DataFrame(render.course_map_rows(content)).set_index("순서")
