"""The shape of every content file; pydantic checks types, required fields and typos.

Cross-file rules (unique ids, resolvable references, step order) live in
``certtraining.content.rules`` because they need the whole course at once.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from certtraining.content.base import Ident, Strict, Text
from certtraining.content.keys import PublicBank, PublicItem, QuestionKey
from certtraining.content.simulator import SimulatorFile
from certtraining.content.teaching import (
    GlossaryFile,
    GlossaryTerm,
    InstructorNotesFile,
    LessonNotes,
)


class Section(Strict):
    id: Ident
    title: Text
    body: list[Text] = Field(min_length=1)
    number: Text | None = None
    origin: Literal["seed", "today"] = "seed"


class Step(Strict):
    step: int
    description: Text


class Procedure(Strict):
    id: Ident
    number: int
    title: Text
    intro: list[Text] = Field(min_length=1)
    sections: list[Section] = Field(min_length=1)
    steps: list[Step] = Field(min_length=1)
    steps_after: Ident
    today_steps: list[Text] = Field(min_length=2)


class GuideFile(Strict):
    title: Text
    source: Text
    # Sections read before the procedures (e.g. 들어가며), in order; the others come after.
    opening: list[Ident] = []
    sections: list[Section]
    procedures: list[Procedure] = Field(min_length=1)


class Faq(Strict):
    id: Ident
    number: int
    question: Text
    answer: Text


class FaqFile(Strict):
    faq: list[Faq] = Field(min_length=1)


class Caution(Strict):
    id: Ident
    section: Ident
    text: Text
    source: Text


class CautionsFile(Strict):
    cautions: list[Caution] = Field(min_length=1)


class TodayNote(Strict):
    id: Ident
    target: Ident
    title: Text
    body: Text
    sources: list[Text] = Field(min_length=1)
    confidence: Literal["H", "M"]


class TodayFile(Strict):
    notes: list[TodayNote] = Field(min_length=1)


class Minutes(Strict):
    teaching: int = Field(ge=0, le=240)
    exercises: int = Field(ge=0, le=240)


# What a lesson notebook is made of; the notebook builder dispatches on it, never on ids.
#   orientation: the covered sections, how to use the course, the name prompt, the course map
#                and the glossary (the glossary's home).
#   procedure:   a procedure's sections (named by ``procedure``), each with its quiz, and its
#                step table.
#   faq:         the other lessons' cautions again, then the covered sections and FAQ.
#   simulation:  the simulator's ``flows`` (data/simulator.yaml), then the ``questions`` one by one.
#   assessment:  the final exam (the lesson the course plan marks as the exam).
LessonKind = Literal["orientation", "procedure", "faq", "simulation", "assessment"]


class Lesson(Strict):
    id: Ident
    kind: LessonKind
    notebook: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_./-]+\.ipynb$")]
    title: Text
    minutes: Minutes
    covers: list[Ident]
    objectives: list[Text] = Field(min_length=1)
    key_points: list[Text] = Field(min_length=1)
    procedure: Ident | None = None  # kind procedure: the procedure (guide.yaml) it teaches
    flows: list[Ident] = []  # kind simulation: simulator flows (simulator.yaml), in order
    questions: list[Ident] = []  # kind simulation: questions asked one by one, in order


# Instructor notebooks the builder writes: the class report and the per-lesson teaching notes.
# No kind: the notebook is written by hand (the builder leaves it alone).
InstructorKind = Literal["class_report", "lesson_notes"]


class InstructorNotebook(Strict):
    id: Ident
    notebook: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_./-]+\.ipynb$")]
    title: Text
    kind: InstructorKind | None = None


class BlueprintPart(Strict):
    """How many exam questions come from some lessons (the questions they ask and count)
    and/or some sections or FAQ (the questions that review there)."""

    lessons: list[Ident] = []
    sections: list[Ident] = []
    count: int = Field(ge=1, le=100)


class Blueprint(Strict):
    """The final assessment's blueprint: its parts, and groups never on the same paper."""

    parts: list[BlueprintPart] = Field(min_length=1)
    apart: list[list[Ident]] = []

    @property
    def total(self) -> int:
        return sum(part.count for part in self.parts)


# What a learner must have done to be issued the 수료증 (course.yaml › certificate › require):
#   all_lessons_complete  every lesson complete (the final assessment: submitted), as the
#                         progress view counts it (docs/scoring.md)
#   final_passed          the best final-assessment submission at or above pass_threshold
CertificateRequirement = Literal["all_lessons_complete", "final_passed"]


class CertificateRule(Strict):
    """The rule under which the course issues its 수료증 (completion certificate)."""

    require: list[CertificateRequirement] = Field(min_length=1)
    # Printed under the course title ("발급: ..."); no issuer line when absent.
    issuer: Text | None = None


CourseVersion = Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z][0-9A-Za-z.+-]{0,31}$")]


class CourseFile(Strict):
    title: Text
    # The course edition a certificate and a handout's saved answers belong to. Raise it
    # when the lessons or questions change in a way that makes old answers meaningless.
    version: CourseVersion = "1"
    pass_threshold: int = Field(ge=1, le=100)
    lessons: list[Lesson] = Field(min_length=1)
    instructor: list[InstructorNotebook] = []
    # No blueprint: the exam draws EXAM_QUESTION_COUNT questions from the whole bank.
    blueprint: Blueprint | None = None
    # No certificate: the course issues none (certtraining certificate refuses, saying so).
    certificate: CertificateRule | None = None


class Content:
    """The whole validated course, with the look-ups every renderer needs.

    ``questions`` are the questions' public parts (:mod:`certtraining.content.keys`);
    ``answer_keys`` their keys in the same order, or ``None`` when the content was loaded
    without them. Only the quiz's checker reads ``answer_keys``.
    """

    def __init__(
        self,
        *,
        course: CourseFile,
        guide: GuideFile,
        faq: FaqFile,
        cautions: CautionsFile,
        today: TodayFile,
        questions: PublicBank,
        glossary: GlossaryFile,
        instructor_notes: InstructorNotesFile,
        simulator: SimulatorFile,
        answer_keys: list[QuestionKey] | None = None,
    ):
        self.course = course
        self.guide = guide
        self.faq_file = faq
        self.cautions_file = cautions
        self.today_file = today
        self.question_bank = questions
        self.glossary = glossary
        self.instructor_notes = instructor_notes
        self.simulator = simulator
        self.answer_keys = None if answer_keys is None else tuple(answer_keys)

    @property
    def questions(self) -> list[PublicItem]:
        return list(self.question_bank.questions)

    @property
    def has_answer_keys(self) -> bool:
        return self.answer_keys is not None

    def without_answer_keys(self) -> Content:
        """The same course with no key in reach: what a learner's server may hold."""
        return Content(
            course=self.course,
            guide=self.guide,
            faq=self.faq_file,
            cautions=self.cautions_file,
            today=self.today_file,
            questions=self.question_bank,
            glossary=self.glossary,
            instructor_notes=self.instructor_notes,
            simulator=self.simulator,
        )

    @property
    def glossary_terms(self) -> list[GlossaryTerm]:
        return list(self.glossary.terms)

    @property
    def lesson_notes(self) -> list[LessonNotes]:
        return list(self.instructor_notes.lessons)

    @property
    def lessons(self) -> list[Lesson]:
        return self.course.lessons

    @property
    def procedures(self) -> list[Procedure]:
        return self.guide.procedures

    @property
    def faqs(self) -> list[Faq]:
        return self.faq_file.faq

    @property
    def cautions(self) -> list[Caution]:
        return self.cautions_file.cautions

    @property
    def today_notes(self) -> list[TodayNote]:
        return self.today_file.notes

    def sections(self) -> list[Section]:
        """Every section in reading order: the opening ones, each procedure's, the rest."""
        by_id = {s.id: s for s in self.guide.sections}
        opening = [by_id[i] for i in self.guide.opening if i in by_id]
        rest = [s for s in self.guide.sections if s.id not in self.guide.opening]
        return opening + [s for p in self.procedures for s in p.sections] + rest

    def section(self, section_id: str) -> Section:
        for section in self.sections():
            if section.id == section_id:
                return section
        raise KeyError(f"알 수 없는 절 id / unknown section id: {section_id!r}")

    def procedure(self, procedure_id: str) -> Procedure:
        for procedure in self.procedures:
            if procedure.id == procedure_id:
                return procedure
        raise KeyError(f"알 수 없는 절차 id / unknown procedure id: {procedure_id!r}")

    def procedure_of(self, section_id: str) -> Procedure | None:
        return next(
            (p for p in self.procedures if any(s.id == section_id for s in p.sections)), None
        )

    def is_faq(self, anchor_id: str) -> bool:
        """A FAQ id (rather than a section id): lessons show the two differently."""
        return any(faq.id == anchor_id for faq in self.faqs)

    def faq(self, faq_id: str) -> Faq:
        for faq in self.faqs:
            if faq.id == faq_id:
                return faq
        raise KeyError(f"알 수 없는 FAQ id / unknown FAQ id: {faq_id!r}")

    def lesson(self, lesson_id: str) -> Lesson:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(f"알 수 없는 수업 id / unknown lesson id: {lesson_id!r}")

    def lessons_of_kind(self, kind: str) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.kind == kind]

    def lesson_of(self, anchor_id: str) -> Lesson | None:
        """The lesson that covers a section or FAQ, for review links."""
        return next((lesson for lesson in self.lessons if anchor_id in lesson.covers), None)

    def cautions_for(self, section_id: str) -> list[Caution]:
        return [c for c in self.cautions if c.section == section_id]

    def notes_for(self, target_id: str) -> list[TodayNote]:
        return [n for n in self.today_notes if n.target == target_id]

    def anchor_title(self, anchor_id: str) -> str:
        """A Korean label for a section or FAQ id, as review lists show it."""
        try:
            section = self.section(anchor_id)
        except KeyError:
            faq = self.faq(anchor_id)
            return f"자주 묻는 질문 {faq.number}: {faq.question}"
        return f"{section.number} {section.title}" if section.number else section.title
