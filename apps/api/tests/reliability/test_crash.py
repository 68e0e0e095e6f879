"""kill -9 of a real API process in the middle of writes: after a restart every acknowledged write is there."""

from __future__ import annotations

import asyncio
import time
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import TEST_PASSWORD
from tests.support import ApiProcess, process_env

pytestmark = pytest.mark.slow
WRITERS = 12
WRITE_SECONDS = 3.0


async def _write_until_killed(url: str, acknowledged: list[str], failures: list[str]) -> None:
    run = uuid.uuid4().hex[:6]

    async def writer(client: httpx.AsyncClient, index: int) -> None:
        sequence = 0
        while True:
            email = f"crash-{run}-{index}-{sequence}@example.com"
            sequence += 1
            try:
                response = await client.post("/api/auth/register", json={"email": email, "password": TEST_PASSWORD})
            except httpx.TransportError:
                return  # the process is gone: this request was never acknowledged
            if response.status_code == 201:
                acknowledged.append(email)
            else:
                failures.append(f"{response.status_code} {response.text[:200]}")

    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        await asyncio.gather(*(writer(client, index) for index in range(WRITERS)))


def test_kill_9_during_registrations_loses_nothing_acknowledged(api_database: str, tmp_path: Path) -> None:
    env = process_env(api_database, tmp_path)
    api = ApiProcess(env).start()
    acknowledged: list[str] = []
    failures: list[str] = []

    async def scenario() -> None:
        load = asyncio.create_task(_write_until_killed(api.url, acknowledged, failures))
        await asyncio.sleep(WRITE_SECONDS)
        api.kill()  # SIGKILL while requests are in flight
        await asyncio.wait_for(load, timeout=30)

    try:
        asyncio.run(scenario())
    finally:
        api.stop()
    assert not failures, failures[:5]
    assert len(acknowledged) >= 5, "the test must kill the API while it is acknowledging writes"

    started = time.monotonic()
    restarted = ApiProcess(env).start()
    try:
        restart_seconds = time.monotonic() - started
        engine = create_engine(api_database)
        with engine.connect() as connection:
            present = {row[0] for row in connection.execute(text("SELECT email FROM users"))}
        engine.dispose()
        lost = [email for email in acknowledged if email not in present]
        assert not lost, f"{len(lost)} acknowledged registrations lost after kill -9: {lost[:5]}"
        # The restarted process serves the recovered accounts and takes new writes.
        login = httpx.post(
            f"{restarted.url}/api/auth/login", json={"email": acknowledged[-1], "password": TEST_PASSWORD}
        )
        assert login.status_code == 200, login.text
        new = httpx.post(
            f"{restarted.url}/api/auth/register",
            json={"email": f"after-crash-{uuid.uuid4().hex[:6]}@example.com", "password": TEST_PASSWORD},
        )
        assert new.status_code == 201, new.text
        print(
            f"\ncrash test: {len(acknowledged)} acknowledged registrations before kill -9, all present; "
            f"restart healthy in {restart_seconds:.1f}s"
        )
    finally:
        restarted.stop()
