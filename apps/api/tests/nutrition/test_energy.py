"""Energy arithmetic: Mifflin-St Jeor, activity factors, goal change, safe floors, pregnancy and lactation."""

from __future__ import annotations

from datetime import date

import pytest

from diet_planner.nutrition import equations
from diet_planner.nutrition.targets import ProfileData, compute_targets


@pytest.mark.parametrize(
    ("sex", "kg", "cm", "age", "bmr"),
    [
        # 10·kg + 6.25·cm - 5·age + 5 (men) / - 161 (women), Mifflin et al. 1990
        ("male", 80, 180, 30, 800 + 1125 - 150 + 5),
        ("female", 60, 165, 30, 600 + 1031.25 - 150 - 161),
        ("male", 85, 178, 55, 850 + 1112.5 - 275 + 5),
        ("female", 100, 150, 70, 1000 + 937.5 - 350 - 161),
    ],
)
def test_mifflin_st_jeor(sex: str, kg: float, cm: float, age: int, bmr: float) -> None:
    assert equations.mifflin_st_jeor_bmr_kcal(sex, kg, cm, age) == pytest.approx(bmr)


@pytest.mark.parametrize(
    ("level", "factor"),
    [("sedentary", 1.2), ("light", 1.375), ("moderate", 1.55), ("active", 1.725), ("very_active", 1.9)],
)
def test_activity_factors(level: str, factor: float) -> None:
    assert equations.tdee_kcal(1500, level) == pytest.approx(1500 * factor)
    targets = compute_targets(ProfileData("male", 30, 180, 80, level))
    assert targets.tdee_kcal == round(1780 * factor)
    assert targets.energy_kcal == round(1780 * factor)
    assert f"activity factor {factor:g}" in targets.method


@pytest.mark.parametrize(
    ("goal", "rate", "change"),
    [
        ("lose", 0.5, -550.0),  # 0.5 x 7,700 / 7
        ("lose", 0.25, -275.0),
        ("gain", 0.25, 275.0),
        ("gain", 1.0, 1100.0),
        ("maintain", 0.5, 0.0),  # the rate is ignored to maintain
        ("lose", 0.0, 0.0),
    ],
)
def test_goal_change(goal: str, rate: float, change: float) -> None:
    assert equations.goal_change_kcal_per_day(goal, rate) == pytest.approx(change)


def test_loss_target_is_tdee_minus_the_deficit() -> None:
    # man 80 kg, 180 cm, 30 y, moderate: BMR 1,780, TDEE 2,759; 0.5 kg/week -> -550
    targets = compute_targets(ProfileData("male", 30, 180, 80, "moderate", "lose", 0.5))
    assert targets.bmr_kcal == 1780
    assert targets.tdee_kcal == 2759
    assert targets.energy_kcal == round(1780 * 1.55 - 550)
    assert "7,700" in targets.method
    assert targets.nutrients["energy_kcal"].min == pytest.approx(targets.energy_kcal * 0.95, abs=0.05)
    assert targets.nutrients["energy_kcal"].max == pytest.approx(targets.energy_kcal * 1.05, abs=0.05)


def test_maintain_with_a_rate_says_it_is_ignored() -> None:
    targets = compute_targets(ProfileData("female", 40, 165, 60, "light", "maintain", 0.5))
    assert targets.energy_kcal == targets.tdee_kcal
    assert any("ignored" in note for note in targets.notes)


@pytest.mark.parametrize(
    ("profile", "floor"),
    [
        # small sedentary woman losing 1 kg/week: 1,101 - 1,100 -> the 1,200 kcal floor
        (ProfileData("female", 60, 150, 45, "sedentary", "lose", 1.0), 1200),
        # small sedentary man: TDEE 1,641 - 1,100 -> the 1,500 kcal floor
        (ProfileData("male", 70, 160, 50, "sedentary", "lose", 1.0), 1500),
        # large woman: BMR 2,214 (1,400 + 1,125 - 150 - 161) is above 1,200, so the BMR is the floor
        (ProfileData("female", 30, 180, 140, "sedentary", "lose", 1.0), 2214),
        # breastfeeding: not below 1,800 kcal
        (ProfileData("female", 30, 160, 55, "sedentary", "lose", 1.0, life_stage="lactating"), 1800),
    ],
)
def test_safe_floor(profile: ProfileData, floor: float) -> None:
    targets = compute_targets(profile)
    assert targets.energy_kcal == floor
    assert targets.nutrients["energy_kcal"].min == floor  # the -5% band stops at the floor
    assert targets.nutrients["energy_kcal"].max == pytest.approx(floor * 1.05, abs=0.05)
    assert any("safe floor" in note for note in targets.notes)
    assert "safe floor" in targets.method


def test_pregnancy_adds_340_kcal_and_ignores_the_weight_goal() -> None:
    base = compute_targets(ProfileData("female", 28, 163, 68, "light"))
    pregnant = compute_targets(ProfileData("female", 28, 163, 68, "light", "lose", 0.5, life_stage="pregnant"))
    assert pregnant.energy_kcal == base.energy_kcal + 340
    assert any("second-trimester" in note for note in pregnant.notes)
    assert any("not applied during pregnancy" in note for note in pregnant.notes)
    assert equations.PREGNANCY_ADDITION_KCAL == {1: 0, 2: 340, 3: 452}


def test_lactation_adds_330_kcal() -> None:
    base = compute_targets(ProfileData("female", 32, 168, 64, "moderate"))
    lactating = compute_targets(ProfileData("female", 32, 168, 64, "moderate", life_stage="lactating"))
    assert lactating.energy_kcal == base.energy_kcal + 330
    assert "+ 330 kcal (lactation)" in lactating.method


def test_energy_override_replaces_the_equations_but_not_the_floor() -> None:
    profile = ProfileData("female", 35, 165, 70, "light", "lose", 0.5)
    adapted = compute_targets(profile, energy_override_kcal=1850)
    assert adapted.energy_kcal == 1850
    assert adapted.nutrients["energy_kcal"].min == pytest.approx(1757.5)
    assert "weight trend" in adapted.method
    # macros follow the adapted energy
    assert adapted.nutrients["fat_g"].max == pytest.approx(0.35 * 1850 / 9, abs=0.05)
    assert compute_targets(profile, energy_override_kcal=900).energy_kcal == 1395  # the BMR 1,395.25 (above 1,200)


def test_age_on_counts_completed_years() -> None:
    assert equations.age_on(date(2000, 6, 15), date(2030, 6, 14)) == 29
    assert equations.age_on(date(2000, 6, 15), date(2030, 6, 15)) == 30
    assert equations.age_on(date(2008, 2, 29), date(2022, 2, 28)) == 13
    assert equations.age_on(date(2008, 2, 29), date(2022, 3, 1)) == 14


def test_unknown_inputs_are_rejected() -> None:
    with pytest.raises(ValueError):
        equations.mifflin_st_jeor_bmr_kcal("other", 60, 160, 30)
    with pytest.raises(ValueError):
        equations.tdee_kcal(1500, "couch")
    with pytest.raises(ValueError):
        equations.goal_change_kcal_per_day("bulk", 0.5)


def test_underweight_adults_get_no_deficit() -> None:
    # 1.65 m, 48 kg: BMI 17.6, under the WHO cut-off of 18.5; a loss goal is not applied.
    targets = compute_targets(ProfileData("female", 30, 165, 48, "light", "lose", 0.5))
    assert targets.energy_kcal == targets.tdee_kcal
    assert "7,700" not in targets.method
    assert any("BMI of 17.6 is underweight" in note for note in targets.notes)
    # At 18.5 and above the goal applies; a gain goal is never blocked.
    assert compute_targets(ProfileData("female", 30, 165, 51, "light", "lose", 0.25)).energy_kcal < round(
        (10 * 51 + 6.25 * 165 - 150 - 161) * 1.375
    )
    gain = compute_targets(ProfileData("female", 30, 165, 48, "light", "gain", 0.25))
    assert gain.energy_kcal == gain.tdee_kcal + 275
    # 14-18: adult BMI cut-offs do not apply (BMI-for-age would); the supervision note stands instead.
    teen = compute_targets(ProfileData("female", 16, 165, 48, "light", "lose", 0.25))
    assert teen.energy_kcal == max(teen.tdee_kcal - 275, 1200)
    assert any("supervised by a clinician" in note for note in teen.notes)


def test_breastfeeding_loss_is_capped_at_half_a_kilo_a_week() -> None:
    # woman 30 y, 170 cm, 75 kg, moderate: BMR 750 + 1,062.5 - 150 - 161 = 1,501.5; TDEE 2,327.3; + 330 = 2,657.3
    targets = compute_targets(ProfileData("female", 30, 170, 75, "moderate", "lose", 1.0, life_stage="lactating"))
    assert targets.energy_kcal == round(1501.5 * 1.55 + 330 - 550)
    assert "- 0.5 kg/week" in targets.method
    assert any("limited to 0.5 kg/week" in note for note in targets.notes)
    slow = compute_targets(ProfileData("female", 30, 170, 75, "moderate", "lose", 0.25, life_stage="lactating"))
    assert slow.energy_kcal == round(1501.5 * 1.55 + 330 - 275)


@pytest.mark.parametrize(
    ("goal", "rate", "life_stage", "age", "bmi", "expected"),
    [
        ("lose", 0.5, "none", 30, 22.0, 0.5),
        ("maintain", 0.5, "none", 30, 22.0, 0.0),
        ("lose", 0.5, "pregnant", 30, 22.0, 0.0),
        ("gain", 0.5, "pregnant", 30, 22.0, 0.0),
        ("lose", 0.5, "none", 30, 18.4, 0.0),
        ("lose", 0.5, "none", 18, 18.4, 0.5),
        ("gain", 0.5, "none", 30, 17.0, 0.5),
        ("lose", 0.8, "lactating", 30, 25.0, 0.5),
        ("gain", 0.8, "lactating", 30, 25.0, 0.8),
    ],
)
def test_planned_rate(goal: str, rate: float, life_stage: str, age: int, bmi: float, expected: float) -> None:
    planned, why = equations.planned_rate_kg_per_week(goal, rate, life_stage=life_stage, age_years=age, bmi_kg_m2=bmi)
    assert planned == expected
    assert (why is None) == (planned == rate or goal == "maintain")


def test_protein_range_never_inverts() -> None:
    # 250 kg, breastfeeding, losing: 1.3 g/kg x 250 = 325 g is more than 35% of the energy target.
    targets = compute_targets(ProfileData("female", 30, 170, 250, "sedentary", "lose", 0.5, life_stage="lactating"))
    protein = targets.nutrients["protein_g"]
    assert protein.min == pytest.approx(325.0)
    assert protein.max is not None and protein.max >= protein.min
    assert "the max is the RDA" in protein.basis
