"""Engine, sessions and the declarative base; the SQLite/PostgreSQL differences live here."""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import functools
import json
import os
import threading
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import DateTime, MetaData, Table, TypeDecorator, create_engine, event, insert, text
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.dml import Insert

from diet_planner.core.admission import BUSY, Admission
from diet_planner.core.errors import ServiceUnavailable
from diet_planner.core.group_commit import GroupCommit

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """DateTime(timezone=True) that always reads back aware UTC datetimes. SQLite keeps no zone, so without
    this the API would answer naive timestamps there; the contract wants every timestamp with its zone."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UtcDateTime()}


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


def is_sqlite(url_or_engine: str | Engine) -> bool:
    url = url_or_engine if isinstance(url_or_engine, str) else str(url_or_engine.url)
    return url.startswith("sqlite")


def sqlite_path(url: str) -> str | None:
    """The database file of a SQLite URL (None for an in-memory database)."""
    database = url.split("///", 1)[-1].split("?", 1)[0]
    return database if database and database != ":memory:" else None


_ORJSON_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def json_dumps(value: Any) -> str:
    """JSON columns' serializer: orjson (a meal log's 40 nutrients took 17 us with the json module, a twentieth of
    the write), the json module for what orjson refuses (a float subclass other than numpy's)."""
    try:
        return orjson.dumps(value, option=_ORJSON_OPTIONS).decode()
    except TypeError:
        return json.dumps(value)


def json_loads(text: str | bytes) -> Any:
    """JSON columns' reader: orjson, or the json module for what only it reads (NaN, which it wrote before)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """`rows` (the same columns each, the id left out) inserted in one statement; their new ids, in their order.

    On PostgreSQL the rows go as one JSON array, read by the server (json_array_elements): the statement's text is
    the same for any number of rows, so psycopg converts it once (it re-parsed a multi-row VALUES statement of
    over 50 parameters every time: an eighth of a meal-log write's CPU; one array parameter per column cost
    more, in psycopg's array dumping) and the server prepares it. Ids are handed out in the ORDER BY's order
    within one statement, as SQLAlchemy's own ordered multi-row insert assumes, so sorted ids follow the rows."""
    if connection.dialect.name != "postgresql" or len(rows) < 2:
        return [int(new_id) for new_id in connection.execute(_ordered_insert(table), rows).scalars()]
    statement = _json_rows_insert(connection.dialect, table, tuple(rows[0]))
    new_ids = connection.exec_driver_sql(statement, (json_dumps(rows),)).scalars()
    return sorted(int(new_id) for new_id in new_ids)


def prepare_row(writer: DirectWriter, table: Table, row: dict[str, Any]) -> Any:
    """A row's values for insert_prepared, converted by the columns' own bind processors as SQLAlchemy converts
    them: done before the writer takes the write lock, which both workers' writers wait for in turn."""
    if writer.dialect.name == "postgresql":
        return json_dumps(row)
    processors = _sqlite_processors(writer.dialect, table, tuple(row))
    return tuple(row[name] if process is None else process(row[name]) for name, process in processors)


def insert_prepared(writer: DirectWriter, table: Table, names: tuple[str, ...], prepared: list[Any]) -> list[int]:
    """insert_rows on the group-commit writer's own DBAPI connection (DirectWriter), in its transaction, of rows
    made by prepare_row (with the columns `names`, in that order): their new ids, in their order. Without
    SQLAlchemy's session, statement execution and events (a quarter of a meal-log write's CPU went there, per
    batch: bench_load's profile), and in one statement: each statement lets the event loop's thread take the
    interpreter lock, which the writer then waits for while it holds the write lock."""
    cursor = writer.cursor
    if writer.dialect.name == "postgresql":
        cursor.execute(_json_rows_insert(writer.dialect, table, names), (f"[{','.join(prepared)}]",))
        return sorted(int(new_id) for (new_id,) in cursor.fetchall())
    cursor.execute(_sqlite_insert(table, names, len(prepared)), [value for values in prepared for value in values])
    # The writer holds SQLite's write lock (BEGIN IMMEDIATE) and inserts alone: the rows took consecutive rowids,
    # the last of which the driver read after the statement (not another statement, another wait for the lock).
    last = int(cursor.lastrowid)
    return list(range(last - len(prepared) + 1, last + 1))


@functools.cache
def _sqlite_processors(dialect: Dialect, table: Table, names: tuple[str, ...]) -> tuple[tuple[str, Any], ...]:
    """(name, the column type's bind processor on this dialect or None) per column."""
    columns = [table.c[name] for name in names]
    return tuple((column.key, column.type.dialect_impl(dialect).bind_processor(dialect)) for column in columns)


@functools.lru_cache(maxsize=256)
def _sqlite_insert(table: Table, names: tuple[str, ...], rows: int) -> str:
    columns = ", ".join(table.c[name].name for name in names)  # only the table's own column names reach the text
    one = f"({', '.join('?' * len(names))})"
    return f"INSERT INTO {table.name} ({columns}) VALUES {', '.join([one] * rows)}"  # noqa: S608


@functools.cache
def _ordered_insert(table: Table) -> Insert:
    return insert(table).returning(table.c.id, sort_by_parameter_order=True)


@functools.cache
def _json_rows_insert(dialect: Dialect, table: Table, names: tuple[str, ...]) -> str:
    """The rows of a JSON array as the table's own row type (json_populate_recordset: each value through its
    column type's input, a string's length checked as for any insert), in the array's order. Taking each column
    out of the JSON with an operator and a cast instead cost the server 1.2 ms for 12 rows against 0.45 ms,
    on the same two cores as the API's workers."""
    columns = ", ".join(table.c[name].name for name in names)  # only the table's own columns reach the text
    source = f"json_populate_recordset(NULL::{table.name}, %s::json) WITH ORDINALITY AS given"
    return f"INSERT INTO {table.name} ({columns}) SELECT {columns} FROM {source} ORDER BY given.ordinality RETURNING id"  # noqa: S608


def make_engine(
    url: str, *, pool_size: int = 5, max_overflow: int = 10, echo: bool = False, lock_timeout_s: float = 30
) -> Engine:
    if is_sqlite(url):
        database = sqlite_path(url)
        if database:
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": lock_timeout_s},
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=max_overflow,
            json_serializer=json_dumps,
            json_deserializer=json_loads,
        )
        _configure_sqlite(engine, busy_timeout_ms=int(lock_timeout_s * 1000))
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5},
        json_serializer=json_dumps,
        json_deserializer=json_loads,
    )


def _configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL for concurrent readers, FK enforcement, a busy timeout instead of 'database is locked',
    and SQLAlchemy-managed BEGIN so savepoints work (pysqlite's own transaction handling breaks them)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        # Our own writers queue at the WriteGate first; this bounds a wait for another program's writer (an import).
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=FULL")
        # A multi-row INSERT's rows go through a temporary table: in a file, one created, unlinked and closed per
        # batch of meal logs (strace of the machine writer). The database is small enough to sort in memory.
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the lock up front (BEGIN IMMEDIATE, waiting up to busy_timeout): a deferred transaction
        # that reads and then writes after another commit fails at once with "database is locked".
        immediate = conn.get_execution_options().get("sqlite_begin") == "IMMEDIATE"
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def end_read_phase(session: Session) -> None:
    """End a write request's transaction before slow CPU work (password hashing, plan solving), while it
    has only read. On SQLite a write request holds the single write lock from its first statement (BEGIN
    IMMEDIATE), so every other write would wait for the hash or the solver and, under load, fail with
    "database is locked" after the busy timeout. The next statement opens a new transaction.

    The request also gives back its place in the admission line (it holds no connection now), so a burst
    of logins does not keep everyone else waiting for their hashes; its next statement queues again."""
    if session.new or session.dirty or session.deleted:
        return  # pending changes belong with the request's writes in one transaction
    session.commit()
    admitted = session.info.get(ADMITTED)
    if admitted is not None and admitted[2]:
        admission, loop, _ = admitted
        session.info[ADMITTED] = (admission, loop, False)
        loop.call_soon_threadsafe(admission.release)
        writer = session.info.get(WRITER)
        if writer is not None and writer[1]:
            session.info[WRITER] = (writer[0], False)
            loop.call_soon_threadsafe(writer[0].release)


ADMITTED = "admission"  # session.info: (Admission, its event loop, whether the session holds a place now)
WRITER = "writer_place"  # session.info on SQLite write requests: (the writers' line, whether it holds a place)


def _readmit(factory: sessionmaker[Session]) -> None:
    """A session that gave its place back (end_read_phase) queues again, at the head of the line, before
    its next transaction takes a connection. Registered before the write gate: whoever holds the gate
    holds a place, so it always finds a connection."""

    @event.listens_for(factory, "after_transaction_create")
    def _queue_again(session: Session, transaction: Any) -> None:
        admitted = session.info.get(ADMITTED)
        if transaction.parent is not None or admitted is None or admitted[2]:
            return
        admission, loop, _ = admitted
        writer = session.info.get(WRITER)
        if writer is not None and not writer[1]:  # the writers' line first, as in core/dependencies.py
            asyncio.run_coroutine_threadsafe(writer[0].acquire(first=True), loop).result()
            session.info[WRITER] = (writer[0], True)
        asyncio.run_coroutine_threadsafe(admission.acquire(first=True), loop).result()
        session.info[ADMITTED] = (admission, loop, True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


class FairLock:
    """A lock handed to waiters in arrival order (threading.Lock lets a thread that just released it take it
    again, so under a burst some writers waited seconds while others went round many times)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._held = False
        self._queue: deque[threading.Lock] = deque()

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held and not self._queue:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._queue.append(turn)
        if turn.acquire(timeout=timeout):
            return True  # handed over by release()
        with self._mutex:
            try:
                self._queue.remove(turn)
                return False
            except ValueError:
                return True  # handed over just as the wait ran out

    def release(self) -> None:
        with self._mutex:
            if self._queue:
                self._queue.popleft().release()  # still held: it passes to the next in line
            else:
                self._held = False


class WriteGate:
    """One writing transaction at a time on a SQLite database, across the worker processes of this machine,
    waited for *before* the transaction takes a pooled connection.

    SQLite has one write lock. Waiting for it inside BEGIN IMMEDIATE holds a pooled connection (and a worker
    thread) for up to the busy timeout, so a burst of writers took every connection and thread while the
    writer holding the lock could not get a thread to commit. Here a writer waits without a connection: a
    thread lock orders this process's writers, a `flock` on `<database>-writer.lock` the processes' (the
    kernel drops it if a process dies). BEGIN IMMEDIATE then finds the lock free unless another program
    (an import, the sqlite3 shell) is writing."""

    def __init__(self, database_path: str | None, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._lock = FairLock()
        self._lock_path = f"{database_path}-writer.lock" if database_path else None
        self._fd: int | None = None
        self._fd_pid = 0

    def _file(self) -> int:
        # Opened lazily and per process: a descriptor inherited across fork would share one flock.
        if self._fd is None or self._fd_pid != os.getpid():
            assert self._lock_path is not None
            self._fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT, 0o600)
            self._fd_pid = os.getpid()
        return self._fd

    def acquire(self) -> bool:
        deadline = time.monotonic() + self.timeout_s
        if not self._lock.acquire(timeout=self.timeout_s):
            return False
        if self._lock_path is None:
            return True
        try:
            fd = self._file()
            pause = 0.0005
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        self._lock.release()
                        return False
                    # Another process is writing: its batch takes a disk sync (a few ms). Polled at most every
                    # millisecond, so the gate changes hands between the workers' batches without a gap.
                    time.sleep(pause)
                    pause = min(pause * 2, 0.001)
        except BaseException:
            self._lock.release()
            raise

    def release(self) -> None:
        if self._lock_path is not None and self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        self._lock.release()


class DirectWriter:
    """The group-commit writer thread's own DBAPI connection, for the batches it can write without a session
    (core/group_commit.py BatchWrite.direct): `begin()` takes the write gate (SQLite) and opens a transaction,
    `cursor` writes in it, `commit()` or `rollback()` ends it and gives the gate back. The connection is kept
    between batches (checking one out of the pool, and on PostgreSQL its pre-ping, cost as much as the batch);
    one that fails is dropped, and the next batch takes a fresh one from the pool.

    `autocommit` (PostgreSQL, for batches of one statement: the machine writer's): each statement is its own
    transaction, committed before the server answers it: one round trip a batch instead of three (BEGIN, the
    statement, COMMIT), each a wait for the server's process to be scheduled on a busy machine. A statement
    that fails may then have been committed (may_have_committed)."""

    def __init__(self, engine: Engine, gate: WriteGate | None, autocommit: bool = False) -> None:
        self.dialect = engine.dialect
        self.autocommit = autocommit and engine.dialect.name == "postgresql"
        self._engine = engine
        self._gate = gate
        self._connection: Any = None  # the pool's proxy of the DBAPI connection
        self.cursor: Any = None

    def begin(self) -> None:
        if self._gate is not None and not self._gate.acquire():
            raise ServiceUnavailable(BUSY, headers={"Retry-After": str(max(1, min(30, int(self._gate.timeout_s))))})
        try:
            if self._connection is None:
                self._connection = self._engine.raw_connection()
                if self.autocommit:
                    self._connection.driver_connection.autocommit = True
                self.cursor = self._connection.cursor()
            if self.dialect.name == "sqlite":  # autocommit mode (_configure_sqlite): the transaction is explicit
                self.cursor.execute("BEGIN IMMEDIATE")
            # psycopg opens the transaction with the first statement.
        except BaseException:
            self._drop()
            self._release()
            raise

    def commit(self) -> None:
        try:
            self._connection.commit()
        except BaseException:
            self._drop()
            raise
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            self._connection.rollback()
        except Exception:
            self._drop()  # a broken connection: the next batch takes another
        finally:
            self._release()

    def may_have_committed(self, error: BaseException) -> bool:
        """Whether a statement that raised `error` may be committed all the same: in autocommit, unless the server
        answered it with an error (an SQLSTATE: the statement and its transaction were rolled back). With the
        connection lost before the answer, nobody knows: it must not be written again."""
        return self.autocommit and getattr(error, "sqlstate", None) is None

    def close(self) -> None:
        """Give the connection back to the pool (the app's end, or the writer thread's)."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                if self.autocommit:  # as the pool's other users expect it
                    self._connection.driver_connection.autocommit = False
            with contextlib.suppress(Exception):
                self._connection.close()
        self._connection = self.cursor = None

    def _drop(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.invalidate()
        self.close()

    def _release(self) -> None:
        if self._gate is not None:
            self._gate.release()


def _gate_writes(factory: sessionmaker[Session], gate: WriteGate) -> None:
    """Each root transaction of a write session holds the gate from its start (before any connection is
    taken) to its end; `end_read_phase` ends one early, so slow CPU work runs without it."""
    key = "write_gate_held"

    @event.listens_for(factory, "after_transaction_create")
    def _take(session: Session, transaction: Any) -> None:
        if transaction.parent is not None:
            return
        if not gate.acquire():
            raise ServiceUnavailable(BUSY, headers={"Retry-After": str(max(1, min(30, int(gate.timeout_s))))})
        session.info[key] = transaction

    @event.listens_for(factory, "after_transaction_end")
    def _give_back(session: Session, transaction: Any) -> None:
        if session.info.get(key) is transaction:
            del session.info[key]
            gate.release()


class Database:
    """Owns the engine, the session factories and the admission line of one running app."""

    def __init__(
        self,
        url: str,
        *,
        pool_size: int = 5,
        max_overflow: int = 10,
        queue_timeout_s: float = 10.0,
        max_waiting: int = 500,
    ) -> None:
        self.url = url
        # The pool keeps every connection it may open (no overflow): the admission line lets in as many requests
        # as there are connections, so under load the overflow connections were closed and opened again on every
        # request (a PostgreSQL backend fork, or SQLite's connect pragmas, each time: bench_load's profile).
        # The total stays DB_POOL_SIZE + DB_MAX_OVERFLOW per worker, the budget deployments plan for.
        # Two connections more for the writer thread of the group commit (core/group_commit.py), which holds no
        # place in the admission line: its sessions' and the one it keeps for its direct writes (DirectWriter).
        # An admitted request still always finds a connection.
        self.engine = make_engine(
            url, pool_size=pool_size + max_overflow + 2, max_overflow=0, lock_timeout_s=max(1.0, queue_timeout_s)
        )
        self.session_factory = make_sessionmaker(self.engine)
        _readmit(self.session_factory)
        # A request holds at most one pooled connection at a time, so admitting no more requests than the pool
        # holds means an admitted request never waits for a connection.
        self.admission = Admission(pool_size + max_overflow, timeout_s=queue_timeout_s, max_waiting=max_waiting)
        self.write_gate: WriteGate | None = None
        # SQLite: write requests also wait in a short line of their own first. Only one writer at a time can
        # hold the write gate, so more admitted writers only wait for it (in a thread, holding a place in the
        # admission line); two keep the next one ready while readers keep the other places (bench_load's burst:
        # reads waited behind the writers).
        self.write_admission: Admission | None = None
        if is_sqlite(url):
            self.write_admission = Admission(2, timeout_s=queue_timeout_s, max_waiting=max_waiting)
            self.write_session_factory = make_sessionmaker(self.engine.execution_options(sqlite_begin="IMMEDIATE"))
            _readmit(self.write_session_factory)
            self.write_gate = WriteGate(sqlite_path(url), queue_timeout_s)
            _gate_writes(self.write_session_factory, self.write_gate)
        else:
            self.write_session_factory = self.session_factory
        # Also what makes the values of a row it writes (prepare_row), before the writer takes the write gate.
        self.direct_writer = DirectWriter(self.engine, self.write_gate)
        self.group_commit = GroupCommit(
            self.write_session_factory,
            direct=self.direct_writer,
            max_waiting=max_waiting,
            retry_after_s=max(1, min(30, int(queue_timeout_s))),
        )

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self, *, write: bool = False) -> Session:
        """`write=True` for units of work that may write (SQLite then serialises them instead of failing)."""
        return self.write_session_factory() if write else self.session_factory()

    def ping(self) -> float:
        """Round-trip a trivial query; returns latency in milliseconds, raises when down."""
        started = time.perf_counter()
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return (time.perf_counter() - started) * 1000

    def pool_status(self) -> dict[str, int]:
        pool = self.engine.pool
        if isinstance(pool, QueuePool):
            return {
                "size": pool.size(),
                "checked_out": pool.checkedout(),
                # QueuePool counts overflow from -pool_size up; report only connections beyond the pool.
                "overflow": max(0, pool.overflow()),
                "checked_in": pool.checkedin(),
            }
        return {"size": 0, "checked_out": 0, "overflow": 0, "checked_in": 0}

    def dispose(self) -> None:
        self.group_commit.close()
        self.engine.dispose()


def session_scope(factory: sessionmaker[Session]) -> Iterator[Session]:
    """Commit once if the unit of work succeeds, roll back otherwise."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
