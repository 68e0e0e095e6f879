"""Who a request counts against for the per-minute rate limit: the account of a valid bearer token, else the
client address (one office behind one NAT is many people; one person with many addresses is one account)."""

from __future__ import annotations

from starlette.types import Scope

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
