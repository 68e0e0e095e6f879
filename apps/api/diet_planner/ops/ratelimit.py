"""Who a request counts against for the per-minute rate limit: the account of a valid bearer token, else the
client address (one office behind one NAT is many people; one person with many addresses is one account)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from starlette.types import Scope

from diet_planner.core.kv import KeyValueStore
from diet_planner.core.security import decode_access_token


def rate_limit_key(scope: Scope, secret_key: str) -> str:
    """`rate:user:<id>` for a request whose access token verifies (signature and expiry: cheap, no database),
    `rate:addr:<address>` otherwise. The address is the ASGI peer, which uvicorn has already replaced with the
    forwarded client only when the peer is a trusted proxy (FORWARDED_ALLOW_IPS)."""
    for name, value in scope.get("headers") or []:
        if name == b"authorization":
            scheme, _, token = value.partition(b" ")
            if scheme.lower() == b"bearer" and token:
                claims = decode_access_token(token.strip().decode("latin-1"), secret_key)
                if claims is not None:
                    return f"rate:user:{claims.user_id}"
            break
    client = scope.get("client")
    return f"rate:addr:{client[0] if client else 'unknown'}"


@dataclass
class _Lease:
    number: int  # the shared count of the last hit served from this lease
    left: int  # hits reserved in the shared counter and not yet served
    expires: float  # monotonic time the shared window ends


class SharedRateLimit:
    """`limit` requests a minute per key, counted in the store every worker (and replica) shares.

    Touching the shared store on every request was a tenth of a signed-in read's cost under load (one SQLite
    write per request, on the event loop, waiting for the other workers' writes; bench_load's profile), so a
    worker reserves hits in batches of `batch` and serves them from its own memory. A reserved hit counts at
    once for every worker, so the limit is never exceeded: at worst a key is refused up to `batch - 1` hits
    early per worker. Small limits (under 100 a minute) are counted one by one, exactly as before."""

    def __init__(self, store: KeyValueStore, limit: int, window_s: int = 60) -> None:
        self.store = store
        self.limit = limit
        self.window_s = window_s
        self.batch = max(1, min(16, limit // 100))
        self._leases: dict[str, _Lease] = {}

    def hit(self, key: str) -> tuple[bool, int]:
        """(allowed, seconds until the window ends)."""
        now = time.monotonic()
        lease = self._leases.get(key)
        if lease is None or lease.left <= 0 or lease.expires <= now:
            count, seconds_left = self.store.incr_window(key, self.window_s, self.batch)
            lease = _Lease(number=count - self.batch, left=self.batch, expires=now + seconds_left)
            if len(self._leases) >= 10_000:  # bound memory under address-spraying traffic
                self._leases = {k: v for k, v in self._leases.items() if v.expires > now}
            self._leases[key] = lease
        lease.number += 1
        lease.left -= 1
        return lease.number <= self.limit, max(1, int(lease.expires - now + 0.999))
