"""A verified access token is remembered by its process, but an expired, forged or revoked one is still refused."""

from __future__ import annotations

import time
from datetime import timedelta

from fastapi.testclient import TestClient

from diet_planner.core.security import create_access_token, decode_access_token
from tests.conftest import register_and_login

SECRET = "a-secret-that-is-long-enough-for-the-test-0000"


def test_a_token_accepted_once_is_refused_when_it_expires() -> None:
    token, claims = create_access_token(7, SECRET, timedelta(seconds=1), "family-1")
    for _ in range(2):
        decoded = decode_access_token(token, SECRET)
        assert decoded is not None and (decoded.user_id, decoded.jti) == (claims.user_id, claims.jti)
    time.sleep(1.2)
    assert decode_access_token(token, SECRET) is None


def test_a_remembered_token_is_refused_under_another_secret_or_altered() -> None:
    token, _ = create_access_token(7, SECRET, timedelta(minutes=5), "family-1")
    assert decode_access_token(token, SECRET) is not None
    assert decode_access_token(token, SECRET + "-rotated") is None
    assert decode_access_token(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"), SECRET) is None


def test_a_token_used_just_before_sign_out_is_refused_just_after(client: TestClient) -> None:
    auth = register_and_login(client)
    headers = {"Authorization": auth["Authorization"]}
    assert client.get("/api/users/me", headers=headers).status_code == 200
    assert client.post("/api/auth/logout", json={"refresh_token": auth["refresh"]}, headers=headers).status_code == 204
    assert client.get("/api/users/me", headers=headers).status_code == 401
