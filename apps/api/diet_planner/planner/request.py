"""The planner's request, built one way for the API, the tests and the bench: a person's rules and targets."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from diet_planner.nutrition import diets
from diet_planner.planner.catalogue.schema import Catalogue
from diet_planner.planner.model import DietRules, Kitchen, NutrientTable, PlanRequest

# Keto's floor of energy from fat, as a share (nutrition.diets: fat 65-80 % of energy).
_PERCENT = 100.0
# Liver is left out in pregnancy (NHS, ACOG: its preformed vitamin A harms the fetus), whatever the day's retinol
# total: the catalogue's pan-fried chicken livers (05661) and the USDA chicken and beef livers and canned chicken
# liver pâté a person's own recipe may hold.
PREGNANCY_EXCLUDED_NDBS: frozenset[str] = frozenset({"05027", "05028", "05661", "07053", "13325", "13326", "13327"})


def diet_rules(
    diet: str, life_stage: str = "none", *, allergies: Iterable[str] = (), excluded_ndbs: Iterable[str] = ()
) -> DietRules:
    """The hard rules of a person: the diet as it applies at their life stage (no ketogenic carbohydrate limit
    in pregnancy or lactation: nutrition.diets.effective_rules), their allergies and the USDA foods they exclude
    (and liver in pregnancy)."""
    rules = diets.effective_rules(diet, life_stage)
    if life_stage == "pregnant":
        excluded_ndbs = frozenset(excluded_ndbs) | PREGNANCY_EXCLUDED_NDBS
    return DietRules(
        diet=rules.name,
        excluded_categories=rules.excluded_categories,
        allergies=frozenset(allergies),
        excluded_ndbs=frozenset(excluded_ndbs),
        net_carbs_max_g=rules.net_carbs_max_g,
        fat_share_min=rules.fat_percent[0] / _PERCENT
        if rules.net_carbs_max_g is not None and rules.fat_percent
        else None,
        saturated_fat_max_share=(
            rules.saturated_fat_max_percent / _PERCENT if rules.saturated_fat_max_percent is not None else None
        ),
        weekly_max=tuple(sorted(rules.max_meals_per_week.items())),
        weekly_min=tuple(sorted(rules.min_meals_per_week.items())),
    )


def rules_record(rules: DietRules) -> dict[str, Any]:
    """The rules as JSON, stored with a plan so that later edits re-solve under the rules it was made with."""
    return {
        "diet": rules.diet,
        "excluded_categories": sorted(rules.excluded_categories),
        "allergies": sorted(rules.allergies),
        "excluded_ndbs": sorted(rules.excluded_ndbs),
        "net_carbs_max_g": rules.net_carbs_max_g,
        "fat_share_min": rules.fat_share_min,
        "saturated_fat_max_share": rules.saturated_fat_max_share,
        "weekly_max": [list(pair) for pair in rules.weekly_max],
        "weekly_min": [list(pair) for pair in rules.weekly_min],
    }


def rules_from_record(record: Mapping[str, Any]) -> DietRules:
    """The rules stored with a plan (rules_record; keys beside these are ignored)."""
    return DietRules(
        diet=record["diet"],
        excluded_categories=frozenset(record["excluded_categories"]),
        allergies=frozenset(record["allergies"]),
        excluded_ndbs=frozenset(record["excluded_ndbs"]),
        net_carbs_max_g=record.get("net_carbs_max_g"),
        fat_share_min=record.get("fat_share_min"),
        saturated_fat_max_share=record.get("saturated_fat_max_share"),
        weekly_max=tuple((str(g), int(n)) for g, n in record.get("weekly_max", [])),
        weekly_min=tuple((str(g), int(n)) for g, n in record.get("weekly_min", [])),
    )


def kitchen_record(kitchen: Kitchen) -> dict[str, Any]:
    """How the person cooks, stored with a plan (beside its rules) so edits keep to it."""
    return {
        "leftovers": kitchen.leftovers,
        "weekday_minutes": kitchen.weekday_minutes,
        "weekend_minutes": kitchen.weekend_minutes,
        "start_weekday": kitchen.start_weekday,
    }


def kitchen_from_record(record: Mapping[str, Any] | None) -> Kitchen:
    if not record:
        return Kitchen()
    return Kitchen(
        leftovers=str(record.get("leftovers", "never")),
        weekday_minutes=record.get("weekday_minutes"),
        weekend_minutes=record.get("weekend_minutes"),
        start_weekday=int(record.get("start_weekday", 0)),
    )


def without_recipes(catalogue: Catalogue, slugs: Iterable[str]) -> Catalogue:
    """The catalogue less the recipes a person excluded."""
    excluded = set(slugs)
    if not excluded:
        return catalogue
    return replace(catalogue, recipes=tuple(r for r in catalogue.recipes if r.slug not in excluded))


def catalogue_ndbs(catalogue: Catalogue) -> set[str]:
    """The USDA foods the nutrient table of a request on this catalogue must hold."""
    ndbs = {food.ndb for food in catalogue.plain_foods}
    for recipe in catalogue.recipes:
        ndbs.update(item.ndb for item in recipe.ingredients)
    return ndbs


def target_bounds(targets: Mapping[str, Any]) -> dict[str, tuple[float | None, float | None]]:
    """(min, max) per nutrient of targets in their JSON form (nutrition.targets.Targets.to_dict())."""
    return {key: (value.get("min"), value.get("max")) for key, value in targets.get("nutrients", {}).items()}


def build_request(
    *,
    days: int,
    meals_per_day: int,
    targets: Mapping[str, Any],
    rules: DietRules,
    nutrients: NutrientTable,
    catalogue: Catalogue,
    seed: int,
    history: Mapping[str, int] | None = None,
    time_limit_s: float | None = None,
    kitchen: Kitchen | None = None,
) -> PlanRequest:
    """A PlanRequest from targets in their JSON form (as a plan stores them), the rules, and the nutrient table of
    the catalogue's foods (catalogue_ndbs). `history`: uses of each recipe in the week before the plan."""
    request = PlanRequest(
        days=days,
        meals_per_day=meals_per_day,
        energy_kcal=float(targets["energy_kcal"]),
        targets=target_bounds(targets),
        rules=rules,
        nutrients=nutrients,
        catalogue=catalogue,
        seed=seed,
        history=dict(history or {}),
        kitchen=kitchen or Kitchen(),
    )
    return request if time_limit_s is None else replace(request, time_limit_s=time_limit_s)
