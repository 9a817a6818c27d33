"""Alembic's entry point for the progress store's migrations.

Run only through :mod:`certtraining.progress.migrate`, which hands over the store's own
connection, already inside the transaction that holds the schema lock: there is no engine,
no URL and no offline (``--sql``) mode here.
"""

from alembic import context

from certtraining.progress import schema

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "certtraining's migrations run through certtraining.progress.migrate, on a connection"
    )

context.configure(
    connection=connection,
    target_metadata=schema.metadata,
    version_table=schema.VERSION_TABLE,
    # SQLite cannot alter most of a table in place: autogenerate writes batch operations,
    # which copy the table on SQLite and are plain ALTERs on PostgreSQL.
    render_as_batch=True,
    compare_type=True,
)

with context.begin_transaction():
    context.run_migrations()
