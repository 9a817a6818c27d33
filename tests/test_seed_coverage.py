"""Every section, step and FAQ of the seed guide is in the data and in the executed notebooks, in order.

The seed is parsed independently of ``data/`` (a copy lives in tests/fixtures), so a slip in
the content files or a notebook that stopped showing a section makes this fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from certtraining.content import load_content

REPO = Path(__file__).resolve().parent.parent
SEED = (REPO / "tests" / "fixtures" / "seed.txt").read_text(encoding="utf-8")


def seed_sections() -> list[tuple[str, str]]:
    return re.findall(r"^(\d\.\d) (.+)$", SEED, flags=re.MULTILINE)


def seed_tables() -> list[list[str]]:
    tables = []
    for block in re.findall(r"^단계 설명\n((?:\d .+\n)+)", SEED, flags=re.MULTILINE):
        tables.append([line.split(" ", 1)[1] for line in block.strip().splitlines()])
    return tables


def seed_faq() -> list[tuple[str, str]]:
    questions = re.findall(r"^Q\d: (.+)$", SEED, flags=re.MULTILINE)
    answers = re.findall(r"^답변\d: (.+)$", SEED, flags=re.MULTILINE)
    return list(zip(questions, answers, strict=True))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_seed_parser_finds_the_whole_guide():
    assert len(seed_sections()) == 8
    assert [len(t) for t in seed_tables()] == [4, 4]
    assert len(seed_faq()) == 4


def test_sections_are_in_the_data_in_seed_order():
    content = load_content()
    data_sections = [(s.number, s.title) for p in content.procedures for s in p.sections]
    assert data_sections == seed_sections()


def test_section_bodies_quote_the_seed():
    content = load_content()
    seed = squash(SEED)
    for procedure in content.procedures:
        for section in procedure.sections:
            for paragraph in section.body:
                assert squash(paragraph) in seed, section.id


def test_step_tables_match_the_seed_exactly():
    content = load_content()
    assert [[s.description for s in p.steps] for p in content.procedures] == seed_tables()


def test_faq_matches_the_seed():
    content = load_content()
    assert [(f.question, " ".join(f.answer.split())) for f in content.faqs] == seed_faq()


def test_intro_and_conclusion_quote_the_seed():
    content = load_content()
    seed = squash(SEED)
    for section_id in ("intro", "conclusion"):
        for paragraph in content.section(section_id).body:
            assert squash(paragraph) in seed


def notebook_text(path: Path) -> str:
    """Markdown sources and every text output of an executed notebook, in cell order."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    parts = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append("".join(cell["source"]))
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            parts.append("".join(data.get("text/plain", "")))
            parts.append("".join(output.get("text", "")))
    return "\n".join(parts)


def assert_in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} missing or out of order"
        position = found + len(needle)


@pytest.mark.parametrize("lesson_id", ["issuance", "reissuance"])
def test_executed_procedure_notebooks_show_sections_and_steps_in_order(lesson_id):
    content = load_content()
    lesson = content.lesson(lesson_id)
    procedure = content.procedure(lesson_id)
    text = notebook_text(REPO / "notebooks" / lesson.notebook)
    needles = []
    for section in procedure.sections:
        needles += [f"{section.number} {section.title}", " ".join(section.body[0].split())[:40]]
        if section.id == procedure.steps_after:
            needles += [step.description for step in procedure.steps]
    assert_in_order(text, needles)


def test_executed_faq_notebook_shows_every_faq_in_order():
    content = load_content()
    text = notebook_text(REPO / "notebooks" / content.lesson("cautions_faq").notebook)
    needles = []
    for question, answer in seed_faq():
        needles += [question, answer[:30]]
    assert_in_order(text, needles)
