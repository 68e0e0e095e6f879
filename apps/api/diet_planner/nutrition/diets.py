"""Every diet's rules in one place: excluded food categories, macro shifts and meal-pattern preferences."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final, Literal, get_args

Diet = Literal["omnivore", "vegetarian", "vegan", "pescatarian", "keto", "mediterranean"]
DIETS: Final[tuple[str, ...]] = get_args(Diet)
# Animal-derived categories an ingredient can belong to; each diet excludes some of them.
CATEGORIES: Final[tuple[str, ...]] = (
    "meat",
    "poultry",
    "fish",
    "shellfish",
    "dairy",
    "egg",
    "honey",
    # Cheeses made with calf rennet by law or custom (parmesan, pecorino): not vegetarian.
    "animal_rennet",
)
_ANIMAL_FLESH: Final = frozenset({"meat", "poultry", "fish", "shellfish"})


@dataclass(frozen=True)
class DietRules:
    """What a diet changes relative to the DRI defaults. `None` means "use the default"."""

    name: str
    description: str
    # Ingredient CATEGORIES a plan must never contain.
    excluded_categories: frozenset[str] = frozenset()
    # Percent-of-energy ranges replacing the AMDR for that macronutrient.
    fat_percent: tuple[float, float] | None = None
    carbs_percent: tuple[float, float] | None = None
    # Limit on net carbohydrate (carbs_g - fiber_g), grams per day; the carbohydrate AMDR and RDA are dropped.
    net_carbs_max_g: float | None = None
    # Fibre AI in g per 1,000 kcal when the diet relaxes the default 14 g.
    fiber_g_per_1000_kcal: float | None = None
    saturated_fat_max_percent: float | None = None
    # Soft preferences for the planner: what to favour, and how often a category may appear per week.
    preferred: tuple[str, ...] = ()
    max_meals_per_week: dict[str, int] = field(default_factory=dict)
    # How often a food group must appear per week (meals), e.g. fish at least twice in the mediterranean pattern.
    min_meals_per_week: dict[str, int] = field(default_factory=dict)
    basis: str = ""


RULES: Final[dict[str, DietRules]] = {
    "omnivore": DietRules(
        name="omnivore",
        description="No restriction beyond allergies and excluded foods.",
        basis="DRI defaults: AMDR, RDA/AI and UL unchanged.",
    ),
    "vegetarian": DietRules(
        name="vegetarian",
        description=(
            "Lacto-ovo vegetarian: no meat, poultry, fish or shellfish, nor cheese made with animal rennet; dairy, "
            "eggs and honey allowed."
        ),
        excluded_categories=_ANIMAL_FLESH | {"animal_rennet"},
        basis="DRI defaults. NASEM notes iron needs are 1.8 times higher on a vegetarian diet (lower bioavailability).",
    ),
    "vegan": DietRules(
        name="vegan",
        description="No animal products: no meat, poultry, fish, shellfish, dairy, eggs or honey.",
        excluded_categories=_ANIMAL_FLESH | {"dairy", "egg", "honey", "animal_rennet"},
        basis=(
            "DRI defaults. Vitamin B12 must come from fortified foods or a supplement; iron needs are 1.8 times "
            "higher on a vegetarian diet (NASEM)."
        ),
    ),
    "pescatarian": DietRules(
        name="pescatarian",
        description="No meat or poultry; fish, shellfish, dairy and eggs allowed.",
        excluded_categories=frozenset({"meat", "poultry"}),
        basis="DRI defaults.",
    ),
    "keto": DietRules(
        name="keto",
        description="Ketogenic: net carbohydrate at most 25 g/day, 65-80% of energy from fat, protein at least the RDA.",
        fat_percent=(65.0, 80.0),
        net_carbs_max_g=25.0,
        # 25 g of net carbs leaves little room for fibre-rich grains and legumes; 10 g/1,000 kcal
        # is reachable with non-starchy vegetables, nuts and seeds.
        fiber_g_per_1000_kcal=10.0,
        # With 65 % of energy from fat, under 10 % from saturated fat would leave ~85 % of all fat to olive oil,
        # nuts, avocado and fish; ketogenic protocols do not hold to the DGA's 10 %. 12 % keeps it near it.
        saturated_fat_max_percent=12.0,
        basis=(
            "Ketogenic pattern (net carbs = carbs - fibre ≤ 25 g/day; fat 65-80% of energy) replaces the "
            "carbohydrate AMDR and RDA; protein keeps its RDA; the fibre target is relaxed to 10 g per 1,000 kcal."
        ),
    ),
    "mediterranean": DietRules(
        name="mediterranean",
        description=(
            "Mediterranean pattern: fish at least twice a week, legumes, vegetables, whole grains, nuts and olive oil; "
            "red meat at most twice a week, no processed meat."
        ),
        fat_percent=(25.0, 40.0),
        saturated_fat_max_percent=10.0,
        preferred=("fish", "shellfish", "legumes", "olive_oil", "vegetables", "whole_grains", "nuts", "fruit"),
        # Groups of the planner (planner.model.DietRules): red meat is an ingredient of category "meat".
        # Olive oil as the main fat: in a meal a day at least, another oil or butter in three meals a week at most;
        # legumes three times a week (PREDIMED), whole grains on most days.
        max_meals_per_week={"red_meat": 2, "other_fat": 3},
        min_meals_per_week={"fish": 2, "legumes": 3, "whole_grains": 5, "olive_oil": 7},
        basis=(
            "Mediterranean pattern (e.g. PREDIMED; DGA 2020-2025 Healthy Mediterranean-Style Dietary Pattern): fat "
            "25-40% of energy, mostly unsaturated from olive oil and nuts; saturated fat under 10%."
        ),
    ),
}

assert set(RULES) == set(DIETS), "every diet needs rules"
assert all(rule.excluded_categories <= set(CATEGORIES) for rule in RULES.values())


def rules(diet: str) -> DietRules:
    try:
        return RULES[diet]
    except KeyError:
        raise ValueError(f"unknown diet {diet!r}; expected one of {', '.join(RULES)}") from None


def excluded_categories(diet: str) -> frozenset[str]:
    """Ingredient categories a plan for this diet must not contain (a hard rule for the planner)."""
    return rules(diet).excluded_categories


def effective_rules(diet: str, life_stage: str = "none") -> DietRules:
    """The rules that apply to a person: carbohydrate needs rise in pregnancy and lactation (RDA 175 / 210 g),
    so the ketogenic macro pattern is not applied then (its food rules, none beyond omnivore, still are)."""
    chosen = rules(diet)
    if chosen.net_carbs_max_g is not None and life_stage != "none":
        return RULES["omnivore"]
    return chosen
