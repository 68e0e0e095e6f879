"""Request and response bodies of /api/foods and /api/recipes."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from diet_planner.foods.ingredients import MAX_LINE_CHARS, MAX_LINES
from diet_planner.foods.labels import display_name
from diet_planner.nutrition.keys import NUTRIENT_KEYS

MEAL_TYPES = ("breakfast", "lunch", "dinner", "snack")


class MeasureIn(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    amount: float = Field(gt=0, le=10_000)
    grams: float = Field(gt=0, le=100_000)


def _check_nutrients(value: dict[str, float | None]) -> dict[str, float | None]:
    unknown = sorted(set(value) - set(NUTRIENT_KEYS))
    if unknown:
        raise ValueError(f"unknown nutrient keys: {', '.join(unknown)}")
    for key, amount in value.items():
        if amount is not None and (not math.isfinite(amount) or amount < 0 or amount > 100_000):
            raise ValueError(f"{key} must be a number from 0 to 100000 per 100 g, or null")
    if (value.get("energy_kcal") or 0) > 902:
        raise ValueError("energy_kcal above 902 per 100 g is impossible (pure fat has 900)")
    return value


class FoodCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    name: str = Field(min_length=1, max_length=300)
    nutrients: dict[str, float | None] = Field(description="Per 100 g, or per serving when serving_grams is given")
    serving_grams: float | None = Field(
        default=None,
        gt=0,
        le=5000,
        description="The label's serving size in grams: `nutrients` are then per serving (stored per 100 g, and "
        "the serving becomes the food's first measure)",
    )
    measures: list[MeasureIn] = Field(default_factory=list, max_length=50)

    _nutrients = field_validator("nutrients")(_check_nutrients)


class FoodUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(default=None, min_length=1, max_length=300)
    nutrients: dict[str, float | None] | None = None
    measures: list[MeasureIn] | None = Field(default=None, max_length=50)

    @field_validator("nutrients")
    @classmethod
    def _valid(cls, value: dict[str, float | None] | None) -> dict[str, float | None] | None:
        return None if value is None else _check_nutrients(value)


class FoodConflict(BaseModel):
    kind: Literal["allergy", "diet", "excluded"]
    name: str = Field(description="The allergen (tree_nut), the diet (vegan), or 'excluded'")
    certainty: Literal["contains", "may_contain"] = Field(
        description="contains: from reviewed ingredient data; may_contain: judged from the name and food group"
    )
    label: str = Field(description="In words, e.g. 'May contain tree nuts'")


class PortionRead(BaseModel):
    quantity: float
    unit: str
    grams: float


class FoodSummary(BaseModel):
    id: int
    name: str
    group: str | None
    source: str
    source_id: str
    energy_kcal: float | None
    protein_g: float | None
    fat_g: float | None
    carbs_g: float | None
    favourite: bool = Field(False, description="Starred by the signed-in person")
    display_name: str = Field("", description="The name people know it by (the planner's); `name` is the database's")
    conflicts: list[FoodConflict] = Field(
        default_factory=list, description="Signed in: the person's allergies, diet or excluded foods it clashes with"
    )


class FoodPage(BaseModel):
    items: list[FoodSummary]
    total: int


class MeasureRead(BaseModel):
    name: str
    amount: float
    grams: float


class FoodRead(BaseModel):
    id: int
    name: str
    group: str | None
    group_code: str | None
    source: str
    source_id: str
    source_release: str | None
    # A USDA food the current release no longer lists: kept for what points at it, not offered in search.
    discontinued: bool = False
    owner_id: int | None
    nutrients: dict[str, float | None]
    measures: list[MeasureRead]
    display_name: str = ""
    default_portion: PortionRead | None = Field(
        default=None, description="The amount to offer first: the food's most common household measure"
    )


class IngredientIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    food_id: int
    grams: float | None = Field(default=None, gt=0, le=20_000)
    quantity: float | None = Field(default=None, gt=0, le=1_000)
    unit: str | None = Field(default=None, min_length=1, max_length=200)
    note: str = Field(default="", max_length=200)

    @model_validator(mode="after")
    def _amount(self) -> IngredientIn:
        if self.grams is None and (self.quantity is None or self.unit is None):
            raise ValueError("give grams, or quantity and unit")
        return self


class RecipePlannerFields(BaseModel):
    """What the planner reads of a recipe beside its ingredients, the same on create and update: each may be left
    out (null), and the planner then uses its default (foods.service._planner_recipe)."""

    model_config = ConfigDict(extra="forbid")

    prep_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    active_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    total_minutes: int | None = Field(default=None, ge=0, le=24 * 60)
    keeps_days: int | None = Field(default=None, ge=0, le=7)
    cuisine: str | None = Field(default=None, max_length=40)
    main_protein: str | None = Field(default=None, max_length=60)
    min_servings: float | None = Field(default=None, ge=0.25, le=10)
    max_servings: float | None = Field(default=None, ge=0.25, le=10)
    serving_step: float | None = Field(default=None, ge=0.25, le=5)


def _meal_types(value: list[str]) -> list[str]:
    wrong = [v for v in value if v not in MEAL_TYPES]
    if wrong:
        raise ValueError(f"meal_types must be among {', '.join(MEAL_TYPES)}")
    return list(dict.fromkeys(value))


class RecipeCreate(RecipePlannerFields):
    name: str = Field(min_length=1, max_length=300)
    servings: float = Field(default=1, gt=0, le=100)
    meal_types: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list, max_length=30)
    steps: list[str] = Field(default_factory=list, max_length=50)
    ingredients: list[IngredientIn] = Field(min_length=1, max_length=100)

    @field_validator("meal_types")
    @classmethod
    def _slots(cls, value: list[str]) -> list[str]:
        return _meal_types(value)


class RecipeUpdate(RecipePlannerFields):
    name: str | None = Field(default=None, min_length=1, max_length=300)
    servings: float | None = Field(default=None, gt=0, le=100)
    meal_types: list[str] | None = None
    tags: list[str] | None = None
    steps: list[str] | None = None
    ingredients: list[IngredientIn] | None = Field(default=None, min_length=1, max_length=100)

    @field_validator("meal_types")
    @classmethod
    def _slots(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _meal_types(value)


class RecipeIngredientRead(BaseModel):
    food_id: int
    source: str
    source_id: str
    name: str
    grams: float
    note: str = ""


class RecipeRead(BaseModel):
    id: int
    name: str
    servings: float
    meal_types: list[str]
    tags: list[str]
    steps: list[str]
    prep_minutes: int | None
    total_minutes: int | None = None  # minutes from start to plate (the same as prep_minutes)
    active_minutes: int  # hands-on minutes (the planner's default when not given)
    keeps_days: int  # days in the fridge as leftovers; 0: made fresh
    cuisine: str
    main_protein: str | None = None
    min_servings: float
    max_servings: float
    serving_step: float
    catalogue_slug: str | None
    owner_id: int | None = None  # null: the catalogue's
    source: str
    grams_per_serving: float
    ingredients: list[RecipeIngredientRead]
    nutrients_per_serving: dict[str, float | None]
    # Nutrient key -> the ingredients with no value for it: the recipe's value is unknown (null), not 0.
    incomplete: dict[str, list[str]] = Field(default_factory=dict)
    # Derived from the ingredients exactly as for the catalogue (planner.catalogue.recipe_rules).
    diets: list[str]
    allergens: list[str]  # of the ingredients whose make-up is known
    # Ingredients with no allergen or diet information (a person's own food, a food outside the catalogue's
    # ingredient table): the recipe is then planned for no allergy and no diet that excludes a kind of food.
    unknown_ingredients: list[str] = Field(default_factory=list)
    rule_notes: list[str] = Field(default_factory=list)  # why a rule keeps the recipe out of some plans
    preference: Literal["favourite", "never"] | None = None  # the caller's word on it


class RecipePreferenceItem(BaseModel):
    recipe_id: int
    preference: Literal["favourite", "never"]


class RecipePreferencePage(BaseModel):
    items: list[RecipePreferenceItem]


class RecipePreferenceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    preference: Literal["favourite", "never"] | None


class RecipePage(BaseModel):
    items: list[RecipeRead]
    total: int


class FoodRef(BaseModel):
    id: int
    source: str
    source_id: str
    name: str


class ParseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lines: list[str] = Field(min_length=1, max_length=MAX_LINES)

    @field_validator("lines")
    @classmethod
    def _short_lines(cls, value: list[str]) -> list[str]:
        for index, line in enumerate(value):
            if len(line) > MAX_LINE_CHARS:
                raise ValueError(f"line {index + 1} is longer than {MAX_LINE_CHARS} characters")
        return value


class ParsedLine(BaseModel):
    line: str
    quantity: float | None
    unit: str | None
    food: FoodRef | None
    grams: float | None
    measure: str | None = Field(description="The food's household measure the grams come from")
    preparation: str | None
    confidence: float = Field(ge=0, le=1, description="How sure the food match is, 0 to 1")
    alternatives: list[FoodRef]
    note: str | None = Field(description="Why there are no grams or no food (to taste, no measure, a heading)")


class ParseResponse(BaseModel):
    items: list[ParsedLine]


class RecipeImportRequest(BaseModel):
    """Exactly one of: a page's URL (fetched only when the server enables it), a saved page's HTML, pasted text."""

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(default=None, min_length=8, max_length=2000)
    html: str | None = Field(default=None, min_length=1, max_length=950_000)
    text: str | None = Field(default=None, min_length=1, max_length=50_000)

    @model_validator(mode="after")
    def _one(self) -> RecipeImportRequest:
        given = [name for name in ("url", "html", "text") if getattr(self, name) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of url, html or text")
        return self


class DraftIngredient(ParsedLine):
    # Null when the line has a food and grams; else why not ("no food matches this line", "to taste", a unit the
    # food has no measure for): the person fixes it on the review screen.
    flag: str | None = None


class RecipeDraft(BaseModel):
    """An imported recipe for the person to review and save with POST /api/recipes (nothing is saved yet)."""

    name: str
    servings: float
    servings_given: bool = Field(description="False when the source gave no servings (then 1)")
    steps: list[str]
    total_minutes: int | None
    active_minutes: int | None = None
    image: str | None = None
    meal_types: list[str] = Field(default_factory=list)
    source_url: str | None = None
    found_in: str = Field(description='"json-ld", "microdata" or "text"')
    warnings: list[str] = Field(default_factory=list)
    ingredients: list[DraftIngredient]


def food_summary(
    food: Any,
    favourites: frozenset[int] = frozenset(),
    conflicts: Mapping[int, list[dict[str, str]]] | None = None,
) -> dict[str, Any]:
    nutrients = food.nutrients or {}
    return {
        "favourite": food.id in favourites,
        "display_name": display_name(food),
        "conflicts": (conflicts or {}).get(food.id, []),
        "id": food.id,
        "name": food.name,
        "group": food.group_name,
        "source": food.source,
        "source_id": food.source_id,
        **{key: nutrients.get(key) for key in ("energy_kcal", "protein_g", "fat_g", "carbs_g")},
    }
