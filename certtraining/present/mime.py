"""The MIME types course outputs carry, and the display bundle every course widget returns.

nbval compares ``text/plain`` and never the widget view, and the handout builder reads the
course's own types to render an output without a kernel. So every course widget displays:

- ``application/vnd.jupyter.widget-view+json`` (the live widget),
- ``text/plain``: a short, deterministic Korean description (no key, no memory address),
- ``application/vnd.certtraining.question+json`` = ``{"question_id": ..., "mode": ...}`` for a
  question, or ``application/vnd.certtraining.widget+json`` = ``{"kind": ...}`` for every
  other course widget (progress, exam, simulator, review, certificate, ...).
"""

from __future__ import annotations

from typing import Any

QUESTION_MIME = "application/vnd.certtraining.question+json"
WIDGET_MIME = "application/vnd.certtraining.widget+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"


def bundle(widget: Any, text: str, extra: dict[str, Any]) -> dict[str, Any]:
    """The widget's own view, our plain text, and our MIME entries."""
    import ipywidgets

    data: dict[str, Any] = {"text/plain": text}
    view = ipywidgets.Widget._repr_mimebundle_(widget) or {}
    if WIDGET_VIEW_MIME in view:
        data[WIDGET_VIEW_MIME] = view[WIDGET_VIEW_MIME]
    data.update(extra)
    return data
