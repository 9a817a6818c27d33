"""The progress store: record, query and summarise, over SQLAlchemy 2.

One small interface for both backends the GUIDE names:

- SQLite (the default, one file per user): WAL mode, ``BEGIN IMMEDIATE`` for every write
  so concurrent writers queue on the busy timeout instead of failing, one transaction per
  record. A file that is not a SQLite database, or a SQLite database of another program, is
  refused with a clear message and never written to.
- PostgreSQL (``postgresql+psycopg://``, a shared JupyterHub class): attempt numbers are
  assigned under a transaction-scoped advisory lock per learner and question.

Opening a store migrates its database to the newest schema (Alembic, ``migrate``): a new
database is created by the migrations, one made before them is recognised by its
``certtraining_meta`` version and stamped as revision 0001 first. A database from a newer
certtraining, or with a version it does not know, is refused with a clear message and left
as it was (docs/store.md).
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.pool import StaticPool

from certtraining.classlink import is_service_url
from certtraining.errors import UserError
from certtraining.progress import schema
from certtraining.progress.bank import CoursePlan
from certtraining.progress.records import (
    Attempt,
    Certificate,
    ExamPaperRecord,
    ExamRecord,
    Flag,
    LessonRecord,
    PracticeRecord,
    Record,
    check_learner,
)
from certtraining.progress.scoring import LearnerSummary, summarise_learner
from certtraining.settings import user_data_dir

DB_ENV = "CERTTRAINING_DB"
DEFAULT_FILE = "progress.db"
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 60_000
_CHUNK = 500


class ProgressStoreError(UserError, RuntimeError):
    """The store cannot be used as configured; the message says what to do (Korean / English)."""


def default_url() -> str:
    """``CERTTRAINING_DB`` (a SQLAlchemy URL, or a plain file path), else the user's file."""
    configured = (os.environ.get(DB_ENV) or "").strip()
    if configured:
        return configured if "://" in configured else f"sqlite:///{Path(configured).expanduser()}"
    return f"sqlite:///{user_data_dir() / DEFAULT_FILE}"


def _parse_url(raw: str) -> URL:
    try:
        return make_url(raw)
    except ArgumentError:
        raise ProgressStoreError(
            f"{DB_ENV} 값이 데이터베이스 주소가 아닙니다: {raw!r} "
            "(예: sqlite:///progress.db, postgresql+psycopg://user:pw@host/db) / "
            f"{DB_ENV} is not a database URL"
        ) from None


def _sqlite_path(url: URL) -> Path | None:
    database = url.database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser()


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite can touch it (it never overwrites)."""
    if path.is_dir():
        raise ProgressStoreError(
            f"진도 저장 위치가 폴더입니다: {path} / the progress store path is a folder"
        )
    if path.exists() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
        if header != SQLITE_MAGIC:
            raise _not_ours(path, "SQLite 데이터베이스 파일이 아닙니다 / not a SQLite database")
    else:
        path.parent.mkdir(parents=True, exist_ok=True)


def _not_ours(where: object, why: str, is_file: bool = True) -> ProgressStoreError:
    advice = (
        "  파일은 그대로 두었습니다. 다른 곳으로 옮기거나 CERTTRAINING_DB로 다른 위치를 "
        "지정하세요. / The file was left untouched; move it away or point CERTTRAINING_DB "
        "elsewhere."
        if is_file
        else "  데이터베이스는 그대로 두었습니다. CERTTRAINING_DB의 서버 주소, 사용자, 비밀번호, "
        "데이터베이스 이름을 확인하세요. / The database was left untouched; check the server, "
        "user, password and database name in CERTTRAINING_DB."
    )
    return ProgressStoreError(
        f"진도 데이터베이스를 열 수 없습니다: {where}\n  이유 / reason: {why}\n{advice}"
    )


def _short(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    return str(original).strip().splitlines()[0] if str(original).strip() else type(exc).__name__


def _sqlite_engine(url: URL) -> Engine:
    memory = _sqlite_path(url) is None
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        poolclass=StaticPool if memory else None,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN, so writes can ask for IMMEDIATE.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # In WAL mode NORMAL survives a killed process; only a power cut may lose the last commit.
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        write = connection.get_execution_options().get("certtraining_write")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def _engine_for(url: URL, pool_size: int | None = None) -> Engine:
    try:
        if url.get_backend_name() == "sqlite":
            return _sqlite_engine(url)
        sized = {} if pool_size is None else {"pool_size": pool_size}
        return create_engine(url, pool_pre_ping=True, **sized)
    except (NoSuchModuleError, ImportError) as exc:
        raise ProgressStoreError(
            f"이 데이터베이스 종류를 쓸 수 없습니다: {url.drivername} ({_short(exc)}). "
            "PostgreSQL은 postgresql+psycopg:// 로 적습니다. / unsupported database driver"
        ) from None


class ProgressStore:
    """Record attempts and lesson events, read them back, summarise a learner.

    Opening checks the database: migrates an empty or older one to the current schema,
    refuses anything else (see module docstring).
    """

    def __init__(self, url: str | None = None, pool_size: int | None = None):
        """``pool_size``: connections a server database keeps open (SQLAlchemy's default, 5,
        when None). A multi-threaded caller (the class service) sizes it to its thread count:
        a thread beyond the pool opens a new connection and closes it again after each use."""
        self.url = _parse_url(url or default_url())
        self.display_url = self.url.render_as_string(hide_password=True)
        self.backend = self.url.get_backend_name()
        path = _sqlite_path(self.url) if self.backend == "sqlite" else None
        if path is not None:
            _check_sqlite_file(path)
        self.engine = _engine_for(self.url, pool_size)
        try:
            self._prepare()
        except ProgressStoreError:
            self.engine.dispose()
            raise
        except (DBAPIError, SQLAlchemyError) as exc:
            self.engine.dispose()
            raise _not_ours(self.display_url, _short(exc), self.backend == "sqlite") from None

    def __repr__(self) -> str:
        return f"ProgressStore({self.display_url!r})"

    def close(self) -> None:
        self.engine.dispose()

    # ------------------------------------------------------------------ transactions

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One write transaction: BEGIN IMMEDIATE on SQLite, a plain one on PostgreSQL."""
        try:
            with self.engine.connect() as conn:
                conn.execution_options(certtraining_write=True)
                with conn.begin():
                    yield conn
        except (DBAPIError, SQLAlchemyError) as exc:
            raise ProgressStoreError(
                f"진도를 저장하지 못했습니다 / could not write progress ({self.display_url}): "
                f"{_short(exc)}"
            ) from None

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn, conn.begin():
                yield conn
        except (DBAPIError, SQLAlchemyError) as exc:
            raise ProgressStoreError(
                f"진도를 읽지 못했습니다 / could not read progress ({self.display_url}): "
                f"{_short(exc)}"
            ) from None

    def _lock(self, conn: Connection, key: str) -> None:
        """Serialise writers of one key on PostgreSQL (SQLite's IMMEDIATE already did)."""
        if self.backend == "postgresql":
            conn.execute(_ADVISORY_LOCK, {"k": key})

    def _prepare(self) -> None:
        """Look first (a read), migrate only what needs it, then switch SQLite to WAL.

        Nothing is written before the database is known to be ours (or empty) and at a
        revision this code knows: even the WAL switch rewrites the file header, so it comes
        last. A database that needs work is migrated in one write transaction under the
        schema lock (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: an advisory lock), after
        looking again, so concurrent openers migrate it once and the others wait.
        """
        with self.engine.connect() as conn, conn.begin():
            state = self._state(conn)
        if state != "current":
            with self.engine.connect() as conn:
                conn.execution_options(certtraining_write=True)
                with conn.begin():
                    self._lock(conn, "certtraining-schema")
                    state = self._state(conn)  # somebody may have migrated it while we looked
                    if state != "current":
                        self._migrate(conn, state)
        if self.backend == "sqlite":
            with self.engine.connect() as conn:
                # Outside any transaction (isolation_level None): journal mode is per file.
                _use_wal(conn.connection.dbapi_connection)

    def _migrate(self, conn: Connection, state: str) -> None:
        if state == "empty":
            schema.create_at_head(conn)
            return
        # Imported here: Alembic is only needed when the schema changes, and costs an import.
        from alembic.util import CommandError

        from certtraining.progress import migrate

        try:
            migrate.upgrade(conn, schema.revision_id(1) if state == "before-migrations" else None)
            reached = self._state(conn)  # the result must pass the same checks
        except CommandError as exc:
            reached = str(exc)
        if reached != "current":  # a packaging mistake; the transaction is rolled back
            raise ProgressStoreError(
                f"진도 데이터베이스를 스키마 버전 {schema.SCHEMA_VERSION}(으)로 옮기지 못했습니다. "
                f"데이터베이스는 그대로 두었습니다. / could not migrate {self.display_url} to "
                f"schema version {schema.SCHEMA_VERSION} ({reached}); nothing was changed."
            )

    def _state(self, conn: Connection) -> str:
        """``current``, ``empty``, ``behind`` or ``before-migrations``; raises if not ours.

        A database this code cannot use (another program's, or one from a newer
        certtraining) raises :class:`ProgressStoreError` and is left as it was.
        """
        tables = set(inspect(conn).get_table_names())
        if schema.VERSION_TABLE in tables:
            revisions = list(
                conn.execute(text(f"SELECT version_num FROM {schema.VERSION_TABLE}")).scalars()
            )
            if revisions == [schema.HEAD_REVISION]:
                self._check_version(conn)
                return "current"
            known = {schema.revision_id(n) for n in range(1, schema.SCHEMA_VERSION + 1)}
            if len(revisions) == 1 and revisions[0] in known:
                return "behind"
            if len(revisions) == 1 and revisions[0].isdigit():
                raise self._newer(int(revisions[0]))
            raise self._unknown(f"스키마 리비전 {', '.join(map(repr, revisions)) or '-'}")
        if schema.meta.name in tables:
            # Made before the migrations (metadata.create_all): schema version 1, or newer.
            self._check_version(conn, expected=1)
            return "before-migrations"
        foreign = tables - schema.OUR_TABLES if self.backend == "sqlite" else set()
        if tables & schema.OUR_TABLES or foreign:
            raise _not_ours(
                self.display_url,
                "certtraining 진도 데이터베이스가 아닙니다 (다른 표가 있고 버전 정보가 없음) / "
                f"not a certtraining progress database (tables: {', '.join(sorted(tables))})",
                self.backend == "sqlite",
            )
        return "empty"

    def _newer(self, version: int) -> ProgressStoreError:
        return ProgressStoreError(
            f"진도 데이터베이스를 열 수 없습니다: {self.display_url}\n"
            f"  이유 / reason: 스키마 버전 '{version}' (이 프로그램: {schema.SCHEMA_VERSION}). "
            "더 새 버전의 certtraining이 만든 데이터베이스입니다. certtraining을 업데이트하세요. / "
            f"made by a newer certtraining (schema version {version}; this one knows up to "
            f"{schema.SCHEMA_VERSION}); update certtraining.\n"
            "  데이터베이스는 그대로 두었습니다. / The database was left untouched."
        )

    def _unknown(self, what: str) -> ProgressStoreError:
        return _not_ours(
            self.display_url,
            f"알 수 없는 {what} (이 프로그램: 스키마 버전 {schema.SCHEMA_VERSION}) / "
            "unknown schema version",
            self.backend == "sqlite",
        )

    def _check_version(self, conn: Connection, expected: int = schema.SCHEMA_VERSION) -> None:
        stored = conn.execute(
            select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
        ).scalar_one_or_none()
        if stored == str(expected):
            return
        if stored is not None and stored.isdigit() and int(stored) > schema.SCHEMA_VERSION:
            raise self._newer(int(stored))
        raise self._unknown(f"스키마 버전 {stored!r}")

    @property
    def schema_version(self) -> int:
        with self._read() as conn:
            stored = conn.execute(
                select(schema.meta.c.value).where(schema.meta.c.key == "schema_version")
            ).scalar_one()
        return int(stored)

    # ------------------------------------------------------------------ record

    def record(self, record: Record) -> Record:
        """Validate and store one record in one transaction; returns it as stored.

        An attempt with ``attempt_no`` 0 is numbered here, from the rows already stored
        for that learner and question, so the count survives restarts and other kernels.
        """
        record = record.checked()
        with self._write() as conn:
            if isinstance(record, Attempt) and record.attempt_no == 0:
                record = self._numbered(conn, record)
            conn.execute(_table_of(record).insert().values(**_row_of(record)))
        return record

    def record_once(self, record: Record) -> tuple[Record, bool]:
        """Store a record unless its UUID is stored already; ``(as stored, newly added)``.

        What the class service uses, so a record sent twice (a retry, the outbox) is kept once.
        """
        record = record.checked()
        if self.backend == "postgresql" and isinstance(record, Attempt) and not record.attempt_no:
            return self._attempt_once_pg(record)
        table = _table_of(record)
        try:
            with self._write() as conn:
                existing = conn.execute(
                    select(table).where(table.c.uuid == record.uuid)
                ).one_or_none()
                if existing is not None:
                    return _record_of(type(record), dict(existing._mapping)), False
                if isinstance(record, Attempt) and record.attempt_no == 0:
                    record = self._numbered(conn, record)
                conn.execute(table.insert().values(**_row_of(record)))
            return record, True
        except ProgressStoreError:
            # Two copies raced: the other one is stored; answer with it.
            with self._read() as conn:
                existing = conn.execute(
                    select(table).where(table.c.uuid == record.uuid)
                ).one_or_none()
            if existing is None:
                raise
            return _record_of(type(record), dict(existing._mapping)), False

    def _attempt_once_pg(self, attempt: Attempt) -> tuple[Record, bool]:
        """:meth:`record_once` of an attempt to number, on PostgreSQL, in two statements."""
        with self._write() as conn:
            self._lock(conn, _number_key(attempt))
            return self._insert_numbered_pg(conn, attempt)

    def _insert_numbered_pg(self, conn: Connection, attempt: Attempt) -> tuple[Attempt, bool]:
        """One ``INSERT … SELECT max(attempt_no) + 1 … ON CONFLICT (uuid) DO NOTHING`` under
        the attempt's lock, instead of look-up, max, insert: each statement costs a round trip
        and, in the service's threads, Python time under the GIL. The INSERT starts after the
        lock is held, so under READ COMMITTED it sees every attempt committed before (numbers
        stay unique)."""
        row = _row_of(attempt)
        del row["attempt_no"]
        number = conn.execute(_ATTEMPT_ONCE[_kind_of(attempt)], row).scalar_one_or_none()
        if number is None:  # this UUID is stored already: answer with what it holds
            table = schema.attempts
            existing = conn.execute(select(table).where(table.c.uuid == attempt.uuid)).one()
            return _record_of(Attempt, dict(existing._mapping)), False  # type: ignore[return-value]
        return replace(attempt, attempt_no=int(number)), True

    def record_attempts_once(self, attempts: Sequence[Attempt]) -> list[tuple[Attempt, bool]]:
        """:meth:`record_once` for several answers to number; on PostgreSQL in one transaction.

        The class service's group commit: answers that arrive while the previous batch is
        being written share one BEGIN, one COMMIT (the durable wait) and one connection
        check, instead of paying each for every answer. Every answer is checked before any
        is stored; on PostgreSQL a database error then stores none (the caller stores them
        one by one, so one bad answer fails alone). SQLite serialises its writers anyway, so
        there each answer keeps its own transaction.
        """
        checked = [attempt.checked() for attempt in attempts]
        if any(a.attempt_no for a in checked):
            raise ValueError("record_attempts_once numbers its attempts: attempt_no must be 0")
        if self.backend != "postgresql":
            return [self.record_once(attempt) for attempt in checked]  # type: ignore[misc]
        with self._write() as conn:
            # Every lock first, in one statement and in key order, so two writers never wait
            # on each other in a cycle.
            keys = sorted({_number_key(attempt) for attempt in checked})
            conn.execute(_ADVISORY_LOCKS, {"ks": keys})
            numbers = _pipelined_numbers(conn, checked)
            stored: list[tuple[Attempt, bool]] = []
            for attempt, number in zip(checked, numbers, strict=True):
                if number is None:  # stored already (a retry): answer with what it holds
                    stored.append(self._insert_numbered_pg(conn, attempt))
                else:
                    stored.append((replace(attempt, attempt_no=int(number)), True))
            return stored

    def _numbered(self, conn: Connection, attempt: Attempt) -> Attempt:
        self._lock(conn, _number_key(attempt))
        table = schema.attempts
        highest = conn.execute(
            select(func.coalesce(func.max(table.c.attempt_no), 0)).where(
                table.c.learner == attempt.learner,
                table.c.question_id == attempt.question_id,
                _same_kind(_kind_of(attempt)),
            )
        ).scalar_one()
        return replace(attempt, attempt_no=int(highest) + 1)

    def import_records(self, records: Sequence[Record]) -> int:
        """Add records whose UUID is not stored yet, all in one transaction; returns how many.

        Importing the same file twice adds nothing; if anything fails, nothing is added.
        """
        unique: dict[str, Record] = {}
        for record in records:
            unique.setdefault(record.uuid, record.checked())
        added = 0
        with self._write() as conn:
            self._lock(conn, "certtraining-import")
            by_table: dict[str, list[Record]] = {}
            for record in unique.values():
                by_table.setdefault(_table_of(record).name, []).append(record)
            for table_name, group in by_table.items():
                table = schema.metadata.tables[table_name]
                uuids = [r.uuid for r in group]
                existing: set[str] = set()
                for start in range(0, len(uuids), _CHUNK):
                    chunk = uuids[start : start + _CHUNK]
                    existing.update(
                        conn.execute(select(table.c.uuid).where(table.c.uuid.in_(chunk))).scalars()
                    )
                fresh = [r for r in group if r.uuid not in existing]
                rows = []
                for record in fresh:
                    if isinstance(record, Attempt) and record.attempt_no == 0:
                        record = self._numbered(conn, record)
                    rows.append(_row_of(record))
                for start in range(0, len(rows), _CHUNK):
                    conn.execute(table.insert(), rows[start : start + _CHUNK])
                added += len(rows)
        return added

    # ------------------------------------------------------------------ query

    def attempts(self, learner: str | None = None, question_id: str | None = None) -> list[Attempt]:
        """Attempts, oldest first per learner and question (all learners when ``learner`` is None)."""
        table = schema.attempts
        query = select(table).order_by(
            table.c.learner, table.c.question_id, table.c.attempt_no, table.c.created_at
        )
        if learner is not None:
            query = query.where(table.c.learner == check_learner(learner))
        if question_id is not None:
            query = query.where(table.c.question_id == question_id)
        with self._read() as conn:
            return [Attempt(**row._mapping) for row in conn.execute(query)]

    def lesson_events(self, learner: str | None = None) -> list[LessonRecord]:
        return [LessonRecord(**row) for row in self._rows(schema.lesson_events, learner)]

    def exam_results(self, learner: str | None = None) -> list[ExamRecord]:
        results = []
        for row in self._rows(schema.exam_results, learner):
            row["question_ids"] = tuple(json.loads(row["question_ids"]))
            results.append(ExamRecord(**row))
        return results

    def practice_steps(self, learner: str | None = None) -> list[PracticeRecord]:
        return [PracticeRecord(**row) for row in self._rows(schema.practice_steps, learner)]

    def certificates(self, learner: str | None = None) -> list[Certificate]:
        """Every issued 수료증 (one learner's, or everyone's), oldest first."""
        return [Certificate(**row) for row in self._rows(schema.certificates, learner)]

    def certificate_by_code(self, code: str) -> Certificate | None:
        """The certificate issued with this verification code, if any (codes are unique)."""
        table = schema.certificates
        with self._read() as conn:
            row = conn.execute(select(table).where(table.c.code == code)).first()
        return None if row is None else Certificate(**row._mapping)

    def flags(self, learner: str | None = None, question_id: str | None = None) -> list[Flag]:
        """이 문제가 헷갈려요 flags, oldest first (one learner's, one question's, or all)."""
        table = schema.flags
        query = select(table).order_by(table.c.created_at, table.c.uuid)
        if learner is not None:
            query = query.where(table.c.learner == check_learner(learner))
        if question_id is not None:
            query = query.where(table.c.question_id == question_id)
        with self._read() as conn:
            return [Flag(**row._mapping) for row in conn.execute(query)]

    def _rows(self, table: Any, learner: str | None) -> list[dict[str, Any]]:
        query = select(table).order_by(table.c.created_at, table.c.uuid)
        if learner is not None:
            query = query.where(table.c.learner == check_learner(learner))
        with self._read() as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def records(self, learner: str | None = None) -> Iterator[Record]:
        """Every record of every kind (for export): attempts, lessons, exams, practice,
        certificates and flags."""
        yield from self.attempts(learner)
        yield from self.lesson_events(learner)
        yield from self.exam_results(learner)
        yield from self.practice_steps(learner)
        yield from self.certificates(learner)
        yield from self.flags(learner)

    def learners(self) -> list[str]:
        tables = (
            schema.attempts,
            schema.lesson_events,
            schema.exam_results,
            schema.practice_steps,
            schema.flags,
        )
        query = select(tables[0].c.learner).union(*(select(t.c.learner) for t in tables[1:]))
        with self._read() as conn:
            return sorted(conn.execute(query).scalars())

    # ------------------------------------------------------------------ exam papers

    def issue_exam_paper(self, learner: str, question_ids: Sequence[str]) -> ExamPaperRecord:
        """Record the paper handed to ``learner`` unless it is the one they already hold."""
        paper = ExamPaperRecord(learner, tuple(question_ids)).checked()
        table = _papers_table()
        with self._write() as conn:
            self._lock(conn, f"exam-paper\x1f{paper.learner}")
            last = conn.execute(
                select(table)
                .where(table.c.learner == paper.learner)
                .order_by(table.c.created_at.desc(), table.c.uuid.desc())
                .limit(1)
            ).one_or_none()
            if last is not None and tuple(json.loads(last.question_ids)) == paper.question_ids:
                return _paper_of(dict(last._mapping))
            conn.execute(
                table.insert().values(
                    uuid=paper.uuid,
                    learner=paper.learner,
                    question_ids=json.dumps(list(paper.question_ids)),
                    created_at=paper.created_at,
                )
            )
        return paper

    def exam_papers(self, learner: str | None = None) -> list[ExamPaperRecord]:
        """Issued papers, oldest first."""
        return [_paper_of(row) for row in self._rows(_papers_table(), learner)]

    def count(self, kind: str = "attempt") -> int:
        table = {
            "attempt": schema.attempts,
            "lesson": schema.lesson_events,
            "exam": schema.exam_results,
            "practice": schema.practice_steps,
            "certificate": schema.certificates,
            "flag": schema.flags,
        }[kind]
        with self._read() as conn:
            return int(conn.execute(select(func.count()).select_from(table)).scalar_one())

    # ------------------------------------------------------------------ summarise

    def summarise(self, learner: str, plan: CoursePlan) -> LearnerSummary:
        """A learner's summary, scored against the course ``plan`` the caller hands in."""
        learner = check_learner(learner)
        return summarise_learner(
            plan,
            self.attempts(learner),
            self.lesson_events(learner),
            self.exam_results(learner),
        )


def _number_key(attempt: Attempt) -> str:
    """The advisory lock that serialises numbering one learner's tries at one question."""
    return f"{attempt.learner}\x1f{attempt.question_id}"


def _kind_of(attempt: Attempt) -> str:
    """Which numbering an attempt belongs to (see :func:`_same_kind`)."""
    if attempt.self_reported:
        return "self_reported"
    return "review" if attempt.mode == "review" else "course"


def _same_kind(kind: str) -> Any:
    """Review answers and self-reported (handout) answers are each numbered apart from the
    others, so neither changes which practice try a later correct answer counts as
    (docs/scoring.md)."""
    table = schema.attempts
    if kind == "self_reported":
        return table.c.self_reported
    if kind == "review":
        return (table.c.mode == "review") & ~table.c.self_reported
    return (table.c.mode != "review") & ~table.c.self_reported


def _attempt_once_statement(kind: str) -> Any:
    """INSERT the attempt numbered max + 1 unless its UUID is stored; RETURNING the number."""
    table = schema.attempts
    columns = [c.name for c in table.columns if c.name != "attempt_no"]
    numbered = select(
        *(bindparam(name, type_=table.c[name].type) for name in columns),
        func.coalesce(func.max(table.c.attempt_no), 0) + 1,
    ).where(
        table.c.learner == bindparam("learner"),
        table.c.question_id == bindparam("question_id"),
        _same_kind(kind),
    )
    return (
        pg_insert(table)
        .from_select([*columns, "attempt_no"], numbered)
        .on_conflict_do_nothing(index_elements=["uuid"])
        .returning(table.c.attempt_no)
    )


_compiled: dict[tuple[str, str], Any] = {}


def _compiled_once(kind: str, dialect: Any) -> Any:
    """The numbering INSERT as the driver's SQL text, compiled once per dialect."""
    key = (kind, dialect.name)
    if key not in _compiled:
        _compiled[key] = _ATTEMPT_ONCE[kind].compile(dialect=dialect)
    return _compiled[key]


def _pipelined_numbers(conn: Connection, attempts: Sequence[Attempt]) -> list[int | None]:
    """Each attempt's ``INSERT … SELECT max + 1`` in order, pipelined: psycopg's executemany
    sends them all before reading any reply, so a batch costs one round trip, not one per
    answer. Each INSERT still sees the ones before it (same transaction), so two answers to
    one question in a batch are numbered one after the other. None: that UUID was stored."""
    dbapi_connection = conn.connection.dbapi_connection
    numbers: dict[int, int | None] = {}
    for kind in ("course", "review", "self_reported"):
        indexes = [i for i, attempt in enumerate(attempts) if _kind_of(attempt) == kind]
        if not indexes:
            continue
        compiled = _compiled_once(kind, conn.dialect)
        rows = []
        for i in indexes:
            row = {**compiled.params, **_row_of(attempts[i])}
            del row["attempt_no"]
            rows.append(row)
        cursor = dbapi_connection.cursor()
        try:
            cursor.executemany(compiled.string, rows, returning=True)
            for i in indexes:
                found = cursor.fetchone()
                numbers[i] = None if found is None else int(found[0])
                cursor.nextset()
        except conn.dialect.loaded_dbapi.Error as exc:
            raise ProgressStoreError(
                f"진도를 저장하지 못했습니다 / could not write progress: {_short(exc)}"
            ) from None
        finally:
            cursor.close()
    return [numbers[i] for i in range(len(attempts))]


_ADVISORY_LOCK = text("SELECT pg_advisory_xact_lock(hashtextextended(:k, 0))")
_ADVISORY_LOCKS = text(
    "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) "
    "FROM unnest(CAST(:ks AS TEXT[])) AS k ORDER BY k"
)
_ATTEMPT_ONCE = {
    kind: _attempt_once_statement(kind) for kind in ("course", "review", "self_reported")
}


def _table_of(record: Record) -> Any:
    return {
        Attempt: schema.attempts,
        LessonRecord: schema.lesson_events,
        ExamRecord: schema.exam_results,
        PracticeRecord: schema.practice_steps,
        Certificate: schema.certificates,
        Flag: schema.flags,
    }[type(record)]


def _papers_table() -> Any:
    return schema.exam_papers


def _paper_of(row: dict[str, Any]) -> ExamPaperRecord:
    return ExamPaperRecord(
        row["learner"], tuple(json.loads(row["question_ids"])), row["uuid"], row["created_at"]
    )


def _record_of(cls: type[Record], row: dict[str, Any]) -> Record:
    if cls is ExamRecord:
        row["question_ids"] = tuple(json.loads(row["question_ids"]))
    return cls(**row)


def _row_of(record: Record) -> dict[str, Any]:
    row = dict(record.__dict__)
    if isinstance(record, ExamRecord):
        row["question_ids"] = json.dumps(list(record.question_ids))
    return row


_open_stores: dict[str, Any] = {}


def open_store(url: str | None = None) -> ProgressStore:
    """The store for ``url`` (default: ``CERTTRAINING_DB`` or the user's file), one per process.

    A URL naming the class server's progress service (``certtraining+http://…``) gives the
    store that talks to it over HTTP (:mod:`certtraining.progress.service_store`), which has
    the same methods a kernel and the report commands use.
    """
    key = url or default_url()
    store = _open_stores.get(key)
    if store is None:
        if is_service_url(key):
            from certtraining.progress.service_store import ServiceStore

            store = _open_stores[key] = ServiceStore(key)
        else:
            store = _open_stores[key] = ProgressStore(key)
    return store


def close_stores() -> None:
    for store in _open_stores.values():
        store.close()
    _open_stores.clear()


def _use_wal(dbapi_connection: Any, attempts: int = 50) -> None:
    """Switch the file to WAL once; another opener may hold a lock for a moment meanwhile.

    Changing the journal mode needs the file to itself, and SQLite answers "database is
    locked" at once rather than waiting while another process migrates a new file, so
    the switch is retried a bounded number of times (the mode sticks to the file).
    """
    for attempt in range(attempts):
        try:
            mode = dbapi_connection.execute("PRAGMA journal_mode").fetchone()[0]
            if str(mode).lower() != "wal":
                dbapi_connection.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            if attempt == attempts - 1:
                raise ProgressStoreError(
                    "진도 데이터베이스를 다른 프로그램이 계속 쓰고 있어 열 수 없습니다. 잠시 뒤 "
                    "다시 해 보세요 / the progress database stayed locked by another program; "
                    "try again in a moment"
                ) from exc
            time.sleep(0.1)
