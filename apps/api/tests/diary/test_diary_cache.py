"""A signed-in diary day is answered from what the worker rendered before (the middleware's fast lane) only
while nothing of its owner's changed: their writes show at once, nobody else ever gets it, and a session that
ended is refused even for a day that was cached."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import TEST_PASSWORD, register_and_login

DAY = "2026-03-02"


def _bearer(auth: dict[str, str]) -> dict[str, str]:
    return {"Authorization": auth["Authorization"]}


def _sign_in_again(client: TestClient, email: str) -> dict[str, str]:
    """The same person on another device: a session (refresh family) of its own."""
    response = client.post("/api/auth/login", json={"email": email, "password": TEST_PASSWORD})
    assert response.status_code == 200, response.text
    tokens = response.json()
    return {"Authorization": f"Bearer {tokens['access_token']}", "refresh": tokens["refresh_token"]}


def _quick_add(client: TestClient, auth: dict[str, str], kcal: float) -> dict[str, Any]:
    body = {"date": DAY, "slot": "lunch", "label": f"{kcal} kcal", "energy_kcal": kcal}
    response = client.post("/api/meal-logs/quick-add", json=body, headers=_bearer(auth))
    assert response.status_code == 201, response.text
    return dict(response.json())


def _day(client: TestClient, auth: dict[str, str], query: str = "") -> dict[str, Any]:
    response = client.get(f"/api/diary/{DAY}{query}", headers=_bearer(auth))
    assert response.status_code == 200, response.text
    return dict(response.json())


def test_a_read_day_shows_every_later_change_of_its_owner(client: TestClient) -> None:
    auth = register_and_login(client)
    first = _quick_add(client, auth, 300)
    assert [e["id"] for e in _day(client, auth)["entries"]] == [first["id"]]
    assert _day(client, auth) == _day(client, auth)  # answered again, unchanged
    second = _quick_add(client, auth, 450)
    day = _day(client, auth)
    assert [e["id"] for e in day["entries"]] == [first["id"], second["id"]]
    assert day["totals"]["energy_kcal"] == 750
    assert client.delete(f"/api/meal-logs/{first['id']}", headers=_bearer(auth)).status_code == 204
    assert [e["id"] for e in _day(client, auth)["entries"]] == [second["id"]]
    # Another query on the same day is its own answer.
    assert _day(client, auth, f"?today={DAY}")["entries"] == _day(client, auth)["entries"]


def test_nobody_else_gets_a_cached_day(client: TestClient) -> None:
    alice = register_and_login(client)
    bob = register_and_login(client)
    _quick_add(client, alice, 300)
    assert len(_day(client, alice)["entries"]) == 1
    assert len(_day(client, alice)["entries"]) == 1
    assert _day(client, bob)["entries"] == []
    assert client.get(f"/api/diary/{DAY}").status_code == 401
    assert client.get(f"/api/diary/{DAY}", headers={"Authorization": "Bearer not-a-token"}).status_code == 401


def test_an_ended_session_is_refused_for_a_cached_day(client: TestClient) -> None:
    auth = register_and_login(client)
    other = _sign_in_again(client, auth["email"])
    _quick_add(client, auth, 300)
    for session in (auth, other):
        _day(client, session)
        _day(client, session)
    # Signing out revokes this access token.
    logout = client.post("/api/auth/logout", json={"refresh_token": auth["refresh"]}, headers=_bearer(auth))
    assert logout.status_code == 204
    assert client.get(f"/api/diary/{DAY}", headers=_bearer(auth)).status_code == 401
    # A replayed refresh token ends its whole session (family), with no access token in the request.
    assert client.post("/api/auth/refresh", json={"refresh_token": other["refresh"]}).status_code == 200
    assert client.post("/api/auth/refresh", json={"refresh_token": other["refresh"]}).status_code == 401
    assert client.get(f"/api/diary/{DAY}", headers=_bearer(other)).status_code == 401


def test_signing_out_everywhere_ends_other_sessions_cached_days(client: TestClient) -> None:
    auth = register_and_login(client)
    other = _sign_in_again(client, auth["email"])
    _day(client, other)
    _day(client, other)
    assert client.post("/api/auth/logout-all", headers=_bearer(auth)).status_code == 204
    assert client.get(f"/api/diary/{DAY}", headers=_bearer(other)).status_code == 401
