"""Anonymous food searches are answered from a cache; a user's own foods still reach only that user."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import register_and_login


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
