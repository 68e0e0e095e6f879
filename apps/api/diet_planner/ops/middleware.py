"""One ASGI middleware for every request: request id, access log, metrics, slow-request tracking,
per-account or per-address rate limit, body-size limit and security headers; and a fast lane for the two
answers that need no framework at all (the health probe, a cached anonymous food search)."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from diet_planner.core import freshness
from diet_planner.core.cache import (
    DIARY_STAMP_SCOPE_KEY,
    DiaryStamp,
    ResponseCache,
    StampedCache,
    anonymous_search_key,
    diary_day_key,
)
from diet_planner.core.errors import ServiceUnavailable
from diet_planner.core.kv import KeyValueStore
from diet_planner.core.logging import get_logger, log_request, request_id_var
from diet_planner.core.security import AccessClaims, decode_access_token
from diet_planner.ops.metrics import Metrics, health_document
from diet_planner.ops.performance import PerformanceTracker
from diet_planner.ops.ratelimit import SharedRateLimit, rate_limit_key

log = get_logger("http")

# The built web app is a Vite bundle: scripts and styles from our own origin only.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
# Swagger UI at /api/docs loads its bundle from a CDN.
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: https://fastapi.tiangolo.com; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
EXEMPT_FROM_RATE_LIMIT = ("/api/health", "/api/metrics")
HEALTH_PATH = "/api/health"
FOOD_SEARCH_PATH = "/api/foods"
DIARY_DAY_PREFIX = "/api/diary/"
DIARY_DAY_ROUTE = "/api/diary/{day}"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
# What the CORS middleware adds to an answer to a request without an Origin header.
VARY_ORIGIN = (b"vary", b"Origin")


def _bearer_token(authorization: bytes | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(b" ")
    text = token.strip().decode("latin-1")
    return text if scheme.lower() == b"bearer" and text else None


def _bearer_claims(authorization: bytes | None, secret_key: str) -> AccessClaims | None:
    token = _bearer_token(authorization)
    return decode_access_token(token, secret_key) if token else None


class RequestTooLarge(Exception):
    pass


async def _send_json(send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _send_body(send: Send, payload: bytes, headers: list[tuple[bytes, bytes]], status: int = 200) -> None:
    """A JSON answer with the headers, in the order, that the framework's path gives it."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-length", str(len(payload)).encode()),
                (b"content-type", b"application/json"),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


# A write answered before the framework (POST path -> handler): the handler gets the scope and the whole body and
# answers a 201's body, or None to hand the request to the framework (which then reads the same body).
FastPost = Callable[[Scope, bytes], Awaitable[bytes | None]]


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body; None if the client went away first."""
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """`receive` for the framework after the fast lane read the body: the body first, then the client's own."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]

    async def replayed() -> Message:
        return pending.pop() if pending else await receive()

    return replayed


class OperationsMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics,
        performance: PerformanceTracker,
        store: KeyValueStore,
        max_body_bytes: int,
        rate_limit_per_minute: int,
        secret_key: str,
        search_cache: ResponseCache | None = None,
        diary_cache: StampedCache | None = None,
        fast_posts: dict[str, FastPost] | None = None,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.performance = performance
        self.store = store
        self.max_body_bytes = max_body_bytes
        self.rate_limit_per_minute = rate_limit_per_minute
        self.rate_limit = SharedRateLimit(store, rate_limit_per_minute)
        self.secret_key = secret_key
        self.search_cache = search_cache
        self.diary_cache = diary_cache
        self.fast_posts = fast_posts or {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        incoming_id = headers.get(b"x-request-id", b"").decode("latin-1")[:64]
        # 64 random bits name a request in the logs; uuid4 read the kernel's random source on every request.
        request_id = incoming_id if incoming_id.replace("-", "").isalnum() else f"{random.getrandbits(64):016x}"
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        path: str = scope.get("path", "")
        method: str = scope.get("method", "GET")
        status_holder = {"status": 500}
        # A request that may write: the people it changes get new state stamps (core/freshness.py) once its
        # transaction is committed, before its answer goes out, so no worker serves what they remembered.
        changed: set[int] | None = None
        changed_token = None
        if method not in SAFE_METHODS:
            changed = set()
            changed_token = freshness.changed_users.set(changed)
            claims = _bearer_claims(headers.get(b"authorization"), self.secret_key)
            if claims is not None:
                changed.add(claims.user_id)
        fast_route: str | None = None
        extra_headers = [(b"x-request-id", request_id.encode()), *SECURITY_HEADERS]
        csp = DOCS_CSP if path.startswith("/api/docs") or path.startswith("/api/redoc") else CONTENT_SECURITY_POLICY
        extra_headers.append((b"content-security-policy", csp.encode()))

        too_large = {"hit": False, "sent": False}

        async def send_wrapper(message: Message) -> None:
            # FastAPI turns an error while reading the body into a 400; an oversized body is a 413.
            if too_large["hit"]:
                if message["type"] == "http.response.start" and not too_large["sent"]:
                    too_large["sent"] = True
                    status_holder["status"] = 413
                    await _send_json(
                        send, 413, {"detail": f"Request body exceeds {self.max_body_bytes} bytes"}, extra_headers
                    )
                return
            if message["type"] == "http.response.start":
                if changed:
                    self._replace_stamps(changed, scope)
                status_holder["status"] = message["status"]
                message["headers"] = list(message.get("headers", [])) + extra_headers
            await send(message)

        try:
            declared = headers.get(b"content-length")
            if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
                status_holder["status"] = 413
                await _send_json(
                    send, 413, {"detail": f"Request body exceeds {self.max_body_bytes} bytes"}, extra_headers
                )
                return
            if path.startswith("/api/") and not path.startswith(EXEMPT_FROM_RATE_LIMIT):
                client = scope.get("client")
                address = client[0] if client else "unknown"
                key = rate_limit_key(scope, self.secret_key)
                allowed, retry_after = self.rate_limit.hit(key)
                if not allowed:
                    status_holder["status"] = 429
                    log.warning("Rate limit exceeded for %s address=%s path=%s", key[5:], address, path)
                    await _send_json(
                        send,
                        429,
                        {"detail": "Rate limit exceeded; slow down"},
                        [(b"retry-after", str(retry_after).encode()), *extra_headers],
                    )
                    return
            # Without Origin (CORS adds nothing but Vary) and Authorization (the answer is nobody's own), the
            # health probe and a repeated anonymous search are answered here: route matching, dependency
            # solving, validation and the database session were most of their cost (bench_load's profile).
            if method == "GET" and b"origin" not in headers and b"authorization" not in headers:
                body = self._fast_answer(path, scope)
                if body is not None:
                    fast_route = path
                    status_holder["status"] = 200
                    await _send_body(send, body, [VARY_ORIGIN, *extra_headers])
                    return
            # A signed-in diary day that this worker rendered, still true for its owner (fast lane, as above).
            elif method == "GET" and path.startswith(DIARY_DAY_PREFIX) and b"origin" not in headers:
                body = self._diary_answer(path, scope, headers.get(b"authorization"))
                if body is not None:
                    fast_route = DIARY_DAY_ROUTE
                    status_holder["status"] = 200
                    await _send_body(send, body, [VARY_ORIGIN, *extra_headers])
                    return
            # A meal-log write (the most frequent one), without Origin (CORS adds only Vary) and with its length
            # declared (checked against the limit above): its handler answers it here when all goes well.
            elif (
                method == "POST"
                and (fast_post := self.fast_posts.get(path)) is not None
                and b"origin" not in headers
                and declared is not None
                and headers.get(b"content-type", b"").split(b";")[0].strip() == b"application/json"
            ):
                body = await _read_body(receive)
                if body is None:
                    return
                try:
                    answer = await fast_post(scope, body)
                except ServiceUnavailable as busy:  # its outcome is unknown: told to come back, not written again
                    status_holder["status"] = 503
                    retry = [(name.lower().encode(), value.encode()) for name, value in (busy.headers or {}).items()]
                    await _send_json(send, 503, {"detail": busy.detail}, [*retry, *extra_headers])
                    return
                if answer is not None:
                    fast_route = path
                    status_holder["status"] = 201
                    if changed:
                        self._replace_stamps(changed, scope)  # committed: stamps first, then the answer
                    await _send_body(send, answer, [VARY_ORIGIN, *extra_headers], status=201)
                    return
                receive = _replay(body, receive)
            await self.app(scope, self._limited_receive(receive, too_large), send_wrapper)
        except RequestTooLarge:
            status_holder["status"] = 413
            if not too_large["sent"]:
                too_large["sent"] = True
                await _send_json(
                    send, 413, {"detail": f"Request body exceeds {self.max_body_bytes} bytes"}, extra_headers
                )
        finally:
            if changed:
                self._replace_stamps(changed, scope)
            if changed_token is not None:
                freshness.changed_users.reset(changed_token)
            duration = time.perf_counter() - started
            route = scope.get("route")
            route_label = (
                fast_route or getattr(route, "path", None) or ("static" if not path.startswith("/api") else "unmatched")
            )
            status = status_holder["status"]
            self.metrics.observe(method, route_label, status, duration)
            self.performance.record_request(method, path, status, duration * 1000)
            # A load balancer's health probe every few seconds is not worth a line (nor its cost under load);
            # a failing or slow one is still logged.
            if status == 503:  # busy: the request was told to come back (Retry-After), nothing failed
                log_request(logging.WARNING, request_id, method, path, status, duration * 1000)
            elif status >= 500:
                log_request(logging.ERROR, request_id, method, path, status, duration * 1000)
            elif path != "/api/health" or status >= 300:
                log_request(logging.INFO, request_id, method, path, status, duration * 1000)
            request_id_var.reset(token)

    def _fast_answer(self, path: str, scope: Scope) -> bytes | None:
        if path == HEALTH_PATH:
            return json.dumps(health_document(self.metrics), separators=(",", ":")).encode()
        if path == FOOD_SEARCH_PATH and self.search_cache is not None:
            return self.search_cache.get(anonymous_search_key(scope.get("query_string", b"")))
        return None

    def _diary_answer(self, path: str, scope: Scope, authorization: bytes | None) -> bytes | None:
        """The cached rendering of this person's diary day, if their token is valid and not revoked, its sign-in
        session was found live, and nothing of theirs changed since (one round trip to the shared store)."""
        if self.diary_cache is None:
            return None
        token = _bearer_token(authorization)
        claims = decode_access_token(token, self.secret_key) if token else None
        if token is None or claims is None:
            return None
        try:
            stamp, revoked, live = freshness.session_at_stamp(self.store, claims.user_id, claims.jti, claims.family)
        except Exception:  # the shared store is down: the framework's path answers (or explains) it
            return None
        if revoked or stamp is None:
            return None
        scope[DIARY_STAMP_SCOPE_KEY] = DiaryStamp(claims.user_id, stamp, token, claims, live)
        if not live:
            return None
        return self.diary_cache.get(diary_day_key(claims.user_id, path, scope.get("query_string", b"")), stamp)

    def _replace_stamps(self, changed: set[int], scope: Scope) -> None:
        # A request that ended no sign-in session (a meal log) keeps its session known live across its own
        # write when nothing else replaced the stamp meanwhile: its next request skips the database check.
        live = scope.get(freshness.LIVE_SESSION_SCOPE_KEY)
        freshness.replace_stamps(self.store, changed, [live] if live is not None else [], self._forget)
        changed.clear()

    def _forget(self) -> None:
        if self.diary_cache is not None:
            self.diary_cache.clear()

    def _limited_receive(self, receive: Receive, too_large: dict[str, bool]) -> Receive:
        received = 0
        limit = self.max_body_bytes

        async def wrapped() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large["hit"] = True
                    raise RequestTooLarge()
            return message

        return wrapped
