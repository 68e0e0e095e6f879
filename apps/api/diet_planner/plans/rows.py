"""The solver's plain data and the plan's rows, both ways: solved days written into rows (with each
item's nutrients from the raw USDA values), and a stored plan read back for the solver to edit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.errors import Conflict, NotFound
from diet_planner.foods import service as foods
from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE
from diet_planner.nutrition.keys import NUTRIENT_KEYS, NUTRIENT_UNITS
from diet_planner.planner.catalogue.schema import Catalogue, ingredient_grams
from diet_planner.planner.model import DayPlan, PlanRequest, PlanResult
from diet_planner.planner.model import PlanItem as SolverItem
from diet_planner.planner.model import PlanMeal as SolverMeal
from diet_planner.plans import portions
from diet_planner.plans import repository as plans
from diet_planner.plans.models import DietPlan, PlanDay, PlanItem, PlanMeal
from diet_planner.plans.presenters import relaxed_note


def _item_nutrients(item: SolverItem, request: PlanRequest) -> dict[str, float | None]:
    """Nutrients of one planned item from the raw per-100 g table (recipes expanded to ingredients).

    A nutrient one of its foods lacks is null for the item: the known part alone would understate it,
    and the plan day lists the item as incomplete for that nutrient."""
    parts: list[tuple[str, float]]
    if item.kind == "recipe":
        recipe = _recipe(request.catalogue, item.ref)
        parts = ingredient_grams(recipe, item.grams)
    else:
        parts = [(item.ref, item.grams)]
    totals: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        amount = 0.0
        for ndb, grams in parts:
            value = request.nutrients.get(ndb, {}).get(key)
            if value is None:
                break
            amount += float(value) * grams / 100
        else:
            totals[key] = round(amount, 3)
            continue
        totals[key] = None
    return totals


def _recipe(catalogue: Catalogue, slug: str) -> Any:
    for recipe in catalogue.recipes:
        if recipe.slug == slug:
            return recipe
    raise NotFound(f"recipe {slug!r} is no longer in the catalogue")


def _food_ids(session: Session, day: DayPlan, user_id: int) -> dict[tuple[str, str], int]:
    recipe_slugs = {i.ref for m in day.meals for i in m.items if i.kind == "recipe"}
    ndbs = {i.ref for m in day.meals for i in m.items if i.kind == "food"}
    ids = {(USDA_SOURCE, ndb): food_id for ndb, food_id in foods.ids_by_source_ids(session, USDA_SOURCE, ndbs).items()}
    # The recipes came from their rows (foods.planner_recipes): the catalogue's and this person's own.
    known = foods.recipe_ids_by_slugs(session, user_id, recipe_slugs)
    ids.update({(RECIPE_SOURCE, slug): food_id for slug, food_id in known.items()})
    return ids


def _source_of(item: SolverItem) -> str:
    return RECIPE_SOURCE if item.kind == "recipe" else USDA_SOURCE


def _build_items(
    session: Session, meal: SolverMeal, request: PlanRequest, ids: Mapping[tuple[str, str], int]
) -> list[PlanItem]:
    rows: list[PlanItem] = []
    for position, item in enumerate(meal.items):
        source = _source_of(item)
        food_id = ids.get((source, item.ref))
        if food_id is None:
            raise Conflict(f"food {item.ref} of the plan is not in the database; run `diet-planner load-data`")
        nutrients = _item_nutrients(item, request)
        quantity, unit = portions.normalise(item.quantity, item.unit)
        rows.append(
            PlanItem(
                position=position,
                food_id=food_id,
                source=source,
                source_id=item.ref,
                name=item.name,
                quantity=quantity,
                unit=unit,
                grams=item.grams,
                locked=item.locked,
                role=item.role,
                nutrients={key: nutrients[key] for key in NUTRIENT_KEYS},
                leftover_day=item.leftover_of[0] if item.leftover_of else None,
                leftover_meal=item.leftover_of[1] if item.leftover_of else None,
            )
        )
    return rows


def _day_fields(day: DayPlan) -> dict[str, Any]:
    return {
        "totals": {key: (round(day.totals[key], 3) if key in day.totals else None) for key in NUTRIENT_KEYS},
        "shortfalls": [
            {
                "nutrient": s.nutrient,
                "amount": round(s.amount, 2),
                "target": round(s.target, 2),
                "unit": NUTRIENT_UNITS.get(s.nutrient),
                "suggestion": s.suggestion,
            }
            for s in day.shortfalls
        ],
        "notes": [
            note
            for note in (
                day.explanation,
                *(relaxed_note(r) for r in day.relaxed),
            )
            if note
        ],
    }


def write_day(session: Session, row: PlanDay, day: DayPlan, request: PlanRequest, user_id: int) -> None:
    """Store a solved day into an existing day row, keeping the ids of meals whose items did not change."""
    ids = _food_ids(session, day, user_id)
    for key, value in _day_fields(day).items():
        setattr(row, key, value)
    existing = list(row.meals)
    for position, meal in enumerate(day.meals):
        items = _build_items(session, meal, request, ids)
        if position < len(existing):
            target = existing[position]
            target.slot, target.name = meal.slot, meal.name
            if _signature(target.items) != _signature(items):
                plans.replace_items(session, target, items)
        else:
            row.meals.append(PlanMeal(position=position, slot=meal.slot, name=meal.name, items=items))
    for extra in existing[len(day.meals) :]:
        row.meals.remove(extra)
    session.flush()


def _signature(items: Iterable[PlanItem]) -> list[tuple[str, str, float, bool, int | None, int | None]]:
    return [
        (i.source, i.source_id, round(i.quantity, 3), bool(i.locked), i.leftover_day, i.leftover_meal) for i in items
    ]


def leftover_of(item: PlanItem) -> tuple[int, int] | None:
    """(day index, meal position) of the meal that cooked this planned leftover."""
    if item.leftover_day is None or item.leftover_meal is None:
        return None
    return item.leftover_day, item.leftover_meal


def solver_plan(plan: DietPlan) -> PlanResult:
    """The stored plan as the solver's plain data (for regeneration and rebalancing)."""
    days = []
    for day in plan.days:
        meals = tuple(
            SolverMeal(
                slot=meal.slot,
                name=meal.name,
                items=tuple(
                    SolverItem(
                        kind="recipe" if item.source == RECIPE_SOURCE else "food",
                        ref=item.source_id,
                        name=item.name,
                        quantity=item.quantity,
                        unit=item.unit,
                        grams=item.grams,
                        role=item.role,
                        locked=item.locked,
                        leftover_of=leftover_of(item),
                    )
                    for item in meal.items
                ),
            )
            for meal in day.meals
        )
        totals = {k: float(v) for k, v in (day.totals or {}).items() if v is not None}
        days.append(DayPlan(meals=meals, totals=totals))
    return PlanResult(days=tuple(days))
