"""Meal plans: create one (build the request, run the solver, store it), edit it (regenerate a day or a
meal, lock or resize an item), its grocery list, and logging a planned meal as eaten."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from diet_planner.core.db import end_read_phase
from diet_planner.core.errors import Conflict, NotFound, Unprocessable
from diet_planner.core.logging import get_logger
from diet_planner.diary import service as diary
from diet_planner.diary.models import MealLog
from diet_planner.foods import service as foods
from diet_planner.foods.sources import RECIPE_SOURCE
from diet_planner.planner import solve
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Recipe
from diet_planner.planner.model import DayPlan, PlanInfeasible
from diet_planner.plans import grocery
from diet_planner.plans import repository as plans
from diet_planner.plans.models import DietPlan, PlanDay, PlanItem
from diet_planner.plans.presenters import catalogue_recipes, plan_to_dict
from diet_planner.plans.request import (
    build_request,
    catalogue_fill_note,
    edit_request,
    only_mine_notes,
    rules_for,
    slots_with_own,
)
from diet_planner.plans.rows import solver_plan, write_day
from diet_planner.profiles import service as profiles
from diet_planner.targets import service as effective

log = get_logger("plans")


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
    idempotency_key: str | None = None,
    recipe_mix: str = "any",
) -> DietPlan:
    """A new plan; with an `idempotency_key` the user already used, the plan made for it (nothing is solved)."""
    if idempotency_key is not None:
        earlier = plans.by_idempotency_key(session, user_id, idempotency_key)
        if earlier is not None:
            return earlier
    profile = profiles.require_profile(session, user_id)
    targets = effective.targets_for_profile(session, profile).to_dict()
    meals = meals_per_day or profile.meals_per_day
    seed = seed if seed is not None else random.SystemRandom().randrange(2**31)
    rules = rules_for(session, profile, recipe_mix)
    first = start_date or date.today()
    request, own = build_request(
        session,
        user_id=user_id,
        days=days,
        meals_per_day=meals,
        seed=seed,
        targets=targets,
        rules=rules,
        time_limit_s=time_limit_s,
        start_date=first,
    )
    end_read_phase(session)  # solve without holding SQLite's write lock; the plan is written afterwards
    started = time.perf_counter()
    try:
        result = solve.generate_plan(request)
    except PlanInfeasible as error:
        raise Unprocessable(error.message, extra={"conflicts": error.conflicts}) from error
    elapsed = time.perf_counter() - started
    if recipe_mix == "only_mine":
        covered = slots_with_own(request, own)
        rules["recipe_notes"] = only_mine_notes(request, covered) + catalogue_fill_note(result, own, covered)
    if on_generated:
        on_generated(elapsed)
    log.info("Plan generated user_id=%s days=%s meals=%s in %.0f ms", user_id, days, meals, elapsed * 1000)
    new_plan = DietPlan(
        user_id=user_id,
        start_date=first,
        days_count=days,
        meals_per_day=meals,
        seed=seed,
        targets=targets,
        rules=rules,
        idempotency_key=idempotency_key,
        days=[],
    )
    try:
        with session.begin_nested():
            plan = plans.add(session, new_plan)
    except IntegrityError:
        # The same key's first request stored its plan while this one was solving: answer with that plan.
        earlier = plans.by_idempotency_key(session, user_id, idempotency_key) if idempotency_key else None
        if earlier is None:
            raise
        return earlier
    for index, solved in enumerate(result.days):
        row = PlanDay(day_index=index, date=first + timedelta(days=index), totals={}, shortfalls=[], notes=[], meals=[])
        plan.days.append(row)
        write_day(session, row, solved, request, user_id)
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


def _require_unlocked(items: list[PlanItem], what: str) -> None:
    # Regenerating keeps every locked item: with nothing unlocked it would silently change nothing.
    if items and all(item.locked for item in items):
        raise Conflict(f"Every item of {what} is locked: unlock one to regenerate it")


def regenerate_day(session: Session, user_id: int, plan_id: int, day_date: date, time_limit_s: float) -> DietPlan:
    plan = get_plan(session, user_id, plan_id)
    index = _day_index(plan, day_date)
    _require_unlocked([i for m in plan.days[index].meals for i in m.items], f"the day {day_date.isoformat()}")
    request = edit_request(session, plan, time_limit_s)
    seed = random.SystemRandom().randrange(2**31)
    current = solver_plan(plan)
    day = _solve_edit(session, plan, lambda: solve.regenerate_day(request, current, index, seed))
    _write_edit(session, plan, current, index, day, request)
    return plan


def _write_edit(session: Session, plan: DietPlan, current: Any, index: int, day: DayPlan, request: Any) -> None:
    """Store an edited day, and every other day whose planned leftovers it changed: a day that no longer cooks
    a batch has its leftovers re-linked to another meal that cooks it, or cooked where they are eaten."""
    settled, changed = solve.settle_plan(request, solve.replace_day(current, index, day))
    for at in sorted({index, *changed}):
        write_day(session, plan.days[at], settled.days[at], request, plan.user_id)


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
    _require_unlocked(list(day.meals[position].items), "this meal")
    request = edit_request(session, plan, time_limit_s)
    seed = random.SystemRandom().randrange(2**31)
    current = solver_plan(plan)
    solved = _solve_edit(session, plan, lambda: solve.regenerate_meal(request, current, day.day_index, position, seed))
    _write_edit(session, plan, current, day.day_index, solved, request)
    return plan


def meal_alternatives(
    session: Session, user_id: int, plan_id: int, meal_id: int, limit: int, time_limit_s: float
) -> dict[str, Any]:
    """Recipes the meal may swap to, best first, each with the day it would make (see solve.swap_alternatives)."""
    plan = get_plan(session, user_id, plan_id)
    day, position = _find_meal(plan, meal_id)
    request = edit_request(session, plan, time_limit_s)
    try:
        found = solve.swap_alternatives(request, solver_plan(plan), day.day_index, position)[:limit]
    except PlanInfeasible as error:
        raise Unprocessable(error.message, extra={"conflicts": error.conflicts}) from error
    ids = foods.ids_by_source_ids(session, RECIPE_SOURCE, [a.ref for a in found])
    if len(ids) < len(found):
        foods.sync_catalogue_recipes(session)
        ids = foods.ids_by_source_ids(session, RECIPE_SOURCE, [a.ref for a in found])
    return {
        "meal_id": meal_id,
        "items": [
            {
                "source": RECIPE_SOURCE,
                "source_id": a.ref,
                "food_id": ids.get(a.ref),
                "name": a.name,
                "servings": a.servings,
                "grams": a.grams,
                "nutrients": a.meal,
                "day_totals": a.day,
                "day_shortfalls": list(a.shortfalls),
                "score": a.score,
            }
            for a in found
        ],
    }


def swap_meal(
    session: Session, user_id: int, plan_id: int, meal_id: int, source_id: str, time_limit_s: float
) -> DietPlan:
    """The meal made of recipe `source_id` (one of its alternatives) and the unlocked rest of the day re-balanced."""
    plan = get_plan(session, user_id, plan_id)
    day, position = _find_meal(plan, meal_id)
    items = list(day.meals[position].items)
    if items and all(item.locked for item in items):
        raise Conflict("Every item of this meal is locked: unlock one to swap it")
    request = edit_request(session, plan, time_limit_s)
    current = solver_plan(plan)
    solved = _solve_edit(session, plan, lambda: solve.swap_meal(request, current, day.day_index, position, source_id))
    _write_edit(session, plan, current, day.day_index, solved, request)
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
        request = edit_request(session, plan, time_limit_s)
        end_read_phase(session)  # before the edits below: pending changes would keep the transaction open
        item.grams = round(item.grams * quantity / item.quantity, 1)
        item.quantity = quantity
        # A resized item is the user's decision: keep it and re-solve the rest of the day around it.
        item.locked = True
        current = solver_plan(plan)
        solved = _solve_edit(session, plan, lambda: solve.rebalance_day(request, current, day.day_index))
        _write_edit(session, plan, current, day.day_index, solved, request)
    elif locked is not None:
        item.locked = locked
    session.flush()
    return plan


def grocery_list(
    session: Session, user_id: int, plan_id: int, exclude_locked: bool = False, exclude_have: bool = False
) -> dict[str, Any]:
    """What to buy for the plan: raw weights in shop packages, walking order by aisle, pantry items ticked."""
    plan = get_plan(session, user_id, plan_id)
    # The recipes as the planner had them (the person's own among them), ingredients keyed as the plan's.
    catalogue = replace(load_catalogue(), recipes=foods.planner_recipes(session, user_id).recipes)
    grams_by_ndb = grocery.grams_to_buy(plan, catalogue, exclude_locked=exclude_locked)
    details = foods.ingredient_foods_with_measures(session, user_id, sorted(grams_by_ndb))
    have = plans.pantry_food_ids(session, user_id)
    items = [
        grocery.purchase_line(details[ndb], grams, catalogue.ingredients.get(ndb), have=details[ndb]["id"] in have)
        for ndb, grams in grams_by_ndb.items()
        if ndb in details
    ]
    if exclude_have:
        items = [line for line in items if not line["have"]]
    items.sort(key=lambda line: (grocery.aisle_rank(line["aisle"]), line["name"]))
    return {"plan_id": plan.id, "items": items}


def set_pantry(session: Session, user_id: int, food_id: int, have: bool) -> None:
    """Tick a food as at home (or untick it); the food must be one the user can see."""
    foods.get_food(session, food_id, user_id)
    if have:
        plans.add_to_pantry(session, user_id, food_id)
    else:
        plans.remove_from_pantry(session, user_id, food_id)


def pantry(session: Session, user_id: int) -> list[int]:
    return sorted(plans.pantry_food_ids(session, user_id))


def log_meal(
    session: Session,
    user_id: int,
    *,
    plan_meal_id: int | None,
    day: date | None,
    slot: str | None,
    food_id: int | None,
    amount: diary.Amount,
    loaded: Callable[[Any], None] | None = None,
) -> Sequence[diary.LoggedEntry]:
    """POST /api/meal-logs: a planned meal's items, or one food (its schema required day, slot and food then).
    `loaded(food)`: told of the one food as loaded (diary.log_food)."""
    if plan_meal_id is not None:
        return log_planned_meal(session, user_id, plan_meal_id, day=day, slot=slot)
    assert day is not None and slot is not None and food_id is not None
    return diary.log_food(session, user_id, day=day, slot=slot, food_id=food_id, amount=amount, loaded=loaded)


def log_planned_meal(
    session: Session, user_id: int, plan_meal_id: int, *, day: date | None = None, slot: str | None = None
) -> list[MealLog]:
    """Log every item of a planned meal as eaten, on the plan's date and slot unless told otherwise."""
    meal = plans.find_meal(session, user_id, plan_meal_id)
    if meal is None:
        raise NotFound("Planned meal not found")
    planned = diary.PlannedMeal(
        plan_meal_id=meal.id,
        date=meal.day.date,
        slot=meal.slot,
        items=[(i.food_id, i.grams, i.quantity, i.unit) for i in meal.items],
        names=[i.name for i in meal.items],
    )
    return diary.log_planned_meal(session, user_id, planned, day=day, slot=slot)


def plan_recipes(session: Session, plan: DietPlan) -> dict[str, Recipe]:
    """The recipes a plan's cooking view counts: the catalogue's, and the owner's own when the plan holds one
    (foods.service.planner_recipes, read only then: most plans hold catalogue recipes alone)."""
    recipes = catalogue_recipes()
    slugs = {i.source_id for day in plan.days for meal in day.meals for i in meal.items if i.source == RECIPE_SOURCE}
    if slugs - recipes.keys():
        recipes.update((r.slug, r) for r in foods.planner_recipes(session, plan.user_id).recipes if r.slug in slugs)
    return recipes


def plan_view(session: Session, plan: DietPlan) -> dict[str, Any]:
    """The plan in the contract's shape, own recipes' cooking minutes counted."""
    return plan_to_dict(plan, plan_recipes(session, plan))


def export_user_data(session: Session, user_id: int) -> list[dict[str, Any]]:
    return [plan_view(session, plan) for plan in plans.all_for_user(session, user_id)]


def delete_user_data(session: Session, user_id: int) -> None:
    plans.delete_all_for_user(session, user_id)
