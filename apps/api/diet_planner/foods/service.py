"""Foods: search, details, custom foods, recipes with nutrition computed from their ingredients, and
loading the USDA data.

For other domains:
    get_food(session, food_id, user_id)                  a visible food with its measures (404 otherwise)
    usda_nutrient_table(session, ndbs)                    NDB -> nutrients per 100 g
    ids_by_source_ids(session, source, source_ids)        source id -> food id (shared foods)
    source_ids_of(session, food_ids)                      source -> [source ids] of those foods
    usda_foods_with_measures(session, ndbs)               NDB -> {id, name, group, measures}
    resolve_grams(session, food, quantity, unit)          grams of a household quantity
    SharedFoods                                           shared foods remembered per worker (meal-log writes)
    sync_catalogue_recipes(session)                       the catalogue's TOML recipes into their rows (load-data)
    planner_recipes(session, user_id)                     the planner's recipes: the catalogue's and the user's own
    export_user_data(session, user_id)                    the user's custom foods and recipes
"""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.errors import Conflict, Forbidden, NotFound, Unprocessable
from diet_planner.foods import everyday, ingredients, labels, recipe_import, repository, search
from diet_planner.foods.fetch import FetchFailed, FetchRefused, SafeFetcher
from diet_planner.foods.labels import display_name as display_name
from diet_planner.foods.models import Food, FoodMeasure, Recipe, RecipeIngredient
from diet_planner.foods.sources import CUSTOM_SOURCE, FDC_SOURCE, RECIPE_SOURCE, USDA_SOURCE
from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.catalogue import load_catalogue, recipe_rules
from diet_planner.planner.catalogue import schema as planner_schema
from diet_planner.planner.model import MAX_ITEM_GRAMS
from diet_planner.planner.options import servings_cap

PREFERENCES = ("favourite", "never")

# Search points of a starred food: enough to lead its matches, not to beat a better match of the words.
FAVOURITE_POINTS = 8.0
# Rows of the bundled file carry their own release; this names any that does not.
BUNDLED_RELEASE = "bundled food data (data/usda/foods.jsonl.gz)"
# Units every food understands besides its own household measures.
MASS_UNITS: dict[str, float] = {"g": 1.0, "gram": 1.0, "grams": 1.0, "oz": 28.349523125, "lb": 453.59237, "kg": 1000.0}


# ---------------------------------------------------------------- reads


def get_food(session: Session, food_id: int, user_id: int | None, *, with_measures: bool = True) -> Food:
    """`with_measures=False` when the caller needs no household measure (an amount in grams): one query less."""
    food = repository.get(session, food_id, user_id, with_measures=with_measures)
    if food is None:
        raise NotFound("Food not found")
    return food


def measures_of(food: Food) -> list[dict[str, Any]]:
    """The food's household measures plus g, oz and lb; a recipe adds its serving."""
    listed = [{"name": m.name, "amount": m.amount, "grams": m.grams} for m in food.measures]
    listed += [{"name": "g", "amount": 100.0, "grams": 100.0}, {"name": "oz", "amount": 1.0, "grams": MASS_UNITS["oz"]}]
    listed.append({"name": "lb", "amount": 1.0, "grams": MASS_UNITS["lb"]})
    return listed


def _measure_word(name: str) -> str:
    """ "medium (7" to 7-7/8" long)" -> "medium"; "oz (23 almonds)" -> "oz"; "cup, mashed" -> "cup"."""
    return name.lower().split(" (")[0].split(",")[0].strip()


def _plain_measure(food: Food, unit: str) -> FoodMeasure | None:
    # The planner's unit ("medium", "slice", "cup") as the USDA measure that starts with it.
    word = _measure_word(unit)
    return next((m for m in food.measures if _measure_word(m.name) == word), None)


def default_portion(session: Session, food: Food) -> dict[str, Any]:
    """The amount offered first wherever the food is added (diary, food page, a recipe's ingredient row): the
    portion the planner serves it in, else its first (most common) household measure, else a recipe's serving,
    else 100 g."""
    plain = labels.plain_foods().get(food.source_id) if food.source == USDA_SOURCE else None
    base = _measure_word(plain.unit) if plain is not None else ""
    if plain is not None and base in MASS_UNITS:
        # Served by weight (almonds by the ounce): that weight, not the first measure (a cup of almonds is 828 kcal).
        quantity = round(plain.unit_grams / MASS_UNITS[base], 2)
        return {"quantity": quantity, "unit": base, "grams": round(plain.unit_grams, 1)}
    measure = _plain_measure(food, plain.unit) if plain is not None else None
    if measure is None and food.measures:
        measure = food.measures[0]
    if measure is not None:
        return {"quantity": measure.amount, "unit": measure.name, "grams": round(measure.grams, 1)}
    if food.source == RECIPE_SOURCE:
        with contextlib.suppress(NotFound):
            return {"quantity": 1.0, "unit": "serving", "grams": round(resolve_grams(session, food, 1, "serving"), 1)}
    return {"quantity": 100.0, "unit": "g", "grams": 100.0}


def warm_search(session: Session) -> None:
    """Build what ranking learns from the shared foods (seconds of CPU) before the first search needs it:
    a worker that built it on its first search kept every request behind it waiting. Likewise the planner's
    display names, which every search result and meal log shows (half a second on the first write)."""
    search_foods(session, "aple", user_id=None, group=None, include_recipes=False, limit=1, offset=0)
    labels.plain_foods()


def search_foods(
    session: Session,
    query: str,
    *,
    user_id: int | None,
    group: str | None,
    include_recipes: bool,
    limit: int,
    offset: int,
    source: str | None = None,
    personal: Mapping[int, float] | None = None,
    favourites: frozenset[int] | None = None,
) -> tuple[list[Food], int]:
    """Search; for a signed-in person their favourites and `personal` (food id -> points, e.g. how often
    they log it) come first among the matches. `favourites`: the person's, when the caller has read them."""
    boosts = dict(personal or {})
    if user_id is not None:
        for food_id in repository.favourite_ids(session, user_id) if favourites is None else favourites:
            boosts[food_id] = boosts.get(food_id, 0.0) + FAVOURITE_POINTS
    if source is not None:
        sources: tuple[str, ...] = (source,)  # custom foods are visible to their owner only: "my foods"
    else:
        shown = (USDA_SOURCE, FDC_SOURCE, CUSTOM_SOURCE)
        sources = (*shown, RECIPE_SOURCE) if include_recipes else shown
    return search.search(
        session, query, user_id=user_id, group=group, sources=sources, limit=limit, offset=offset, personal=boosts
    )


def favourite_ids(session: Session, user_id: int | None, food_ids: Iterable[int] | None = None) -> frozenset[int]:
    """Which of `food_ids` (all, without them) the person starred."""
    return frozenset() if user_id is None else repository.favourite_ids(session, user_id, food_ids)


def set_favourite(session: Session, user_id: int, food_id: int, favourite: bool) -> None:
    """Star or unstar a food the person can see (404 otherwise); both are idempotent."""
    get_food(session, food_id, user_id)
    if favourite:
        repository.add_favourite(session, user_id, food_id)
    else:
        repository.remove_favourite(session, user_id, food_id)


def favourite_foods(session: Session, user_id: int, limit: int) -> list[Food]:
    """The person's starred foods, by name."""
    found = foods_by_ids(session, user_id, sorted(repository.favourite_ids(session, user_id)))
    return sorted(found, key=lambda food: (display_name(food).lower(), food.id))[:limit]


def foods_by_ids(session: Session, user_id: int, food_ids: Sequence[int]) -> list[Food]:
    """The visible foods among `food_ids`, in that order."""
    found = {food_id: food for food_id, food in repository.get_many(session, food_ids).items()}
    return [found[food_id] for food_id in food_ids if food_id in found and found[food_id].owner_id in (None, user_id)]


def label_facts_by_ids(session: Session, user_id: int, food_ids: Sequence[int]) -> list[Any]:
    """`foods_by_ids` as read-only rows of the columns a food's labels come from (labels.conflicts_of)."""
    found = repository.label_facts(session, food_ids)
    return [found[food_id] for food_id in food_ids if food_id in found and found[food_id].owner_id in (None, user_id)]


def usda_nutrient_table(session: Session, ndbs: Iterable[str]) -> dict[str, dict[str, float | None]]:
    return {
        ndb: dict(food.nutrients) for ndb, food in repository.shared_by_source_ids(session, USDA_SOURCE, ndbs).items()
    }


def ids_by_source_ids(session: Session, source: str, source_ids: Iterable[str]) -> dict[str, int]:
    return {sid: food.id for sid, food in repository.shared_by_source_ids(session, source, source_ids).items()}


def source_ids_of(session: Session, food_ids: Iterable[int]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for food in repository.get_many(session, food_ids).values():
        grouped.setdefault(food.source, []).append(food.source_id)
    return grouped


def ingredient_foods_with_measures(session: Session, user_id: int, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
    """usda_foods_with_measures for the planner's ingredient keys (ingredient_key): USDA SR foods by NDB, and a
    person's own or FoodData Central foods by "<source>:<id>"."""
    wanted = set(keys)
    found = usda_foods_with_measures(session, {key for key in wanted if ":" not in key})
    by_id = {int(key.split(":", 1)[1]): key for key in wanted if ":" in key and key.split(":", 1)[1].isdigit()}
    for food in repository.get_many(session, by_id, with_measures=True).values():
        if food.owner_id in (None, user_id):
            found[by_id[food.id]] = {
                "id": food.id,
                "name": food.name,
                "group": food.group_name,
                "group_code": food.group_code,
                "measures": [{"name": m.name, "amount": m.amount, "grams": m.grams} for m in food.measures],
            }
    return found


def usda_foods_with_measures(session: Session, ndbs: Iterable[str]) -> dict[str, dict[str, Any]]:
    foods = repository.shared_by_source_ids(session, USDA_SOURCE, ndbs, with_measures=True)
    return {
        ndb: {
            "id": food.id,
            "name": food.name,
            "group": food.group_name,
            "group_code": food.group_code,
            "measures": [{"name": m.name, "amount": m.amount, "grams": m.grams} for m in food.measures],
        }
        for ndb, food in foods.items()
    }


def nutrients_for_grams(nutrients: Mapping[str, Any], grams: float) -> dict[str, float | None]:
    """Per-100 g values scaled to `grams`; unknown stays unknown."""
    return {key: (None if nutrients.get(key) is None else nutrients[key] * grams / 100) for key in NUTRIENT_KEYS}


def resolve_grams(session: Session, food: Food | SharedFood, quantity: float, unit: str) -> float:
    """Grams of `quantity` `unit` of a food: g/oz/lb, one of its household measures, or a recipe serving."""
    if counts_recipe_servings(food, unit):
        if quantity <= 0:
            raise Unprocessable("quantity must be greater than 0")
        recipe = repository.get_recipe(session, food.id, food.owner_id)
        if recipe is None:
            raise NotFound("Recipe not found")
        return quantity * _recipe_total_grams(recipe) / recipe.servings
    return grams_of(food, quantity, unit)


def counts_recipe_servings(food: Food | SharedFood, unit: str) -> bool:
    """Whether the amount is servings of a recipe (their grams come from its ingredients, in the database)."""
    return food.source == RECIPE_SOURCE and unit.strip().lower() in ("serving", "servings")


def grams_of(food: Food | SharedFood, quantity: float, unit: str) -> float:
    """Grams of `quantity` `unit` of a food in g/oz/lb or one of its household measures (not recipe servings)."""
    if quantity <= 0:
        raise Unprocessable("quantity must be greater than 0")
    wanted = unit.strip().lower()
    if wanted in MASS_UNITS:
        return quantity * MASS_UNITS[wanted]
    for measure in food.measures:
        if measure.name.lower() == wanted:
            return quantity * measure.grams / measure.amount
    names = ", ".join(
        [*(m.name for m in food.measures), "g", "oz", "lb", *(["serving"] if food.source == RECIPE_SOURCE else [])]
    )
    raise Unprocessable(f"unknown unit {unit!r} for {food.name}; use one of: {names}")


# ---------------------------------------------------------------- shared foods, remembered per worker


@dataclass(frozen=True, slots=True)
class SharedMeasure:
    name: str
    amount: float
    grams: float


@dataclass(frozen=True, slots=True)
class SharedFood:
    """A shared food (USDA, the recipe catalogue) as a meal log needs it: its row and household measures."""

    id: int
    source: str
    source_id: str
    name: str
    nutrients: Mapping[str, Any]  # per 100 g; read-only
    measures: tuple[SharedMeasure, ...]
    owner_id: None = None


class SharedFoods:
    """Shared foods a worker has loaded for meal-log writes, kept with the data stamp they were read at
    (core/freshness.py): only load-data, import-foods and restore change shared foods, and each replaces that
    stamp afterwards, so a food kept at the current stamp is the food in the database. Loading the food was a
    fifth of a write's CPU (bench_load's profile); a person's own foods are not kept (their owner may edit them
    on another worker at any time)."""

    def __init__(self, max_foods: int = 4096) -> None:
        self.max_foods = max_foods
        # (data stamp, foods) in one attribute: the writer thread replaces both at once while requests read.
        self._kept: tuple[int | None, dict[int, SharedFood]] = (None, {})

    def latest(self, food_id: int) -> tuple[SharedFood, int] | None:
        """The food as kept, with the data stamp it was kept at (the writer checks that stamp is still current)."""
        stamp, foods = self._kept
        food = foods.get(food_id)
        return None if food is None or stamp is None else (food, stamp)

    def remember(self, food: Food, data_stamp: int) -> None:
        """Keep `food` (loaded with its measures after `data_stamp` was read) if it is a shared one."""
        if food.owner_id is not None:
            return
        stamp, foods = self._kept
        if data_stamp != stamp or len(foods) >= self.max_foods:
            foods = {}  # a new stamp: what was kept may have changed (a whole new dict: readers never see it half-cleared)
        measures = tuple(SharedMeasure(m.name, m.amount, m.grams) for m in food.measures)
        foods[food.id] = SharedFood(food.id, food.source, food.source_id, food.name, dict(food.nutrients), measures)
        self._kept = (data_stamp, foods)


# ---------------------------------------------------------------- custom foods


def _clean_nutrients(nutrients: Mapping[str, float | None]) -> dict[str, float | None]:
    unknown = sorted(set(nutrients) - set(NUTRIENT_KEYS))
    if unknown:
        raise Unprocessable(f"unknown nutrient keys: {', '.join(unknown)}")
    return {key: nutrients.get(key) for key in NUTRIENT_KEYS}


def per_100g_from_serving(nutrients: Mapping[str, float | None], serving_grams: float) -> dict[str, float | None]:
    if not 0 < serving_grams <= 5000:
        raise Unprocessable("serving_grams must be more than 0 and at most 5,000 g")
    scaled = {
        key: (None if value is None else round(value * 100.0 / serving_grams, 4)) for key, value in nutrients.items()
    }
    energy = scaled.get("energy_kcal") or 0.0
    if energy > 902:
        raise Unprocessable(
            f"{nutrients.get('energy_kcal'):g} kcal in a {serving_grams:g} g serving is {energy:,.0f} kcal per 100 g, "
            "more than pure fat (900): check the serving size"
        )
    return scaled


def _measures(rows: Sequence[Mapping[str, Any]]) -> list[FoodMeasure]:
    return [
        FoodMeasure(position=i, name=str(row["name"]), amount=float(row["amount"]), grams=float(row["grams"]))
        for i, row in enumerate(rows)
    ]


def create_custom_food(
    session: Session,
    user_id: int,
    name: str,
    nutrients: Mapping[str, float | None],
    measures: Sequence[Mapping[str, Any]],
    serving_grams: float | None = None,
) -> Food:
    """A person's own food. With `serving_grams` the nutrients are per serving of that many grams, as on a
    label: stored per 100 g, and the serving becomes the food's first household measure."""
    if serving_grams is not None:
        nutrients = per_100g_from_serving(nutrients, serving_grams)
        measures = [{"name": "serving", "amount": 1.0, "grams": serving_grams}, *measures]
    food = Food(
        source=CUSTOM_SOURCE,
        source_id=uuid.uuid4().hex,
        name=name.strip(),
        owner_id=user_id,
        nutrients=_clean_nutrients(nutrients),
        source_release="entered by the user",
        measures=_measures(measures),
    )
    return repository.add(session, food)


def _own_food(session: Session, user_id: int, food_id: int, source: str) -> Food:
    food = repository.get(session, food_id, user_id, with_measures=True)
    if food is None or food.owner_id != user_id or food.source != source:
        raise NotFound("Food not found")
    return food


def update_custom_food(
    session: Session,
    user_id: int,
    food_id: int,
    name: str | None,
    nutrients: Mapping[str, float | None] | None,
    measures: Sequence[Mapping[str, Any]] | None,
) -> Food:
    food = _own_food(session, user_id, food_id, CUSTOM_SOURCE)
    if name is not None:
        food.name = name.strip()
    if nutrients is not None:
        food.nutrients = _clean_nutrients(nutrients)
    if measures is not None:
        food.measures = _measures(measures)
    session.flush()
    return food


def delete_custom_food(session: Session, user_id: int, food_id: int) -> None:
    food = _own_food(session, user_id, food_id, CUSTOM_SOURCE)
    if repository.is_used_as_ingredient(session, food.id):
        raise Conflict("This food is an ingredient of one of your recipes; remove it from the recipe first")
    repository.delete_food(session, food)


# ---------------------------------------------------------------- recipes


@dataclass(frozen=True)
class IngredientInput:
    food_id: int
    grams: float | None = None
    quantity: float | None = None
    unit: str | None = None
    note: str = ""


# An own recipe's planner fields (null: the planner's default, planner.catalogue.schema.Recipe).
PLANNING_FIELDS = (
    "active_minutes",
    "keeps_days",
    "cuisine",
    "main_protein",
    "min_servings",
    "max_servings",
    "serving_step",
)


def _check_portions(recipe: Recipe) -> None:
    low = recipe.min_servings if recipe.min_servings is not None else 1.0
    high = recipe.max_servings if recipe.max_servings is not None else 2.0
    if low > high:
        raise Unprocessable("min_servings is above max_servings")
    if (
        recipe.active_minutes is not None
        and recipe.prep_minutes is not None
        and recipe.active_minutes > recipe.prep_minutes
    ):
        raise Unprocessable("active_minutes is above total_minutes")


def _recipe_total_grams(recipe: Recipe) -> float:
    return sum(item.grams for item in recipe.ingredients)


def recipe_nutrients_per_100g(parts: Sequence[tuple[Mapping[str, Any], float]]) -> dict[str, float | None]:
    """Per 100 g of the finished recipe from (ingredient per-100 g nutrients, grams) pairs.

    A total is null when any ingredient lacks a value for it: an unknown is not 0, and the sum of the
    other ingredients would understate it (`incomplete_ingredients` names the ones lacking it)."""
    total_grams = sum(grams for _, grams in parts)
    result: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        amount = 0.0
        for nutrients, grams in parts:
            value = nutrients.get(key)
            if value is None:
                break
            amount += float(value) * grams / 100
        else:
            result[key] = round(amount / total_grams * 100, 4) if total_grams > 0 else None
            continue
        result[key] = None
    return result


def incomplete_ingredients(recipe: Recipe) -> dict[str, list[str]]:
    """Per nutrient the recipe's total lacks: the ingredients with no value for it."""
    missing: dict[str, list[str]] = {}
    for item in recipe.ingredients:
        for key in NUTRIENT_KEYS:
            if item.food.nutrients.get(key) is None and item.food.name not in missing.get(key, []):
                missing.setdefault(key, []).append(item.food.name)
    return missing


def _ingredients(
    session: Session, user_id: int | None, items: Sequence[IngredientInput]
) -> list[tuple[Food, float, str]]:
    if not items:
        raise Unprocessable("a recipe needs at least one ingredient")
    resolved = []
    for position, item in enumerate(items):
        food = repository.get(session, item.food_id, user_id, with_measures=True)
        if food is None:
            raise Unprocessable(f"ingredient {position + 1}: food {item.food_id} does not exist")
        if food.source == RECIPE_SOURCE:
            raise Unprocessable(f"ingredient {position + 1}: a recipe cannot be an ingredient")
        if item.grams is not None:
            grams = item.grams
        elif item.quantity is not None and item.unit:
            grams = resolve_grams(session, food, item.quantity, item.unit)
        else:
            raise Unprocessable(f"ingredient {position + 1}: give grams, or quantity and unit")
        if not 0 < grams <= 20_000:
            raise Unprocessable(f"ingredient {position + 1}: grams must be between 0 and 20,000")
        resolved.append((food, grams, item.note))
    return resolved


def _write_recipe(recipe: Recipe, food: Food, ingredients: list[tuple[Food, float, str]]) -> None:
    recipe.ingredients = [
        RecipeIngredient(food_id=ingredient.id, position=i, grams=grams, note=note[:200])
        for i, (ingredient, grams, note) in enumerate(ingredients)
    ]
    food.nutrients = recipe_nutrients_per_100g([(ingredient.nutrients, grams) for ingredient, grams, _ in ingredients])


def create_recipe(
    session: Session,
    user_id: int,
    *,
    name: str,
    servings: float,
    meal_types: list[str],
    tags: list[str],
    steps: list[str],
    prep_minutes: int | None,
    ingredients: Sequence[IngredientInput],
    planning: Mapping[str, Any] | None = None,
) -> Recipe:
    """`planning`: the planner's fields of PLANNING_FIELDS (active_minutes, keeps_days, portions ...)."""
    resolved = _ingredients(session, user_id, ingredients)
    food = repository.add(
        session,
        Food(
            source=RECIPE_SOURCE,
            source_id=uuid.uuid4().hex,
            name=name.strip(),
            owner_id=user_id,
            nutrients={},
            source_release="recipe",
        ),
    )
    recipe = Recipe(
        food_id=food.id, servings=servings, meal_types=meal_types, tags=tags, steps=steps, prep_minutes=prep_minutes
    )
    for field_name, value in (planning or {}).items():
        if field_name in PLANNING_FIELDS:
            setattr(recipe, field_name, value)
    _check_portions(recipe)
    recipe.food = food
    _write_recipe(recipe, food, resolved)
    repository.add_recipe(session, recipe)
    return get_recipe(session, food.id, user_id)


def get_recipe(session: Session, food_id: int, user_id: int | None) -> Recipe:
    recipe = repository.get_recipe(session, food_id, user_id)
    if recipe is None:
        raise NotFound("Recipe not found")
    return recipe


def _own_recipe(session: Session, user_id: int, food_id: int) -> Recipe:
    recipe = repository.get_recipe(session, food_id, user_id)
    if recipe is None or recipe.food.owner_id != user_id:
        raise NotFound("Recipe not found")
    return recipe


def update_recipe(session: Session, user_id: int, food_id: int, changes: Mapping[str, Any]) -> Recipe:
    recipe = _own_recipe(session, user_id, food_id)
    if changes.get("name") is not None:
        recipe.food.name = str(changes["name"]).strip()
    for field in ("servings", "meal_types", "tags", "steps", "prep_minutes"):
        if field in changes and changes[field] is not None:
            setattr(recipe, field, changes[field])
    for field in PLANNING_FIELDS:
        if field in changes:  # null puts the planner's default back
            setattr(recipe, field, changes[field])
    _check_portions(recipe)
    if changes.get("ingredients") is not None:
        _write_recipe(recipe, recipe.food, _ingredients(session, user_id, changes["ingredients"]))
    session.flush()
    session.expire(recipe)
    return get_recipe(session, food_id, user_id)


def delete_recipe(session: Session, user_id: int, food_id: int) -> None:
    recipe = _own_recipe(session, user_id, food_id)
    repository.delete_food(session, recipe.food)


def list_recipes(session: Session, user_id: int, limit: int, offset: int) -> tuple[list[Recipe], int]:
    return repository.user_recipes(session, user_id, limit, offset)


def recipe_to_dict(recipe: Recipe, preference: str | None = None) -> dict[str, Any]:
    total = _recipe_total_grams(recipe)
    per_serving = {
        key: (None if value is None else round(value * total / 100 / recipe.servings, 3))
        for key, value in recipe.food.nutrients.items()
    }
    ingredient_table = load_catalogue().ingredients
    planned = to_planner_recipe(recipe, ingredient_table)
    diets, allergens, unknown = recipe_rules(planned, ingredient_table, _ingredient_nutrients(recipe))
    unknown_names = [item.food.name for item in recipe.ingredients if ingredient_key(item.food) in unknown]
    notes = []
    if unknown_names:
        notes.append(
            f"No allergen or diet information for {', '.join(dict.fromkeys(unknown_names))}: the recipe is not "
            "planned for anyone with an allergy, or a diet that excludes a kind of food, since it might contain it."
        )
    if not recipe.meal_types:
        notes.append("No meal types: the planner has no meal to put it in.")
    if planned.min_servings > servings_cap(planned) + 1e-9:
        least, smallest = planned.min_servings, planned.min_servings * planned.grams_per_serving
        notes.append(
            f"Too large to plan: its smallest portion ({least:g} serving{'' if least == 1 else 's'}, {smallest:.0f} g) "
            f"is more than the {MAX_ITEM_GRAMS:.0f} g the planner puts in one meal. More servings for the same "
            "ingredients, or a smaller minimum serving, lets it into plans."
        )
    return {
        "id": recipe.food_id,
        "name": recipe.food.name,
        "servings": recipe.servings,
        "meal_types": recipe.meal_types,
        "tags": recipe.tags,
        "steps": recipe.steps,
        "prep_minutes": recipe.prep_minutes,
        "total_minutes": recipe.prep_minutes,
        "active_minutes": planned.active_minutes,
        "keeps_days": planned.keeps_days,
        "cuisine": planned.cuisine,
        "main_protein": planned.main_protein,
        "min_servings": planned.min_servings,
        "max_servings": planned.max_servings,
        "serving_step": planned.serving_step,
        "catalogue_slug": recipe.catalogue_slug,
        "owner_id": recipe.food.owner_id,
        "source": RECIPE_SOURCE,
        "grams_per_serving": round(total / recipe.servings, 1),
        "ingredients": [
            {
                "food_id": item.food_id,
                "source": item.food.source,
                "source_id": item.food.source_id,
                "name": item.food.name,
                "grams": item.grams,
                "note": item.note,
            }
            for item in recipe.ingredients
        ],
        "nutrients_per_serving": per_serving,
        "incomplete": incomplete_ingredients(recipe),
        "diets": sorted(diets),
        "allergens": sorted(allergens),
        "unknown_ingredients": list(dict.fromkeys(unknown_names)),
        "rule_notes": notes,
        "preference": preference,
    }


# ---------------------------------------------------------------- the planner's recipes


def ingredient_key(food: Food) -> str:
    """The planner's name of an ingredient: the NDB of a USDA SR food (the catalogue's ingredient table is keyed
    by it), "<source>:<id>" of any other (a person's own food, a FoodData Central food)."""
    return _key(food.id, food.source, food.source_id)


def _key(food_id: int, source: str, source_id: str) -> str:
    return source_id if source == USDA_SOURCE else f"{source}:{food_id}"


def _ingredient_nutrients(recipe: Recipe) -> dict[str, Mapping[str, float | None]]:
    return {ingredient_key(item.food): item.food.nutrients for item in recipe.ingredients}


def _row_of(recipe: Recipe) -> repository.RecipeRow:
    return repository.RecipeRow(
        recipe_id=recipe.food_id,
        slug=recipe.food.source_id,
        name=recipe.food.name,
        owner_id=recipe.food.owner_id,
        servings=recipe.servings,
        meal_types=recipe.meal_types,
        tags=recipe.tags,
        steps=recipe.steps,
        prep_minutes=recipe.prep_minutes,
        active_minutes=recipe.active_minutes,
        keeps_days=recipe.keeps_days,
        cuisine=recipe.cuisine,
        main_protein=recipe.main_protein,
        min_servings=recipe.min_servings,
        max_servings=recipe.max_servings,
        serving_step=recipe.serving_step,
        ingredients=tuple((item.food_id, item.grams, item.note) for item in recipe.ingredients),
    )


def to_planner_recipe(
    recipe: Recipe, ingredient_table: Mapping[str, planner_schema.IngredientInfo]
) -> planner_schema.Recipe:
    """The planner's Recipe of a recipe row, as planner_recipes builds it."""
    keys = {item.food_id: ingredient_key(item.food) for item in recipe.ingredients}
    return _planner_recipe(_row_of(recipe), keys, ingredient_table, _ingredient_nutrients(recipe))


def _planner_recipe(
    row: repository.RecipeRow,
    keys: Mapping[int, str],
    ingredient_table: Mapping[str, planner_schema.IngredientInfo],
    nutrients: Mapping[str, Mapping[str, float | None]],
) -> planner_schema.Recipe:
    """The planner's Recipe of a row (catalogue or own): its slug is the row's source id (the catalogue slug,
    or an own recipe's random id), its ingredients keyed by ingredient_key, its diets and allergens derived from
    the ingredients (recipe_rules) as the catalogue's always are; a field an own recipe leaves null is the
    planner's default."""
    total = row.prep_minutes
    active = row.active_minutes if row.active_minutes is not None else min(total or 20, 20)
    planned = planner_schema.Recipe(
        slug=row.slug,
        name=row.name,
        slots=tuple(row.meal_types),
        servings=row.servings,
        active_minutes=active,
        total_minutes=total if total is not None else max(active, 30),
        keeps_days=row.keeps_days if row.keeps_days is not None else 0,
        ingredients=tuple(
            planner_schema.Ingredient(ndb=keys[food_id], grams=grams, note=note)
            for food_id, grams, note in row.ingredients
        ),
        steps=tuple(row.steps),
        tags=tuple(row.tags),
        cuisine=row.cuisine or "international",
        main_protein=row.main_protein,
        min_servings=row.min_servings if row.min_servings is not None else 1.0,
        max_servings=row.max_servings if row.max_servings is not None else 2.0,
        serving_step=row.serving_step if row.serving_step is not None else 0.5,
    )
    diets, allergens, _ = recipe_rules(planned, ingredient_table, nutrients)
    return replace(planned, diets=diets, allergens=allergens)


@dataclass(frozen=True)
class PlannerRecipes:
    """What the planner draws from for one person: plain data, built from the recipe rows."""

    recipes: tuple[planner_schema.Recipe, ...]
    # Per 100 g of every ingredient (ingredient_key -> contract key -> amount), from the ingredient rows.
    nutrients: dict[str, dict[str, float | None]]
    own: frozenset[str]  # slugs of the person's own recipes
    favourites: frozenset[str]
    never: frozenset[str]


def planner_recipes(session: Session, user_id: int | None) -> PlannerRecipes:
    """The catalogue's recipes and the user's own (never anyone else's), with the user's preferences."""
    rows, foods = repository.recipe_rows_for_planner(session, user_id)
    catalogue = load_catalogue()
    shared = {row.slug for row in rows if row.owner_id is None}
    if any(recipe.slug not in shared for recipe in catalogue.recipes):
        # A database loaded before the catalogue grew (or never loaded): bring its rows up to date first.
        sync_catalogue_recipes(session)
        rows, foods = repository.recipe_rows_for_planner(session, user_id)
    preferences = repository.recipe_preferences(session, user_id) if user_id is not None else {}
    keys = {food_id: _key(food_id, source, source_id) for food_id, (source, source_id, _) in foods.items()}
    nutrients = {keys[food_id]: nutrients for food_id, (_, _, nutrients) in foods.items()}
    recipes = tuple(_planner_recipe(row, keys, catalogue.ingredients, nutrients) for row in rows)
    by_pref = {row.slug: preferences.get(row.recipe_id) for row in rows}
    return PlannerRecipes(
        recipes=recipes,
        nutrients=nutrients,
        own=frozenset(row.slug for row in rows if row.owner_id is not None),
        favourites=frozenset(slug for slug, pref in by_pref.items() if pref == "favourite"),
        never=frozenset(slug for slug, pref in by_pref.items() if pref == "never"),
    )


def recipe_ids_by_slugs(session: Session, user_id: int, slugs: Iterable[str]) -> dict[str, int]:
    """Food ids of the planner's recipes by slug: the catalogue's and the user's own."""
    wanted = set(slugs)
    found = {sid: food.id for sid, food in repository.shared_by_source_ids(session, RECIPE_SOURCE, wanted).items()}
    found.update(repository.own_recipe_ids_by_source_ids(session, user_id, wanted - set(found)))
    return found


def set_recipe_preference(session: Session, user_id: int, recipe_id: int, preference: str | None) -> Recipe:
    """Favourite, never, or no word (None) on a recipe the user can see (404 otherwise)."""
    if preference is not None and preference not in PREFERENCES:
        raise Unprocessable(f"preference must be one of {', '.join(PREFERENCES)} or null")
    recipe = get_recipe(session, recipe_id, user_id)
    repository.set_recipe_preference(session, user_id, recipe_id, preference)
    return recipe


def recipe_preference(session: Session, user_id: int | None, recipe_id: int) -> str | None:
    if user_id is None:
        return None
    return repository.recipe_preferences(session, user_id, [recipe_id]).get(recipe_id)


def recipe_preferences(session: Session, user_id: int, recipe_ids: Iterable[int] | None) -> dict[int, str]:
    """The user's preferences on these recipes (None: on every recipe they marked)."""
    return repository.recipe_preferences(session, user_id, recipe_ids)


def _catalogue_row(session: Session, recipe: planner_schema.Recipe, foods: Mapping[str, Food]) -> int:
    """Store (or refresh) one catalogue recipe as its row, owned by no one, whose source id is its slug."""
    missing = sorted({item.ndb for item in recipe.ingredients} - set(foods))
    if missing:
        raise Unprocessable(f"recipe {recipe.slug}: USDA foods {', '.join(missing)} are not loaded")
    resolved = [(foods[item.ndb], item.grams, item.note) for item in recipe.ingredients]
    row = repository.recipe_by_slug(session, recipe.slug)
    if row is None:
        food = repository.add(
            session,
            Food(
                source=RECIPE_SOURCE,
                source_id=recipe.slug,
                name=recipe.name,
                owner_id=None,
                nutrients={},
                source_release="catalogue",
            ),
        )
        row = Recipe(food_id=food.id, catalogue_slug=recipe.slug, servings=1, meal_types=[], tags=[], steps=[])
        row.food = food
        row.ingredients = []
        repository.add_recipe(session, row)
    row.food.name = recipe.name
    row.servings, row.meal_types, row.tags = recipe.servings, list(recipe.slots), list(recipe.tags)
    row.steps, row.prep_minutes = list(recipe.steps), recipe.total_minutes
    row.active_minutes, row.keeps_days = recipe.active_minutes, recipe.keeps_days
    row.cuisine, row.main_protein = recipe.cuisine, recipe.main_protein
    row.min_servings, row.max_servings, row.serving_step = recipe.min_servings, recipe.max_servings, recipe.serving_step
    for old in list(row.ingredients):
        session.delete(old)
    session.flush()
    _write_recipe(row, row.food, resolved)
    session.flush()
    search.VOCABULARY.invalidate()
    return row.food_id


def sync_catalogue_recipes(session: Session, _settings: Any = None) -> str:
    """`load-data`: the catalogue's TOML recipes (its editable source) into their rows, the ones the planner
    reads (idempotent; a recipe's row keeps its id, so plans and logs that point at it stay valid)."""
    catalogue = load_catalogue()
    ndbs = {item.ndb for recipe in catalogue.recipes for item in recipe.ingredients}
    foods = repository.shared_by_source_ids(session, USDA_SOURCE, ndbs)
    for recipe in catalogue.recipes:
        _catalogue_row(session, recipe, foods)
    return f"Recipe catalogue: {len(catalogue.recipes)} recipes in the database."


# ---------------------------------------------------------------- loading the USDA data


def read_dataset(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def import_rows(session: Session, rows: Sequence[dict[str, Any]], release: str) -> tuple[int, int]:
    """Upsert shared foods by (source, source id), each row's `source` defaulting to USDA SR: (inserted, updated)."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        row.setdefault("release", release)
        row["nutrients"] = {key: row.get("nutrients", {}).get(key) for key in NUTRIENT_KEYS}
        by_source.setdefault(str(row.get("source", USDA_SOURCE)), []).append(row)
    inserted = updated = 0
    for source, source_rows in by_source.items():
        added, changed, _ = repository.bulk_upsert_shared(session, source_rows, source)
        inserted, updated = inserted + added, updated + changed
    repository.refresh_statistics(session)
    search.VOCABULARY.invalidate()  # this process's search index sees the new foods at once
    return inserted, updated


def load_bundled_usda(session: Session, settings: Any) -> str:
    """`make run`'s loader: the bundled food data (SR28 and the FoodData Central supplement) into a database
    that has no USDA foods yet; a database loaded from an older release is upgraded by migration 0011."""
    existing = repository.count_shared(session, USDA_SOURCE)
    if existing:
        return f"USDA foods: {existing} already loaded."
    path = Path(settings.food_data_file)
    if not path.is_file():
        return f"USDA foods: dataset {path} not found; skipped (see data/README.md)."
    inserted, _ = import_rows(session, read_dataset(path), BUNDLED_RELEASE)
    return f"USDA foods: loaded {inserted} foods from {path.name}."


def delete_user_data(session: Session, user_id: int) -> None:
    repository.delete_owned(session, user_id)


def export_user_data(session: Session, user_id: int) -> dict[str, Any]:
    foods = repository.user_foods(session, user_id, CUSTOM_SOURCE)
    recipes, _ = repository.user_recipes(session, user_id)
    preferences = repository.recipe_preferences(session, user_id)
    return {
        "custom_foods": [
            {
                "id": food.id,
                "name": food.name,
                "nutrients": food.nutrients,
                "measures": [{"name": m.name, "amount": m.amount, "grams": m.grams} for m in food.measures],
            }
            for food in foods
        ],
        "recipes": [recipe_to_dict(recipe, preferences.get(recipe.food_id)) for recipe in recipes],
        # Their word on any recipe, the catalogue's included.
        "recipe_preferences": [
            {"recipe_id": recipe_id, "preference": preference} for recipe_id, preference in sorted(preferences.items())
        ],
    }


# ---------------------------------------------------------------- ingredient lines


def parse_ingredient_lines(session: Session, user_id: int | None, lines: Sequence[str]) -> list[dict[str, Any]]:
    """One item per line, in order: the food the line names (best match first, then alternatives), the
    grams of its amount from the food's household measures, or a note saying why there are none."""

    def find(text: str) -> list[Food]:
        foods, _ = search.search(
            session,
            text,
            user_id=user_id,
            group=None,
            sources=(USDA_SOURCE, FDC_SOURCE, CUSTOM_SOURCE),  # as search_foods: oat milk is FoodData Central's
            limit=1 + ingredients.ALTERNATIVES,
            offset=0,
        )
        return foods

    search.VOCABULARY.get(session)  # the word pairs names say, for names_food

    def names_food(first: str, second: str) -> bool:
        """The two words name a food: an everyday name, or said together by at least two food names."""
        phrase = f"{first} {second}"
        if phrase in everyday.names() or phrase in everyday.rewrites():
            return True
        return search.VOCABULARY.pairs.get((search.singular(first), search.singular(second)), 0) >= 2

    items = []
    for line in lines:
        parsed = ingredients.read_line(line, names_food)
        found, confidence = ingredients.match(parsed, find) if parsed.food_text else ([], 0.0)
        found = _as_bought(parsed, found, find)
        grams = measure = None
        note = parsed.note
        if found:
            grams, measure, note, chosen = _grams_by_first_measured(session, user_id, parsed, found)
            if chosen:
                # The best match has no measure for the line's unit; the next match that has one is meant.
                found = [found[chosen], *found[:chosen], *found[chosen + 1 :]]
                confidence = round(confidence * 0.8, 2)
            if grams is None and not parsed.unmeasured:
                confidence = round(confidence * 0.5, 2)
        elif parsed.food_text and note is None:
            note = "no food matches this line"
        items.append(
            {
                "line": line,
                "quantity": parsed.quantity,
                "unit": parsed.unit,
                "food": _food_ref(found[0]) if found else None,
                "grams": grams,
                "measure": measure,
                "preparation": parsed.preparation,
                "confidence": confidence,
                "alternatives": [_food_ref(food) for food in found[1:]],
                "note": note,
            }
        )
    return items


# A recipe lists its ingredients as bought: "1 cup couscous", "1 pound spaghetti" are measured dry, before
# cooking, unless the line says otherwise ("2 cups cooked rice"). Search ranks the cooked form first (what a
# person logs having eaten), so a line that says no cooking takes the same food uncooked when USDA has it.
_COOKED_NAME = frozenset({"cooked", "boiled", "prepared"})
_UNCOOKED_NAME = frozenset({"raw", "dry", "dried", "uncooked", "unprepared", "dehydrated"})
_SAYS_COOKED = search.ANY_STATE_COOKED | {"cook", "leftover", "warm", "hot"}
# Words of how it was cooked or enriched, not of the food: "Cereals, oats, regular and quick, unenriched, cooked with
# water" is the same food as "..., regular and quick, not fortified, dry".
_NOT_THE_FOOD = (
    search.ANY_STATE
    | _COOKED_NAME
    | _UNCOOKED_NAME
    | {"with", "without", "added", "salt", "drained", "water", "enriched", "unenriched", "fortified", "not"}
)


def _as_bought(parsed: ingredients.Parsed, found: list[Food], find: Callable[[str], list[Food]]) -> list[Food]:
    if not found or parsed.unmeasured:
        return found
    said = {search.singular(w) for w in search.words(parsed.line)}
    # A note in parentheses ("(includes boiling and microwaving)") says nothing of which food it is.
    named = search.words(search.PARENTHESES.sub("", found[0].name))
    first = {search.singular(w) for w in named}
    if not first & _COOKED_NAME or said & _SAYS_COOKED:
        return found
    # The same food: every word of the cooked one's name but its state, and every word of the line that the
    # cooked one holds ("rotisserie chicken" stays the rotisserie chicken).
    needed = (first - _NOT_THE_FOOD) | (said & first)
    needed -= _COOKED_NAME

    # The other matches are the same food only under the same first segment: "Noodles, chinese, cellophane or long
    # rice (mung beans), dehydrated" holds rice and noodles, but is no uncooked "Rice noodles, cooked".
    heading = search.words(found[0].name.split(",")[0])

    def candidates() -> Iterator[Food]:
        # The matches found first; only when none is uncooked, the food searched again in its name's words ("1 lb
        # fettuccine" found "Pasta, cooked": "pasta dry"), then in the line's.
        yield from (food for food in found[1:] if search.words(food.name.split(",")[0]) == heading)
        food_words = " ".join(dict.fromkeys(w for w in named if search.singular(w) in needed))  # in the name's order
        for text in (food_words, parsed.food_text):
            yield from find(f"{text} dry")
            yield from find(f"{text} raw")

    for food in candidates():
        held = {search.singular(w) for w in search.words(food.name)}
        if held & _UNCOOKED_NAME and not held & _COOKED_NAME and needed <= held:
            return [food, *(other for other in found if other.id != food.id)]
    return found


# How far down the matches a food with a measure for the line's unit may come from: the next match or two
# of the same food ("Yogurt, Greek, plain, whole milk" has no cup; "..., nonfat" has), never a stranger.
MEASURED_ALTERNATIVES = 2


def _grams_by_first_measured(
    session: Session, user_id: int | None, parsed: ingredients.Parsed, found: list[Food]
) -> tuple[float | None, str | None, str | None, int]:
    """(grams, measure, note, which match gave them): the first match, or a close alternative sharing its
    name's first segment when the first has no measure for the line's unit."""
    if parsed.unmeasured:
        return None, None, parsed.note, 0
    first_head = found[0].name.split(",")[0].strip().lower()
    # The same food, not just the same first segment: "Sauce, barbecue" has a cup, but is no alfredo sauce.
    first_family = search.family_of(found[0].name)
    result: tuple[float | None, str | None, str | None, int] | None = None
    for position, candidate in enumerate(found[: 1 + MEASURED_ALTERNATIVES]):
        if position and search.family_of(candidate.name) != first_family:
            continue
        food = repository.get(session, candidate.id, user_id, with_measures=True)
        measures = [(m.name, m.amount, m.grams) for m in food.measures] if food else []
        grams, measure, note = ingredients.grams_of(parsed, measures)
        if result is None:
            result = (grams, measure, note, 0)
        if grams is not None:
            return grams, measure, note, position
    if parsed.unit in ingredients.VOLUME_UNITS:
        # No close match holds a cup: a food of the same family does ("Yogurt, plain, whole milk" for
        # "Yogurt, Greek, plain, whole milk"); foods of one family weigh alike by volume. Said in the measure.
        for borrowed in family_with_volume(session, first_head, parsed):
            return borrowed
    return result or (None, None, parsed.note, 0)


def family_with_volume(
    session: Session, first_head: str, parsed: ingredients.Parsed
) -> Iterable[tuple[float | None, str | None, str | None, int]]:
    """Grams of the line's volume by the measure of each food named under the same first segment."""
    family = search.search(
        session, f"{first_head} {parsed.food_text}", user_id=None, group=None, sources=(USDA_SOURCE,), limit=8, offset=0
    )[0]
    for relative in family:
        if relative.name.split(",")[0].strip().lower() != first_head:
            continue
        food = repository.get(session, relative.id, None, with_measures=True)
        measures = [(m.name, m.amount, m.grams) for m in food.measures] if food else []
        grams, measure, _ = ingredients.grams_of(parsed, measures)
        if grams is not None:
            yield grams, f"{measure} of {relative.name}", None, 0


def _food_ref(food: Food) -> dict[str, Any]:
    return {"id": food.id, "source": food.source, "source_id": food.source_id, "name": food.name}


# ---------------------------------------------------------------- import and export


def import_recipe(
    session: Session,
    user_id: int | None,
    *,
    url: str | None = None,
    html: str | None = None,
    text: str | None = None,
    fetcher: SafeFetcher | None = None,
) -> dict[str, Any]:
    """A draft recipe (not saved) from a URL (only with a `fetcher`: the server's setting), a saved page's HTML or
    pasted text: its fields, and each ingredient line matched to a food with grams, confidence and alternatives,
    or flagged with the reason it has no food or no grams."""
    page_url = None
    if url is not None:
        if fetcher is None:
            raise Forbidden(
                "Importing from a URL is turned off on this server (RECIPE_IMPORT_FETCH enables it): "
                "save the page and send its HTML, or paste the recipe's text"
            )
        try:
            page = fetcher.fetch(url)
        except FetchRefused as error:
            raise Unprocessable(f"URL refused: {error}") from None
        except FetchFailed as error:
            raise Unprocessable(f"The page could not be fetched: {error}") from None
        html, page_url = page.body.decode(_charset(page.content_type), errors="replace"), page.url
    if html is not None:
        found = recipe_import.from_html(html, page_url)
        if found is None:
            raise Unprocessable("The page has no schema.org Recipe (JSON-LD or microdata): paste the recipe's text")
    elif text is not None:
        found = recipe_import.from_text(text)
    else:
        raise Unprocessable("give one of url, html or text")
    if not found.ingredient_lines:
        raise Unprocessable("No ingredient lines found: " + "; ".join(found.warnings or ["none in the recipe"]))
    items = _exact_lines(session, user_id, parse_ingredient_lines(session, user_id, found.ingredient_lines))
    return {
        "name": found.name or "Imported recipe",
        "servings": found.servings or 1.0,
        "servings_given": found.servings is not None,
        "steps": found.steps,
        "total_minutes": found.total_minutes,
        "active_minutes": found.active_minutes,
        "image": found.image,
        "meal_types": found.meal_types,
        "source_url": page_url or url,
        "found_in": found.source,
        "warnings": found.warnings,
        "ingredients": [
            {
                **item,
                # Every line is matched to a food with grams, or flagged with the reason: never silently dropped.
                "flag": None
                if item["food"] is not None and item["grams"] is not None
                else (item["note"] or ("no food matches this line" if item["food"] is None else "no grams")),
            }
            for item in items
        ],
    }


_GRAMS_AND_NAME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*g\s+(.+?)\s*$")


def _exact_lines(session: Session, user_id: int | None, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Lines of the form "<grams> g <a food's exact name>" (what the JSON-LD export writes) are that food: the
    name is an identifier there, not words to search (a USDA name's commas read as a preparation otherwise)."""
    exact = {index: match for index, item in enumerate(items) if (match := _GRAMS_AND_NAME.match(item["line"]))}
    foods = repository.by_exact_names(session, [match.group(2) for match in exact.values()], user_id)
    for index, match in exact.items():
        food = foods.get(match.group(2).lower())
        if food is None:
            continue
        item = items[index]
        others = [alt for alt in item["alternatives"] if alt["id"] != food.id]
        if item["food"] is not None and item["food"]["id"] != food.id:
            others.insert(0, item["food"])
        item.update(
            food=_food_ref(food),
            grams=float(match.group(1)),
            quantity=float(match.group(1)),
            unit="gram",
            confidence=1.0,
            alternatives=others[: ingredients.ALTERNATIVES],
            note=None,
            preparation=None,
        )
    return items


def _charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type or "", re.IGNORECASE)
    if match:
        try:
            codecs.lookup(match.group(1))
            return match.group(1)
        except LookupError:
            pass
    return "utf-8"


def ingredient_line(grams: float, name: str) -> str:
    """An exported ingredient line that the line parser reads back to the same food and grams."""
    return f"{round(grams, 1):g} g {name}"


def recipe_jsonld(recipe: Recipe, url: str | None = None) -> dict[str, Any]:
    """The recipe as schema.org Recipe JSON-LD (POST /api/recipes/import reads it back)."""
    read = recipe_to_dict(recipe)
    return recipe_import.to_jsonld(
        name=read["name"],
        servings=read["servings"],
        ingredient_lines=[ingredient_line(item["grams"], item["name"]) for item in read["ingredients"]],
        steps=read["steps"],
        total_minutes=read["total_minutes"],
        active_minutes=recipe.active_minutes,
        meal_types=read["meal_types"],
        cuisine=recipe.cuisine,
        url=url,
        nutrition=read["nutrients_per_serving"],
        diets=read["diets"],
    )
