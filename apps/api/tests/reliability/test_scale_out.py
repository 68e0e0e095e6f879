"""Two real API replicas on one PostgreSQL and one Redis behave as one: throttles, rate limits and
logouts made on one replica hold on the other."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis

from tests.conftest import BACKEND, TEST_PASSWORD
from tests.support import ApiProcess, process_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(BACKEND != "postgresql", reason="replicas share PostgreSQL; runs with TEST_DATABASE=postgresql"),
]
REDIS_HOST_URL = "redis://127.0.0.1:6379"


@pytest.fixture(scope="module")
def redis_url() -> str:
    db = random.randint(9, 15)  # away from db 0, which a local `make run` with REDIS_URL may use
    url = f"{REDIS_HOST_URL}/{db}"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        pytest.fail("Redis is required for the scale-out test (start it with .ci/run or redis-server)")
    return url


@pytest.fixture
def replicas(api_database: str, redis_url: str, tmp_path: Path) -> Iterator[tuple[ApiProcess, ApiProcess]]:
    env = process_env(api_database, tmp_path, REDIS_URL=redis_url, LOGIN_MAX_FAILURES="3", RATE_LIMIT_PER_MINUTE="40")
    first = ApiProcess(env, log_name="replica-a").start()
    try:
        second = ApiProcess(env, log_name="replica-b").start()
    except BaseException:
        first.stop()
        raise
    try:
        yield first, second
    finally:
        first.stop()
        second.stop()


def _client_address() -> dict[str, str]:
    """A fresh documentation-range address per scenario (uvicorn trusts X-Forwarded-For from loopback),
    so the per-address counters in Redis start at zero whatever else used this Redis."""
    return {"X-Forwarded-For": f"198.51.100.{random.randint(1, 254)}, 203.0.113.{random.randint(1, 254)}"}


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
