"""A plan's grocery list: the grams each USDA food needs, as what a shop sells (raw weight, packages), by aisle."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE
from diet_planner.planner.catalogue.schema import AISLES, Catalogue, IngredientInfo, ingredient_grams
from diet_planner.plans.models import DietPlan

# Measures a shopper counts in, best first; a food's USDA measures are matched by these words.
COUNTABLE_WORDS = ("medium", "large", "small", "whole", "fruit", "egg", "slice", "clove", "stalk", "head", "bunch")
VOLUME_WORDS = ("cup", "tbsp", "tsp")
# Foods outside the catalogue are shelved by their USDA food group (first two digits of the group code).
_GROUP_AISLES: Mapping[str, str] = {
    "01": "dairy & eggs",
    "02": "spices",
    "04": "oils & condiments",
    "05": "meat",
    "07": "deli",
    "08": "breakfast cereals",
    "09": "produce",
    "10": "meat",
    "11": "produce",
    "12": "dried fruit & nuts",
    "13": "meat",
    "14": "drinks",
    "15": "fish",
    "16": "canned & jarred",
    "17": "meat",
    "18": "bakery",
    "19": "snacks",
    "20": "grains, pasta & pulses",
    "23": "meat",
}
_OTHER_AISLE = "other"


def _measure_score(name: str) -> int | None:
    lowered = name.lower()
    if "nlea" in lowered or "serving" in lowered or "package" in lowered:
        return None
    for rank, word in enumerate(COUNTABLE_WORDS):
        if lowered.startswith(word) or f" {word}" in lowered or f"{word} " in lowered:
            return rank
    for rank, word in enumerate(VOLUME_WORDS):
        if lowered.startswith(word):
            return 100 + rank
    return None


def _round_up(value: float, step: float) -> float:
    return math.ceil(value / step - 1e-9) * step


def _measured(grams: float, measures: Sequence[Mapping[str, Any]]) -> tuple[float, str, float | None]:
    """(quantity, unit, grams per unit): countable units rounded up to whole ones, cups to quarters, else grams."""
    candidates = []
    for measure in measures:
        score = _measure_score(str(measure.get("name", "")))
        per_unit = float(measure.get("grams") or 0) / float(measure.get("amount") or 1)
        if score is None or per_unit <= 0:
            continue
        candidates.append((score, per_unit, str(measure["name"])))
    for score, per_unit, name in sorted(candidates):
        units = grams / per_unit
        if score < 100 and units >= 0.5:
            return max(1.0, _round_up(units, 1.0)), name, per_unit
        if score >= 100 and units >= 0.25 and name.lower().startswith("cup"):
            return _round_up(units, 0.25), name, per_unit
    if grams >= 1000:
        return round(grams / 1000, 2), "kg", 1000.0
    return float(_round_up(grams, 5.0)), "g", 1.0


def purchase_quantity(grams: float, measures: Sequence[Mapping[str, Any]]) -> tuple[float, str]:
    quantity, unit, _ = _measured(grams, measures)
    return quantity, unit


def aisle_of(info: IngredientInfo | None, group_code: str | None) -> str:
    if info is not None:
        return info.aisle
    return _GROUP_AISLES.get((group_code or "")[:2], _OTHER_AISLE)


def aisle_rank(aisle: str) -> int:
    """Walking order through the shop; foods of unknown aisle come last."""
    return AISLES.index(aisle) if aisle in AISLES else len(AISLES)


def purchase_line(
    food: Mapping[str, Any], grams: float, info: IngredientInfo | None = None, *, have: bool = False
) -> dict[str, Any]:
    """One grocery line: the eaten amount, and what to buy (raw weight in the shop's package) with what is left."""
    quantity, unit = purchase_quantity(grams, food.get("measures", []))
    raw = info.raw_grams(grams) if info is not None else grams
    package = info.package if info is not None else None
    if package is not None:
        bought = _round_up(raw / package.grams, package.step)
        purchase = {"quantity": round(bought, 2), "unit": package.unit}
        leftover = bought * package.grams - raw
    else:
        # Without a shop package the household measure is what is bought (of the raw food when it is cooked).
        bought, buy_unit, per_unit = _measured(raw, food.get("measures", []) if raw == grams else [])
        purchase = {"quantity": bought, "unit": buy_unit}
        leftover = bought * per_unit - raw if per_unit else 0.0
    return {
        "food_id": food["id"],
        "name": food["name"],
        "group": food.get("group"),
        "grams": round(grams, 1),
        "quantity": quantity,
        "unit": unit,
        "raw_grams": round(raw, 1),
        "purchase": purchase,
        "leftover_grams": round(max(0.0, leftover), 1),
        "aisle": aisle_of(info, food.get("group_code")),
        "have": have,
        "check_label": bool(info.check_label) if info is not None else False,
    }


def grams_to_buy(plan: DietPlan, catalogue: Catalogue, *, exclude_locked: bool = False) -> dict[str, float]:
    """Grams of each USDA food (by NDB) the plan's items need, recipes expanded into their ingredients."""
    recipes = {recipe.slug: recipe for recipe in catalogue.recipes}
    grams_by_ndb: dict[str, float] = defaultdict(float)
    for day in plan.days:
        for meal in day.meals:
            for item in meal.items:
                if exclude_locked and item.locked:
                    continue
                if item.source == RECIPE_SOURCE and item.source_id in recipes:
                    for ndb, grams in ingredient_grams(recipes[item.source_id], item.grams):
                        grams_by_ndb[ndb] += grams
                elif item.source == USDA_SOURCE:
                    grams_by_ndb[item.source_id] += item.grams
    return dict(grams_by_ndb)
