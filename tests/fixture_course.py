"""The small fixture course under ``tests/fixtures/course``: what code tests run against.

Code tests read ids, texts and answers from this course instead of naming the real one's,
so a teacher who edits ``data/`` breaks only the checks about the course's own content
(``certtraining validate`` and ``tests/test_course_content.py``). The ``course`` fixture in
``tests/conftest.py`` points the package at it.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml

from certtraining.content import Content, load_content
from certtraining.progress.store import close_stores
from certtraining.settings import DATA_ENV

FIXTURE_COURSE = Path(__file__).resolve().parent / "fixtures" / "course"


def fixture_content() -> Content:
    """The fixture course, loaded by path (safe at collection time: no environment needed)."""
    return load_content(FIXTURE_COURSE)


def clear_content_caches() -> None:
    """Forget every cached course, so nothing loaded from another folder is served."""
    from certtraining.content.loader import _load_cached
    from certtraining.notebook.plan import _plan_for
    from certtraining.practice.glossary import _link_plan

    for cached in (_load_cached, _plan_for, _link_plan):
        cached.cache_clear()


@contextmanager
def using_fixture_course() -> Iterator[Content]:
    """``CERTTRAINING_DATA`` names the fixture course while the block runs.

    The block also gets a progress store of its own: the fixture's lesson kinds share ids
    with the real course's, and records left in the session's store would otherwise show
    in the real notebooks that nbval runs next in the same worker.
    """
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as scratch:
        patch.setenv(DATA_ENV, str(FIXTURE_COURSE))
        patch.setenv("CERTTRAINING_DB", f"sqlite:///{Path(scratch) / 'progress.db'}")
        clear_content_caches()
        try:
            yield load_content()
        finally:
            clear_content_caches()
            close_stores()  # the block's store goes with its folder; others reopen on use


def of_type(content: Content, question_type: str):
    """The fixture's first whole question (keys included) of a type (single, multiple, ...)."""
    from certtraining.quiz import local_checker

    return next(q for q in local_checker(content).authored_questions() if q.type == question_type)


def copy_fixture_course(folder: Path) -> Path:
    """A copy of the fixture course in ``folder/data``, for tests that break it on purpose."""
    target = folder / "data"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


def edit_yaml(folder: Path, name: str, change: Callable[[dict], None]) -> None:
    """Load one content file of ``folder``, let ``change`` edit it, and write it back."""
    path = folder / name
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
