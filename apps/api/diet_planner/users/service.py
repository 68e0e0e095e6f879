"""Accounts as identities: find, add and remove the `users` row (auth signs people in with these)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from diet_planner.users import repository
from diet_planner.users.models import User


def get(session: Session, user_id: int) -> User | None:
    return repository.get(session, user_id)


def get_by_email(session: Session, email: str) -> User | None:
    return repository.get_by_email(session, email)


def add(session: Session, user: User) -> User:
    return repository.add(session, user)


def delete(session: Session, user_id: int) -> None:
    repository.delete_user(session, user_id)
