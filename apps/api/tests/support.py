"""Helpers for tests that need their own database or real API processes (ops, scaling, reliability)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from tests.conftest import BACKEND, PG_ADMIN_URL, REQUIRE_POSTGRES, _postgres_available

API_DIR = Path(__file__).resolve().parents[1]
CLI = str(Path(sys.executable).parent / "diet-planner")
SECRET = "test-secret-key-that-is-long-enough-000000"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def require_postgres() -> None:
    if not _postgres_available():
        if REQUIRE_POSTGRES:
            pytest.fail(f"PostgreSQL is required (REQUIRE_POSTGRES=1) but not reachable at {PG_ADMIN_URL}")
        pytest.skip("PostgreSQL not reachable")


def admin_execute(sql: str) -> None:
    engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(sql))
    finally:
        engine.dispose()


@contextmanager
def fresh_database(tmp_path: Path, backend: str = BACKEND, label: str = "db") -> Iterator[str]:
    """An empty database of its own (no tables), dropped afterwards."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / f'{label}-{uuid.uuid4().hex[:6]}.db'}"
        return
    require_postgres()
    name = f"diet_planner_ops_{label}_{uuid.uuid4().hex[:8]}"
    admin_execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted, for exact comparisons (sorted here: PostgreSQL cannot order json)."""
    engine = create_engine(url)
    try:
        result: dict[str, list[tuple[Any, ...]]] = {}
        with engine.connect() as connection:
            for table in sorted(inspect(connection).get_table_names()):
                rows = connection.execute(text(f'SELECT * FROM "{table}"'))
                result[table] = sorted((tuple(row) for row in rows), key=repr)
        return result
    finally:
        engine.dispose()


def process_env(database_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("POSTGRES_", "REDIS_"))}
    env.update(
        {
            "APP_ENV": "development",
            "DATABASE_URL": database_url,
            "SECRET_KEY": SECRET,
            "LOG_FILE": str(tmp_path / "logs" / "diet_planner.log"),
            "WEB_BUILD_DIR": str(tmp_path / "web"),
            "RATE_LIMIT_PER_MINUTE": "1000000",
            "OPS_TOKEN": "",
            "REDIS_URL": "",
            # Several workers share rate limits and revocations in this file (not in the checkout's var/).
            "SHARED_STATE_FILE": str(tmp_path / "shared_state.db"),
        }
    )
    env.update(extra)
    return env


def run_cli(args: list[str], env: dict[str, str], timeout_s: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CLI, *args], env=env, cwd=API_DIR, capture_output=True, text=True, timeout=timeout_s)


class ApiProcess:
    """A real `diet-planner serve` process (with `workers` uvicorn workers) on a free loopback port.

    It runs in a process group of its own, so stop() and kill() reach every worker, and a port taken
    between choosing it and binding it is retried on another one."""

    def __init__(self, env: dict[str, str], port: int | None = None, log_name: str = "api", workers: int = 1) -> None:
        self.env = env
        self.fixed_port = port is not None
        self.workers = workers
        self.log_name = log_name
        self.process: subprocess.Popen[bytes] | None = None
        self._use_port(port or free_port())

    def _use_port(self, port: int) -> None:
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = Path(self.env["LOG_FILE"]).parent / f"{self.log_name}-{port}.out"

    def start(self, timeout_s: float = 60) -> ApiProcess:
        for _attempt in range(3):
            if self._start_once(timeout_s):
                return self
            self._use_port(free_port())  # someone else bound the port first
        raise RuntimeError(f"API could not bind a free port: {self.log_path.read_text()[-2000:]}")

    def _start_once(self, timeout_s: float) -> bool:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        output = self.log_path.open("ab")
        command = [CLI, "serve", "--host", "127.0.0.1", "--port", str(self.port), "--no-migrate"]
        self.process = subprocess.Popen(
            [*command, "--workers", str(self.workers)],
            env=self.env,
            cwd=API_DIR,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        output.close()
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                log = self.log_path.read_text()
                # asyncio words it "[Errno 98] error while attempting to bind on address ...: address already in use".
                if "address already in use" in log.lower() and not self.fixed_port:
                    return False
                raise RuntimeError(f"API exited with {self.process.returncode}: {log[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return True
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"API did not become healthy in {timeout_s}s: {self.log_path.read_text()[-2000:]}")

    def _signal_group(self, signum: int) -> None:
        assert self.process is not None
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signum)

    def kill(self) -> None:
        """SIGKILL to the server and its workers: no shutdown hooks, like a crash or the OOM killer."""
        if self.process is None:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=20)
        self._signal_group(signal.SIGKILL)  # workers left behind by a parent that already exited
        self.process.wait(timeout=30)

    def __enter__(self) -> ApiProcess:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()


def migrate(database_url: str) -> None:
    from diet_planner.core.migrate import upgrade

    upgrade(database_url)
