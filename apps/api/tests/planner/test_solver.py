"""The plan generator on real profiles, the curated catalogue and USDA values, judged by the independent checker."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from diet_planner.nutrition.targets import ProfileData
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.check import check_plan
from diet_planner.planner.model import NutrientTable, PlanInfeasible, PlanItem, PlanRequest, PlanResult
from diet_planner.planner.solve import generate_plan, rebalance_day, regenerate_day, regenerate_meal, replace_day
from tests.planner.requests import make_request

PANEL: dict[str, tuple[ProfileData, dict[str, Any]]] = {
    "omnivore-man-30": (ProfileData("male", 30, 180, 80, "moderate"), {}),
    "vegan-woman-25": (ProfileData("female", 25, 165, 60, "light", diet="vegan"), {}),
    "keto-woman-35": (ProfileData("female", 35, 165, 70, "light", diet="keto"), {"meals_per_day": 4}),
    "vegetarian-milk-allergy": (
        ProfileData("male", 45, 175, 85, "light", diet="vegetarian"),
        {"allergies": ("milk",), "meals_per_day": 4},
    ),
    "pescatarian-gluten-soy": (
        ProfileData("female", 40, 160, 60, "moderate", diet="pescatarian"),
        {"allergies": ("gluten", "soy"), "meals_per_day": 5},
    ),
    "teen-16": (ProfileData("male", 16, 175, 65, "active"), {"meals_per_day": 6}),
    "pregnant-woman": (ProfileData("female", 30, 165, 65, "light", life_stage="pregnant"), {"meals_per_day": 4}),
}
_PLANS: dict[str, tuple[PlanRequest, PlanResult]] = {}


def _plan(name: str, catalogue: Catalogue, table: NutrientTable) -> tuple[PlanRequest, PlanResult]:
    if name not in _PLANS:
        profile, options = PANEL[name]
        request = make_request(profile, catalogue, table, days=7, **options)
        _PLANS[name] = (request, generate_plan(request))
    return _PLANS[name]


@pytest.mark.parametrize("name", list(PANEL))
def test_plan_keeps_every_rule(name: str, catalogue: Catalogue, table: NutrientTable) -> None:
    request, plan = _plan(name, catalogue, table)
    report = check_plan(request, plan)
    assert len(plan.days) == 7
    assert report.breaches == [], report.breaches[:5]
    assert report.variety == [], report.variety[:5]
    assert report.days_in_energy_band == 7
    for day in plan.days:
        assert [m.slot for m in day.meals] == list(request.slots)
        for meal in day.meals:
            assert meal.items and meal.name
            for item in meal.items:
                assert item.grams > 0 and item.quantity > 0
                if item.kind == "recipe":
                    assert item.unit == "serving" and (item.quantity * 2) == int(item.quantity * 2)
    # Every unmet minimum is told, with a plain suggestion.
    for unmet in report.unmet:
        if unmet.kind == "min":
            assert unmet.reported, unmet
    for day in plan.days:
        for shortfall in day.shortfalls:
            assert shortfall.amount < shortfall.target and shortfall.suggestion


def test_panel_meets_nearly_every_minimum(catalogue: Catalogue, table: NutrientTable) -> None:
    met = total = 0
    for name in PANEL:
        request, plan = _plan(name, catalogue, table)
        report = check_plan(request, plan)
        met += report.requirements_met
        total += report.requirements_total
    assert total > 7 * 7 * 25
    assert met / total >= 0.95, met / total


def test_checker_catches_a_broken_rule(catalogue: Catalogue, table: NutrientTable) -> None:
    request, plan = _plan("vegan-woman-25", catalogue, table)
    day = plan.days[0]
    milk = next(f for f in catalogue.plain_foods if "dairy" in catalogue.ingredients[f.ndb].categories)
    extra = PlanItem("food", milk.ndb, milk.name, 1, milk.unit, milk.unit_grams * 20, milk.role)
    meals = (replace(day.meals[0], items=(*day.meals[0].items, extra)), *day.meals[1:])
    broken = replace_day(plan, 0, replace(day, meals=meals))
    rules = {b.rule for b in check_plan(request, broken).breaches}
    assert "diet" in rules and "energy" in rules


def test_seed_reproduces_and_varies(catalogue: Catalogue, table: NutrientTable) -> None:
    profile, _ = PANEL["omnivore-man-30"]
    first = generate_plan(make_request(profile, catalogue, table, days=3, seed=7))
    again = generate_plan(make_request(profile, catalogue, table, days=3, seed=7))
    other = generate_plan(make_request(profile, catalogue, table, days=3, seed=8))
    assert first.days == again.days
    assert first.days != other.days


def test_no_option_left_names_the_conflict(catalogue: Catalogue, table: NutrientTable) -> None:
    profile, _ = PANEL["vegan-woman-25"]
    breakfast_ndbs = {i.ndb for r in catalogue.recipes if "breakfast" in r.slots for i in r.ingredients}
    request = make_request(profile, catalogue, table, days=1, excluded=tuple(sorted(breakfast_ndbs)))
    with pytest.raises(PlanInfeasible) as caught:
        generate_plan(request)
    assert "slot:breakfast" in caught.value.conflicts
    assert any(c.startswith(("excluded_food:", "diet:")) for c in caught.value.conflicts)


def _locked_plan(plan: PlanResult, day_index: int, meal_index: int) -> tuple[PlanResult, PlanItem]:
    day = plan.days[day_index]
    meal = day.meals[meal_index]
    item = replace(meal.items[-1], locked=True)
    meals = list(day.meals)
    meals[meal_index] = replace(meal, items=(*meal.items[:-1], item))
    return replace_day(plan, day_index, replace(day, meals=tuple(meals))), item


def test_regenerate_meal_keeps_other_meals_and_locked_items(catalogue: Catalogue, table: NutrientTable) -> None:
    request, plan = _plan("omnivore-man-30", catalogue, table)
    locked_plan, locked = _locked_plan(plan, 2, 1)
    new_day = regenerate_meal(request, locked_plan, 2, 1, seed=5)
    old_day = locked_plan.days[2]
    for index in (0, 2):
        assert new_day.meals[index] == old_day.meals[index]
    assert locked in new_day.meals[1].items
    assert new_day.meals[1] != old_day.meals[1]
    report = check_plan(request, replace_day(locked_plan, 2, new_day), variety=False)
    assert report.breaches == []


def test_regenerate_day_and_rebalance(catalogue: Catalogue, table: NutrientTable) -> None:
    request, plan = _plan("vegetarian-milk-allergy", catalogue, table)
    locked_plan, locked = _locked_plan(plan, 3, 0)
    new_day = regenerate_day(request, locked_plan, 3, seed=11)
    assert locked in new_day.meals[0].items
    assert new_day != locked_plan.days[3]
    assert check_plan(request, replace_day(locked_plan, 3, new_day), variety=False).breaches == []

    # The user changes the dinner servings: it stays at the new quantity and the rest of the day moves around it.
    day = plan.days[4]
    dinner = next(i for i, m in enumerate(day.meals) if m.slot == "dinner")
    recipe_item = next(i for i in day.meals[dinner].items if i.kind == "recipe")
    per_serving_g = recipe_item.grams / recipe_item.quantity
    quantity = (
        recipe_item.quantity + 0.5
        if per_serving_g * (recipe_item.quantity + 0.5) <= 600
        else recipe_item.quantity - 0.5
    )
    bigger = replace(recipe_item, quantity=quantity, grams=round(per_serving_g * quantity, 1), locked=True)
    items = tuple(bigger if i is recipe_item else i for i in day.meals[dinner].items)
    meals = list(day.meals)
    meals[dinner] = replace(day.meals[dinner], items=items)
    changed = replace_day(plan, 4, replace(day, meals=tuple(meals)))
    balanced = rebalance_day(request, changed, 4)
    assert bigger in balanced.meals[dinner].items
    report = check_plan(request, replace_day(changed, 4, balanced), variety=False)
    assert report.breaches == [], report.breaches
