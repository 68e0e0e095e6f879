"""Request and response bodies of /api/plans, in the contract's shape."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from diet_planner.profiles.schemas import NutrientPanel, TargetsRead


class PlanCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    days: int = Field(default=7, ge=1, le=14, description="Number of days, 1 to 14")
    start_date: date | None = Field(default=None, description="First day; defaults to today")
    meals_per_day: int | None = Field(default=None, ge=3, le=6, description="3 to 6; defaults to the profile's")
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="Same seed and profile give the same plan")
    recipe_mix: Literal["any", "mostly_mine", "only_mine"] | None = Field(
        default=None,
        description="Whose recipes: any (the default: catalogue and yours), mostly_mine (yours preferred), "
        "only_mine (yours, as far as the variety rules and targets allow; the catalogue's fill the rest and the "
        "plan's recipe_notes say where)",
    )


class ItemUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    locked: bool | None = None
    quantity: float | None = Field(default=None, gt=0, le=20, description="In the item's unit (servings for recipes)")


class MealSwap(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source_id: str = Field(min_length=1, max_length=120, description="The alternative's `source_id` (a recipe slug)")


class Alternative(BaseModel):
    source: str
    source_id: str
    food_id: int | None
    name: str
    servings: float
    grams: float
    nutrients: dict[str, float] = Field(description="energy_kcal, protein_g, carbs_g, fat_g of the portion")
    day_totals: dict[str, float] = Field(
        description="The day's energy_kcal, protein_g, carbs_g and fat_g after the swap, before the rest re-balances"
    )
    day_shortfalls: list[str] = Field(description="Minima the day would miss by more than 10 %")
    score: float = Field(description="Distance of the day from its targets; lower is better")


class AlternativePage(BaseModel):
    meal_id: int
    items: list[Alternative]


class MacroNutrients(BaseModel):
    energy_kcal: float | None
    protein_g: float | None
    fat_g: float | None
    carbs_g: float | None


class MealRef(BaseModel):
    date: date
    slot: str
    meal_id: int = Field(description="The plan meal (PlanMealRead.id)")


class PlanItemRead(BaseModel):
    id: int
    food_id: int
    source: str
    source_id: str
    name: str
    quantity: float
    unit: str
    grams: float
    locked: bool
    nutrients: MacroNutrients
    household: str | None = Field(default=None, description="The portion as a cook reads it, e.g. '1 medium (118 g)'")
    leftover_of: MealRef | None = Field(
        default=None,
        description="A planned leftover: the meal of this plan that cooked the batch ('Leftovers from Monday's dinner')",
    )


class PlanMealRead(BaseModel):
    id: int
    slot: str
    name: str
    items: list[PlanItemRead]
    totals: dict[str, float | None]
    title: str = Field(default="", description="The dish alone (or the foods of a snack); `name` lists everything")
    sides: list[str] = Field(default_factory=list, description="Plain foods served beside the dish")
    drinks: list[str] = Field(default_factory=list, description="What is drunk with the meal (milk, juice ...)")


class Shortfall(BaseModel):
    nutrient: str
    amount: float
    target: float
    unit: str | None = None
    suggestion: str | None = None


class PlanDayRead(BaseModel):
    date: date
    meals: list[PlanMealRead]
    totals: dict[str, float | None]
    # Nutrient key -> the items with no value for it (unknown, not 0): that total leaves them out.
    incomplete: dict[str, list[str]] = Field(default_factory=dict)
    shortfalls: list[Shortfall]
    panel: NutrientPanel | None = Field(
        default=None, description="Every nutrient with a target: name, goal, range, status; and the day's headline"
    )
    notes: list[str] = []
    cooking_minutes: int = Field(description="Active cooking minutes of the day's recipes (planned leftovers: none)")


class CookedDish(BaseModel):
    meal_id: int
    slot: str
    name: str
    active_minutes: int
    total_minutes: int
    assembled: bool = Field(description="Put together in a few minutes with nothing to cook: not a cooking session")
    servings: float = Field(description="Servings to cook: this meal's and those of its planned leftovers")
    leftovers_for: list[MealRef] = Field(description="The later meals this batch feeds")


class CookingDay(BaseModel):
    date: date
    sessions: int = Field(description="Meals at which something is cooked (assembled dishes are not counted)")
    active_minutes: int
    dishes: list[CookedDish]


class PlanRead(BaseModel):
    id: int
    start_date: date
    created_at: datetime
    meals_per_day: int
    seed: int
    targets: TargetsRead = Field(description="The targets the plan was made for, as GET /api/targets gave them then")
    recipe_mix: Literal["any", "mostly_mine", "only_mine"] | None = Field(
        default=None, description="As asked when the plan was made (always given; 'any' for plans made before)"
    )
    recipe_notes: list[str] | None = Field(default=None, description="What the recipe mix could not do")
    days: list[PlanDayRead]
    cooking_sessions: list[CookingDay] = Field(
        default_factory=list, description="The week's cooking day by day: what is cooked, when, and what it feeds"
    )


class PlanSummary(BaseModel):
    id: int
    start_date: date
    days: int
    meals_per_day: int
    created_at: datetime


class PlanPage(BaseModel):
    items: list[PlanSummary]
    total: int


class Purchase(BaseModel):
    quantity: float
    unit: str


class GroceryItem(BaseModel):
    food_id: int
    name: str
    # As eaten, and in the food's household measure.
    grams: float
    quantity: float
    unit: str
    group: str | None = None
    # What to buy: the raw (or dry) weight, in what a shop sells, and what of that is left over.
    raw_grams: float
    purchase: Purchase
    leftover_grams: float
    aisle: str
    have: bool = Field(description="In the user's pantry (PUT /api/pantry/{food_id})")
    check_label: bool = Field(description="A shop-bought composite whose allergens vary by brand: read the label")


class GroceryList(BaseModel):
    plan_id: int
    items: list[GroceryItem]


class Pantry(BaseModel):
    food_ids: list[int]
