"""The food diary (`meal_logs`, the guide's table) and daily weigh-ins (`weights`)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from diet_planner.core.db import Base, utcnow


class MealLog(Base):
    __tablename__ = "meal_logs"
    __table_args__ = (Index("ix_meal_logs_user_id_date", "user_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[date]
    slot: Mapped[str] = mapped_column(String(16))
    # SET NULL: deleting a custom food keeps the entry, whose name and nutrients are snapshots.
    food_id: Mapped[int | None] = mapped_column(ForeignKey("foods.id", ondelete="SET NULL"), index=True)
    food_name: Mapped[str] = mapped_column(String(300))
    # "food" (a food's grams) or "quick" (a quick add: a label and kcal, perhaps macros; no food, 0 g).
    kind: Mapped[str] = mapped_column(String(16), default="food", server_default="food")
    # The name people know the food by (the plan's "Fortified instant oatmeal"); food_name keeps the database's.
    display_name: Mapped[str | None] = mapped_column(String(300))
    grams: Mapped[float]
    quantity: Mapped[float]
    unit: Mapped[str] = mapped_column(String(200))
    # No foreign key to plan tables: deleting a plan keeps what was eaten.
    plan_meal_id: Mapped[int | None]
    # Contract key -> amount in the logged grams, fixed at logging time so past totals never change.
    nutrients: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Deleted entries are kept a day so the deletion can be undone (POST /api/meal-logs/{id}/restore).
    deleted_at: Mapped[datetime | None]


class Weight(Base):
    __tablename__ = "weights"
    __table_args__ = (UniqueConstraint("user_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    date: Mapped[date]
    weight_kg: Mapped[float]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
