"""Accounts: registration, login with throttling, rotating refresh tokens, logout, token checks."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from diet_planner.auth import repository as tokens
from diet_planner.auth.models import RefreshToken
from diet_planner.auth.throttle import LoginThrottle, ThrottlePolicy
from diet_planner.core import freshness
from diet_planner.core.config import Settings
from diet_planner.core.db import end_read_phase
from diet_planner.core.errors import Conflict, Forbidden, Unauthorized, Unprocessable
from diet_planner.core.kv import KeyValueStore
from diet_planner.core.logging import get_logger
from diet_planner.core.security import (
    AccessClaims,
    burn_password_check,
    create_access_token,
    decode_access_token,
    hash_password,
    hash_token,
    new_refresh_token,
    password_problem,
    verify_password,
)
from diet_planner.users import service as users
from diet_planner.users.models import User

log = get_logger("auth")
INVALID_CREDENTIALS = "Incorrect email or password"


def _as_utc(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything we store is UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def register(session: Session, email: str, password: str, name: str | None) -> User:
    email = email.strip().lower()
    problem = password_problem(password, email)
    if problem:
        raise Unprocessable([{"loc": ["body", "password"], "msg": problem, "type": "value_error.password"}])
    # Hash before the first query: on SQLite that query takes the write lock, which must not wait on Argon2;
    # and give back the request's place in the admission line meanwhile (it holds no connection yet).
    end_read_phase(session)
    password_hash = hash_password(password)
    if users.get_by_email(session, email):
        raise Conflict("An account with this email already exists")
    user = users.add(session, User(email=email, name=(name or "").strip() or None, password_hash=password_hash))
    log.info("User registered user_id=%s", user.id)
    return user


def throttle(store: KeyValueStore, settings: Settings) -> LoginThrottle:
    return LoginThrottle(
        store,
        ThrottlePolicy(
            pair_failures=settings.login_max_failures,
            window_seconds=settings.login_window_seconds,
            base_delay_seconds=settings.login_delay_seconds,
            account_failures=settings.login_account_max_failures,
            account_window_seconds=settings.login_account_window_seconds,
            address_failures=settings.login_address_max_failures,
        ),
    )


def issue_tokens(session: Session, settings: Settings, user: User, family: str | None = None) -> dict[str, object]:
    family = family or uuid.uuid4().hex
    access, _ = create_access_token(user.id, settings.secret_key, settings.access_token_ttl, family)
    refresh = new_refresh_token()
    now = datetime.now(UTC)
    tokens.add(
        session,
        RefreshToken(
            user_id=user.id,
            token_hash=hash_token(refresh),
            family=family,
            expires_at=now + settings.jwt_refresh_token_expires,
        ),
    )
    return {
        "access_token": access,
        "refresh_token": refresh,
        "token_type": "bearer",
        "expires_in": int(settings.access_token_ttl.total_seconds()),
    }


def login(
    session: Session, settings: Settings, store: KeyValueStore, email: str, password: str, address: str
) -> dict[str, object]:
    email = email.strip().lower()
    attempt = throttle(store, settings).begin(email, address)
    user = users.get_by_email(session, email)
    end_read_phase(session)  # verify the password without holding SQLite's write lock
    if user is None:
        burn_password_check(password)
    if user is None or not verify_password(user.password_hash, password):
        attempt.failed()
        log.warning("Failed login for email=%s address=%s", email, address)
        raise Unauthorized(INVALID_CREDENTIALS)
    attempt.succeeded()
    log.info("Successful login user_id=%s address=%s", user.id, address)
    return issue_tokens(session, settings, user)


def reauthenticate(
    session: Session, settings: Settings, store: KeyValueStore, user: User, password: str, address: str
) -> None:
    """The password again before a destructive change (deletion, a new password): a stolen access token alone
    cannot do either, and guesses here are throttled like logins."""
    attempt = throttle(store, settings).begin(user.email, address)
    end_read_phase(session)
    if not verify_password(user.password_hash, password):
        attempt.failed()
        log.warning("Failed re-authentication user_id=%s address=%s", user.id, address)
        raise Forbidden("Incorrect password")
    attempt.succeeded()


def change_password(
    session: Session,
    settings: Settings,
    store: KeyValueStore,
    user: User,
    claims: AccessClaims,
    current_password: str,
    new_password: str,
    address: str,
) -> None:
    problem = password_problem(new_password, user.email)
    if problem:
        raise Unprocessable([{"loc": ["body", "new_password"], "msg": problem, "type": "value_error.password"}])
    reauthenticate(session, settings, store, user, current_password, address)
    new_hash = hash_password(new_password)
    user.password_hash = new_hash
    # Every other sign-in session ends now (its access tokens fail their next check); this one stays.
    tokens.revoke_user_families(session, user.id, datetime.now(UTC), keep_family=claims.family)
    freshness.mark_user_changed(user.id)
    session.flush()
    log.info("Password changed user_id=%s address=%s; other sessions signed out", user.id, address)


def logout_all(session: Session, store: KeyValueStore, user: User, claims: AccessClaims) -> None:
    tokens.revoke_user_families(session, user.id, datetime.now(UTC))
    freshness.mark_user_changed(user.id)
    revoke_access(store, claims)
    log.info("Signed out everywhere user_id=%s", user.id)


def refresh(session: Session, settings: Settings, refresh_token: str) -> dict[str, object]:
    record = tokens.get_by_hash(session, hash_token(refresh_token))
    now = datetime.now(UTC)
    if record is None:
        raise Unauthorized("Invalid refresh token")
    if record.revoked_at is not None:
        # A rotated token came back: whoever holds the family may be an attacker.
        tokens.revoke_family(session, record.family, now)
        freshness.mark_user_changed(record.user_id)
        log.warning("Refresh token reuse detected user_id=%s; session family revoked", record.user_id)
        raise Unauthorized("Refresh token has already been used or revoked", keep_changes=True)
    if _as_utc(record.expires_at) <= now:
        raise Unauthorized("Refresh token has expired")
    user = users.get(session, record.user_id)
    if user is None:
        raise Unauthorized("Invalid refresh token")
    if not tokens.claim(session, record.id, now):
        # A concurrent refresh used the token first: the same reuse that a replayed stolen token shows.
        tokens.revoke_family(session, record.family, now)
        freshness.mark_user_changed(record.user_id)
        log.warning("Refresh token reuse detected user_id=%s; session family revoked", record.user_id)
        raise Unauthorized("Refresh token has already been used or revoked", keep_changes=True)
    return issue_tokens(session, settings, user, family=record.family)


def logout(session: Session, store: KeyValueStore, refresh_token: str, access: AccessClaims | None) -> None:
    record = tokens.get_by_hash(session, hash_token(refresh_token))
    now = datetime.now(UTC)
    if record is not None:
        tokens.revoke_family(session, record.family, now)
        freshness.mark_user_changed(record.user_id)
    if access is not None:
        revoke_access(store, access)


def revoke_access(store: KeyValueStore, claims: AccessClaims) -> None:
    ttl = int((claims.expires_at - datetime.now(UTC)).total_seconds()) + 1
    if ttl > 0:
        store.set_flag(f"revoked-jti:{claims.jti}", ttl)


def authenticate(session: Session, settings: Settings, store: KeyValueStore, token: str) -> tuple[User, AccessClaims]:
    user, claims, _ = authenticate_stamped(session, settings, store, token)
    return user, claims


def authenticate_stamped(
    session: Session, settings: Settings, store: KeyValueStore, token: str
) -> tuple[User, AccessClaims, freshness.Stamp]:
    """`authenticate`, and the person's state stamp its check of the session is true at."""
    claims = decode_access_token(token, settings.secret_key)
    if claims is None:
        raise Unauthorized("Invalid or expired access token")
    # The person's state stamp is read before the session's check: what that check finds is still true while
    # the stamp is the same (core/freshness.py), which lets the fast lane skip it for a cached diary day.
    stamp, revoked = freshness.stamp_and_revocation(store, claims.user_id, claims.jti)
    if revoked:
        raise Unauthorized("Access token has been revoked")
    if stamp is None:
        stamp = freshness.current_stamp(store, claims.user_id)
    return authenticate_at_stamp(session, settings, store, claims, stamp), claims, stamp


def authenticate_at_stamp(
    session: Session, settings: Settings, store: KeyValueStore, claims: AccessClaims, stamp: freshness.Stamp
) -> User:
    """The database's half of `authenticate_stamped`, for a valid token found not revoked when the person's
    state stamp `stamp` was read (before this check, which it remembers the session live at)."""
    # The token's session must still be live for this very account: a deleted account, a sign-out (here or
    # everywhere), a password change or a detected refresh reuse ends it at once, on every replica.
    user = tokens.user_with_live_session(session, claims.user_id, claims.family, datetime.now(UTC))
    if user is None:
        raise Unauthorized("Session has ended; sign in again")
    freshness.mark_live_session(store, claims.user_id, claims.family, stamp, session_live_until(settings, claims))
    return user


def known_live_claims(
    settings: Settings, store: KeyValueStore, token: str
) -> tuple[AccessClaims, freshness.Stamp] | None:
    """`authenticate`'s answer without the database, when it can be given so: the token is valid and not
    revoked, and its sign-in session was found live (by this worker or another) at the person's current state stamp (nothing of
    theirs changed since). None means ask `authenticate` (which also explains a refusal)."""
    claims = decode_access_token(token, settings.secret_key)
    if claims is None:
        return None
    stamp, revoked, live = freshness.session_at_stamp(store, claims.user_id, claims.jti, claims.family)
    if revoked or stamp is None or not live:
        return None
    return claims, stamp


def session_live_until(settings: Settings, claims: AccessClaims) -> datetime:
    """How long a token's sign-in session stays live unless something ends it: its newest refresh token was
    issued with an access token of the same family, at or after this one's issue time."""
    issued_at = claims.expires_at - settings.access_token_ttl
    return min(claims.expires_at, issued_at + settings.jwt_refresh_token_expires)


def decode_optional(settings: Settings, token: str | None) -> AccessClaims | None:
    return decode_access_token(token, settings.secret_key) if token else None
