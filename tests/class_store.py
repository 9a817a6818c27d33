"""A made-up class in a store of its own, for report and export tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from certtraining.progress.store import ProgressStore, close_stores


@contextmanager
def synthetic_class_store(
    folder: Path, monkeypatch: pytest.MonkeyPatch, learners: int
) -> Iterator[ProgressStore]:
    """A store of its own (also CERTTRAINING_DB) holding a made-up class of ``learners``."""
    from certtraining.notebook.plan import course_plan
    from certtraining.notebook.synthetic import synthetic_class

    url = f"sqlite:///{folder / 'class.db'}"
    monkeypatch.setenv("CERTTRAINING_DB", url)
    store = ProgressStore(url)
    store.import_records(list(synthetic_class(course_plan(), learners)))
    try:
        yield store
    finally:
        store.close()
        close_stores()
