"""Issue 14's edge attacks, each written as the attack: spoofed X-Forwarded-For, one NAT as one client,
a non-ASCII bearer, forged log lines, a production start without OPS_TOKEN, and the nginx/compose setups."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Connection

from diet_planner.core.config import Settings
from diet_planner.core.kv import MemoryStore
from diet_planner.main import create_app
from tests.conftest import TEST_PASSWORD, _BoundDatabase, log_path, register_and_login
from tests.support import ApiProcess, fresh_database, migrate, process_env

REPO = Path(__file__).resolve().parents[4]
INFRA = REPO / "infra"
PROD_SECRET = "a-production-secret-that-is-long-enough-1234567890"


def _prod_compose() -> dict[str, Any]:
    return dict(yaml.safe_load((INFRA / "docker-compose.prod.yml").read_text()))


@pytest.fixture
def app_client(settings: Settings, connection: Connection, migrated_engine: Any) -> Iterator[Any]:
    opened: list[tuple[TestClient, Any]] = []

    def build(address: str = "203.0.113.5", **overrides: Any) -> TestClient:
        app = create_app(settings.model_copy(update=overrides), store=MemoryStore())
        app.state.db = _BoundDatabase(app.state.db, connection)
        client = TestClient(app, client=(address, 40000))
        client.__enter__()
        opened.append((client, app))
        return client

    yield build
    for client, app in opened:
        client.__exit__(None, None, None)
        app.state.db.dispose()


# --- 4. Client-chosen addresses ---------------------------------------------------------------------------


def test_a_random_forwarded_for_per_request_does_not_escape_the_rate_limit(tmp_path: Path) -> None:
    """The production compose's FORWARDED_ALLOW_IPS, on a real server reached by a client that is not the proxy."""
    trusted = _prod_compose()["x-api"]["environment"]["FORWARDED_ALLOW_IPS"]
    with fresh_database(tmp_path, label="xff") as url:
        migrate(url)
        env = process_env(url, tmp_path, RATE_LIMIT_PER_MINUTE="5", FORWARDED_ALLOW_IPS=str(trusted))
        with ApiProcess(env) as api:
            statuses = [
                httpx.get(
                    f"{api.url}/api/users/me", headers={"X-Forwarded-For": f"198.51.100.{n}, 10.9.8.{n}"}
                ).status_code
                for n in range(1, 9)
            ]
        log_text = Path(env["LOG_FILE"]).read_text()
    assert statuses[:5] == [401] * 5
    assert statuses[5:] == [429] * 3, statuses
    assert "198.51.100." not in log_text, "a client-written address reached the log"


def test_production_refuses_to_trust_every_proxy(tmp_path: Path) -> None:
    with fresh_database(tmp_path, label="star") as url:
        migrate(url)
        env = process_env(url, tmp_path, APP_ENV="production", SECRET_KEY=PROD_SECRET, OPS_TOKEN="x" * 32)
        env["FORWARDED_ALLOW_IPS"] = "*"
        with pytest.raises(RuntimeError, match="FORWARDED_ALLOW_IPS"):
            ApiProcess(env).start(timeout_s=30)


def test_nginx_overwrites_forwarded_for_with_the_peer_it_saw() -> None:
    for conf in (INFRA / "nginx" / "nginx.conf", INFRA / "nginx" / "web.conf"):
        text = conf.read_text()
        assert "$proxy_add_x_forwarded_for" not in text, conf.name
        assert re.search(r"proxy_set_header\s+X-Forwarded-For\s+\$remote_addr;", text), conf.name


def test_the_prod_replicas_trust_only_nginx() -> None:
    compose = _prod_compose()
    trusted = str(compose["x-api"]["environment"]["FORWARDED_ALLOW_IPS"])
    assert trusted != "*" and "*" not in trusted
    nginx_address = compose["services"]["nginx"]["networks"]["default"]["ipv4_address"]
    assert nginx_address in trusted.split(",")
    render = yaml.safe_load((REPO / "render.yaml").read_text())
    for service in render["services"]:
        values = {var["key"]: var.get("value") for var in service.get("envVars", [])}
        if "FORWARDED_ALLOW_IPS" in values:
            assert values["FORWARDED_ALLOW_IPS"] != "*", service["name"]


def test_signed_in_requests_are_limited_per_account_not_per_address(app_client: Any) -> None:
    office = app_client("203.0.113.20", rate_limit_per_minute=4)
    colleague_a = register_and_login(office)  # 2 anonymous requests from the office address
    colleague_b = register_and_login(office)  # 2 more: the office's anonymous budget is spent
    assert office.get("/api/users/me").status_code == 429
    for auth in (colleague_a, colleague_b):  # each account has its own budget behind the one NAT
        for _ in range(4):
            assert office.get("/api/users/me", headers={"Authorization": auth["Authorization"]}).status_code == 200
        limited = office.get("/api/users/me", headers={"Authorization": auth["Authorization"]})
        assert limited.status_code == 429
    # A forged token does not buy a fresh budget: it counts against the address.
    forged = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"}
    assert office.get("/api/users/me", headers=forged).status_code == 429


# --- OPS_TOKEN, bearer parsing, log lines ------------------------------------------------------------------


@pytest.mark.parametrize("environment", ["staging", "production"])
def test_staging_and_production_refuse_to_start_without_ops_token(environment: str) -> None:
    with pytest.raises(ValueError, match="OPS_TOKEN"):
        Settings(_env_file=None, app_env=environment, secret_key=PROD_SECRET, ops_token=None)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="OPS_TOKEN"):
        Settings(_env_file=None, app_env=environment, secret_key=PROD_SECRET, ops_token="")  # type: ignore[call-arg]
    ok = Settings(_env_file=None, app_env=environment, secret_key=PROD_SECRET, ops_token="o" * 32)  # type: ignore[call-arg]
    assert ok.ops_token == "o" * 32


def test_a_non_ascii_bearer_is_401_not_500(app_client: Any) -> None:
    client = app_client(ops_token="ops-secret-for-tests")
    header = "Bearer caf\u00e9-\u00fc".encode("latin-1")
    for path in ("/api/metrics", "/api/health/detailed", "/api/users/me", "/api/performance"):
        response = client.get(path, headers={"Authorization": header})
        assert response.status_code == 401, (path, response.status_code, response.text)


def _log_lines(settings: Settings) -> list[str]:
    return log_path(settings).read_text().splitlines()


def test_user_input_cannot_forge_a_log_line(client: TestClient, settings: Settings) -> None:
    marker = uuid.uuid4().hex[:8]
    forged = f"2026-01-01 00:00:00,000 INFO [-] diet_planner.auth: Successful login user_id=1 address={marker}"
    client.post("/api/auth/login", json={"email": f"x@example.com\n{forged}", "password": "wrong-password-1"})
    client.post("/api/auth/login", json={"email": f"x@example.com\r{forged}", "password": "wrong-password-1"})
    client.get(f"/api/nothing%0A{forged.replace(' ', '%20')}")
    lines = _log_lines(settings)
    assert not [line for line in lines if line.startswith("2026-01-01")], "a request wrote a line of its own"
    # The attempt is still there, escaped on one line.
    assert any("Failed login" in line and "\\n2026-01-01" in line for line in lines)


def test_registration_and_logins_still_log_normally(client: TestClient, settings: Settings) -> None:
    auth = register_and_login(client)
    assert any("Successful login" in line for line in _log_lines(settings))
    assert client.post("/api/auth/login", json={"email": auth["email"], "password": TEST_PASSWORD}).status_code == 200


# --- nginx and the compose files -----------------------------------------------------------------------

WEB_HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


def _locations(conf: str) -> list[tuple[str, str]]:
    """Each `location` block's body (nginx drops the server's add_header where a location has its own)."""
    blocks: list[tuple[str, str]] = []
    for match in re.finditer(r"location\s+([^{]+)\{", conf):
        depth, index = 1, match.end()
        while depth:
            depth += {"{": 1, "}": -1}.get(conf[index], 0)
            index += 1
        blocks.append((match.group(1).strip(), conf[match.end() : index - 1]))
    return blocks


def _server_headers(conf: str) -> str:
    return "\n".join(line for line in conf.splitlines() if line.strip().startswith("add_header"))


@pytest.mark.parametrize("name", ["nginx.conf", "web.conf"])
def test_every_nginx_location_serving_the_web_app_sends_the_security_headers(name: str) -> None:
    conf = (INFRA / "nginx" / name).read_text()
    for location, body in _locations(conf):
        if "proxy_pass" in body or "return" in body or "deny all" in body:
            continue
        # A location with add_header of its own loses the server-level lines.
        present = body if "add_header" in body else _server_headers(conf)
        for header in WEB_HEADERS:
            assert header in present, f"{name} location {location} serves the web app without {header}"
    assert "frame-ancestors 'none'" in conf


def test_production_nginx_serves_tls_with_hsts_and_redirects_port_80() -> None:
    conf = (INFRA / "nginx" / "nginx.conf").read_text()
    assert re.search(r"listen\s+443\s+ssl", conf)
    assert re.search(r"return\s+301\s+https://\$host\$request_uri;", conf)
    assert re.search(r'add_header\s+Strict-Transport-Security\s+"max-age=\d{8,}; includeSubDomains"\s+always;', conf)
    assert "ssl_certificate " in conf and "ssl_certificate_key " in conf
    nginx = _prod_compose()["services"]["nginx"]
    assert "443:443" in nginx["ports"] and "80:80" in nginx["ports"]
    assert any("/etc/nginx/certs" in volume and volume.endswith(":ro") for volume in nginx["volumes"])


def test_dev_compose_publishes_on_loopback_only_and_has_no_known_secret() -> None:
    dev_text = (INFRA / "docker-compose.dev.yml").read_text()
    compose = yaml.safe_load(dev_text)
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), f"{name} publishes {port} on every interface"
    assert "dev-insecure-change-me" not in dev_text
    assert "diet_password" not in dev_text
