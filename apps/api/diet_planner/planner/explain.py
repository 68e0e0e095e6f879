"""What a plan tells its reader: each day's totals and shortfalls with suggestions, meal names, a summary."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.advice import FALLBACK, Advice, nutrient_name
from diet_planner.planner.model import DayPlan, PlanItem, PlanMeal, Shortfall
from diet_planner.planner.requirements import DayRequirements


def meal_name(items: Sequence[PlanItem]) -> str:
    """ "Oatmeal with Banana and Milk" for a recipe with sides; "Apple and Almonds" for plain foods."""
    if not items:
        return ""
    head = items[0].name
    rest = [i.name for i in items[1:]]
    if not rest:
        return head
    return f"{head} with {' and '.join(rest)}" if items[0].kind == "recipe" else " and ".join([head, *rest])


# What a relaxed limit means, in words; others are named by their key.
RELAXED_WORDS = {
    "cooking_minutes": (
        "the day's active cooking-time budget (no choice of dishes quick enough meets the diet and the nutrient "
        "targets; raise the budget or plan leftovers)"
    ),
    "weekly_fish": "fish at least twice a week (no fish dish fits this day's other limits)",
    "weekly_legumes": "legumes three times a week (no bean, lentil or chickpea dish fits this day's other limits)",
    "weekly_whole_grains": "a whole grain every day (none fits this day's other limits)",
    "weekly_red_meat": "red meat at most twice a week (no other dish fits this day's other limits)",
    "weekly_other_fat": "olive oil as the main fat (no dish without another oil or butter fits this day)",
    "weekly_olive_oil": "olive oil as the main fat (no dish made with it fits this day's other limits)",
    "fat_share": "at least 65 % of energy from fat (keto)",
}


def _advice(advice: Mapping[str, Advice], key: str) -> Advice:
    return advice.get(key) or Advice(FALLBACK)


def finish_day(
    req: DayRequirements,
    advice: Mapping[str, Advice],
    meals: tuple[PlanMeal, ...],
    totals: npt.NDArray[np.float64],
    relaxed: tuple[str, ...],
) -> DayPlan:
    """The day with its totals, the minima it misses (each with a food or supplement that would close it) and
    a sentence or two saying so."""
    total_map = {key: round(float(totals[i]), 3) for i, key in enumerate(NUTRIENT_KEYS)}
    shortfalls = tuple(
        Shortfall(
            nutrient=key,
            amount=round(total_map[key], 3),
            target=target,
            suggestion=_advice(advice, key).text,
            foods=_advice(advice, key).foods,
        )
        for key, target in req.minima.items()
        if key in total_map and total_map[key] < target * (1 - 1e-9)
    )
    parts: list[str] = []
    energy = total_map["energy_kcal"]
    parts.append(f"{energy:.0f} kcal against a target of {req.energy_kcal:.0f} kcal.")
    if shortfalls:
        short = "; ".join(
            f"{nutrient_name(s.nutrient)} {100 * s.amount / s.target:.0f} % of target: try {s.suggestion}"
            for s in shortfalls
        )
        parts.append(f"The catalogue foods this profile allows fall short on {short}.")
    else:
        parts.append(f"All {len(req.minima)} nutrient minima are met.")
    if relaxed:
        words = [RELAXED_WORDS.get(r) or nutrient_name(r) for r in relaxed]
        parts.append(f"To find a plan, a limit had to give: {'; '.join(words)}.")
    return DayPlan(meals=meals, totals=total_map, shortfalls=shortfalls, explanation=" ".join(parts), relaxed=relaxed)


def plan_explanation(
    req: DayRequirements, advice: Mapping[str, Advice], meals_per_day: int, days: Sequence[DayPlan]
) -> str:
    """How many day-nutrient minima the plan meets, and for those it misses, on how many days and what helps."""
    total = len(days) * len(req.minima)
    short = sum(len(d.shortfalls) for d in days)
    parts = [f"{len(days)} days, {meals_per_day} meals a day; {total - short} of {total} day-nutrient minima met."]
    nutrients = Counter(s.nutrient for d in days for s in d.shortfalls)
    if nutrients:
        parts.append(
            "Short on "
            + ", ".join(
                f"{nutrient_name(n)} ({c} day{'s' if c > 1 else ''}): {_advice(advice, n).text}"
                for n, c in nutrients.items()
            )
            + "."
        )
    return " ".join(parts)


def day_score(day: DayPlan) -> tuple[int, float]:
    """Lower is better: fewer relaxed hard limits first, then the smaller sum of shortfalls (fractions of target)."""
    deficit = sum(1 - s.amount / s.target for s in day.shortfalls)
    return len(day.relaxed), deficit
