"""All SQL for profiles."""

from __future__ import annotations

from typing import Any

from sqlalchemy import bindparam, select
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


# The columns a diary day reads of the profile (its targets and its foods' conflicts), as one read-only row:
# loading the Profile object (identity map, every column) cost more than the query (bench_load's profile).
_TARGET_FACTS = select(
    Profile.user_id,
    Profile.sex,
    Profile.birth_date,
    Profile.height_cm,
    Profile.weight_kg,
    Profile.activity_level,
    Profile.goal,
    Profile.rate_kg_per_week,
    Profile.diet,
    Profile.allergies,
    Profile.excluded_food_ids,
    Profile.life_stage,
    Profile.trimester,
    Profile.adaptive_targets,
).where(Profile.user_id == bindparam("user_id"))


def target_facts(session: Session, user_id: int) -> Any:
    """The row of those columns, or None without a profile."""
    return session.execute(_TARGET_FACTS, {"user_id": user_id}).first()
