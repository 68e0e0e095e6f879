"""Energy arithmetic: Mifflin-St Jeor BMR, activity factors, goal change, safe floor, pregnancy and lactation."""

from __future__ import annotations

from datetime import date
from typing import Final

# Mifflin MD, St Jeor ST et al. A new predictive equation for resting energy expenditure in healthy
# individuals. Am J Clin Nutr 1990;51:241-247. The Academy of Nutrition and Dietetics' evidence
# analysis (Frankenfield 2005) found it the most accurate of the common equations.
METHOD_BMR: Final = "Mifflin-St Jeor (1990)"

# Physical activity multipliers applied to BMR (the values in common clinical use with Mifflin-St Jeor).
ACTIVITY_FACTORS: Final[dict[str, float]] = {
    "sedentary": 1.2,
    "light": 1.375,
    "moderate": 1.55,
    "active": 1.725,
    "very_active": 1.9,
}
GOALS: Final[tuple[str, ...]] = ("lose", "maintain", "gain")
SEXES: Final[tuple[str, ...]] = ("female", "male")
LIFE_STAGES: Final[tuple[str, ...]] = ("none", "pregnant", "lactating")

# ~7,700 kcal per kg of body weight change (3,500 kcal/lb, Wishnofsky 1958): a first approximation;
# adaptive targets from the weight trend correct it over time.
KCAL_PER_KG: Final = 7700.0

# Additional energy in pregnancy by trimester and in lactation (IOM 2005 Macronutrients report, EER:
# +0 / +340 / +452 kcal/day; lactation +330 kcal/day for 0-6 months, +400 for 7-12 months).
PREGNANCY_ADDITION_KCAL: Final[dict[int, float]] = {1: 0.0, 2: 340.0, 3: 452.0}
# The profile records "pregnant" without a trimester: the second-trimester figure is the middle value.
PREGNANCY_DEFAULT_TRIMESTER: Final = 2
LACTATION_ADDITION_KCAL: Final = 330.0

# Safe floors for a weight-loss target without medical supervision: 1,200 kcal/day for women and
# 1,500 kcal/day for men (NHLBI, Clinical Guidelines on the Identification, Evaluation, and Treatment
# of Overweight and Obesity in Adults, 1998, and its Practical Guide, 2000), and never below the
# BMR itself. Lactating women: not below 1,800 kcal/day, below which milk volume may suffer
# (IOM, Nutrition During Lactation, 1991).
FLOOR_KCAL: Final[dict[str, float]] = {"female": 1200.0, "male": 1500.0}
LACTATION_FLOOR_KCAL: Final = 1800.0

# Limits on the weight goal's rate (a dietitian's rules, applied before the safe floor):
# - underweight adults (BMI under 18.5, WHO) get no deficit: weight loss is not advised;
# - while breastfeeding, loss of up to about 2 kg a month (0.5 kg/week) does not reduce milk volume
#   (IOM, Nutrition During Lactation, 1991), so a faster loss is capped at 0.5 kg/week;
# - in pregnancy the goal is not applied at all (gestational weight gain follows IOM 2009).
UNDERWEIGHT_BMI: Final = 18.5
ADULT_BMI_FROM_AGE: Final = 19  # BMI cut-offs for adults; 14-18 would need BMI-for-age percentiles
LACTATION_MAX_LOSS_KG_PER_WEEK: Final = 0.5


def age_on(birth_date: date, day: date) -> int:
    """Completed years on `day`."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def mifflin_st_jeor_bmr_kcal(sex: str, weight_kg: float, height_cm: float, age_years: float) -> float:
    """10·kg + 6.25·cm - 5·age + 5 (men) or - 161 (women)."""
    base = 10.0 * weight_kg + 6.25 * height_cm - 5.0 * age_years
    if sex == "male":
        return base + 5.0
    if sex == "female":
        return base - 161.0
    raise ValueError(f"sex must be 'female' or 'male', not {sex!r}")


def tdee_kcal(bmr_kcal: float, activity_level: str) -> float:
    try:
        return bmr_kcal * ACTIVITY_FACTORS[activity_level]
    except KeyError:
        raise ValueError(f"unknown activity level {activity_level!r}") from None


def goal_change_kcal_per_day(goal: str, rate_kg_per_week: float) -> float:
    """Negative for a loss, positive for a gain, zero to maintain (where the rate is ignored)."""
    if goal not in GOALS:
        raise ValueError(f"unknown goal {goal!r}")
    if goal == "maintain" or rate_kg_per_week <= 0:
        return 0.0
    change = rate_kg_per_week * KCAL_PER_KG / 7.0
    return -change if goal == "lose" else change


def bmi(weight_kg: float, height_cm: float) -> float:
    """Body mass index, kg/m²."""
    return weight_kg / (height_cm / 100.0) ** 2


def planned_rate_kg_per_week(
    goal: str, rate_kg_per_week: float, *, life_stage: str, age_years: int, bmi_kg_m2: float
) -> tuple[float, str | None]:
    """The weekly rate the energy target is built on, and why it differs from the profile's (else None)."""
    if goal == "maintain" or rate_kg_per_week <= 0:
        return 0.0, None
    if life_stage == "pregnant":
        return 0.0, (
            "The weight goal is not applied during pregnancy: gestational weight gain follows IOM (2009) "
            "guidance with your clinician."
        )
    if goal == "lose" and age_years >= ADULT_BMI_FROM_AGE and bmi_kg_m2 < UNDERWEIGHT_BMI:
        return 0.0, (
            f"No weight-loss deficit: a BMI of {bmi_kg_m2:.1f} is underweight (WHO, under {UNDERWEIGHT_BMI:g}), "
            "so the energy target is for maintenance; talk to a doctor or dietitian."
        )
    if goal == "lose" and life_stage == "lactating" and rate_kg_per_week > LACTATION_MAX_LOSS_KG_PER_WEEK:
        return LACTATION_MAX_LOSS_KG_PER_WEEK, (
            f"While breastfeeding, weight loss is limited to {LACTATION_MAX_LOSS_KG_PER_WEEK:g} kg/week "
            f"(about 2 kg a month, IOM 1991) instead of {rate_kg_per_week:g} kg/week, to protect milk supply."
        )
    return rate_kg_per_week, None


def life_stage_addition_kcal(life_stage: str, trimester: int | None = None) -> float:
    if life_stage == "pregnant":
        return PREGNANCY_ADDITION_KCAL[trimester or PREGNANCY_DEFAULT_TRIMESTER]
    if life_stage == "lactating":
        return LACTATION_ADDITION_KCAL
    return 0.0


def safe_floor_kcal(sex: str, bmr_kcal: float, life_stage: str = "none") -> float:
    """The lowest daily energy target we ever set."""
    floor = LACTATION_FLOOR_KCAL if life_stage == "lactating" else FLOOR_KCAL[sex]
    return max(floor, bmr_kcal)
