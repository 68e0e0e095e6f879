"""Foods: search, details, custom foods, recipes with nutrition computed from their ingredients, and
loading the USDA data.

For other domains:
    get_food(session, food_id, user_id)                  a visible food with its measures (404 otherwise)
    usda_nutrient_table(session, ndbs)                    NDB -> nutrients per 100 g
    ids_by_source_ids(session, source, source_ids)        source id -> food id (shared foods)
    source_ids_of(session, food_ids)                      source -> [source ids] of those foods
    usda_foods_with_measures(session, ndbs)               NDB -> {id, name, group, measures}
    resolve_grams(session, food, quantity, unit)          grams of a household quantity
    upsert_catalogue_recipe(session, ...)                 a catalogue recipe stored as a recipe food
    export_user_data(session, user_id)                    the user's custom foods and recipes
"""

from __future__ import annotations

import contextlib
import gzip
import json
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.errors import Conflict, NotFound, Unprocessable
from diet_planner.foods import ingredients, labels, repository, search
from diet_planner.foods.labels import display_name as display_name
from diet_planner.foods.models import Food, FoodMeasure, Recipe, RecipeIngredient
from diet_planner.foods.sources import CUSTOM_SOURCE, FDC_SOURCE, RECIPE_SOURCE, USDA_SOURCE
from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.catalogue import load_catalogue

# Search points of a starred food: enough to lead its matches, not to beat a better match of the words.
FAVOURITE_POINTS = 8.0
# Rows of the bundled file carry their own release; this names any that does not.
BUNDLED_RELEASE = "bundled food data (data/usda/foods.jsonl.gz)"
# Units every food understands besides its own household measures.
MASS_UNITS: dict[str, float] = {"g": 1.0, "gram": 1.0, "grams": 1.0, "oz": 28.349523125, "lb": 453.59237, "kg": 1000.0}


# ---------------------------------------------------------------- reads


def get_food(session: Session, food_id: int, user_id: int | None) -> Food:
    food = repository.get(session, food_id, user_id, with_measures=True)
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
) -> tuple[list[Food], int]:
    """Search; for a signed-in person their favourites and `personal` (food id -> points, e.g. how often
    they log it) come first among the matches."""
    boosts = dict(personal or {})
    if user_id is not None:
        for food_id in repository.favourite_ids(session, user_id):
            boosts[food_id] = boosts.get(food_id, 0.0) + FAVOURITE_POINTS
    if source is not None:
        sources: tuple[str, ...] = (source,)  # custom foods are visible to their owner only: "my foods"
    else:
        shown = (USDA_SOURCE, FDC_SOURCE, CUSTOM_SOURCE)
        sources = (*shown, RECIPE_SOURCE) if include_recipes else shown
    return search.search(
        session, query, user_id=user_id, group=group, sources=sources, limit=limit, offset=offset, personal=boosts
    )


def favourite_ids(session: Session, user_id: int | None, food_ids: Iterable[int]) -> frozenset[int]:
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


def resolve_grams(session: Session, food: Food, quantity: float, unit: str) -> float:
    """Grams of `quantity` `unit` of a food: g/oz/lb, one of its household measures, or a recipe serving."""
    if quantity <= 0:
        raise Unprocessable("quantity must be greater than 0")
    wanted = unit.strip().lower()
    if wanted in MASS_UNITS:
        return quantity * MASS_UNITS[wanted]
    if food.source == RECIPE_SOURCE and wanted in ("serving", "servings"):
        recipe = repository.get_recipe(session, food.id, food.owner_id)
        if recipe is None:
            raise NotFound("Recipe not found")
        return quantity * _recipe_total_grams(recipe) / recipe.servings
    for measure in food.measures:
        if measure.name.lower() == wanted:
            return quantity * measure.grams / measure.amount
    names = ", ".join(
        [*(m.name for m in food.measures), "g", "oz", "lb", *(["serving"] if food.source == RECIPE_SOURCE else [])]
    )
    raise Unprocessable(f"unknown unit {unit!r} for {food.name}; use one of: {names}")


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
) -> Recipe:
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


def recipe_to_dict(recipe: Recipe) -> dict[str, Any]:
    total = _recipe_total_grams(recipe)
    per_serving = {
        key: (None if value is None else round(value * total / 100 / recipe.servings, 3))
        for key, value in recipe.food.nutrients.items()
    }
    return {
        "id": recipe.food_id,
        "name": recipe.food.name,
        "servings": recipe.servings,
        "meal_types": recipe.meal_types,
        "tags": recipe.tags,
        "steps": recipe.steps,
        "prep_minutes": recipe.prep_minutes,
        "catalogue_slug": recipe.catalogue_slug,
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
    }


def upsert_catalogue_recipe(
    session: Session,
    *,
    slug: str,
    name: str,
    servings: float,
    meal_types: list[str],
    tags: list[str],
    steps: list[str],
    prep_minutes: int | None,
    ingredients: Sequence[tuple[str, float, str]],
) -> int:
    """Store (or refresh) a catalogue recipe as a shared recipe food whose source id is its slug."""
    foods = repository.shared_by_source_ids(session, USDA_SOURCE, [ndb for ndb, _, _ in ingredients])
    missing = sorted({ndb for ndb, _, _ in ingredients} - set(foods))
    if missing:
        raise Unprocessable(f"recipe {slug}: USDA foods {', '.join(missing)} are not loaded")
    resolved = [(foods[ndb], grams, note) for ndb, grams, note in ingredients]
    recipe = repository.recipe_by_slug(session, slug)
    if recipe is None:
        food = repository.add(
            session,
            Food(
                source=RECIPE_SOURCE, source_id=slug, name=name, owner_id=None, nutrients={}, source_release="catalogue"
            ),
        )
        recipe = Recipe(
            food_id=food.id, catalogue_slug=slug, servings=servings, meal_types=[], tags=[], steps=[], ingredients=[]
        )
        recipe.food = food
        repository.add_recipe(session, recipe)
    recipe.food.name = name
    recipe.servings, recipe.meal_types, recipe.tags = servings, meal_types, tags
    recipe.steps, recipe.prep_minutes = steps, prep_minutes
    for old in list(recipe.ingredients):
        session.delete(old)
    session.flush()
    _write_recipe(recipe, recipe.food, resolved)
    session.flush()
    return recipe.food_id


def sync_catalogue_recipes(session: Session, _settings: Any = None) -> str:
    """Store the catalogue's recipes as recipe foods (idempotent) so plan items can point at them."""
    catalogue = load_catalogue()
    count = 0
    for recipe in catalogue.recipes:
        upsert_catalogue_recipe(
            session,
            slug=recipe.slug,
            name=recipe.name,
            servings=recipe.servings,
            meal_types=list(recipe.slots),
            tags=list(recipe.tags),
            steps=list(recipe.steps),
            prep_minutes=recipe.prep_minutes,
            ingredients=[(i.ndb, i.grams, i.note) for i in recipe.ingredients],
        )
        count += 1
    return f"Recipe catalogue: {count} recipes in the database."


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
        "recipes": [recipe_to_dict(recipe) for recipe in recipes],
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
            sources=(USDA_SOURCE, CUSTOM_SOURCE),
            limit=1 + ingredients.ALTERNATIVES,
            offset=0,
        )
        return foods

    items = []
    for line in lines:
        parsed = ingredients.read_line(line)
        found, confidence = ingredients.match(parsed, find) if parsed.food_text else ([], 0.0)
        grams = measure = None
        note = parsed.note
        if found:
            food = repository.get(session, found[0].id, user_id, with_measures=True)
            measures = [(m.name, m.amount, m.grams) for m in food.measures] if food else []
            if not parsed.unmeasured:
                grams, measure, note = ingredients.grams_of(parsed, measures)
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


def _food_ref(food: Food) -> dict[str, Any]:
    return {"id": food.id, "source": food.source, "source_id": food.source_id, "name": food.name}
