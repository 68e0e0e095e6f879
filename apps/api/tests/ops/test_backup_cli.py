"""`diet-planner backup` / `restore` round trips on the configured engine, and the CLI's checks."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, text

from diet_planner.core.config import Settings
from diet_planner.main import create_app
from diet_planner.ops.backup import default_backup_name
from tests.conftest import BACKEND
from tests.support import ApiProcess, fresh_database, migrate, process_env, run_cli, table_rows


def _populate(database_url: str, tmp_path: Path) -> None:
    """Real data through the real API: accounts, refresh tokens (one rotated), a deleted account."""
    settings = Settings(
        app_env="development",
        database_url=database_url,
        secret_key="test-secret-key-that-is-long-enough-000000",
        log_file=tmp_path / "populate.log",
        web_build_dir=tmp_path,
        rate_limit_per_minute=100_000,
    )
    app = create_app(settings)
    with TestClient(app) as client:
        for index in range(5):
            email = f"backup-{index}@example.com"
            password = "correct-horse-battery-staple"
            assert client.post("/api/auth/register", json={"email": email, "password": password}).status_code == 201
            tokens = client.post("/api/auth/login", json={"email": email, "password": password}).json()
            if index % 2:
                assert (
                    client.post("/api/auth/refresh", json={"refresh_token": tokens["refresh_token"]}).status_code == 200
                )
        tokens = client.post(
            "/api/auth/login", json={"email": "backup-4@example.com", "password": "correct-horse-battery-staple"}
        ).json()
        response = client.request(
            "DELETE",
            "/api/users/me",
            json={"password": "correct-horse-battery-staple"},
            headers={"Authorization": f"Bearer {tokens['access_token']}"},
        )
        assert response.status_code == 204, response.text
    app.state.db.dispose()


def test_backup_then_restore_into_an_empty_database_keeps_every_row(tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="src") as source, fresh_database(tmp_path, label="dst") as target:
        migrate(source)
        _populate(source, tmp_path)
        before = table_rows(source)
        assert len(before["users"]) >= 4 and before["refresh_tokens"], before.keys()

        backup_file = tmp_path / "nightly.backup"
        result = run_cli(["backup", "--output", str(backup_file)], process_env(source, tmp_path))
        assert result.returncode == 0, result.stderr
        assert backup_file.stat().st_size > 0
        if BACKEND == "postgresql":
            assert "CREATE TABLE public.users" in backup_file.read_text()
        else:
            assert backup_file.read_bytes().startswith(b"SQLite format 3\x00")

        assert table_rows(target) == {}  # the target really is empty: no tables at all
        result = run_cli(["restore", str(backup_file), "--yes"], process_env(target, tmp_path))
        assert result.returncode == 0, result.stderr
        after = table_rows(target)
        assert after.keys() == before.keys()
        for table, rows in before.items():
            assert after[table] == rows, f"table {table} differs after restore"

        # The restored database is usable by the app: a restored account can log in.
        with ApiProcess(process_env(target, tmp_path)) as api:
            import httpx

            response = httpx.post(
                f"{api.url}/api/auth/login",
                json={"email": "backup-0@example.com", "password": "correct-horse-battery-staple"},
            )
            assert response.status_code == 200, response.text


def test_restore_over_a_changed_database_brings_back_the_backup(tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="live") as url:
        migrate(url)
        _populate(url, tmp_path)
        before = table_rows(url)
        backup_file = tmp_path / "before-change"
        assert run_cli(["backup", "-o", str(backup_file)], process_env(url, tmp_path)).returncode == 0
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM refresh_tokens"))
            connection.execute(text("DELETE FROM users WHERE email = 'backup-0@example.com'"))
        engine.dispose()
        assert table_rows(url) != before
        result = run_cli(["restore", str(backup_file), "--yes"], process_env(url, tmp_path))
        assert result.returncode == 0, result.stderr
        assert table_rows(url) == before


def test_restore_needs_yes_and_an_existing_matching_file(tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="guard") as url:
        env = process_env(url, tmp_path)
        result = run_cli(["restore", str(tmp_path / "missing.sql")], env)
        assert result.returncode == 2 and "--yes" in result.stderr
        result = run_cli(["restore", str(tmp_path / "missing.sql"), "--yes"], env)
        assert result.returncode == 1 and "No backup file" in result.stderr
        wrong = tmp_path / "wrong-kind"
        if BACKEND == "postgresql":
            sqlite3.connect(wrong).execute("CREATE TABLE t (x)").connection.close()
            expected = "is a SQLite database"
        else:
            wrong.write_text("SELECT 1;\n")
            expected = "is not a SQLite database"
        result = run_cli(["restore", str(wrong), "--yes"], env)
        assert result.returncode == 1 and expected in result.stderr


def test_default_backup_file_name_follows_the_guide(tmp_path: Path) -> None:
    assert re.fullmatch(r"backup_\d{8}_\d{6}\.sql", default_backup_name("postgresql+psycopg://u@h/db"))
    assert re.fullmatch(r"backup_\d{8}_\d{6}\.db", default_backup_name("sqlite:////x/y.db"))
    with fresh_database(tmp_path, label="named") as url:
        migrate(url)
        workdir = tmp_path / "cwd"
        workdir.mkdir()
        import subprocess

        from tests.support import CLI

        result = subprocess.run(
            [CLI, "backup"], env=process_env(url, tmp_path), cwd=workdir, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        written = list(workdir.iterdir())
        assert len(written) == 1
        suffix = "sql" if BACKEND == "postgresql" else "db"
        assert re.fullmatch(rf"backup_\d{{8}}_\d{{6}}\.{suffix}", written[0].name)
        engine = create_engine(url)
        assert "users" in inspect(engine).get_table_names()
        engine.dispose()


def test_backup_failure_is_reported_not_a_traceback(tmp_path: Path) -> None:
    env = process_env("postgresql+psycopg://nobody@127.0.0.1:1/nothing", tmp_path)
    result = run_cli(["backup", "-o", str(tmp_path / "x.sql")], env)
    assert result.returncode == 1
    assert "Backup failed: pg_dump failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "x.sql").exists()


def test_verify_against_a_running_api_and_a_closed_port(tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="verify") as url:
        migrate(url)
        env = process_env(url, tmp_path)
        with ApiProcess(env) as api:
            result = run_cli(["verify"], {**env, "API_URL": api.url, "WEB_URL": api.url})
            lines = result.stdout.splitlines()
            # No web build in this test: `/` answers 404, so the web check fails after the API check passes.
            assert "✅ API is healthy" in lines
            assert lines[-1] == "❌ Web accessibility check failed"
            assert result.returncode == 1
            (Path(env["WEB_BUILD_DIR"])).mkdir(parents=True, exist_ok=True)
            (Path(env["WEB_BUILD_DIR"]) / "index.html").write_text("<!doctype html><title>Diet Planner</title>")
            result = run_cli(["verify"], {**env, "API_URL": api.url, "WEB_URL": api.url})
            assert result.returncode == 0, result.stdout
            assert result.stdout.splitlines() == [
                "🔍 Verifying API deployment...",
                "✅ API is healthy",
                "🔍 Verifying web deployment...",
                "✅ Web is accessible",
                "🎉 Deployment verification complete!",
            ]
            result = run_cli(["health-check"], {**env, "API_URL": api.url})
            assert result.returncode == 0, result.stdout
            report = result.stdout.splitlines()
            assert report[0] == "=== System Health Check ==="
            assert [line.split(":")[0] for line in report[1:]] == [
                "Date",
                "Uptime",
                "CPU",
                "Memory",
                "Disk",
                "API Status",
                "Database",
            ]
            assert "API Status: 200" in report and "Database: OK" in report
            assert re.fullmatch(r"CPU: \d+\.\d%", report[3])
            assert re.fullmatch(r"Disk: \S+/\S+ \(\d+% used\)", report[5])
        closed = f"http://127.0.0.1:{api.port}"
        result = run_cli(["verify"], {**env, "API_URL": closed, "WEB_URL": closed})
        assert result.returncode == 1
        assert result.stdout.splitlines()[-1] == "❌ API health check failed"
        broken = process_env("postgresql+psycopg://nobody@127.0.0.1:1/nothing", tmp_path, API_URL=closed)
        result = run_cli(["health-check"], broken)
        assert result.returncode == 1
        assert "API Status: 000" in result.stdout and "Database: ERROR" in result.stdout
