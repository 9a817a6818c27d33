"""Where the course shows each piece of content and asks each question, in reading order.

The notebook builder (``certtraining.notebook.build``) lays every lesson out by its kind;
this module is the same walk without notebook cells, so content rules, the final exam's
blueprint and the progress plan can ask "where is this shown, which lesson asks that
question" without the quiz or notebook layers. ``tests/test_blueprint_and_pace.py`` checks the walk
against the calls of the built notebooks, so the two cannot drift apart.

A lesson is a list of :class:`Stop` s. A stop shows content ids (a section with its
cautions and 'today' notes, a FAQ with its notes, a procedure's step table with its notes,
cautions gathered again) and asks questions. Stops marked ``optional`` form a lesson's
"더 풀어 보기" part: questions there are extra practice and never count toward that lesson.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from certtraining.content.keys import PublicItem
from certtraining.content.models import Content, Lesson

# The heading of a lesson's optional part (the builder writes it; views and docs name it).
OPTIONAL_PART_TITLE = "더 풀어 보기"


@dataclass(frozen=True)
class Stop:
    lesson: str
    shows: tuple[str, ...] = ()  # content ids shown here
    asks: tuple[str, ...] = ()  # question ids asked here, in order
    optional: bool = False  # in the lesson's "더 풀어 보기" part (not counted)


# --------------------------------------------------------------------------- placement


def anchor_of(tested: str, content: Content) -> str | None:
    """The section or FAQ a tested id belongs to (a caution's section, a note's target…)."""
    section_ids = {s.id for s in content.sections()}
    faq_ids = {f.id for f in content.faqs}
    if tested in section_ids or tested in faq_ids:
        return tested
    caution = next((c for c in content.cautions if c.id == tested), None)
    if caution:
        return caution.section
    note = next((n for n in content.today_notes if n.id == tested), None)
    if note:
        if note.target in section_ids or note.target in faq_ids:
            return note.target
        procedure = next((p for p in content.procedures if p.id == note.target), None)
        if procedure:
            return procedure.steps_after
    return None


def placement(item: PublicItem, content: Content) -> str | None:
    """Where a lesson asks the question: the anchor of the first id in ``tests``.

    A section or FAQ is its own place, a caution's place is its section, a today note's
    place is its target (a procedure's notes put the question after its step table, so the
    place is the procedure id).
    """
    procedure_ids = {p.id for p in content.procedures}
    for tested in item.tests:
        note = next((n for n in content.today_notes if n.id == tested), None)
        if note and note.target in procedure_ids:
            return note.target
        anchor = anchor_of(tested, content)
        if anchor:
            return anchor
    return None


def review_section(item: PublicItem, content: Content) -> str | None:
    """The section or FAQ of the first id in ``tests`` that leads somewhere."""
    for tested in item.tests:
        anchor = anchor_of(tested, content)
        if anchor:
            return anchor
    return None


def questions_for(anchor_id: str, content: Content) -> list[PublicItem]:
    """Questions placed after a section, FAQ or procedure step table, in bank order."""
    return [q for q in content.questions if placement(q, content) == anchor_id]


def questions_for_cautions(section_id: str, content: Content) -> list[PublicItem]:
    """Questions that test any caution of a section, each once, in bank order."""
    caution_ids = {c.id for c in content.cautions_for(section_id)}
    return [q for q in content.questions if caution_ids & set(q.tests)]


# --------------------------------------------------------------------------- what is shown


def section_shows(content: Content, section_id: str) -> tuple[str, ...]:
    """``show_section``: the section, its cautions and its 'today' notes."""
    cautions = [c.id for c in content.cautions_for(section_id)]
    notes = [n.id for n in content.notes_for(section_id)]
    return (section_id, *cautions, *notes)


def faq_shows(content: Content, faq_id: str) -> tuple[str, ...]:
    return (faq_id, *[n.id for n in content.notes_for(faq_id)])


def _ids(items: Iterable[PublicItem]) -> tuple[str, ...]:
    return tuple(q.id for q in items)


def review_sections(content: Content, lesson: Lesson) -> list[str]:
    """Sections whose cautions a faq lesson gathers again (those it does not cover itself)."""
    return [
        s.id for s in content.sections() if s.id not in lesson.covers and content.cautions_for(s.id)
    ]


def _procedure_stops(content: Content, lesson: Lesson) -> list[Stop]:
    stops = []
    for section_id in lesson.covers:
        procedure = content.procedure_of(section_id)
        stops.append(
            Stop(
                lesson.id,
                section_shows(content, section_id),
                _ids(questions_for(section_id, content)),
            )
        )
        if procedure and procedure.steps_after == section_id:
            notes = tuple(n.id for n in content.notes_for(procedure.id))
            stops.append(Stop(lesson.id, notes, _ids(questions_for(procedure.id, content))))
    return stops


def _orientation_stops(content: Content, lesson: Lesson) -> list[Stop]:
    shown = [
        faq_shows(content, a) if content.is_faq(a) else section_shows(content, a)
        for a in lesson.covers
    ]
    stops = [Stop(lesson.id, ids) for ids in shown]
    stops += [Stop(lesson.id, (), _ids(questions_for(a, content))) for a in lesson.covers]
    return stops


def _faq_stops(content: Content, lesson: Lesson) -> list[Stop]:
    stops = []
    for anchor_id in lesson.covers:
        if content.is_faq(anchor_id):
            stops.append(
                Stop(
                    lesson.id,
                    faq_shows(content, anchor_id),
                    _ids(questions_for(anchor_id, content)),
                )
            )
        else:
            stops.append(
                Stop(
                    lesson.id,
                    section_shows(content, anchor_id),
                    _ids(questions_for_cautions(anchor_id, content)),
                )
            )
    # The other lessons' cautions again, with their questions: extra practice at the end.
    for section_id in review_sections(content, lesson):
        cautions = tuple(c.id for c in content.cautions_for(section_id))
        asks = _ids(questions_for_cautions(section_id, content))
        stops.append(Stop(lesson.id, cautions, asks, optional=True))
    return stops


def _simulation_stops(content: Content, lesson: Lesson) -> list[Stop]:
    return [Stop(lesson.id, (), tuple(lesson.questions))]


def lesson_stops(content: Content, lesson: Lesson) -> list[Stop]:
    """The stops of one lesson in reading order (the assessment has none: it asks its paper)."""
    builders = {
        "orientation": _orientation_stops,
        "procedure": _procedure_stops,
        "faq": _faq_stops,
        "simulation": _simulation_stops,
    }
    builder = builders.get(lesson.kind)
    return builder(content, lesson) if builder else []


def course_stops(content: Content) -> list[Stop]:
    return [stop for lesson in content.lessons for stop in lesson_stops(content, lesson)]


# --------------------------------------------------------------------------- look-ups


def first_shown(content: Content) -> dict[str, int]:
    """Content id → the index (in :func:`course_stops`) of the first stop that shows it."""
    found: dict[str, int] = {}
    for index, stop in enumerate(course_stops(content)):
        for ident in stop.shows:
            found.setdefault(ident, index)
    return found


def first_asked(content: Content) -> dict[str, int]:
    """Question id → the index of the first stop that asks it (optional parts included)."""
    found: dict[str, int] = {}
    for index, stop in enumerate(course_stops(content)):
        for ident in stop.asks:
            found.setdefault(ident, index)
    return found


def counted_questions(content: Content, lesson: Lesson) -> list[str]:
    """The questions a lesson counts: asked in its own part, not asked by an earlier lesson.

    A question asked again later (a faq lesson's gathered cautions) still counts only where
    it was first asked, so no question counts in two lessons.
    """
    homes = home_lessons(content)
    return [q for q, home in homes.items() if home == lesson.id]


def home_lessons(content: Content) -> dict[str, str]:
    """Question id → the lesson whose required (not optional) part first asks it.

    Questions no lesson asks (they only appear on exam papers) have no home.
    """
    homes: dict[str, str] = {}
    for stop in course_stops(content):
        if stop.optional:
            continue
        for ident in stop.asks:
            homes.setdefault(ident, stop.lesson)
    order = [q.id for q in content.questions]
    return {q: homes[q] for q in order if q in homes}
