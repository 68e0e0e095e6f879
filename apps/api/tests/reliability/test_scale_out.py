"""Two real API replicas on one PostgreSQL and one Redis behave as one: login throttles, the per-address
rate limit, logouts and refresh-token reuse detection made on one replica hold on the other, and data
written through one is served by the other."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator

import httpx
import pytest
import redis

from tests.conftest import BACKEND, REQUIRE_POSTGRES, TEST_PASSWORD
from tests.reliability.conftest import clone_database
from tests.support import ApiProcess, process_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "postgresql", reason="replicas share PostgreSQL; runs with TEST_DATABASE=postgresql"),
]
REDIS_HOST_URL = "redis://127.0.0.1:6379"
PROFILE = {
    "sex": "female",
    "birth_date": "1990-05-01",
    "height_cm": 168,
    "weight_kg": 64,
    "activity_level": "moderate",
    "goal": "maintain",
    "rate_kg_per_week": 0,
    "diet": "omnivore",
    "allergies": [],
    "excluded_food_ids": [],
    "meals_per_day": 3,
    "units": "metric",
    "life_stage": "none",
}


@pytest.fixture(scope="module")
def redis_url() -> str:
    db = random.randint(9, 15)  # away from db 0, which a local `make run` with REDIS_URL may use
    url = f"{REDIS_HOST_URL}/{db}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        # .ci/run starts Redis along with PostgreSQL, so there its absence is a failure, not a skip.
        if REQUIRE_POSTGRES:
            pytest.fail(f"Redis is required for the scale-out tests but not reachable at {url}")
        pytest.skip(f"Redis not reachable at {url} (start redis-server, or run .ci/run)")
    return url


@pytest.fixture(scope="module")
def replicas(
    redis_url: str, reference_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ApiProcess, ApiProcess]]:
    """Two API processes on one PostgreSQL database (with the foods and recipes, for plans) and one Redis."""
    tmp_path = tmp_path_factory.mktemp("replicas")
    with clone_database(reference_template, tmp_path, "scale") as database_url:
        env = process_env(
            database_url, tmp_path, REDIS_URL=redis_url, LOGIN_MAX_FAILURES="3", RATE_LIMIT_PER_MINUTE="40"
        )
        with ApiProcess(env, log_name="replica-a") as first, ApiProcess(env, log_name="replica-b") as second:
            yield first, second


def _client_address() -> dict[str, str]:
    """A fresh documentation-range IPv6 address per scenario (the replicas trust X-Forwarded-For from
    loopback), so the per-address counters in Redis start at zero whatever else used this Redis."""
    return {"X-Forwarded-For": f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"}


def _sign_up(register_on: ApiProcess, login_on: ApiProcess, headers: dict[str, str]) -> dict[str, str]:
    """Register on one replica, log in on the other; returns the login's tokens."""
    email = f"scale-{uuid.uuid4().hex[:8]}@example.com"
    body = {"email": email, "password": TEST_PASSWORD}
    assert httpx.post(f"{register_on.url}/api/auth/register", json=body, headers=headers).status_code == 201
    tokens = httpx.post(f"{login_on.url}/api/auth/login", json=body, headers=headers)
    assert tokens.status_code == 200, tokens.text
    return dict(tokens.json())


def test_login_throttle_on_one_replica_holds_on_the_other(replicas: tuple[ApiProcess, ApiProcess]) -> None:
    a, b = replicas
    headers = _client_address()
    email = f"scale-{uuid.uuid4().hex[:8]}@example.com"
    registered = httpx.post(
        f"{a.url}/api/auth/register", json={"email": email, "password": TEST_PASSWORD}, headers=headers
    )
    assert registered.status_code == 201
    # Three failures spread over both replicas reach the shared limit of 3.
    for url in (a.url, b.url, a.url):
        wrong = httpx.post(
            f"{url}/api/auth/login", json={"email": email, "password": "wrong-password-1"}, headers=headers
        )
        assert wrong.status_code == 401
    for url in (b.url, a.url):
        blocked = httpx.post(f"{url}/api/auth/login", json={"email": email, "password": TEST_PASSWORD}, headers=headers)
        assert blocked.status_code == 429, (url, blocked.text)
        assert int(blocked.headers["Retry-After"]) > 0


def test_logout_on_one_replica_revokes_the_access_token_on_the_other(replicas: tuple[ApiProcess, ApiProcess]) -> None:
    a, b = replicas
    headers = _client_address()
    email = f"scale-{uuid.uuid4().hex[:8]}@example.com"
    assert (
        httpx.post(
            f"{b.url}/api/auth/register", json={"email": email, "password": TEST_PASSWORD}, headers=headers
        ).status_code
        == 201
    )
    tokens = httpx.post(f"{a.url}/api/auth/login", json={"email": email, "password": TEST_PASSWORD}, headers=headers)
    assert tokens.status_code == 200
    access = {"Authorization": f"Bearer {tokens.json()['access_token']}", **headers}
    assert httpx.get(f"{b.url}/api/users/me", headers=access).status_code == 200
    logout = httpx.post(
        f"{a.url}/api/auth/logout", json={"refresh_token": tokens.json()["refresh_token"]}, headers=access
    )
    assert logout.status_code == 204
    for url in (b.url, a.url):
        me = httpx.get(f"{url}/api/users/me", headers=access)
        assert me.status_code == 401, (url, me.text)
        assert "revoked" in me.json()["detail"]
    refreshed = httpx.post(
        f"{b.url}/api/auth/refresh", json={"refresh_token": tokens.json()["refresh_token"]}, headers=headers
    )
    assert refreshed.status_code == 401


def test_the_per_address_rate_limit_is_shared(replicas: tuple[ApiProcess, ApiProcess]) -> None:
    a, b = replicas
    headers = _client_address()
    statuses = [httpx.get(f"{(a, b)[i % 2].url}/api/users/me", headers=headers).status_code for i in range(40)]
    assert statuses == [401] * 40  # 20 on each replica, 40 in all: exactly the shared limit
    for replica in (a, b):
        limited = httpx.get(f"{replica.url}/api/users/me", headers=headers)
        assert limited.status_code == 429
        assert int(limited.headers["Retry-After"]) > 0
    # Another address is unaffected.
    assert httpx.get(f"{a.url}/api/users/me", headers=_client_address()).status_code == 401


def test_a_plan_created_on_one_replica_is_served_and_deleted_by_the_other(
    replicas: tuple[ApiProcess, ApiProcess],
) -> None:
    a, b = replicas
    headers = _client_address()
    tokens = _sign_up(a, b, headers)
    auth = {"Authorization": f"Bearer {tokens['access_token']}", **headers}
    assert httpx.put(f"{a.url}/api/profile", json=PROFILE, headers=auth).status_code == 200
    created = httpx.post(f"{b.url}/api/plans", json={"days": 1, "seed": 7}, headers=auth, timeout=120)
    assert created.status_code == 201, created.text
    plan = created.json()
    served = httpx.get(f"{a.url}/api/plans/{plan['id']}", headers=auth)
    assert served.status_code == 200
    assert served.json() == plan
    listed = httpx.get(f"{a.url}/api/plans", headers=auth).json()
    assert [item["id"] for item in listed["items"]] == [plan["id"]]
    # A planned meal logged through replica A shows in the diary read through replica B.
    meal = plan["days"][0]["meals"][0]
    logged = httpx.post(f"{a.url}/api/meal-logs", json={"plan_meal_id": meal["id"]}, headers=auth)
    assert logged.status_code == 201, logged.text
    diary = httpx.get(f"{b.url}/api/diary/{plan['days'][0]['date']}", headers=auth).json()
    assert {entry["id"] for entry in diary["entries"]} == {item["id"] for item in logged.json()["items"]}
    assert httpx.delete(f"{a.url}/api/plans/{plan['id']}", headers=auth).status_code == 204
    assert httpx.get(f"{b.url}/api/plans/{plan['id']}", headers=auth).status_code == 404


def test_refresh_token_reuse_on_another_replica_revokes_the_session(replicas: tuple[ApiProcess, ApiProcess]) -> None:
    a, b = replicas
    headers = _client_address()
    first = _sign_up(b, a, headers)
    rotated = httpx.post(f"{b.url}/api/auth/refresh", json={"refresh_token": first["refresh_token"]}, headers=headers)
    assert rotated.status_code == 200, rotated.text
    second = rotated.json()
    assert second["refresh_token"] != first["refresh_token"]
    # The rotated-out token presented to the other replica is reuse: refused, and its whole family revoked.
    reused = httpx.post(f"{a.url}/api/auth/refresh", json={"refresh_token": first["refresh_token"]}, headers=headers)
    assert reused.status_code == 401, reused.text
    for replica in (b, a):
        revoked = httpx.post(
            f"{replica.url}/api/auth/refresh", json={"refresh_token": second["refresh_token"]}, headers=headers
        )
        assert revoked.status_code == 401, (replica.url, revoked.text)
