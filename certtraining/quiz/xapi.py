"""Each question as an xAPI 1.0.3 interaction activity definition (it holds the key).

``certtraining progress export --format xapi`` needs, for every ``answered`` statement, the
question's interaction type, its components and its correct response pattern. Those come
from the whole question, which only the checker hands out, so they are built here and handed
to :mod:`certtraining.progress.xapi` as plain JSON (progress never imports the quiz).

Component ids are the same opaque option keys the store records answers in
(:func:`certtraining.content.keys.option_key`), so a stored answer becomes an xAPI response
without a lookup. Types: ``single``/``multiple`` → ``choice``, ``ox`` → ``true-false``
(``true`` is O), ``order`` → ``sequencing``, ``match`` → ``matching`` (source = terms,
target = meanings, distractors included).
"""

from __future__ import annotations

from typing import Any

from certtraining.content import load_content
from certtraining.content.models import Content
from certtraining.content.questions import (
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)
from certtraining.present.markup import to_text
from certtraining.quiz.bank import choices_of, meanings_of, steps_of, terms_of
from certtraining.quiz.checker import local_checker

INTERACTION_ACTIVITY = "http://adlnet.gov/expapi/activities/cmi.interaction"
LANGUAGE = "ko-KR"


def _text(text: str) -> dict[str, str]:
    return {LANGUAGE: to_text(" ".join(text.split()))}


def _components(options) -> list[dict[str, Any]]:
    return [{"id": o.key, "description": _text(o.text)} for o in options]


def interaction_definition(item: Question) -> dict[str, Any]:
    """One whole question as an xAPI activity ``definition`` (cmi.interaction)."""
    definition: dict[str, Any] = {"type": INTERACTION_ACTIVITY, "name": _text(item.prompt)}
    if isinstance(item, SingleChoice | MultipleChoice):
        right = [item.answer] if isinstance(item, SingleChoice) else list(item.answer)
        by_id = {c.id: o.key for c, o in zip(item.choices, choices_of(item), strict=True)}
        definition["interactionType"] = "choice"
        definition["correctResponsesPattern"] = ["[,]".join(sorted(by_id[a] for a in right))]
        definition["choices"] = _components(choices_of(item))
    elif isinstance(item, TrueFalse):
        definition["interactionType"] = "true-false"
        definition["correctResponsesPattern"] = ["true" if item.answer == "O" else "false"]
    elif isinstance(item, Ordering):
        definition["interactionType"] = "sequencing"
        definition["correctResponsesPattern"] = ["[,]".join(o.key for o in steps_of(item))]
        definition["choices"] = _components(steps_of(item))
    else:
        assert isinstance(item, Matching)
        terms, meanings = terms_of(item), meanings_of(item)
        pairs = sorted(f"{t.key}[.]{m.key}" for t, m in zip(terms, meanings, strict=False))
        definition["interactionType"] = "matching"
        definition["correctResponsesPattern"] = ["[,]".join(pairs)]
        definition["source"] = _components(terms)
        definition["target"] = _components(meanings)
    return definition


def interaction_definitions(content: Content | None = None) -> dict[str, dict[str, Any]]:
    """Question id → its xAPI interaction definition, for every question in the bank."""
    content = content or load_content()
    return {
        item.id: interaction_definition(item)
        for item in local_checker(content).authored_questions()
    }
