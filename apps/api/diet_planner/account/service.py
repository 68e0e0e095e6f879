"""The full data export and account deletion, composed from every domain that owns a person's data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.auth import service as auth
from diet_planner.core.config import Settings
from diet_planner.core.kv import KeyValueStore
from diet_planner.core.logging import get_logger
from diet_planner.diary import service as diary
from diet_planner.foods import service as foods
from diet_planner.plans import service as plans
from diet_planner.profiles import service as profiles
from diet_planner.users import service as users
from diet_planner.users.models import User

log = get_logger("account")

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


# In this order: plans point at foods (RESTRICT), and a person's recipes' ingredients at their own foods
# (RESTRICT); what remains (profile, diary, refresh tokens) goes with the user row by ON DELETE CASCADE.
Deleter = Callable[[Session, int], None]
DELETERS: list[Deleter] = [plans.delete_user_data, foods.delete_user_data]


def delete_account(
    session: Session, settings: Settings, store: KeyValueStore, user: User, password: str, address: str
) -> None:
    """Every row the person owns, in the request's one transaction: all of it goes, or nothing does. The
    password is asked again first, so a stolen access token alone cannot delete an account."""
    auth.reauthenticate(session, settings, store, user, password, address)
    for deleter in DELETERS:
        deleter(session, user.id)
    users.delete(session, user.id)
    log.info("Account deleted user_id=%s", user.id)
