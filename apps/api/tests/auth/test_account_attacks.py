"""Issue 14's account attacks, each written as the attack: takeover through a reused id, a deletion that
500s, a stranger locking the owner out, parallel guesses, racing refreshes, and the sessions that must die
with a password change, a "sign out everywhere" or a deleted account."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, inspect, text
from sqlalchemy.orm import Session

from diet_planner.auth import service
from diet_planner.core.config import Settings
from diet_planner.core.db import Database
from diet_planner.core.errors import Unauthorized
from diet_planner.core.kv import MemoryStore
from diet_planner.foods import service as foods
from diet_planner.main import create_app
from diet_planner.users.models import User
from tests.conftest import TEST_PASSWORD, _BoundDatabase, register_and_login
from tests.support import ApiProcess, fresh_database, migrate, process_env

BANANA = "09040"
OTHER_PASSWORD = "another-long-passphrase-42"


def _bearer(auth: dict[str, str]) -> dict[str, str]:
    return {"Authorization": auth["Authorization"]}


def _delete_me(client: TestClient, headers: dict[str, str], password: str = TEST_PASSWORD) -> httpx.Response:
    return client.request("DELETE", "/api/users/me", json={"password": password}, headers=headers)


def _login(client: TestClient, email: str, password: str) -> httpx.Response:
    return client.post("/api/auth/login", json={"email": email, "password": password})


@pytest.fixture
def client_from(app: Any) -> Iterator[Any]:
    """Clients of the same app seen from different peer addresses (the address the throttle sees)."""
    opened: list[TestClient] = []

    def build(address: str) -> TestClient:
        client = TestClient(app, client=(address, 40000))
        client.__enter__()
        opened.append(client)
        return client

    yield build
    for client in opened:
        client.__exit__(None, None, None)


# --- 1. Account takeover through a reused id -------------------------------------------------------------


def test_a_deleted_accounts_token_cannot_read_the_next_registrant(client: TestClient) -> None:
    victim_email = f"b-{uuid.uuid4().hex[:6]}@example.com"
    a = register_and_login(client)
    a_id = client.get("/api/users/me", headers=_bearer(a)).json()["id"]
    assert _delete_me(client, _bearer(a)).status_code == 204

    b = register_and_login(client, victim_email)
    b_id = client.get("/api/users/me", headers=_bearer(b)).json()["id"]
    assert b_id != a_id, "a deleted account's id was handed to the next account"
    stolen = client.get("/api/users/me", headers=_bearer(a))
    assert stolen.status_code == 401, stolen.text
    assert victim_email not in stolen.text
    assert client.put("/api/profile", json={}, headers=_bearer(a)).status_code == 401


def test_a_token_names_its_account_even_if_an_id_came_back(client: TestClient, db_session: Session) -> None:
    """Belt and braces: were an id ever reused (a restore, a manual insert), the old token still fails."""
    a = register_and_login(client)
    a_id = client.get("/api/users/me", headers=_bearer(a)).json()["id"]
    assert _delete_me(client, _bearer(a)).status_code == 204
    db_session.add(User(id=a_id, email=f"squatter-{a_id}@example.com", password_hash="x", name=None))
    db_session.flush()
    assert client.get("/api/users/me", headers=_bearer(a)).status_code == 401


def test_sqlite_ids_are_not_reused_after_the_newest_account_is_deleted(
    client: TestClient, connection: Connection
) -> None:
    a = register_and_login(client)
    a_id = client.get("/api/users/me", headers=_bearer(a)).json()["id"]
    assert _delete_me(client, _bearer(a)).status_code == 204
    b = register_and_login(client)
    assert client.get("/api/users/me", headers=_bearer(b)).json()["id"] > a_id
    if connection.dialect.name == "sqlite":
        ddl = connection.execute(text("SELECT sql FROM sqlite_master WHERE name = 'users'")).scalar_one()
        assert "AUTOINCREMENT" in ddl.upper()


# --- 2. Deletion that always works, and removes everything ------------------------------------------------


def _own_rows(connection: Connection, user_id: int, food_ids: list[int]) -> dict[str, int]:
    """Rows in every table that point at the user or at one of the user's foods."""
    counts: dict[str, int] = {}
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        for fk in inspector.get_foreign_keys(table):
            column = fk["constrained_columns"][0]
            if fk["referred_table"] == "users":
                ids = [user_id]
            elif fk["referred_table"] == "foods" and food_ids:
                ids = food_ids
            else:
                continue
            marks = ", ".join(str(int(i)) for i in ids)
            counts[f"{table}.{column}"] = connection.execute(
                text(f'SELECT count(*) FROM "{table}" WHERE "{column}" IN ({marks})')
            ).scalar_one()
    return counts


def test_deleting_an_account_with_one_of_everything_removes_it_all(
    client: TestClient, db_session: Session, connection: Connection
) -> None:
    bystander = register_and_login(client)
    before_bystander = client.get("/api/users/me/export", headers=_bearer(bystander)).json()
    auth = register_and_login(client)
    headers = _bearer(auth)
    user_id = client.get("/api/users/me", headers=headers).json()["id"]
    profile = {
        "sex": "female", "birth_date": "1990-01-01", "height_cm": 165, "weight_kg": 62,
        "activity_level": "moderate", "goal": "maintain", "rate_kg_per_week": 0, "diet": "omnivore",
        "allergies": [], "excluded_food_ids": [], "meals_per_day": 4, "units": "metric", "life_stage": "none",
    }  # fmt: skip
    assert client.put("/api/profile", json=profile, headers=headers).status_code == 200
    food = client.post("/api/foods", json={"name": "My granola", "nutrients": {"energy_kcal": 450}}, headers=headers)
    assert food.status_code == 201, food.text
    own_food = food.json()["id"]
    banana = foods.ids_by_source_ids(db_session, "usda_sr", [BANANA])[BANANA]
    recipe = client.post(
        "/api/recipes",
        json={
            "name": "Granola bowl",
            "servings": 2,
            "ingredients": [
                {"food_id": own_food, "quantity": 80, "unit": "g"},  # the RESTRICT key that made deletion 500
                {"food_id": banana, "quantity": 118, "unit": "g"},
            ],
        },
        headers=headers,
    )
    assert recipe.status_code == 201, recipe.text
    plan = client.post("/api/plans", json={"days": 1, "seed": 3}, headers=headers)
    assert plan.status_code == 201, plan.text
    plan_json = plan.json()
    item = plan_json["days"][0]["meals"][0]["items"][0]
    locked = client.patch(f"/api/plans/{plan_json['id']}/items/{item['id']}", json={"locked": True}, headers=headers)
    assert locked.status_code == 200, locked.text
    for body in (
        {"date": "2026-03-01", "slot": "breakfast", "food_id": own_food, "grams": 60},
        {"date": "2026-03-01", "slot": "lunch", "food_id": recipe.json()["id"], "grams": 200},
        {"plan_meal_id": plan_json["days"][0]["meals"][0]["id"]},
    ):
        assert client.post("/api/meal-logs", json=body, headers=headers).status_code == 201
    assert client.post("/api/weights", json={"date": "2026-03-01", "weight_kg": 61.5}, headers=headers).status_code
    assert client.post("/api/auth/refresh", json={"refresh_token": auth["refresh"]}).status_code == 200

    food_ids = [own_food, recipe.json()["id"]]
    owned = _own_rows(connection, user_id, food_ids)
    assert owned["refresh_tokens.user_id"] and owned["foods.owner_id"] and owned["recipe_ingredients.food_id"]
    assert sum(owned.values()) >= 10, owned

    deleted = _delete_me(client, headers)
    assert deleted.status_code == 204, deleted.text
    left = {key: count for key, count in _own_rows(connection, user_id, food_ids).items() if count}
    assert left == {}, f"rows the deleted account owned are still there: {left}"
    assert connection.execute(text("SELECT count(*) FROM users WHERE id = :id"), {"id": user_id}).scalar_one() == 0
    # Nobody else lost anything.
    assert client.get("/api/users/me/export", headers=_bearer(bystander)).json() == before_bystander


def test_deletion_and_password_change_ask_for_the_password_again(client: TestClient) -> None:
    auth = register_and_login(client)
    headers = _bearer(auth)
    assert client.request("DELETE", "/api/users/me", headers=headers).status_code == 422
    missing = client.request("DELETE", "/api/users/me", json={}, headers=headers)
    assert missing.status_code == 422 and "password" in missing.text
    wrong = _delete_me(client, headers, "not-my-password-at-all")
    assert wrong.status_code == 403 and "password" in wrong.json()["detail"].lower()
    assert client.get("/api/users/me", headers=headers).status_code == 200  # still there
    change = client.post(
        "/api/auth/password",
        json={"current_password": "not-my-password-at-all", "new_password": OTHER_PASSWORD},
        headers=headers,
    )
    assert change.status_code == 403
    assert _login(client, auth["email"], TEST_PASSWORD).status_code == 200
    weak = client.post(
        "/api/auth/password", json={"current_password": TEST_PASSWORD, "new_password": "short"}, headers=headers
    )
    assert weak.status_code == 422 and "10 characters" in weak.text


# --- Sessions that die at once: password change, sign out everywhere ----------------------------------


def test_changing_the_password_signs_out_every_other_session(client: TestClient) -> None:
    laptop = register_and_login(client)
    phone = _login(client, laptop["email"], TEST_PASSWORD).json()
    phone_headers = {"Authorization": f"Bearer {phone['access_token']}"}
    changed = client.post(
        "/api/auth/password",
        json={"current_password": TEST_PASSWORD, "new_password": OTHER_PASSWORD},
        headers=_bearer(laptop),
    )
    assert changed.status_code == 204, changed.text
    assert client.get("/api/users/me", headers=phone_headers).status_code == 401
    assert client.post("/api/auth/refresh", json={"refresh_token": phone["refresh_token"]}).status_code == 401
    # The session that changed it carries on.
    assert client.get("/api/users/me", headers=_bearer(laptop)).status_code == 200
    assert client.post("/api/auth/refresh", json={"refresh_token": laptop["refresh"]}).status_code == 200
    assert _login(client, laptop["email"], TEST_PASSWORD).status_code == 401
    assert _login(client, laptop["email"], OTHER_PASSWORD).status_code == 200


def test_sign_out_everywhere_kills_every_access_and_refresh_token(client: TestClient) -> None:
    first = register_and_login(client)
    second = _login(client, first["email"], TEST_PASSWORD).json()
    assert client.post("/api/auth/logout-all", headers=_bearer(first)).status_code == 204
    for token in (first["Authorization"], f"Bearer {second['access_token']}"):
        assert client.get("/api/users/me", headers={"Authorization": token}).status_code == 401
    for refresh in (first["refresh"], second["refresh_token"]):
        assert client.post("/api/auth/refresh", json={"refresh_token": refresh}).status_code == 401
    assert _login(client, first["email"], TEST_PASSWORD).status_code == 200  # the password still works


def test_sessions_die_on_every_replica_with_redis(
    settings: Settings, connection: Connection, migrated_engine: Any
) -> None:
    """Two replicas sharing PostgreSQL/SQLite and Redis: a sign-out on one is honoured by the other at once."""
    from diet_planner.core.kv import RedisStore

    prefix = f"test-{uuid.uuid4().hex[:8]}:"
    try:
        RedisStore("redis://127.0.0.1:6379/0", prefix=prefix).ping()
    except Exception:
        pytest.skip("Redis not reachable on 127.0.0.1:6379")
    replicas = []
    for _ in range(2):
        app = create_app(settings, store=RedisStore("redis://127.0.0.1:6379/0", prefix=prefix))
        app.state.db = _BoundDatabase(app.state.db, connection)
        replicas.append(TestClient(app).__enter__())
    one, two = replicas
    try:
        auth = register_and_login(one)
        other = _login(one, auth["email"], TEST_PASSWORD).json()
        assert two.get("/api/users/me", headers=_bearer(auth)).status_code == 200
        assert one.post("/api/auth/logout", json={"refresh_token": auth["refresh"]}, headers=_bearer(auth)).status_code
        assert two.get("/api/users/me", headers=_bearer(auth)).status_code == 401
        other_headers = {"Authorization": f"Bearer {other['access_token']}"}
        assert two.get("/api/users/me", headers=other_headers).status_code == 200
        assert one.post("/api/auth/logout-all", headers=other_headers).status_code == 204
        assert two.get("/api/users/me", headers=other_headers).status_code == 401
    finally:
        for replica in replicas:
            replica.__exit__(None, None, None)


# --- 3. Anyone could lock anyone out ---------------------------------------------------------------------


def test_a_stranger_cannot_lock_the_owner_out(client_from: Any, settings: Settings) -> None:
    owner = client_from("203.0.113.10")
    auth = register_and_login(owner)
    for n in range(settings.login_max_failures * 3):
        stranger = client_from(f"198.51.100.{n % 250 + 1}")
        assert _login(stranger, auth["email"], f"guess-number-{n}").status_code in (401, 429)
    signed_in = _login(owner, auth["email"], TEST_PASSWORD)
    assert signed_in.status_code == 200, signed_in.text


def test_guesses_from_one_address_meet_growing_delays(client_from: Any, settings: Settings) -> None:
    owner = client_from("203.0.113.11")
    auth = register_and_login(owner)
    guesser = client_from("198.51.100.77")
    statuses = [_login(guesser, auth["email"], f"guess-{n}").status_code for n in range(settings.login_max_failures)]
    assert statuses == [401] * settings.login_max_failures
    blocked = _login(guesser, auth["email"], TEST_PASSWORD)  # even the right password waits
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) >= 1
    assert _login(owner, auth["email"], TEST_PASSWORD).status_code == 200


def test_the_account_cap_holds_back_failing_addresses_but_not_a_clean_one(
    make_app_client: Any, settings: Settings
) -> None:
    build = make_app_client(login_account_max_failures=6, login_max_failures=5)
    owner = build("203.0.113.12")
    auth = register_and_login(owner)
    # Six addresses fail once each: the account-wide cap is reached.
    for n in range(6):
        assert _login(build(f"198.51.100.{n + 1}"), auth["email"], "wrong-guess-xx").status_code == 401
    # An address that already failed is now held back, even with the right password...
    assert _login(build("198.51.100.1"), auth["email"], TEST_PASSWORD).status_code == 429
    # ...while the owner, from an address with no failures, still signs in.
    assert _login(owner, auth["email"], TEST_PASSWORD).status_code == 200


@pytest.fixture
def make_app_client(settings: Settings, connection: Connection, migrated_engine: Any) -> Iterator[Any]:
    """Clients (by peer address) of one app built with some settings changed."""
    opened: list[TestClient] = []
    apps: list[Any] = []

    def configure(**overrides: Any) -> Any:
        app = create_app(settings.model_copy(update=overrides), store=MemoryStore())
        app.state.db = _BoundDatabase(app.state.db, connection)
        apps.append(app)

        def build(address: str) -> TestClient:
            client = TestClient(app, client=(address, 40000))
            client.__enter__()
            opened.append(client)
            return client

        return build

    yield configure
    for client in opened:
        client.__exit__(None, None, None)
    for app in apps:
        app.state.db.dispose()


# --- Atomic counting: parallel guesses and racing refreshes ------------------------------------------


def test_parallel_guesses_cannot_exceed_the_budget(tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="guess") as url:
        migrate(url)
        env = process_env(url, tmp_path, LOGIN_MAX_FAILURES="3")
        with ApiProcess(env) as api:
            email = "parallel@example.com"
            registered = httpx.post(f"{api.url}/api/auth/register", json={"email": email, "password": TEST_PASSWORD})
            assert registered.status_code == 201
            barrier = threading.Barrier(16)

            def guess(n: int) -> int:
                barrier.wait()
                body = {"email": email, "password": f"parallel-guess-{n}"}
                return httpx.post(f"{api.url}/api/auth/login", json=body, timeout=60).status_code

            with ThreadPoolExecutor(16) as pool:
                statuses = list(pool.map(guess, range(16)))
    checked = statuses.count(401)
    assert set(statuses) <= {401, 429}
    assert checked <= 3, f"{checked} passwords were checked with a budget of 3: {statuses}"


def test_two_concurrent_refreshes_with_one_token_one_wins(tmp_path: Path, settings: Settings) -> None:
    with fresh_database(tmp_path, label="refresh") as url:
        migrate(url)
        db = Database(url, pool_size=3, max_overflow=0)
        try:
            with db.session(write=True) as session:
                user = service.register(session, "race@example.com", TEST_PASSWORD, None)
                token = str(service.issue_tokens(session, settings, user)["refresh_token"])
                session.commit()
            first = db.session(write=True)
            second = db.session(write=True)
            outcome: dict[str, Any] = {}

            def race() -> None:
                try:
                    outcome["second"] = service.refresh(second, settings, token)
                    second.commit()
                except Unauthorized as error:
                    outcome["second"] = error
                    second.commit()  # the reuse detection's revocation is kept

            won = service.refresh(first, settings, token)  # holds its transaction open
            thread = threading.Thread(target=race)
            thread.start()
            thread.join(timeout=1.0)  # the second refresh now waits on the first's row (or SQLite's lock)
            first.commit()
            thread.join(timeout=30)
            assert isinstance(outcome.get("second"), Unauthorized), outcome
            # The loser tripped reuse detection: the winner's new token is revoked with the family.
            with db.session(write=True) as session, pytest.raises(Unauthorized):
                service.refresh(session, settings, str(won["refresh_token"]))
            first.close()
            second.close()
        finally:
            db.dispose()


def test_the_id_migration_keeps_every_row_and_retires_freed_ids(tmp_path: Path) -> None:
    """Migration 0009 rebuilds `users` on SQLite: no child row may go with the old table (foreign keys are off
    for the rebuild, or dropping it would cascade), and from then on a deleted account's id never comes back."""
    from diet_planner.core.migrate import upgrade

    with fresh_database(tmp_path, label="ids") as url:
        upgrade(url, "0008_kitchen")
        db = Database(url, pool_size=1, max_overflow=0)
        try:
            with db.session(write=True) as session:
                keep = service.register(session, "keep@example.com", TEST_PASSWORD, None)
                service.issue_tokens(session, Settings(secret_key="s" * 40), keep)
                gone = service.register(session, "gone@example.com", TEST_PASSWORD, None)
                session.execute(
                    text(
                        "INSERT INTO foods (source, source_id, name, owner_id, nutrients, created_at, updated_at)"
                        " VALUES ('custom', 'k1', 'Kept food', :owner, '{}', '2026-01-01', '2026-01-01')"
                    ),
                    {"owner": keep.id},
                )
                session.commit()
                session.execute(text("DELETE FROM users WHERE id = :id"), {"id": gone.id})
                session.commit()
        finally:
            db.dispose()
        upgrade(url)
        db = Database(url, pool_size=1, max_overflow=0)
        try:
            with db.session(write=True) as session:
                counts = {
                    table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
                    for table in ("users", "refresh_tokens", "foods")
                }
                assert counts == {"users": 1, "refresh_tokens": 1, "foods": 1}
                newcomer = service.register(session, "new@example.com", TEST_PASSWORD, None)
                session.commit()
                session.execute(text("DELETE FROM users WHERE id = :id"), {"id": newcomer.id})
                later = service.register(session, "later@example.com", TEST_PASSWORD, None)
                session.commit()
                assert later.id > newcomer.id > keep.id
        finally:
            db.dispose()
