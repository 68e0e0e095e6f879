"""A verified access token is remembered by its process, but an expired, forged or revoked one is still refused."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from diet_planner.core import freshness
from diet_planner.core.kv import FileStore, MemoryStore, RedisStore
from diet_planner.core.security import create_access_token, decode_access_token
from tests.conftest import TEST_PASSWORD, register_and_login

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


def _log_meal(client: TestClient, headers: dict[str, str], food_id: int) -> int:
    body = {"date": date.today().isoformat(), "slot": "lunch", "food_id": food_id, "grams": 100}
    return client.post("/api/meal-logs", json=body, headers=headers).status_code


def test_meal_logs_in_a_row_are_refused_once_the_session_ends_elsewhere(client: TestClient) -> None:
    # A meal-log write keeps its sign-in session known live across its own write (no database check on the
    # next one); a sign-out everywhere, from another device, must still end it at once.
    auth = register_and_login(client)
    headers = {"Authorization": auth["Authorization"]}
    food_id = client.get("/api/foods", params={"q": "apple"}).json()["items"][0]["id"]
    assert [_log_meal(client, headers, food_id) for _ in range(3)] == [201, 201, 201]
    other = client.post("/api/auth/login", json={"email": auth["email"], "password": TEST_PASSWORD}).json()
    other_headers = {"Authorization": f"Bearer {other['access_token']}"}
    assert client.post("/api/auth/logout-all", headers=other_headers).status_code == 204
    assert _log_meal(client, headers, food_id) == 401


def test_a_meal_log_right_after_this_sessions_sign_out_is_refused(client: TestClient) -> None:
    auth = register_and_login(client)
    headers = {"Authorization": auth["Authorization"]}
    food_id = client.get("/api/foods", params={"q": "apple"}).json()["items"][0]["id"]
    assert _log_meal(client, headers, food_id) == 201
    assert _log_meal(client, headers, food_id) == 201
    assert client.post("/api/auth/logout", json={"refresh_token": auth["refresh"]}).status_code == 204
    assert _log_meal(client, headers, food_id) == 401


def test_a_stamp_is_replaced_only_from_the_value_expected(tmp_path: Path) -> None:
    # The compare-and-swap that carries a live session across its own write: a stamp replaced meanwhile by
    # another change (a sign-out) is never overwritten.
    for store in (MemoryStore(), FileStore(tmp_path / "shared.db"), *_redis()):
        store.set_number("state:user:1", 5, 60)
        assert store.replace_number("state:user:1", 5, 6, 60)
        assert not store.replace_number("state:user:1", 5, 7, 60)
        assert not store.replace_number("state:user:2", 5, 7, 60)
        assert store.get_numbers(["state:user:1", "state:user:2"]) == [6, None]
        # With the session's mark: both numbers set together when the stamp was the one expected, neither otherwise.
        assert not store.replace_number("state:user:1", 5, 8, 60, and_set=("live:1:f", 80, 60))
        assert store.get_numbers(["state:user:1", "live:1:f"]) == [6, None]
        assert store.replace_number("state:user:1", 6, 9, 60, and_set=("live:1:f", 90, 60))
        assert store.replace_number("state:user:1", 9, 10, 60, and_set=("live:1:f", 100, 60))
        assert store.get_numbers(["state:user:1", "live:1:f", "state:user:1"]) == [10, 100, 10]


def test_a_session_found_live_by_one_worker_is_known_to_the_others_until_it_changes(tmp_path: Path) -> None:
    # The shared mark lets any worker skip the database check of a session another worker found live (a person's
    # requests go to any worker), while a sign-out (a new user stamp) or a restore (a new data stamp) ends it.
    store = FileStore(tmp_path / "shared.db")
    live_until = datetime.now(UTC) + timedelta(hours=1)
    stamp = freshness.current_stamp(store, 7)
    freshness.mark_live_session(store, 7, "family-1", stamp, live_until)

    def elsewhere(family: str = "family-1") -> tuple[freshness.Stamp | None, bool, bool]:
        freshness._LIVE_SESSIONS.clear()  # another worker: nothing in its own memory
        return freshness.session_at_stamp(store, 7, "jti-1", family)

    assert elsewhere() == (stamp, False, True)
    assert elsewhere("family-2")[2] is False
    # A meal log on one worker moves the stamp and the mark together; a sign-out moves only the stamp.
    assert freshness.replace_stamp_keeping_session(store, 7, "family-1", stamp, live_until)
    moved, _, live = elsewhere()
    assert live and moved is not None and moved != stamp
    freshness.replace_user_stamps(store, {7})
    assert elsewhere()[2] is False
    # A write that was checked at the stamp before the sign-out cannot carry the session past it.
    assert not freshness.replace_stamp_keeping_session(store, 7, "family-1", moved, live_until)
    assert elsewhere()[2] is False
    # A restore replaces the data stamp: a mark made before it no longer counts either.
    current = freshness.current_stamp(store, 7)
    freshness.mark_live_session(store, 7, "family-1", current, live_until)
    assert elsewhere()[2] is True
    freshness.replace_data_stamp(store)
    assert elsewhere()[2] is False


def _redis() -> list[Any]:
    """The Redis store, where a Redis server is reachable (CI has one); otherwise none."""
    store = RedisStore("redis://127.0.0.1:6379/0", prefix=f"test-{uuid.uuid4().hex[:8]}:")
    try:
        store.ping()
    except Exception:
        return []
    return [store]


class _Observed:
    """A shared store whose every change is followed by another worker's look at the session (the fast lane's
    one read), as if that worker's request came in right then."""

    def __init__(self, store: Any, look: Callable[[], bool]) -> None:
        self._store, self._look, self.seen = store, look, []

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._store, name)
        if name in ("get_numbers", "get_count", "has_flag", "ping"):
            return method

        def changed(*args: Any, **kwargs: Any) -> Any:
            result = method(*args, **kwargs)
            self.seen.append(self._look())
            return result

        return changed


def test_no_other_worker_sees_a_live_session_as_unknown_while_its_write_replaces_the_stamp(tmp_path: Path) -> None:
    """The stamp replaced and the session marked live at the new one in one step: a request of the same person on
    another worker in between found the new stamp without the mark and went the slow way (the database's check):
    4 % of the writes of one person spread over two workers (bench_load)."""
    live_until = datetime.now(UTC) + timedelta(hours=1)
    for store in (MemoryStore(), FileStore(tmp_path / "observed.db"), *_redis()):
        stamp = freshness.current_stamp(store, 7)
        freshness.mark_live_session(store, 7, "family-1", stamp, live_until)

        def elsewhere(store: Any = store) -> bool:
            freshness._LIVE_SESSIONS.clear()  # another worker: nothing in its own memory
            return freshness.session_at_stamp(store, 7, "jti-1", "family-1")[2]

        observed = _Observed(store, elsewhere)
        for _ in range(3):  # the person's writes, one after another
            stamp = freshness.current_stamp(store, 7)
            assert freshness.replace_stamp_keeping_session(observed, 7, "family-1", stamp, live_until)  # type: ignore[arg-type]
        assert observed.seen and all(observed.seen), observed.seen


def test_workers_opening_the_shared_file_together_all_start(tmp_path: Path) -> None:
    """The workers of `serve` open the shared-state file at the same moment: switching a new file to WAL while
    another connection does the same answered 'database is locked' at once (SQLite calls no busy handler there),
    and that worker died at start-up (CI's load test, PostgreSQL run)."""
    failures: list[str] = []

    def open_store(path: Path) -> None:
        try:
            FileStore(path).set_number("k", 1, 60)
        except Exception as error:
            failures.append(repr(error))

    for trial in range(60):
        path = tmp_path / f"shared-{trial}.db"
        threads = [threading.Thread(target=open_store, args=(path,)) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not failures, failures[:3]
