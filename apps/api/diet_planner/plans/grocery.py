"""A plan's grocery list: the grams of each USDA food its items need, in the household unit a shopper buys."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from diet_planner.foods.sources import RECIPE_SOURCE, USDA_SOURCE
from diet_planner.planner.catalogue.schema import Catalogue, ingredient_grams
from diet_planner.plans.models import DietPlan

# Measures a shopper counts in, best first; a food's USDA measures are matched by these words.
COUNTABLE_WORDS = ("medium", "large", "small", "whole", "fruit", "egg", "slice", "clove", "stalk", "head", "bunch")
VOLUME_WORDS = ("cup", "tbsp", "tsp")


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


def purchase_quantity(grams: float, measures: Sequence[Mapping[str, Any]]) -> tuple[float, str]:
    """(quantity, unit): countable units rounded up to whole ones, cups to quarters, otherwise grams."""
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
            return max(1.0, _round_up(units, 1.0)), name
        if score >= 100 and units >= 0.25 and name.lower().startswith("cup"):
            return _round_up(units, 0.25), name
    if grams >= 1000:
        return round(grams / 1000, 2), "kg"
    return float(_round_up(grams, 5.0)), "g"


def purchase_line(food: Mapping[str, Any], grams: float) -> dict[str, Any]:
    quantity, unit = purchase_quantity(grams, food.get("measures", []))
    return {
        "food_id": food["id"],
        "name": food["name"],
        "group": food.get("group"),
        "grams": round(grams, 1),
        "quantity": quantity,
        "unit": unit,
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
