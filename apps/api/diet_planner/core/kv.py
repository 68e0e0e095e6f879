"""A small shared key-value store: Redis when REDIS_URL is set, so API replicas act as one; a SQLite file
when several worker processes of one machine share it (SHARED_STATE_FILE); process memory otherwise. Used
for rate limits, login throttling and token revocation."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Protocol

import orjson
import redis

# Another key's number (and its time to live) set in the same atomic step as a replace_number.
AlsoSet = tuple[str, int, int]


class KeyValueStore(Protocol):
    def incr_window(self, key: str, window_seconds: int, amount: int = 1) -> tuple[int, int]:
        """Add `amount` to a counter that expires `window_seconds` after its first hit: (count, seconds left)."""

    def get_count(self, key: str) -> tuple[int, int]: ...

    def delete(self, key: str) -> None: ...

    def set_flag(self, key: str, ttl_seconds: int) -> None: ...

    def has_flag(self, key: str) -> bool: ...

    def add_flag(self, key: str, ttl_seconds: int) -> bool:
        """Set a flag only if it is not set (atomically, across replicas): True when this call set it."""

    def get_numbers(self, keys: list[str]) -> list[int | None]:
        """Each key's number (set_number), None where it is missing or expired: one round trip."""

    def set_number(self, key: str, value: int, ttl_seconds: int) -> None: ...

    def replace_number(
        self, key: str, expected: int, value: int, ttl_seconds: int, *, and_set: AlsoSet | None = None
    ) -> bool:
        """Set the number only if it is `expected` now (atomically, across replicas): True when this call set it.
        `and_set` (key, number, ttl): set that number too, in the same step, when this one is replaced."""

    def ping(self) -> bool: ...


class MemoryStore:
    def __init__(self) -> None:
        self._data: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def _live(self, key: str, now: float) -> tuple[int, float] | None:
        entry = self._data.get(key)
        if entry and entry[1] <= now:
            del self._data[key]
            return None
        return entry

    def incr_window(self, key: str, window_seconds: int, amount: int = 1) -> tuple[int, int]:
        now = time.monotonic()
        with self._lock:
            entry = self._live(key, now)
            count, expires = (entry[0] + amount, entry[1]) if entry else (amount, now + window_seconds)
            self._data[key] = (count, expires)
            if len(self._data) > 100_000:  # bound memory under address-spraying traffic
                for stale in [k for k, (_, exp) in self._data.items() if exp <= now]:
                    del self._data[stale]
            return count, max(1, int(expires - now + 0.999))

    def get_count(self, key: str) -> tuple[int, int]:
        now = time.monotonic()
        with self._lock:
            entry = self._live(key, now)
            return (entry[0], max(1, int(entry[1] - now + 0.999))) if entry else (0, 0)

    def delete(self, key: str) -> None:
        with self._lock:
            self._data.pop(key, None)

    def set_flag(self, key: str, ttl_seconds: int) -> None:
        with self._lock:
            self._data[key] = (1, time.monotonic() + max(1, ttl_seconds))

    def has_flag(self, key: str) -> bool:
        with self._lock:
            return self._live(key, time.monotonic()) is not None

    def add_flag(self, key: str, ttl_seconds: int) -> bool:
        now = time.monotonic()
        with self._lock:
            if self._live(key, now) is not None:
                return False
            self._data[key] = (1, now + max(1, ttl_seconds))
            return True

    def get_numbers(self, keys: list[str]) -> list[int | None]:
        now = time.monotonic()
        with self._lock:
            entries = [self._live(key, now) for key in keys]
        return [None if entry is None else entry[0] for entry in entries]

    def set_number(self, key: str, value: int, ttl_seconds: int) -> None:
        with self._lock:
            self._data[key] = (value, time.monotonic() + max(1, ttl_seconds))

    def replace_number(
        self, key: str, expected: int, value: int, ttl_seconds: int, *, and_set: AlsoSet | None = None
    ) -> bool:
        now = time.monotonic()
        with self._lock:
            entry = self._live(key, now)
            if entry is None or entry[0] != expected:
                return False
            self._data[key] = (value, now + max(1, ttl_seconds))
            if and_set is not None:
                also_key, also_value, also_ttl = and_set
                self._data[also_key] = (also_value, now + max(1, also_ttl))
            return True

    def ping(self) -> bool:
        return True

    def clear(self) -> None:
        with self._lock:
            self._data.clear()


class RedisStore:
    def __init__(self, url: str, prefix: str = "diet_planner:") -> None:
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._prefix = prefix
        self._replace = self._redis.register_script(
            "if redis.call('GET', KEYS[1]) == ARGV[1] then "
            "redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) "
            "if KEYS[2] then redis.call('SET', KEYS[2], ARGV[4], 'EX', ARGV[5]) end "
            "return 1 end return 0"
        )

    def incr_window(self, key: str, window_seconds: int, amount: int = 1) -> tuple[int, int]:
        full = self._prefix + key
        pipe = self._redis.pipeline()
        pipe.incr(full, amount)
        pipe.expire(full, window_seconds, nx=True)
        pipe.ttl(full)
        count, _, ttl = pipe.execute()
        return int(count), max(1, int(ttl))

    def get_count(self, key: str) -> tuple[int, int]:
        full = self._prefix + key
        pipe = self._redis.pipeline()
        pipe.get(full)
        pipe.ttl(full)
        value, ttl = pipe.execute()
        return (int(value), max(1, int(ttl))) if value is not None else (0, 0)

    def delete(self, key: str) -> None:
        self._redis.delete(self._prefix + key)

    def set_flag(self, key: str, ttl_seconds: int) -> None:
        self._redis.set(self._prefix + key, 1, ex=max(1, ttl_seconds))

    def has_flag(self, key: str) -> bool:
        return bool(self._redis.exists(self._prefix + key))

    def add_flag(self, key: str, ttl_seconds: int) -> bool:
        return bool(self._redis.set(self._prefix + key, 1, ex=max(1, ttl_seconds), nx=True))

    def get_numbers(self, keys: list[str]) -> list[int | None]:
        values = self._redis.mget([self._prefix + key for key in keys])
        return [None if value is None else int(value) for value in values]

    def set_number(self, key: str, value: int, ttl_seconds: int) -> None:
        self._redis.set(self._prefix + key, value, ex=max(1, ttl_seconds))

    def replace_number(
        self, key: str, expected: int, value: int, ttl_seconds: int, *, and_set: AlsoSet | None = None
    ) -> bool:
        keys, args = [self._prefix + key], [expected, value, max(1, ttl_seconds)]
        if and_set is not None:  # a script runs whole: nobody sees one key set without the other
            keys.append(self._prefix + and_set[0])
            args += [and_set[1], max(1, and_set[2])]
        return bool(self._replace(keys=keys, args=args))

    def ping(self) -> bool:
        return bool(self._redis.ping())


_SET_NUMBER = "INSERT OR REPLACE INTO kv (key, count, expires) VALUES (?, ?, ?)"
# replace_number with and_set: ?1 set to ?2 (expiring at ?3) and ?6 to ?7 (at ?8), only if ?1 is ?4 and live at ?5.
_REPLACE_AND_SET = (
    "INSERT INTO kv (key, count, expires) "
    "SELECT ?1, ?2, ?3 FROM kv WHERE key = ?1 AND count = ?4 AND expires > ?5 "
    "UNION ALL SELECT ?6, ?7, ?8 FROM kv WHERE key = ?1 AND count = ?4 AND expires > ?5 "
    "ON CONFLICT (key) DO UPDATE SET count = excluded.count, expires = excluded.expires"
)
WAL_SWITCH_WAIT_S = 5.0


def _switch_to_wal(connection: sqlite3.Connection) -> None:
    """WAL mode, waiting for the other workers starting at the same moment: a new file switched to WAL by two
    connections at once answers "database is locked" at once to one of them (SQLite calls no busy handler
    there), and that worker died at start-up."""
    deadline = time.monotonic() + WAL_SWITCH_WAIT_S
    pause = 0.005
    while True:
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() >= deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)


class FileStore:
    """The worker processes of one machine share their counters and flags in one SQLite file. Each call is
    one statement in autocommit mode, atomic across processes; nothing here needs to survive a power cut,
    so the file is never synced (a counter lost in a crash only forgives a few requests)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._writes = 0
        self._execute(
            "CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires REAL NOT NULL)"
        )

    def _connection(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None or getattr(self._local, "pid", None) != os.getpid():
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
            _switch_to_wal(connection)
            connection.execute("PRAGMA synchronous=OFF")
            self._local.connection = connection
            self._local.pid = os.getpid()
        return connection

    def _execute(self, sql: str, parameters: tuple[object, ...] = ()) -> list[tuple[Any, ...]]:
        return self._connection().execute(sql, parameters).fetchall()

    def incr_window(self, key: str, window_seconds: int, amount: int = 1) -> tuple[int, int]:
        now = time.time()
        ((count, expires),) = self._execute(
            "INSERT INTO kv (key, count, expires) VALUES (?1, ?4, ?2 + ?3) ON CONFLICT (key) DO UPDATE SET "
            "count = CASE WHEN expires <= ?2 THEN ?4 ELSE count + ?4 END, "
            "expires = CASE WHEN expires <= ?2 THEN ?2 + ?3 ELSE expires END RETURNING count, expires",
            (key, now, window_seconds, amount),
        )
        self._writes += 1
        if self._writes % 10_000 == 0:  # expired keys of addresses gone quiet
            self._execute("DELETE FROM kv WHERE expires <= ?", (now,))
        return int(count), max(1, int(float(expires) - now + 0.999))

    def get_count(self, key: str) -> tuple[int, int]:
        now = time.time()
        rows = self._execute("SELECT count, expires FROM kv WHERE key = ? AND expires > ?", (key, now))
        if not rows:
            return 0, 0
        count, expires = rows[0]
        return int(count), max(1, int(float(expires) - now + 0.999))

    def delete(self, key: str) -> None:
        self._execute("DELETE FROM kv WHERE key = ?", (key,))

    def set_flag(self, key: str, ttl_seconds: int) -> None:
        self._execute(
            "INSERT OR REPLACE INTO kv (key, count, expires) VALUES (?, 1, ?)", (key, time.time() + max(1, ttl_seconds))
        )

    def has_flag(self, key: str) -> bool:
        return bool(self._execute("SELECT 1 FROM kv WHERE key = ? AND expires > ?", (key, time.time())))

    def add_flag(self, key: str, ttl_seconds: int) -> bool:
        # One statement: it sets the flag when absent or expired, and says whether it did (atomic across processes).
        now = time.time()
        return bool(
            self._execute(
                "INSERT INTO kv (key, count, expires) VALUES (?1, 1, ?2 + ?3) ON CONFLICT (key) DO UPDATE SET "
                "count = 1, expires = ?2 + ?3 WHERE kv.expires <= ?2 RETURNING 1",
                (key, now, max(1, ttl_seconds)),
            )
        )

    def get_numbers(self, keys: list[str]) -> list[int | None]:
        marks = ", ".join("?" * len(keys))
        # One row (a JSON object), not one per key: the driver gives up the interpreter lock for every row it
        # steps to, and another thread (the event loop, the group-commit writer) then holds it a while.
        ((found,),) = self._execute(
            # Only placeholders are formatted in; the keys are bound parameters.
            f"SELECT json_group_object(key, count) FROM kv WHERE key IN ({marks}) AND expires > ?",  # noqa: S608
            (*keys, time.time()),
        )
        values = orjson.loads(found)
        return [None if values.get(key) is None else int(values[key]) for key in keys]

    def set_number(self, key: str, value: int, ttl_seconds: int) -> None:
        self._execute(_SET_NUMBER, (key, value, time.time() + max(1, ttl_seconds)))

    def replace_number(
        self, key: str, expected: int, value: int, ttl_seconds: int, *, and_set: AlsoSet | None = None
    ) -> bool:
        now = time.time()
        if and_set is None:
            replace = "UPDATE kv SET count = ?, expires = ? WHERE key = ? AND count = ? AND expires > ?"
            parameters: tuple[object, ...] = (value, now + max(1, ttl_seconds), key, expected, now)
            return self._changed(replace, parameters)
        # One statement, so atomic: another process reads both numbers as they were before it, or both as they
        # are after. SQLite takes the rows of a SELECT from the table being inserted into before it inserts any,
        # so both are set when the number was `expected`, and neither otherwise. (A transaction of four
        # statements gave up the interpreter lock four more times per batch of writes.)
        also_key, also_value, also_ttl = and_set
        parameters = (
            key,
            value,
            now + max(1, ttl_seconds),
            expected,
            now,
            also_key,
            also_value,
            now + max(1, also_ttl),
        )
        return self._changed(_REPLACE_AND_SET, parameters)

    def _changed(self, sql: str, parameters: tuple[object, ...]) -> bool:
        """Whether the statement changed any row (one step of the driver: no row to fetch)."""
        return self._connection().execute(sql, parameters).rowcount > 0

    def ping(self) -> bool:
        self._execute("SELECT 1")
        return True


def make_store(redis_url: str | None, shared_file: Path | None = None) -> KeyValueStore:
    if redis_url:
        return RedisStore(redis_url)
    return FileStore(shared_file) if shared_file else MemoryStore()
