"""Shared set-up for the progress tests: one fresh database per test, SQLite or PostgreSQL.

PostgreSQL tests get a database of their own on the server ``CERTTRAINING_TEST_PG_URL``
names (created and dropped around the test), so they never see each other's rows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.helpers import skip_unless_available

PG_ENV = "CERTTRAINING_TEST_PG_URL"


def pg_url_or_skip() -> str:
    url = os.environ.get(PG_ENV, "")
    skip_unless_available(
        bool(url), f'{PG_ENV} is not set (start one with: eval "$(bash .ci/postgres.sh start)")'
    )
    return url


@pytest.fixture
def pg_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database; its SQLAlchemy URL."""
    server = make_url(pg_url_or_skip())
    name = f"certtraining_t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        from certtraining.progress.store import close_stores

        close_stores()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'progress.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each test that takes this runs once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'progress.db'}"
    return request.getfixturevalue("pg_database")
