"""The glossary (용어집): shown whole in ``00_intro``, linked from each term's first use in a lesson.

"First use" is read off the lesson notebook as ``certtraining.notebook.build`` builds it: the
``show_*`` calls in cell order, each with the text it shows from ``data/``. So the link sits
where a learner first meets the term, and moves by itself when a teacher edits the content.
Links are added while the content's Markdown is parsed (:func:`links_for`), as link tokens
around the word, so nothing a teacher wrote can turn into markup; the plain-text form
stays as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from certtraining.content import Content, load_content
from certtraining.content.models import Lesson
from certtraining.content.outline import review_sections
from certtraining.content.teaching import GlossaryTerm
from certtraining.present import markup
from certtraining.present.blocks import Block
from certtraining.present.markup import to_html, to_text
from certtraining.present.templates import render, safe


def terms(content: Content | None = None) -> list[GlossaryTerm]:
    content = content or load_content()
    return content.glossary_terms


def anchor_id(term_id: str) -> str:
    return f"glossary-{term_id}"


def glossary_block(content: Content | None = None) -> Block:
    """Every term with its definition and source; each ``<dt>`` carries the link target id."""
    entries = []
    lines = ["용어집"]
    names = {t.id: t.term for t in terms(content)}
    for term in terms(content):
        entries.append(
            {
                "anchor": anchor_id(term.id),
                "term": term.term,
                "definition_html": safe(to_html(term.definition)),
                "see_also": [
                    {"anchor": anchor_id(other), "term": names[other]} for other in term.see_also
                ],
                "source": term.source,
            }
        )
        lines.append(f"- {term.term}: {to_text(' '.join(term.definition.split()))}")
    html_out = render("teaching.html.j2:glossary", entries=entries)
    return Block(html_out, "\n".join(lines))


def _spellings(content: Content) -> dict[str, str]:
    return {spelling: term.id for term in terms(content) for spelling in term.spellings}


def _pattern(content: Content) -> re.Pattern[str] | None:
    spellings = sorted(_spellings(content), key=len, reverse=True)
    if not spellings:
        return None
    # Longest first, so "재발급" is found as itself and never as a use of "발급".
    return re.compile("|".join(re.escape(s) for s in spellings))


def _unit_text(content: Content, call: str, ident: str) -> str:
    """The content words a lesson call shows (what a learner reads in that cell)."""
    try:
        if call in ("show_objectives", "show_key_points"):
            lesson = content.lesson(ident)
            return "\n".join(lesson.objectives if call == "show_objectives" else lesson.key_points)
        if call == "show_procedure_intro":
            return "\n".join(content.procedure(ident).intro)
        if call == "show_steps":
            procedure = content.procedure(ident)
            parts = [s.description for s in procedure.steps] + list(procedure.today_steps)
            return "\n".join(parts + _notes_text(content, ident))
        if call == "show_section":
            parts = list(content.section(ident).body)
            parts += [c.text for c in content.cautions_for(ident)]
            return "\n".join(parts + _notes_text(content, ident))
        if call == "show_cautions":
            return "\n".join(c.text for c in content.cautions_for(ident))
        if call == "show_faq":
            faq = content.faq(ident)
            return "\n".join([faq.question, faq.answer, *_notes_text(content, ident)])
    except KeyError:
        return ""
    return ""


def _notes_text(content: Content, target: str) -> list[str]:
    """A note as the learner reads it, its sources line included (a term there is a use)."""
    return [f"{n.title}\n{n.body}\n{'; '.join(n.sources)}" for n in content.notes_for(target)]


def lesson_calls(content: Content, lesson: Lesson) -> list[tuple[str, str]]:
    """The content calls a lesson notebook makes, in cell order, as ``certtraining.notebook.build``
    writes them (a test compares the two for every lesson).

    Worked out here from the manifest rather than by building the notebook, because a
    kernel should not pay for importing ``nbformat`` just to place a few links.
    """
    calls = [("show_objectives", lesson.id)]
    shown_procedures: set[str] = set()
    for anchor in lesson.covers:
        if content.is_faq(anchor):
            calls.append(("show_faq", anchor))
            continue
        procedure = content.procedure_of(anchor)
        if procedure and procedure.id not in shown_procedures:
            shown_procedures.add(procedure.id)
            calls.append(("show_procedure_intro", procedure.id))
        calls.append(("show_section", anchor))
        if procedure and procedure.steps_after == anchor:
            calls.append(("show_steps", procedure.id))
    if lesson.kind == "faq":  # the optional part: the other sections' cautions again
        calls += [("show_cautions", section_id) for section_id in review_sections(content, lesson)]
    calls.append(("show_key_points", lesson.id))
    return calls


def glossary_notebook(content: Content) -> str:
    """The notebook that shows the glossary: the orientation lesson (the builder puts it there)."""
    home = content.lessons_of_kind("orientation")
    return (home[0] if home else content.lessons[0]).notebook


def _lesson_calls(content: Content) -> list[tuple[str, list[tuple[str, str]]]]:
    return [(lesson.notebook, lesson_calls(content, lesson)) for lesson in content.lessons]


@lru_cache(maxsize=4)
def _link_plan(content: Content) -> dict[tuple[str, str], tuple[frozenset[str], str]]:
    """For each lesson call: the terms it uses first in its lesson, and where the glossary is."""
    pattern = _pattern(content)
    if pattern is None:
        return {}
    spellings = _spellings(content)
    lessons = _lesson_calls(content)
    home = glossary_notebook(content)
    plan: dict[tuple[str, str], tuple[frozenset[str], str]] = {}
    for notebook, calls in lessons:
        href = "" if notebook == home else home
        seen: set[str] = set()
        for call in calls:
            found = {spellings[m.group(0)] for m in pattern.finditer(_unit_text(content, *call))}
            new = found - seen
            seen |= found
            if new and call not in plan:
                plan[call] = (frozenset(new), href)
    return plan


def term_links(
    term_ids: frozenset[str] | set[str], href: str, content: Content
) -> markup.TermLinks:
    """What :func:`certtraining.present.markup.linking` needs to link the first use of each
    given term to its glossary entry (in the notebook ``href``, or this one when empty)."""
    by_id = {t.id: t for t in terms(content)}
    targets = {
        term_id: (
            f"{href}#{anchor_id(term_id)}",
            "용어집: " + to_text(" ".join(by_id[term_id].definition.split())),
        )
        for term_id in term_ids
    }
    return markup.TermLinks(_spellings(content), targets, "ct-glossary-link")


@contextmanager
def links_for(call: str, ident: str, content: Content | None = None) -> Iterator[None]:
    """Inside: the content a lesson call renders links the terms that call is the first in its
    lesson to use. Links are added on the parser's token stream (never inside a link or a
    code span); the plain-text form stays as it was."""
    content = content or load_content()
    term_ids, href = _link_plan(content).get((call, ident), (frozenset(), ""))
    if not term_ids:
        yield
        return
    with markup.linking(term_links(term_ids, href, content)):
        yield
