"""What an unknown nutrient value counts as toward a limit: never zero (toward a minimum it counts nothing).

A food the USDA data gives no value for (sodium, retinol, selenium...) could hold any amount, so toward a
hard maximum the planner counts a high amount for it instead:
- a bound from the food's own values where one exists: retinol is part of vitamin A (RAE), and saturated
  and trans fat are parts of total fat;
- otherwise the 95th percentile, per 100 g, of that nutrient among the bundled USDA foods of the same food
  group (the NDB number's first two digits), or among all foods when the group has too few values.
Toward a minimum an unknown adds nothing, so it never meets one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.planner.catalogue.usda import read_usda_foods

KEY_INDEX = {key: i for i, key in enumerate(NUTRIENT_KEYS)}
PERCENTILE = 95.0
MIN_GROUP_VALUES = 20  # fewer known values in the group: the percentile over every food instead
# Unknown part -> the known total that bounds it (per 100 g of the same food).
PART_OF: dict[str, str] = {
    "retinol_ug": "vitamin_a_rae_ug",
    "saturated_fat_g": "fat_g",
    "trans_fat_g": "fat_g",
    "monounsaturated_fat_g": "fat_g",
    "polyunsaturated_fat_g": "fat_g",
    "sugars_g": "carbs_g",
    "starch_g": "carbs_g",
}


@functools.cache
def group_bounds() -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """(group code -> key -> 95th percentile per 100 g, key -> percentile over all foods), from the bundled data."""
    by_group: dict[str, dict[str, list[float]]] = {}
    overall: dict[str, list[float]] = {key: [] for key in NUTRIENT_KEYS}
    for ndb, food in read_usda_foods().items():
        values = by_group.setdefault(ndb[:2], {key: [] for key in NUTRIENT_KEYS})
        for key, value in food.nutrients.items():
            if value is not None and key in values:
                values[key].append(value)
                overall[key].append(value)
    everywhere = {key: float(np.percentile(v, PERCENTILE)) if v else 0.0 for key, v in overall.items()}
    groups = {
        code: {
            key: float(np.percentile(v, PERCENTILE)) if len(v) >= MIN_GROUP_VALUES else everywhere[key]
            for key, v in values.items()
        }
        for code, values in by_group.items()
    }
    return groups, everywhere


def upper_bound(ndb: str, row: Mapping[str, float | None], key: str) -> float:
    """What an unknown `key` of food `ndb` (per-100 g values `row`) counts as toward a limit."""
    whole = PART_OF.get(key)
    if whole is not None and row.get(whole) is not None:
        return float(row[whole])  # type: ignore[arg-type]
    groups, everywhere = group_bounds()
    return groups.get(ndb[:2], everywhere).get(key, everywhere[key])


def upper_per_100g(ndb: str, row: Mapping[str, float | None]) -> npt.NDArray[np.float64]:
    """Per-100 g values for limits: the known ones as they are, each unknown at its upper bound."""
    vec = np.zeros(len(NUTRIENT_KEYS))
    for key, i in KEY_INDEX.items():
        value = row.get(key)
        vec[i] = upper_bound(ndb, row, key) if value is None else float(value)
    return vec
