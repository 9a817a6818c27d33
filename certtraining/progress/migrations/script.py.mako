"""${message}

Revision ${up_revision} (schema version ${int(up_revision)}), after ${down_revision | comma,n}.
Created ${create_date}. Once released, a revision is never edited: change the schema with a
new one.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
${imports if imports else ""}
revision: str = ${repr(up_revision)}
down_revision: str | Sequence[str] | None = ${repr(down_revision)}
branch_labels: str | Sequence[str] | None = ${repr(branch_labels)}
depends_on: str | Sequence[str] | None = ${repr(depends_on)}

_VERSION = sa.text("UPDATE certtraining_meta SET value = :v WHERE key = 'schema_version'")


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    # Releases from before the migrations read only this row: they refuse a newer database.
    op.execute(_VERSION.bindparams(v="${int(up_revision)}"))


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
    op.execute(_VERSION.bindparams(v="${int(down_revision)}"))
