"""Password hashing (Argon2id), JWT access tokens and opaque refresh tokens."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jwt
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

JWT_ALGORITHM = "HS256"
_hasher = PasswordHasher()  # argon2-cffi's defaults are Argon2id with RFC 9106 low-memory parameters
_COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Verifying against a fixed hash when the account does not exist keeps response times equal,
# so login timing does not reveal which emails are registered.
_DUMMY_HASH = _hasher.hash("not-a-real-password-0000")


def burn_password_check(password: str) -> None:
    verify_password(_DUMMY_HASH, password)


@lru_cache
def common_passwords() -> frozenset[str]:
    lines = _COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str | None = None) -> str | None:
    """Why a password is too weak, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must be at least {MIN_PASSWORD_LENGTH} characters"
    if len(password) > 1024:
        return "password must be at most 1024 characters"
    lowered = password.lower()
    if lowered in common_passwords():
        return "password is too common; choose one that is not on lists of leaked passwords"
    if len(set(password)) < 4:
        return "password is too repetitive"
    if email and lowered == email.lower():
        return "password must not be your email address"
    return None


@dataclass(frozen=True)
class AccessClaims:
    user_id: int
    jti: str
    expires_at: datetime
    # The refresh-token family (the sign-in session) the token belongs to: a random name that exists only for
    # the account instance that signed in, so the token dies with the session or the account, on every replica.
    family: str


def create_access_token(user_id: int, secret: str, ttl: timedelta, family: str) -> tuple[str, AccessClaims]:
    now = datetime.now(UTC)
    claims = AccessClaims(user_id=user_id, jti=uuid.uuid4().hex, expires_at=now + ttl, family=family)
    token = jwt.encode(
        {
            "sub": str(user_id),
            "iat": now,
            "exp": claims.expires_at,
            "jti": claims.jti,
            "fam": family,
            "type": "access",
        },
        secret,
        algorithm=JWT_ALGORITHM,
    )
    return token, claims


# Tokens whose signature this process has verified -> their claims. A signed-in request's token was verified
# twice (the rate limit's key, then the user's check), each an HMAC and a JSON parse; a hit still checks the
# expiry. Only verified tokens get in (a forged one cannot fill it), and revocation is not decided here: the
# user's check still asks the shared store and the database on every request.
_VERIFIED: dict[tuple[str, str], AccessClaims] = {}
_VERIFIED_MAX = 4096


def decode_access_token(token: str, secret: str) -> AccessClaims | None:
    """None for any token that is malformed, expired, forged or not an access token."""
    key = (secret, token)
    claims = _VERIFIED.get(key)
    if claims is None:
        claims = _verify_access_token(token, secret)
        if claims is None:
            return None
        if len(_VERIFIED) >= _VERIFIED_MAX:
            _VERIFIED.clear()
        _VERIFIED[key] = claims
    if claims.expires_at <= datetime.now(UTC):
        _VERIFIED.pop(key, None)
        return None
    return claims


def _verify_access_token(token: str, secret: str) -> AccessClaims | None:
    try:
        payload = jwt.decode(
            token,
            secret,
            algorithms=[JWT_ALGORITHM],
            options={"require": ["exp", "iat", "sub", "jti", "fam"]},
        )
    except (jwt.PyJWTError, ValueError, TypeError):  # a token that is not even ASCII is simply invalid
        return None
    if payload.get("type") != "access":
        return None
    try:
        user_id = int(payload["sub"])
    except (TypeError, ValueError):
        return None
    return AccessClaims(
        user_id=user_id,
        jti=str(payload["jti"]),
        expires_at=datetime.fromtimestamp(payload["exp"], UTC),
        family=str(payload["fam"]),
    )


def new_refresh_token() -> str:
    return secrets.token_urlsafe(48)


def hash_token(token: str) -> str:
    """Refresh tokens are stored as SHA-256 digests: high-entropy secrets need no slow hash."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
