"""The full data export and account deletion, composed from every domain that owns a person's data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.diary import service as diary
from diet_planner.foods import service as foods
from diet_planner.plans import service as plans
from diet_planner.profiles import service as profiles
from diet_planner.users import service as users
from diet_planner.users.models import User

# Each domain that owns user data contributes a section to the export. Listed here, explicitly,
# so the export cannot silently miss a domain: tests compare it with the tables that reference users.
Exporter = Callable[[Session, int], Any]
EXPORTERS: dict[str, Exporter] = {
    "profile": profiles.export_user_data,
    "foods": foods.export_user_data,
    "plans": plans.export_user_data,
    "diary": diary.export_user_data,
}


def export(session: Session, user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user": {"id": user.id, "email": user.email, "name": user.name, "created_at": user.created_at.isoformat()},
    }
    for section, exporter in EXPORTERS.items():
        data[section] = exporter(session, user.id)
    return data


def delete_account(session: Session, user: User) -> None:
    # Every table that references users does so with ON DELETE CASCADE.
    users.delete(session, user.id)
