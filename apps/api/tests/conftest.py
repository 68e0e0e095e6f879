"""Test fixtures: a real database per run (SQLite or PostgreSQL, chosen by TEST_DATABASE), migrated
once; each test runs inside a transaction that is rolled back, so tests never see each other's data."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.db import make_engine
from diet_planner.core.group_commit import GroupCommit
from diet_planner.core.kv import MemoryStore
from diet_planner.core.migrate import upgrade
from diet_planner.main import create_app

BACKEND = os.environ.get("TEST_DATABASE", "sqlite")
PG_ADMIN_URL = os.environ.get("TEST_POSTGRES_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REQUIRE_POSTGRES = os.environ.get("REQUIRE_POSTGRES") == "1"
TEST_PASSWORD = "correct-horse-battery-staple"


def _postgres_available() -> bool:
    try:
        engine = create_engine(PG_ADMIN_URL, connect_args={"connect_timeout": 3})
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if BACKEND == "sqlite":
        path = tmp_path_factory.mktemp("db") / "test.db"
        yield f"sqlite:///{path}"
        return
    if BACKEND != "postgresql":
        raise RuntimeError(f"TEST_DATABASE must be sqlite or postgresql, not {BACKEND!r}")
    if not _postgres_available():
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL not reachable")
    name = f"diet_planner_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def migrated_engine(database_url: str) -> Iterator[Engine]:
    upgrade(database_url)
    engine = make_engine(database_url, pool_size=2, max_overflow=2)
    _load_reference_data(engine)
    yield engine
    engine.dispose()


def _load_reference_data(engine: Engine) -> None:
    """Every test run has the real USDA foods and the recipe catalogue, loaded once and committed."""
    from diet_planner.core.config import Settings as AppSettings
    from diet_planner.foods.service import load_bundled_usda, sync_catalogue_recipes

    with Session(engine) as session:
        load_bundled_usda(session, AppSettings())
        sync_catalogue_recipes(session)
        session.commit()


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    logs = tmp_path_factory.mktemp("logs")
    return Settings(
        app_env="development",
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-000000",
        log_file=logs / "diet_planner.log",
        web_build_dir=tmp_path_factory.mktemp("web"),
        rate_limit_per_minute=100_000,
        redis_url=None,
        ops_token=None,
    )


@pytest.fixture
def connection(migrated_engine: Engine) -> Iterator[Connection]:
    with migrated_engine.connect() as conn:
        outer = conn.begin()
        yield conn
        outer.rollback()


@pytest.fixture
def db_session(connection: Connection) -> Iterator[Session]:
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield session
    session.close()


class _BoundDatabase:
    """Stands in for core.db.Database so every request's session joins the test's transaction."""

    def __init__(self, real: Any, connection: Connection) -> None:
        self._real = real
        self._connection = connection
        self.engine = real.engine
        self.url = real.url
        self.admission = real.admission  # requests still wait in the app's real line
        self.write_gate = real.write_gate
        self.write_admission = real.write_admission
        # The writer thread's batches join the test's transaction too (each commit ends a savepoint).
        self.group_commit = GroupCommit(lambda: self.session(write=True))

    @property
    def dialect(self) -> str:
        return str(self._real.dialect)

    def session(self, *, write: bool = False) -> Session:
        return Session(bind=self._connection, join_transaction_mode="create_savepoint", expire_on_commit=False)

    def ping(self) -> float:
        return float(self._real.ping())

    def pool_status(self) -> dict[str, int]:
        return dict(self._real.pool_status())

    def dispose(self) -> None:
        self.group_commit.close()
        self._real.dispose()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def app(settings: Settings, connection: Connection, store: MemoryStore, migrated_engine: Engine) -> Iterator[Any]:
    application = create_app(settings, store=store)
    application.state.db = _BoundDatabase(application.state.db, connection)
    yield application
    application.state.db.dispose()


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def register_and_login(client: TestClient, email: str | None = None, password: str = TEST_PASSWORD) -> dict[str, str]:
    email = email or f"user-{uuid.uuid4().hex[:8]}@example.com"
    response = client.post("/api/auth/register", json={"email": email, "password": password, "name": "Test"})
    assert response.status_code == 201, response.text
    response = client.post("/api/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    tokens = response.json()
    return {"Authorization": f"Bearer {tokens['access_token']}", "email": email, "refresh": tokens["refresh_token"]}


@pytest.fixture
def auth_headers(client: TestClient) -> dict[str, str]:
    data = register_and_login(client)
    return {"Authorization": data["Authorization"]}


def log_path(settings: Settings) -> Path:
    """The log file, once every line logged so far is in it (a background thread writes them)."""
    from diet_planner.core.logging import flush_logs

    flush_logs()
    return Path(settings.log_file)
