"""The curated catalogue: loads the TOML data files, validates them, and answers the hard rules (diets, allergens)."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from diet_planner.nutrition.diets import excluded_categories
from diet_planner.planner.catalogue.schema import (
    AISLES,
    ALLERGENS,
    CATEGORIES,
    CUISINES,
    DIETS,
    INGREDIENT_TAGS,
    ROLES,
    SLOTS,
    Catalogue,
    Ingredient,
    IngredientInfo,
    Package,
    PlainFood,
    Recipe,
    ingredient_grams,
)

__all__ = [
    "DATA_DIR",
    "KETO_FAT_MIN_SHARE",
    "KETO_NET_CARBS_MAX_G_PER_SERVING",
    "KETO_NET_CARBS_MAX_G_PER_UNIT",
    "CatalogueError",
    "allowed_for",
    "derived_allergens",
    "derived_categories",
    "derived_diets",
    "derived_tags",
    "diet_excluded_categories",
    "load_catalogue",
    "parse_catalogue",
    "recipe_rules",
    "rule_diets",
]

DATA_DIR: Final[Path] = Path(__file__).parent / "data"
# The four slot files, then any other file of recipes/ (a cuisine's recipes), in name order.
RECIPE_FILES: Final[tuple[str, ...]] = tuple(f"recipes/{slot}.toml" for slot in SLOTS)


def _recipe_files(data_dir: Path) -> list[str]:
    extra = sorted(f"recipes/{p.name}" for p in (data_dir / "recipes").glob("*.toml"))
    return [*RECIPE_FILES, *(name for name in extra if name not in RECIPE_FILES)]


# A recipe fits keto when a serving has at most 10 g net carbohydrate (carbs - fibre) and at least 65% of its
# energy from fat, the ketogenic pattern's floor (a day is capped at 25 g net carbs: nutrition/diets.py); a plain
# food at most 5 g per unit.
KETO_NET_CARBS_MAX_G_PER_SERVING: Final[float] = 10.0
KETO_FAT_MIN_SHARE: Final[float] = 0.65
KETO_NET_CARBS_MAX_G_PER_UNIT: Final[float] = 5.0
# ...and at most 10 g per 100 g unless it is a fat food (nuts, seeds), so a sugar-dense food (dried apricots) is
# not keto just because its unit is small.
KETO_NET_CARBS_MAX_G_PER_100G: Final[float] = 10.0
# Mediterranean pattern: no processed meat and no butter, cream or coconut fat (saturated fat sources).
_NOT_MEDITERRANEAN: Final[frozenset[str]] = frozenset({"processed_meat", "saturated_fat_source"})
# USDA FoodKeeper: cooked dishes 3-4 days in the fridge; dry mixes (trail mix, energy balls) up to a week.
_FRIDGE_DAYS_MAX: Final[int] = 7
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NDB = re.compile(r"^\d{5}$")

NutrientTable = Mapping[str, Mapping[str, float | None]]  # NDB -> contract key -> amount per 100 g
Item = Recipe | PlainFood


def diet_excluded_categories(diet: str) -> frozenset[str]:
    """The diet's excluded categories (nutrition/diets.py)."""
    return excluded_categories(diet)


class CatalogueError(ValueError):
    """Bad catalogue data; the message names the file and the entry."""


# --- derived facts ------------------------------------------------------------------------------------------


def _ndbs(item: Item) -> tuple[str, ...]:
    if isinstance(item, Recipe):
        return tuple(ingredient.ndb for ingredient in item.ingredients)
    return (item.ndb,)


def _info(ndb: str, ingredients: Mapping[str, IngredientInfo]) -> IngredientInfo:
    try:
        return ingredients[ndb]
    except KeyError:
        raise CatalogueError(f"NDB {ndb} is not listed in ingredients.toml") from None


def derived_categories(item: Item, ingredients: Mapping[str, IngredientInfo]) -> frozenset[str]:
    """Animal categories of every ingredient of a recipe (or of a plain food)."""
    return frozenset().union(*(_info(ndb, ingredients).categories for ndb in _ndbs(item)))


def derived_allergens(item: Item, ingredients: Mapping[str, IngredientInfo]) -> frozenset[str]:
    """Allergens of every ingredient of a recipe (or of a plain food)."""
    return frozenset().union(*(_info(ndb, ingredients).allergens for ndb in _ndbs(item)))


def derived_tags(item: Item, ingredients: Mapping[str, IngredientInfo]) -> frozenset[str]:
    return frozenset().union(*(_info(ndb, ingredients).tags for ndb in _ndbs(item)))


def rule_diets(categories: Iterable[str], tags: Iterable[str] = ()) -> frozenset[str]:
    """The diets that the ingredients' categories and tags allow (every diet but keto, which needs nutrients)."""
    cats, tag_set = frozenset(categories), frozenset(tags)
    diets = {
        diet for diet in DIETS if diet not in {"keto", "mediterranean"} and not cats & diet_excluded_categories(diet)
    }
    if not cats & diet_excluded_categories("mediterranean") and not tag_set & _NOT_MEDITERRANEAN:
        diets.add("mediterranean")
    return frozenset(diets)


def _amount(nutrients: NutrientTable, ndb: str, key: str, grams: float) -> float:
    value = nutrients.get(ndb, {}).get(key)
    return (value or 0.0) * grams / 100.0


def _is_keto(amounts: Iterable[tuple[str, float]], nutrients: NutrientTable, *, per_unit: bool) -> bool:
    items = list(amounts)
    net_carbs = sum(_amount(nutrients, n, "carbs_g", g) - _amount(nutrients, n, "fiber_g", g) for n, g in items)
    energy = sum(_amount(nutrients, n, "energy_kcal", g) for n, g in items)
    fat_energy = 9.0 * sum(_amount(nutrients, n, "fat_g", g) for n, g in items)
    if per_unit:
        grams = sum(g for _, g in items)
        dense = net_carbs * 100.0 / grams > KETO_NET_CARBS_MAX_G_PER_100G
        fatty = energy > 0 and fat_energy >= KETO_FAT_MIN_SHARE * energy
        return net_carbs <= KETO_NET_CARBS_MAX_G_PER_UNIT and (fatty or not dense)
    return net_carbs <= KETO_NET_CARBS_MAX_G_PER_SERVING and energy > 0 and fat_energy >= KETO_FAT_MIN_SHARE * energy


def derived_diets(item: Item, ingredients: Mapping[str, IngredientInfo], nutrients: NutrientTable) -> frozenset[str]:
    """Every diet the item fits, from its ingredients' categories and tags and (for keto) USDA nutrients."""
    diets = set(rule_diets(derived_categories(item, ingredients), derived_tags(item, ingredients)))
    if isinstance(item, Recipe):
        keto = _is_keto(ingredient_grams(item), nutrients, per_unit=False)
    else:
        keto = _is_keto([(item.ndb, item.unit_grams)], nutrients, per_unit=True)
    if keto:
        diets.add("keto")
    return frozenset(diets)


def recipe_rules(
    recipe: Recipe, ingredients: Mapping[str, IngredientInfo], nutrients: NutrientTable
) -> tuple[frozenset[str], frozenset[str], tuple[str, ...]]:
    """(diets, allergens, unknown ingredients) of any recipe, the catalogue's or a person's own.

    An ingredient missing from `ingredients` has an unknown make-up: it might be any category and hold any
    allergen, so the recipe fits only the diets that exclude nothing (the planner also keeps it away from
    every allergy: options._ingredient_conflicts), and `allergens` lists only what the known ones hold."""
    known = [item.ndb for item in recipe.ingredients if item.ndb in ingredients]
    unknown = tuple(dict.fromkeys(item.ndb for item in recipe.ingredients if item.ndb not in ingredients))
    categories = frozenset().union(*(ingredients[ndb].categories for ndb in known))
    tags = frozenset().union(*(ingredients[ndb].tags for ndb in known))
    allergens = frozenset().union(*(ingredients[ndb].allergens for ndb in known))
    diets = set(rule_diets(categories, tags))
    if unknown:
        diets = {diet for diet in diets if diet != "mediterranean" and not diet_excluded_categories(diet)}
    if all(item.ndb in nutrients for item in recipe.ingredients) and _is_keto(
        ingredient_grams(recipe), nutrients, per_unit=False
    ):
        diets.add("keto")
    return frozenset(diets), allergens, unknown


def allowed_for(
    item: Item,
    diet: str,
    allergies: Iterable[str] = (),
    excluded_ndbs: Iterable[str] = (),
    excluded_categories: Iterable[str] = (),
    ingredients: Mapping[str, IngredientInfo] | None = None,
) -> bool:
    """Whether a recipe or plain food keeps every hard rule: diet, allergies, excluded foods and categories."""
    if diet not in DIETS:
        raise ValueError(f"unknown diet {diet!r}; expected one of {', '.join(DIETS)}")
    table = load_catalogue().ingredients if ingredients is None else ingredients
    if diet not in item.diets:
        return False
    if set(_ndbs(item)) & set(excluded_ndbs):
        return False
    forbidden = diet_excluded_categories(diet) | frozenset(excluded_categories)
    if derived_categories(item, table) & forbidden:
        return False
    # Wheat foods also carry "gluten" (checked on load), so a gluten allergy excludes them too.
    return not derived_allergens(item, table) & set(allergies)


# --- loading ------------------------------------------------------------------------------------------------


def _fail(where: str, message: str) -> CatalogueError:
    return CatalogueError(f"{where}: {message}")


def _check_keys(where: str, entry: Mapping[str, Any], required: set[str], optional: set[str]) -> None:
    missing = required - entry.keys()
    if missing:
        raise _fail(where, f"missing {', '.join(sorted(missing))}")
    unknown = entry.keys() - required - optional
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(sorted(unknown))}")


def _strs(where: str, value: Any, field_name: str, vocabulary: Iterable[str] | None = None) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"{field_name} must be a list of strings")
    if vocabulary is not None:
        allowed = set(vocabulary)
        bad = [v for v in value if v not in allowed]
        if bad:
            raise _fail(where, f"{field_name} has unknown value(s) {', '.join(bad)}; expected {', '.join(allowed)}")
    if len(set(value)) != len(value):
        raise _fail(where, f"{field_name} repeats a value")
    return tuple(value)


def _number(where: str, value: Any, field_name: str, *, minimum: float, integer: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or (integer and not isinstance(value, int)):
        raise _fail(where, f"{field_name} must be {'an integer' if integer else 'a number'}")
    if value < minimum:
        raise _fail(where, f"{field_name} must be at least {minimum}")
    return float(value)


def _one_of(where: str, value: Any, field_name: str, vocabulary: tuple[str, ...]) -> str:
    if value not in vocabulary:
        raise _fail(where, f"{field_name} {value!r} is not one of {', '.join(vocabulary)}")
    return str(value)


def _text(where: str, value: Any, field_name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"{field_name} must be a non-empty string")
    return value


def _read(path: Path, table: str) -> list[dict[str, Any]]:
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except FileNotFoundError:
        raise CatalogueError(f"{path.name}: file not found in {path.parent}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogueError(f"{path.name}: invalid TOML ({exc})") from None
    rows = data.get(table, [])
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise CatalogueError(f"{path.name}: expected [[{table}]] tables")
    return rows


def _package(where: str, value: Any) -> Package | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise _fail(where, "package must be a table { unit, grams, step }")
    _check_keys(where, value, {"unit", "grams"}, {"step"})
    return Package(
        unit=_text(where, value["unit"], "package unit"),
        grams=_number(where, value["grams"], "package grams", minimum=1),
        step=_number(where, value.get("step", 1.0), "package step", minimum=0.05),
    )


def _parse_ingredients(path: Path) -> dict[str, IngredientInfo]:
    table: dict[str, IngredientInfo] = {}
    for index, row in enumerate(_read(path, "ingredient")):
        where = f"{path.name} ingredient #{index + 1} ({row.get('ndb', '?')})"
        _check_keys(
            where,
            row,
            {"ndb", "name", "aisle"},
            {"categories", "allergens", "tags", "raw_ndb", "cooked_yield", "package", "check_label"},
        )
        ndb = _text(where, row["ndb"], "ndb")
        if not _NDB.match(ndb):
            raise _fail(where, "ndb must be 5 digits")
        if ndb in table:
            raise _fail(where, "duplicate ndb")
        allergens = frozenset(_strs(where, row.get("allergens", []), "allergens", ALLERGENS))
        if "wheat" in allergens and "gluten" not in allergens:
            raise _fail(where, "wheat implies gluten")
        aisle = _text(where, row["aisle"], "aisle")
        if aisle not in AISLES:
            raise _fail(where, f"unknown aisle {aisle!r}; expected one of {', '.join(AISLES)}")
        raw_ndb = row.get("raw_ndb")
        if raw_ndb is not None and (not isinstance(raw_ndb, str) or not _NDB.match(raw_ndb)):
            raise _fail(where, "raw_ndb must be 5 digits")
        raw_yield = row.get("cooked_yield")
        if raw_ndb is not None and raw_yield is None:
            raise _fail(where, "raw_ndb needs its cooked_yield")
        # Yields run from 0.3 (bacon) to about 6 (oats in water); outside 0.2-8 the figure is a typo.
        cooked_yield = None if raw_yield is None else _number(where, raw_yield, "cooked_yield", minimum=0.2)
        if cooked_yield is not None and cooked_yield > 8:
            raise _fail(where, "cooked_yield must be at most 8")
        check_label = row.get("check_label", False)
        if not isinstance(check_label, bool):
            raise _fail(where, "check_label must be true or false")
        table[ndb] = IngredientInfo(
            ndb=ndb,
            name=_text(where, row["name"], "name"),
            categories=frozenset(_strs(where, row.get("categories", []), "categories", CATEGORIES)),
            allergens=allergens,
            tags=frozenset(_strs(where, row.get("tags", []), "tags", INGREDIENT_TAGS)),
            aisle=aisle,
            cooked_yield=cooked_yield,
            raw_ndb=raw_ndb,
            package=_package(where, row.get("package")),
            check_label=check_label,
        )
    return table


def _check_rules(where: str, item: Item, ingredients: Mapping[str, IngredientInfo]) -> None:
    """Declared allergens and diets must match the ingredients (keto, which needs nutrients, is left to the tests)."""
    allergens = derived_allergens(item, ingredients)
    if isinstance(item, Recipe) and item.allergens != allergens:
        raise _fail(where, f"declared allergens {sorted(item.allergens)} but ingredients have {sorted(allergens)}")
    expected = rule_diets(derived_categories(item, ingredients), derived_tags(item, ingredients))
    declared = item.diets - {"keto"}
    if declared != expected:
        raise _fail(where, f"declared diets {sorted(declared)} (besides keto) but ingredients allow {sorted(expected)}")


def _parse_recipe(where: str, row: Mapping[str, Any], ingredients: Mapping[str, IngredientInfo]) -> Recipe:
    _check_keys(
        where,
        row,
        {
            "slug",
            "name",
            "slots",
            "servings",
            "active_minutes",
            "total_minutes",
            "keeps_days",
            "ingredients",
            "steps",
            "diets",
            "allergens",
        },
        {"tags", "cuisine", "main_protein", "min_servings", "max_servings", "serving_step"},
    )
    items: list[Ingredient] = []
    raw_items = row["ingredients"]
    if not isinstance(raw_items, list) or not raw_items:
        raise _fail(where, "ingredients must be a non-empty list")
    for raw in raw_items:
        if not isinstance(raw, dict):
            raise _fail(where, "each ingredient must be a table { ndb, grams, note }")
        _check_keys(where, raw, {"ndb", "grams"}, {"note"})
        ndb = _text(where, raw["ndb"], "ingredient ndb")
        if ndb not in ingredients:
            raise _fail(where, f"ingredient {ndb} is not listed in ingredients.toml")
        grams = _number(where, raw["grams"], f"grams of {ndb}", minimum=0.1)
        items.append(Ingredient(ndb=ndb, grams=grams, note=str(raw.get("note", ""))))
    steps = _strs(where, row["steps"], "steps")
    if not steps or not all(step.strip() for step in steps):
        raise _fail(where, "steps must be non-empty sentences")
    slots = _strs(where, row["slots"], "slots", SLOTS)
    if not slots:
        raise _fail(where, "slots must not be empty")
    main_protein = row.get("main_protein")
    recipe = Recipe(
        slug=row["slug"],
        name=_text(where, row["name"], "name"),
        slots=slots,
        servings=int(_number(where, row["servings"], "servings", minimum=1, integer=True)),
        active_minutes=int(_number(where, row["active_minutes"], "active_minutes", minimum=1, integer=True)),
        total_minutes=int(_number(where, row["total_minutes"], "total_minutes", minimum=1, integer=True)),
        keeps_days=int(_number(where, row["keeps_days"], "keeps_days", minimum=0, integer=True)),
        ingredients=tuple(items),
        steps=steps,
        tags=_strs(where, row.get("tags", []), "tags"),
        cuisine=_one_of(where, row.get("cuisine", "international"), "cuisine", CUISINES),
        main_protein=None if main_protein is None else _text(where, main_protein, "main_protein"),
        diets=frozenset(_strs(where, row["diets"], "diets", DIETS)),
        allergens=frozenset(_strs(where, row["allergens"], "allergens", ALLERGENS)),
        min_servings=_number(where, row.get("min_servings", 1.0), "min_servings", minimum=0.25),
        max_servings=_number(where, row.get("max_servings", 2.0), "max_servings", minimum=0.25),
        serving_step=_number(where, row.get("serving_step", 0.5), "serving_step", minimum=0.25),
    )
    if recipe.min_servings > recipe.max_servings:
        raise _fail(where, "min_servings is above max_servings")
    if recipe.active_minutes > recipe.total_minutes:
        raise _fail(where, "active_minutes is above total_minutes")
    if recipe.keeps_days > _FRIDGE_DAYS_MAX:
        raise _fail(where, f"keeps_days above {_FRIDGE_DAYS_MAX} (cooked food keeps 3-4 days in the fridge)")
    _check_rules(where, recipe, ingredients)
    return recipe


def _parse_food(where: str, row: Mapping[str, Any], ingredients: Mapping[str, IngredientInfo]) -> PlainFood:
    _check_keys(
        where,
        row,
        {"ndb", "name", "role", "slots", "unit", "unit_grams", "diets"},
        {"step", "min_units", "max_units", "tags"},
    )
    ndb = _text(where, row["ndb"], "ndb")
    if ndb not in ingredients:
        raise _fail(where, f"{ndb} is not listed in ingredients.toml")
    role = _text(where, row["role"], "role")
    if role not in ROLES:
        raise _fail(where, f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    slots = _strs(where, row["slots"], "slots", SLOTS)
    if not slots:
        raise _fail(where, "slots must not be empty")
    food = PlainFood(
        ndb=ndb,
        name=_text(where, row["name"], "name"),
        role=role,
        slots=slots,
        unit=_text(where, row["unit"], "unit"),
        unit_grams=_number(where, row["unit_grams"], "unit_grams", minimum=0.1),
        step=_number(where, row.get("step", 1.0), "step", minimum=0.25),
        min_units=_number(where, row.get("min_units", 1.0), "min_units", minimum=0.25),
        max_units=_number(where, row.get("max_units", 2.0), "max_units", minimum=0.25),
        tags=_strs(where, row.get("tags", []), "tags"),
        diets=frozenset(_strs(where, row["diets"], "diets", DIETS)),
    )
    if food.min_units > food.max_units:
        raise _fail(where, "min_units is above max_units")
    _check_rules(where, food, ingredients)
    return food


def parse_catalogue(data_dir: Path = DATA_DIR) -> Catalogue:
    """Read and validate every data file; raise CatalogueError naming the file and entry on bad data."""
    ingredients = _parse_ingredients(data_dir / "ingredients.toml")
    recipes: list[Recipe] = []
    seen: dict[str, str] = {}
    for name in _recipe_files(data_dir):
        path = data_dir / name
        for index, row in enumerate(_read(path, "recipe")):
            slug = row.get("slug")
            where = f"{name} recipe {slug!r}" if isinstance(slug, str) else f"{name} recipe #{index + 1}"
            if not isinstance(slug, str) or not _SLUG.match(slug):
                raise _fail(where, "slug must be lowercase words joined by hyphens")
            if slug in seen:
                raise _fail(where, f"duplicate slug (also in {seen[slug]})")
            seen[slug] = name
            recipes.append(_parse_recipe(where, row, ingredients))
    foods: list[PlainFood] = []
    food_ndbs: set[str] = set()
    for index, row in enumerate(_read(data_dir / "plain_foods.toml", "food")):
        where = f"plain_foods.toml food #{index + 1} ({row.get('name', '?')})"
        food = _parse_food(where, row, ingredients)
        if food.ndb in food_ndbs:
            raise _fail(where, f"duplicate food {food.ndb}")
        food_ndbs.add(food.ndb)
        foods.append(food)
    return Catalogue(recipes=tuple(recipes), plain_foods=tuple(foods), ingredients=ingredients)


@functools.cache
def load_catalogue() -> Catalogue:
    """The curated catalogue, parsed once per process."""
    return parse_catalogue(DATA_DIR)
