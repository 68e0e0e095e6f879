"""Fetching a recipe page for POST /api/recipes/import {url}, safely (server-side request forgery).

The server fetches on a person's behalf, so a URL must never reach what only the server can: its own
loopback, the private network behind it, a cloud's metadata service (169.254.169.254). Every hop (the URL
and each redirect) is checked: http or https only, no user:password@, the host resolved ONCE and every
address it resolves to must be public, and the connection goes to that checked address (so a DNS answer
that changes between check and connect cannot swap in a private one). No cookies or credentials are sent.
The body is read up to a size cap and within one deadline for the whole fetch (a slow drip is cut off)."""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

MAX_REDIRECTS = 5
CHUNK = 16_384
USER_AGENT = "DietPlannerRecipeImport/1.0 (+self-hosted; reads schema.org Recipe markup)"

Resolver = Callable[[str, int], Sequence[str]]  # host, port -> IP addresses
AddressPolicy = Callable[[ipaddress.IPv4Address | ipaddress.IPv6Address], bool]  # True: may connect


class FetchRefused(Exception):
    """The URL, or where it leads, is not one the server may fetch; the message says why."""


class FetchFailed(Exception):
    """The page could not be fetched (network error, HTTP error status, too big, too slow)."""


def public_address(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Only globally routable unicast: no private, loopback, link-local, shared (CGNAT), multicast, reserved or
    unspecified address, and no IPv4 hidden in an IPv6 one (::ffff:127.0.0.1, 64:ff9b::/96, 6to4)."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in ipaddress.IPv6Network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return public_address(embedded)
    return bool(
        address.is_global
        and not address.is_private
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
    )


def system_resolver(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FetchFailed(f"cannot resolve {host}: {error}") from None
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    body: bytes
    content_type: str


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        # The certificate is checked against the URL's host name, while the socket goes to the checked address.
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


@dataclass
class SafeFetcher:
    max_bytes: int = 2_000_000
    timeout_s: float = 10.0
    resolve: Resolver = system_resolver
    allowed: AddressPolicy = public_address

    def _checked(self, url: str) -> tuple[str, str, int, str, str]:
        """(scheme, host, port, path with query, address to connect to) of a URL the policy allows."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchRefused("only http and https URLs can be imported")
        if parts.username is not None or parts.password is not None:
            raise FetchRefused("a URL with a user name or password is not fetched")
        host = parts.hostname
        if not host:
            raise FetchRefused("the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchRefused("the URL's port is not a number from 1 to 65535") from None
        try:
            literal: ipaddress.IPv4Address | ipaddress.IPv6Address | None = ipaddress.ip_address(host)
        except ValueError:
            literal = None
        addresses = [str(literal)] if literal is not None else list(self.resolve(host, port))
        if not addresses:
            raise FetchFailed(f"cannot resolve {host}")
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            if not self.allowed(address):
                raise FetchRefused(
                    f"{host} is at {address}, a private, loopback, link-local or reserved address: not fetched"
                )
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        return parts.scheme, host, port, path, addresses[0]

    def fetch(self, url: str) -> Page:
        deadline = time.monotonic() + self.timeout_s
        for _ in range(MAX_REDIRECTS + 1):
            scheme, host, port, path, address = self._checked(url)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchFailed(f"the page took longer than {self.timeout_s:g} s")
            kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
            connection = kind(host, port, address, timeout=min(remaining, self.timeout_s))
            try:
                connection.request(
                    "GET",
                    path,
                    headers={
                        "User-Agent": USER_AGENT,
                        "Accept": "text/html,application/xhtml+xml,application/ld+json;q=0.9,*/*;q=0.1",
                        "Accept-Encoding": "identity",
                        "Connection": "close",
                    },
                )
                response = connection.getresponse()
                if response.status in (301, 302, 303, 307, 308):
                    location = response.getheader("Location")
                    if not location:
                        raise FetchFailed(f"redirect {response.status} without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise FetchFailed(f"the site answered HTTP {response.status}")
                declared = response.getheader("Content-Length")
                if declared and declared.isdigit() and int(declared) > self.max_bytes:
                    raise FetchFailed(f"the page is larger than {self.max_bytes:,} bytes")
                body = self._read(connection, response, deadline)
                return Page(url=url, body=body, content_type=response.getheader("Content-Type") or "")
            except (OSError, http.client.HTTPException) as error:
                if isinstance(error, TimeoutError | socket.timeout):
                    raise FetchFailed(f"the page took longer than {self.timeout_s:g} s") from None
                raise FetchFailed(f"cannot fetch the page: {error}") from None
            finally:
                connection.close()
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")

    def _read(
        self, connection: http.client.HTTPConnection, response: http.client.HTTPResponse, deadline: float
    ) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise FetchFailed(f"the page took longer than {self.timeout_s:g} s")
            if connection.sock is not None:
                connection.sock.settimeout(remaining)  # no single read may outlast the whole fetch's deadline
            chunk = response.read1(CHUNK)
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchFailed(f"the page is larger than {self.max_bytes:,} bytes")
            chunks.append(chunk)
