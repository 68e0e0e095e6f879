"""Unknown nutrient values in the planner: never 0 toward a limit, never meeting a minimum."""

from __future__ import annotations

from diet_planner.nutrition.targets import ProfileData
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.check import check_plan
from diet_planner.planner.model import NutrientTable
from diet_planner.planner.solve import generate_plan
from diet_planner.planner.unknowns import upper_bound
from tests.planner.requests import make_request

PROFILE = ProfileData("male", 30, 180, 80, "moderate")


def _without(table: NutrientTable, key: str, ndbs: set[str] | None = None) -> NutrientTable:
    return {ndb: {**row, key: None} if ndbs is None or ndb in ndbs else row for ndb, row in table.items()}


def test_an_unknown_part_is_bounded_by_its_known_whole_else_by_its_food_group() -> None:
    soy_drink = {"vitamin_a_rae_ug": 63.0, "fat_g": 1.6, "saturated_fat_g": None, "retinol_ug": None}
    assert upper_bound("16222", soy_drink, "retinol_ug") == 63.0  # retinol is part of vitamin A (RAE)
    assert upper_bound("16222", soy_drink, "saturated_fat_g") == 1.6  # saturated fat is part of fat
    assert upper_bound("16222", soy_drink, "sodium_mg") > 0  # no bound of its own: a high legume value


def test_unknown_sodium_counts_toward_the_limit_not_as_zero(catalogue: Catalogue, table: NutrientTable) -> None:
    """With every food's sodium unknown, a planner that counted unknown as 0 would call any day within the
    2,300 mg limit. Counted at its upper bound, each day keeps the limit or says it relaxed it."""
    request = make_request(PROFILE, catalogue, _without(table, "sodium_mg"), days=2, seed=3)
    plan = generate_plan(request)
    breaches = {(b.day, b.rule) for b in check_plan(request, plan, variety=False).breaches}
    for index, day in enumerate(plan.days):
        assert (index, "max:sodium_mg") not in breaches or "sodium_mg" in day.relaxed


def test_unknown_vitamin_d_never_meets_its_minimum(catalogue: Catalogue, table: NutrientTable) -> None:
    request = make_request(PROFILE, catalogue, _without(table, "vitamin_d_ug"), days=1, seed=3)
    plan = generate_plan(request)
    shortfalls = {s.nutrient: s for s in plan.days[0].shortfalls}
    assert "vitamin_d_ug" in shortfalls and shortfalls["vitamin_d_ug"].amount == 0
    assert "vitamin_d_ug" in plan.unknown_nutrients
