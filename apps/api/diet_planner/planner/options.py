"""What each meal may choose: the catalogue filtered by the hard rules, as options with nutrients per unit."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.advice import Advice, Portion, build_advice
from diet_planner.planner.catalogue.schema import DIETS, GLASS_TAG, PlainFood, Recipe, ingredient_grams, is_drink
from diet_planner.planner.model import (
    DRINK_ROLES,
    MAX_ITEM_GRAMS,
    PlanInfeasible,
    PlanItem,
    PlanRequest,
    food_groups,
    recipe_groups,
)
from diet_planner.planner.requirements import DayRequirements, day_requirements
from diet_planner.planner.unknowns import upper_per_100g

Vector = npt.NDArray[np.float64]
KEY_INDEX = {key: i for i, key in enumerate(NUTRIENT_KEYS)}

# Which plain foods may go beside a recipe: a cook serves no bread with a sandwich, no turkey beside a pork chop.
PROTEIN_SIDE_MAX_G = 15.0  # protein per serving below which a recipe may take a protein food beside it
STARCH_SIDE_MAX_G = 25.0  # grams of grain or potato per serving from which a recipe takes no grain side
STARCHY_NAMES = ("Potatoes", "Sweet potato", "Snacks, rice cakes")
SIDE_ROLES = frozenset({"protein", "grain", "vegetable", "fruit", "dairy", "fat", "beverage", "snack"})
# Dishes that swap the grain out (zucchini noodles, cauliflower rice, a bunless burger, lettuce wraps): a grain
# beside them undoes the dish.
BASE_ROLES = frozenset({"vegetable", "fruit", "grain", "protein"})
LOW_CARB_SWAP = re.compile(r"zucchini noodle|zoodle|cauliflower rice|bunless|lettuce (wrap|cup)", re.IGNORECASE)


@dataclass
class Option:
    """A recipe (in servings) or a plain food (in units) one meal may take: base + step·k, k in 0..k_max."""

    kind: str  # "recipe" | "food"
    ref: str
    name: str
    role: str
    unit: str
    base: float  # quantity when chosen with k = 0
    step: float
    k_max: int
    per_unit: Vector  # nutrients per serving (recipe) or per unit (food)
    grams_per_unit: float
    main_protein: str | None = None
    # Recipes: the roles of plain foods that may go beside it.
    side_roles: frozenset[str] = frozenset()
    ingredients: frozenset[str] = frozenset()  # recipes: NDBs of the ingredients
    bases: frozenset[str] = frozenset()  # recipes: their ingredients' base foods; foods: their own (base_food)
    # per_unit with each unknown value at its upper bound (planner/unknowns.py): what limits count.
    per_unit_upper: Vector | None = None
    # Recipes: hands-on minutes to cook it (0 for the rest of an earlier batch), weekly-pattern groups.
    active_minutes: int = 0
    keeps_days: int = 0
    # Recipes: something is cooked (not assembled at the table), and it may be batch-cooked (Recipe.batchable).
    cooked: bool = False
    batchable: bool = False
    groups: frozenset[str] = frozenset()
    # The rest of a batch cooked at (day index, meal position) of an earlier day: eaten, not cooked.
    leftover_of: tuple[int, int] | None = None
    glass: bool = False  # foods: served by the glass (schema.GLASS_TAG), one to a meal


@dataclass
class Context:
    """A request made ready to solve: its requirements and each meal slot's options, built once per request."""

    request: PlanRequest
    req: DayRequirements
    slots: tuple[str, ...]
    options: dict[str, list[Option]]  # by slot name
    recipes: dict[str, Recipe]
    foods: dict[str, PlainFood]
    unknown: set[str] = field(default_factory=set)  # nutrient keys some chosen food has no value for
    # Shortfall advice per minimum, naming only foods that pass this person's hard rules (planner/advice.py).
    advice: dict[str, Advice] = field(default_factory=dict)
    # Every allowed recipe's option whatever its slots: a dinner's leftovers may make a lunch.
    recipe_options: dict[str, Option] = field(default_factory=dict)


def _is_starchy(ndb: str, request: PlanRequest) -> bool:
    # USDA groups 08 (cereals), 18 (baked products), 20 (grains, pasta), and potatoes and rice cakes.
    info = request.catalogue.ingredients.get(ndb)
    name = info.name if info is not None else ""
    return ndb[:2] in ("08", "18", "20") or name.startswith(STARCHY_NAMES)


def side_roles(recipe: Recipe, request: PlanRequest, per_serving: Vector) -> frozenset[str]:
    """Roles a plain food beside this recipe may have: a protein food only when the recipe is light in protein,
    a grain or starch only when the recipe has none (no oatmeal beside pancakes, no bread beside a sandwich)."""
    roles = set(SIDE_ROLES)
    if per_serving[KEY_INDEX["protein_g"]] >= PROTEIN_SIDE_MAX_G:
        roles.discard("protein")
    starch = sum(grams for ndb, grams in ingredient_grams(recipe) if _is_starchy(ndb, request))
    if starch >= STARCH_SIDE_MAX_G or LOW_CARB_SWAP.search(recipe.name):
        roles.discard("grain")
    return frozenset(roles)


def base_food(ndb: str, request: PlanRequest) -> str:
    """A food's base, the head of its USDA name ("cauliflower" for raw and for boiled cauliflower): no side may
    repeat the dish's base (steamed cauliflower beside cauliflower rice)."""
    info = request.catalogue.ingredients.get(ndb)
    return info.name.split(",")[0].strip().lower() if info is not None else ndb


# --- the hard rules, checked on every ingredient ---------------------------------------------------------------


def _ingredient_conflicts(ndb: str, request: PlanRequest) -> list[str]:
    rules = request.rules
    info = request.catalogue.ingredients.get(ndb)
    reasons: list[str] = []
    if ndb in rules.excluded_ndbs:
        reasons.append(f"excluded_food:{ndb}")
    if ndb not in request.nutrients:
        reasons.append(f"unknown_food:{ndb}")
    if info is None:
        # Unknown make-up cannot be shown to respect a diet or an allergy.
        if rules.excluded_categories or rules.allergies:
            reasons.append(f"unknown_ingredient:{ndb}")
        return reasons
    reasons.extend(f"diet:{rules.diet}" for _ in info.categories & rules.excluded_categories)
    reasons.extend(f"allergy:{a}" for a in sorted(info.allergens & rules.allergies))
    return reasons


def _declared_conflicts(diets: frozenset[str], request: PlanRequest) -> list[str]:
    # The catalogue declares the diets an item fits (keto by nutrients, mediterranean by tags); respect them.
    diet = request.rules.diet
    return [f"diet:{diet}"] if diets and diet in DIETS and diet not in diets else []


def _recipe_conflicts(recipe: Recipe, request: PlanRequest) -> list[str]:
    reasons = [f"allergy:{a}" for a in sorted(recipe.allergens & request.rules.allergies)]
    reasons.extend(_declared_conflicts(recipe.diets, request))
    for item in recipe.ingredients:
        reasons.extend(_ingredient_conflicts(item.ndb, request))
    return reasons


# --- nutrients ---------------------------------------------------------------------------------------------------


def per_100g(ndb: str, request: PlanRequest, unknown: set[str]) -> Vector:
    vec = np.zeros(len(NUTRIENT_KEYS))
    row = request.nutrients.get(ndb, {})
    for key, i in KEY_INDEX.items():
        value = row.get(key)
        if value is None:
            unknown.add(key)  # adds nothing toward a minimum, and the plan says so; limits use upper_100g
        else:
            vec[i] = float(value)
    return vec


def upper_100g(ndb: str, request: PlanRequest) -> Vector:
    """Per-100 g values for limits: each unknown at its upper bound, never 0 (planner/unknowns.py)."""
    return upper_per_100g(ndb, request.nutrients.get(ndb, {}))


def item_vector(item: PlanItem, ctx: Context, upper: bool = False) -> Vector:
    """Nutrients of a planned item from its grams (a recipe's by its ingredients' share of them); with
    `upper`, unknowns at their upper bounds, as limits count them."""

    def vector(ndb: str) -> Vector:
        return upper_100g(ndb, ctx.request) if upper else per_100g(ndb, ctx.request, ctx.unknown)

    if item.kind == "recipe":
        recipe = ctx.recipes.get(item.ref)
        if recipe is None or recipe.total_grams <= 0:
            return np.zeros(len(NUTRIENT_KEYS))
        vec = np.zeros(len(NUTRIENT_KEYS))
        for ndb, grams in ingredient_grams(recipe, item.grams):
            vec += vector(ndb) * (grams / 100.0)
        return vec
    return vector(item.ref) * (item.grams / 100.0)


# --- options -----------------------------------------------------------------------------------------------------


def servings_cap(recipe: Recipe) -> float:
    """The most servings of the recipe one meal may hold: its maximum, within MAX_ITEM_GRAMS unless a drink. Below
    its minimum servings, the recipe is never planned."""
    gps = recipe.grams_per_serving
    if is_drink(recipe) or gps <= 0:
        return recipe.max_servings
    return min(recipe.max_servings, MAX_ITEM_GRAMS / gps)


def _recipe_option(recipe: Recipe, request: PlanRequest, unknown: set[str]) -> Option | None:
    per_serving = np.zeros(len(NUTRIENT_KEYS))
    upper = np.zeros(len(NUTRIENT_KEYS))
    for ndb, grams in ingredient_grams(recipe):
        per_serving += per_100g(ndb, request, unknown) * (grams / 100.0)
        upper += upper_100g(ndb, request) * (grams / 100.0)
    gps = recipe.grams_per_serving
    step = recipe.serving_step if recipe.serving_step > 0 else 0.5
    top = servings_cap(recipe)
    if recipe.min_servings > top + 1e-9:
        return None
    return Option(
        kind="recipe",
        ref=recipe.slug,
        name=recipe.name,
        role="recipe",
        unit="serving",
        base=recipe.min_servings,
        step=step,
        k_max=max(0, math.floor((top - recipe.min_servings) / step + 1e-9)),
        per_unit=per_serving,
        per_unit_upper=upper,
        grams_per_unit=gps,
        main_protein=recipe.main_protein,
        side_roles=side_roles(recipe, request, per_serving),
        ingredients=frozenset(item.ndb for item in recipe.ingredients),
        bases=frozenset(base_food(item.ndb, request) for item in recipe.ingredients),
        active_minutes=recipe.active_minutes,
        keeps_days=recipe.keeps_days,
        cooked=not recipe.assembled,
        batchable=recipe.batchable,
        groups=recipe_groups(recipe, request.catalogue),
    )


def _food_option(food: PlainFood, request: PlanRequest, unknown: set[str]) -> Option | None:
    step = food.step if food.step > 0 else 1.0
    # Crackers and rice cakes are a grain, beside a meal as much as on their own.
    role = "grain" if food.role == "snack" and _is_starchy(food.ndb, request) else food.role
    top = food.max_units
    if food.role not in DRINK_ROLES:
        top = min(top, MAX_ITEM_GRAMS / food.unit_grams)
    if food.min_units > top + 1e-9:
        return None
    return Option(
        kind="food",
        ref=food.ndb,
        name=food.name,
        role=role,
        unit=food.unit,
        base=food.min_units,
        step=step,
        k_max=max(0, math.floor((top - food.min_units) / step + 1e-9)),
        per_unit=per_100g(food.ndb, request, unknown) * (food.unit_grams / 100.0),
        per_unit_upper=upper_100g(food.ndb, request) * (food.unit_grams / 100.0),
        grams_per_unit=food.unit_grams,
        groups=food_groups((food.ndb,), request.catalogue),
        # Only a vegetable, fruit, grain or protein food repeats a dish's base; oil, milk or a drink beside it do not.
        bases=frozenset({base_food(food.ndb, request)}) if role in BASE_ROLES else frozenset(),
        glass=GLASS_TAG in food.tags,
    )


def build_context(request: PlanRequest) -> Context:
    """Each slot's options under the rules; PlanInfeasible naming the most common reasons when a slot has none."""
    if request.meals_per_day not in (3, 4, 5, 6):
        raise PlanInfeasible("meals_per_day must be 3 to 6", [f"meals_per_day:{request.meals_per_day}"])
    if request.energy_kcal <= 0:
        raise PlanInfeasible("the energy target must be positive", ["energy_kcal"])
    unknown: set[str] = set()
    slots = request.slots
    options: dict[str, list[Option]] = {s: [] for s in set(slots)}
    blocked: dict[str, Counter[str]] = {s: Counter() for s in set(slots)}
    recipe_options: dict[str, Option] = {}
    for recipe in request.catalogue.recipes:
        wanted = [s for s in options if s in recipe.slots]
        if not wanted:
            continue
        reasons = _recipe_conflicts(recipe, request)
        if reasons:
            for s in wanted:
                blocked[s].update(set(reasons))
            continue
        opt = _recipe_option(recipe, request, unknown)
        if opt is not None:
            recipe_options[recipe.slug] = opt
            for s in wanted:
                options[s].append(opt)
    allowed: list[Portion] = []
    for food in request.catalogue.plain_foods:
        reasons = _ingredient_conflicts(food.ndb, request) + _declared_conflicts(food.diets, request)
        if reasons:
            continue
        # Advice may name any allowed food, whatever slots this plan has.
        allowed.append(
            Portion(
                food.ndb,
                food.name,
                food.unit,
                food.unit_grams,
                per_100g(food.ndb, request, set()) * (food.unit_grams / 100.0),
            )
        )
        wanted = [s for s in options if s in food.slots]
        if not wanted:
            continue
        opt = _food_option(food, request, unknown)
        if opt is not None:
            for s in wanted:
                options[s].append(opt)
    conflicts: list[str] = []
    for s in sorted(options):
        have_recipe = any(o.kind == "recipe" for o in options[s])
        have_food = any(o.kind == "food" for o in options[s])
        if have_recipe or (s == "snack" and have_food):
            continue
        conflicts.append(f"slot:{s}")
        conflicts.extend(reason for reason, _ in blocked[s].most_common(6) if reason not in conflicts)
    if conflicts:
        empty = ", ".join(c.split(":", 1)[1] for c in conflicts if c.startswith("slot:"))
        raise PlanInfeasible(f"no {empty} option is left by the diet, allergies and excluded foods", conflicts)
    req = day_requirements(request)
    return Context(
        request=request,
        req=req,
        slots=slots,
        options=options,
        recipes={r.slug: r for r in request.catalogue.recipes},
        foods={f.ndb: f for f in request.catalogue.plain_foods},
        unknown=unknown,
        advice=build_advice(allowed, req.minima),
        recipe_options=recipe_options,
    )
