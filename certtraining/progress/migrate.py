"""Schema migrations of the progress store: Alembic, configured in code.

The migrations ship inside the package (``migrations/``: ``env.py``, ``script.py.mako`` and
``versions/``), so an installed wheel upgrades a learner's file or a class database with no
``alembic.ini``: the configuration is built here, pointing into the package.

The store imports this module only when a database is not at the newest revision (Alembic
costs a few tenths of a second to import) and calls :func:`upgrade` on its own connection,
inside the write transaction that holds the schema lock: a migration happens completely or
not at all, and only one opener runs it (docs/store.md).

Developers add a revision with::

    python -m certtraining.progress.migrate revision "what changed"

which upgrades a temporary SQLite database to the newest revision, lets Alembic compare it
with ``schema.metadata`` and writes ``migrations/versions/NNNN_what_changed.py``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine

from certtraining.progress import schema

MIGRATIONS = Path(__file__).resolve().with_name("migrations")

# Alembic's ``context`` and ``op`` are module-level proxies: one run per process at a time.
_RUNNING = threading.Lock()


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration for the package's migrations (no ini file), on ``connection``."""
    config = Config()
    # ConfigParser interpolates "%": a folder name containing one must be escaped.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    config.attributes["connection"] = connection
    return config


def script_directory() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def upgrade(connection: Connection, stamp_first: str | None = None) -> None:
    """Bring the database on ``connection`` to the newest revision, in its open transaction.

    ``stamp_first`` records a revision without running it: a database made before the
    migrations already has revision 0001's tables.
    """
    config = alembic_config(connection)
    with _RUNNING:
        if stamp_first is not None:
            command.stamp(config, stamp_first)
        command.upgrade(config, "head")


def new_revision(message: str) -> Path:
    """Autogenerate the next revision from the difference between the head and ``metadata``."""
    script = script_directory()
    number = int(script.get_current_head() or "0") + 1
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'head.db'}")
        try:
            with engine.connect() as connection, connection.begin():
                config = alembic_config(connection)
                command.upgrade(config, "head")
                written = command.revision(
                    config, message, autogenerate=True, rev_id=schema.revision_id(number)
                )
        finally:
            engine.dispose()
    scripts = written if isinstance(written, list) else [written]
    return Path(scripts[0].path)  # type: ignore[union-attr]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m certtraining.progress.migrate",
        description="Write a new migration of the progress store (for developers).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    revision = commands.add_parser("revision", help="autogenerate the next revision")
    revision.add_argument("message", help="what changes, in a few English words")
    args = parser.parse_args(argv)
    path = new_revision(args.message)
    print(f"wrote {path}")
    print(
        "next: read and edit it (autogenerate misses renames and data changes), "
        f"set SCHEMA_VERSION = {int(path.name.split('_')[0])} in certtraining/progress/schema.py, "
        "run ruff format and the migration tests (tests/test_progress_migrations.py)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
