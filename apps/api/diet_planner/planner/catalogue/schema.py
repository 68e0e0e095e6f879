"""Plain data types of the recipe and food catalogue (pure: no web or database imports)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

# The catalogue validates its tags against these; they belong to nutrition, re-exported here.
from diet_planner.nutrition.allergens import ALLERGENS as ALLERGENS
from diet_planner.nutrition.diets import CATEGORIES as CATEGORIES
from diet_planner.nutrition.diets import DIETS as DIETS

SLOTS: Final[tuple[str, ...]] = ("breakfast", "lunch", "dinner", "snack")
# A recipe's cooking tradition: the catalogue spans these (issue 18 asks for at least 12 in use).
CUISINES: Final[tuple[str, ...]] = (
    "american",
    "british",
    "mexican",
    "latin_american",
    "caribbean",
    "italian",
    "french",
    "spanish",
    "greek",
    "middle_eastern",
    "north_african",
    "west_african",
    "ethiopian",
    "indian",
    "chinese",
    "japanese",
    "korean",
    "thai",
    "vietnamese",
    "indonesian",
    "eastern_european",
    "nordic",
    "international",
)
ROLES: Final[tuple[str, ...]] = ("protein", "grain", "vegetable", "fruit", "dairy", "fat", "beverage", "snack")
INGREDIENT_TAGS: Final[tuple[str, ...]] = ("processed_meat", "saturated_fat_source")
# Where a shop shelves a food: the grocery list is grouped by these, in this (walking) order.
AISLES: Final[tuple[str, ...]] = (
    "produce",
    "bakery",
    "meat",
    "fish",
    "deli",
    "dairy & eggs",
    "refrigerated",
    "frozen",
    "grains, pasta & pulses",
    "canned & jarred",
    "breakfast cereals",
    "baking",
    "spices",
    "oils & condiments",
    "dried fruit & nuts",
    "snacks",
    "drinks",
)


@dataclass(frozen=True)
class Package:
    """What a shop sells a food in: `unit` ("can (15 oz), drained", "lb", "dozen") of `grams`, bought in `step`s."""

    unit: str
    grams: float
    step: float = 1.0


@dataclass(frozen=True)
class IngredientInfo:
    """What a USDA food is made of, for the hard rules: animal categories and allergens."""

    ndb: str
    name: str
    categories: frozenset[str] = frozenset()
    allergens: frozenset[str] = frozenset()
    # INGREDIENT_TAGS: "processed_meat", "saturated_fat_source" (they keep a recipe out of the mediterranean pattern).
    tags: frozenset[str] = frozenset()
    aisle: str = "produce"
    # For a food listed cooked: grams cooked per gram bought raw (or dry), from USDA SR24's raw and cooked
    # proximates (protein kept for meat and fish, dry matter kept for grains and pulses); `raw_ndb` names the
    # raw food. None for foods bought as eaten.
    cooked_yield: float | None = None
    raw_ndb: str | None = None
    package: Package | None = None
    # Shop-bought composite (bread, sauce, sausage): its allergens vary by brand, the label decides.
    check_label: bool = False

    def raw_grams(self, cooked_grams: float) -> float:
        """Grams to buy for `cooked_grams` on the plate."""
        return cooked_grams / self.cooked_yield if self.cooked_yield else cooked_grams


@dataclass(frozen=True)
class Ingredient:
    ndb: str  # USDA NDB number, 5 digits
    grams: float  # for the whole recipe
    note: str = ""  # how the cook sees it: "2 medium", "1 cup, chopped"


# Ready in this many minutes from start to plate: an assembled dish (Recipe.assembled).
ASSEMBLED_MAX_MINUTES = 5


@dataclass(frozen=True)
class Recipe:
    slug: str
    name: str
    slots: tuple[str, ...]
    servings: float  # whole in the catalogue; a person's own recipe may make 2.5
    # Hands-on minutes, and minutes from start to plate (grains and potatoes counted); the planner budgets
    # active minutes per day.
    active_minutes: int
    total_minutes: int
    # Days a cooked batch keeps in the fridge and still eats well; 0: made fresh (dressed salads, eggs to
    # order, toast), never planned as leftovers.
    keeps_days: int
    ingredients: tuple[Ingredient, ...]
    steps: tuple[str, ...]
    tags: tuple[str, ...] = ()
    # CUISINES; "international" for dishes of no one tradition (overnight oats, a smoothie).
    cuisine: str = "international"
    # The meal's main protein ("chicken", "beef", "lentils", "tofu", "egg", "salmon" ...) for variety rules.
    main_protein: str | None = None
    # Declared in the data file and checked against the ingredients by the tests.
    diets: frozenset[str] = frozenset()
    allergens: frozenset[str] = frozenset()
    # Portion bounds in servings; the planner moves in steps of `serving_step`.
    min_servings: float = 1.0
    max_servings: float = 2.0
    serving_step: float = 0.5

    @property
    def assembled(self) -> bool:
        """Put together in a few minutes with nothing to cook (cereal and milk, yogurt and fruit, a plate of smoked
        salmon): made at the table, not a cooking session, and never batch-cooked."""
        return self.total_minutes <= ASSEMBLED_MAX_MINUTES

    @property
    def batchable(self) -> bool:
        """Worth cooking in a larger batch for later meals: it is cooked, and keeps (reheats or eats cold) well."""
        return self.keeps_days > 0 and not self.assembled

    @property
    def prep_minutes(self) -> int:
        """ "Ready in" minutes, as the foods table has always stored them."""
        return self.total_minutes

    @property
    def total_grams(self) -> float:
        return sum(item.grams for item in self.ingredients)

    @property
    def grams_per_serving(self) -> float:
        return self.total_grams / self.servings


# The weekly-pattern groups of an ingredient (planner DietRules.weekly_max / weekly_min; the mediterranean
# pattern's fish, red meat, legumes, whole grains and olive oil as the main fat), by USDA category and name.
_PULSES = re.compile(r"^(Beans|Broadbeans|Chickpea|Cowpeas|Lentils|Peas, split|Hummus)", re.IGNORECASE)
_WHOLE_GRAINS = re.compile(
    r"oats|whole[- ]grain|whole-wheat|buckwheat|bulgur|millet|rice, brown|quinoa|teff|farro|crackers, rye|soba",
    re.IGNORECASE,
)
OLIVE_OIL_NDB: Final = "04053"


def pattern_groups(info: IngredientInfo) -> frozenset[str]:
    """ "red_meat" (beef, pork, lamb: category meat), "fish" (and shellfish), "legumes" (beans, lentils, chickpeas,
    split peas: not soy or peanuts), "whole_grains", "olive_oil", "other_fat" (any other oil, butter, mayonnaise)."""
    groups: set[str] = set()
    if "meat" in info.categories:
        groups.add("red_meat")
    if info.categories & {"fish", "shellfish"}:
        groups.add("fish")
    if info.ndb.startswith("16") and _PULSES.search(info.name):
        groups.add("legumes")
    if _WHOLE_GRAINS.search(info.name):
        groups.add("whole_grains")
    if info.ndb == OLIVE_OIL_NDB or info.name.lower().startswith("oil, olive"):
        groups.add("olive_oil")
    elif info.ndb.startswith("04") or info.name.lower().startswith("butter"):
        groups.add("other_fat")
    return frozenset(groups)


# A plain food served by the glass (milk, a plant drink, juice): one to a meal, not orange juice and milk and soy milk.
GLASS_TAG: Final = "glass"


def is_drink(recipe: Recipe) -> bool:
    """Drinks may exceed the planner's largest portion (MAX_ITEM_GRAMS)."""
    return "beverage" in recipe.tags or "drink" in recipe.tags


def ingredient_grams(recipe: Recipe, grams: float | None = None) -> list[tuple[str, float]]:
    """(NDB, grams) of the recipe's ingredients in one serving, or in `grams` of the dish.

    A plan item passes its grams, not its servings: grams are what the plan shows, the diary logs and the
    checker counts, and they stay right for an item stored before the catalogue changed the recipe."""
    # Each ingredient's share of the dish: 1/servings of it in a serving, grams/total_grams in `grams`.
    if grams is None:
        return [(item.ndb, item.grams / recipe.servings) for item in recipe.ingredients]
    total = recipe.total_grams
    return [(item.ndb, item.grams * grams / total) for item in recipe.ingredients]


@dataclass(frozen=True)
class PlainFood:
    """A food eaten as it is (fruit, yoghurt, bread, milk, nuts), in household units."""

    ndb: str
    name: str  # display name ("Banana", "Whole-wheat bread")
    role: str
    slots: tuple[str, ...]
    unit: str  # "medium", "slice", "cup", "tbsp", "oz" ...
    unit_grams: float
    step: float = 1.0  # 0.5 allows half units
    min_units: float = 1.0
    max_units: float = 2.0
    tags: tuple[str, ...] = ()
    # Diets the food fits (declared in the data file, checked against the ingredients by the tests).
    diets: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Catalogue:
    recipes: tuple[Recipe, ...]
    plain_foods: tuple[PlainFood, ...]
    ingredients: dict[str, IngredientInfo] = field(default_factory=dict)
