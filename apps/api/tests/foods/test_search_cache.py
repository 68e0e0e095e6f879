"""Anonymous food searches are answered from a cache; a user's own foods still reach only that user."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Connection

from diet_planner.core.config import Settings
from diet_planner.core.kv import MemoryStore
from diet_planner.main import create_app
from tests.conftest import _BoundDatabase, register_and_login


def _names(client: TestClient, query: str, headers: dict[str, str] | None = None) -> list[str]:
    response = client.get("/api/foods", params={"q": query}, headers=headers or {})
    assert response.status_code == 200, response.text
    return [item["name"] for item in response.json()["items"]]


def test_a_custom_food_never_leaks_through_the_cached_public_answer(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    owner = register_and_login(client)
    other = register_and_login(client)
    created = client.post(
        "/api/foods",
        json={"name": "Apple quokka crumble", "nutrients": {"energy_kcal": 210}},
        headers={"Authorization": owner["Authorization"]},
    )
    assert created.status_code == 201, created.text
    # The owner asks first, so a cache filled from their answer would show it to everyone after.
    assert "Apple quokka crumble" in _names(client, "apple crumble", {"Authorization": owner["Authorization"]})
    public = _names(client, "apple crumble")
    assert public, "the shared catalogue has apple foods"
    assert "Apple quokka crumble" not in public
    assert "Apple quokka crumble" not in _names(client, "apple crumble", {"Authorization": other["Authorization"]})
    # The second anonymous answer comes from the cache and is the same page.
    hits = app.state.search_cache.hits
    assert _names(client, "apple crumble") == public
    assert app.state.search_cache.hits == hits + 1
    assert "Apple quokka crumble" in _names(client, "apple crumble", {"Authorization": owner["Authorization"]})


def test_the_cache_is_keyed_by_every_parameter(client: TestClient) -> None:
    first = client.get("/api/foods", params={"q": "apple", "limit": 2}).json()
    second = client.get("/api/foods", params={"q": "apple", "limit": 2, "offset": 2}).json()
    assert len(first["items"]) == 2 and len(second["items"]) == 2
    assert {item["id"] for item in first["items"]}.isdisjoint({item["id"] for item in second["items"]})
    assert client.get("/api/foods", params={"q": "apple", "limit": 2}).json() == first


def _headers_but_request_id(response: Any) -> list[tuple[str, str]]:
    return [(name, value) for name, value in response.headers.multi_items() if name != "x-request-id"]


def test_the_repeated_anonymous_search_is_the_same_answer_byte_for_byte(client: TestClient, app) -> None:  # type: ignore[no-untyped-def]
    # The second identical search is answered by the middleware's fast lane: same body, same headers.
    first = client.get("/api/foods?q=banana&limit=3")
    hits = app.state.search_cache.hits
    second = client.get("/api/foods?q=banana&limit=3")
    assert app.state.search_cache.hits == hits + 1
    assert (second.status_code, second.content) == (first.status_code, first.content)
    assert _headers_but_request_id(second) == _headers_but_request_id(first)
    assert second.headers["x-request-id"] != first.headers["x-request-id"]


@contextmanager
def _client_with(settings: Settings, connection: Connection, **overrides: Any) -> Iterator[TestClient]:
    app = create_app(settings.model_copy(update=overrides), store=MemoryStore())
    app.state.db = _BoundDatabase(app.state.db, connection)
    with TestClient(app) as client:
        yield client
    app.state.db.dispose()


def test_a_cached_search_still_checks_the_token_and_cors(settings: Settings, connection: Connection) -> None:
    with _client_with(settings, connection, cors_origins=["https://app.example.com"]) as client:
        client.get("/api/foods?q=oats")
        client.get("/api/foods?q=oats")
        refused = client.get("/api/foods?q=oats", headers={"Authorization": "Bearer not-a-token"})
        assert refused.status_code == 401
        allowed = client.get("/api/foods?q=oats", headers={"Origin": "https://app.example.com"})
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"


def test_the_rate_limit_counts_cached_searches(settings: Settings, connection: Connection) -> None:
    with _client_with(settings, connection, rate_limit_per_minute=3) as client:
        statuses = [client.get("/api/foods?q=milk").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
