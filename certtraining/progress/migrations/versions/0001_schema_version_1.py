"""Schema version 1: the tables as the store created them before migrations existed.

Revision 0001, the first. A frozen copy of what ``metadata.create_all`` made in schema
version 1 (with the ``schema_version`` row): a database made then is *stamped* with this
revision, a new one is created by running it. Never edit it; change the schema with a new
revision.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    meta = op.create_table(
        "certtraining_meta",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.String(255), nullable=False),
    )
    op.create_table(
        "attempts",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(64), nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("correct", sa.Boolean, nullable=False),
        sa.Column("attempt_no", sa.Integer, nullable=False),
        sa.Column("mode", sa.String(16), nullable=False),
        sa.Column("lesson", sa.String(64)),
        sa.Column("section", sa.String(64)),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index(
        "ix_attempts_learner_question",
        "attempts",
        ["learner", "question_id", "attempt_no", "correct", "mode", "created_at"],
    )
    op.create_table(
        "lesson_events",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("lesson", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_lesson_events_learner", "lesson_events", ["learner"])
    op.create_table(
        "exam_results",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("possible", sa.Float, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("question_ids", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_exam_results_learner", "exam_results", ["learner"])
    op.create_table(
        "practice_steps",
        sa.Column("uuid", sa.String(36), primary_key=True),
        sa.Column("learner", sa.String(64), nullable=False),
        sa.Column("flow", sa.String(64), nullable=False),
        sa.Column("step", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
    )
    op.create_index("ix_practice_steps_learner", "practice_steps", ["learner"])
    op.bulk_insert(meta, [{"key": "schema_version", "value": "1"}])


def downgrade() -> None:
    for table in ("practice_steps", "exam_results", "lesson_events", "attempts"):
        op.drop_table(table)
    op.drop_table("certtraining_meta")
