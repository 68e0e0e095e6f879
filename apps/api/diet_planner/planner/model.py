"""Plain data types of the plan generator: what it is asked (PlanRequest) and what it answers (PlanResult)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from diet_planner.planner.catalogue.schema import Catalogue, Recipe, pattern_groups

ItemKind = Literal["recipe", "food"]
NutrientTable = Mapping[str, Mapping[str, float | None]]  # NDB -> contract key -> amount per 100 g (None = unknown)

# Slots of a day by meals per day; the energy share (min, max) of each slot is renormalised per day shape.
SLOT_LAYOUTS: Final[dict[int, tuple[str, ...]]] = {
    3: ("breakfast", "lunch", "dinner"),
    4: ("breakfast", "lunch", "dinner", "snack"),
    5: ("breakfast", "snack", "lunch", "snack", "dinner"),
    6: ("breakfast", "snack", "lunch", "snack", "dinner", "snack"),
}
SLOT_SHARES: Final[dict[str, tuple[float, float]]] = {
    "breakfast": (0.20, 0.30),
    "lunch": (0.25, 0.35),
    "dinner": (0.30, 0.40),
    "snack": (0.05, 0.15),
}
ENERGY_BAND: Final[float] = 0.05  # every day within ±5 % of the energy target
SODIUM_MAX_MG: Final[float] = 2300.0  # CDRR (NASEM 2019)
SATURATED_FAT_MAX_SHARE: Final[float] = 0.10  # of energy (Dietary Guidelines for Americans)
MAX_ITEM_GRAMS: Final[float] = 600.0  # except drinks
DRINK_ROLES: Final[frozenset[str]] = frozenset({"beverage"})  # plain foods exempt from MAX_ITEM_GRAMS
MACRO_KEYS_SOFT: Final[frozenset[str]] = frozenset({"protein_g", "fat_g", "carbs_g"})
# ULs set for supplements or fortificants only (NASEM): not applied to food totals.
SUPPLEMENT_ONLY_UL: Final[frozenset[str]] = frozenset({"magnesium_mg", "niacin_mg", "folate_ug", "vitamin_e_mg"})


@dataclass(frozen=True)
class DietRules:
    """The hard rules of a profile: animal categories the diet excludes, allergies, excluded foods, keto limit."""

    diet: str = "omnivore"
    excluded_categories: frozenset[str] = frozenset()
    allergies: frozenset[str] = frozenset()
    excluded_ndbs: frozenset[str] = frozenset()
    net_carbs_max_g: float | None = None
    # Keto: the least share of a day's energy from fat.
    fat_share_min: float | None = None
    # The diet's cap on saturated fat as a share of energy when it is not the DGA's 10 % (SATURATED_FAT_MAX_SHARE).
    saturated_fat_max_share: float | None = None
    # A week's pattern (mediterranean): meals with a food group at most / at least so many times in 7 days.
    # Groups: catalogue.schema.pattern_groups ("red_meat", "fish", "legumes", "whole_grains", "olive_oil" ...).
    weekly_max: tuple[tuple[str, int], ...] = ()
    weekly_min: tuple[tuple[str, int], ...] = ()


def food_groups(ndbs: Iterable[str], catalogue: Catalogue) -> frozenset[str]:
    """The weekly-pattern groups of foods (DietRules.weekly_max / weekly_min): catalogue.schema.pattern_groups."""
    groups: set[str] = set()
    for ndb in ndbs:
        info = catalogue.ingredients.get(ndb)
        if info is not None:
            groups |= pattern_groups(info)
    return frozenset(groups)


def recipe_groups(recipe: Recipe, catalogue: Catalogue) -> frozenset[str]:
    return food_groups((item.ndb for item in recipe.ingredients), catalogue)


@dataclass(frozen=True)
class PlanItem:
    kind: ItemKind  # "recipe": ref is the recipe slug, quantity in servings; "food": ref is the NDB, quantity in units
    ref: str
    name: str
    quantity: float
    unit: str
    grams: float
    role: str = ""
    locked: bool = False
    # Planned leftovers: (day index, meal position) of the meal that cooked this batch; None when cooked here.
    leftover_of: tuple[int, int] | None = None


@dataclass(frozen=True)
class PlanMeal:
    slot: str
    name: str
    items: tuple[PlanItem, ...]


@dataclass(frozen=True)
class Shortfall:
    nutrient: str
    amount: float  # the day's total
    target: float  # the minimum it falls short of
    suggestion: str
    foods: tuple[str, ...] = ()  # NDBs of the foods the suggestion names: all allowed by the person's rules


@dataclass(frozen=True)
class DayPlan:
    meals: tuple[PlanMeal, ...]
    totals: dict[str, float]
    shortfalls: tuple[Shortfall, ...] = ()
    explanation: str = ""
    # Set when a hard limit (energy band, UL, sodium ...) could not be kept and was relaxed at a high price.
    relaxed: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlanResult:
    days: tuple[DayPlan, ...]
    explanation: str = ""
    # Nutrients whose value is unknown (null) in at least one food used: summed as 0.
    unknown_nutrients: tuple[str, ...] = ()


LEFTOVER_MODES: Final[tuple[str, ...]] = ("never", "some", "batch")


@dataclass(frozen=True)
class Kitchen:
    """How a person cooks: how much they like leftovers and the active minutes a day may take (None: no limit).
    never: every meal cooked fresh; some: a dinner cooked twice over, the rest eaten at the next day's lunch;
    batch: anything that keeps cooked in a larger batch and eaten at later meals within its fridge life."""

    leftovers: str = "never"
    weekday_minutes: int | None = None
    weekend_minutes: int | None = None
    start_weekday: int = 0  # of the plan's first day, 0 = Monday (date.weekday())

    def is_weekend(self, day_index: int) -> bool:
        return (self.start_weekday + day_index) % 7 >= 5

    def budget(self, day_index: int) -> int | None:
        """The active cooking minutes day `day_index` may take."""
        return self.weekend_minutes if self.is_weekend(day_index) else self.weekday_minutes


@dataclass
class PlanRequest:
    """Everything the solver needs, as plain data: no database, no web types."""

    days: int
    meals_per_day: int
    energy_kcal: float
    targets: dict[str, tuple[float | None, float | None]]  # contract key -> (min, max) per day, None = no bound
    rules: DietRules
    nutrients: NutrientTable
    catalogue: Catalogue
    seed: int = 0
    # Uses of each recipe slug in the week before this plan (for the at-most-twice-a-week rule across plans).
    history: Mapping[str, int] = field(default_factory=dict)
    # Recipe slug -> how much cheaper choosing it is (a person's favourites, their own recipes when they want
    # mostly those): ties go to it, and the shortlist samples it first.
    recipe_bonus: Mapping[str, float] = field(default_factory=dict)
    # Recipes to plan in as many meals as the rules allow ("only my recipes"): each day's search first finds a day
    # with them, which its MILP then starts from, so a search stopped early never loses them (search.py).
    first_choice: frozenset[str] = frozenset()
    # CPU-time budget of a day (most of it for its MILP, the rest for a polish), counted in HiGHS's limit checks
    # (highs_worker.CHECKS_PER_SECOND); the solves of a week mostly stop on it at their root node, not on their gap.
    # Wall clock is capped at forty times this (highs_worker.WALL_CAP), so a seed reproduces on a busy server.
    time_limit_s: float = 0.3
    kitchen: Kitchen = field(default_factory=Kitchen)

    @property
    def slots(self) -> tuple[str, ...]:
        return SLOT_LAYOUTS[self.meals_per_day]


class PlanInfeasible(Exception):
    """The hard rules leave no plan; `conflicts` names the constraints that clash."""

    def __init__(self, message: str, conflicts: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.conflicts = conflicts
