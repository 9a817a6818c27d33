"""The store's schema migrates: an older database opens with everything in it, on SQLite and
PostgreSQL; the migrations build exactly the tables of ``schema.py``; a newer database is
refused untouched; concurrent openers of a new database do not trip over each other.

``tests/fixtures/progress_v1/`` holds a store written by the last release before migrations
(schema version 1, ``metadata.create_all``), dumped from SQLite and from PostgreSQL, and
the same records as that release exported them (JSON Lines).
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, create_engine, inspect

from certtraining.progress import (
    Attempt,
    ExamRecord,
    LessonRecord,
    PracticeRecord,
    ProgressStore,
    ProgressStoreError,
    migrate,
    schema,
)
from certtraining.progress.jsonl import read_jsonl
from certtraining.progress.schema import HEAD_REVISION, SCHEMA_VERSION, VERSION_TABLE

pytest_plugins = ["tests.progress_support"]

REPO = Path(__file__).resolve().parent.parent
V1 = REPO / "tests" / "fixtures" / "progress_v1"


# ---------------------------------------------------------------------- helpers


def _load_v1(url: str) -> None:
    """Put the release-1 store into the empty database at ``url``, as that release left it."""
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.executescript((V1 / "sqlite.sql").read_text(encoding="utf-8"))
        conn.execute("PRAGMA journal_mode = WAL")
        conn.close()
        return
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.connection.dbapi_connection.cursor().execute(
            (V1 / "postgresql.sql").read_text(encoding="utf-8")
        )
    engine.dispose()


def _with_connection(url: str, work: Any, write: bool = False) -> Any:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            result = work(conn)
            if write:
                conn.commit()
            return result
    finally:
        engine.dispose()


def _differences(conn: Connection) -> list[Any]:
    """What Alembic's autogenerate would change to make the database match ``schema.py``."""
    context = MigrationContext.configure(
        conn, opts={"version_table": VERSION_TABLE, "compare_type": True}
    )
    return compare_metadata(context, schema.metadata)


def _shape(conn: Connection) -> dict[str, Any]:
    """Tables, columns, keys and indexes as the database reports them (the version table aside)."""
    found = inspect(conn)
    shape = {}
    for table in sorted(set(found.get_table_names()) - {VERSION_TABLE}):
        shape[table] = (
            [(c["name"], str(c["type"]), c["nullable"]) for c in found.get_columns(table)],
            found.get_pk_constraint(table)["constrained_columns"],
            sorted(
                (i["name"], tuple(i["column_names"]), bool(i["unique"]))
                for i in found.get_indexes(table)
            ),
        )
    return shape


def _revisions(conn: Connection) -> list[str]:
    return list(conn.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}").scalars())


def _meta_version(conn: Connection) -> list[str]:
    return list(
        conn.exec_driver_sql(
            "SELECT value FROM certtraining_meta WHERE key = 'schema_version'"
        ).scalars()
    )


def _snapshot(url: str) -> Any:
    """Everything a refused open must leave as it was: the file's bytes, or every row."""
    if url.startswith("sqlite"):
        path = Path(url.removeprefix("sqlite:///"))
        return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in path.parent.iterdir()}

    def rows(conn: Connection) -> dict[str, Any]:
        return {
            table: sorted(map(tuple, conn.exec_driver_sql(f"SELECT * FROM {table}")))
            for table in sorted(schema.OUR_TABLES)
        } | {"shape": _shape(conn)}

    return _with_connection(url, rows)


# ---------------------------------------------------------------------- the migrations


def test_revisions_are_one_numbered_chain_ending_at_schema_version() -> None:
    script = migrate.script_directory()
    chain = [revision.revision for revision in script.walk_revisions()][::-1]
    assert chain == [schema.revision_id(n) for n in range(1, SCHEMA_VERSION + 1)]
    assert script.get_heads() == [HEAD_REVISION]


def test_a_new_database_is_built_by_the_migrations_exactly_as_schema_py_says(
    store_url: str,
) -> None:
    _with_connection(store_url, migrate.upgrade, write=True)

    def check(conn: Connection) -> None:
        assert _differences(conn) == []
        assert _revisions(conn) == [HEAD_REVISION]
        assert _meta_version(conn) == [str(SCHEMA_VERSION)]

    _with_connection(store_url, check)


def test_the_store_builds_a_new_database_exactly_as_the_migrations_do(
    store_url: str, tmp_path: Path
) -> None:
    """A new store skips the revisions (schema.create_at_head); it must land where they do."""
    ProgressStore(store_url).close()
    built_directly = _with_connection(
        store_url, lambda conn: (_shape(conn), _revisions(conn), _meta_version(conn))
    )
    migrated_url = f"sqlite:///{tmp_path / 'migrated.db'}"
    if not store_url.startswith("sqlite"):
        _with_connection(store_url, _drop_everything, write=True)
        migrated_url = store_url
    _with_connection(migrated_url, migrate.upgrade, write=True)
    migrated = _with_connection(
        migrated_url, lambda conn: (_shape(conn), _revisions(conn), _meta_version(conn))
    )
    assert built_directly == migrated
    assert built_directly[1] == [HEAD_REVISION]
    ProgressStore(store_url).close()  # and it opens as current, without migrating again


def _drop_everything(conn: Connection) -> None:
    for table in sorted(schema.OUR_TABLES):
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")


def test_revision_1_is_the_schema_the_store_made_before_migrations(store_url: str) -> None:
    """Running only revision 0001 builds what release 1's ``create_all`` built, to the index."""
    _load_v1(store_url)
    before = _with_connection(store_url, _shape)

    def rebuild(conn: Connection) -> None:
        for table in schema.OUR_TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        command.upgrade(migrate.alembic_config(conn), schema.revision_id(1))

    _with_connection(store_url, rebuild, write=True)
    assert _with_connection(store_url, _shape) == before
    assert _with_connection(store_url, _revisions) == [schema.revision_id(1)]

    # A database at revision 0001 (with Alembic's table) is brought to the head on opening.
    store = ProgressStore(store_url)
    store.record(LessonRecord("김민수", "issuance", "opened"))
    store.close()
    assert _with_connection(store_url, _differences) == []
    assert _with_connection(store_url, _revisions) == [HEAD_REVISION]


def test_a_store_of_schema_version_1_opens_with_every_record_and_takes_new_ones(
    store_url: str,
) -> None:
    _load_v1(store_url)
    expected = read_jsonl(V1 / "records.jsonl")
    assert {type(r) for r in expected} == {Attempt, LessonRecord, ExamRecord, PracticeRecord}

    store = ProgressStore(store_url)
    assert list(store.records()) == expected  # every field of every record, in order
    assert store.schema_version == SCHEMA_VERSION
    assert store.learners() == ["learner-7", "김민수", "이영희"]

    third = store.record(Attempt.new("김민수", "q-1", "c0000000", True, lesson="issuance"))
    assert third.attempt_no == 3  # numbering continues from the old rows
    store.record(LessonRecord("이영희", "reissue", "finished"))
    store.record(ExamRecord("learner-7", 3, 4, True, ("q-4",)))
    store.record(PracticeRecord("이영희", "reissue", "otp"))
    assert store.import_records(expected) == 0  # the old UUIDs are all still there
    store.close()

    reopened = ProgressStore(store_url)
    assert [r for r in reopened.records() if r in expected] == expected
    assert len(list(reopened.records())) == len(expected) + 4
    assert [e.kind for e in reopened.lesson_events("이영희")] == ["opened", "finished"]
    reopened.close()

    def check(conn: Connection) -> None:
        assert _differences(conn) == []
        assert _revisions(conn) == [HEAD_REVISION]
        assert _meta_version(conn) == [str(SCHEMA_VERSION)]

    _with_connection(store_url, check)


def test_a_database_from_a_newer_certtraining_is_refused_and_left_untouched(
    store_url: str,
) -> None:
    store = ProgressStore(store_url)
    store.record(Attempt.new("김민수", "q-1", "a", True))
    store.close()
    newer = schema.revision_id(SCHEMA_VERSION + 1)

    def as_if_migrated_by_a_newer_release(conn: Connection) -> None:
        conn.exec_driver_sql(f"UPDATE {VERSION_TABLE} SET version_num = '{newer}'")
        conn.exec_driver_sql(
            f"UPDATE certtraining_meta SET value = '{SCHEMA_VERSION + 1}' "
            "WHERE key = 'schema_version'"
        )

    _with_connection(store_url, as_if_migrated_by_a_newer_release, write=True)
    before = _snapshot(store_url)
    with pytest.raises(ProgressStoreError) as caught:
        ProgressStore(store_url)
    message = str(caught.value)
    assert f"스키마 버전 '{SCHEMA_VERSION + 1}'" in message
    assert "certtraining을 업데이트하세요" in message and "update certtraining" in message
    assert "그대로 두었습니다" in message and "left untouched" in message
    assert "Traceback" not in message
    assert _snapshot(store_url) == before


def test_an_unknown_revision_is_refused_and_left_untouched(store_url: str) -> None:
    ProgressStore(store_url).close()
    _with_connection(
        store_url,
        lambda conn: conn.exec_driver_sql(f"UPDATE {VERSION_TABLE} SET version_num = 'abc123'"),
        write=True,
    )
    before = _snapshot(store_url)
    with pytest.raises(ProgressStoreError, match="알 수 없는 스키마 리비전 'abc123'"):
        ProgressStore(store_url)
    assert _snapshot(store_url) == before


OPENER = """
import sys
from certtraining.progress import Attempt, ProgressStore
url = sys.argv[1]
print("ready", flush=True)
sys.stdin.readline()  # every opener waits here until all of them are ready
store = ProgressStore(url)
store.record(Attempt.new("김민수", "q-1", "a", True))
print(store.schema_version, flush=True)
store.close()
"""


def test_processes_opening_one_new_database_at_once_migrate_it_once(store_url: str) -> None:
    openers = [
        subprocess.Popen(
            [sys.executable, "-c", OPENER, store_url],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for opener in openers:
        assert opener.stdout is not None and opener.stdout.readline().strip() == "ready"
    for opener in openers:
        assert opener.stdin is not None
        opener.stdin.write("go\n")
        opener.stdin.flush()
    for opener in openers:
        out, err = opener.communicate(timeout=300)
        assert opener.returncode == 0, err
        assert out.split() == [str(SCHEMA_VERSION)]

    store = ProgressStore(store_url)
    assert sorted(a.attempt_no for a in store.attempts("김민수", "q-1")) == [1, 2]
    store.close()

    def check(conn: Connection) -> None:
        assert _revisions(conn) == [HEAD_REVISION]
        assert _meta_version(conn) == [str(SCHEMA_VERSION)]
        assert _differences(conn) == []

    _with_connection(store_url, check)


# ---------------------------------------------------------------------- revision 0002


def test_last_activity_per_learner_reads_only_the_index_on_sqlite(sqlite_url: str) -> None:
    """Why revision 0002 exists: the class report's last-activity query needs no table rows."""
    ProgressStore(sqlite_url).close()
    conn = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        for table in ("lesson_events", "exam_results", "practice_steps"):
            plan = conn.execute(
                f"EXPLAIN QUERY PLAN SELECT learner, MAX(created_at) FROM {table} GROUP BY learner"
            ).fetchall()
            assert any(f"COVERING INDEX ix_{table}_learner_created_at" in row[-1] for row in plan)
    finally:
        conn.close()


# ---------------------------------------------------------------------- adding a revision


def test_the_documented_command_writes_a_working_next_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``python -m certtraining.progress.migrate revision "..."`` (docs/store.md), in a copy."""
    import shutil

    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS", copy)
    changed = MetaData()
    for table in schema.metadata.sorted_tables:
        table.to_metadata(changed)
    Table("notes", changed, Column("id", Integer, primary_key=True), Column("text", String(64)))
    monkeypatch.setattr(schema, "metadata", changed)

    assert migrate.main(["revision", "add notes"]) == 0
    written = copy / "versions" / f"{schema.revision_id(SCHEMA_VERSION + 1)}_add_notes.py"
    source = written.read_text(encoding="utf-8")
    assert "op.create_table(" in source and "'notes'" in source

    url = f"sqlite:///{tmp_path / 'progress.db'}"

    def upgrade(conn: Connection) -> None:
        with conn.begin():
            command.upgrade(migrate.alembic_config(conn), "head")

    _with_connection(url, upgrade)
    with_notes = _with_connection(url, _shape)
    assert "notes" in with_notes
    assert _with_connection(url, _meta_version) == [str(SCHEMA_VERSION + 1)]
