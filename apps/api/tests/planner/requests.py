"""PlanRequests for real profiles: targets from nutrition/targets.py, rules from nutrition/diets.py."""

from __future__ import annotations

from diet_planner.nutrition import diets
from diet_planner.nutrition.targets import ProfileData, compute_targets
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.model import DietRules, NutrientTable, PlanRequest
from diet_planner.planner.requirements import bounds_from_targets


def make_request(
    profile: ProfileData,
    catalogue: Catalogue,
    table: NutrientTable,
    *,
    allergies: tuple[str, ...] = (),
    excluded: tuple[str, ...] = (),
    meals_per_day: int = 3,
    days: int = 7,
    seed: int = 1,
) -> PlanRequest:
    targets = compute_targets(profile)
    diet = diets.rules(profile.diet)
    return PlanRequest(
        days=days,
        meals_per_day=meals_per_day,
        energy_kcal=targets.energy_kcal,
        targets=bounds_from_targets(targets.nutrients),
        rules=DietRules(
            diet=profile.diet,
            excluded_categories=diet.excluded_categories,
            allergies=frozenset(allergies),
            excluded_ndbs=frozenset(excluded),
            net_carbs_max_g=diet.net_carbs_max_g,
        ),
        nutrients=table,
        catalogue=catalogue,
        seed=seed,
    )
