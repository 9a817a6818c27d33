"""Warm a learner-app kernel: import the course while the browser is still loading the page.

The app (``certtraining app``) renders progressively: the page is sent at once and its cells
run when the page's script asks for them, about two seconds later on a 2-core machine. The
kernel sits idle in between, and then the lesson's first cell spends most of the time to its
first quiz importing the course (SQLAlchemy, pydantic, Jinja2, pandas) and loading it. The
app's kernel manager (:mod:`certtraining.notebook.app_server`) calls :func:`start` as soon as
a kernel answers, so that work overlaps the page load instead of following it.

The work runs in a daemon thread, so the kernel keeps answering the page while it imports:
a cell that imports the same modules meanwhile waits on Python's per-module import locks
and then finds them loaded. Only imports and the read-only course plan happen here; nothing
is recorded and no widget is made (those belong to the cells, on the kernel's main thread).
"""

from __future__ import annotations

import contextlib
import importlib
import threading

# What the lessons and the home page import when their cells run (the lesson API imports
# most of its parts on first use).
MODULES = (
    "certtraining.lesson",
    "certtraining.notebook.views",
    "certtraining.progress.recorder",
    "certtraining.present.blocks",
    "certtraining.quiz.widgets",
    "certtraining.practice.glossary",
    "certtraining.notebook.home",
)

_started: threading.Thread | None = None


def warm() -> None:
    """Import what the pages need and load the course plan (cached for the cells)."""
    for name in MODULES:
        importlib.import_module(name)
    from certtraining.notebook.plan import course_plan

    course_plan()


def _quietly() -> None:
    # A failure costs only the head start: the cell that needs the module says what is wrong.
    with contextlib.suppress(Exception):
        warm()


def start() -> threading.Thread:
    """Start warming once per kernel (a second call returns the same thread)."""
    global _started
    if _started is None:
        _started = threading.Thread(target=_quietly, name="certtraining-warm", daemon=True)
        _started.start()
    return _started
