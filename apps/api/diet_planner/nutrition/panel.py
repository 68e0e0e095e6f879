"""The nutrient panel: each nutrient's human name, its one target, and a status against it; and the day's
headline, built from the same statuses so the two can never disagree. The diary and plans both send it; the
web app only renders it.

Statuses:
    met      within the target's bounds (at least the minimum, at most the maximum)
    close    below the minimum but at least CLOSE_SHARE of it
    low      below CLOSE_SHARE of the minimum
    over     above a maximum (a UL, a CDRR, the top of a range or the energy band)
    so_far   below the minimum on a day still in progress: not a shortfall yet
    unknown  no food of the day has a value for it
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

CLOSE_SHARE: Final = 0.90
TOLERANCE_NOTE: Final = (
    "Close means at least 90% of a minimum (an RDA, an AI or the low end of a range); "
    "below that it is low. Over means above a limit."
)
# Protein's aim within its range (share of energy), as in common practice; fat aims at its range's middle and
# carbohydrate takes the energy left, both kept inside their ranges.
PROTEIN_AIM_SHARE: Final = 0.20
KCAL_PER_G: Final[dict[str, float]] = {"protein_g": 4.0, "fat_g": 9.0, "carbs_g": 4.0}
# Statuses from worst to best: the day's headline takes the worst its rows have.
SEVERITY: Final[tuple[str, ...]] = ("over", "low", "close", "so_far", "met")

NUTRIENT_NAMES: Final[dict[str, str]] = {
    "energy_kcal": "Energy",
    "protein_g": "Protein",
    "fat_g": "Fat",
    "saturated_fat_g": "Saturated fat",
    "monounsaturated_fat_g": "Monounsaturated fat",
    "polyunsaturated_fat_g": "Polyunsaturated fat",
    "trans_fat_g": "Trans fat",
    "omega3_g": "Omega-3 (ALA)",
    "omega6_g": "Omega-6 (linoleic acid)",
    "cholesterol_mg": "Cholesterol",
    "carbs_g": "Carbohydrate",
    "net_carbs_g": "Net carbs",
    "fiber_g": "Fibre",
    "sugars_g": "Sugars",
    "starch_g": "Starch",
    "water_g": "Water",
    "alcohol_g": "Alcohol",
    "caffeine_mg": "Caffeine",
    "calcium_mg": "Calcium",
    "iron_mg": "Iron",
    "magnesium_mg": "Magnesium",
    "phosphorus_mg": "Phosphorus",
    "potassium_mg": "Potassium",
    "sodium_mg": "Sodium",
    "zinc_mg": "Zinc",
    "copper_mg": "Copper",
    "manganese_mg": "Manganese",
    "selenium_ug": "Selenium",
    "vitamin_a_rae_ug": "Vitamin A",
    "retinol_ug": "Preformed vitamin A (retinol)",
    "beta_carotene_ug": "Beta-carotene",
    "vitamin_c_mg": "Vitamin C",
    "vitamin_d_ug": "Vitamin D",
    "vitamin_e_mg": "Vitamin E",
    "vitamin_k_ug": "Vitamin K",
    "thiamin_mg": "Thiamin (B1)",
    "riboflavin_mg": "Riboflavin (B2)",
    "niacin_mg": "Niacin (B3)",
    "pantothenic_acid_mg": "Pantothenic acid (B5)",
    "vitamin_b6_mg": "Vitamin B6",
    "folate_ug": "Folate",
    "vitamin_b12_ug": "Vitamin B12",
    "choline_mg": "Choline",
    "iodine_ug": "Iodine",
    # The planner's name for its "saturated fat under 10% of energy" limit.
    "saturated_fat_share": "Saturated fat (share of energy)",
}


def nutrient_name(key: str) -> str:
    """ "omega6_g" -> "Omega-6 (linoleic acid)": the words a person reads, never the contract key."""
    if key in NUTRIENT_NAMES:
        return NUTRIENT_NAMES[key]
    base = key.rsplit("_", 1)[0] if key.rsplit("_", 1)[-1] in ("g", "mg", "ug", "kcal") else key
    words = base.replace("_", " ")
    return words[:1].upper() + words[1:]


def _clamp(value: float, low: float | None, high: float | None) -> float:
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    return value


def _bounds(target: Mapping[str, Any] | None) -> tuple[float | None, float | None]:
    if not target:
        return None, None
    return target.get("min"), target.get("max")


def goals(energy_kcal: float, nutrients: Mapping[str, Mapping[str, Any]]) -> dict[str, float | None]:
    """One number to aim at per nutrient: the energy target; protein at 20% of energy, fat at the middle of its
    range, carbohydrate the energy left (each kept inside its range); every other minimum itself; none for a
    nutrient that only has a limit."""
    out: dict[str, float | None] = {}
    for key, target in nutrients.items():
        low, high = _bounds(target)
        out[key] = low
        if low is None and high is not None:
            out[key] = None
    out["energy_kcal"] = float(energy_kcal)
    p_low, p_high = _bounds(nutrients.get("protein_g"))
    protein = _clamp(PROTEIN_AIM_SHARE * energy_kcal / KCAL_PER_G["protein_g"], p_low, p_high)
    if "protein_g" in nutrients:
        out["protein_g"] = round(protein)
    f_low, f_high = _bounds(nutrients.get("fat_g"))
    fat = (f_low + f_high) / 2 if f_low is not None and f_high is not None else (f_low or 0.0)
    if "fat_g" in nutrients:
        out["fat_g"] = round(fat)
    c_low, c_high = _bounds(nutrients.get("carbs_g"))
    if "carbs_g" in nutrients:
        if c_low is None and c_high is None:
            out["carbs_g"] = None  # keto: limited as net carbs instead
        else:
            left = (energy_kcal - protein * KCAL_PER_G["protein_g"] - fat * KCAL_PER_G["fat_g"]) / KCAL_PER_G["carbs_g"]
            out["carbs_g"] = round(_clamp(left, c_low, c_high))
    return out


def status(amount: float | None, low: float | None, high: float | None, *, in_progress: bool = False) -> str:
    """The status of one amount against its bounds (see the module's docstring)."""
    if amount is None:
        return "unknown"
    if high is not None and amount > high:
        return "over"
    if low is not None and amount < low:
        if in_progress:
            return "so_far"
        return "close" if amount >= CLOSE_SHARE * low else "low"
    return "met"


def _amount(key: str, totals: Mapping[str, float | None]) -> float | None:
    if key == "net_carbs_g":
        carbs, fiber = totals.get("carbs_g"), totals.get("fiber_g")
        return None if carbs is None or fiber is None else max(carbs - fiber, 0.0)
    return totals.get(key)


def _names(rows: list[dict[str, Any]], wanted: str) -> list[str]:
    return [row["name"] for row in rows if row["status"] == wanted]


def _headline(rows: list[dict[str, Any]], in_progress: bool) -> dict[str, Any]:
    counts = {name: 0 for name in (*SEVERITY, "unknown")}
    for row in rows:
        counts[row["status"]] += 1
    worst = next((name for name in SEVERITY if counts[name]), "met")
    parts: list[str] = []
    if counts["over"]:
        parts.append(f"Over a limit: {', '.join(_names(rows, 'over'))}.")
    if counts["low"]:
        parts.append(f"Low: {', '.join(_names(rows, 'low'))}.")
    if counts["close"]:
        parts.append(f"Close to target: {', '.join(_names(rows, 'close'))}.")
    if in_progress:
        energy = next((row for row in rows if row["key"] == "energy_kcal"), None)
        so_far = "Day in progress"
        if energy is not None and energy["amount"] is not None and energy["goal"]:
            so_far += f": {energy['amount']:,.0f} of {energy['goal']:,.0f} kcal so far"
        parts.append(so_far + ".")
    if not parts:
        parts.append("Every target met.")
    return {"status": worst, "text": " ".join(parts), "counts": counts}


def panel(
    totals: Mapping[str, float | None],
    targets: Mapping[str, Any],
    *,
    in_progress: bool = False,
) -> dict[str, Any]:
    """The panel of a day: a row per nutrient with a target (in label order as the targets give them) and a
    headline from the same rows. `targets` is GET /api/targets' shape (energy_kcal, nutrients)."""
    nutrients: Mapping[str, Mapping[str, Any]] = targets.get("nutrients") or {}
    aims = goals(float(targets["energy_kcal"]), nutrients)
    rows: list[dict[str, Any]] = []
    for key, target in nutrients.items():
        low, high = _bounds(target)
        if low is None and high is None:
            continue
        amount = _amount(key, totals)
        goal = aims.get(key)
        reference = goal if goal else high
        rows.append(
            {
                "key": key,
                "name": nutrient_name(key),
                "unit": target.get("unit") or "",
                "amount": None if amount is None else round(amount, 3),
                "goal": goal,
                "min": low,
                "max": high,
                "percent": None if amount is None or not reference else round(100 * amount / reference),
                "status": status(amount, low, high, in_progress=in_progress),
                "basis": target.get("basis") or "",
            }
        )
    return {
        "in_progress": in_progress,
        "close_share": CLOSE_SHARE,
        "tolerance": TOLERANCE_NOTE,
        "headline": _headline(rows, in_progress),
        "rows": rows,
    }
