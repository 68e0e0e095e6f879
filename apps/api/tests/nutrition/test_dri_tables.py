"""Every life stage and both sexes against the NASEM DRI summary tables, value by value.

Expected values are transcribed here independently of data/dri.json, from the NASEM Food and Nutrition
Board summary tables (RDA and AI: "Vitamins", "Elements"; "Tolerable Upper Intake Levels": "Vitamins",
"Elements"), with calcium and vitamin D from the 2011 report and sodium and potassium from the 2019 report.
"""

from __future__ import annotations

import pytest

from diet_planner.nutrition import dri
from diet_planner.nutrition.keys import NUTRIENT_UNITS
from diet_planner.nutrition.targets import ProfileData, compute_targets

# Columns as printed in the vitamins table (RDA or AI, per day).
VITAMIN_COLUMNS = [
    "vitamin_a_rae_ug",
    "vitamin_c_mg",
    "vitamin_d_ug",
    "vitamin_e_mg",
    "vitamin_k_ug",
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "vitamin_b6_mg",
    "folate_ug",
    "vitamin_b12_ug",
    "pantothenic_acid_mg",
    "choline_mg",
]
VITAMINS = """
male_14_18       900  75 15 15  75 1.2 1.3 16 1.3 400 2.4 5 550
male_19_30       900  90 15 15 120 1.2 1.3 16 1.3 400 2.4 5 550
male_31_50       900  90 15 15 120 1.2 1.3 16 1.3 400 2.4 5 550
male_51_70       900  90 15 15 120 1.2 1.3 16 1.7 400 2.4 5 550
male_71_plus     900  90 20 15 120 1.2 1.3 16 1.7 400 2.4 5 550
female_14_18     700  65 15 15  75 1.0 1.0 14 1.2 400 2.4 5 400
female_19_30     700  75 15 15  90 1.1 1.1 14 1.3 400 2.4 5 425
female_31_50     700  75 15 15  90 1.1 1.1 14 1.3 400 2.4 5 425
female_51_70     700  75 15 15  90 1.1 1.1 14 1.5 400 2.4 5 425
female_71_plus   700  75 20 15  90 1.1 1.1 14 1.5 400 2.4 5 425
pregnancy_14_18  750  80 15 15  75 1.4 1.4 18 1.9 600 2.6 6 450
pregnancy_19_30  770  85 15 15  90 1.4 1.4 18 1.9 600 2.6 6 450
pregnancy_31_50  770  85 15 15  90 1.4 1.4 18 1.9 600 2.6 6 450
lactation_14_18 1200 115 15 19  75 1.4 1.6 17 2.0 500 2.8 7 550
lactation_19_30 1300 120 15 19  90 1.4 1.6 17 2.0 500 2.8 7 550
lactation_31_50 1300 120 15 19  90 1.4 1.6 17 2.0 500 2.8 7 550
"""
# Elements table; copper is printed in µg (890, 900, 1000, 1300) and the contract's key is in mg.
ELEMENT_COLUMNS = [
    "calcium_mg",
    "copper_ug",
    "iron_mg",
    "magnesium_mg",
    "manganese_mg",
    "phosphorus_mg",
    "selenium_ug",
    "zinc_mg",
]
ELEMENTS = """
male_14_18      1300  890 11 410 2.2 1250 55 11
male_19_30      1000  900  8 400 2.3  700 55 11
male_31_50      1000  900  8 420 2.3  700 55 11
male_51_70      1000  900  8 420 2.3  700 55 11
male_71_plus    1200  900  8 420 2.3  700 55 11
female_14_18    1300  890 15 360 1.6 1250 55  9
female_19_30    1000  900 18 310 1.8  700 55  8
female_31_50    1000  900 18 320 1.8  700 55  8
female_51_70    1200  900  8 320 1.8  700 55  8
female_71_plus  1200  900  8 320 1.8  700 55  8
pregnancy_14_18 1300 1000 27 400 2.0 1250 60 12
pregnancy_19_30 1000 1000 27 350 2.0  700 60 11
pregnancy_31_50 1000 1000 27 360 2.0  700 60 11
lactation_14_18 1300 1300 10 360 2.6 1250 70 13
lactation_19_30 1000 1300  9 310 2.6  700 70 12
lactation_31_50 1000 1300  9 320 2.6  700 70 12
"""
# NASEM 2019: potassium AI, sodium AI and CDRR.
SODIUM_POTASSIUM = """
male_14_18      3000 1500 2300
male_19_30      3400 1500 2300
male_31_50      3400 1500 2300
male_51_70      3400 1500 2300
male_71_plus    3400 1500 2300
female_14_18    2300 1500 2300
female_19_30    2600 1500 2300
female_31_50    2600 1500 2300
female_51_70    2600 1500 2300
female_71_plus  2600 1500 2300
pregnancy_14_18 2600 1500 2300
pregnancy_19_30 2900 1500 2300
pregnancy_31_50 2900 1500 2300
lactation_14_18 2500 1500 2300
lactation_19_30 2800 1500 2300
lactation_31_50 2800 1500 2300
"""
# UL table columns applied to food (total intake). Vitamin A's UL is for preformed retinol.
UL_COLUMNS = [
    "retinol_ug",
    "vitamin_c_mg",
    "vitamin_d_ug",
    "vitamin_b6_mg",
    "choline_mg",
    "calcium_mg",
    "copper_ug",
    "iron_mg",
    "manganese_mg",
    "phosphorus_mg",
    "selenium_ug",
    "zinc_mg",
]
ULS = """
male_14_18      2800 1800 100  80 3000 3000  8000 45  9 4000 400 34
male_19_30      3000 2000 100 100 3500 2500 10000 45 11 4000 400 40
male_31_50      3000 2000 100 100 3500 2500 10000 45 11 4000 400 40
male_51_70      3000 2000 100 100 3500 2000 10000 45 11 4000 400 40
male_71_plus    3000 2000 100 100 3500 2000 10000 45 11 3000 400 40
female_14_18    2800 1800 100  80 3000 3000  8000 45  9 4000 400 34
female_19_30    3000 2000 100 100 3500 2500 10000 45 11 4000 400 40
female_31_50    3000 2000 100 100 3500 2500 10000 45 11 4000 400 40
female_51_70    3000 2000 100 100 3500 2000 10000 45 11 4000 400 40
female_71_plus  3000 2000 100 100 3500 2000 10000 45 11 3000 400 40
pregnancy_14_18 2800 1800 100  80 3000 3000  8000 45  9 3500 400 34
pregnancy_19_30 3000 2000 100 100 3500 2500 10000 45 11 3500 400 40
pregnancy_31_50 3000 2000 100 100 3500 2500 10000 45 11 3500 400 40
lactation_14_18 2800 1800 100  80 3000 3000  8000 45  9 4000 400 34
lactation_19_30 3000 2000 100 100 3500 2500 10000 45 11 4000 400 40
lactation_31_50 3000 2000 100 100 3500 2500 10000 45 11 4000 400 40
"""
# ULs that apply to supplements or fortificants only: reported in `basis`, never a maximum on food.
SUPPLEMENT_ONLY_ULS = {  # key: (14-18 value, adult value)
    "magnesium_mg": (350, 350),
    "niacin_mg": (30, 35),
    "folate_ug": (800, 1000),
    "vitamin_e_mg": (800, 1000),
}
NO_UL = ("vitamin_k_ug", "thiamin_mg", "riboflavin_mg", "vitamin_b12_ug", "pantothenic_acid_mg", "potassium_mg")
AI_KEYS = {"vitamin_k_ug", "pantothenic_acid_mg", "choline_mg", "manganese_mg", "potassium_mg", "sodium_mg"}


def _parse(table: str, columns: list[str]) -> dict[str, dict[str, float]]:
    rows = {}
    for line in table.strip().splitlines():
        stage, *values = line.split()
        assert len(values) == len(columns), stage
        row = {}
        for column, value in zip(columns, values, strict=True):
            if column == "copper_ug":
                row["copper_mg"] = float(value) / 1000
            else:
                row[column] = float(value)
        rows[stage] = row
    return rows


RDA_AI = {
    stage: {**_parse(VITAMINS, VITAMIN_COLUMNS)[stage], **_parse(ELEMENTS, ELEMENT_COLUMNS)[stage]}
    for stage in _parse(VITAMINS, VITAMIN_COLUMNS)
}
for _stage, (_k, _na, _cdrr) in {
    stage: (row["k"], row["na"], row["cdrr"]) for stage, row in _parse(SODIUM_POTASSIUM, ["k", "na", "cdrr"]).items()
}.items():
    RDA_AI[_stage]["potassium_mg"] = _k
    RDA_AI[_stage]["sodium_mg"] = _na
UL = _parse(ULS, UL_COLUMNS)

# A representative person in each life-stage group: (sex, age, life_stage).
PEOPLE = {
    "male_14_18": ("male", 16, "none"),
    "male_19_30": ("male", 25, "none"),
    "male_31_50": ("male", 40, "none"),
    "male_51_70": ("male", 60, "none"),
    "male_71_plus": ("male", 75, "none"),
    "female_14_18": ("female", 15, "none"),
    "female_19_30": ("female", 30, "none"),
    "female_31_50": ("female", 31, "none"),
    "female_51_70": ("female", 70, "none"),
    "female_71_plus": ("female", 71, "none"),
    "pregnancy_14_18": ("female", 18, "pregnant"),
    "pregnancy_19_30": ("female", 19, "pregnant"),
    "pregnancy_31_50": ("female", 45, "pregnant"),
    "lactation_14_18": ("female", 17, "lactating"),
    "lactation_19_30": ("female", 29, "lactating"),
    "lactation_31_50": ("female", 50, "lactating"),
}


def _targets(stage: str):  # type: ignore[no-untyped-def]
    sex, age, life_stage = PEOPLE[stage]
    profile = ProfileData(sex=sex, age_years=age, height_cm=165, weight_kg=60, life_stage=life_stage)
    return compute_targets(profile)


def test_the_tables_cover_every_group() -> None:
    assert set(RDA_AI) == set(PEOPLE) == set(dri.life_stage_groups())


@pytest.mark.parametrize("stage", sorted(PEOPLE))
def test_rda_and_ai_match_the_tables(stage: str) -> None:
    targets = _targets(stage)
    assert targets.life_stage_group == stage
    for key, expected in RDA_AI[stage].items():
        target = targets.nutrients[key]
        assert target.min == pytest.approx(expected), (stage, key)
        assert target.unit == NUTRIENT_UNITS[key], key
        assert target.basis.startswith("AI" if key in AI_KEYS else "RDA"), (key, target.basis)


@pytest.mark.parametrize("stage", sorted(PEOPLE))
def test_upper_limits_match_the_tables(stage: str) -> None:
    nutrients = _targets(stage).nutrients
    for key, expected in UL[stage].items():
        assert nutrients[key].max == pytest.approx(expected), (stage, key)
        assert "UL" in nutrients[key].basis
    # Sodium: the 2019 CDRR is the maximum; there is no UL any more.
    assert nutrients["sodium_mg"].max == 2300
    assert "CDRR" in nutrients["sodium_mg"].basis
    teen = stage.endswith("14_18")
    for key, (teen_ul, adult_ul) in SUPPLEMENT_ONLY_ULS.items():
        assert nutrients[key].max is None, key
        assert "supplements only, not food" in nutrients[key].basis
        assert f"UL {teen_ul if teen else adult_ul:,} " in nutrients[key].basis
    # Carotenoids have no UL: the vitamin A UL bounds retinol only.
    assert nutrients["vitamin_a_rae_ug"].max is None
    assert nutrients["retinol_ug"].min is None
    for key in NO_UL:
        assert nutrients[key].max is None, key


def test_every_vitamin_and_mineral_with_a_dri_is_targeted() -> None:
    with_dri = set(VITAMIN_COLUMNS) | {c.replace("copper_ug", "copper_mg") for c in ELEMENT_COLUMNS}
    with_dri |= {"potassium_mg", "sodium_mg", "retinol_ug"}
    for stage in PEOPLE:
        assert with_dri <= set(_targets(stage).nutrients), stage
    # Nutrients of the key list without a DRI are not invented.
    assert "beta_carotene_ug" not in _targets("female_19_30").nutrients
    assert "cholesterol_mg" not in _targets("female_19_30").nutrients


@pytest.mark.parametrize(
    ("sex", "age", "life_stage", "group"),
    [
        ("male", 14, "none", "male_14_18"),
        ("male", 18, "none", "male_14_18"),
        ("male", 19, "none", "male_19_30"),
        ("female", 30, "none", "female_19_30"),
        ("female", 31, "none", "female_31_50"),
        ("female", 50, "none", "female_31_50"),
        ("male", 51, "none", "male_51_70"),
        ("male", 70, "none", "male_51_70"),
        ("female", 71, "none", "female_71_plus"),
        ("female", 99, "none", "female_71_plus"),
        ("female", 14, "pregnant", "pregnancy_14_18"),
        ("female", 52, "pregnant", "pregnancy_31_50"),
        ("female", 22, "lactating", "lactation_19_30"),
    ],
)
def test_age_boundaries_pick_the_right_row(sex: str, age: int, life_stage: str, group: str) -> None:
    assert dri.life_stage_group(sex, age, life_stage) == group


def test_children_and_male_pregnancy_are_refused() -> None:
    with pytest.raises(ValueError, match="14"):
        dri.life_stage_group("female", 13)
    with pytest.raises(ValueError, match="females"):
        dri.life_stage_group("male", 30, "pregnant")


def test_data_file_cites_its_sources() -> None:
    data = dri.load()
    for key, entry in data["nutrients"].items():
        assert entry["source"] in data["sources"], key
        assert "ul" not in entry or entry["ul"]["source"] in data["sources"]
    assert "2019" in data["sources"][data["nutrients"]["potassium_mg"]["source"]]
