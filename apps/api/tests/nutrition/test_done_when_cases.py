"""The issue's four people, every target spelled out from the NASEM tables and the equations.

Micronutrients: NASEM DRI summary tables (RDA/AI and UL; 2011 calcium and vitamin D; 2019 sodium and
potassium). Energy: Mifflin-St Jeor x activity factor. Macros: AMDR and protein RDA (IOM 2005).
"""

from __future__ import annotations

import pytest

from diet_planner.nutrition.targets import ProfileData, compute_targets

# key: (min, max); None where the tables have no value.
WOMAN_30_MODERATE = {  # female 19-30
    "vitamin_a_rae_ug": (700, None),
    "retinol_ug": (None, 3000),
    "vitamin_c_mg": (75, 2000),
    "vitamin_d_ug": (15, 100),
    "vitamin_e_mg": (15, None),
    "vitamin_k_ug": (90, None),
    "thiamin_mg": (1.1, None),
    "riboflavin_mg": (1.1, None),
    "niacin_mg": (14, None),
    "vitamin_b6_mg": (1.3, 100),
    "folate_ug": (400, None),
    "vitamin_b12_ug": (2.4, None),
    "pantothenic_acid_mg": (5, None),
    "choline_mg": (425, 3500),
    "calcium_mg": (1000, 2500),
    "copper_mg": (0.9, 10),
    "iron_mg": (18, 45),
    "magnesium_mg": (310, None),
    "manganese_mg": (1.8, 11),
    "phosphorus_mg": (700, 4000),
    "selenium_ug": (55, 400),
    "zinc_mg": (8, 40),
    "potassium_mg": (2600, None),
    "sodium_mg": (1500, 2300),
    "omega6_g": (12, None),
    "omega3_g": (1.1, None),
}
MAN_55_SEDENTARY = {  # male 51-70
    "vitamin_a_rae_ug": (900, None),
    "retinol_ug": (None, 3000),
    "vitamin_c_mg": (90, 2000),
    "vitamin_d_ug": (15, 100),
    "vitamin_e_mg": (15, None),
    "vitamin_k_ug": (120, None),
    "thiamin_mg": (1.2, None),
    "riboflavin_mg": (1.3, None),
    "niacin_mg": (16, None),
    "vitamin_b6_mg": (1.7, 100),
    "folate_ug": (400, None),
    "vitamin_b12_ug": (2.4, None),
    "pantothenic_acid_mg": (5, None),
    "choline_mg": (550, 3500),
    "calcium_mg": (1000, 2000),
    "copper_mg": (0.9, 10),
    "iron_mg": (8, 45),
    "magnesium_mg": (420, None),
    "manganese_mg": (2.3, 11),
    "phosphorus_mg": (700, 4000),
    "selenium_ug": (55, 400),
    "zinc_mg": (11, 40),
    "potassium_mg": (3400, None),
    "sodium_mg": (1500, 2300),
    "omega6_g": (14, None),
    "omega3_g": (1.6, None),
}
PREGNANT_WOMAN_28 = {  # pregnancy 19-30
    "vitamin_a_rae_ug": (770, None),
    "retinol_ug": (None, 3000),
    "vitamin_c_mg": (85, 2000),
    "vitamin_d_ug": (15, 100),
    "vitamin_e_mg": (15, None),
    "vitamin_k_ug": (90, None),
    "thiamin_mg": (1.4, None),
    "riboflavin_mg": (1.4, None),
    "niacin_mg": (18, None),
    "vitamin_b6_mg": (1.9, 100),
    "folate_ug": (600, None),
    "vitamin_b12_ug": (2.6, None),
    "pantothenic_acid_mg": (6, None),
    "choline_mg": (450, 3500),
    "calcium_mg": (1000, 2500),
    "copper_mg": (1.0, 10),
    "iron_mg": (27, 45),
    "magnesium_mg": (350, None),
    "manganese_mg": (2.0, 11),
    "phosphorus_mg": (700, 3500),
    "selenium_ug": (60, 400),
    "zinc_mg": (11, 40),
    "potassium_mg": (2900, None),
    "sodium_mg": (1500, 2300),
    "omega6_g": (13, None),
    "omega3_g": (1.4, None),
}
BOY_16_ACTIVE = {  # male 14-18
    "vitamin_a_rae_ug": (900, None),
    "retinol_ug": (None, 2800),
    "vitamin_c_mg": (75, 1800),
    "vitamin_d_ug": (15, 100),
    "vitamin_e_mg": (15, None),
    "vitamin_k_ug": (75, None),
    "thiamin_mg": (1.2, None),
    "riboflavin_mg": (1.3, None),
    "niacin_mg": (16, None),
    "vitamin_b6_mg": (1.3, 80),
    "folate_ug": (400, None),
    "vitamin_b12_ug": (2.4, None),
    "pantothenic_acid_mg": (5, None),
    "choline_mg": (550, 3000),
    "calcium_mg": (1300, 3000),
    "copper_mg": (0.89, 8),
    "iron_mg": (11, 45),
    "magnesium_mg": (410, None),
    "manganese_mg": (2.2, 9),
    "phosphorus_mg": (1250, 4000),
    "selenium_ug": (55, 400),
    "zinc_mg": (11, 34),
    "potassium_mg": (3000, None),
    "sodium_mg": (1500, 2300),
    "omega6_g": (16, None),
    "omega3_g": (1.6, None),
}


def _macros(energy: float, protein_min: float, amdr: dict[str, tuple[float, float]], carb_rda: float) -> dict:  # type: ignore[type-arg]
    return {
        "energy_kcal": (energy * 0.95, energy * 1.05),
        "protein_g": (protein_min, amdr["protein"][1] / 100 * energy / 4),
        "fat_g": (amdr["fat"][0] / 100 * energy / 9, amdr["fat"][1] / 100 * energy / 9),
        "carbs_g": (max(carb_rda, amdr["carbs"][0] / 100 * energy / 4), amdr["carbs"][1] / 100 * energy / 4),
        "fiber_g": (14 * energy / 1000, None),
        "saturated_fat_g": (None, 0.10 * energy / 9),
    }


ADULT = {"protein": (10, 35), "fat": (20, 35), "carbs": (45, 65)}
TEEN = {"protein": (10, 30), "fat": (25, 35), "carbs": (45, 65)}

CASES = {
    "30-year-old moderately active woman": (
        ProfileData("female", 30, 165, 60, "moderate"),
        # BMR 600 + 1,031.25 - 150 - 161 = 1,320.25; x 1.55 = 2,046.4
        (1320, 2046, 2046),
        # protein: 0.8 g/kg x 60 = 48 g < 10% of 2,046 kcal = 51.15 g
        _macros(2046, 0.10 * 2046 / 4, ADULT, 130) | WOMAN_30_MODERATE,
    ),
    "55-year-old sedentary man": (
        ProfileData("male", 55, 178, 85, "sedentary"),
        # BMR 850 + 1,112.5 - 275 + 5 = 1,692.5; x 1.2 = 2,031
        (1692, 2031, 2031),
        # protein: 0.8 x 85 = 68 g > 10% of 2,031 kcal = 50.8 g
        _macros(2031, 68, ADULT, 130) | MAN_55_SEDENTARY,
    ),
    "pregnant woman": (
        ProfileData("female", 28, 163, 68, "light", life_stage="pregnant"),
        # BMR 680 + 1,018.75 - 140 - 161 = 1,397.75; x 1.375 = 1,921.9; + 340 (2nd trimester) = 2,261.9
        (1398, 1922, 2262),
        # protein 1.1 g/kg x 68 = 74.8 g; carbohydrate RDA in pregnancy 175 g
        _macros(2262, 74.8, ADULT, 175) | PREGNANT_WOMAN_28,
    ),
    "16-year-old boy": (
        ProfileData("male", 16, 175, 65, "active"),
        # BMR 650 + 1,093.75 - 80 + 5 = 1,668.75; x 1.725 = 2,878.6
        (1669, 2879, 2879),
        # protein 0.85 g/kg x 65 = 55.25 g < 10% of 2,879 = 72.0 g; AMDR 14-18: protein 10-30%, fat 25-35%
        _macros(2879, 0.10 * 2879 / 4, TEEN, 130) | BOY_16_ACTIVE,
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_targets_match_the_tables_value_by_value(name: str) -> None:
    profile, (bmr, tdee, energy), expected = CASES[name]
    targets = compute_targets(profile)
    assert (targets.bmr_kcal, targets.tdee_kcal, targets.energy_kcal) == (bmr, tdee, energy)
    assert "Mifflin-St Jeor" in targets.method
    for key, (low, high) in expected.items():
        target = targets.nutrients[key]
        assert target.min == (pytest.approx(low, abs=0.06) if low is not None else None), (key, target)
        assert target.max == (pytest.approx(high, abs=0.06) if high is not None else None), (key, target)
        assert target.basis, key
    assert set(targets.nutrients) == set(expected), set(targets.nutrients) ^ set(expected)


def test_contract_shape() -> None:
    body = compute_targets(ProfileData("female", 30, 165, 60, "moderate")).to_dict()
    assert {"bmr_kcal", "tdee_kcal", "energy_kcal", "method", "nutrients"} <= set(body)
    for key, value in body["nutrients"].items():
        assert set(value) == {"min", "max", "unit", "basis", "goal"}, key
