"""PostgreSQL lost under a running API process: 503 while it is gone, recovery without a restart."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKEND, TEST_PASSWORD
from tests.support import ApiProcess, admin_execute, process_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "postgresql", reason="the PostgreSQL run covers outages (TEST_DATABASE=postgresql)"),
]


def _cut_off(database: str) -> None:
    """What a stopped server looks like to the API: open connections die and new ones are refused."""
    admin_execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
    admin_execute(
        f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid()"
    )


def _wait_for(predicate, timeout_s: float) -> float:  # type: ignore[no-untyped-def]
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"condition not met within {timeout_s}s")


def test_health_is_503_during_an_outage_and_recovers_without_restart(api_database: str, tmp_path: Path) -> None:
    database = api_database.rsplit("/", 1)[1]
    email = f"outage-{uuid.uuid4().hex[:6]}@example.com"
    with ApiProcess(process_env(api_database, tmp_path)) as api:
        assert api.process is not None
        pid = api.process.pid
        client = httpx.Client(base_url=api.url, timeout=15)
        assert client.post("/api/auth/register", json={"email": email, "password": TEST_PASSWORD}).status_code == 201
        assert client.get("/api/health/detailed").status_code == 200
        _cut_off(database)
        try:
            detailed = client.get("/api/health/detailed")
            assert detailed.status_code == 503, detailed.text
            assert detailed.json()["checks"]["database"]["status"] == "unhealthy"
            assert client.get("/api/health").status_code == 200  # liveness: the process itself is fine
            login = client.post("/api/auth/login", json={"email": email, "password": TEST_PASSWORD})
            assert login.status_code == 503, login.text  # a clear 503, never a 500
            register = client.post(
                "/api/auth/register", json={"email": f"x{uuid.uuid4().hex[:6]}@example.com", "password": TEST_PASSWORD}
            )
            assert register.status_code == 503, register.text
            assert "database_up 0.0" in client.get("/api/metrics").text
        finally:
            admin_execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
        recovery_s = _wait_for(lambda: client.get("/api/health/detailed").status_code == 200, timeout_s=15)
        login = client.post("/api/auth/login", json={"email": email, "password": TEST_PASSWORD})
        assert login.status_code == 200, login.text
        assert "database_up 1.0" in client.get("/api/metrics").text
        assert api.process.poll() is None and api.process.pid == pid  # the same process, never restarted
        log = (Path(api.env["LOG_FILE"])).read_text()
        assert "Database unavailable" in log or "Database connection lost" in log
        client.close()
        print(f"\noutage test: 503 while cut off; healthy again {recovery_s:.1f}s after the database came back")
