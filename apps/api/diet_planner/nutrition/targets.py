"""Daily targets for a profile: energy by Mifflin-St Jeor, macros by AMDR and RDA, micronutrients by DRI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from diet_planner.nutrition import diets, dri, equations, panel
from diet_planner.nutrition.keys import NUTRIENT_UNITS

ENERGY_TOLERANCE: Final = 0.05  # energy min/max = target ± 5%
KCAL_PER_G: Final[dict[str, float]] = {"protein": 4.0, "fat": 9.0, "carbs": 4.0}
NET_CARBS_KEY: Final = "net_carbs_g"  # carbs_g - fiber_g; only set for diets that limit it (keto)


@dataclass(frozen=True)
class ProfileData:
    """What the targets depend on; the profiles domain builds it from the stored profile."""

    sex: str
    age_years: int
    height_cm: float
    weight_kg: float
    activity_level: str = "sedentary"
    goal: str = "maintain"
    rate_kg_per_week: float = 0.0
    diet: str = "omnivore"
    life_stage: str = "none"
    trimester: int | None = None  # 1-3 while pregnant; unknown counts as the second


@dataclass(frozen=True)
class NutrientTarget:
    min: float | None
    max: float | None
    unit: str
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return {"min": self.min, "max": self.max, "unit": self.unit, "basis": self.basis}


@dataclass
class Targets:
    bmr_kcal: float
    tdee_kcal: float
    energy_kcal: float
    method: str
    life_stage_group: str
    nutrients: dict[str, NutrientTarget] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        nutrients = {key: target.to_dict() for key, target in self.nutrients.items()}
        for key, goal in panel.goals(self.energy_kcal, nutrients).items():
            nutrients[key]["goal"] = goal
        return {
            "bmr_kcal": self.bmr_kcal,
            "tdee_kcal": self.tdee_kcal,
            "energy_kcal": self.energy_kcal,
            "method": self.method,
            "life_stage_group": self.life_stage_group,
            "nutrients": nutrients,
            "notes": list(self.notes),
        }


def _r(value: float, digits: int = 1) -> float:
    return round(value, digits)


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value >= 100 else f"{value:g}"


def planned_rate(profile: ProfileData) -> tuple[float, str | None]:
    """The goal's weekly rate after the safety limits (pregnancy, breastfeeding, teens, underweight), and why
    it differs from the profile's; the targets and the diary's suggestion both build on it."""
    return equations.planned_rate_kg_per_week(
        profile.goal,
        profile.rate_kg_per_week,
        life_stage=profile.life_stage,
        age_years=profile.age_years,
        bmi_kg_m2=equations.bmi(profile.weight_kg, profile.height_cm),
    )


def _energy(
    profile: ProfileData, energy_override_kcal: float | None
) -> tuple[float, float, float, float, str, list[str]]:
    notes: list[str] = []
    bmr = equations.mifflin_st_jeor_bmr_kcal(profile.sex, profile.weight_kg, profile.height_cm, profile.age_years)
    tdee = equations.tdee_kcal(bmr, profile.activity_level)
    factor = equations.ACTIVITY_FACTORS[profile.activity_level]
    method = f"{equations.METHOD_BMR} BMR x activity factor {factor:g} ({profile.activity_level})"
    addition = equations.life_stage_addition_kcal(profile.life_stage, profile.trimester)
    if profile.life_stage == "pregnant" and profile.trimester is not None:
        notes.append(
            f"Pregnancy, trimester {profile.trimester}: {addition:+,.0f} kcal/day (DRI for energy, IOM 2005, NASEM: "
            "first trimester +0, second +340, third +452)."
        )
    elif profile.life_stage == "pregnant":
        notes.append(
            "Pregnancy adds 340 kcal/day, the second-trimester figure of the DRI for energy (IOM 2005, NASEM; "
            "first trimester +0, third +452); set the trimester in the profile for its own figure."
        )
    elif profile.life_stage == "lactating":
        notes.append(
            "Lactation adds 330 kcal/day (DRI for energy, IOM 2005, NASEM: first 6 months; +400 kcal/day at "
            "7-12 months)."
        )
    if profile.goal == "maintain" and profile.rate_kg_per_week > 0:
        notes.append("The goal is to maintain weight, so the weekly rate of change is ignored.")
    rate, why = planned_rate(profile)
    if why:
        notes.append(why)
    change = equations.goal_change_kcal_per_day(profile.goal, rate)
    if addition:
        method += f" + {addition:g} kcal ({'pregnancy' if profile.life_stage == 'pregnant' else 'lactation'})"
    if change:
        method += f" {'-' if change < 0 else '+'} {rate:g} kg/week x 7,700 kcal/kg / 7"
    energy = tdee + addition + change
    if energy_override_kcal is not None:
        energy = float(energy_override_kcal)
        method += "; energy adapted to the observed weight trend"
        notes.append(f"Energy target adapted from the diary's weight trend: {energy:,.0f} kcal/day.")
    floor = equations.safe_floor_kcal(profile.sex, bmr, profile.life_stage)
    rule = (
        "never below the BMR, nor 1,800 kcal/day while breastfeeding (IOM 1991)"
        if profile.life_stage == "lactating"
        else "never below the BMR, nor 1,200 kcal/day for women / 1,500 for men without medical supervision "
        "(NHLBI 1998)"
    )
    if energy < floor:
        notes.append(f"Energy raised from {energy:,.0f} to the safe floor of {floor:,.0f} kcal/day: {rule}.")
        energy = floor
        method += f"; safe floor {floor:,.0f} kcal"
    elif change < 0 or energy_override_kcal is not None:
        notes.append(f"Safe floor for this profile: {floor:,.0f} kcal/day ({rule}).")
    return bmr, tdee, energy, floor, method, notes


def _macros(
    profile: ProfileData, group: str, energy: float, rules: diets.DietRules, notes: list[str]
) -> dict[str, NutrientTarget]:
    carb_rda = dri.macro_value("carbohydrate_rda_g", group)
    chosen, rules = rules, diets.effective_rules(rules.name, profile.life_stage)
    if rules is not chosen:
        stage = "pregnancy" if profile.life_stage == "pregnant" else "lactation"
        notes.append(
            f"The {chosen.name} macro pattern (net-carb limit, 60-80% fat) is not applied during {stage}: "
            f"the AMDR and the carbohydrate RDA of {carb_rda:g} g/day apply."
        )
    ranges = dri.amdr(group)
    amdr_label = "AMDR 14-18 y (IOM 2005)" if group.endswith("14_18") else "AMDR adults (IOM 2005)"
    out: dict[str, NutrientTarget] = {}
    low, high = ranges["protein"]
    per_kg = dri.macro_value("protein_rda_g_per_kg", group)
    rda_g = per_kg * profile.weight_kg
    amdr_low_g = low / 100 * energy / KCAL_PER_G["protein"]
    protein_min = max(rda_g, amdr_low_g)
    protein_max = high / 100 * energy / KCAL_PER_G["protein"]
    protein_basis = (
        f"RDA {per_kg:g} g/kg x {profile.weight_kg:g} kg = {rda_g:.1f} g; {amdr_label} {low:g}-{high:g}% of energy "
        f"(min is the larger of the two)"
    )
    if protein_min > protein_max:
        # Only at very high body weights with a low energy target: the RDA per kg of actual weight wins.
        protein_basis += f"; the RDA exceeds {high:g}% of this energy target, so the max is the RDA"
        protein_max = protein_min
    out["protein_g"] = NutrientTarget(_r(protein_min), _r(protein_max), "g", protein_basis)
    fat_low, fat_high = rules.fat_percent or ranges["fat"]
    fat_basis = f"diet: {rules.name}" if rules.fat_percent else amdr_label
    out["fat_g"] = NutrientTarget(
        _r(fat_low / 100 * energy / 9.0),
        _r(fat_high / 100 * energy / 9.0),
        "g",
        f"{fat_basis} {fat_low:g}-{fat_high:g}% of energy",
    )
    if rules.net_carbs_max_g is not None:
        out["carbs_g"] = NutrientTarget(
            None,
            None,
            "g",
            f"diet: keto; limited as net carbs (carbohydrate - fibre) ≤ {rules.net_carbs_max_g:g} g; "
            f"the carbohydrate AMDR and RDA ({carb_rda:g} g) do not apply",
        )
        out[NET_CARBS_KEY] = NutrientTarget(
            None,
            rules.net_carbs_max_g,
            "g",
            f"diet: keto; net carbs = carbohydrate - fibre ≤ {rules.net_carbs_max_g:g} g",
        )
    else:
        c_low, c_high = rules.carbs_percent or ranges["carbohydrate"]
        amdr_low_carbs = c_low / 100 * energy / KCAL_PER_G["carbs"]
        out["carbs_g"] = NutrientTarget(
            _r(max(carb_rda, amdr_low_carbs)),
            _r(c_high / 100 * energy / KCAL_PER_G["carbs"]),
            "g",
            f"RDA {carb_rda:g} g; {amdr_label} {c_low:g}-{c_high:g}% of energy (min is the larger of the two)",
        )
    fiber_rate = dri.fiber_g_per_1000_kcal()
    fiber_basis = f"AI: {fiber_rate:g} g per 1,000 kcal (IOM 2005)"
    if rules.fiber_g_per_1000_kcal is not None:
        fiber_basis = f"diet: {rules.name}; relaxed from the AI of {fiber_rate:g} g to {rules.fiber_g_per_1000_kcal:g} g per 1,000 kcal"
        fiber_rate = rules.fiber_g_per_1000_kcal
    out["fiber_g"] = NutrientTarget(_r(fiber_rate * energy / 1000), None, "g", fiber_basis)
    sat_pct = rules.saturated_fat_max_percent or dri.saturated_fat_max_percent()
    out["saturated_fat_g"] = NutrientTarget(
        None, _r(sat_pct / 100 * energy / 9.0), "g", f"DGA 2020-2025: under {sat_pct:g}% of energy"
    )
    out["omega6_g"] = NutrientTarget(
        dri.macro_value("linoleic_acid_ai_g", group), None, "g", "AI (linoleic acid, IOM 2005)"
    )
    out["omega3_g"] = NutrientTarget(
        dri.macro_value("alpha_linolenic_acid_ai_g", group), None, "g", "AI (alpha-linolenic acid, IOM 2005)"
    )
    return out


def _micros(group: str) -> dict[str, NutrientTarget]:
    out: dict[str, NutrientTarget] = {}
    for key, ref in dri.references(group).items():
        basis = f"{ref.kind} ({ref.measure}, {ref.source_label})" if ref.measure else f"{ref.kind} ({ref.source_label})"
        maximum: float | None = None
        upper = f"{_fmt(ref.upper)} {ref.unit}" if ref.upper is not None else ""
        if ref.upper is not None and ref.upper_kind == "CDRR":
            maximum = ref.upper
            basis += f"; CDRR {upper} as the maximum"
        elif ref.upper is not None and ref.upper_applies_to == "supplements":
            basis += f"; UL {upper} applies to supplements only, not food"
        elif ref.upper is not None and ref.upper_key != key:
            basis += f"; UL {upper} applies to preformed vitamin A (retinol) only, listed on its own"
            out[ref.upper_key] = NutrientTarget(
                None, ref.upper, NUTRIENT_UNITS[ref.upper_key], f"UL (preformed vitamin A, {ref.source_label})"
            )
        elif ref.upper is not None:
            maximum = ref.upper
            basis += f"; UL {upper}"
        out[key] = NutrientTarget(ref.amount, maximum, ref.unit, basis)
    return out


def compute_targets(profile: ProfileData, energy_override_kcal: float | None = None) -> Targets:
    """The daily targets a plan is built to meet."""
    group = dri.life_stage_group(profile.sex, profile.age_years, profile.life_stage)
    rules = diets.rules(profile.diet)
    bmr, tdee, energy, floor, method, notes = _energy(profile, energy_override_kcal)
    energy = float(round(energy))
    nutrients: dict[str, NutrientTarget] = {
        "energy_kcal": NutrientTarget(
            # The band never reaches below the safe floor.
            _r(max(energy * (1 - ENERGY_TOLERANCE), floor)),
            _r(energy * (1 + ENERGY_TOLERANCE)),
            "kcal",
            f"goal: {method}; ±{ENERGY_TOLERANCE:.0%}, never below the safe floor of {floor:,.0f} kcal",
        )
    }
    nutrients.update(_macros(profile, group, energy, rules, notes))
    nutrients.update(_micros(group))
    if profile.diet in ("vegetarian", "vegan"):
        notes.append("NASEM: iron needs are 1.8 times higher on a vegetarian diet; the table value is shown.")
    if profile.diet == "vegan":
        notes.append("Vitamin B12 on a vegan diet needs fortified foods or a supplement.")
    if profile.age_years > 50 and profile.life_stage == "none":
        notes.append("Over 50, most vitamin B12 should come from fortified foods or a supplement (NASEM).")
    if profile.life_stage != "none" and profile.age_years > 50:
        notes.append("The DRI tables stop at 50 for pregnancy and lactation; the 31-50 values are used.")
    if profile.age_years <= 18 and profile.goal == "lose":
        notes.append("Weight loss at 14-18 years should be supervised by a clinician: growth needs energy.")
    return Targets(
        bmr_kcal=float(round(bmr)),
        tdee_kcal=float(round(tdee)),
        energy_kcal=energy,
        method=method,
        life_stage_group=group,
        nutrients=nutrients,
        notes=notes,
    )
