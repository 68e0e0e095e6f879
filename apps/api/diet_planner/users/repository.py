"""All SQL for users."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from diet_planner.users.models import User


def get(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def get_by_email(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email))


def add(session: Session, user: User) -> User:
    session.add(user)
    session.flush()
    return user


def delete_user(session: Session, user_id: int) -> None:
    session.execute(delete(User).where(User.id == user_id))
    session.flush()
