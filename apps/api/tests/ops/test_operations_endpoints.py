"""The foundation's operations behaviour: health, metrics, performance, ops token, hardening, logs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from diet_planner.core.config import Settings
from diet_planner.core.kv import MemoryStore
from diet_planner.main import create_app
from tests.conftest import BACKEND, TEST_PASSWORD, _BoundDatabase, log_path, register_and_login
from tests.support import admin_execute, fresh_database, migrate

ClientFactory = Callable[..., TestClient]


@pytest.fixture
def make_client(settings: Settings, connection: Connection, migrated_engine: Any) -> Iterator[ClientFactory]:
    """A client on an app built from a copy of the test settings with some fields changed."""
    opened: list[tuple[TestClient, Any]] = []

    def build(**overrides: Any) -> TestClient:
        app = create_app(settings.model_copy(update=overrides), store=MemoryStore())
        app.state.db = _BoundDatabase(app.state.db, connection)
        client = TestClient(app)
        client.__enter__()
        opened.append((client, app))
        return client

    yield build
    for client, app in opened:
        client.__exit__(None, None, None)
        app.state.db.dispose()


def test_health_shape(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"status", "timestamp", "uptime"}
    assert body["status"] == "healthy"
    assert isinstance(body["uptime"], int | float) and body["uptime"] >= 0
    assert "T" in body["timestamp"]


def test_detailed_health_reports_database_latency(client: TestClient) -> None:
    response = client.get("/api/health/detailed")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "healthy"
    database = body["checks"]["database"]
    assert database["status"] == "healthy"
    assert database["dialect"] == BACKEND
    assert 0 < database["latency_ms"] < 5000
    assert {"size", "checked_out", "checked_in", "overflow"} <= set(body["checks"]["database_pool"])
    assert body["checks"]["database_pool"]["overflow"] >= 0


def _app_settings(settings: Settings, database_url: str) -> Settings:
    return settings.model_copy(update={"database_url": database_url})


def test_detailed_health_is_503_when_the_database_is_unreachable(settings: Settings, tmp_path: Path) -> None:
    unreachable = (
        "postgresql+psycopg://nobody@127.0.0.1:1/diet_planner"
        if BACKEND == "postgresql"
        else f"sqlite:///{tmp_path}"  # a directory: SQLite cannot open it
    )
    app = create_app(_app_settings(settings, unreachable), store=MemoryStore())
    with TestClient(app) as client:
        assert client.get("/api/health").status_code == 200  # the process itself is alive
        response = client.get("/api/health/detailed")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unhealthy"
        assert body["checks"]["database"]["status"] == "unhealthy"
        assert body["checks"]["database"]["latency_ms"] is None
        metrics = client.get("/api/metrics").text
        assert "database_up 0.0" in metrics
        assert "database_connections_active 0.0" in metrics
        # A data endpoint answers 503 in the contract's shape, not 500.
        login = client.post("/api/auth/login", json={"email": "a@example.com", "password": TEST_PASSWORD})
        assert login.status_code == 503
        assert "database is unavailable" in login.json()["detail"]
    app.state.db.dispose()


def test_detailed_health_recovers_without_restart(settings: Settings, tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="outage") as url:
        if BACKEND == "sqlite":
            # The database path is a directory (unopenable) until it is removed; then SQLite creates the file.
            blocker = Path(url.split("///", 1)[1])
            blocker.mkdir()
        else:
            migrate(url)
        app = create_app(_app_settings(settings, url), store=MemoryStore())
        name = url.rsplit("/", 1)[1]
        with TestClient(app) as client:
            if BACKEND == "sqlite":
                assert client.get("/api/health/detailed").status_code == 503
                blocker.rmdir()
            else:
                assert client.get("/api/health/detailed").status_code == 200
                admin_execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
                admin_execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'")
                try:
                    assert client.get("/api/health/detailed").status_code == 503
                finally:
                    admin_execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
            response = client.get("/api/health/detailed")
            assert response.status_code == 200, response.text
            assert response.json()["checks"]["database"]["status"] == "healthy"
        app.state.db.dispose()


def test_metrics_expose_the_guide_names(client: TestClient) -> None:
    client.get("/api/health")
    client.get("/api/users/me")  # a 401, counted as an error
    response = client.get("/api/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    for name in (
        "request_count_total",
        "error_count_total",
        "uptime",
        "http_request_duration_seconds_bucket",
        "http_request_duration_seconds_count",
        "database_connections_active",
        "database_up 1.0",
    ):
        assert name in text, name
    assert 'request_count_total{method="GET",route="/api/health",status="200"}' in text
    assert 'error_count_total{method="GET",route="/api/users/me",status="401"}' in text
    # The guide's daily checklist greps these names; no `_created` epoch series clutter the answer.
    assert any(line.startswith(("error_count", "request_count", "uptime")) for line in text.splitlines())
    assert "_created" not in text
    # Overflow counts connections beyond the pool (SQLAlchemy's own counter starts at -pool_size).
    overflow = next(line for line in text.splitlines() if line.startswith("database_pool_overflow "))
    assert float(overflow.split()[1]) >= 0


def test_performance_lists_slow_requests(make_client: ClientFactory, settings: Settings) -> None:
    client = make_client(slow_request_ms=0.0)
    client.get("/api/health")
    report = client.get("/api/performance").json()
    assert report["thresholds"]["slow_request_ms"] == 0.0
    paths = [entry["path"] for entry in report["slow_requests"]]
    assert "/api/health" in paths
    entry = report["slow_requests"][paths.index("/api/health")]
    assert entry["method"] == "GET" and entry["status"] == 200 and entry["duration_ms"] >= 0
    assert "slow_queries" in report
    assert "Slow request GET /api/health" in log_path(settings).read_text()


def test_ops_token_guards_detailed_health_metrics_and_performance(make_client: ClientFactory) -> None:
    client = make_client(ops_token="ops-secret-for-tests")
    for path in ("/api/health/detailed", "/api/metrics", "/api/performance"):
        assert client.get(path).status_code == 401, path
        assert client.get(path, headers={"Authorization": "Bearer wrong"}).status_code == 401, path
        good = client.get(path, headers={"Authorization": "Bearer ops-secret-for-tests"})
        assert good.status_code == 200, path
    assert client.get("/api/health").status_code == 200  # the load balancer's check stays open


def test_security_headers_and_csp(client: TestClient) -> None:
    response = client.get("/api/health")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["x-request-id"]
    web = client.get("/some/client/route")
    assert "script-src 'self'" in web.headers["content-security-policy"]


def test_cors_only_for_configured_origins(make_client: ClientFactory) -> None:
    client = make_client(cors_origins=["https://app.example.com"])
    preflight = {"Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"}
    allowed = client.options("/api/auth/login", headers={"Origin": "https://app.example.com", **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "https://app.example.com"
    denied = client.options("/api/auth/login", headers={"Origin": "https://evil.example.com", **preflight})
    assert "access-control-allow-origin" not in denied.headers
    simple = client.get("/api/health", headers={"Origin": "https://evil.example.com"})
    assert "access-control-allow-origin" not in simple.headers
    assert client.get("/api/health", headers={"Origin": "https://app.example.com"}).headers[
        "access-control-allow-origin"
    ] == ("https://app.example.com")


def test_bodies_over_one_megabyte_get_413(client: TestClient) -> None:
    big = b'{"email": "a@example.com", "password": "' + b"x" * 1_100_000 + b'"}'
    response = client.post("/api/auth/register", content=big, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "exceeds" in response.json()["detail"]
    # Without a Content-Length (chunked), the limit is enforced while reading.
    chunks = iter([b'{"email": "', b"x" * 600_000, b"x" * 600_000, b'"}'])
    response = client.post("/api/auth/register", content=chunks, headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    small = client.post("/api/auth/register", json={"email": "b@example.com", "password": "x" * 900})
    assert small.status_code != 413


def test_per_address_rate_limit_is_429_with_retry_after(make_client: ClientFactory, settings: Settings) -> None:
    client = make_client(rate_limit_per_minute=3)
    statuses = [client.get("/api/users/me").status_code for _ in range(3)]
    assert statuses == [401, 401, 401]
    limited = client.get("/api/users/me")
    assert limited.status_code == 429
    assert 0 < int(limited.headers["Retry-After"]) <= 60
    assert limited.json()["detail"]
    assert client.get("/api/health").status_code == 200  # health checks are exempt
    assert "Rate limit exceeded" in log_path(settings).read_text()


def test_login_events_are_logged_without_secrets(client: TestClient, settings: Settings) -> None:
    auth = register_and_login(client)
    client.post("/api/auth/login", json={"email": auth["email"], "password": "not-the-password-1"})
    text = log_path(settings).read_text()
    assert "Successful login" in text
    assert "Failed login" in text
    assert "not-the-password-1" not in text and TEST_PASSWORD not in text
    assert auth["Authorization"].split()[1] not in text


def test_production_writes_json_log_lines(settings: Settings, tmp_path: Path) -> None:
    log_file = tmp_path / "prod.log"
    prod = Settings(
        _env_file=None,  # type: ignore[call-arg]
        app_env="production",
        secret_key="a-production-secret-that-is-long-enough-1234567890",
        ops_token="an-ops-token-for-the-production-test",
        database_url=settings.database_url,
        log_file=log_file,
        web_build_dir=tmp_path,
        rate_limit_per_minute=100_000,
    )
    assert prod.log_json is True
    app = create_app(prod, store=MemoryStore())
    with TestClient(app) as client:
        client.get("/api/health")  # a passing health probe is not logged at all
        client.post(
            "/api/auth/login",
            json={"email": "nobody@example.com", "password": "wrong-password-zz"},
            headers={"X-Request-ID": "prodcheck1"},
        )
    app.state.db.dispose()
    lines = [line for line in log_path(prod).read_text().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # every line is one JSON object
    assert all({"timestamp", "level", "request_id", "message"} <= set(entry) for entry in entries)
    assert any(entry["request_id"] == "prodcheck1" for entry in entries)
    assert any(entry["message"].startswith("Failed login") for entry in entries)


def test_health_answers_the_same_with_or_without_an_origin(client: TestClient) -> None:
    # A plain probe is answered by the middleware's fast lane, one with Origin by the router: one contract.
    plain = client.get("/api/health")
    cors = client.get("/api/health", headers={"Origin": "https://elsewhere.example.com"})
    assert plain.json().keys() == cors.json().keys() == {"status", "timestamp", "uptime"}
    assert plain.headers["content-type"] == cors.headers["content-type"] == "application/json"
    assert plain.headers["vary"] == "Origin" and plain.headers["x-frame-options"] == "DENY"


def test_the_web_app_answers_head_as_it_answers_get(settings: Settings, tmp_path: Path) -> None:
    """Uptime monitors and link checkers ask with HEAD: the page, a client route and an asset answer 200 with the
    headers GET gives and no body (they answered 405); the API's own paths are unchanged."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Diet Planner</title>", encoding="utf-8")
    (tmp_path / "assets" / "app.js").write_text("console.log('diet planner')", encoding="utf-8")
    app = create_app(settings.model_copy(update={"web_build_dir": tmp_path}), store=MemoryStore())
    with TestClient(app) as client:
        for path in ("/", "/diary/2026-12-05", "/assets/app.js"):
            got, head = client.get(path), client.head(path)
            assert got.status_code == head.status_code == 200, (path, head.status_code)
            assert head.content == b""
            assert head.headers["content-length"] == got.headers["content-length"]
            assert head.headers["cache-control"] == got.headers["cache-control"]
        assert client.head("/api/health").status_code == 405  # the API's GET routes: as before
        assert client.get("/api/nothing-here").status_code == 404
    app.state.db.dispose()
