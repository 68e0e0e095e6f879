"""Benchmark of food search: relevance (top-1/top-5) and latency on a fresh full database per engine."""

from __future__ import annotations

import json
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.table import Table
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.db import make_engine
from diet_planner.core.migrate import upgrade
from diet_planner.foods import service

RELEVANCE_SET = Path(__file__).resolve().parent.parent / "tests" / "foods" / "relevance_set.json"
PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
ROUNDS = 5


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


def _measure(url: str) -> tuple[float, float, float, float, int]:
    upgrade(url)
    engine = make_engine(url, pool_size=2, max_overflow=0)
    queries = json.loads(RELEVANCE_SET.read_text())["queries"]
    try:
        with Session(engine) as session:
            service.load_bundled_usda(session, Settings())
            session.commit()
            top1 = top5 = 0
            timings_ms: list[float] = []
            for round_index in range(ROUNDS):
                for item in queries:
                    started = time.perf_counter()
                    foods, _ = service.search_foods(
                        session, item["q"], user_id=None, group=None, include_recipes=False, limit=20, offset=0
                    )
                    timings_ms.append((time.perf_counter() - started) * 1000)
                    if round_index == 0:
                        ids = [food.source_id for food in foods[:5]]
                        top1 += bool(ids) and ids[0] in item["acceptable"]
                        top5 += bool(set(ids) & set(item["acceptable"]))
            timings_ms.sort()
            p95 = timings_ms[int(0.95 * (len(timings_ms) - 1))]
            return top1 / len(queries), top5 / len(queries), statistics.median(timings_ms), p95, len(queries)
    finally:
        engine.dispose()


def main() -> None:
    table = Table(title="Food search: relevance set and latency (full USDA SR24 database)")
    for column in ("engine", "queries", "top-1", "top-5", "p50 ms", "p95 ms"):
        table.add_column(column)
    with _sqlite() as url:
        top1, top5, p50, p95, count = _measure(url)
        table.add_row("sqlite", str(count), f"{top1:.1%}", f"{top5:.1%}", f"{p50:.1f}", f"{p95:.1f}")
    with _postgres() as pg_url:
        if pg_url is None:
            table.add_row("postgresql", "-", "unreachable", "", "", "")
        else:
            top1, top5, p50, p95, count = _measure(pg_url)
            table.add_row("postgresql", str(count), f"{top1:.1%}", f"{top5:.1%}", f"{p50:.1f}", f"{p95:.1f}")
    Console().print(table)


if __name__ == "__main__":
    main()
