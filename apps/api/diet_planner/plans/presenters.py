"""Stored plans in the contract's JSON shape (for the API and the data export)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from diet_planner.foods.sources import RECIPE_SOURCE
from diet_planner.nutrition import panel
from diet_planner.nutrition.keys import MACRO_KEYS, NUTRIENT_KEYS
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.plans.models import DietPlan, PlanDay, PlanItem, PlanMeal
from diet_planner.plans.portions import household


def item_to_dict(item: PlanItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "food_id": item.food_id,
        "source": item.source,
        "source_id": item.source_id,
        "name": item.name,
        "quantity": item.quantity,
        "unit": item.unit,
        "grams": item.grams,
        "locked": item.locked,
        "role": item.role,
        "household": household(item.quantity, item.unit, item.grams),
        "nutrients": {key: item.nutrients.get(key) for key in MACRO_KEYS},
    }


def meal_totals(meal: PlanMeal) -> dict[str, float | None]:
    totals: dict[str, float | None] = {}
    for key in MACRO_KEYS:
        values: list[float] = [item.nutrients[key] for item in meal.items if item.nutrients.get(key) is not None]
        totals[key] = round(sum(values), 1) if values else None
    return totals


def cooking_minutes(day: PlanDay) -> int:
    """Active (hands-on) minutes the day's catalogue recipes take; a recipe eaten twice in a day is cooked once."""
    recipes = {recipe.slug: recipe for recipe in load_catalogue().recipes}
    slugs = {item.source_id for meal in day.meals for item in meal.items if item.source == RECIPE_SOURCE}
    return sum(recipes[slug].active_minutes for slug in slugs if slug in recipes)


def incomplete_nutrients(items: Iterable[PlanItem]) -> dict[str, list[str]]:
    """Per key some item lacks: the names of those items (a recipe lacks it when one ingredient does)."""
    missing: dict[str, list[str]] = {}
    for item in items:
        for key in NUTRIENT_KEYS:
            if item.nutrients.get(key) is None and item.name not in missing.get(key, []):
                missing.setdefault(key, []).append(item.name)
    return missing


def _day_totals(day: PlanDay) -> dict[str, float | None]:
    """The stored totals, with null for a nutrient no item of the day has a value for (unknown, not 0)."""
    items = [item for meal in day.meals for item in meal.items]
    known = {key for item in items for key, value in item.nutrients.items() if value is not None}
    return {key: (value if key in known or not items else None) for key, value in (day.totals or {}).items()}


def readable_note(note: str) -> str:
    """Plans stored before names were spelled out say "Relaxed: saturated_fat_g"; say it in words."""
    if note.startswith("Relaxed: "):
        return relaxed_note(note.removeprefix("Relaxed: "))
    return note


def relaxed_note(key: str) -> str:
    return f"To find a plan this day goes over the limit for {panel.nutrient_name(key).lower()}."


def plan_to_dict(plan: DietPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "start_date": plan.start_date,
        "created_at": plan.created_at,
        "meals_per_day": plan.meals_per_day,
        "seed": plan.seed,
        "targets": plan.targets,
        "days": [
            {
                "date": day.date,
                "meals": [
                    {
                        "id": meal.id,
                        "slot": meal.slot,
                        "name": meal.name,
                        "items": [item_to_dict(item) for item in meal.items],
                        "totals": meal_totals(meal),
                    }
                    for meal in day.meals
                ],
                "totals": _day_totals(day),
                "incomplete": incomplete_nutrients(item for meal in day.meals for item in meal.items),
                "shortfalls": day.shortfalls,
                "panel": panel.panel(_day_totals(day), plan.targets) if plan.targets else None,
                "notes": [readable_note(note) for note in day.notes or []],
                "cooking_minutes": cooking_minutes(day),
            }
            for day in plan.days
        ],
    }


def plan_summary(plan: DietPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "start_date": plan.start_date,
        "days": plan.days_count,
        "meals_per_day": plan.meals_per_day,
        "created_at": plan.created_at,
    }
