"""A burst on the default install: 50 clients with no think time log meals, read their diaries and search
foods against a real API process for a few seconds.

On SQLite this used to starve the connection pool: writers waited for the write lock inside BEGIN IMMEDIATE
holding a pooled connection and a worker thread, until every thread waited and the writer holding the lock
could not get one to commit; requests hung 30 s and answered 500 (QueuePool TimeoutError). Now a request
waits in line without a connection or a thread, or gets a quick 503 with Retry-After."""

from __future__ import annotations

import asyncio
import time
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
CLIENTS = 50
BURST_SECONDS = 8.0
USERS = 3
# The default line wait is 10 s; the old failure was a 30 s hang. Generous for a loaded 2-core machine.
SLOWEST_ACCEPTABLE_S = 15.0


@dataclass
class Outcome:
    statuses: dict[int, int] = field(default_factory=dict)
    slowest_s: float = 0.0
    problems: list[str] = field(default_factory=list)
    acknowledged: dict[int, int] = field(default_factory=dict)  # meal log id -> user id

    def count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.statuses.values())

    @property
    def ok(self) -> int:
        return sum(n for status, n in self.statuses.items() if 200 <= status < 300)


def _sign_up(url: str, index: int) -> tuple[int, dict[str, str], int]:
    body = {"email": f"burst-{index}-{time.time_ns()}@example.com", "password": TEST_PASSWORD}
    registered = httpx.post(f"{url}/api/auth/register", json=body, timeout=60)
    assert registered.status_code == 201, registered.text
    login = httpx.post(f"{url}/api/auth/login", json=body, timeout=60)
    assert login.status_code == 200, login.text
    headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
    food = httpx.post(
        f"{url}/api/foods",
        json={"name": f"Burst porridge {index}", "nutrients": {"energy_kcal": 120, "protein_g": 4}},
        headers=headers,
        timeout=60,
    )
    assert food.status_code == 201, food.text
    return int(registered.json()["id"]), headers, int(food.json()["id"])


async def _burst(url: str, users: list[tuple[int, dict[str, str], int]]) -> Outcome:
    outcome = Outcome()
    deadline = time.monotonic() + BURST_SECONDS
    limits = httpx.Limits(max_connections=CLIENTS + 5, max_keepalive_connections=CLIENTS + 5)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def one_client(index: int) -> None:
            user_id, headers, food_id = users[index % len(users)]
            sequence = 0
            while time.monotonic() < deadline:
                sequence += 1
                day = date.today() - timedelta(days=sequence % 7)
                kind = ("write", "write", "read", "write", "search")[(index + sequence) % 5]
                started = time.perf_counter()
                try:
                    if kind == "write":
                        body = {"date": day.isoformat(), "slot": "lunch", "food_id": food_id, "grams": 100 + sequence}
                        response = await client.post("/api/meal-logs", json=body, headers=headers)
                    elif kind == "read":
                        response = await client.get(f"/api/diary/{day.isoformat()}", headers=headers)
                    else:
                        response = await client.get("/api/foods", params={"q": "porridge"}, headers=headers)
                except httpx.TransportError as error:
                    outcome.problems.append(f"{kind}: {type(error).__name__} {error}")
                    continue
                elapsed = time.perf_counter() - started
                outcome.slowest_s = max(outcome.slowest_s, elapsed)
                outcome.count(response.status_code)
                if response.status_code == 201 and kind == "write":
                    for item in response.json()["items"]:
                        outcome.acknowledged[int(item["id"])] = user_id
                elif response.status_code == 503:
                    if int(response.headers.get("Retry-After", "0")) < 1:
                        outcome.problems.append(f"{kind}: 503 without Retry-After")
                elif response.status_code >= 300:
                    outcome.problems.append(
                        f"{kind}: {response.status_code} after {elapsed:.1f}s {response.text[:200]}"
                    )

        await asyncio.gather(*(one_client(index) for index in range(CLIENTS)))
    return outcome


@pytest.mark.parametrize("workers", [1, 2])
def test_a_burst_waits_in_line_instead_of_failing(api_database: str, tmp_path: Path, workers: int) -> None:
    env = process_env(api_database, tmp_path)
    with ApiProcess(env, workers=workers, log_name="burst") as api:
        users = [_sign_up(api.url, index) for index in range(USERS)]
        started = time.monotonic()
        outcome = asyncio.run(_burst(api.url, users))
        took = time.monotonic() - started
    summary = (
        f"burst on {BACKEND} ({workers} worker(s)): {CLIENTS} clients, {outcome.total} requests in {took:.1f}s, "
        f"statuses {dict(sorted(outcome.statuses.items()))}, slowest {outcome.slowest_s:.2f}s, "
        f"{len(outcome.acknowledged)} meal logs acknowledged"
    )
    MEASUREMENTS.append(summary)

    assert not outcome.problems, (summary, outcome.problems[:10])
    assert outcome.slowest_s < SLOWEST_ACCEPTABLE_S, summary
    # Waiting in line is the normal answer to a burst; a 503 is for a line too long, not the rule.
    assert outcome.ok >= 0.9 * outcome.total, summary
    assert len(outcome.acknowledged) >= 50, summary
    engine = create_engine(api_database)
    try:
        with engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT id, user_id FROM meal_logs")).all())
    finally:
        engine.dispose()
    missing = [log_id for log_id, user_id in outcome.acknowledged.items() if stored.get(log_id) != user_id]
    assert not missing, f"{len(missing)} acknowledged meal logs missing, e.g. {missing[:5]}"
    logs = "".join(path.read_text(errors="replace") for path in Path(env["LOG_FILE"]).parent.glob("*"))
    assert "Traceback" not in logs, logs[-3000:]
