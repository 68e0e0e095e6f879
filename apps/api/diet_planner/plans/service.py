"""Meal plans: build the planner's request from the profile, targets and food data, run the solver,
persist the plan, and edit it (regenerate a day or a meal, lock or resize an item) and its grocery list."""

from __future__ import annotations

import random
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.db import end_read_phase
from diet_planner.core.errors import Conflict, NotFound, Unprocessable
from diet_planner.core.logging import get_logger
from diet_planner.foods import service as foods
from diet_planner.nutrition import diets
from diet_planner.nutrition.keys import MACRO_KEYS, NUTRIENT_KEYS, NUTRIENT_UNITS
from diet_planner.planner import solve
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.model import (
    DayPlan,
    DietRules,
    NutrientTable,
    PlanInfeasible,
    PlanRequest,
    PlanResult,
)
from diet_planner.planner.model import PlanItem as SolverItem
from diet_planner.planner.model import PlanMeal as SolverMeal
from diet_planner.plans import grocery, portions
from diet_planner.plans import repository as plans
from diet_planner.plans.models import DietPlan, PlanDay, PlanItem, PlanMeal
from diet_planner.profiles import service as profiles
from diet_planner.profiles.models import Profile

log = get_logger("plans")
RECIPE_SOURCE = "recipe"
USDA_SOURCE = "usda_sr"


# ---------------------------------------------------------------- the planner's request


def _rules_for(profile: Profile, session: Session) -> dict[str, Any]:
    """The hard rules, as stored with the plan so later edits re-solve under the same rules."""
    diet = diets.effective_rules(profile.diet, profile.life_stage)
    excluded = foods.source_ids_of(session, [int(i) for i in profile.excluded_food_ids or []])
    return {
        "diet": diet.name,
        "excluded_categories": sorted(diet.excluded_categories),
        "allergies": sorted(profile.allergies or []),
        "excluded_ndbs": sorted(excluded.get(USDA_SOURCE, [])),
        "excluded_recipes": sorted(excluded.get(RECIPE_SOURCE, [])),
        "net_carbs_max_g": diet.net_carbs_max_g,
    }


def _catalogue_without(catalogue: Catalogue, excluded_slugs: Iterable[str]) -> Catalogue:
    excluded = set(excluded_slugs)
    if not excluded:
        return catalogue
    return replace(catalogue, recipes=tuple(r for r in catalogue.recipes if r.slug not in excluded))


def _catalogue_ndbs(catalogue: Catalogue) -> set[str]:
    ndbs = {food.ndb for food in catalogue.plain_foods}
    for recipe in catalogue.recipes:
        ndbs.update(item.ndb for item in recipe.ingredients)
    return ndbs


def _nutrient_table(session: Session, catalogue: Catalogue) -> NutrientTable:
    table = foods.usda_nutrient_table(session, sorted(_catalogue_ndbs(catalogue)))
    missing = _catalogue_ndbs(catalogue) - set(table)
    if missing:
        # The catalogue is built on SR24; an operator who loaded another release may lack some foods.
        log.warning("Catalogue foods missing from the database: %s", ", ".join(sorted(missing)[:20]))
    return table


def _bounds(targets: Mapping[str, Any]) -> dict[str, tuple[float | None, float | None]]:
    return {key: (value.get("min"), value.get("max")) for key, value in targets.get("nutrients", {}).items()}


def _request(
    session: Session,
    *,
    days: int,
    meals_per_day: int,
    seed: int,
    targets: Mapping[str, Any],
    rules: Mapping[str, Any],
    time_limit_s: float,
    history: Mapping[str, int] | None = None,
) -> PlanRequest:
    catalogue = _catalogue_without(load_catalogue(), rules.get("excluded_recipes", []))
    return PlanRequest(
        days=days,
        meals_per_day=meals_per_day,
        energy_kcal=float(targets["energy_kcal"]),
        targets=_bounds(targets),
        rules=DietRules(
            diet=rules["diet"],
            excluded_categories=frozenset(rules["excluded_categories"]),
            allergies=frozenset(rules["allergies"]),
            excluded_ndbs=frozenset(rules["excluded_ndbs"]),
            net_carbs_max_g=rules.get("net_carbs_max_g"),
        ),
        nutrients=_nutrient_table(session, catalogue),
        catalogue=catalogue,
        seed=seed,
        history=dict(history or {}),
        time_limit_s=time_limit_s,
    )


def _effective_targets(session: Session, profile: Profile) -> dict[str, Any]:
    override = None
    if profile.adaptive_targets:
        from diet_planner.diary.service import adaptive_energy_kcal  # the diary imports plans, not the reverse

        override = adaptive_energy_kcal(session, profile.user_id)
    return profiles.targets_for_profile(profile, energy_override_kcal=override).to_dict()


# ---------------------------------------------------------------- nutrients of items


def _item_nutrients(item: SolverItem, request: PlanRequest) -> dict[str, float | None]:
    """Nutrients of one planned item from the raw per-100 g table (recipes expanded to ingredients)."""
    parts: list[tuple[str, float]]
    if item.kind == "recipe":
        recipe = _recipe(request.catalogue, item.ref)
        scale = item.quantity / recipe.servings
        parts = [(ingredient.ndb, ingredient.grams * scale) for ingredient in recipe.ingredients]
    else:
        parts = [(item.ref, item.grams)]
    totals: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        values = [
            request.nutrients[ndb][key] * grams / 100  # type: ignore[operator]
            for ndb, grams in parts
            if ndb in request.nutrients and request.nutrients[ndb].get(key) is not None
        ]
        totals[key] = round(sum(values), 3) if values else None
    return totals


def _recipe(catalogue: Catalogue, slug: str) -> Any:
    for recipe in catalogue.recipes:
        if recipe.slug == slug:
            return recipe
    raise NotFound(f"recipe {slug!r} is no longer in the catalogue")


def _sum(rows: Iterable[Mapping[str, float | None]], keys: Iterable[str]) -> dict[str, float | None]:
    totals: dict[str, float | None] = {}
    materialised = list(rows)
    for key in keys:
        values = [row[key] for row in materialised if row.get(key) is not None]
        totals[key] = round(sum(values), 2) if values else None  # type: ignore[arg-type]
    return totals


# ---------------------------------------------------------------- persistence


def _food_ids(session: Session, day: DayPlan) -> dict[tuple[str, str], int]:
    recipe_slugs = {i.ref for m in day.meals for i in m.items if i.kind == "recipe"}
    ndbs = {i.ref for m in day.meals for i in m.items if i.kind == "food"}
    ids = {(USDA_SOURCE, ndb): food_id for ndb, food_id in foods.ids_by_source_ids(session, USDA_SOURCE, ndbs).items()}
    if recipe_slugs:
        known = foods.ids_by_source_ids(session, RECIPE_SOURCE, recipe_slugs)
        if len(known) < len(recipe_slugs):
            sync_catalogue(session)
            known = foods.ids_by_source_ids(session, RECIPE_SOURCE, recipe_slugs)
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
            raise Conflict(f"food {item.ref} of the catalogue is not in the database; run `diet-planner load-data`")
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
        "notes": [note for note in (day.explanation, *(f"Relaxed: {r}" for r in day.relaxed)) if note],
    }


def _write_day(session: Session, row: PlanDay, day: DayPlan, request: PlanRequest) -> None:
    """Store a solved day into an existing day row, keeping the ids of meals whose items did not change."""
    ids = _food_ids(session, day)
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


def _signature(items: Iterable[PlanItem]) -> list[tuple[str, str, float, bool]]:
    return [(i.source, i.source_id, round(i.quantity, 3), bool(i.locked)) for i in items]


def _solver_plan(plan: DietPlan) -> PlanResult:
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
                    )
                    for item in meal.items
                ),
            )
            for meal in day.meals
        )
        totals = {k: float(v) for k, v in (day.totals or {}).items() if v is not None}
        days.append(DayPlan(meals=meals, totals=totals))
    return PlanResult(days=tuple(days))


# ---------------------------------------------------------------- use cases


def create_plan(
    session: Session,
    user_id: int,
    *,
    days: int,
    start_date: date | None,
    meals_per_day: int | None,
    seed: int | None,
    time_limit_s: float,
    on_generated: Any = None,
) -> DietPlan:
    profile = profiles.require_profile(session, user_id)
    targets = _effective_targets(session, profile)
    rules = _rules_for(profile, session)
    meals = meals_per_day or profile.meals_per_day
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    request = _request(
        session, days=days, meals_per_day=meals, seed=seed, targets=targets, rules=rules, time_limit_s=time_limit_s
    )
    end_read_phase(session)  # solve without holding SQLite's write lock; the plan is written afterwards
    started = time.perf_counter()
    try:
        result = solve.generate_plan(request)
    except PlanInfeasible as error:
        raise Unprocessable(error.message, extra={"conflicts": error.conflicts}) from error
    elapsed = time.perf_counter() - started
    if on_generated:
        on_generated(elapsed)
    log.info("Plan generated user_id=%s days=%s meals=%s in %.0f ms", user_id, days, meals, elapsed * 1000)
    first = start_date or date.today()
    plan = plans.add(
        session,
        DietPlan(
            user_id=user_id,
            start_date=first,
            days_count=days,
            meals_per_day=meals,
            seed=seed,
            targets=targets,
            rules=rules,
            days=[],
        ),
    )
    for index, solved in enumerate(result.days):
        row = PlanDay(day_index=index, date=first + timedelta(days=index), totals={}, shortfalls=[], notes=[], meals=[])
        plan.days.append(row)
        _write_day(session, row, solved, request)
    session.flush()
    return plan


def get_plan(session: Session, user_id: int, plan_id: int) -> DietPlan:
    plan = plans.get_full(session, user_id, plan_id)
    if plan is None:
        raise NotFound("Plan not found")
    return plan


def list_plans(session: Session, user_id: int, limit: int, offset: int) -> tuple[list[DietPlan], int]:
    return plans.list_for_user(session, user_id, limit, offset)


def delete_plan(session: Session, user_id: int, plan_id: int) -> None:
    plans.delete(session, get_plan(session, user_id, plan_id))


def _edit_request(session: Session, plan: DietPlan, time_limit_s: float) -> PlanRequest:
    return _request(
        session,
        days=plan.days_count,
        meals_per_day=plan.meals_per_day,
        seed=plan.seed,
        targets=plan.targets,
        rules=plan.rules,
        time_limit_s=time_limit_s,
    )


def _day_index(plan: DietPlan, day_date: date) -> int:
    for day in plan.days:
        if day.date == day_date:
            return day.day_index
    raise NotFound(f"The plan has no day {day_date.isoformat()}")


def _solve_edit(session: Session, plan: DietPlan, action: Any) -> DayPlan:
    """Solve an edit outside the read transaction, so SQLite's write lock is not held while the solver
    runs; the plan may have been deleted meanwhile, which is then a 404 rather than a failed write."""
    end_read_phase(session)
    try:
        result: DayPlan = action()
    except PlanInfeasible as error:
        raise Unprocessable(error.message, extra={"conflicts": error.conflicts}) from error
    with session.no_autoflush:  # a pending edit of a deleted plan must not be flushed first
        if not plans.exists(session, plan.user_id, plan.id):
            raise NotFound("Plan not found")
    return result


def regenerate_day(session: Session, user_id: int, plan_id: int, day_date: date, time_limit_s: float) -> DietPlan:
    plan = get_plan(session, user_id, plan_id)
    index = _day_index(plan, day_date)
    request = _edit_request(session, plan, time_limit_s)
    seed = random.SystemRandom().randrange(2**31)
    current = _solver_plan(plan)
    day = _solve_edit(session, plan, lambda: solve.regenerate_day(request, current, index, seed))
    _write_day(session, plan.days[index], day, request)
    return plan


def _find_meal(plan: DietPlan, meal_id: int) -> tuple[PlanDay, int]:
    for day in plan.days:
        for position, meal in enumerate(day.meals):
            if meal.id == meal_id:
                return day, position
    raise NotFound("Meal not found in this plan")


def _find_item(plan: DietPlan, item_id: int) -> tuple[PlanDay, PlanItem]:
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                if item.id == item_id:
                    return day, item
    raise NotFound("Item not found in this plan")


def regenerate_meal(session: Session, user_id: int, plan_id: int, meal_id: int, time_limit_s: float) -> DietPlan:
    plan = get_plan(session, user_id, plan_id)
    day, position = _find_meal(plan, meal_id)
    request = _edit_request(session, plan, time_limit_s)
    seed = random.SystemRandom().randrange(2**31)
    current = _solver_plan(plan)
    solved = _solve_edit(session, plan, lambda: solve.regenerate_meal(request, current, day.day_index, position, seed))
    _write_day(session, day, solved, request)
    return plan


def update_item(
    session: Session,
    user_id: int,
    plan_id: int,
    item_id: int,
    *,
    locked: bool | None,
    quantity: float | None,
    time_limit_s: float,
) -> DietPlan:
    plan = get_plan(session, user_id, plan_id)
    day, item = _find_item(plan, item_id)
    if quantity is not None and abs(quantity - item.quantity) > 1e-9:
        request = _edit_request(session, plan, time_limit_s)
        end_read_phase(session)  # before the edits below: pending changes would keep the transaction open
        item.grams = round(item.grams * quantity / item.quantity, 1)
        item.quantity = quantity
        # A resized item is the user's decision: keep it and re-solve the rest of the day around it.
        item.locked = True
        current = _solver_plan(plan)
        solved = _solve_edit(session, plan, lambda: solve.rebalance_day(request, current, day.day_index))
        _write_day(session, day, solved, request)
    elif locked is not None:
        item.locked = locked
    session.flush()
    return plan


def grocery_list(session: Session, user_id: int, plan_id: int, exclude_locked: bool = False) -> dict[str, Any]:
    plan = get_plan(session, user_id, plan_id)
    catalogue = load_catalogue()
    recipes = {recipe.slug: recipe for recipe in catalogue.recipes}
    grams_by_ndb: dict[str, float] = defaultdict(float)
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                if exclude_locked and item.locked:
                    continue
                if item.source == RECIPE_SOURCE and item.source_id in recipes:
                    recipe = recipes[item.source_id]
                    for ingredient in recipe.ingredients:
                        grams_by_ndb[ingredient.ndb] += ingredient.grams * item.quantity / recipe.servings
                elif item.source == USDA_SOURCE:
                    grams_by_ndb[item.source_id] += item.grams
    details = foods.usda_foods_with_measures(session, sorted(grams_by_ndb))
    items = [grocery.purchase_line(details[ndb], grams) for ndb, grams in grams_by_ndb.items() if ndb in details]
    items.sort(key=lambda line: (line["group"] or "~", line["name"]))
    return {"plan_id": plan.id, "items": items}


def planned_meal_items(
    session: Session, user_id: int, plan_meal_id: int
) -> tuple[date, str, list[tuple[int, float, float, str]]]:
    """For the diary: the planned meal's date, slot and (food_id, grams, quantity, unit) of its items."""
    meal = plans.find_meal(session, user_id, plan_meal_id)
    if meal is None:
        raise NotFound("Planned meal not found")
    return meal.day.date, meal.slot, [(i.food_id, i.grams, i.quantity, i.unit) for i in meal.items]


def sync_catalogue(session: Session, _settings: Any = None) -> str:
    """Store the catalogue's recipes as recipe foods (idempotent) so plan items can point at them."""
    catalogue = load_catalogue()
    count = 0
    for recipe in catalogue.recipes:
        foods.upsert_catalogue_recipe(
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


def export_user_data(session: Session, user_id: int) -> list[dict[str, Any]]:
    from diet_planner.plans.presenters import plan_to_dict

    return [plan_to_dict(plan) for plan in plans.all_for_user(session, user_id)]


def macro_totals(items: Iterable[PlanItem]) -> dict[str, float | None]:
    return _sum((item.nutrients for item in items), MACRO_KEYS)
