"""Health, metrics and performance endpoints of the operations guide."""

from __future__ import annotations

import hmac
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST

from diet_planner import __version__
from diet_planner.core.errors import Unauthorized
from diet_planner.ops.metrics import health_document

router = APIRouter(prefix="/api", tags=["operations"])


def _require_ops_token(request: Request) -> None:
    expected: str | None = request.app.state.settings.ops_token
    if not expected:
        return
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    # Compared as bytes: compare_digest refuses non-ASCII str (a 500), and any header can carry Latin-1.
    presented = token.strip().encode("latin-1", "replace")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented, expected.encode("utf-8")):
        raise Unauthorized("This endpoint needs Authorization: Bearer $OPS_TOKEN")


@router.get("/health")
async def health(request: Request) -> dict[str, Any]:
    # async: nothing here blocks, so no hop to the thread pool (load balancers call this often). A plain GET
    # without Origin is answered by the middleware's fast lane with the same document (ops/middleware.py).
    return health_document(request.app.state.metrics)


@router.get("/health/detailed", responses={503: {"description": "A dependency is down"}})
def health_detailed(request: Request) -> JSONResponse:
    _require_ops_token(request)
    state = request.app.state
    checks: dict[str, Any] = {}
    try:
        latency = state.db.ping()
        checks["database"] = {"status": "healthy", "latency_ms": round(latency, 2), "dialect": state.db.dialect}
    except Exception as error:  # any driver error means "down" here
        checks["database"] = {"status": "unhealthy", "latency_ms": None, "error": type(error).__name__}
    if state.settings.redis_url:
        try:
            state.kv.ping()
            checks["redis"] = {"status": "healthy"}
        except Exception as error:
            checks["redis"] = {"status": "unhealthy", "error": type(error).__name__}
    pool = state.db.pool_status()
    checks["database_pool"] = {"status": "healthy", **pool}
    healthy = all(check["status"] == "healthy" for check in checks.values())
    body = {
        "status": "healthy" if healthy else "unhealthy",
        "timestamp": datetime.now(UTC).isoformat(),
        "uptime": round(state.metrics.uptime_seconds, 1),
        "checks": checks,
        "version": __version__,
        "environment": state.settings.app_env.value,
    }
    return JSONResponse(body, status_code=200 if healthy else 503)


@router.get("/metrics", response_class=Response)
def metrics(request: Request) -> Response:
    _require_ops_token(request)
    return Response(request.app.state.metrics.render(), media_type=CONTENT_TYPE_LATEST)


@router.get("/performance")
def performance(request: Request) -> dict[str, Any]:
    _require_ops_token(request)
    return dict(request.app.state.performance.report())
