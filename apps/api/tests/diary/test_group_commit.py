"""Meal-log writes arriving together are committed together (core/group_commit.py): every one is acknowledged
and stored, a bad one in the batch answers its own error without undoing the others, and a batch shares one
commit (the disk sync that capped SQLite at a few hundred writes a second). Against an app on a database of
its own: real sessions and commits, not the suite's shared test transaction."""

from __future__ import annotations

import asyncio
import random
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from diet_planner.core import freshness
from diet_planner.core.config import Settings
from diet_planner.core.db import Database
from diet_planner.core.group_commit import BatchWrite, GroupCommit
from diet_planner.core.kv import MemoryStore
from diet_planner.core.security import decode_access_token
from diet_planner.diary.repository import NewLog
from diet_planner.diary.schemas import MealLogPage
from diet_planner.diary.service import log_to_dict, logs_page_json
from diet_planner.foods.models import Food, FoodMeasure
from diet_planner.main import create_app
from diet_planner.nutrition.keys import NUTRIENT_KEYS
from tests.conftest import TEST_PASSWORD
from tests.support import fresh_database, migrate

DAY = "2026-03-02"


@pytest.fixture
def own_app(settings: Settings, tmp_path: Path) -> Iterator[tuple[Any, str]]:
    with fresh_database(tmp_path, label="group") as url:
        migrate(url)
        app = create_app(settings.model_copy(update={"database_url": url}), store=MemoryStore())
        try:
            yield app, url
        finally:
            app.state.db.dispose()


async def _person(client: httpx.AsyncClient, email: str) -> tuple[dict[str, str], int]:
    """A signed-in person with a custom food of their own to log."""
    body = {"email": email, "password": TEST_PASSWORD}
    assert (await client.post("/api/auth/register", json=body)).status_code == 201
    token = (await client.post("/api/auth/login", json=body)).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    food = await client.post(
        "/api/foods", json={"name": f"Porridge of {email}", "nutrients": {"energy_kcal": 100.0}}, headers=headers
    )
    assert food.status_code == 201, food.text
    return headers, int(food.json()["id"])


def _body(food_id: int, grams: float) -> dict[str, Any]:
    return {"date": DAY, "slot": "lunch", "food_id": food_id, "grams": grams}


async def _scenario(app: Any, people: int, writes: int, bad_every: int = 0) -> dict[str, Any]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
        accounts = [await _person(client, f"group-{n}@example.com") for n in range(people)]
        # One write each first: the sign-in check of each session is then known to the worker, as in use.
        for headers, food_id in accounts:
            assert (await client.post("/api/meal-logs", json=_body(food_id, 1), headers=headers)).status_code == 201
        batches_before = app.state.db.group_commit.batches
        sent = []
        for n in range(writes):
            headers, food_id = accounts[n % people]
            bad = bad_every and n % bad_every == 0
            sent.append((headers, _body(2_000_000_000 if bad else food_id, 10 + n)))
        responses = await asyncio.gather(*(client.post("/api/meal-logs", json=b, headers=h) for h, b in sent))
        listed = {}
        for headers, _ in accounts:
            page = await client.get("/api/meal-logs", params={"date": DAY, "limit": 100}, headers=headers)
            listed[headers["Authorization"]] = page.json()["items"]
    return {
        "sent": sent,
        "responses": responses,
        "listed": listed,
        "batches": app.state.db.group_commit.batches - batches_before,
    }


def test_concurrent_writes_are_all_stored_in_fewer_commits(own_app: tuple[Any, str]) -> None:
    app, url = own_app
    result = asyncio.run(_scenario(app, people=3, writes=30))

    responses = result["responses"]
    assert [r.status_code for r in responses] == [201] * 30, [r.text for r in responses if r.status_code != 201]
    for (headers, body), response in zip(result["sent"], responses, strict=True):
        (item,) = response.json()["items"]
        assert item["grams"] == body["grams"]
        # Each person reads back the entry acknowledged to them.
        assert item["id"] in {entry["id"] for entry in result["listed"][headers["Authorization"]]}
    # Thirty writes waiting together did not take thirty transactions (nor thirty disk syncs).
    assert result["batches"] < 30
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM meal_logs")).scalar() == 30 + 3
    engine.dispose()


def test_a_bad_write_in_a_batch_fails_alone(own_app: tuple[Any, str]) -> None:
    app, _ = own_app
    result = asyncio.run(_scenario(app, people=1, writes=20, bad_every=4))

    for (_, body), response in zip(result["sent"], result["responses"], strict=True):
        if body["food_id"] == 2_000_000_000:
            assert response.status_code == 404, response.text
            assert response.json()["detail"] == "Food not found"
        else:
            assert response.status_code == 201, response.text
    (listed,) = result["listed"].values()
    good = sorted(body["grams"] for _, body in result["sent"] if body["food_id"] != 2_000_000_000)
    assert sorted(item["grams"] for item in listed if item["grams"] != 1) == good


def test_the_fast_lane_answers_as_the_framework_does(own_app: tuple[Any, str]) -> None:
    """Without Origin a write is answered before the framework (ops/middleware.py); with it (a browser on another
    origin) the framework answers: the same status, body, headers and errors either way."""
    app, _ = own_app

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            headers, food_id = await _person(client, "lane@example.com")
            framework = {**headers, "Origin": "http://elsewhere.example"}
            answers = []
            for body in (_body(food_id, 42), _body(2_000_000_000, 42), {**_body(food_id, 42), "grams": -1}):
                for how in (headers, headers, framework):  # the first write makes the session known live
                    answers.append(await client.post("/api/meal-logs", json=body, headers=how))
            return answers

    answers = asyncio.run(scenario())
    for index in range(0, len(answers), 3):
        fast, framework = answers[index + 1], answers[index + 2]
        assert fast.status_code == framework.status_code
        assert fast.headers["content-type"] == framework.headers["content-type"] == "application/json"
        for name in ("x-request-id", "content-security-policy", "x-frame-options"):
            assert name in fast.headers and name in framework.headers
        assert fast.headers["vary"] == "Origin"
        if fast.status_code == 201:
            ours, theirs = fast.json()["items"][0], framework.json()["items"][0]
            assert ours["id"] != theirs["id"]
            assert {**ours, "id": 0, "created_at": ""} == {**theirs, "id": 0, "created_at": ""}
        else:
            assert fast.json() == framework.json()
    assert [answers[i].status_code for i in (1, 4, 7)] == [201, 404, 422]


def test_a_locked_database_is_a_busy_answer_in_the_fast_lane_too(settings: Settings, tmp_path: Path) -> None:
    """Another program holding SQLite's write lock past the busy timeout (an import, a backup tool): the fast lane
    hands the failed write to the framework, which answers 503 with Retry-After as for any request, never a
    500; once the lock is gone the same write goes through."""
    if settings.database_url.startswith("postgresql"):
        pytest.skip("SQLite's write lock")
    with fresh_database(tmp_path, label="locked") as url:
        migrate(url)
        app = create_app(
            settings.model_copy(update={"database_url": url, "db_queue_timeout_seconds": 1.0}), store=MemoryStore()
        )

        async def scenario() -> list[httpx.Response]:
            transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
                headers, food_id = await _person(client, "locked@example.com")
                first = await client.post("/api/meal-logs", json=_body(food_id, 5), headers=headers)
                other = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
                other.execute("BEGIN IMMEDIATE")
                try:
                    locked = await client.post("/api/meal-logs", json=_body(food_id, 6), headers=headers)
                finally:
                    other.execute("ROLLBACK")
                    other.close()
                after = await client.post("/api/meal-logs", json=_body(food_id, 7), headers=headers)
                listed = await client.get("/api/meal-logs", params={"date": DAY}, headers=headers)
                return [first, locked, after, listed]

        try:
            first, locked, after, listed = asyncio.run(scenario())
        finally:
            app.state.db.dispose()
    assert first.status_code == 201, first.text
    assert locked.status_code == 503, locked.text
    assert "retry-after" in locked.headers
    assert after.status_code == 201, after.text
    assert sorted(item["grams"] for item in listed.json()["items"]) == [5, 7]


def _shared_food(url: str, kcal_per_100g: float) -> int:
    """A shared food (as load-data makes them) with a household measure: 1 cup = 80 g."""
    engine = create_engine(url)
    with Session(engine) as session:
        food = Food(source="usda_sr", source_id="99901", name="Oats, test", owner_id=None)
        food.nutrients = {"energy_kcal": kcal_per_100g, "protein_g": 10.0}
        food.measures = [FoodMeasure(position=0, name="cup", amount=1.0, grams=80.0)]
        session.add(food)
        session.commit()
        food_id = int(food.id)
    engine.dispose()
    return food_id


def _import_changes_food(url: str, food_id: int, kcal_per_100g: float, store: Any) -> None:
    """What load-data or import-foods does to a shared food: the row changes, then the data stamp."""
    engine = create_engine(url)
    with Session(engine) as session:
        food = session.get(Food, food_id)
        assert food is not None
        food.nutrients = {"energy_kcal": kcal_per_100g, "protein_g": 10.0}
        session.commit()
    engine.dispose()
    freshness.replace_data_stamp(store)


def test_writes_of_a_shared_food_log_it_as_it_is_in_the_database(own_app: tuple[Any, str]) -> None:
    """A worker keeps the shared foods it logged (foods/service.py SharedFoods) until an import replaces the data
    stamp: every entry, before and after the import, has the food's nutrients as the database has them then."""
    app, url = own_app
    food_id = _shared_food(url, 400.0)

    async def scenario() -> tuple[list[httpx.Response], list[httpx.Response]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
            headers, _ = await _person(client, "oats@example.com")
            bodies = [_body(food_id, 10 + n) for n in range(20)] + [
                {"date": DAY, "slot": "breakfast", "food_id": food_id, "quantity": 1.5, "unit": "cup"}
            ]
            assert (await client.post("/api/meal-logs", json=_body(food_id, 5), headers=headers)).status_code == 201
            batches = app.state.db.group_commit.batches
            before = await asyncio.gather(*(client.post("/api/meal-logs", json=b, headers=headers) for b in bodies))
            # Rows were inserted several to a statement (the case the order of their ids matters in).
            assert app.state.db.group_commit.batches - batches < len(bodies)
            _import_changes_food(url, food_id, 500.0, app.state.kv)
            after = [await client.post("/api/meal-logs", json=_body(food_id, 100), headers=headers) for _ in range(3)]
            listed = await client.get("/api/meal-logs", params={"limit": 100}, headers=headers)
            return list(before), after, listed.json()["items"]

    before, after, listed = asyncio.run(scenario())
    assert [r.status_code for r in before + after] == [201] * 24, [r.text for r in before + after]
    for response in before[:20]:
        (item,) = response.json()["items"]
        assert item["nutrients"]["energy_kcal"] == pytest.approx(4.0 * item["grams"])
    (cups,) = before[20].json()["items"]
    assert (cups["grams"], cups["quantity"], cups["unit"]) == (120.0, 1.5, "cup")
    assert cups["nutrients"]["energy_kcal"] == pytest.approx(480.0)
    # After the import: the new values, from the first write (which the framework answers: the session is checked
    # again at the new data stamp) and from those after it (answered by the fast lane again).
    assert [r.json()["items"][0]["nutrients"]["energy_kcal"] for r in after] == pytest.approx([500.0] * 3)
    # Each answer names the row of its own write, though the rows of a batch went in one statement.
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = dict(connection.execute(text("SELECT id, grams FROM meal_logs")).all())
    engine.dispose()
    for response in before:
        (item,) = response.json()["items"]
        assert stored[item["id"]] == item["grams"]
    # Read back, every entry is what its write answered: the date, the time logged, every nutrient (the writer's
    # own inserts convert the values as the ORM reads them).
    acknowledged = [response.json()["items"][0] for response in before + after]
    by_id = {item["id"]: item for item in listed}
    assert [by_id[item["id"]] for item in acknowledged] == acknowledged


def test_a_shared_food_gone_from_the_database_is_a_404_and_its_batch_is_stored(own_app: tuple[Any, str]) -> None:
    """A restore removed a shared food the worker kept, and the data stamp is not replaced yet: the writes of it
    answer 404 (the framework's check), the other writes committed with them are stored."""
    app, url = own_app
    gone = _shared_food(url, 400.0)

    async def scenario() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
            headers, own_food = await _person(client, "restore@example.com")
            assert (await client.post("/api/meal-logs", json=_body(gone, 5), headers=headers)).status_code == 201
            engine = create_engine(url)
            with engine.begin() as connection:
                connection.execute(text("DELETE FROM meal_logs"))
                connection.execute(text("DELETE FROM food_measures WHERE food_id = :id"), {"id": gone})
                connection.execute(text("DELETE FROM foods WHERE id = :id"), {"id": gone})
            engine.dispose()
            bodies = [_body(gone if n % 3 == 0 else own_food, 10 + n) for n in range(12)]
            return list(await asyncio.gather(*(client.post("/api/meal-logs", json=b, headers=headers) for b in bodies)))

    responses = asyncio.run(scenario())
    assert [r.status_code for r in responses] == [404 if n % 3 == 0 else 201 for n in range(12)]
    assert responses[0].json()["detail"] == "Food not found"
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM meal_logs")).scalar() == 8
    engine.dispose()


def test_writes_of_a_token_revoked_meanwhile_are_refused_and_the_batch_is_stored(own_app: tuple[Any, str]) -> None:
    """The writer checks the sign-in sessions of the writes it commits together (one read of the shared store per
    batch): a token revoked by another worker after its session was known live here answers 401 and stores
    nothing, while the other person's writes of the same batches are stored."""
    app, url = own_app
    food_id = _shared_food(url, 400.0)

    async def scenario() -> tuple[list[httpx.Response], list[str]]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
            people = [(await _person(client, f"revoked-{n}@example.com"))[0] for n in range(2)]
            for headers in people + people:  # the session known live here, then the food kept: the fast way next
                assert (await client.post("/api/meal-logs", json=_body(food_id, 1), headers=headers)).status_code == 201
            assert app.state.shared_foods.latest(food_id) is not None
            token = people[0]["Authorization"].split()[1]
            claims = decode_access_token(token, app.state.settings.secret_key)
            assert claims is not None
            app.state.kv.set_flag(freshness.revoked_key(claims.jti), 3600)  # a sign-out seen by another worker
            sent = [people[n % 2] for n in range(12)]
            responses = await asyncio.gather(
                *(client.post("/api/meal-logs", json=_body(food_id, 10 + n), headers=h) for n, h in enumerate(sent))
            )
            return list(responses), [h["Authorization"] for h in sent]

    batches = app.state.db.group_commit.batches
    responses, sent = asyncio.run(scenario())
    assert app.state.db.group_commit.batches - batches < 12  # the writes were committed together
    assert [r.status_code for r in responses] == [401, 201] * 6, [r.text for r in responses]
    assert all("revoked" in r.json()["detail"] for r in responses[::2])
    engine = create_engine(url)
    with engine.connect() as connection:
        stored = sorted(connection.execute(text("SELECT grams FROM meal_logs WHERE grams > 1")).scalars())
    engine.dispose()
    assert stored == [10.0 + n for n in range(1, 12, 2)]
    assert len(set(sent)) == 2


def test_the_fast_lane_encodes_its_answer_byte_for_byte_as_the_framework() -> None:
    """The fast lane encodes its answer with orjson; the framework with pydantic (MealLogPage). Same bytes for
    any entry: small and large amounts, unknown nutrients, whole seconds, names beyond ASCII."""
    generator = random.Random(7)
    for _ in range(2000):
        entry = NewLog(
            id=generator.randint(1, 10**9),
            user_id=1,
            date=date(2026, 12, generator.randint(1, 31)),
            slot=generator.choice(["breakfast", "lunch", "dinner", "snack"]),
            food_id=generator.choice([None, 5]),
            food_name='Apples, "raw", é ✓',
            display_name=generator.choice([None, "Apple"]),
            kind="food",
            grams=round(generator.random() * 10 ** generator.randint(-3, 4), 3),
            quantity=generator.choice([1.0, 1.5, 0.333]),
            unit=generator.choice(["g", "cup, chopped"]),
            plan_meal_id=generator.choice([None, 12]),
            nutrients={
                key: generator.choice([None, 0.0, round(generator.random() * 10 ** generator.randint(-5, 6), 4)])
                for key in NUTRIENT_KEYS
            },
            created_at=datetime(2026, 12, 5, 11, 45, 15, generator.choice([0, generator.randint(0, 999_999)]), UTC),
        )
        framework = MealLogPage.model_validate({"items": [log_to_dict(entry)], "total": 1}).model_dump_json()
        assert logs_page_json([entry]) == framework.encode()


def _write_lock_free(path: Path) -> bool:
    """Whether another connection can take SQLite's write lock at once (no busy wait)."""
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        connection.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        connection.close()


@pytest.mark.parametrize("direct", [False, True], ids=["in-a-session", "on-the-writers-connection"])
def test_a_refused_write_is_answered_once_its_batch_has_let_go_of_the_write_lock(tmp_path: Path, direct: bool) -> None:
    """A write the writer refuses (its sign-in session not found live at the person's stamp) goes back to the
    framework, which writes it at once in a transaction of its own. Answered while the rest of its batch was still
    being written, it waited for the write lock that batch held; in the suite, whose sessions all share one
    connection, the batch's commit released the framework's savepoint under it (a 503 on a plain meal log)."""
    path = tmp_path / "refused.db"
    db = Database(f"sqlite:///{path}")
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"))

    def in_session(session: Session, items: list[str]) -> list[str]:
        time.sleep(0.3)  # a slow disk sync: the batch holds the write lock meanwhile
        session.execute(text("INSERT INTO notes (body) VALUES (:body)"), [{"body": item} for item in items])
        return items

    def on_connection(writer: Any, items: list[str], prepared: list[Any]) -> list[str]:
        time.sleep(0.3)
        writer.cursor.executemany("INSERT INTO notes (body) VALUES (?)", prepared)
        return items

    notes = BatchWrite(in_session=in_session, prepare=lambda _writer, item: (item,), direct=on_connection)
    writer = GroupCommit(db.write_session_factory, direct=db.direct_writer if direct else None)

    def signed_out(writes: list[Any]) -> list[BaseException | None]:
        return [PermissionError("signed out elsewhere") for _ in writes]

    async def scenario() -> tuple[bool, list[str]]:
        first = asyncio.ensure_future(writer.run_many(notes, "first"))
        await asyncio.sleep(0.1)  # the writer busy with it: the next two wait in line and go in one batch
        kept = asyncio.ensure_future(writer.run_many(notes, "kept"))
        with pytest.raises(PermissionError):
            await writer.run_many(notes, "refused", verify=(signed_out, None))
        lock_free = _write_lock_free(path)
        return lock_free, [await first, await kept]

    try:
        lock_free, answered = asyncio.run(scenario())
        with db.engine.connect() as connection:
            stored = list(connection.execute(text("SELECT body FROM notes ORDER BY id")).scalars())
    finally:
        writer.close()
        db.dispose()
    assert answered == ["first", "kept"] and stored == ["first", "kept"]
    assert lock_free, "the refusal was answered while its batch still held the write lock"
