"""POST /api/recipes/import {url}: server-side request forgery attempts, each refused before anything private
is reached; and the caps on size and time. A real HTTP server on 127.0.0.1 stands in for a public site (the
policy is told that its one address is public), so redirects, big and slow bodies are real."""

from __future__ import annotations

import ipaddress
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from diet_planner.foods import fetch
from diet_planner.foods.fetch import FetchFailed, FetchRefused, SafeFetcher
from tests.recipes.fixture_set import FIXTURES
from tests.recipes.pages import serve

TEST_SITE = ipaddress.ip_address("127.0.0.1")


def _site_is_public(address: Any) -> bool:
    """The default policy, except that the test server's own address stands in for a public site."""
    return address == TEST_SITE or fetch.public_address(address)


def _no_dns(host: str, port: int) -> list[str]:
    raise AssertionError(f"{host} should have been refused before any DNS lookup")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://127.1.2.3:8080/admin",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "http://[fe80::1]/",
        "http://10.0.0.5/",
        "http://172.16.3.4/",
        "http://192.168.1.1/",
        "http://100.64.0.1/",  # shared address space (carrier-grade NAT)
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped loopback
        "http://[::ffff:a9fe:a9fe]/",  # IPv4-mapped metadata address
        "http://[64:ff9b::7f00:1]/",  # NAT64 of loopback
        "http://224.0.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_private_loopback_link_local_and_reserved_addresses_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused):
        SafeFetcher(resolve=_no_dns).fetch(url)


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/recipe", "gopher://example.com/", "http://user:secret@example.com/"],
)
def test_other_schemes_and_credentials_in_the_url_are_refused(url: str) -> None:
    with pytest.raises(FetchRefused):
        SafeFetcher(resolve=_no_dns).fetch(url)


def test_a_hostname_that_resolves_to_loopback_or_a_private_address_is_refused() -> None:
    with pytest.raises(FetchRefused, match=r"127\.0\.0\.1"):
        SafeFetcher(resolve=lambda host, port: ["127.0.0.1"]).fetch("http://recipes.example/pie")
    # One public and one private answer: refused (the connection could be steered to either).
    with pytest.raises(FetchRefused, match=r"10\.1\.2\.3"):
        SafeFetcher(resolve=lambda host, port: ["93.184.216.34", "10.1.2.3"]).fetch("http://recipes.example/pie")
    # The machine's own resolver on "localhost".
    with pytest.raises(FetchRefused):
        SafeFetcher().fetch("http://localhost/")


def test_the_connection_goes_to_the_address_that_was_checked() -> None:
    """Resolve once: a second, different DNS answer (rebinding) is never used."""
    with serve({"/pie": ("page", "<html>pie</html>")}) as server:
        answers = iter([["127.0.0.1"], ["10.9.9.9"]])
        port = server.server_address[1]
        page = SafeFetcher(resolve=lambda host, p: next(answers), allowed=_site_is_public).fetch(
            f"http://recipes.example:{port}/pie"
        )
        assert page.body == b"<html>pie</html>"
        assert server.seen[0][1]["Host"] == f"recipes.example:{port}"


@pytest.mark.parametrize(
    "target",
    [
        "http://[::1]:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
        "http://internal.example:{port}/secret",  # resolves to a private address
        "file:///etc/passwd",
    ],
)
def test_a_redirect_to_a_private_address_is_refused(target: str) -> None:
    with serve({"/recipe": ("redirect", "")}) as server:
        port = server.server_address[1]
        server.routes["/recipe"] = ("redirect", target.format(port=port))

        def resolve(host: str, p: int) -> list[str]:
            return {"site.example": ["127.0.0.1"], "internal.example": ["192.168.0.10"]}[host]

        fetcher = SafeFetcher(resolve=resolve, allowed=_site_is_public)
        with pytest.raises(FetchRefused):
            fetcher.fetch(f"http://site.example:{port}/recipe")
        assert [path for path, _ in server.seen] == ["/recipe"]


def test_too_many_redirects_fail() -> None:
    with serve({"/loop": ("redirect", "/loop")}) as server, pytest.raises(FetchFailed, match="redirects"):
        SafeFetcher(allowed=_site_is_public).fetch(f"http://127.0.0.1:{server.server_address[1]}/loop")


def test_an_oversized_body_is_cut_off() -> None:
    with serve({"/huge": ("huge", 100), "/declared": ("huge-declared", 50_000_000)}) as server:
        fetcher = SafeFetcher(max_bytes=200_000, allowed=_site_is_public)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        with pytest.raises(FetchFailed, match="larger than"):
            fetcher.fetch(f"{base}/huge")
        with pytest.raises(FetchFailed, match="larger than"):
            fetcher.fetch(f"{base}/declared")


def test_a_slow_body_is_cut_off_at_the_deadline() -> None:
    with serve({"/slow": ("slow", 100)}) as server:
        fetcher = SafeFetcher(timeout_s=1.0, allowed=_site_is_public)
        started = time.monotonic()
        with pytest.raises(FetchFailed, match="longer than"):
            fetcher.fetch(f"http://127.0.0.1:{server.server_address[1]}/slow")
        assert time.monotonic() - started < 3.0


def test_url_import_is_off_unless_the_server_enables_it(client: TestClient, auth_headers: dict[str, str]) -> None:
    response = client.post("/api/recipes/import", json={"url": "https://example.com/pie"}, headers=auth_headers)
    assert response.status_code == 403
    assert "RECIPE_IMPORT_FETCH" in response.json()["detail"]


def test_url_import_through_the_api(
    client: TestClient, auth_headers: dict[str, str], settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "recipe_import_fetch", True)
    # With the default policy even the test server is refused: it is on loopback.
    with serve({"/dal": ("page", (FIXTURES / "02-red-lentil-dal.html").read_text())}) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/dal"
        response = client.post("/api/recipes/import", json={"url": url}, headers=auth_headers)
        assert response.status_code == 422 and "refused" in response.json()["detail"]
        assert server.seen == []
        response = client.post(
            "/api/recipes/import", json={"url": "http://169.254.169.254/latest/"}, headers=auth_headers
        )
        assert response.status_code == 422
        # Standing in for a public site: fetched, parsed, and nothing of the caller's is sent along.
        monkeypatch.setattr(fetch, "public_address", _site_is_public)
        response = client.post(
            "/api/recipes/import", json={"url": url}, headers={**auth_headers, "Cookie": "refresh=secret"}
        )
        assert response.status_code == 200, response.text
        assert response.json()["name"] == "Red Lentil Dal"
        assert response.json()["source_url"] == url
        headers = {key.lower() for key in server.seen[-1][1]}
        assert "authorization" not in headers and "cookie" not in headers
