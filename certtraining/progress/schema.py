"""Tables of the progress store (SQLAlchemy Core), and the schema version they make up.

Bump ``SCHEMA_VERSION`` whenever a table changes; the store refuses a database whose
stored version it does not know rather than guessing.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, MetaData, String, Table, Text

SCHEMA_VERSION = 1

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

lesson_events = Table(
    "lesson_events",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("lesson", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_lesson_events_learner", "learner"),
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
    Index("ix_exam_results_learner", "learner"),
)

practice_steps = Table(
    "practice_steps",
    metadata,
    Column("uuid", String(36), primary_key=True),
    Column("learner", String(64), nullable=False),
    Column("flow", String(64), nullable=False),
    Column("step", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_practice_steps_learner", "learner"),
)

OUR_TABLES = {t.name for t in metadata.sorted_tables}
