"""Request and response bodies of /api/profile and /api/targets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from diet_planner.nutrition.allergens import Allergen
from diet_planner.nutrition.diets import Diet

Sex = Literal["female", "male"]
ActivityLevel = Literal["sedentary", "light", "moderate", "active", "very_active"]
Goal = Literal["lose", "maintain", "gain"]
Units = Literal["metric", "imperial"]
LifeStage = Literal["none", "pregnant", "lactating"]
Trimester = Literal[1, 2, 3]
Leftovers = Literal["never", "some", "batch"]
CookingMinutes = Annotated[int, Field(ge=5, le=600)]
# Realistic bounds for an adult or adolescent: (low, high, unit).
RANGES: dict[str, tuple[float, float, str]] = {
    "height_cm": (120, 230, "cm"),
    "weight_kg": (35, 300, "kg"),
    "rate_kg_per_week": (0, 1, "kg per week"),
}


class ProfileUpdate(BaseModel):
    """PUT /api/profile replaces the whole profile; fields after weight_kg have defaults."""

    # Ignore read-only fields (updated_at, age_years) so a client can PUT back what it GOT.
    model_config = ConfigDict(extra="ignore")

    sex: Sex
    birth_date: date
    height_cm: float = Field(description="120 to 230 cm", json_schema_extra={"minimum": 120, "maximum": 230})
    weight_kg: float = Field(description="35 to 300 kg", json_schema_extra={"minimum": 35, "maximum": 300})
    activity_level: ActivityLevel = "sedentary"
    goal: Goal = "maintain"
    rate_kg_per_week: float = Field(
        default=0.0,
        description="0 to 1 kg per week; ignored to maintain",
        json_schema_extra={"minimum": 0, "maximum": 1},
    )
    diet: Diet = "omnivore"
    allergies: list[Allergen] = Field(default_factory=list, max_length=50)
    excluded_food_ids: list[int] = Field(default_factory=list, max_length=2000)
    meals_per_day: int = Field(default=3, ge=3, le=6)
    units: Units = "metric"
    life_stage: LifeStage = "none"
    trimester: Trimester | None = Field(
        default=None,
        description="With life_stage pregnant: the trimester, which sets the energy added (0, 340 or 452 kcal/day)",
    )
    adaptive_targets: bool = False
    leftovers: Leftovers = Field(
        default="never",
        description="never: every meal cooked fresh; some: a dinner cooked twice over and eaten again; batch: "
        "batch-cook at weekends",
    )
    cooking_minutes_weekday: CookingMinutes | None = Field(
        default=None, description="Active cooking minutes a weekday (5-600); null for no limit"
    )
    cooking_minutes_weekend: CookingMinutes | None = Field(
        default=None, description="Active cooking minutes a day at weekends (5-600); null for no limit"
    )

    @field_validator("height_cm", "weight_kg", "rate_kg_per_week")
    @classmethod
    def _in_range(cls, value: float, info: ValidationInfo) -> float:
        low, high, unit = RANGES[str(info.field_name)]
        # `not low <= value <= high` also rejects NaN.
        if not low <= value <= high:
            raise ValueError(f"{info.field_name} must be between {low:g} and {high:g} {unit}")
        return value

    @field_validator("allergies", "excluded_food_ids")
    @classmethod
    def _deduplicate(cls, values: list[Any]) -> list[Any]:
        return list(dict.fromkeys(values))

    @field_validator("excluded_food_ids")
    @classmethod
    def _positive_ids(cls, values: list[int]) -> list[int]:
        if any(value <= 0 for value in values):
            raise ValueError("food ids are positive integers")
        return values


class ProfileRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    sex: Sex
    birth_date: date
    age_years: int
    height_cm: float
    weight_kg: float
    activity_level: ActivityLevel
    goal: Goal
    rate_kg_per_week: float
    diet: Diet
    allergies: list[Allergen]
    excluded_food_ids: list[int]
    meals_per_day: int
    units: Units
    life_stage: LifeStage
    trimester: Trimester | None = None
    adaptive_targets: bool
    leftovers: Leftovers = "never"
    cooking_minutes_weekday: int | None = None
    cooking_minutes_weekend: int | None = None
    updated_at: datetime


class NutrientTargetRead(BaseModel):
    min: float | None = Field(description="Eat at least this much a day; null when there is no lower bound")
    max: float | None = Field(description="Eat at most this much a day; null when there is no upper bound")
    unit: str
    basis: str = Field(description='Where the numbers come from, e.g. "RDA", "AI", "UL", "AMDR", "CDRR", "goal"')
    goal: float | None = Field(
        default=None,
        description="The one number to aim at: the energy target; protein, fat and carbohydrate inside their "
        "ranges (min-max is the acceptable range); a vitamin or mineral's minimum; null for a limit only",
    )


class TargetsRead(BaseModel):
    bmr_kcal: float
    tdee_kcal: float
    energy_kcal: float
    method: str
    life_stage_group: str
    nutrients: dict[str, NutrientTargetRead]
    notes: list[str]


PanelStatus = Literal["met", "close", "low", "over", "so_far", "unknown"]


class NutrientRow(BaseModel):
    key: str
    name: str = Field(description='The nutrient in words, e.g. "Omega-6 (linoleic acid)"')
    unit: str
    amount: float | None = Field(description="The day's total; null when no food of the day has a value")
    goal: float | None = Field(description="The one number to aim at (see NutrientTargetRead.goal)")
    min: float | None
    max: float | None
    percent: float | None = Field(description="amount as a percentage of the goal (of the max for a limit)")
    status: PanelStatus = Field(
        description="met: within bounds; close: under the minimum by less than 10%; low: further under; "
        "over: above a maximum; so_far: under the minimum on a day still in progress; unknown: no data"
    )
    basis: str


class PanelHeadline(BaseModel):
    status: Literal["met", "close", "low", "over", "so_far"] = Field(description="The worst status of the rows")
    text: str = Field(description="One or two sentences that agree with the rows")
    counts: dict[str, int]


class NutrientPanel(BaseModel):
    in_progress: bool = Field(description="The day is today or later: a minimum not reached yet is so_far")
    close_share: float = Field(description="Close is at least this share of a minimum")
    tolerance: str = Field(description="The tolerance in words, to show beside the panel")
    headline: PanelHeadline
    rows: list[NutrientRow]
