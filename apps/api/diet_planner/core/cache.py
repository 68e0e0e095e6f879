"""A small per-process cache of rendered responses, with a time to live and a bounded size."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Hashable


class ResponseCache:
    """Least recently used entries go first; an entry older than `ttl_s` is a miss. `ttl_s` 0 turns it off."""

    def __init__(self, ttl_s: float, max_entries: int = 2048) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, tuple[float, bytes]] = OrderedDict()
        self._lock = threading.Lock()
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
        if self.ttl_s <= 0:
            return
        with self._lock:
            self._entries[key] = (time.monotonic() + self.ttl_s, body)
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def anonymous_search_key(query_string: bytes) -> tuple[str, bytes]:
    """The search cache's key for an anonymous GET /api/foods with exactly this raw query string: the
    endpoint stores its rendered page under it, the middleware's fast lane answers from it."""
    return ("raw-anonymous-search", query_string)
