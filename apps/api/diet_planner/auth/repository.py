"""All SQL for refresh tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import bindparam, exists, select, update
from sqlalchemy.orm import Session

from diet_planner.auth.models import RefreshToken
from diet_planner.users.models import User


def add(session: Session, token: RefreshToken) -> None:
    session.add(token)
    session.flush()


def get_by_hash(session: Session, token_hash: str) -> RefreshToken | None:
    return session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


def revoke_family(session: Session, family: str, at: datetime) -> None:
    session.execute(
        update(RefreshToken)
        .where(RefreshToken.family == family, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
    )


def claim(session: Session, token_id: int, at: datetime) -> bool:
    """Mark a refresh token used, only if it is still unused: True for exactly one of any concurrent callers
    (PostgreSQL re-checks the condition after waiting on the row lock; SQLite serialises writers)."""
    result = session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=at)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def revoke_user_families(session: Session, user_id: int, at: datetime, keep_family: str | None = None) -> None:
    condition = [RefreshToken.user_id == user_id, RefreshToken.revoked_at.is_(None)]
    if keep_family is not None:
        condition.append(RefreshToken.family != keep_family)
    session.execute(update(RefreshToken).where(*condition).values(revoked_at=at))


# Built once with named parameters: every signed-in request runs it, and building the statement per call
# (clauses, cache key, extracting the literal values back out of it) cost three times the query itself.
_USER_WITH_LIVE_SESSION = select(User).where(
    User.id == bindparam("user_id"),
    exists().where(
        RefreshToken.user_id == bindparam("user_id"),
        RefreshToken.family == bindparam("family"),
        RefreshToken.revoked_at.is_(None),
        RefreshToken.expires_at > bindparam("now", type_=RefreshToken.expires_at.type),
    ),
)


def user_with_live_session(session: Session, user_id: int, family: str, now: datetime) -> User | None:
    """The account, if the sign-in session (refresh family) an access token names is still live for it."""
    return session.scalar(_USER_WITH_LIVE_SESSION, {"user_id": user_id, "family": family, "now": now})
