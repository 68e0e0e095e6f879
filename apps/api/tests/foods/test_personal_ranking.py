"""Personal search ranking: a person's favourites and the foods they log come first among the matches;
GET /api/foods/recent lists what they log; PUT/DELETE /api/foods/{id}/favourite star a food."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import register_and_login


def _search(client: TestClient, q: str, headers: dict[str, str] | None = None) -> list[dict[str, Any]]:
    response = client.get("/api/foods", params={"q": q, "limit": 20}, headers=headers or {})
    assert response.status_code == 200, response.text
    return list(response.json()["items"])


def _low_ranked(client: TestClient, q: str) -> dict[str, Any]:
    results = _search(client, q)
    assert len(results) >= 10
    return results[9]


def test_a_favourite_comes_first_among_its_matches_and_unstarring_puts_it_back(
    client: TestClient, auth_headers: dict[str, str]
) -> None:
    plain = _search(client, "cheese", auth_headers)
    target = _low_ranked(client, "cheese")
    assert plain[0]["id"] != target["id"] and all(not item["favourite"] for item in plain)

    assert client.put(f"/api/foods/{target['id']}/favourite", headers=auth_headers).status_code == 204
    assert client.put(f"/api/foods/{target['id']}/favourite", headers=auth_headers).status_code == 204  # idempotent
    starred = _search(client, "cheese", auth_headers)
    assert starred[0]["id"] == target["id"] and starred[0]["favourite"] is True
    # Only for that person: another account and anonymous searches are unchanged.
    assert _search(client, "cheese")[0]["id"] == plain[0]["id"]
    other = register_and_login(client)
    assert _search(client, "cheese", other)[0]["id"] == plain[0]["id"]
    # A favourite that does not match the words does not appear.
    assert target["id"] not in {item["id"] for item in _search(client, "banana", auth_headers)}

    assert client.delete(f"/api/foods/{target['id']}/favourite", headers=auth_headers).status_code == 204
    assert [item["id"] for item in _search(client, "cheese", auth_headers)] == [item["id"] for item in plain]


def test_favourites_need_a_login_and_a_visible_food(client: TestClient, auth_headers: dict[str, str]) -> None:
    food = _search(client, "banana")[0]
    assert client.put(f"/api/foods/{food['id']}/favourite").status_code == 401
    assert client.put("/api/foods/999999999/favourite", headers=auth_headers).status_code == 404
    mine = client.post(
        "/api/foods", json={"name": "Grandma's granola", "nutrients": {"energy_kcal": 450}}, headers=auth_headers
    ).json()
    other = register_and_login(client)
    assert client.put(f"/api/foods/{mine['id']}/favourite", headers=other).status_code == 404


def test_logged_foods_come_first_and_are_listed_as_recent(client: TestClient, auth_headers: dict[str, str]) -> None:
    assert client.get("/api/foods/recent", headers=auth_headers).json() == {"items": []}
    target = _low_ranked(client, "yogurt")
    today = datetime.now(UTC).date()
    for days_ago in (0, 1, 3):
        body = {"date": (today - timedelta(days=days_ago)).isoformat(), "slot": "breakfast", "food_id": target["id"]}
        response = client.post("/api/meal-logs", json={**body, "grams": 150}, headers=auth_headers)
        assert response.status_code == 201, response.text
    once = _search(client, "banana")[0]
    response = client.post(
        "/api/meal-logs",
        json={"date": (today - timedelta(days=40)).isoformat(), "slot": "snack", "food_id": once["id"], "grams": 100},
        headers=auth_headers,
    )
    assert response.status_code == 201, response.text

    recent = client.get("/api/foods/recent", headers=auth_headers).json()["items"]
    assert [item["id"] for item in recent] == [target["id"], once["id"]]
    assert recent[0]["days_logged"] == 3 and recent[0]["last_logged"] == today.isoformat()
    assert _search(client, "yogurt", auth_headers)[0]["id"] == target["id"]
    assert _search(client, "yogurt")[0]["id"] != target["id"]
    assert client.get("/api/foods/recent").status_code == 401
