"""The `profiles` table: one row per user with what their targets and plans depend on."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from diet_planner.core.db import Base, utcnow


class Profile(Base):
    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    sex: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date]
    height_cm: Mapped[float]
    weight_kg: Mapped[float]
    activity_level: Mapped[str] = mapped_column(String(16))
    goal: Mapped[str] = mapped_column(String(16))
    rate_kg_per_week: Mapped[float]
    diet: Mapped[str] = mapped_column(String(16))
    allergies: Mapped[list[Any]] = mapped_column(JSON, default=list)
    excluded_food_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    meals_per_day: Mapped[int]
    units: Mapped[str] = mapped_column(String(16))
    life_stage: Mapped[str] = mapped_column(String(16))
    trimester: Mapped[int | None] = mapped_column(default=None)  # 1-3, only while pregnant
    # When true, energy follows the diary's weight-trend estimate instead of the equations.
    adaptive_targets: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # "never" | "some" | "batch"; and active cooking minutes a day (None: no limit), for the planner.
    leftovers: Mapped[str] = mapped_column(String(8), default="never", server_default="never")
    cooking_minutes_weekday: Mapped[int | None] = mapped_column(default=None)
    cooking_minutes_weekend: Mapped[int | None] = mapped_column(default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
