"""The planner's request for a plan: the person's rules, the recipes they may have (the catalogue's and their
own, read from the recipe rows by foods.service.planner_recipes) without their exclusions, the nutrient
table of every food those use, and the targets as bounds."""

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
from diet_planner.planner.model import Kitchen, NutrientTable, PlanInfeasible, PlanRequest, PlanResult
from diet_planner.planner.options import build_context
from diet_planner.plans.models import DietPlan
from diet_planner.profiles.models import Profile

log = get_logger("plans")


RECIPE_MIXES = ("any", "mostly_mine", "only_mine")
# Cost bonus of a recipe in the solver (planner/meals.py: beside noise of up to 0.5 and 0.5 per earlier use in
# the week, so a favourite comes about twice a week when it fits the targets as well as the others, in a
# catalogue of ~400 recipes).
FAVOURITE_BONUS = 2.0
OWN_BONUS_MOSTLY = 1.5
# "Only mine": big enough to win over any catalogue recipe that fits the targets about as well (a few % of one
# nutrient's minimum, day.W_MIN), below the price of repeating a recipe on consecutive days (meals.W_RECIPE_YESTERDAY),
# so the catalogue's recipes fill only where the person's own would break the variety rules or the targets. The
# search starts each day from one with their recipes (PlanRequest.first_choice): a MILP stopped on its time limit
# could miss them even at this price.
OWN_BONUS_ONLY = 40.0


def rules_for(session: Session, profile: Profile, recipe_mix: str = "any") -> dict[str, Any]:
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
        "recipe_mix": recipe_mix,
    }


def _nutrient_table(session: Session, catalogue: Catalogue, known: NutrientTable) -> NutrientTable:
    wanted = planner_request.catalogue_ndbs(catalogue)
    table = {**foods.usda_nutrient_table(session, sorted(wanted - set(known))), **known}
    missing = wanted - set(table)
    if missing:
        # An operator who loaded another USDA release may lack some of the catalogue's foods.
        log.warning("Catalogue foods missing from the database: %s", ", ".join(sorted(missing)[:20]))
    return table


def slots_with_own(request: PlanRequest, own: frozenset[str]) -> set[str]:
    """The slots of this plan where at least one of the person's own recipes passes their hard rules."""
    own_only = replace(request.catalogue, recipes=tuple(r for r in request.catalogue.recipes if r.slug in own))
    try:
        build_context(replace(request, catalogue=own_only))
    except PlanInfeasible as error:
        empty = {c.split(":", 1)[1] for c in error.conflicts if c.startswith("slot:")}
        return set(request.slots) - empty
    return set(request.slots)


def only_mine_notes(request: PlanRequest, covered: set[str]) -> list[str]:
    """What "only my recipes" could not do before solving: the slots none of the person's recipes fits."""
    lacking = [slot for slot in dict.fromkeys(request.slots) if slot not in covered]
    if not lacking:
        return []
    return [
        f"Only your recipes: none of yours fits {', '.join(lacking)} (its meal types, your diet and allergies, or "
        "a serving too large to plan: each recipe's page says which), so the catalogue's recipes fill it."
    ]


def catalogue_fill_note(result: PlanResult, own: frozenset[str], covered: set[str]) -> list[str]:
    """...and after: the meals of slots that have recipes of theirs (`covered`) where the catalogue's still came
    in (the other slots' are said before solving)."""
    fills = sum(
        1
        for day in result.days
        for meal in day.meals
        if meal.slot in covered
        and any(item.kind == "recipe" for item in meal.items)
        and not any(item.kind == "recipe" and item.ref in own for item in meal.items)
    )
    if not fills:
        return []
    return [
        f"{fills} meal(s) use a catalogue recipe: yours alone would come twice in a day, on consecutive days or "
        "more than twice a week, or miss the targets. More recipes of your own give the plan more room."
    ]


def build_request(
    session: Session,
    *,
    user_id: int,
    days: int,
    meals_per_day: int,
    seed: int,
    targets: Mapping[str, Any],
    rules: Mapping[str, Any],
    time_limit_s: float,
    history: Mapping[str, int] | None = None,
    start_date: date | None = None,
) -> tuple[PlanRequest, frozenset[str]]:
    """The solver's request for a plan with these targets and the stored rules (see rules_for), on the catalogue's
    recipes and the user's own, with the user's preferences (never: left out; favourite: preferred) and the
    rules' recipe mix; and the slugs of the user's own recipes it may use."""
    mine = foods.planner_recipes(session, user_id)
    excluded = set(rules.get("excluded_recipes", [])) | mine.never
    own = mine.own - excluded
    own_bonus, first_choice = own_recipe_preference(rules.get("recipe_mix", "any"), own)
    bonus = dict.fromkeys(mine.favourites, FAVOURITE_BONUS)
    for slug, extra in own_bonus.items():
        bonus[slug] = bonus.get(slug, 0.0) + extra
    catalogue = planner_request.without_recipes(replace(load_catalogue(), recipes=mine.recipes), excluded)
    request = planner_request.build_request(
        days=days,
        meals_per_day=meals_per_day,
        targets=targets,
        rules=planner_request.rules_from_record(rules),
        nutrients=_nutrient_table(session, catalogue, mine.nutrients),
        catalogue=catalogue,
        seed=seed,
        history=history,
        time_limit_s=time_limit_s,
        kitchen=replace(
            planner_request.kitchen_from_record(rules.get("kitchen")),
            start_weekday=(start_date or date.today()).weekday(),
        ),
    )
    return replace(request, recipe_bonus=bonus, first_choice=first_choice), own


def own_recipe_preference(mix: str, own: frozenset[str]) -> tuple[dict[str, float], frozenset[str]]:
    """How the recipe mix prefers the person's own recipes: each one's bonus in the solver, and the request's
    first choices (their recipes under "only my recipes", none otherwise)."""
    bonus = {"mostly_mine": OWN_BONUS_MOSTLY, "only_mine": OWN_BONUS_ONLY}.get(mix, 0.0)
    return dict.fromkeys(own, bonus), own if mix == "only_mine" else frozenset()


def edit_request(session: Session, plan: DietPlan, time_limit_s: float) -> PlanRequest:
    """The request a stored plan was made with, for editing it under the same targets and rules."""
    request, _ = build_request(
        session,
        user_id=plan.user_id,
        days=plan.days_count,
        meals_per_day=plan.meals_per_day,
        seed=plan.seed,
        targets=plan.targets,
        rules=plan.rules,
        time_limit_s=time_limit_s,
        start_date=plan.start_date,
    )
    return request
