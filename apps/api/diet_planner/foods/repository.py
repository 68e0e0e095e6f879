"""All SQL for foods, measures and recipes (full-text search lives in search.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import and_, bindparam, delete, func, insert, or_, select, text
from sqlalchemy.orm import Session, selectinload

from diet_planner.core.db import utcnow
from diet_planner.foods.models import Food, FoodFavourite, FoodMeasure, Recipe, RecipeIngredient, RecipePreference


def visible_to(user_id: int | None) -> Any:
    """Shared foods, plus the user's own."""
    return Food.owner_id.is_(None) if user_id is None else or_(Food.owner_id.is_(None), Food.owner_id == user_id)


# Built once with named parameters (every meal-log write looks its food up): building the statement per call
# cost more than running it. `owner_id = NULL` is never true, so one statement serves a signed-out reader too.
_VISIBLE_FOOD = select(Food).where(
    Food.id == bindparam("food_id"), or_(Food.owner_id.is_(None), Food.owner_id == bindparam("user_id"))
)
_VISIBLE_FOOD_WITH_MEASURES = _VISIBLE_FOOD.options(selectinload(Food.measures))


def get(session: Session, food_id: int, user_id: int | None, *, with_measures: bool = False) -> Food | None:
    statement = _VISIBLE_FOOD_WITH_MEASURES if with_measures else _VISIBLE_FOOD
    return session.scalar(statement, {"food_id": food_id, "user_id": user_id})


def get_many(session: Session, food_ids: Iterable[int], *, with_measures: bool = False) -> dict[int, Food]:
    ids = sorted(set(food_ids))
    if not ids:
        return {}
    statement = select(Food).where(Food.id.in_(ids))
    if with_measures:
        statement = statement.options(selectinload(Food.measures))
    return {food.id: food for food in session.scalars(statement)}


# What a food's allergen and diet labels are worked out from (labels.make_up), as plain rows: a diary day's
# conflicts need only these, and loading whole Food objects (their nutrient JSON) was most of that cost.
_LABEL_FACTS = select(Food.id, Food.owner_id, Food.source, Food.source_id, Food.name, Food.group_code).where(
    Food.id.in_(bindparam("food_ids", expanding=True))
)


def label_facts(session: Session, food_ids: Iterable[int]) -> dict[int, Any]:
    """Food id -> a read-only row of the columns its labels come from (id, owner_id, source, source_id,
    name, group_code)."""
    ids = sorted(set(food_ids))
    if not ids:
        return {}
    return {row.id: row for row in session.execute(_LABEL_FACTS, {"food_ids": ids})}


def shared_by_source_ids(
    session: Session, source: str, source_ids: Iterable[str], *, with_measures: bool = False
) -> dict[str, Food]:
    ids = sorted(set(source_ids))
    found: dict[str, Food] = {}
    for start in range(0, len(ids), 500):  # keep the IN list well under every engine's parameter limit
        statement = select(Food).where(
            Food.source == source, Food.source_id.in_(ids[start : start + 500]), Food.owner_id.is_(None)
        )
        if with_measures:
            statement = statement.options(selectinload(Food.measures))
        found.update({food.source_id: food for food in session.scalars(statement)})
    return found


def count_shared(session: Session, source: str) -> int:
    return int(session.scalar(select(func.count()).where(Food.source == source, Food.owner_id.is_(None))) or 0)


def add(session: Session, food: Food) -> Food:
    session.add(food)
    session.flush()
    return food


def delete_food(session: Session, food: Food) -> None:
    session.delete(food)
    session.flush()


def is_used_as_ingredient(session: Session, food_id: int) -> bool:
    return session.scalar(select(RecipeIngredient.id).where(RecipeIngredient.food_id == food_id).limit(1)) is not None


def bulk_upsert_shared(session: Session, rows: Sequence[dict[str, Any]], source: str) -> tuple[int, int, int]:
    """Insert or update shared foods by source id: (inserted, updated, unchanged).

    Idempotent: a food whose name, group, nutrients, release and measures are already as given is not
    written at all (its `updated_at` stays the time its values last changed)."""
    now = utcnow()
    existing = shared_by_source_ids(session, source, [row["source_id"] for row in rows], with_measures=True)
    new_rows: list[dict[str, Any]] = []
    updated = unchanged = 0
    for row in rows:
        food = existing.get(row["source_id"])
        if food is None:
            new_rows.append(row)
            continue
        values = _food_values(row, source)
        measures = [(m["name"], float(m["amount"]), float(m["grams"])) for m in row.get("measures", [])]
        same_values = all(getattr(food, key) == value for key, value in values.items())
        same_measures = [(m.name, m.amount, m.grams) for m in food.measures] == measures
        if same_values and same_measures:
            unchanged += 1
            continue
        for key, value in values.items():
            setattr(food, key, value)
        food.updated_at = now
        if not same_measures:
            food.measures = [
                FoodMeasure(position=i, name=name, amount=amount, grams=grams)
                for i, (name, amount, grams) in enumerate(measures)
            ]
        updated += 1
    session.flush()
    if new_rows:
        session.execute(
            insert(Food), [{**_food_values(row, source), "created_at": now, "updated_at": now} for row in new_rows]
        )
        ids = {
            food.source_id: food.id
            for food in shared_by_source_ids(session, source, [row["source_id"] for row in new_rows]).values()
        }
        measure_rows = [
            {
                "food_id": ids[row["source_id"]],
                "position": i,
                "name": m["name"],
                "amount": m["amount"],
                "grams": m["grams"],
            }
            for row in new_rows
            for i, m in enumerate(row.get("measures", []))
        ]
        if measure_rows:
            session.execute(insert(FoodMeasure), measure_rows)
        session.flush()
    return len(new_rows), updated, unchanged


def refresh_statistics(session: Session) -> None:
    """Planner statistics right after a bulk load, so the first searches use the name index rather than
    waiting for autovacuum (PostgreSQL; SQLite's FTS5 needs none)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE foods"))
        session.execute(text("ANALYZE food_measures"))


def _food_values(row: dict[str, Any], source: str) -> dict[str, Any]:
    return {
        "source": source,
        "source_id": row["source_id"],
        "name": row["name"],
        "group_code": row.get("group_code"),
        "group_name": row.get("group"),
        "owner_id": None,
        "nutrients": row["nutrients"],
        "source_release": row.get("release"),
        "discontinued": False,  # listed by the release being loaded
    }


def get_recipe(session: Session, food_id: int, user_id: int | None) -> Recipe | None:
    statement = (
        select(Recipe)
        .join(Food, Food.id == Recipe.food_id)
        .where(Recipe.food_id == food_id, visible_to(user_id))
        .options(
            selectinload(Recipe.food),
            selectinload(Recipe.ingredients).selectinload(RecipeIngredient.food),
        )
    )
    return session.scalar(statement)


def recipe_by_slug(session: Session, slug: str) -> Recipe | None:
    return session.scalar(
        select(Recipe)
        .where(Recipe.catalogue_slug == slug)
        .options(selectinload(Recipe.food), selectinload(Recipe.ingredients))
    )


def catalogue_slugs(session: Session) -> dict[str, int]:
    return {
        slug: food_id
        for slug, food_id in session.execute(
            select(Recipe.catalogue_slug, Recipe.food_id).where(Recipe.catalogue_slug.is_not(None))
        )
        if slug
    }


def add_recipe(session: Session, recipe: Recipe) -> Recipe:
    session.add(recipe)
    session.flush()
    return recipe


def user_foods(session: Session, user_id: int, source: str) -> list[Food]:
    statement = (
        select(Food)
        .where(and_(Food.owner_id == user_id, Food.source == source))
        .options(selectinload(Food.measures))
        .order_by(Food.id)
    )
    return list(session.scalars(statement))


def user_recipes(session: Session, user_id: int, limit: int | None = None, offset: int = 0) -> tuple[list[Recipe], int]:
    base = select(Recipe).join(Food, Food.id == Recipe.food_id).where(Food.owner_id == user_id)
    total = int(session.scalar(select(func.count()).select_from(base.subquery())) or 0)
    statement = (
        base.options(selectinload(Recipe.food), selectinload(Recipe.ingredients).selectinload(RecipeIngredient.food))
        .order_by(Recipe.food_id)
        .offset(offset)
    )
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.scalars(statement)), total


def delete_owned(session: Session, user_id: int) -> None:
    """An account's foods and recipes. Ingredient rows go first: they point at foods with RESTRICT, and when a
    recipe of the user uses one of the user's own foods, deleting both in one cascade fails on PostgreSQL."""
    owned = select(Food.id).where(Food.owner_id == user_id)
    session.execute(
        delete(RecipePreference)
        .where(or_(RecipePreference.user_id == user_id, RecipePreference.recipe_id.in_(owned)))
        .execution_options(synchronize_session=False)
    )
    session.execute(
        delete(RecipeIngredient)
        .where(RecipeIngredient.recipe_food_id.in_(owned))
        .execution_options(synchronize_session=False)
    )
    session.execute(delete(Food).where(Food.owner_id == user_id).execution_options(synchronize_session=False))


def favourite_ids(session: Session, user_id: int, food_ids: Iterable[int] | None = None) -> frozenset[int]:
    statement = select(FoodFavourite.food_id).where(FoodFavourite.user_id == user_id)
    if food_ids is not None:
        statement = statement.where(FoodFavourite.food_id.in_(sorted(set(food_ids))))
    return frozenset(session.scalars(statement))


def add_favourite(session: Session, user_id: int, food_id: int) -> None:
    if session.get(FoodFavourite, (user_id, food_id)) is None:
        session.add(FoodFavourite(user_id=user_id, food_id=food_id))
        session.flush()


def remove_favourite(session: Session, user_id: int, food_id: int) -> None:
    session.execute(delete(FoodFavourite).where(FoodFavourite.user_id == user_id, FoodFavourite.food_id == food_id))
    session.flush()


# ---------------------------------------------------------------- the planner's recipes, and preferences


@dataclass(frozen=True)
class RecipeRow:
    """A recipe as plain data: the planner's fields and its ingredients as (food id, grams, note)."""

    recipe_id: int
    slug: str  # the food row's source id: the catalogue slug, or an own recipe's random id
    name: str
    owner_id: int | None
    servings: float
    meal_types: list[str]
    tags: list[str]
    steps: list[str]
    prep_minutes: int | None
    active_minutes: int | None
    keeps_days: int | None
    cuisine: str | None
    main_protein: str | None
    min_servings: float | None
    max_servings: float | None
    serving_step: float | None
    ingredients: tuple[tuple[int, float, str], ...]


_ROW_COLUMNS = (
    Recipe.food_id,
    Food.source_id,
    Food.name,
    Food.owner_id,
    Recipe.servings,
    Recipe.meal_types,
    Recipe.tags,
    Recipe.steps,
    Recipe.prep_minutes,
    Recipe.active_minutes,
    Recipe.keeps_days,
    Recipe.cuisine,
    Recipe.main_protein,
    Recipe.min_servings,
    Recipe.max_servings,
    Recipe.serving_step,
)


_ROW_FIELDS = tuple(f.name for f in fields(RecipeRow) if f.name != "ingredients")


def recipe_rows_for_planner(
    session: Session, user_id: int | None
) -> tuple[list[RecipeRow], dict[int, tuple[str, str, dict[str, Any]]]]:
    """Every catalogue recipe (owned by no one) and the user's own, as plain rows (no ORM objects: a plan request
    reads a few hundred recipes), and their ingredients' foods: id -> (source, source id, nutrients per 100 g).
    The one place the planner's recipes are read from."""
    visible = select(Recipe.food_id).join(Food, Food.id == Recipe.food_id).where(visible_to(user_id))
    items: dict[int, list[tuple[int, float, str]]] = {}
    statement = (
        select(RecipeIngredient.recipe_food_id, RecipeIngredient.food_id, RecipeIngredient.grams, RecipeIngredient.note)
        .where(RecipeIngredient.recipe_food_id.in_(visible))
        .order_by(RecipeIngredient.recipe_food_id, RecipeIngredient.position)
    )
    for recipe_id, food_id, grams, note in session.execute(statement):
        items.setdefault(recipe_id, []).append((food_id, grams, note or ""))
    rows = [
        RecipeRow(**dict(zip(_ROW_FIELDS, values, strict=True)), ingredients=tuple(items.get(values[0], ())))
        for values in session.execute(
            select(*_ROW_COLUMNS)
            .join(Food, Food.id == Recipe.food_id)
            .where(visible_to(user_id))
            .order_by(Recipe.food_id)
        )
    ]
    food_ids = sorted({food_id for row in rows for food_id, _, _ in row.ingredients})
    foods: dict[int, tuple[str, str, dict[str, Any]]] = {}
    for start in range(0, len(food_ids), 500):
        chunk = food_ids[start : start + 500]
        for food_id, source, source_id, nutrients in session.execute(
            select(Food.id, Food.source, Food.source_id, Food.nutrients).where(Food.id.in_(chunk))
        ):
            foods[food_id] = (source, source_id, nutrients or {})
    return rows, foods


def own_recipe_ids_by_source_ids(session: Session, user_id: int, source_ids: Iterable[str]) -> dict[str, int]:
    ids = sorted(set(source_ids))
    if not ids:
        return {}
    statement = select(Food.source_id, Food.id).where(
        Food.source == "recipe", Food.owner_id == user_id, Food.source_id.in_(ids)
    )
    return {source_id: food_id for source_id, food_id in session.execute(statement)}


def recipe_preferences(session: Session, user_id: int, recipe_ids: Iterable[int] | None = None) -> dict[int, str]:
    statement = select(RecipePreference.recipe_id, RecipePreference.preference).where(
        RecipePreference.user_id == user_id
    )
    if recipe_ids is not None:
        statement = statement.where(RecipePreference.recipe_id.in_(sorted(set(recipe_ids))))
    return {recipe_id: preference for recipe_id, preference in session.execute(statement)}


def set_recipe_preference(session: Session, user_id: int, recipe_id: int, preference: str | None) -> None:
    row = session.get(RecipePreference, (user_id, recipe_id))
    if preference is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(RecipePreference(user_id=user_id, recipe_id=recipe_id, preference=preference))
    else:
        row.preference = preference
    session.flush()


def delete_preferences(session: Session, user_id: int) -> None:
    session.execute(delete(RecipePreference).where(RecipePreference.user_id == user_id))


def by_exact_names(session: Session, names: Iterable[str], user_id: int | None) -> dict[str, Food]:
    """Visible foods (not recipes, not discontinued) whose name is one of `names`, by lower-cased name; a
    person's own food wins over a shared one of the same name."""
    wanted = sorted({name.lower() for name in names})
    if not wanted:
        return {}
    statement = select(Food).where(
        func.lower(Food.name).in_(wanted), visible_to(user_id), Food.source != "recipe", Food.discontinued.is_(False)
    )
    found: dict[str, Food] = {}
    for food in session.scalars(statement.order_by(Food.owner_id.is_(None), Food.id)):
        found.setdefault(food.name.lower(), food)
    return found
