"""The planner's request for a plan: the person's rules, the catalogue without their exclusions, the
nutrient table of every food the catalogue uses, and the targets as bounds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.core.logging import get_logger
from diet_planner.foods import service as foods
from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE
from diet_planner.planner import request as planner_request
from diet_planner.planner.catalogue import load_catalogue
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.model import Kitchen, NutrientTable, PlanRequest
from diet_planner.plans.models import DietPlan
from diet_planner.profiles.models import Profile

log = get_logger("plans")


def rules_for(session: Session, profile: Profile) -> dict[str, Any]:
    """The hard rules, as stored with the plan so later edits re-solve under the same rules."""
    excluded = foods.source_ids_of(session, [int(i) for i in profile.excluded_food_ids or []])
    rules = planner_request.diet_rules(
        profile.diet,
        profile.life_stage,
        allergies=profile.allergies or [],
        excluded_ndbs=excluded.get(USDA_SOURCE, []),
    )
    kitchen = Kitchen(
        leftovers=profile.leftovers or "never",
        weekday_minutes=profile.cooking_minutes_weekday,
        weekend_minutes=profile.cooking_minutes_weekend,
    )
    return {
        **planner_request.rules_record(rules),
        "excluded_recipes": sorted(excluded.get(RECIPE_SOURCE, [])),
        # How the person cooks, kept with the plan so edits plan leftovers and cooking time the same way.
        "kitchen": planner_request.kitchen_record(kitchen),
    }


def _nutrient_table(session: Session, catalogue: Catalogue) -> NutrientTable:
    wanted = planner_request.catalogue_ndbs(catalogue)
    table = foods.usda_nutrient_table(session, sorted(wanted))
    missing = wanted - set(table)
    if missing:
        # An operator who loaded another USDA release may lack some of the catalogue's foods.
        log.warning("Catalogue foods missing from the database: %s", ", ".join(sorted(missing)[:20]))
    return table


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
    start_date: date | None = None,
) -> PlanRequest:
    """The solver's request for a plan with these targets and the stored rules (see rules_for)."""
    catalogue = planner_request.without_recipes(load_catalogue(), rules.get("excluded_recipes", []))
    return planner_request.build_request(
        days=days,
        meals_per_day=meals_per_day,
        targets=targets,
        rules=planner_request.rules_from_record(rules),
        nutrients=_nutrient_table(session, catalogue),
        catalogue=catalogue,
        seed=seed,
        history=history,
        time_limit_s=time_limit_s,
        kitchen=replace(
            planner_request.kitchen_from_record(rules.get("kitchen")),
            start_weekday=(start_date or date.today()).weekday(),
        ),
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
        start_date=plan.start_date,
    )
