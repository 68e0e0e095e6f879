"""Small per-process caches of rendered responses, bounded in size: one with a time to live, one kept with a
state stamp."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable
from datetime import UTC, datetime
from typing import Generic, NamedTuple, TypeVar

from diet_planner.core.freshness import Stamp
from diet_planner.core.security import AccessClaims

Tag = TypeVar("Tag")


class _LruBodies(Generic[Tag]):
    """Rendered bodies, each with a tag that says whether it is still good (an expiry, a stamp); least recently
    used entries go first."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[Tag, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def _store(self, key: Hashable, tag: Tag, body: bytes) -> None:
        with self._lock:
            self._entries[key] = (tag, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class ResponseCache(_LruBodies[float]):
    """An entry older than `ttl_s` is a miss. `ttl_s` 0 turns it off."""

    def __init__(self, ttl_s: float, max_entries: int = 2048) -> None:
        super().__init__(max_entries)
        self.ttl_s = ttl_s
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> bytes | None:
        if self.ttl_s <= 0:
            return None
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] <= time.monotonic():
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry[1]

    def put(self, key: Hashable, body: bytes) -> None:
        if self.ttl_s > 0:
            self._store(key, time.monotonic() + self.ttl_s, body)


def anonymous_search_key(query_string: bytes) -> tuple[str, bytes]:
    """The search cache's key for an anonymous GET /api/foods with exactly this raw query string: the
    endpoint stores its rendered page under it, the middleware's fast lane answers from it."""
    return ("raw-anonymous-search", query_string)


class StampedCache(_LruBodies[Hashable]):
    """Rendered answers kept with the state stamp (core/freshness.py) they were computed against: an entry
    is served only while the stamp is still the same."""

    def __init__(self, max_entries: int = 2048) -> None:
        super().__init__(max_entries)

    def get(self, key: Hashable, stamp: Hashable) -> bytes | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(key)
            return entry[1]

    def put(self, key: Hashable, stamp: Hashable, body: bytes) -> None:
        self._store(key, stamp, body)


# The scope key under which the middleware leaves a DiaryStamp for a signed-in diary read it could not answer:
# the stamp was read before the request read anything, so the endpoint may keep its answer with it.
DIARY_STAMP_SCOPE_KEY = "diet_planner.diary_stamp"


class DiaryStamp(NamedTuple):
    """What the middleware's diary lane found about the request's access token, in its one round trip to the
    shared store, before anything else was read: the token was valid and not revoked, the person's state stamp
    then, and whether the token's sign-in session was known live at it. The endpoint's authentication
    (auth/dependencies.py `diary_reader_id`) starts from it instead of asking the store again."""

    user_id: int
    stamp: Stamp
    token: str
    claims: AccessClaims
    live: bool


def diary_day_key(user_id: int, path: str, query_string: bytes) -> tuple[Hashable, ...]:
    """A diary day's cache key: its owner, the exact request, and the server's date (a day without `today` is in
    progress until the server's midnight, and the targets follow the person's age)."""
    return ("diary-day", user_id, path, query_string, datetime.now(UTC).date())
