"""`create_app`: wires settings, database, shared store, middleware, routers and the web app."""

from __future__ import annotations

import gc
import math
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from starlette.exceptions import HTTPException as StarletteHTTPException

from diet_planner import __version__
from diet_planner.account.router import router as account_router
from diet_planner.auth.router import router as auth_router
from diet_planner.core.cache import ResponseCache, StampedCache
from diet_planner.core.config import Settings, get_settings
from diet_planner.core.db import Database
from diet_planner.core.errors import AppError
from diet_planner.core.kv import KeyValueStore, make_store
from diet_planner.core.logging import configure_logging, get_logger
from diet_planner.core.machine_writer import MachineWriterClient
from diet_planner.diary.router import foods_router as food_search_router
from diet_planner.diary.router import router as diary_router
from diet_planner.foods import service as foods_service
from diet_planner.foods.router import router as foods_router
from diet_planner.ops.metrics import Metrics
from diet_planner.ops.middleware import OperationsMiddleware
from diet_planner.ops.performance import PerformanceTracker
from diet_planner.ops.router import router as ops_router
from diet_planner.planner import highs_worker
from diet_planner.plans.router import meal_log_fast_lane
from diet_planner.plans.router import meal_logs as meal_logs_router
from diet_planner.plans.router import pantry as pantry_router
from diet_planner.plans.router import router as plans_router
from diet_planner.profiles.router import router as profiles_router
from diet_planner.targets.router import router as targets_router

log = get_logger("app")

ROUTERS = [
    ops_router,
    auth_router,
    account_router,
    profiles_router,
    targets_router,
    food_search_router,  # before foods_router: /api/foods/recent is not a food id
    foods_router,
    plans_router,
    pantry_router,
    meal_logs_router,
    diary_router,
]


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def _app_error(_: Request, error: AppError) -> JSONResponse:
        return JSONResponse(
            {"detail": error.detail, **error.extra}, status_code=error.status_code, headers=error.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_: Request, error: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(
            error.errors(),
            # NaN/Infinity (Python's json accepts them in a body) cannot be echoed back as JSON.
            custom_encoder={
                Exception: str,
                bytes: lambda b: b.decode("latin-1"),
                float: lambda f: f if math.isfinite(f) else str(f),
            },
        )
        if any(item.get("type") == "json_invalid" for item in errors):
            return JSONResponse({"detail": "Malformed JSON body: " + str(errors[0].get("msg", ""))}, status_code=400)
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, error: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            {"detail": error.detail}, status_code=error.status_code, headers=getattr(error, "headers", None)
        )

    @app.exception_handler(OperationalError)
    async def _db_down(_: Request, error: OperationalError) -> JSONResponse:
        log.error("Database unavailable: %s", type(error.orig).__name__ if error.orig else error)
        return JSONResponse(
            {"detail": "The database is unavailable; try again shortly"},
            status_code=503,
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(PoolTimeoutError)
    async def _pool_timeout(_: Request, error: PoolTimeoutError) -> JSONResponse:
        # The admission line keeps requests from waiting on the pool; a connection taken outside it (a health
        # probe) can still time out: the server is busy, not broken.
        log.warning("No database connection free in time: %s", error)
        return JSONResponse(
            {"detail": "The server is busy; try again shortly"}, status_code=503, headers={"Retry-After": "1"}
        )

    @app.exception_handler(OverflowError)
    async def _overflow(_: Request, error: OverflowError) -> JSONResponse:
        # An id or offset beyond 64 bits: SQLite's driver refuses to bind it (absurd input, not a server fault).
        return JSONResponse({"detail": "A number in the request is out of range"}, status_code=422)

    @app.exception_handler(DBAPIError)
    async def _db_error(_: Request, error: DBAPIError) -> JSONResponse:
        if isinstance(error, DataError):
            # PostgreSQL's answer to the same input ("integer out of range", "value too long").
            return JSONResponse({"detail": "A value in the request is out of range"}, status_code=422)
        if error.connection_invalidated:
            log.error("Database connection lost: %s", type(error.orig).__name__)
            return JSONResponse({"detail": "The database is unavailable; try again shortly"}, status_code=503)
        log.exception("Database error")
        return JSONResponse({"detail": "Internal server error"}, status_code=500)

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, error: Exception) -> JSONResponse:
        log.exception("Unhandled error: %s", type(error).__name__)
        return JSONResponse({"detail": "Internal server error"}, status_code=500)


def _warm_search(db: Database) -> None:
    """Before the worker takes requests: its first food search would otherwise build the search vocabulary
    (seconds of CPU), and a burst right after a start or restart waited behind it (bench_load: 503s)."""
    started = time.process_time()
    try:
        with db.session() as session:
            foods_service.warm_search(session)
    except Exception as error:  # no tables yet, database down: the first search builds it instead
        log.warning("Food search not warmed at start: %s", type(error).__name__)
        return
    log.info("Food search warmed in %.0f ms of CPU", 1000 * (time.process_time() - started))


def _mount_web_app(app: FastAPI, build_dir: Path) -> None:
    """Serve the built single-page app; unknown non-API paths get index.html so client routes reload."""
    root = build_dir.resolve()

    # HEAD too: uptime monitors and link checkers ask with it (FileResponse then sends the headers alone).
    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def web_app(path: str, request: Request) -> Response:
        if path.startswith("api/") or path == "api":
            if request.method == "HEAD":  # as before this route took HEAD: the API's routes answer GET alone
                return JSONResponse({"detail": "Method Not Allowed"}, status_code=405, headers={"Allow": "GET"})
            return JSONResponse({"detail": "Not Found"}, status_code=404)
        candidate = (root / path).resolve()
        if path and candidate.is_file() and candidate.is_relative_to(root):
            cache = "public, max-age=31536000, immutable" if path.startswith("assets/") else "no-cache"
            return FileResponse(candidate, headers={"Cache-Control": cache})
        index = root / "index.html"
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return JSONResponse(
            {"detail": "The web app is not built; run `make web` (or `make run`). The API is under /api."},
            status_code=404,
        )


def create_app(settings: Settings | None = None, *, store: KeyValueStore | None = None) -> FastAPI:
    settings = settings or get_settings()
    configure_logging(settings.log_file, level=settings.log_level, json_lines=bool(settings.log_json))
    db = Database(
        settings.sqlalchemy_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        queue_timeout_s=settings.db_queue_timeout_seconds,
        max_waiting=settings.db_queue_limit,
    )
    store = store or make_store(settings.redis_url, settings.shared_state_file)
    # The solver processes are shared out between this machine's workers, not started per worker.
    highs_worker.configure_pool(workers=settings.web_concurrency or 1)
    metrics = Metrics(db)
    performance = PerformanceTracker(settings.slow_request_ms, settings.slow_query_ms)
    performance.attach(db.engine)
    performance.on_slow_query.append(metrics.slow_queries.inc)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        log.info("Diet Planner %s starting (env=%s, db=%s)", __version__, settings.app_env.value, db.dialect)
        # Admitted requests must always find a worker thread (core/admission.py): keep the thread pool larger
        # than the admission line's capacity, with room for the requests that use no database.
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, db.admission.capacity + 16)
        highs_worker.pool().start()
        await anyio.to_thread.run_sync(_warm_search, db)
        # What start-up built (the search vocabulary, the planner's tables, the modules) lives as long as the
        # worker: out of the collector's way, where every full collection walked it again (2-3 % of a loaded
        # worker's event loop, py-spy). Given back at the end (an app started again in one process, as in tests).
        gc.freeze()
        yield
        gc.unfreeze()
        if machine_writer is not None:
            await machine_writer.close()
        db.dispose()

    app = FastAPI(
        title="Diet Planner API",
        version=__version__,
        description="Dietary Reference Intake targets, optimised meal plans, food diary and progress.",
        docs_url="/api/docs",
        redoc_url="/api/redoc",
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
        # No OpenTelemetry here: FastAPI's native telemetry would still check its providers on every request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
        debug=False,  # never render tracebacks to clients, even with DEBUG=True
    )
    app.state.settings = settings
    app.state.db = db
    app.state.kv = store
    app.state.metrics = metrics
    app.state.performance = performance
    app.state.search_cache = ResponseCache(settings.search_cache_seconds)
    app.state.diary_cache = StampedCache()
    app.state.shared_foods = foods_service.SharedFoods()
    machine_writer = MachineWriterClient(settings.machine_writer_socket) if settings.machine_writer_socket else None
    app.state.machine_writer = machine_writer

    _install_error_handlers(app)
    for router in ROUTERS:
        app.include_router(router)
    _document_error_detail(app)
    _mount_web_app(app, settings.web_build_dir)

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-Request-ID", "Idempotency-Key"],
        expose_headers=["X-Request-ID", "Retry-After"],
    )
    app.add_middleware(
        OperationsMiddleware,
        metrics=metrics,
        performance=performance,
        store=store,
        max_body_bytes=settings.max_body_bytes,
        rate_limit_per_minute=settings.rate_limit_per_minute,
        secret_key=settings.secret_key,
        search_cache=app.state.search_cache,
        diary_cache=app.state.diary_cache,
        fast_posts={"/api/meal-logs": meal_log_fast_lane(app.state)},
    )
    return app


def openapi_document(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _document_error_detail(app: FastAPI) -> None:
    """Our 422s carry either FastAPI's list of field errors or one sentence (a service's own check, an
    out-of-range number); FastAPI documents only the list, so clients generated from it would reject
    the sentence."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = generate()
            schema = document.get("components", {}).get("schemas", {}).get("HTTPValidationError")
            if schema is not None:
                listed = schema["properties"]["detail"]
                schema["properties"]["detail"] = {"anyOf": [{"type": "string"}, listed], "title": "Detail"}
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
