"""Purchase-friendly quantities for a grocery list: grams turned into the household unit a shopper buys."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

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
