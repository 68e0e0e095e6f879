"""Engine, sessions and the declarative base; the SQLite/PostgreSQL differences live here."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, MetaData, TypeDecorator, create_engine, event, text
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker
from sqlalchemy.pool import QueuePool

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


def make_engine(url: str, *, pool_size: int = 5, max_overflow: int = 10, echo: bool = False) -> Engine:
    if is_sqlite(url):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            echo=echo,
            connect_args={"check_same_thread": False, "timeout": 30},
            poolclass=QueuePool,
            pool_size=pool_size,
            max_overflow=max_overflow,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url,
        echo=echo,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_pre_ping=True,
        pool_recycle=1800,
        connect_args={"connect_timeout": 5},
    )


def _configure_sqlite(engine: Engine) -> None:
    """WAL for concurrent readers, FK enforcement, a busy timeout instead of 'database is locked',
    and SQLAlchemy-managed BEGIN so savepoints work (pysqlite's own transaction handling breaks them)."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=FULL")
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
    "database is locked" after the busy timeout. The next statement opens a new transaction."""
    if session.new or session.dirty or session.deleted:
        return  # pending changes belong with the request's writes in one transaction
    session.commit()


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


class Database:
    """Owns the engine and the session factory of one running app."""

    def __init__(self, url: str, *, pool_size: int = 5, max_overflow: int = 10) -> None:
        self.url = url
        self.engine = make_engine(url, pool_size=pool_size, max_overflow=max_overflow)
        self.session_factory = make_sessionmaker(self.engine)
        self.write_session_factory = (
            make_sessionmaker(self.engine.execution_options(sqlite_begin="IMMEDIATE"))
            if is_sqlite(url)
            else self.session_factory
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
