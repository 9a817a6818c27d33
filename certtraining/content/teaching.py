"""The shape of ``data/glossary.yaml`` and ``data/instructor_notes.yaml``.

Both are teaching-kit content: the glossary is shown to learners (in ``00_intro`` and as
links from each lesson), the instructor notes only to teaching staff (instructor notebook
and instructor handout). Every definition and every answer a note gives carries a
``source`` so staff can check it (shared/domain-facts.md asks for this).
"""

from __future__ import annotations

from pydantic import Field

from certtraining.content.base import Ident, Strict, Text


class GlossaryTerm(Strict):
    id: Ident
    term: Text
    definition: Text
    source: Text
    # Other spellings that count as a use of the term (e.g. "추가 인증" with a space).
    aliases: list[Text] = []
    see_also: list[Ident] = []

    @property
    def spellings(self) -> list[str]:
        return [self.term, *self.aliases]


class GlossaryFile(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)

    @property
    def items(self) -> list[GlossaryTerm]:
        """What ``certtraining validate`` counts."""
        return self.terms


class Misconception(Strict):
    belief: Text  # what learners often think
    correction: Text  # what is true today
    source: Text


class LearnerQuestion(Strict):
    question: Text
    answer: Text
    source: Text


class LessonNotes(Strict):
    lesson: Ident
    misconceptions: list[Misconception] = Field(min_length=1)
    questions: list[LearnerQuestion] = Field(min_length=1)
    demonstrate: list[Text] = Field(min_length=1)


class InstructorNotesFile(Strict):
    lessons: list[LessonNotes] = Field(min_length=1)

    @property
    def items(self) -> list[LessonNotes]:
        return self.lessons
