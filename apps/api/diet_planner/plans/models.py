"""Generated meal plans: `diet_plans` (the guide's table) and its days, meals and items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from diet_planner.core.db import Base, utcnow


class DietPlan(Base):
    __tablename__ = "diet_plans"
    # One plan per client-chosen key: a repeated Generate click (or a retried request) gets the same plan.
    __table_args__ = (UniqueConstraint("user_id", "idempotency_key", name="uq_diet_plans_user_idempotency_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    start_date: Mapped[date]
    days_count: Mapped[int]
    meals_per_day: Mapped[int]
    seed: Mapped[int]
    targets: Mapped[dict[str, Any]] = mapped_column(JSON)
    # The rules the plan was made under (diet, allergies, exclusions), so edits re-solve under the same rules.
    rules: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), default=None)

    days: Mapped[list[PlanDay]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanDay.day_index", lazy="raise"
    )


class PlanDay(Base):
    __tablename__ = "plan_days"

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("diet_plans.id", ondelete="CASCADE"), index=True)
    day_index: Mapped[int]
    date: Mapped[date]
    totals: Mapped[dict[str, Any]] = mapped_column(JSON)
    shortfalls: Mapped[list[Any]] = mapped_column(JSON)
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)

    plan: Mapped[DietPlan] = relationship(back_populates="days", lazy="raise")
    meals: Mapped[list[PlanMeal]] = relationship(
        back_populates="day", cascade="all, delete-orphan", order_by="PlanMeal.position", lazy="raise"
    )


class PlanMeal(Base):
    __tablename__ = "plan_meals"

    id: Mapped[int] = mapped_column(primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("plan_days.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    slot: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(300))

    day: Mapped[PlanDay] = relationship(back_populates="meals", lazy="raise")
    items: Mapped[list[PlanItem]] = relationship(
        back_populates="meal", cascade="all, delete-orphan", order_by="PlanItem.position", lazy="raise"
    )


class PlanItem(Base):
    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meal_id: Mapped[int] = mapped_column(ForeignKey("plan_meals.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="RESTRICT"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(300))
    quantity: Mapped[float]
    unit: Mapped[str] = mapped_column(String(80))
    grams: Mapped[float]
    locked: Mapped[bool] = mapped_column(default=False)
    role: Mapped[str] = mapped_column(String(16), default="")
    nutrients: Mapped[dict[str, Any]] = mapped_column(JSON)
    # A planned leftover: the day index and meal position of the plan's meal that cooked this batch.
    leftover_day: Mapped[int | None] = mapped_column(default=None)
    leftover_meal: Mapped[int | None] = mapped_column(default=None)

    meal: Mapped[PlanMeal] = relationship(back_populates="items", lazy="raise")


class PantryItem(Base):
    """A food the user has at home: ticked off ("have") on every grocery list until unticked."""

    __tablename__ = "pantry_items"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    food_id: Mapped[int] = mapped_column(ForeignKey("foods.id", ondelete="CASCADE"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
