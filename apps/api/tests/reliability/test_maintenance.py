"""The database maintenance commands of docs/operations.md run against our migrated schema, through the
same client the operator uses (psql for PostgreSQL, the sqlite3 shell for SQLite)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import BACKEND

pytestmark = pytest.mark.slow
GUIDE_TABLES = ("users", "diet_plans", "meal_logs")


def _psql(url: str, *commands: str) -> str:
    psql = shutil.which("psql")
    if psql is None:
        pytest.skip("psql is not installed (apt-get install postgresql-client)")
    parsed = make_url(url)
    arguments = [psql, "-X", "-v", "ON_ERROR_STOP=1", "-h", parsed.host or "127.0.0.1"]
    arguments += ["-p", str(parsed.port or 5432), "-U", parsed.username or "postgres", "-d", str(parsed.database)]
    for command in commands:
        arguments += ["-c", command]
    environment = {"PGPASSWORD": parsed.password or "", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(arguments, capture_output=True, text=True, timeout=120, env=environment, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL maintenance; runs with TEST_DATABASE=postgresql")
def test_the_documented_postgresql_maintenance_runs(api_database: str) -> None:
    vacuumed = _psql(api_database, *(f"VACUUM ANALYZE {table};" for table in GUIDE_TABLES))
    assert vacuumed.split() == ["VACUUM"] * len(GUIDE_TABLES)
    assert _psql(api_database, "REINDEX TABLE users;\n    REINDEX TABLE diet_plans;").split() == ["REINDEX", "REINDEX"]
    statistics = _psql(
        api_database, "SELECT schemaname, relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_user_tables;"
    )
    for table in GUIDE_TABLES:
        assert f" {table} " in statistics
    active = _psql(api_database, "SELECT count(*) FROM pg_stat_activity WHERE state = 'active';")
    assert "(1 row)" in active
    assert _psql(api_database, "SELECT COUNT(*) FROM users;").split()[2] == "0"


@pytest.mark.skipif(BACKEND != "sqlite", reason="SQLite maintenance; runs with TEST_DATABASE=sqlite")
def test_the_documented_sqlite_maintenance_runs(api_database: str) -> None:
    path = make_url(api_database).database
    assert path
    statements = "PRAGMA integrity_check; VACUUM; ANALYZE;"
    shell = shutil.which("sqlite3")
    if shell is not None:
        result = subprocess.run([shell, path, statements], capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "ok"
    else:  # the same statements through Python's sqlite3 where the shell is not installed
        connection = sqlite3.connect(path)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        connection.executescript("VACUUM; ANALYZE;")
        connection.close()
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # VACUUM keeps WAL mode
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        connection.close()
    assert set(GUIDE_TABLES) <= tables
