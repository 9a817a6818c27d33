"""Which files make up a content folder, and which model checks each."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from certtraining.content import keys, models, questions, simulator, teaching


@dataclass(frozen=True)
class FileSpec:
    name: str
    key: str
    model: type[BaseModel]
    required: bool = True
    empty: dict[str, Any] = field(default_factory=dict)
    # Fills in what a file takes from another (by key) once every file has parsed.
    resolve: Callable[[Any, dict[str, BaseModel]], BaseModel] | None = None


FILES: list[FileSpec] = [
    FileSpec("course.yaml", "course", models.CourseFile),
    FileSpec("guide.yaml", "guide", models.GuideFile),
    FileSpec("faq.yaml", "faq", models.FaqFile),
    FileSpec("cautions.yaml", "cautions", models.CautionsFile),
    FileSpec("today.yaml", "today", models.TodayFile),
    FileSpec(
        "questions.yaml",
        "questions",
        questions.QuestionsFile,
        resolve=questions.with_steps_from_guide,
    ),
    FileSpec("glossary.yaml", "glossary", teaching.GlossaryFile),
    FileSpec("instructor_notes.yaml", "instructor_notes", teaching.InstructorNotesFile),
    FileSpec("simulator.yaml", "simulator", simulator.SimulatorFile),
]

# A key-free copy of the content (``certtraining content public``) holds this file in place
# of ``questions.yaml``: every question's public part and nothing of its key.
PUBLIC = FileSpec("questions.public.yaml", "questions", keys.PublicBank)
