"""Fixtures every test module may use (the repository's conftest.py sets up the environment)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from certtraining.content import Content
from tests.fixture_course import using_fixture_course


@pytest.fixture
def course() -> Iterator[Content]:
    """The package reads the small fixture course (tests/fixtures/course) during the test."""
    with using_fixture_course() as content:
        yield content


@pytest.fixture(scope="module")
def module_course() -> Iterator[Content]:
    """The same for a whole module, for module-scoped fixtures that build from the course."""
    with using_fixture_course() as content:
        yield content
