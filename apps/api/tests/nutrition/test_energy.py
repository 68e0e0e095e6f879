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
