"""Request and response bodies of /api/meal-logs, /api/diary, /api/weights and /api/progress."""

from __future__ import annotations

from datetime import date as Date
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from diet_planner.foods.schemas import FoodConflict, FoodSummary
from diet_planner.profiles.schemas import NutrientPanel, TargetsRead

Slot = Literal["breakfast", "lunch", "dinner", "snack"]


class MealLogCreate(BaseModel):
    """One of three forms: `{date, slot, food_id, quantity, unit}` (unit: g, oz, lb, kg, one of the food's
    household measures such as "cup", or "serving" for a recipe), `{date, slot, food_id, grams}`, or
    `{plan_meal_id}` (logs every item of that planned meal on the plan's date and slot; `date` and
    `slot` may override them)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: Date | None = None
    slot: Slot | None = None
    food_id: int | None = None
    grams: float | None = Field(default=None, gt=0, le=5000)
    quantity: float | None = Field(default=None, gt=0, le=10_000)
    unit: str | None = Field(default=None, min_length=1, max_length=200)
    plan_meal_id: int | None = None

    @model_validator(mode="after")
    def _one_form(self) -> MealLogCreate:
        if self.plan_meal_id is not None:
            if any(v is not None for v in (self.food_id, self.grams, self.quantity, self.unit)):
                raise ValueError("with plan_meal_id, give no food_id, grams, quantity or unit")
            return self
        missing = [name for name in ("date", "slot", "food_id") if getattr(self, name) is None]
        if missing:
            raise ValueError(f"missing {', '.join(missing)} (or give plan_meal_id)")
        if self.grams is not None and (self.quantity is not None or self.unit is not None):
            raise ValueError("give grams, or quantity and unit, not both")
        if self.grams is None and (self.quantity is None or self.unit is None):
            raise ValueError("give grams, or quantity and unit")
        return self


class MealLogUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: Date | None = None
    slot: Slot | None = None
    grams: float | None = Field(default=None, gt=0, le=5000)
    quantity: float | None = Field(default=None, gt=0, le=10_000)
    unit: str | None = Field(default=None, min_length=1, max_length=200)

    @model_validator(mode="after")
    def _amount(self) -> MealLogUpdate:
        if self.grams is not None and (self.quantity is not None or self.unit is not None):
            raise ValueError("give grams, or quantity and unit, not both")
        return self


class MealLogRead(BaseModel):
    id: int
    date: Date
    slot: str
    food_id: int | None = Field(description="null once a custom food is deleted; name and nutrients are kept")
    food_name: str = Field(description="The food's name in its database (USDA), or a quick add's label")
    display_name: str = Field("", description="The name people know it by: the plan's, the planner's, or food_name")
    kind: Literal["food", "quick"] = Field("food", description="quick: a quick add (kcal and macros, no food, 0 g)")
    grams: float
    quantity: float
    unit: str
    plan_meal_id: int | None
    nutrients: dict[str, float | None] = Field(description="For the logged grams, fixed when logged")
    created_at: datetime
    conflicts: list[FoodConflict] = Field(
        default_factory=list, description="In GET /api/diary/{day}: the food's clashes with your allergies or diet"
    )


class QuickAddCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: Date
    slot: Slot
    label: str = Field(default="Quick add", max_length=120)
    energy_kcal: float = Field(gt=0, le=10_000)
    protein_g: float | None = Field(default=None, ge=0, le=1_000)
    carbs_g: float | None = Field(default=None, ge=0, le=2_000)
    fat_g: float | None = Field(default=None, ge=0, le=1_000)


class MealLogCopy(BaseModel):
    """Copy `from_date`'s entries (only `slot`'s, when given) to `to_date` (into `to_slot`, when given)."""

    model_config = ConfigDict(extra="forbid")

    from_date: Date
    to_date: Date
    slot: Slot | None = None
    to_slot: Slot | None = None


class MealLogPage(BaseModel):
    items: list[MealLogRead]
    total: int


class DiaryDay(BaseModel):
    date: Date
    entries: list[MealLogRead]
    totals: dict[str, float | None] = Field(
        description="Every nutrient key: sum of the known values; null only when no entry has a value"
    )
    incomplete: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Nutrient key -> names of the day's foods with no value for it (unknown, not 0): that "
        "total leaves them out, so it may be low",
    )
    targets: TargetsRead | None = Field(description="GET /api/targets for the user; null without a profile")
    remaining: dict[str, float | None] = Field(
        description="energy_kcal: the energy target - total; every other nutrient with a minimum: min - total"
    )
    panel: NutrientPanel | None = Field(
        default=None,
        description="Every nutrient with a target: its name, goal, range and status, and the day's headline; "
        "null without a profile",
    )


class WeightCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: Date
    weight_kg: float = Field(ge=20, le=400)


class WeightRead(BaseModel):
    date: Date
    weight_kg: float
    trend_kg: float = Field(description="Exponentially smoothed trend (alpha 0.1/day, gap-aware, outliers clamped)")


class WeightPage(BaseModel):
    items: list[WeightRead]
    total: int


class ProgressRead(BaseModel):
    trend_kg: float | None
    weekly_rate_kg: float | None = Field(description="Least squares over the last 28 days; negative when losing")
    estimated_tdee_kcal: float | None
    suggested_energy_kcal: float | None
    data_days: int = Field(description="Logged days used by the energy balance")
    weigh_ins: int
    mean_intake_kcal: float | None
    window_start: Date | None
    window_end: Date | None
    confidence: Literal["low", "medium", "high"] | None
    note: str


class RecentFood(FoodSummary):
    last_logged: Date
    days_logged: int = Field(description="Days it was logged on in the last 180")


class RecentFoodPage(BaseModel):
    items: list[RecentFood]
