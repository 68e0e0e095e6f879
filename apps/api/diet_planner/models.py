"""Imports every domain's models so the metadata (and Alembic) sees all tables."""

from diet_planner.auth.models import RefreshToken
from diet_planner.profiles.models import Profile
from diet_planner.users.models import User

__all__ = ["Profile", "RefreshToken", "User"]
