"""`CurrentUser`: the authenticated account of a request."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from diet_planner.auth import service
from diet_planner.core import freshness
from diet_planner.core.cache import DIARY_STAMP_SCOPE_KEY, DiaryStamp
from diet_planner.core.config import Settings
from diet_planner.core.db import Database
from diet_planner.core.dependencies import AppSettings, DbSession, SharedStore
from diet_planner.core.errors import Unauthorized
from diet_planner.core.kv import KeyValueStore
from diet_planner.core.security import AccessClaims
from diet_planner.users.models import User

bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/auth/login")


def current_user(
    request: Request,
    session: DbSession,
    settings: AppSettings,
    store: SharedStore,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Not authenticated: send Authorization: Bearer <access_token>")
    db: Database = request.app.state.db
    if db.write_gate is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
        # On SQLite a write request's session queues at the write gate for each transaction. Checking the token
        # is only a read, so it runs in a plain read session (closed before the write session takes a
        # connection: never two at once) instead of queueing at the gate twice per write (bench_load's burst).
        with db.session() as reader:
            user, claims = service.authenticate(reader, settings, store, credentials.credentials)
        user = session.merge(user, load=False)  # the same row, attached to the request's session, no query
    else:
        user, claims = service.authenticate(session, settings, store, credentials.credentials)
    request.state.access_claims = claims
    return user


async def optional_claims(
    settings: AppSettings,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> AccessClaims | None:
    return service.decode_optional(settings, credentials.credentials if credentials else None)


async def optional_user(
    session: DbSession,
    settings: AppSettings,
    store: SharedStore,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> User | None:
    """For public reads that show more to a signed-in user (their custom foods). Async so that an anonymous
    request (most food searches) makes no trip to the thread pool; a signed-in one loads its user there."""
    if credentials is None:
        return None
    user, _ = await run_in_threadpool(service.authenticate, session, settings, store, credentials.credentials)
    return user


CurrentUser = Annotated[User, Depends(current_user)]


async def current_user_id(
    request: Request,
    settings: AppSettings,
    store: SharedStore,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> int:
    """The same check as `current_user`, for endpoints that need only the account's id and end no sign-in
    session (a meal-log write): async, and without the database when this worker found the token's session
    live at the person's current state stamp (core/freshness.py), as the diary's fast lane does. Otherwise one
    trip to the thread pool for the database's check, in a read session closed before the request's own
    takes a connection. The middleware then carries the session's liveness across the request's own write."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Not authenticated: send Authorization: Bearer <access_token>")
    known = service.known_live_claims(settings, store, credentials.credentials)
    if known is None:
        db: Database = request.app.state.db
        known = await run_in_threadpool(_authenticate_in_reader, db, settings, store, credentials.credentials)
    claims, stamp = known
    request.state.access_claims = claims
    live_until = service.session_live_until(settings, claims)
    request.scope[freshness.LIVE_SESSION_SCOPE_KEY] = (claims.user_id, claims.family, stamp, live_until)
    return claims.user_id


def _authenticate_in_reader(
    db: Database, settings: Settings, store: KeyValueStore, token: str
) -> tuple[AccessClaims, freshness.Stamp]:
    with db.session() as reader:
        _, claims, stamp = service.authenticate_stamped(reader, settings, store, token)
    return claims, stamp


CurrentUserId = Annotated[int, Depends(current_user_id)]


async def diary_reader_id(
    request: Request,
    settings: AppSettings,
    store: SharedStore,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> int:
    """`current_user_id` for a signed-in diary read, which needs only the account's id and which the
    middleware's diary lane has already looked at (core/cache.py `DiaryStamp`): the token it decoded was not
    revoked, and the person's state stamp was read, before anything else. A session known live at that stamp
    needs nothing more; another one is checked in the database against that same stamp (and remembered live
    at it), so the request makes the shared store's round trip once, not two or three times. A request the lane
    did not look at (an Origin header, the store down, a token it refused) is checked as `current_user_id` does."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Not authenticated: send Authorization: Bearer <access_token>")
    seen: DiaryStamp | None = request.scope.get(DIARY_STAMP_SCOPE_KEY)
    if seen is None or seen.token != credentials.credentials:
        return await current_user_id(request, settings, store, credentials)
    if not seen.live:
        db: Database = request.app.state.db
        await run_in_threadpool(_check_session_in_reader, db, settings, store, seen.claims, seen.stamp)
    request.state.access_claims = seen.claims
    return seen.user_id


def _check_session_in_reader(
    db: Database, settings: Settings, store: KeyValueStore, claims: AccessClaims, stamp: freshness.Stamp
) -> None:
    with db.session() as reader:
        service.authenticate_at_stamp(reader, settings, store, claims, stamp)


DiaryReaderId = Annotated[int, Depends(diary_reader_id)]


async def current_claims(request: Request, _user: CurrentUser) -> AccessClaims:
    """The verified access token of the request (its session), after `current_user` accepted it."""
    claims: AccessClaims = request.state.access_claims
    return claims


CurrentClaims = Annotated[AccessClaims, Depends(current_claims)]
OptionalUser = Annotated[User | None, Depends(optional_user)]
OptionalClaims = Annotated[AccessClaims | None, Depends(optional_claims)]
