"""The floor of a durable meal-log write for bench_load's ratios, served by uvicorn exactly as the API is.

One Starlette endpoint that does only what any durable JSON write must: read the body, make the row (the
food's nutrients for the grams), insert it with the others waiting (group commit: one statement and one
commit, the disk synced, for all of them) and answer the row as JSON. No sign-in, rate limit, session check,
metrics or access log: what the API's meal-log write costs beyond this is the API's own; what this costs is
the machine's (the disk sync, the database server on the same cores, the closed loop of the clients).
PostgreSQL: one asyncio task per worker commits on an async connection in autocommit (one round trip a batch;
its server takes both workers' statements at once). SQLite: a writer thread per worker (BEGIN IMMEDIATE,
synchronous=FULL, WAL, as the API).

BARE_WRITE_URL (the API's database, loaded), BARE_WRITE_USER and BARE_WRITE_FOOD (the rows' owner and food)."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from typing import Any

import orjson
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

COLUMNS = (
    "user_id", "date", "slot", "food_id", "food_name", "display_name", "kind", "grams", "quantity", "unit",
    "plan_meal_id", "nutrients", "created_at", "deleted_at",
)  # fmt: skip
URL = os.environ.get("BARE_WRITE_URL", "")
USER = int(os.environ.get("BARE_WRITE_USER", "1"))
FOOD = int(os.environ.get("BARE_WRITE_FOOD", "1"))
state: dict[str, Any] = {}


def _row(body: dict[str, Any]) -> dict[str, Any]:
    grams = float(body["grams"])
    scale = grams / 100
    per_100g: dict[str, float | None] = state["per_100g"]
    return {
        "user_id": USER,
        "date": date.fromisoformat(body["date"]).isoformat(),
        "slot": body["slot"],
        "food_id": FOOD,
        "food_name": state["name"],
        "display_name": state["name"],
        "kind": "food",
        "grams": grams,
        "quantity": grams,
        "unit": "g",
        "plan_meal_id": None,
        "nutrients": {key: None if value is None else round(value * scale, 4) for key, value in per_100g.items()},
        "created_at": datetime.now(UTC).isoformat(),
        "deleted_at": None,
    }


def _settle(futures: list[asyncio.Future[int]], results: list[Any]) -> None:
    for future, result in zip(futures, results, strict=True):
        if isinstance(result, BaseException):
            future.set_exception(result)
        else:
            future.set_result(result)


class _PostgresBatches:
    def __init__(self, connection: Any) -> None:
        self.connection = connection
        self.waiting: list[tuple[dict[str, Any], asyncio.Future[int]]] = []
        self.wake = asyncio.Event()
        columns = ", ".join(COLUMNS)
        self.statement = (
            f"INSERT INTO meal_logs ({columns}) SELECT {columns} FROM json_populate_recordset(NULL::meal_logs, "
            "%s::json) WITH ORDINALITY AS given ORDER BY given.ordinality RETURNING id"
        )

    async def run(self) -> None:
        while True:
            await self.wake.wait()
            self.wake.clear()
            batch, self.waiting = self.waiting, []
            try:
                rows = orjson.dumps([row for row, _ in batch]).decode()
                cursor = await self.connection.execute(self.statement, (rows,))
                results: list[Any] = sorted(new_id for (new_id,) in await cursor.fetchall())
            except Exception as error:  # each request answers it
                results = [error] * len(batch)
            _settle([future for _, future in batch], results)

    async def write(self, row: dict[str, Any]) -> int:
        future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self.waiting.append((row, future))
        self.wake.set()
        return await future


class _SqliteBatches:
    def __init__(self, path: str) -> None:
        self.connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "temp_store=MEMORY"):
            self.connection.execute(f"PRAGMA {pragma}")
        self.ready = threading.Condition()
        self.waiting: list[tuple[tuple[Any, ...], asyncio.Future[int]]] = []
        self.loop = asyncio.get_running_loop()
        threading.Thread(target=self.run, daemon=True).start()

    def run(self) -> None:
        while True:
            with self.ready:
                while not self.waiting:
                    self.ready.wait()
                batch, self.waiting = self.waiting, []
            marks = ", ".join(["(" + ", ".join("?" * len(COLUMNS)) + ")"] * len(batch))
            try:
                self.connection.execute("BEGIN IMMEDIATE")
                cursor = self.connection.execute(
                    f"INSERT INTO meal_logs ({', '.join(COLUMNS)}) VALUES {marks}",
                    [value for values, _ in batch for value in values],
                )
                last = int(cursor.lastrowid or 0)
                self.connection.execute("COMMIT")
                results: list[Any] = list(range(last - len(batch) + 1, last + 1))
            except Exception as error:  # each request answers it
                if self.connection.in_transaction:
                    self.connection.execute("ROLLBACK")
                results = [error] * len(batch)
            self.loop.call_soon_threadsafe(_settle, [future for _, future in batch], results)

    async def write(self, row: dict[str, Any]) -> int:
        future: asyncio.Future[int] = self.loop.create_future()
        values = tuple(orjson.dumps(row[name]).decode() if name == "nutrients" else row[name] for name in COLUMNS)
        with self.ready:
            self.waiting.append((values, future))
            self.ready.notify()
        return await future


@asynccontextmanager
async def lifespan(_: Starlette) -> AsyncIterator[None]:
    if URL.startswith("sqlite"):
        path = URL.split("///", 1)[1]
        reader = sqlite3.connect(path)
        name, nutrients = reader.execute("SELECT name, nutrients FROM foods WHERE id = ?", (FOOD,)).fetchone()
        reader.close()
        state["writer"] = _SqliteBatches(path)
    else:
        import psycopg

        # Autocommit: a batch is one statement, committed before the server answers (one round trip, as the API's
        # machine writer), not BEGIN, the statement and COMMIT.
        connection = await psycopg.AsyncConnection.connect(
            URL.replace("postgresql+psycopg://", "postgresql://"), autocommit=True
        )
        cursor = await connection.execute("SELECT name, nutrients FROM foods WHERE id = %s", (FOOD,))
        found = await cursor.fetchone()
        assert found is not None, "BARE_WRITE_FOOD is not in the database"
        name, nutrients = found
        await connection.commit()
        writes = _PostgresBatches(connection)
        state["writer"], state["task"] = writes, asyncio.get_running_loop().create_task(writes.run())
    state["name"] = name
    state["per_100g"] = nutrients if isinstance(nutrients, dict) else orjson.loads(nutrients)
    yield


async def write(request: Request) -> Response:
    row = _row(orjson.loads(await request.body()))
    new_id = await state["writer"].write(row)
    return Response(orjson.dumps({"items": [{"id": new_id, **row}], "total": 1}), 201, media_type="application/json")


app = Starlette(routes=[Route("/api/meal-logs", write, methods=["POST"])], lifespan=lifespan)
