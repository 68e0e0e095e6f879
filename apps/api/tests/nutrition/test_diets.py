"""Diet rules: excluded categories, keto and Mediterranean macro shifts."""

from __future__ import annotations

import pytest

from diet_planner.nutrition import diets
from diet_planner.nutrition.targets import NET_CARBS_KEY, ProfileData, compute_targets
from diet_planner.planner.catalogue.schema import CATEGORIES, DIETS


@pytest.mark.parametrize(
    ("diet", "excluded"),
    [
        ("omnivore", set()),
        ("keto", set()),
        ("mediterranean", set()),
        ("pescatarian", {"meat", "poultry"}),
        ("vegetarian", {"meat", "poultry", "fish", "shellfish", "animal_rennet"}),
        ("vegan", {"meat", "poultry", "fish", "shellfish", "dairy", "egg", "honey", "animal_rennet"}),
    ],
)
def test_excluded_categories(diet: str, excluded: set[str]) -> None:
    assert diets.excluded_categories(diet) == frozenset(excluded)
    assert diets.excluded_categories(diet) <= set(CATEGORIES)


def test_every_diet_has_rules_and_unknown_is_refused() -> None:
    assert set(diets.RULES) == set(DIETS)
    for rule in diets.RULES.values():
        assert rule.basis and rule.description
    with pytest.raises(ValueError, match="unknown diet"):
        diets.excluded_categories("carnivore")


def test_keto_limits_net_carbs_and_raises_fat() -> None:
    profile = ProfileData("male", 40, 180, 80, "moderate", diet="keto")
    targets = compute_targets(profile)
    energy = targets.energy_kcal
    n = targets.nutrients
    assert n[NET_CARBS_KEY].max == 25 and n[NET_CARBS_KEY].min is None
    assert n["carbs_g"].min is None and n["carbs_g"].max is None
    assert "net carbs" in n["carbs_g"].basis
    assert n["fat_g"].min == pytest.approx(0.65 * energy / 9, abs=0.05)
    assert n["fat_g"].max == pytest.approx(0.80 * energy / 9, abs=0.05)
    assert "keto" in n["fat_g"].basis
    # Protein keeps the RDA (and the AMDR floor).
    assert n["protein_g"].min == pytest.approx(max(0.8 * 80, 0.10 * energy / 4), abs=0.05)
    # Fibre is relaxed, and says so.
    assert n["fiber_g"].min == pytest.approx(10 * energy / 1000, abs=0.05)
    assert "relaxed" in n["fiber_g"].basis
    # The macro minima leave room for each other.
    assert n["fat_g"].min * 9 + n["protein_g"].min * 4 < energy


def test_keto_carb_limit_is_not_applied_in_pregnancy() -> None:
    targets = compute_targets(ProfileData("female", 30, 165, 65, "light", diet="keto", life_stage="pregnant"))
    assert NET_CARBS_KEY not in targets.nutrients
    assert targets.nutrients["carbs_g"].min is not None and targets.nutrients["carbs_g"].min >= 175
    assert any("keto" in note for note in targets.notes)
    assert targets.nutrients["fat_g"].max == pytest.approx(0.35 * targets.energy_kcal / 9, abs=0.05)


def test_mediterranean_fat_range_and_preferences() -> None:
    targets = compute_targets(ProfileData("female", 45, 165, 62, "light", diet="mediterranean"))
    energy = targets.energy_kcal
    assert targets.nutrients["fat_g"].min == pytest.approx(0.25 * energy / 9, abs=0.05)
    assert targets.nutrients["fat_g"].max == pytest.approx(0.40 * energy / 9, abs=0.05)
    assert targets.nutrients["saturated_fat_g"].max == pytest.approx(0.10 * energy / 9, abs=0.05)
    rules = diets.rules("mediterranean")
    assert rules.max_meals_per_week == {"red_meat": 2, "other_fat": 3}
    assert rules.min_meals_per_week == {"fish": 2, "legumes": 3, "whole_grains": 5, "olive_oil": 7}
    assert {"fish", "legumes", "olive_oil"} <= set(rules.preferred)


@pytest.mark.parametrize("diet", ["omnivore", "vegetarian", "vegan", "pescatarian"])
def test_other_diets_keep_the_amdr(diet: str) -> None:
    targets = compute_targets(ProfileData("male", 25, 175, 70, "active", diet=diet))
    energy = targets.energy_kcal
    assert targets.nutrients["fat_g"].min == pytest.approx(0.20 * energy / 9, abs=0.05)
    assert targets.nutrients["carbs_g"].max == pytest.approx(0.65 * energy / 4, abs=0.05)
    assert NET_CARBS_KEY not in targets.nutrients


def test_vegan_notes_b12_and_iron() -> None:
    notes = " ".join(compute_targets(ProfileData("female", 25, 165, 58, diet="vegan")).notes)
    assert "B12" in notes and "1.8" in notes


def test_lactation_protein_rda_and_teen_amdr() -> None:
    lactating = compute_targets(ProfileData("female", 30, 165, 80, "sedentary", life_stage="lactating"))
    assert lactating.nutrients["protein_g"].min == pytest.approx(1.3 * 80)
    teen = compute_targets(ProfileData("female", 15, 160, 90, "sedentary"))
    # 0.85 g/kg x 90 = 76.5 g beats 10% of energy
    assert teen.nutrients["protein_g"].min == pytest.approx(76.5)
    assert teen.nutrients["protein_g"].max == pytest.approx(0.30 * teen.energy_kcal / 4, abs=0.05)
    assert teen.nutrients["fat_g"].min == pytest.approx(0.25 * teen.energy_kcal / 9, abs=0.05)


@pytest.mark.parametrize("diet", sorted(diets.RULES))
@pytest.mark.parametrize(
    "profile",
    [
        ProfileData("female", 16, 155, 45, "sedentary", "lose", 1.0),
        ProfileData("male", 30, 190, 120, "very_active", "gain", 0.5),
        ProfileData("female", 75, 150, 40, "sedentary", "lose", 1.0),
        ProfileData("female", 33, 170, 95, "light", "maintain", life_stage="pregnant"),
        ProfileData("female", 25, 160, 50, "moderate", "lose", 0.5, life_stage="lactating"),
    ],
)
def test_macro_ranges_can_be_met_together(diet: str, profile: ProfileData) -> None:
    """The macro minima fit inside the energy band and the maxima can reach it: a planner can satisfy both."""
    n = compute_targets(ProfileData(**{**profile.__dict__, "diet": diet})).nutrients

    def kcal(bound: str) -> float:
        total = 0.0
        for key, per_g in (("protein_g", 4), ("fat_g", 9), ("carbs_g", 4)):
            value = getattr(n[key], bound)
            total += (value if value is not None else (0.0 if bound == "min" else 1e9)) * per_g
        return total

    assert n["energy_kcal"].min is not None and n["energy_kcal"].max is not None
    assert kcal("min") <= n["energy_kcal"].max
    assert kcal("max") >= n["energy_kcal"].min
    assert n["saturated_fat_g"].max is not None and n["fat_g"].min is not None


def test_effective_rules_drop_keto_in_pregnancy_and_lactation() -> None:
    assert diets.effective_rules("keto").net_carbs_max_g == 25
    assert diets.effective_rules("keto", "pregnant").net_carbs_max_g is None
    assert diets.effective_rules("keto", "lactating").fat_percent is None
    assert diets.effective_rules("vegan", "pregnant").excluded_categories == diets.excluded_categories("vegan")
