"""Shortfall advice built from the foods this person may eat: the richest allowed foods per typical portion."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

import numpy as np
import numpy.typing as npt

from diet_planner.nutrition.keys import NUTRIENT_KEYS, NUTRIENT_UNITS

Vector = npt.NDArray[np.float64]
KEY_INDEX: Final = {key: i for i, key in enumerate(NUTRIENT_KEYS)}
FOODS_PER_ADVICE: Final[int] = 3
# A food is worth naming when one portion gives at least this share of the day's minimum.
MEANINGFUL_SHARE: Final[float] = 0.10

# What closes a gap without a food: a supplement or salt, safe for every diet and allergy (algae oil, not fish oil).
NON_FOOD: Final[dict[str, str]] = {
    "vitamin_d_ug": "a vitamin D supplement (10-15 µg)",
    "vitamin_b12_ug": "a vitamin B12 supplement",
    "vitamin_e_mg": "a vitamin E supplement",
    "calcium_mg": "a calcium supplement",
    "iron_mg": "an iron supplement (taken with a vitamin C source)",
    "iodine_ug": "iodised salt or an iodine supplement",
    "choline_mg": "a choline supplement",
    "folate_ug": "a folic acid supplement",
    "zinc_mg": "a zinc supplement",
    "omega3_g": "an algae oil supplement",
    "magnesium_mg": "a magnesium supplement",
    "selenium_ug": "a selenium supplement",
    "sodium_mg": "a pinch of iodised salt in cooking",
}
FALLBACK: Final[str] = "a multivitamin-mineral supplement"

NAMES: Final[dict[str, str]] = {
    "protein_g": "protein",
    "fat_g": "fat",
    "carbs_g": "carbohydrate",
    "fiber_g": "fibre",
    "omega3_g": "omega-3 fats",
    "omega6_g": "omega-6 fats",
    "vitamin_a_rae_ug": "vitamin A",
    "vitamin_b6_mg": "vitamin B6",
    "vitamin_b12_ug": "vitamin B12",
    "pantothenic_acid_mg": "pantothenic acid",
}


def nutrient_name(key: str) -> str:
    """ "vitamin_c_mg" -> "vitamin C", "iron_mg" -> "iron": the words a person reads, never the contract key."""
    if key in NAMES:
        return NAMES[key]
    words = key.rsplit("_", 1)[0].split("_")
    if words[0] == "vitamin" and len(words) == 2:
        return f"vitamin {words[1].upper()}"
    return " ".join(words)


@dataclass(frozen=True)
class Portion:
    """One allowed food in its household portion (the catalogue's unit) and the nutrients that portion gives."""

    ref: str  # NDB
    name: str
    unit: str
    grams: float
    nutrients: Vector


@dataclass(frozen=True)
class Advice:
    text: str
    foods: tuple[str, ...] = ()  # NDBs of the foods named, all allowed for this person


def _portion_words(portion: Portion) -> str:
    # Units such as "1 1/3 cups" carry their own count.
    return portion.unit if portion.unit[:1].isdigit() else f"1 {portion.unit}"


def _amount(value: float) -> str:
    return f"{value:.0f}" if value >= 10 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def rich_foods(portions: Iterable[Portion], key: str, minimum: float) -> list[Portion]:
    """The allowed foods richest in `key` per portion (nutrient density per typical portion), best first; only
    those whose portion gives a meaningful share of the day's minimum."""
    if key not in KEY_INDEX:
        return []
    i = KEY_INDEX[key]
    floor = max(minimum * MEANINGFUL_SHARE, 1e-9)
    seen: set[str] = set()
    ranked: list[Portion] = []
    for p in sorted(portions, key=lambda p: (-float(p.nutrients[i]), p.name)):
        if float(p.nutrients[i]) < floor or p.ref in seen:
            continue
        seen.add(p.ref)
        ranked.append(p)
        if len(ranked) == FOODS_PER_ADVICE:
            break
    return ranked


def advice_for(portions: Iterable[Portion], key: str, minimum: float) -> Advice:
    """ "Firm tofu (253 mg in 1/2 cup); Soy milk, fortified (299 mg in 1 cup), or a calcium supplement"."""
    foods = rich_foods(portions, key, minimum)
    unit = NUTRIENT_UNITS.get(key, "")
    named = "; ".join(
        f"{p.name} ({_amount(float(p.nutrients[KEY_INDEX[key]]))} {unit} in {_portion_words(p)})" for p in foods
    )
    extra = NON_FOOD.get(key)
    if named and extra:
        text = f"{named}, or {extra}"
    elif named:
        text = named
    else:
        text = extra or f"{FALLBACK} (none of the foods this profile allows is rich in {nutrient_name(key)})"
    return Advice(text=text, foods=tuple(p.ref for p in foods))


def build_advice(portions: Iterable[Portion], minima: Mapping[str, float]) -> dict[str, Advice]:
    """Advice for every minimum of the day, from the allowed foods only."""
    pool = list(portions)
    return {key: advice_for(pool, key, target) for key, target in minima.items()}
