"""The plan generator on real profiles, the curated catalogue and USDA values, judged by the independent checker."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from typing import Any

import pytest

from diet_planner.nutrition.targets import ProfileData
from diet_planner.planner.catalogue.schema import Catalogue, Recipe, ingredient_grams
from diet_planner.planner.check import check_plan
from diet_planner.planner.model import (
    SLOT_SHARES,
    NutrientTable,
    PlanInfeasible,
    PlanItem,
    PlanRequest,
    PlanResult,
)
from diet_planner.planner.options import build_context
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
EGGS = {"01123", "01129"}  # whole egg, raw and hard-boiled


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
    assert met / total >= 0.97, met / total


def test_day_totals_are_what_the_items_grams_hold(catalogue: Catalogue, table: NutrientTable) -> None:
    """The totals a day shows are its items' grams in USDA terms, as the independent checker recounts them."""
    request, plan = _plan("vegetarian-milk-allergy", catalogue, table)
    report = check_plan(request, plan)
    for day, recounted in zip(plan.days, report.day_totals, strict=True):
        for key, amount in recounted.items():
            assert day.totals[key] == pytest.approx(amount, abs=1e-3), key
    recipe = next(r for r in catalogue.recipes if len(r.ingredients) > 2)
    serving = ingredient_grams(recipe)
    assert sum(g for _, g in serving) == pytest.approx(recipe.grams_per_serving)
    assert [g * 1.5 for _, g in serving] == pytest.approx(
        [g for _, g in ingredient_grams(recipe, 1.5 * recipe.grams_per_serving)]
    )


def test_keto_in_pregnancy_plans_the_carbohydrate_a_pregnancy_needs(catalogue: Catalogue, table: NutrientTable) -> None:
    """Built as the API builds it, a pregnant keto profile is planned without the 25 g net-carb limit (its
    targets ask for the pregnancy RDA of carbohydrate, at least 175 g, which the limit would make impossible)."""
    profile = ProfileData("female", 30, 165, 65, "light", diet="keto", life_stage="pregnant")
    request = make_request(profile, catalogue, table, days=2, meals_per_day=4)
    plan = generate_plan(request)
    report = check_plan(request, plan)
    assert report.breaches == [], report.breaches[:5]
    for totals in report.day_totals:
        assert totals["carbs_g"] >= 175.0
        assert totals["carbs_g"] - totals["fiber_g"] > 50.0


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


def test_seed_reproduces_on_a_busy_machine(catalogue: Catalogue, table: NutrientTable) -> None:
    """A server under load must give the same plan for the same seed: the solver's budget is counted in work,
    not in time. This profile's solves stop on their budget, not on the optimality gap."""
    profile = ProfileData("female", 55, 163, 78, "light", goal="lose", rate_kg_per_week=0.5)
    # Four days: two halves planned at once, the first half's last day waiting on the second half's first.
    request = make_request(profile, catalogue, table, days=4, meals_per_day=4, seed=21)
    quiet = generate_plan(request)
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2 * (os.cpu_count() or 1))]
    try:
        busy = generate_plan(request)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    assert busy.days == quiet.days


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
    # A lunch or dinner with a side: the user locks the side and asks for another dish.
    day_index, meal_index = next(
        (d, m) for d in range(2, 7) for m in (1, 2) if plan.days[d].meals[m].items[-1].kind == "food"
    )
    locked_plan, locked = _locked_plan(plan, day_index, meal_index)
    new_day = regenerate_meal(request, locked_plan, day_index, meal_index, seed=5)
    old_day = locked_plan.days[day_index]
    for index in {0, 1, 2} - {meal_index}:
        assert new_day.meals[index] == old_day.meals[index]
    assert locked in new_day.meals[meal_index].items
    assert new_day.meals[meal_index] != old_day.meals[meal_index]
    report = check_plan(request, replace_day(locked_plan, day_index, new_day), variety=False)
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


def _recipe_per_serving(recipe: Recipe, table: NutrientTable, key: str) -> float:
    return sum((table[i.ndb].get(key) or 0.0) * i.grams / 100.0 for i in recipe.ingredients) / recipe.servings


def _item_kcal(item: PlanItem, catalogue: Catalogue, table: NutrientTable) -> float:
    if item.kind == "recipe":
        recipe = next(r for r in catalogue.recipes if r.slug == item.ref)
        per_gram = sum((table[i.ndb].get("energy_kcal") or 0.0) * i.grams / 100.0 for i in recipe.ingredients)
        return per_gram * item.grams / recipe.total_grams
    return (table[item.ref].get("energy_kcal") or 0.0) * item.grams / 100.0


@pytest.mark.parametrize("name", ["omnivore-man-30", "pregnant-woman", "keto-woman-35"])
def test_meals_look_like_food(name: str, catalogue: Catalogue, table: NutrientTable) -> None:
    """What a cook sees: one dish per main meal with a few sides in the catalogue's household steps, no second
    protein beside a protein dish, no bread or oatmeal beside a dish that has its starch, no side the dish
    already holds, no coffee or peanut butter alone as a snack."""
    _, plan = _plan(name, catalogue, table)
    recipes = {r.slug: r for r in catalogue.recipes}
    foods = {f.ndb: f for f in catalogue.plain_foods}
    for day in plan.days:
        for meal in day.meals:
            dishes = [i for i in meal.items if i.kind == "recipe"]
            sides = [i for i in meal.items if i.kind == "food"]
            for item in dishes:
                recipe = recipes[item.ref]
                assert meal.slot in recipe.slots, (meal.slot, item.ref)
                assert recipe.min_servings <= item.quantity <= recipe.max_servings, (item.ref, item.quantity)
            for item in sides:
                food = foods[item.ref]
                assert meal.slot in food.slots, (meal.slot, food.name)
                assert food.min_units <= item.quantity <= food.max_units, (food.name, item.quantity)
                steps = (item.quantity - food.min_units) / food.step
                assert abs(steps - round(steps)) < 1e-9, (food.name, item.quantity)
                assert abs(item.grams - item.quantity * food.unit_grams) < 0.1, food.name
            roles = [foods[i.ref].role for i in sides]
            assert len(roles) == len(set(roles)), f"two sides of one role: {meal.name}"
            eggs = sum(i.grams for i in sides if i.ref in EGGS) + sum(
                g.grams * d.grams / recipes[d.ref].total_grams
                for d in dishes
                for g in recipes[d.ref].ingredients
                if g.ndb in EGGS
            )
            assert eggs <= 160, f"{eggs:.0f} g of egg in {meal.name}"
            if meal.slot == "snack":
                assert len(dishes) + len(sides) <= 2 and not (dishes and sides), meal.name
                assert dishes or set(roles) - {"beverage", "fat"}, f"a drink or a spread alone as a snack: {meal.name}"
                continue
            assert len(dishes) == 1 and len(sides) <= 3, meal.name
            dish = recipes[dishes[0].ref]
            held = {i.ndb for i in dish.ingredients}
            assert not [i.name for i in sides if i.ref in held], f"a side the dish already holds: {meal.name}"
            if "protein" in roles:
                assert _recipe_per_serving(dish, table, "protein_g") < 15, f"a second protein: {meal.name}"
            if "grain" in roles:
                starch = [i for i in dish.ingredients if i.ndb[:2] in ("08", "18", "20")]
                assert sum(i.grams for i in starch) / dish.servings < 25, f"a second starch: {meal.name}"


def test_meal_energy_fits_its_slot(catalogue: Catalogue, table: NutrientTable) -> None:
    """Breakfast about a quarter of the day, dinner the biggest meal, snacks small: almost every meal sits in its
    slot's share of the day's energy (renormalised to the day's slots), give or take five points."""
    inside = total = 0
    for name in ("omnivore-man-30", "pregnant-woman", "teen-16", "pescatarian-gluten-soy"):
        request, plan = _plan(name, catalogue, table)
        lows = [SLOT_SHARES[s][0] for s in request.slots]
        highs = [SLOT_SHARES[s][1] for s in request.slots]
        middle = sum(lo + hi for lo, hi in zip(lows, highs, strict=True)) / 2
        for day in plan.days:
            energies = [sum(_item_kcal(i, catalogue, table) for i in meal.items) for meal in day.meals]
            for energy, low, high in zip(energies, lows, highs, strict=True):
                share = energy / sum(energies)
                total += 1
                inside += low / middle - 0.05 <= share <= high / middle + 0.05
    assert inside / total >= 0.95, (inside, total)


def test_variety_across_the_week(catalogue: Catalogue, table: NutrientTable) -> None:
    _, plan = _plan("omnivore-man-30", catalogue, table)
    recipes = [i.ref for d in plan.days for m in d.meals for i in m.items if i.kind == "recipe"]
    uses = Counter(recipes)
    assert max(uses.values()) <= 2, uses.most_common(3)
    assert len(uses) >= 11, f"only {len(uses)} different dishes in 21 meals"
    dinners = [next(i.ref for i in d.meals[-1].items if i.kind == "recipe") for d in plan.days]
    assert all(a != b for a, b in itertools.pairwise(dinners)), dinners


def test_two_weeks_keep_variety_in_every_window(catalogue: Catalogue, table: NutrientTable) -> None:
    """The halves of a long plan are planned at once without seeing each other: no seven days still hold a
    recipe more than twice, none runs on consecutive days, no day repeats another."""
    profile, options = PANEL["vegetarian-milk-allergy"]
    request = make_request(profile, catalogue, table, days=14, **options)
    plan = generate_plan(request)
    report = check_plan(request, plan)
    assert len(plan.days) == 14
    assert report.variety == [], report.variety[:5]
    assert report.breaches == [], report.breaches[:5]


def test_no_allergen_in_any_ingredient_with_several_allergies(catalogue: Catalogue, table: NutrientTable) -> None:
    """Every ingredient of every dish, looked up in the catalogue's ingredient table, is free of every allergen."""
    allergies = ("milk", "egg", "wheat", "soy", "peanut")
    profile = ProfileData("female", 34, 168, 64, "moderate", diet="vegetarian")
    request = make_request(profile, catalogue, table, allergies=allergies, meals_per_day=4, days=3, seed=3)
    plan = generate_plan(request)
    recipes = {r.slug: r for r in catalogue.recipes}
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                ndbs = [i.ndb for i in recipes[item.ref].ingredients] if item.kind == "recipe" else [item.ref]
                for ndb in ndbs:
                    info = catalogue.ingredients[ndb]
                    assert not info.allergens & set(allergies), (meal.slot, item.name, info.name, info.allergens)
                    assert not info.categories & {"meat", "poultry", "fish", "shellfish"}, (item.name, info.name)
    report = check_plan(request, plan)
    assert report.breaches == [] and report.days_in_energy_band == 3


def test_unreachable_nutrients_are_told_with_a_plain_suggestion(catalogue: Catalogue, table: NutrientTable) -> None:
    """A vegan who excludes every fortified food cannot reach B12 or vitamin D: the days still come back in the
    energy band, and each day lists both shortfalls with a suggestion the user can act on."""
    profile, _ = PANEL["vegan-woman-25"]
    fortified = tuple(
        sorted(
            ndb
            for ndb in catalogue.ingredients
            if (table[ndb].get("vitamin_b12_ug") or 0) > 0 or (table[ndb].get("vitamin_d_ug") or 0) > 0.2
        )
    )
    request = make_request(profile, catalogue, table, excluded=fortified, days=3)
    plan = generate_plan(request)
    report = check_plan(request, plan)
    assert report.breaches == [] and report.days_in_energy_band == 3
    for day in plan.days:
        short = {s.nutrient: s for s in day.shortfalls}
        assert {"vitamin_b12_ug", "vitamin_d_ug"} <= set(short), sorted(short)
        assert "supplement" in short["vitamin_b12_ug"].suggestion
        assert "supplement" in short["vitamin_d_ug"].suggestion
        assert "vitamin B12" in day.explanation and "vitamin_b12_ug" not in day.explanation
    # Every other miss is told too, and the rest of what the foods can give is still met.
    for unmet in report.unmet:
        assert unmet.kind == "max" or unmet.reported, unmet
    assert len({u.nutrient for u in report.unmet}) <= 5, sorted({u.nutrient for u in report.unmet})


def test_every_minimum_has_its_own_plain_suggestion(catalogue: Catalogue, table: NutrientTable) -> None:
    """A shortfall of any nutrient a profile can have comes with advice about that nutrient (foods the profile may
    eat, or a supplement), not a generic line."""
    keys: set[str] = set()
    for profile, options in PANEL.values():
        request = make_request(
            profile,
            catalogue,
            table,
            allergies=options.get("allergies", ()),
            days=1,
            meals_per_day=options.get("meals_per_day", 3),
        )
        ctx = build_context(request)
        keys |= set(ctx.req.minima)
        for key in ctx.req.minima:
            advice = ctx.advice[key]
            assert advice.foods or "supplement" in advice.text or "salt" in advice.text, (key, advice.text)
            assert "multivitamin" not in advice.text, (key, advice.text)
    assert {"vitamin_d_ug", "vitamin_b12_ug", "calcium_mg", "sodium_mg", "carbs_g"} <= keys
