"""Benchmark of food search on a fresh full database per engine: relevance (top-1/top-5 over the relevance
set) and latency, in the service (what the search costs) and through the HTTP API (what a client waits).

Latency is measured after one warm-up round (the typo vocabulary and name analysis are built once per
process), over the relevance set plus harder queries: long and multi-word, hostile input, a group filter,
the blank-query listing, a deep page, and a signed-in user who owns custom foods."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.db import make_engine
from diet_planner.core.migrate import upgrade
from diet_planner.foods import service
from diet_planner.main import create_app

RELEVANCE_SET = Path(__file__).resolve().parent.parent / "tests" / "foods" / "relevance_set.json"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ROUNDS = 5
# (query, group) pairs beyond the everyday set: the shapes of query that cost the most.
HARDER = [
    ("chicken breast skinless roasted with salt", None),
    ("low fat plain greek yogurt strawberry", None),
    ("brown rice cooked", None),
    ("cheese", None),
    ("raw", None),
    ("sweet potatoe bakd", None),
    ("apple", "09"),
    ("beef", "13"),
    ("", None),
    ("x" * 5000, None),
    ('milk AND "cheese" OR NEAR(* ^', None),
    ("'; DROP TABLE foods; --", None),
]
CUSTOM_FOODS = 30


@contextmanager
def _sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        yield f"sqlite:///{folder}/bench.db"


@contextmanager
def _postgres() -> Iterator[str | None]:
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"bench_search_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # PostgreSQL not reachable: the bench covers SQLite only.
        admin.dispose()
        yield None
        return
    try:
        yield make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _percentiles(timings_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(timings_ms)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def _timed(calls: list[Callable[[], Any]]) -> list[float]:
    """One untimed warm-up pass, then ROUNDS passes over all the calls in turn (not one call repeated)."""
    for call in calls:
        call()
    timings = []
    for _ in range(ROUNDS):
        for call in calls:
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def _custom_foods_owner(session: Session) -> int:
    from diet_planner.auth import service as auth

    user = auth.register(session, f"bench-{uuid.uuid4().hex[:8]}@example.com", "correct-horse-battery-staple", None)
    for index in range(CUSTOM_FOODS):
        service.create_custom_food(
            session, user.id, f"My granola mix {index}", {"energy_kcal": 450.0, "protein_g": 10.0}, []
        )
    return int(user.id)


def _measure(url: str) -> dict[str, Any]:
    upgrade(url)
    engine = make_engine(url, pool_size=2, max_overflow=0)
    queries = json.loads(RELEVANCE_SET.read_text())["queries"]
    try:
        with Session(engine) as session:
            service.load_bundled_usda(session, Settings())
            owner = _custom_foods_owner(session)
            session.commit()

            def run(q: str, group: str | None = None, user_id: int | None = None, offset: int = 0) -> list[str]:
                foods, _ = service.search_foods(
                    session, q, user_id=user_id, group=group, include_recipes=False, limit=20, offset=offset
                )
                return [food.source_id for food in foods]

            top1 = top5 = 0
            for item in queries:
                ids = run(item["q"])[:5]
                top1 += bool(ids) and ids[0] in item["acceptable"]
                top5 += bool(set(ids) & set(item["acceptable"]))
            everyday = _timed([lambda q=item["q"]: run(q) for item in queries])
            harder = _timed(
                [lambda q=q, g=group: run(q, g) for q, group in HARDER]
                + [lambda: run("granola", user_id=owner), lambda: run("cheese", offset=200)]
            )
    finally:
        engine.dispose()

    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(
            app_env="development",
            database_url=url,
            secret_key="bench-secret-key-that-is-long-enough-0000000",
            log_file=Path(folder) / "bench.log",
            web_build_dir=Path(folder),
            rate_limit_per_minute=10_000_000,
            log_level="WARNING",  # one INFO line per request would be measured too
            redis_url=None,
            ops_token=None,
        )
        app = create_app(settings)
        with TestClient(app) as client:
            api = _timed(
                [lambda q=item["q"]: client.get("/api/foods", params={"q": q}).raise_for_status() for item in queries]
            )
        app.state.db.dispose()
    return {
        "queries": len(queries),
        "top1": top1 / len(queries),
        "top5": top5 / len(queries),
        "everyday": _percentiles(everyday),
        "harder": _percentiles(harder),
        "api": _percentiles(api),
    }


def main() -> None:
    table = Table(title="Food search: relevance set and latency (full USDA SR24 database), ms")
    for column in ("engine", "queries", "top-1", "top-5", "p50", "p95", "harder p95", "API p50", "API p95"):
        table.add_column(column)
    engines: list[tuple[str, Any]] = [("sqlite", _sqlite), ("postgresql", _postgres)]
    for name, database in engines:
        with database() as url:
            if url is None:
                table.add_row(name, "-", "unreachable", "", "", "", "", "", "")
                continue
            result = _measure(url)
            table.add_row(
                name,
                str(result["queries"]),
                f"{result['top1']:.1%}",
                f"{result['top5']:.1%}",
                f"{result['everyday'][0]:.1f}",
                f"{result['everyday'][1]:.1f}",
                f"{result['harder'][1]:.1f}",
                f"{result['api'][0]:.1f}",
                f"{result['api'][1]:.1f}",
            )
    Console().print(table)


if __name__ == "__main__":
    main()
