"""What a planned day must meet, derived from a PlanRequest: shared by the solver and the independent checker."""

from __future__ import annotations

from dataclasses import dataclass

from diet_planner.planner.model import (
    ENERGY_BAND,
    MACRO_KEYS_SOFT,
    SATURATED_FAT_MAX_SHARE,
    SODIUM_MAX_MG,
    SUPPLEMENT_ONLY_UL,
    PlanRequest,
)


@dataclass(frozen=True)
class DayRequirements:
    energy_kcal: float
    energy_low_kcal: float
    energy_high_kcal: float
    minima: dict[str, float]  # soft: every vitamin, mineral, fibre and macro minimum (shortfalls reported)
    hard_maxima: dict[str, float]  # hard: ULs that apply to food, sodium, saturated fat (g) if given
    soft_maxima: dict[str, float]  # macro upper ends of their ranges (AMDR)
    saturated_fat_max_share: float
    net_carbs_max_g: float | None


def day_requirements(request: PlanRequest) -> DayRequirements:
    """Turn the targets and rules into the day's minima and limits (the rules of issue 5)."""
    net_carbs = request.rules.net_carbs_max_g
    minima: dict[str, float] = {}
    hard: dict[str, float] = {}
    soft_max: dict[str, float] = {}
    for key, (low, high) in request.targets.items():
        if key == "energy_kcal":
            continue
        if key == "net_carbs_g":
            if high is not None:
                net_carbs = float(high) if net_carbs is None else min(net_carbs, float(high))
            continue
        if low is not None and low > 0 and not (net_carbs is not None and key == "carbs_g"):
            minima[key] = float(low)
        if high is None:
            continue
        if key in MACRO_KEYS_SOFT:
            soft_max[key] = float(high)
        elif key in SUPPLEMENT_ONLY_UL:
            continue
        elif key == "vitamin_a_rae_ug":
            # The vitamin A UL is for preformed vitamin A (retinol), not carotenoids.
            hard["retinol_ug"] = min(hard.get("retinol_ug", float(high)), float(high))
        else:
            hard[key] = min(hard.get(key, float(high)), float(high))
    hard["sodium_mg"] = min(hard.get("sodium_mg", SODIUM_MAX_MG), SODIUM_MAX_MG)
    energy = float(request.energy_kcal)
    return DayRequirements(
        energy_kcal=energy,
        energy_low_kcal=energy * (1 - ENERGY_BAND),
        energy_high_kcal=energy * (1 + ENERGY_BAND),
        minima=minima,
        hard_maxima=hard,
        soft_maxima=soft_max,
        saturated_fat_max_share=request.rules.saturated_fat_max_share or SATURATED_FAT_MAX_SHARE,
        net_carbs_max_g=net_carbs,
    )
