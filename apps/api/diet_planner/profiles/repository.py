"""All SQL for profiles."""

from __future__ import annotations

from sqlalchemy.orm import Session

from diet_planner.profiles.models import Profile


def get(session: Session, user_id: int) -> Profile | None:
    return session.get(Profile, user_id)


def add(session: Session, profile: Profile) -> Profile:
    session.add(profile)
    session.flush()
    return profile


def flush(session: Session) -> None:
    session.flush()
