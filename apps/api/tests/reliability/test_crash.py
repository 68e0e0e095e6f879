"""kill -9 of a real API process in the middle of writes: after a restart every acknowledged write is there.

The API commits before it answers (and SQLite runs in WAL mode with synchronous=FULL), so a write the client
saw acknowledged must survive the process dying at any instant. Writers keep registering accounts, logging
weights, creating custom foods and logging meals (committed in batches by the writer thread,
core/group_commit.py); the process is killed once enough writes were acknowledged, while
requests are still in flight."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from tests.conftest import BACKEND, TEST_PASSWORD
from tests.reliability.conftest import MEASUREMENTS
from tests.support import ApiProcess, process_env

pytestmark = pytest.mark.slow
WRITERS = 12
KILL_AFTER_ACKNOWLEDGED = 150  # enough that the kill lands in a steady stream of writes
ACKNOWLEDGE_TIMEOUT_S = 90  # generous: a loaded 2-core machine


@dataclass
class Acknowledged:
    emails: list[str] = field(default_factory=list)
    weights: dict[tuple[int, date], float] = field(default_factory=dict)
    weights_sent: set[tuple[int, date]] = field(default_factory=set)  # acknowledged or not
    food_ids: dict[int, int] = field(default_factory=dict)  # food id -> owner id
    meal_logs: dict[int, int] = field(default_factory=dict)  # meal log id -> owner id
    failures: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.emails) + len(self.weights) + len(self.food_ids) + len(self.meal_logs)


def _sign_up(url: str, email: str) -> tuple[int, dict[str, str]]:
    body = {"email": email, "password": TEST_PASSWORD}
    registered = httpx.post(f"{url}/api/auth/register", json=body, timeout=60)
    assert registered.status_code == 201, registered.text
    login = httpx.post(f"{url}/api/auth/login", json=body, timeout=60)
    assert login.status_code == 200, login.text
    return int(registered.json()["id"]), {"Authorization": f"Bearer {login.json()['access_token']}"}


async def _write_until_killed(url: str, users: list[tuple[int, dict[str, str]]], acked: Acknowledged) -> None:
    run = uuid.uuid4().hex[:6]

    async def writer(client: httpx.AsyncClient, index: int) -> None:
        user_id, headers = users[index % len(users)]
        own_foods: list[int] = []
        for sequence in range(100_000):
            # Mostly cheap writes; one in six a registration (an Argon2 hash: slow on purpose).
            kind = 0 if (index + sequence) % 6 == 0 else 1 + sequence % 3
            try:
                if kind == 0:
                    email = f"crash-{run}-{index}-{sequence}@example.com"
                    response = await client.post("/api/auth/register", json={"email": email, "password": TEST_PASSWORD})
                    if response.status_code == 201:
                        acked.emails.append(email)
                elif kind == 1:
                    # Each writer has dates of its own, so no two writes of a user share a date.
                    day = date.today() - timedelta(days=index * 2000 + sequence)
                    weight = round(50 + sequence % 500 / 10, 1)
                    body = {"date": day.isoformat(), "weight_kg": weight}
                    acked.weights_sent.add((user_id, day))
                    response = await client.post("/api/weights", json=body, headers=headers)
                    if response.status_code == 201:
                        acked.weights[(user_id, day)] = weight
                elif kind == 2 or not own_foods:
                    body = {"name": f"Crash food {run}-{index}-{sequence}", "nutrients": {"energy_kcal": 100.0}}
                    response = await client.post("/api/foods", json=body, headers=headers)
                    if response.status_code == 201:
                        acked.food_ids[int(response.json()["id"])] = user_id
                        own_foods.append(int(response.json()["id"]))
                else:
                    day = date.today() - timedelta(days=sequence % 30)
                    body = {"date": day.isoformat(), "slot": "lunch", "food_id": own_foods[-1], "grams": 50 + sequence}
                    response = await client.post("/api/meal-logs", json=body, headers=headers)
                    if response.status_code == 201:
                        for item in response.json()["items"]:
                            acked.meal_logs[int(item["id"])] = user_id
            except httpx.TransportError:
                return  # the process is gone: this request was never acknowledged
            if response.status_code != 201:
                acked.failures.append(f"{response.status_code} {response.text[:200]}")

    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        await asyncio.gather(*(writer(client, index) for index in range(WRITERS)))


def _missing(database_url: str, acked: Acknowledged) -> list[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            emails = {row[0] for row in connection.execute(text("SELECT email FROM users"))}
            weights = {
                (row[0], str(row[1])): float(row[2])
                for row in connection.execute(text("SELECT user_id, date, weight_kg FROM weights"))
            }
            foods = {row[0]: row[1] for row in connection.execute(text("SELECT id, owner_id FROM foods"))}
            logs = {row[0]: row[1] for row in connection.execute(text("SELECT id, user_id FROM meal_logs"))}
    finally:
        engine.dispose()
    missing = [f"user {email}" for email in acked.emails if email not in emails]
    missing += [
        f"weight {key}: {value}"
        for key, value in acked.weights.items()
        if weights.get((key[0], key[1].isoformat())) != value
    ]
    missing += [f"food {food_id}" for food_id, owner in acked.food_ids.items() if foods.get(food_id) != owner]
    missing += [f"meal log {log_id}" for log_id, owner in acked.meal_logs.items() if logs.get(log_id) != owner]
    return missing


def test_kill_9_during_writes_loses_nothing_acknowledged(api_database: str, tmp_path: Path) -> None:
    env = process_env(api_database, tmp_path)
    api = ApiProcess(env).start()
    acked = Acknowledged()
    try:
        users = [_sign_up(api.url, f"crash-owner-{uuid.uuid4().hex[:8]}@example.com") for _ in range(3)]

        async def scenario() -> None:
            load = asyncio.create_task(_write_until_killed(api.url, users, acked))
            deadline = time.monotonic() + ACKNOWLEDGE_TIMEOUT_S
            while acked.count < KILL_AFTER_ACKNOWLEDGED and time.monotonic() < deadline and not load.done():
                await asyncio.sleep(0.05)
            api.kill()  # SIGKILL while requests are in flight
            await asyncio.wait_for(load, timeout=60)

        asyncio.run(scenario())
    finally:
        api.stop()
    assert not acked.failures, acked.failures[:5]
    assert acked.count >= KILL_AFTER_ACKNOWLEDGED, f"only {acked.count} writes acknowledged before the kill"
    assert acked.emails and acked.weights and acked.food_ids and acked.meal_logs

    if BACKEND == "sqlite":
        # The durability argument above rests on WAL: check the file really is in WAL mode.
        engine = create_engine(api_database)
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        engine.dispose()

    started = time.monotonic()
    with ApiProcess(env, log_name="restarted") as restarted:
        restart_seconds = time.monotonic() - started
        lost = _missing(api_database, acked)
        assert not lost, f"{len(lost)} acknowledged writes lost after kill -9: {lost[:5]}"
        # The restarted process serves the recovered data and takes new writes.
        login = httpx.post(
            f"{restarted.url}/api/auth/login",
            json={"email": acked.emails[-1], "password": TEST_PASSWORD},
            timeout=60,
        )
        assert login.status_code == 200, login.text
        user_id, headers = users[0]
        served = httpx.get(f"{restarted.url}/api/weights", params={"limit": 100}, headers=headers, timeout=60)
        assert served.status_code == 200, served.text
        # A write in flight at the kill may have committed without its answer reaching us: it may be there too.
        acknowledged = sum(1 for owner, _ in acked.weights if owner == user_id)
        sent = sum(1 for owner, _ in acked.weights_sent if owner == user_id)
        assert acknowledged <= served.json()["total"] <= sent
        new = httpx.post(
            f"{restarted.url}/api/auth/register",
            json={"email": f"after-crash-{uuid.uuid4().hex[:6]}@example.com", "password": TEST_PASSWORD},
            timeout=60,
        )
        assert new.status_code == 201, new.text
    MEASUREMENTS.append(
        f"crash test on {BACKEND}: {acked.count} writes acknowledged before kill -9 "
        f"({len(acked.emails)} accounts, {len(acked.weights)} weights, {len(acked.food_ids)} foods, "
        f"{len(acked.meal_logs)} meal logs), "
        f"all present after restart; restart healthy in {restart_seconds:.1f}s"
    )
