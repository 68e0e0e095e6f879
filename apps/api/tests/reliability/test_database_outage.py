"""PostgreSQL lost under a running API process: 503 while it is gone, recovery without a restart.

Two ways to lose it: connections to the test database cut off on the shared server (works wherever the
suite runs, CI's service container included), and a private PostgreSQL server really stopped and started
again (`pg_ctl stop`/`start`; needs the server binaries, so it is skipped where only the client is)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import BACKEND, TEST_PASSWORD
from tests.reliability.conftest import MEASUREMENTS
from tests.support import ApiProcess, admin_execute, free_port, migrate, process_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "postgresql", reason="the PostgreSQL run covers outages (TEST_DATABASE=postgresql)"),
]


def _wait_for(predicate: Callable[[], bool], timeout_s: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.2)
    raise AssertionError(f"condition not met within {timeout_s}s")


def _survives_outage(api: ApiProcess, take_down: Callable[[], None], bring_back: Callable[[], None]) -> float:
    """Checks the API through an outage; returns the seconds it took to be healthy again."""
    assert api.process is not None
    pid = api.process.pid
    email = f"outage-{uuid.uuid4().hex[:6]}@example.com"
    with httpx.Client(base_url=api.url, timeout=30) as client:
        assert client.post("/api/auth/register", json={"email": email, "password": TEST_PASSWORD}).status_code == 201
        assert client.get("/api/health/detailed").status_code == 200
        take_down()
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
            bring_back()
        recovery_s = _wait_for(lambda: client.get("/api/health/detailed").status_code == 200, timeout_s=30)
        login = client.post("/api/auth/login", json={"email": email, "password": TEST_PASSWORD})
        assert login.status_code == 200, login.text
        assert "database_up 1.0" in client.get("/api/metrics").text
    assert api.process.poll() is None and api.process.pid == pid  # the same process, never restarted
    log = Path(api.env["LOG_FILE"]).read_text()
    assert "Database unavailable" in log or "Database connection lost" in log
    return recovery_s


def test_health_is_503_while_connections_are_cut_and_recovers_without_restart(
    api_database: str, tmp_path: Path
) -> None:
    database = api_database.rsplit("/", 1)[1]

    def cut_off() -> None:
        # What a stopped server looks like to the API: open connections die and new ones are refused.
        admin_execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
        admin_execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{database}' AND pid <> pg_backend_pid()"
        )

    def reconnect() -> None:
        admin_execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')

    with ApiProcess(process_env(api_database, tmp_path)) as api:
        recovery_s = _survives_outage(api, cut_off, reconnect)
    MEASUREMENTS.append(
        f"outage test (connections cut): 503 meanwhile; healthy again {recovery_s:.1f}s after they were allowed"
    )


@dataclass
class PrivateServer:
    """A PostgreSQL server of this test's own, in a temporary directory, that it may stop and start."""

    bin_dir: Path
    data_dir: Path
    port: int
    as_postgres: list[str]

    def pg_ctl(self, *arguments: str) -> None:
        command = [*self.as_postgres, str(self.bin_dir / "pg_ctl"), "-D", str(self.data_dir), "-w", "-t", "60"]
        result = subprocess.run([*command, *arguments], capture_output=True, text=True, timeout=90, check=False)
        assert result.returncode == 0, result.stdout + result.stderr

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir} -c fsync=off"
        self.pg_ctl("-o", options, "-l", str(self.data_dir / "server.log"), "start")

    def stop(self, mode: str = "fast") -> None:
        self.pg_ctl("-m", mode, "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"


@pytest.fixture
def private_server() -> Iterator[PrivateServer]:
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not versions:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed; only the client is")
    bin_dir = versions[-1].parent
    # initdb refuses to run as root: run the server as the postgres account, in a directory it can reach.
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start a private PostgreSQL server")
    directory = Path(tempfile.mkdtemp(prefix="diet-planner-pg-"))
    directory.chmod(0o755)
    data_dir = directory / "data"
    if as_postgres:
        shutil.chown(directory, user="postgres")
    server = PrivateServer(bin_dir, data_dir, free_port(), as_postgres)
    try:
        initdb = [*as_postgres, str(bin_dir / "initdb"), "-D", str(data_dir), "-A", "trust", "-U", "postgres"]
        result = subprocess.run([*initdb, "--no-sync"], capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stdout + result.stderr
        server.start()
        yield server
    finally:
        subprocess.run(
            [*as_postgres, str(bin_dir / "pg_ctl"), "-D", str(data_dir), "-m", "immediate", "stop"],
            capture_output=True,
            timeout=60,
            check=False,
        )
        shutil.rmtree(directory, ignore_errors=True)


def test_health_is_503_while_the_server_is_stopped_and_recovers_when_it_starts(
    private_server: PrivateServer, tmp_path: Path
) -> None:
    migrate(private_server.url)
    with ApiProcess(process_env(private_server.url, tmp_path)) as api:
        recovery_s = _survives_outage(api, private_server.stop, private_server.start)
    MEASUREMENTS.append(
        f"outage test (pg_ctl stop/start): 503 while stopped; healthy again {recovery_s:.1f}s after the restart"
    )
