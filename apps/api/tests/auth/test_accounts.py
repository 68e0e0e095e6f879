"""Accounts per the API contract: register, login, refresh rotation, logout, me, delete."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import TEST_PASSWORD, log_path, register_and_login


def test_register_returns_the_account_with_lowercased_email(client: TestClient) -> None:
    response = client.post(
        "/api/auth/register", json={"email": "Ana.Smith@Example.COM", "password": TEST_PASSWORD, "name": "Ana"}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == "ana.smith@example.com"
    assert body["name"] == "Ana"
    assert set(body) >= {"id", "email", "name", "created_at"}
    assert "password" not in response.text


def test_register_same_email_in_other_case_conflicts(client: TestClient) -> None:
    client.post("/api/auth/register", json={"email": "dup@example.com", "password": TEST_PASSWORD})
    response = client.post("/api/auth/register", json={"email": "DUP@example.com", "password": TEST_PASSWORD})
    assert response.status_code == 409
    assert "exists" in response.json()["detail"]


def test_weak_and_invalid_registrations_are_422_naming_the_problem(client: TestClient) -> None:
    short = client.post("/api/auth/register", json={"email": "a@example.com", "password": "short"})
    assert short.status_code == 422 and "10 characters" in short.text
    common = client.post("/api/auth/register", json={"email": "a@example.com", "password": "password123"})
    assert common.status_code == 422 and "common" in common.text
    bad_email = client.post("/api/auth/register", json={"email": "not-an-email", "password": TEST_PASSWORD})
    assert bad_email.status_code == 422 and "email" in bad_email.text


def test_login_and_me(client: TestClient) -> None:
    auth = register_and_login(client, "me@example.com")
    response = client.get("/api/users/me", headers={"Authorization": auth["Authorization"]})
    assert response.status_code == 200
    assert response.json()["email"] == "me@example.com"


def test_login_response_shape(client: TestClient) -> None:
    client.post("/api/auth/register", json={"email": "shape@example.com", "password": TEST_PASSWORD})
    body = client.post("/api/auth/login", json={"email": "SHAPE@example.com", "password": TEST_PASSWORD}).json()
    assert body["token_type"] == "bearer"
    assert body["expires_in"] == 24 * 3600
    assert body["access_token"] and body["refresh_token"]


def test_wrong_password_is_401_and_logged_without_the_password(client: TestClient, settings) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/auth/register", json={"email": "log@example.com", "password": TEST_PASSWORD})
    response = client.post("/api/auth/login", json={"email": "log@example.com", "password": "wrong-password-123"})
    assert response.status_code == 401
    text = log_path(settings).read_text()
    assert "Failed login" in text
    assert "wrong-password-123" not in text
    assert TEST_PASSWORD not in text


def test_repeated_failures_are_throttled_with_retry_after(client: TestClient, settings) -> None:  # type: ignore[no-untyped-def]
    client.post("/api/auth/register", json={"email": "throttle@example.com", "password": TEST_PASSWORD})
    statuses = [
        client.post(
            "/api/auth/login", json={"email": "throttle@example.com", "password": "wrong-password-x"}
        ).status_code
        for _ in range(settings.login_max_failures)
    ]
    assert statuses == [401] * settings.login_max_failures
    blocked = client.post("/api/auth/login", json={"email": "throttle@example.com", "password": TEST_PASSWORD})
    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    assert "Rate limit exceeded" in log_path(settings).read_text()


def test_refresh_rotates_and_old_token_stops_working(client: TestClient) -> None:
    auth = register_and_login(client)
    first = client.post("/api/auth/refresh", json={"refresh_token": auth["refresh"]})
    assert first.status_code == 200
    new_refresh = first.json()["refresh_token"]
    assert new_refresh != auth["refresh"]
    reused = client.post("/api/auth/refresh", json={"refresh_token": auth["refresh"]})
    assert reused.status_code == 401
    # Reuse of a rotated token revokes the whole family, including the newest token.
    assert client.post("/api/auth/refresh", json={"refresh_token": new_refresh}).status_code == 401


def test_logout_revokes_refresh_and_access_token(client: TestClient) -> None:
    auth = register_and_login(client)
    headers = {"Authorization": auth["Authorization"]}
    assert client.post("/api/auth/logout", json={"refresh_token": auth["refresh"]}, headers=headers).status_code == 204
    assert client.post("/api/auth/refresh", json={"refresh_token": auth["refresh"]}).status_code == 401
    assert client.get("/api/users/me", headers=headers).status_code == 401


def test_bad_tokens_are_401(client: TestClient) -> None:
    assert client.get("/api/users/me").status_code == 401
    assert client.get("/api/users/me", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    assert client.get("/api/users/me", headers={"Authorization": "Basic abc"}).status_code == 401


def test_delete_account_removes_it(client: TestClient) -> None:
    auth = register_and_login(client, "gone@example.com")
    headers = {"Authorization": auth["Authorization"]}
    assert (
        client.request("DELETE", "/api/users/me", json={"password": TEST_PASSWORD}, headers=headers).status_code == 204
    )
    assert client.get("/api/users/me", headers=headers).status_code == 401
    login = client.post("/api/auth/login", json={"email": "gone@example.com", "password": TEST_PASSWORD})
    assert login.status_code == 401


def test_malformed_json_is_400_and_wrong_types_422(client: TestClient) -> None:
    malformed = client.post("/api/auth/login", content=b"{not json", headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400
    assert "Malformed JSON" in malformed.json()["detail"]
    wrong = client.post("/api/auth/login", json={"email": 5, "password": ["x"]})
    assert wrong.status_code == 422
    assert isinstance(wrong.json()["detail"], list)
