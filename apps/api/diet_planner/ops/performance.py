"""Recent slow requests and slow SQL statements, kept in bounded in-memory rings."""

from __future__ import annotations

import threading
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from diet_planner.core.logging import get_logger

log = get_logger("performance")


class PerformanceTracker:
    def __init__(self, slow_request_ms: float, slow_query_ms: float, keep: int = 100) -> None:
        self.slow_request_ms = slow_request_ms
        self.slow_query_ms = slow_query_ms
        self.slow_requests: deque[dict[str, Any]] = deque(maxlen=keep)
        self.slow_queries: deque[dict[str, Any]] = deque(maxlen=keep)
        self._lock = threading.Lock()
        self.on_slow_query: list[Any] = []

    def record_request(self, method: str, path: str, status: int, duration_ms: float) -> None:
        if duration_ms < self.slow_request_ms:
            return
        entry = {
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round(duration_ms, 1),
            "at": datetime.now(UTC).isoformat(),
        }
        with self._lock:
            self.slow_requests.append(entry)
        log.warning("Slow request %s %s took %.0f ms (status %s)", method, path, duration_ms, status)

    def record_query(self, statement: str, duration_ms: float) -> None:
        if duration_ms < self.slow_query_ms:
            return
        entry = {
            "statement": statement[:500],
            "duration_ms": round(duration_ms, 1),
            "at": datetime.now(UTC).isoformat(),
        }
        with self._lock:
            self.slow_queries.append(entry)
        for callback in self.on_slow_query:
            callback()
        log.warning("Slow query took %.0f ms: %s", duration_ms, statement[:200].replace("\n", " "))

    def attach(self, engine: Engine) -> None:
        @event.listens_for(engine, "before_cursor_execute")
        def _before(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
            conn.info.setdefault("query_started", []).append(time.perf_counter())

        @event.listens_for(engine, "after_cursor_execute")
        def _after(conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool) -> None:
            started = conn.info.get("query_started")
            if started:
                self.record_query(statement, (time.perf_counter() - started.pop()) * 1000)

    def report(self) -> dict[str, Any]:
        with self._lock:
            return {
                "thresholds": {"slow_request_ms": self.slow_request_ms, "slow_query_ms": self.slow_query_ms},
                "slow_requests": list(reversed(self.slow_requests)),
                "slow_queries": list(reversed(self.slow_queries)),
            }
