"""An asyncio load generator: simulated users who register, log meals and weights, read their diary
and generate plans against a running API, keeping a ledger of every write the API acknowledged.

Used by tests/reliability/test_load.py (bounded, in `make test`) and bench/bench_load.py (longer runs)."""

from __future__ import annotations

import asyncio
import math
import random
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import httpx
from sqlalchemy import create_engine, text

PASSWORD = "correct-horse-battery-staple"
FOOD_QUERIES = ("apple", "chicken breast", "rice", "milk", "bread", "egg", "banana", "oats", "yogurt", "lentils")
SLOTS = ("breakfast", "lunch", "dinner", "snack")
DIETS = ("omnivore", "vegetarian", "pescatarian", "mediterranean")
# A 503 with Retry-After is tried again this many times in all, waiting what it asks (at most this long).
BUSY_TRIES = 4
BUSY_WAIT_CAP_S = 5.0
# Relative frequency of each action in a user's session after sign-up (a diary app is mostly logging and reading).
ACTIONS: dict[str, int] = {
    "log_food": 30,
    "log_weight": 12,
    "read_diary": 18,
    "search_foods": 10,
    "generate_plan": 7,
    "log_planned_meal": 8,
    "read_plan": 8,
    "read_progress": 7,
}


@dataclass
class Ledger:
    """What the API acknowledged for one user; all of it must be in the database afterwards."""

    email: str
    user_id: int | None = None
    meal_log_ids: set[int] = field(default_factory=set)
    weights: dict[date, float] = field(default_factory=dict)  # the last acknowledged value per date wins
    plan_ids: set[int] = field(default_factory=set)
    plan_meal_ids: list[int] = field(default_factory=list)


@dataclass
class Sample:
    endpoint: str
    status: int | None  # None: the request failed at the transport level (timeout, connection reset)
    seconds: float
    finished: float  # time.monotonic() when the response (or the error) came


@dataclass
class EndpointStats:
    endpoint: str
    count: int
    errors_5xx: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile (no interpolation), so p95 is a latency some request really had."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass
class LoadReport:
    users: int
    seconds: float  # the whole run, sign-ups included
    window_seconds: float = 0.0  # from the last sign-up to the end, every user active
    window_requests: int = 0
    window_opened: float = 0.0  # time.monotonic() of the last sign-up
    samples: list[Sample] = field(default_factory=list)
    ledgers: list[Ledger] = field(default_factory=list)
    unexpected: list[str] = field(default_factory=list)  # wrong status codes and transport errors, described
    busy: int = 0  # 503s with Retry-After that were honoured and tried again

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def requests_per_second(self) -> float:
        """Throughput in the window, when every user was signed up and active."""
        return self.window_requests / self.window_seconds if self.window_seconds else 0.0

    @property
    def server_errors(self) -> list[Sample]:
        return [sample for sample in self.samples if sample.status is not None and sample.status >= 500]

    @property
    def transport_errors(self) -> list[Sample]:
        return [sample for sample in self.samples if sample.status is None]

    def p95_ms(self) -> float:
        return percentile([sample.seconds for sample in self.samples], 0.95) * 1000

    def window_p95_ms(self) -> float:
        """p95 of the requests answered while every user was signed up (sign-up's Argon2 queue excluded)."""
        in_window = [sample.seconds for sample in self.samples if sample.finished >= self.window_opened]
        return percentile(in_window, 0.95) * 1000

    def by_endpoint(self) -> list[EndpointStats]:
        grouped: dict[str, list[Sample]] = defaultdict(list)
        for sample in self.samples:
            grouped[sample.endpoint].append(sample)
        stats = []
        for endpoint, samples in sorted(grouped.items()):
            seconds = [sample.seconds for sample in samples]
            stats.append(
                EndpointStats(
                    endpoint=endpoint,
                    count=len(samples),
                    errors_5xx=sum(1 for s in samples if s.status is not None and s.status >= 500),
                    p50_ms=percentile(seconds, 0.50) * 1000,
                    p95_ms=percentile(seconds, 0.95) * 1000,
                    p99_ms=percentile(seconds, 0.99) * 1000,
                    max_ms=max(seconds) * 1000,
                )
            )
        return stats

    def writes(self) -> dict[str, int]:
        return {
            "users": sum(1 for ledger in self.ledgers if ledger.user_id is not None),
            "meal_logs": sum(len(ledger.meal_log_ids) for ledger in self.ledgers),
            "weights": sum(len(ledger.weights) for ledger in self.ledgers),
            "plans": sum(len(ledger.plan_ids) for ledger in self.ledgers),
        }

    def table(self) -> str:
        lines = [
            f"{self.users} users, {self.seconds:.1f}s in all, {self.window_seconds:.1f}s with all of them active: "
            f"{self.requests} requests, {self.requests_per_second:.1f} req/s in that window, "
            f"p95 {self.p95_ms():.0f} ms in all and {self.window_p95_ms():.0f} ms in the window, "
            f"{len(self.server_errors)} 5xx, {self.busy} busy answers tried again, "
            f"{len(self.transport_errors)} transport errors, "
            f"{len(self.unexpected)} unexpected responses",
            "acknowledged writes: " + ", ".join(f"{name} {count}" for name, count in self.writes().items()),
            f"{'endpoint':<34} {'count':>6} {'5xx':>4} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}",
        ]
        for row in self.by_endpoint():
            lines.append(
                f"{row.endpoint:<34} {row.count:>6} {row.errors_5xx:>4} {row.p50_ms:>8.0f} {row.p95_ms:>8.0f} "
                f"{row.p99_ms:>8.0f} {row.max_ms:>8.0f}"
            )
        return "\n".join(lines)

    def as_dict(self) -> dict[str, Any]:
        return {
            "users": self.users,
            "seconds": round(self.seconds, 2),
            "window_seconds": round(self.window_seconds, 2),
            "window_requests": self.window_requests,
            "requests": self.requests,
            "requests_per_second": round(self.requests_per_second, 2),
            "p95_ms": round(self.p95_ms(), 1),
            "window_p95_ms": round(self.window_p95_ms(), 1),
            "server_errors": len(self.server_errors),
            "busy_retried": self.busy,
            "transport_errors": len(self.transport_errors),
            "unexpected": len(self.unexpected),
            "writes": self.writes(),
            "endpoints": [vars(row) for row in self.by_endpoint()],
        }


class _User:
    """One simulated person: signs up, sets a profile, then uses the app until the deadline."""

    def __init__(self, client: httpx.AsyncClient, report: LoadReport, foods: list[int], index: int, run: str) -> None:
        self.client = client
        self.report = report
        self.foods = foods
        self.random = random.Random(f"{run}-{index}")
        self.ledger = Ledger(email=f"load-{run}-{index}@example.com")
        self.index = index
        self.headers: dict[str, str] = {}

    async def call(self, endpoint: str, expected: int, method: str, path: str, **kwargs: Any) -> httpx.Response | None:
        """One request, timed from its first try; returns the response only when it has the expected status.
        A 503 with Retry-After ("busy: wait in line or come back", the server's contract under a burst) is
        honoured as a real client would, up to BUSY_TRIES times, and counted in `busy`; any other 5xx, or a 503
        without Retry-After, is a server error."""
        started = time.perf_counter()
        for attempt in range(1, BUSY_TRIES + 1):
            try:
                response = await self.client.request(method, path, headers=self.headers, **kwargs)
            except httpx.TransportError as error:
                self.report.samples.append(Sample(endpoint, None, time.perf_counter() - started, time.monotonic()))
                self.report.unexpected.append(f"{endpoint}: {type(error).__name__} {error}")
                return None
            retry_after = response.headers.get("retry-after")
            if response.status_code != 503 or retry_after is None or attempt == BUSY_TRIES:
                break
            self.report.busy += 1
            await asyncio.sleep(min(float(retry_after), BUSY_WAIT_CAP_S) * self.random.uniform(0.5, 1.0))
        self.report.samples.append(
            Sample(endpoint, response.status_code, time.perf_counter() - started, time.monotonic())
        )
        if response.status_code != expected:
            self.report.unexpected.append(f"{endpoint}: {response.status_code} {response.text[:300]}")
            return None
        return response

    async def sign_up(self) -> bool:
        body = {"email": self.ledger.email, "password": PASSWORD, "name": f"Load {self.index}"}
        registered = await self.call("POST /api/auth/register", 201, "POST", "/api/auth/register", json=body)
        if registered is None:
            return False
        self.ledger.user_id = int(registered.json()["id"])
        login = await self.call(
            "POST /api/auth/login",
            200,
            "POST",
            "/api/auth/login",
            json={"email": self.ledger.email, "password": PASSWORD},
        )
        if login is None:
            return False
        self.headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
        profile: dict[str, Any] = {
            "sex": self.random.choice(("female", "male")),
            "birth_date": date(1960 + self.random.randrange(40), 1 + self.random.randrange(12), 15).isoformat(),
            "height_cm": self.random.randrange(155, 195),
            "weight_kg": self.random.randrange(55, 100),
            "activity_level": self.random.choice(("sedentary", "light", "moderate", "active")),
            "goal": self.random.choice(("lose", "maintain", "gain")),
            "rate_kg_per_week": 0.25,
            "diet": DIETS[self.index % len(DIETS)],
            "allergies": [],
            "excluded_food_ids": [],
            "meals_per_day": 3,
            "units": "metric",
            "life_stage": "none",
        }
        return await self.call("PUT /api/profile", 200, "PUT", "/api/profile", json=profile) is not None

    def _day(self, back: int) -> date:
        return date.today() - timedelta(days=self.random.randrange(back))

    async def log_food(self) -> None:
        body = {
            "date": self._day(14).isoformat(),
            "slot": self.random.choice(SLOTS),
            "food_id": self.random.choice(self.foods),
            "grams": self.random.randrange(20, 400),
        }
        logged = await self.call("POST /api/meal-logs (food)", 201, "POST", "/api/meal-logs", json=body)
        if logged is not None:
            self.ledger.meal_log_ids.update(int(item["id"]) for item in logged.json()["items"])

    async def log_weight(self) -> None:
        day = self._day(30)
        weight = round(self.random.uniform(55, 100), 1)
        logged = await self.call(
            "POST /api/weights", 201, "POST", "/api/weights", json={"date": day.isoformat(), "weight_kg": weight}
        )
        if logged is not None:
            self.ledger.weights[day] = weight

    async def read_diary(self) -> None:
        await self.call("GET /api/diary/{date}", 200, "GET", f"/api/diary/{self._day(14).isoformat()}")

    async def search_foods(self) -> None:
        query = self.random.choice(FOOD_QUERIES)
        await self.call("GET /api/foods?q=", 200, "GET", "/api/foods", params={"q": query, "limit": 20})

    async def generate_plan(self) -> None:
        body = {"days": 1, "seed": self.random.randrange(1_000_000)}
        plan = await self.call("POST /api/plans", 201, "POST", "/api/plans", json=body)
        if plan is not None:
            document = plan.json()
            self.ledger.plan_ids.add(int(document["id"]))
            self.ledger.plan_meal_ids.extend(meal["id"] for day in document["days"] for meal in day["meals"])

    async def log_planned_meal(self) -> None:
        if not self.ledger.plan_meal_ids:
            return await self.generate_plan()
        body = {"plan_meal_id": self.random.choice(self.ledger.plan_meal_ids)}
        logged = await self.call("POST /api/meal-logs (planned)", 201, "POST", "/api/meal-logs", json=body)
        if logged is not None:
            self.ledger.meal_log_ids.update(int(item["id"]) for item in logged.json()["items"])
        return None

    async def read_plan(self) -> None:
        if not self.ledger.plan_ids:
            await self.call("GET /api/plans", 200, "GET", "/api/plans")
            return
        plan_id = self.random.choice(sorted(self.ledger.plan_ids))
        await self.call("GET /api/plans/{id}", 200, "GET", f"/api/plans/{plan_id}")

    async def read_progress(self) -> None:
        await self.call("GET /api/progress", 200, "GET", "/api/progress")

    async def run(self, window: _Window, think_s: tuple[float, float]) -> None:
        self.report.ledgers.append(self.ledger)
        # Users arrive over the first seconds, as they would, instead of all in the same millisecond.
        await asyncio.sleep(self.random.uniform(0, 2))
        signed_up = await self.sign_up()
        window.signed_up()
        if not signed_up:
            return
        names, weights = zip(*ACTIONS.items(), strict=True)
        while not window.over():
            action = self.random.choices(names, weights)[0]
            await getattr(self, action)()
            await asyncio.sleep(self.random.uniform(*think_s))


class _Window:
    """The measured window: `seconds` long, opening when the last user has signed up, so every user is
    active for all of it. (Sign-up costs two Argon2 hashes per user and can take a while under load;
    users who are in already use the app meanwhile.)"""

    def __init__(self, users: int, seconds: float) -> None:
        self.waiting = users
        self.seconds = seconds
        self.opened_at: float | None = None

    def signed_up(self) -> None:
        self.waiting -= 1
        if self.waiting == 0:
            self.opened_at = time.monotonic()

    def over(self) -> bool:
        return self.opened_at is not None and time.monotonic() >= self.opened_at + self.seconds


async def _food_ids(client: httpx.AsyncClient) -> list[int]:
    ids: list[int] = []
    for query in FOOD_QUERIES:
        response = await client.get("/api/foods", params={"q": query, "limit": 10})
        response.raise_for_status()
        ids.extend(int(item["id"]) for item in response.json()["items"])
    if not ids:
        raise RuntimeError("the food catalogue is empty: load the reference data before a load run")
    return ids


async def run_load(
    base_url: str, users: int, seconds: float, think_s: tuple[float, float] = (0.1, 0.5), timeout_s: float = 120
) -> LoadReport:
    """`users` concurrent sessions for `seconds` (each finishes the request it is in at the deadline)."""
    run = uuid.uuid4().hex[:8]
    limits = httpx.Limits(max_connections=users + 10, max_keepalive_connections=users + 10)
    async with httpx.AsyncClient(base_url=base_url, timeout=timeout_s, limits=limits) as client:
        foods = await _food_ids(client)
        report = LoadReport(users=users, seconds=0.0)
        window = _Window(users, seconds)
        started = time.monotonic()
        sessions = [_User(client, report, foods, index, run) for index in range(users)]
        await asyncio.gather(*(session.run(window, think_s) for session in sessions))
        finished = time.monotonic()
        report.seconds = finished - started
        report.window_seconds = finished - (window.opened_at or finished)
        report.window_opened = window.opened_at or finished
        report.window_requests = sum(1 for sample in report.samples if sample.finished >= report.window_opened)
    return report


def missing_writes(database_url: str, report: LoadReport) -> list[str]:
    """Every acknowledged write that is not in the database (or not as acknowledged), described."""
    engine = create_engine(database_url)
    problems: list[str] = []
    try:
        with engine.connect() as connection:
            users = {row[0]: row[1] for row in connection.execute(text("SELECT email, id FROM users"))}
            meal_logs = {row[0]: row[1] for row in connection.execute(text("SELECT id, user_id FROM meal_logs"))}
            plans = {row[0]: row[1] for row in connection.execute(text("SELECT id, user_id FROM diet_plans"))}
            weights: dict[tuple[int, str], list[float]] = defaultdict(list)
            for user_id, day, weight in connection.execute(text("SELECT user_id, date, weight_kg FROM weights")):
                weights[(user_id, str(day))].append(float(weight))
    finally:
        engine.dispose()
    for ledger in report.ledgers:
        if ledger.user_id is None:
            continue
        if users.get(ledger.email) != ledger.user_id:
            problems.append(f"user {ledger.email} (id {ledger.user_id}) missing")
            continue
        problems.extend(
            f"meal log {log_id} of user {ledger.user_id} missing"
            for log_id in ledger.meal_log_ids
            if meal_logs.get(log_id) != ledger.user_id
        )
        problems.extend(
            f"plan {plan_id} of user {ledger.user_id} missing"
            for plan_id in ledger.plan_ids
            if plans.get(plan_id) != ledger.user_id
        )
        for day, weight in ledger.weights.items():
            stored = weights.get((ledger.user_id, day.isoformat()), [])
            if len(stored) != 1 or abs(stored[0] - weight) > 1e-6:
                problems.append(f"weight of user {ledger.user_id} on {day}: acknowledged {weight}, stored {stored}")
    return problems
