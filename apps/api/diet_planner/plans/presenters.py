"""Stored plans in the contract's JSON shape (for the API and the data export)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from diet_planner.foods.sources import RECIPE_SOURCE
from diet_planner.nutrition import panel
from diet_planner.nutrition.keys import MACRO_KEYS, NUTRIENT_KEYS
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Recipe
from diet_planner.plans.models import DietPlan, PlanDay, PlanItem, PlanMeal
from diet_planner.plans.portions import household


def item_to_dict(item: PlanItem, leftover_of: dict[str, Any] | None = None) -> dict[str, Any]:
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
        "leftover_of": leftover_of,
    }


def meal_totals(meal: PlanMeal) -> dict[str, float | None]:
    totals: dict[str, float | None] = {}
    for key in MACRO_KEYS:
        values: list[float] = [item.nutrients[key] for item in meal.items if item.nutrients.get(key) is not None]
        totals[key] = round(sum(values), 1) if values else None
    return totals


def _is_cooked(item: PlanItem) -> bool:
    """A catalogue recipe made at this meal (a planned leftover is eaten, not cooked)."""
    return item.source == RECIPE_SOURCE and item.leftover_day is None


def _is_drink(item: PlanItem) -> bool:
    # Milk, soy milk and juice are drunk beside a meal, not served as a side dish.
    name = item.name.lower()
    return item.role == "beverage" or (item.role == "dairy" and "milk" in name) or "juice" in name


def meal_title(meal: PlanMeal) -> dict[str, Any]:
    """The meal as a menu reads it: the dish, then its sides and drinks apart ("Stuffed portabella caps";
    sides: steamed broccoli; drinks: soy milk)."""
    dish = next((item for item in meal.items if item.source == RECIPE_SOURCE), None)
    rest = [item for item in meal.items if item is not dish]
    sides = [item.name for item in rest if not _is_drink(item)]
    drinks = [item.name for item in rest if _is_drink(item)]
    if dish is not None:
        return {"title": dish.name, "sides": sides, "drinks": drinks}
    # A snack of plain foods: the foods are the title (a drink alone is its own title).
    if sides:
        return {"title": " and ".join(sides), "sides": [], "drinks": drinks}
    return {"title": " and ".join(drinks), "sides": [], "drinks": []}


Recipes = Mapping[str, Recipe]  # slug -> the planner's recipe: the catalogue's and the plan owner's own


def catalogue_recipes() -> dict[str, Recipe]:
    return {recipe.slug: recipe for recipe in load_catalogue().recipes}


def cooking_minutes(day: PlanDay, recipes: Recipes | None = None) -> int:
    """Active (hands-on) minutes the day's recipes take (`recipes`: the catalogue's and the person's own, as
    plans.service.plan_recipes gives them; the catalogue's alone when None); a recipe eaten twice in a day is
    cooked once, and a planned leftover not at all."""
    recipes = catalogue_recipes() if recipes is None else recipes
    slugs = {item.source_id for meal in day.meals for item in meal.items if _is_cooked(item)}
    return sum(recipes[slug].active_minutes for slug in slugs if slug in recipes)


def _meal_at(plan: DietPlan, day_index: int | None, position: int | None) -> tuple[PlanDay, PlanMeal] | None:
    for day in plan.days:
        if day.day_index == day_index and position is not None and 0 <= position < len(day.meals):
            return day, day.meals[position]
    return None


def _leftover_of(plan: DietPlan, item: PlanItem) -> dict[str, Any] | None:
    found = _meal_at(plan, item.leftover_day, item.leftover_meal)
    if found is None:
        return None
    day, meal = found
    return {"date": day.date, "slot": meal.slot, "meal_id": meal.id}


def cooking_sessions(plan: DietPlan, recipes: Recipes | None = None) -> list[dict[str, Any]]:
    """The week's cooking, day by day: each meal at which something is cooked, with its active and total minutes,
    the servings to make (that meal's and its planned leftovers') and the later meals the batch feeds."""
    recipes = catalogue_recipes() if recipes is None else recipes
    fed: dict[tuple[int, int], list[tuple[PlanDay, PlanMeal, PlanItem]]] = {}
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                if item.leftover_day is not None and item.leftover_meal is not None:
                    fed.setdefault((item.leftover_day, item.leftover_meal), []).append((day, meal, item))
    out: list[dict[str, Any]] = []
    for day in plan.days:
        dishes: list[dict[str, Any]] = []
        for position, meal in enumerate(day.meals):
            for item in meal.items:
                recipe = recipes.get(item.source_id) if _is_cooked(item) else None
                if recipe is None:
                    continue
                later = [
                    (d, m, i) for d, m, i in fed.get((day.day_index, position), []) if i.source_id == item.source_id
                ]
                dishes.append(
                    {
                        "meal_id": meal.id,
                        "slot": meal.slot,
                        "name": item.name,
                        "active_minutes": recipe.active_minutes,
                        "total_minutes": recipe.total_minutes,
                        "assembled": recipe.assembled,
                        "servings": round(item.quantity + sum(i.quantity for _, _, i in later), 2),
                        "leftovers_for": [{"date": d.date, "slot": m.slot, "meal_id": m.id} for d, m, _ in later],
                    }
                )
        out.append(
            {
                "date": day.date,
                # Cereal and milk is made at the table, not cooked: listed, but no session (as the planner counts).
                "sessions": len({dish["meal_id"] for dish in dishes if not dish["assembled"]}),
                "active_minutes": cooking_minutes(day, recipes),
                "dishes": dishes,
            }
        )
    return out


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


# Limits that are not a nutrient's, in words (planner/explain.py's RELAXED_WORDS says why in the day's notes).
_RELAXED_NOTES = {
    "cooking_minutes": "To find a plan this day goes over its active cooking-time budget.",
    "weekly_fish": "To find a plan this week has fish fewer than twice.",
    "weekly_red_meat": "To find a plan this week has red meat more than twice.",
    "weekly_other_fat": "To find a plan this week uses another oil or butter more than three times.",
    "weekly_legumes": "To find a plan this week has legumes fewer than three times.",
    "weekly_whole_grains": "To find a plan this day has no whole grain.",
    "weekly_olive_oil": "To find a plan this day has no meal made with olive oil.",
    "fat_share": "To find a plan this day has less than 65 % of its energy from fat.",
}


def relaxed_note(key: str) -> str:
    if key in _RELAXED_NOTES:
        return _RELAXED_NOTES[key]
    return f"To find a plan this day goes over the limit for {panel.nutrient_name(key).lower()}."


def plan_to_dict(plan: DietPlan, recipes: Recipes | None = None) -> dict[str, Any]:
    """`recipes`: plans.service.plan_recipes, so the person's own recipes count in the cooking minutes."""
    recipes = catalogue_recipes() if recipes is None else recipes
    return {
        "id": plan.id,
        "start_date": plan.start_date,
        "created_at": plan.created_at,
        "meals_per_day": plan.meals_per_day,
        "seed": plan.seed,
        "targets": plan.targets,
        "recipe_mix": (plan.rules or {}).get("recipe_mix", "any"),
        "recipe_notes": (plan.rules or {}).get("recipe_notes", []),
        "days": [
            {
                "date": day.date,
                "meals": [
                    {
                        "id": meal.id,
                        "slot": meal.slot,
                        "name": meal.name,
                        "items": [item_to_dict(item, _leftover_of(plan, item)) for item in meal.items],
                        "totals": meal_totals(meal),
                        **meal_title(meal),
                    }
                    for meal in day.meals
                ],
                "totals": _day_totals(day),
                "incomplete": incomplete_nutrients(item for meal in day.meals for item in meal.items),
                "shortfalls": day.shortfalls,
                "panel": panel.panel(_day_totals(day), plan.targets) if plan.targets else None,
                "notes": [readable_note(note) for note in day.notes or []],
                "cooking_minutes": cooking_minutes(day, recipes),
            }
            for day in plan.days
        ],
        "cooking_sessions": cooking_sessions(plan, recipes),
    }


def plan_summary(plan: DietPlan) -> dict[str, Any]:
    return {
        "id": plan.id,
        "start_date": plan.start_date,
        "days": plan.days_count,
        "meals_per_day": plan.meals_per_day,
        "created_at": plan.created_at,
    }
