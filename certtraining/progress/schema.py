"""Tables of the progress store (SQLAlchemy Core), and the schema version they make up.

These tables are the *head* of the migrations in ``migrations/versions/`` (Alembic): every
change here ships a new revision there (docs/store.md says how), numbered ``0001``,
``0002``, ... and ``SCHEMA_VERSION`` is the number of the newest one. Each revision also
writes its number into ``certtraining_meta``: releases from before the migrations read only
that row, so they refuse a newer database instead of writing into it.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    insert,
)
from sqlalchemy import false as sa_false

SCHEMA_VERSION = 3

VERSION_TABLE = "certtraining_alembic_version"
"""Alembic's bookkeeping table, named for us: a shared PostgreSQL database may hold another
application's ``alembic_version``."""


def revision_id(version: int) -> str:
    """The Alembic revision id of schema version ``version`` (``2`` → ``"0002"``)."""
    return f"{version:04d}"


HEAD_REVISION = revision_id(SCHEMA_VERSION)

metadata = MetaData()

meta = Table(
    "certtraining_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(255), nullable=False),
)

attempts = Table(
    "attempts",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("answer", Text, nullable=False),
    Column("correct", Boolean, nullable=False),
    Column("attempt_no", Integer, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("lesson", String(64)),
    Column("section", String(64)),
    Column("created_at", String(32), nullable=False),
    # Since schema version 3: which wording of the question was answered (item statistics
    # count each wording apart), and whether the learner reported it from an offline handout
    # (re-scored on import; never counted toward completion, certificates or statistics).
    Column("question_version", String(16)),
    Column("self_reported", Boolean, nullable=False, server_default=sa_false()),
    # Covers the class report's GROUP BY learner, question: no table look-ups at all.
    Index(
        "ix_attempts_learner_question",
        "learner",
        "question_id",
        "attempt_no",
        "correct",
        "mode",
        "created_at",
    ),
)

# The three event tables are indexed by (learner, created_at) since schema version 2: the
# class report's last activity per learner (MAX(created_at) GROUP BY learner) reads only
# the index, and one learner's records come out of it already in time order.
lesson_events = Table(
    "lesson_events",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("lesson", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_lesson_events_learner_created_at", "learner", "created_at"),
)

exam_results = Table(
    "exam_results",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("score", Float, nullable=False),
    Column("possible", Float, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("question_ids", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_exam_results_learner_created_at", "learner", "created_at"),
)

practice_steps = Table(
    "practice_steps",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("flow", String(64), nullable=False),
    Column("step", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_practice_steps_learner_created_at", "learner", "created_at"),
)

# Schema version 3: the record kinds of confusion flags, certificates and issued exam papers.
flags = Table(
    "flags",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("question_id", String(64), nullable=False),
    Column("question_version", String(16)),
    Column("note", Text),
    Column("created_at", String(32), nullable=False),
    Index("ix_flags_learner_created_at", "learner", "created_at"),
    Index("ix_flags_question", "question_id"),
)

certificates = Table(
    "certificates",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("printed_name", String(64), nullable=False),
    Column("course_version", String(32), nullable=False),
    Column("completed_on", String(10), nullable=False),
    Column("score", Float, nullable=False),
    Column("possible", Float, nullable=False),
    Column("code", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Index("ix_certificates_learner_created_at", "learner", "created_at"),
)

exam_papers = Table(
    "exam_papers",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("question_ids", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_exam_papers_learner_created_at", "learner", "created_at"),
)

OUR_TABLES = {t.name for t in metadata.sorted_tables} | {VERSION_TABLE}

# Alembic's bookkeeping table as Alembic itself creates it; apart from ``metadata``, which
# is what the migrations must build.
_version_table = Table(
    VERSION_TABLE,
    MetaData(),
    Column("version_num", String(32), nullable=False),
    PrimaryKeyConstraint("version_num", name=f"{VERSION_TABLE}_pkc"),
)


def create_at_head(conn: Connection) -> None:
    """Build an empty database at the newest revision directly, stamped as Alembic would.

    Why: running every revision from 0001 (and importing Alembic) costs a new database
    about half a second, which every fresh lesson kernel with a throw-away store paid. A
    test keeps this equal to what the migrations build (tests/test_progress_migrations.py).
    """
    metadata.create_all(conn)
    _version_table.create(conn)
    conn.execute(insert(_version_table).values(version_num=HEAD_REVISION))
    conn.execute(insert(meta).values(key="schema_version", value=str(SCHEMA_VERSION)))
