"""Index lesson events, exam results and practice steps by (learner, created_at).

Revision 0002 (schema version 2), after 0001. The class report asks each of these tables
for every learner's last activity (``MAX(created_at) ... GROUP BY learner``) and the store
reads one learner's records in time order. With the learner-only index of version 1 both
look up every row in the table; with (learner, created_at) the report reads only the index
(SQLite: "COVERING INDEX") and the per-learner rows come out already sorted. The new index
serves every query the old one did, so the old one goes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLES = ("lesson_events", "exam_results", "practice_steps")
_VERSION = sa.text("UPDATE certtraining_meta SET value = :v WHERE key = 'schema_version'")


def upgrade() -> None:
    for table in _TABLES:
        op.create_index(f"ix_{table}_learner_created_at", table, ["learner", "created_at"])
        op.drop_index(f"ix_{table}_learner", table_name=table)
    # Releases from before the migrations read only this row: they refuse a newer database.
    op.execute(_VERSION.bindparams(v="2"))


def downgrade() -> None:
    for table in _TABLES:
        op.create_index(f"ix_{table}_learner", table, ["learner"])
        op.drop_index(f"ix_{table}_learner_created_at", table_name=table)
    op.execute(_VERSION.bindparams(v="1"))
