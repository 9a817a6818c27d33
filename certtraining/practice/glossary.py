"""The glossary (용어집): shown whole in ``00_intro``, linked from each term's first use in a lesson.

"First use" is read off the lesson notebook as ``certtraining.notebook.build`` builds it: the
``show_*`` calls in cell order, each with the text it shows from ``data/``. So the link sits
where a learner first meets the term, and moves by itself when a teacher edits the content.
Links are added to the HTML only (after markup has escaped everything); the plain-text
form stays as it was.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from certtraining.content import Content, load_content
from certtraining.content.models import Lesson
from certtraining.content.teaching import GlossaryTerm
from certtraining.present.blocks import Block
from certtraining.present.markup import to_html, to_text
from certtraining.present.templates import render, safe

_TAG = re.compile(r"(<[^>]+>)")
_SKIP_INSIDE = ("a", "code", "style", "script")


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
    return [f"{n.title}\n{n.body}" for n in content.notes_for(target)]


def lesson_calls(content: Content, lesson: Lesson) -> list[tuple[str, str]]:
    """The content calls a lesson notebook makes, in cell order, as ``certtraining.notebook.build``
    writes them (a test compares the two for every lesson).

    Worked out here from the manifest rather than by building the notebook, because a
    kernel should not pay for importing ``nbformat`` just to place a few links.
    """
    calls = [("show_objectives", lesson.id)]
    shown_procedures: set[str] = set()
    reviewed_cautions = False
    for anchor in lesson.covers:
        if any(faq.id == anchor for faq in content.faqs):
            if not reviewed_cautions:  # 03 shows the other sections' cautions before the FAQ
                reviewed_cautions = True
                calls += [
                    ("show_cautions", section.id)
                    for section in content.sections()
                    if section.id not in lesson.covers and content.cautions_for(section.id)
                ]
            calls.append(("show_faq", anchor))
            continue
        procedure = content.procedure_of(anchor)
        if procedure and procedure.id not in shown_procedures:
            shown_procedures.add(procedure.id)
            calls.append(("show_procedure_intro", procedure.id))
        calls.append(("show_section", anchor))
        if procedure and procedure.steps_after == anchor:
            calls.append(("show_steps", procedure.id))
    calls.append(("show_key_points", lesson.id))
    return calls


def glossary_notebook(content: Content) -> str:
    """The notebook that shows the glossary: the intro lesson (authoring puts it there)."""
    intro = next((lesson for lesson in content.lessons if lesson.id == "intro"), None)
    return (intro or content.lessons[0]).notebook


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


def link_html(
    html_text: str, term_ids: frozenset[str] | set[str], href: str, content: Content
) -> str:
    """Wrap the first use of each given term in a link to its glossary entry.

    Works on escaped HTML: only text between tags changes, never inside a link, code,
    style or script, so nothing a teacher wrote can turn into markup here.
    """
    pattern = _pattern(content)
    if pattern is None or not term_ids:
        return html_text
    spellings = _spellings(content)
    by_id = {t.id: t for t in terms(content)}
    pending = set(term_ids)
    open_tags: list[str] = []
    out = []
    for piece in _TAG.split(html_text):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([a-zA-Z0-9]+)", piece)
            tag = name.group(1).lower() if name else ""
            if tag in _SKIP_INSIDE:
                if piece.startswith("</"):
                    if tag in open_tags:
                        open_tags.remove(tag)
                elif not piece.endswith("/>"):
                    open_tags.append(tag)
            out.append(piece)
            continue
        if open_tags or not pending:
            out.append(piece)
            continue

        def replace(match: re.Match[str]) -> str:
            term_id = spellings[match.group(0)]
            if term_id not in pending:
                return match.group(0)
            pending.discard(term_id)
            term = by_id[term_id]
            tip = html.escape(to_text(" ".join(term.definition.split())), quote=True)
            return (
                f'<a class="ct-glossary-link" href="{href}#{anchor_id(term_id)}" '
                f'title="용어집: {tip}">{match.group(0)}</a>'
            )

        out.append(pattern.sub(replace, piece))
    return "".join(out)


def with_links(block: Block, call: str, ident: str, content: Content | None = None) -> Block:
    """The block a lesson call shows, with glossary links on the terms it uses first."""
    content = content or load_content()
    term_ids, href = _link_plan(content).get((call, ident), (frozenset(), ""))
    if not term_ids:
        return block
    return Block(link_html(block.html, term_ids, href, content), block.text)
