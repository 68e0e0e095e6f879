"""Prometheus metrics, on a registry of the app's own so tests can build many apps."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    ProcessCollector,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

from diet_planner.core.db import Database
from diet_planner.planner import highs_worker

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 2.5, 5.0, 10.0)


class _DatabaseCollector:
    """Pool state read at scrape time; `database_connections_active` feeds the DatabaseDown alert."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def collect(self):  # type: ignore[no-untyped-def]
        pool = self._db.pool_status()
        try:
            self._db.ping()
            up = 1.0
        except Exception:
            up = 0.0
        yield GaugeMetricFamily("database_up", "1 when the database answers a query", value=up)
        active = GaugeMetricFamily(
            "database_connections_active",
            "Connections the API holds open to the database (checked out plus idle in the pool)",
            value=(pool["checked_out"] + pool["checked_in"]) if up else 0,
        )
        yield active
        yield GaugeMetricFamily("database_pool_checked_out", "Connections in use", value=pool["checked_out"])
        yield GaugeMetricFamily("database_pool_size", "Configured pool size", value=pool["size"])
        yield GaugeMetricFamily("database_pool_overflow", "Connections beyond the pool size", value=pool["overflow"])


class _SolverCollector:
    """CPU time of the plan solver's worker processes (planner/highs_worker.py): process_cpu_seconds_total counts
    only the API process, and most of a plan's CPU is spent in these."""

    def collect(self):  # type: ignore[no-untyped-def]
        yield CounterMetricFamily(
            "planner_solver_cpu_seconds",
            "CPU seconds used by the live HiGHS worker processes (resets when a worker is replaced)",
            value=highs_worker.pool().cpu_seconds(),
        )


class Metrics:
    def __init__(self, db: Database) -> None:
        # No `*_created` timestamp series next to every counter: they double the output the guide greps
        # (`grep -E "(error_count|request_count|uptime)"`) with values no dashboard or alert uses.
        disable_created_metrics()  # type: ignore[no-untyped-call]
        self.started = time.time()
        self.registry = CollectorRegistry()
        self.request_count = Counter(
            "request_count",
            "HTTP requests by method, route and status",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.error_count = Counter(
            "error_count",
            "HTTP responses with status 4xx or 5xx",
            ["method", "route", "status"],
            registry=self.registry,
        )
        # The guide's alert names: http_errors_total for HighErrorRate, a duration histogram for HighResponseTime.
        self.http_errors = Counter("http_errors", "HTTP 5xx responses", ["route"], registry=self.registry)
        self.latency = Histogram(
            "http_request_duration_seconds",
            "Request latency by route",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.uptime = Gauge("uptime", "Seconds since the API process started", registry=self.registry)
        self.uptime.set_function(lambda: time.time() - self.started)
        self.slow_queries = Counter(
            "slow_query_count", "SQL statements over the slow-query threshold", registry=self.registry
        )
        self.plans_generated = Counter("plans_generated", "Meal plans generated", ["outcome"], registry=self.registry)
        self.plan_seconds = Histogram(
            "plan_generation_seconds", "Time to generate a plan", buckets=LATENCY_BUCKETS, registry=self.registry
        )
        self.registry.register(_DatabaseCollector(db))
        # process_cpu_seconds_total and memory gauges feed the HighCPU alert (infra/prometheus/alerts.yml).
        ProcessCollector(registry=self.registry)
        self.registry.register(_SolverCollector())
        self._series: dict[tuple[str, str, int], tuple[Any, Any, Any, Any]] = {}

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        # The labelled series of a (method, route, status) are looked up once: labels() validates and locks.
        key = (method, route, status)
        series = self._series.get(key)
        if series is None:
            code = str(status)
            series = (
                self.request_count.labels(method, route, code),
                self.latency.labels(method, route),
                self.error_count.labels(method, route, code) if status >= 400 else None,
                self.http_errors.labels(route) if status >= 500 else None,
            )
            if len(self._series) < 10_000:  # routes are templates, so this stays small
                self._series[key] = series
        count, latency, errors, server_errors = series
        count.inc()
        latency.observe(seconds)
        if errors is not None:
            errors.inc()
        if server_errors is not None:
            server_errors.inc()

    def render(self) -> bytes:
        return generate_latest(self.registry)

    @property
    def uptime_seconds(self) -> float:
        return time.time() - self.started


def health_document(metrics: Metrics) -> dict[str, Any]:
    """GET /api/health's answer (served by the router and by the middleware's fast lane alike)."""
    return {
        "status": "healthy",
        "timestamp": datetime.now(UTC).isoformat(),
        "uptime": round(metrics.uptime_seconds, 1),
    }
