"""The nutrient keys of the API contract, with their units: the one list every domain uses."""

from __future__ import annotations

from typing import Final

# key -> unit, in the contract's order. Values are per 100 g in foods, absolute in totals.
NUTRIENT_UNITS: Final[dict[str, str]] = {
    "energy_kcal": "kcal",
    "protein_g": "g",
    "fat_g": "g",
    "carbs_g": "g",
    "fiber_g": "g",
    "sugars_g": "g",
    "starch_g": "g",
    "saturated_fat_g": "g",
    "monounsaturated_fat_g": "g",
    "polyunsaturated_fat_g": "g",
    "trans_fat_g": "g",
    "omega3_g": "g",
    "omega6_g": "g",
    "cholesterol_mg": "mg",
    "water_g": "g",
    "alcohol_g": "g",
    "caffeine_mg": "mg",
    "calcium_mg": "mg",
    "iron_mg": "mg",
    "magnesium_mg": "mg",
    "phosphorus_mg": "mg",
    "potassium_mg": "mg",
    "sodium_mg": "mg",
    "zinc_mg": "mg",
    "copper_mg": "mg",
    "manganese_mg": "mg",
    "selenium_ug": "µg",
    "vitamin_a_rae_ug": "µg",
    "retinol_ug": "µg",
    "beta_carotene_ug": "µg",
    "vitamin_c_mg": "mg",
    "vitamin_d_ug": "µg",
    "vitamin_e_mg": "mg",
    "vitamin_k_ug": "µg",
    "thiamin_mg": "mg",
    "riboflavin_mg": "mg",
    "niacin_mg": "mg",
    "pantothenic_acid_mg": "mg",
    "vitamin_b6_mg": "mg",
    "folate_ug": "µg",
    "vitamin_b12_ug": "µg",
    "choline_mg": "mg",
}
NUTRIENT_KEYS: Final[tuple[str, ...]] = tuple(NUTRIENT_UNITS)
MACRO_KEYS: Final[tuple[str, ...]] = ("energy_kcal", "protein_g", "fat_g", "carbs_g")
