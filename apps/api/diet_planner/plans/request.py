"""The planner's request for a plan: the person's rules, the catalogue without their exclusions, the
nutrient table of every food the catalogue uses, and the targets as bounds."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.logging import get_logger
from diet_planner.foods import service as foods
from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE
from diet_planner.nutrition import diets
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.model import DietRules, NutrientTable, PlanRequest
from diet_planner.plans.models import DietPlan
from diet_planner.profiles.models import Profile

log = get_logger("plans")


def rules_for(session: Session, profile: Profile) -> dict[str, Any]:
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


def build_request(
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
    """The solver's request for a plan with these targets and the stored rules (see rules_for)."""
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


def edit_request(session: Session, plan: DietPlan, time_limit_s: float) -> PlanRequest:
    """The request a stored plan was made with, for editing it under the same targets and rules."""
    return build_request(
        session,
        days=plan.days_count,
        meals_per_day=plan.meals_per_day,
        seed=plan.seed,
        targets=plan.targets,
        rules=plan.rules,
        time_limit_s=time_limit_s,
    )
