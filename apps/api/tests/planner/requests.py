"""PlanRequests for real profiles, built as the API builds them (planner/request.py)."""

from __future__ import annotations

from diet_planner.nutrition.targets import ProfileData, compute_targets
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.model import Kitchen, NutrientTable, PlanRequest
from diet_planner.planner.request import build_request, diet_rules, rules_from_record, rules_record


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
    kitchen: Kitchen | None = None,
) -> PlanRequest:
    rules = diet_rules(profile.diet, profile.life_stage, allergies=allergies, excluded_ndbs=excluded)
    return build_request(
        days=days,
        meals_per_day=meals_per_day,
        # Targets and rules through their stored JSON form, as a plan's edits read them back.
        targets=compute_targets(profile).to_dict(),
        rules=rules_from_record(rules_record(rules)),
        nutrients=table,
        catalogue=catalogue,
        seed=seed,
        kitchen=kitchen,
    )
