"""Request and response bodies of /api/profile and /api/targets."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Sex = Literal["female", "male"]
ActivityLevel = Literal["sedentary", "light", "moderate", "active", "very_active"]
Goal = Literal["lose", "maintain", "gain"]
Diet = Literal["omnivore", "vegetarian", "vegan", "pescatarian", "keto", "mediterranean"]
Allergen = Literal["peanut", "tree_nut", "milk", "egg", "wheat", "gluten", "soy", "fish", "shellfish", "sesame"]
Units = Literal["metric", "imperial"]
LifeStage = Literal["none", "pregnant", "lactating"]


class ProfileUpdate(BaseModel):
    """PUT /api/profile replaces the whole profile; fields after weight_kg have defaults."""

    # Ignore read-only fields (updated_at, age_years) so a client can PUT back what it GOT.
    model_config = ConfigDict(extra="ignore")

    sex: Sex
    birth_date: date
    height_cm: float = Field(ge=120, le=230, description="120 to 230 cm")
    weight_kg: float = Field(ge=35, le=300, description="35 to 300 kg")
    activity_level: ActivityLevel = "sedentary"
    goal: Goal = "maintain"
    rate_kg_per_week: float = Field(default=0.0, ge=0, le=1, description="0 to 1 kg per week; ignored to maintain")
    diet: Diet = "omnivore"
    allergies: list[Allergen] = Field(default_factory=list, max_length=50)
    excluded_food_ids: list[int] = Field(default_factory=list, max_length=2000)
    meals_per_day: int = Field(default=3, ge=3, le=6)
    units: Units = "metric"
    life_stage: LifeStage = "none"
    adaptive_targets: bool = False

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
    adaptive_targets: bool
    updated_at: datetime


class NutrientTargetRead(BaseModel):
    min: float | None
    max: float | None
    unit: str
    basis: str


class TargetsRead(BaseModel):
    bmr_kcal: float
    tdee_kcal: float
    energy_kcal: float
    method: str
    life_stage_group: str
    nutrients: dict[str, NutrientTargetRead]
    notes: list[str]
