"""The NASEM Dietary Reference Intakes of data/dri.json, looked up by life-stage group."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

DATA_FILE: Final = Path(__file__).resolve().parent / "data" / "dri.json"
MIN_AGE_YEARS: Final = 14


@dataclass(frozen=True)
class Reference:
    """One nutrient's reference values for one life-stage group."""

    key: str
    unit: str
    kind: str  # "RDA" or "AI"
    amount: float
    upper: float | None  # UL (or sodium's CDRR); None when there is none
    upper_kind: str | None  # "UL" or "CDRR"
    upper_applies_to: str | None  # "total", "supplements" or "preformed_vitamin_a"
    upper_key: str  # the nutrient key the upper limit bounds (retinol_ug for vitamin A)
    measure: str | None  # the unit's definition where it matters: "µg RAE", "mg NE", "µg DFE"
    note: str | None
    upper_note: str | None
    source: str

    @property
    def source_label(self) -> str:
        """ "iom_2011" -> "IOM 2011"."""
        body, _, year = self.source.rpartition("_")
        return f"{body.upper()} {year}"


@lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    return data


def life_stage_group(sex: str, age_years: int, life_stage: str = "none") -> str:
    """The DRI tables' row for a person: e.g. "female_31_50", "pregnancy_19_30", "male_71_plus"."""
    if age_years < MIN_AGE_YEARS:
        raise ValueError("the DRI tables here cover ages 14 and up")
    if life_stage in ("pregnant", "lactating"):
        if sex != "female":
            raise ValueError("pregnancy and lactation apply to females only")
        group = "pregnancy" if life_stage == "pregnant" else "lactation"
        # The tables stop at 50 for pregnancy and lactation; older mothers use the 31-50 row.
        band = "14_18" if age_years <= 18 else "19_30" if age_years <= 30 else "31_50"
        return f"{group}_{band}"
    if sex not in ("female", "male"):
        raise ValueError(f"sex must be 'female' or 'male', not {sex!r}")
    if age_years <= 18:
        band = "14_18"
    elif age_years <= 30:
        band = "19_30"
    elif age_years <= 50:
        band = "31_50"
    elif age_years <= 70:
        band = "51_70"
    else:
        band = "71_plus"
    return f"{sex}_{band}"


def life_stage_groups() -> tuple[str, ...]:
    return tuple(load()["life_stages"])


def references(group: str) -> dict[str, Reference]:
    """Every vitamin and mineral with an RDA or AI for the group, keyed by the contract's nutrient key."""
    data = load()
    if group not in data["life_stages"]:
        raise KeyError(f"unknown life-stage group {group!r}")
    result: dict[str, Reference] = {}
    for key, entry in data["nutrients"].items():
        upper, upper_kind, applies, upper_key, upper_note = None, None, None, key, None
        if "ul" in entry:
            ul = entry["ul"]
            upper, upper_kind, applies = float(ul["values"][group]), "UL", str(ul["applies_to"])
            upper_key = str(ul.get("target_key", key))
            upper_note = ul.get("note")
        elif "cdrr" in entry:
            upper, upper_kind, applies = float(entry["cdrr"]["values"][group]), "CDRR", "total"
            upper_note = entry["cdrr"].get("note")
        result[key] = Reference(
            key=key,
            unit=str(entry["unit"]),
            kind=str(entry["kind"]),
            amount=float(entry["values"][group]),
            upper=upper,
            upper_kind=upper_kind,
            upper_applies_to=applies,
            upper_key=upper_key,
            measure=entry.get("measure"),
            note=entry.get("note"),
            upper_note=upper_note,
            source=str(entry["source"]),
        )
    return result


def macro_value(name: str, group: str) -> float:
    """A per-group macronutrient reference: protein_rda_g_per_kg, carbohydrate_rda_g, linoleic_acid_ai_g ..."""
    return float(load()["macronutrients"][name]["values"][group])


def amdr(group: str) -> dict[str, tuple[float, float]]:
    """Acceptable Macronutrient Distribution Ranges, percent of energy, for the group's age."""
    table = load()["macronutrients"]["amdr_percent_energy"]
    row = table["14_18"] if group.endswith("14_18") else table["adult"]
    return {name: (float(low), float(high)) for name, (low, high) in row.items()}


def fiber_g_per_1000_kcal() -> float:
    return float(load()["macronutrients"]["fiber_ai_g_per_1000_kcal"]["value"])


def saturated_fat_max_percent() -> float:
    return float(load()["macronutrients"]["saturated_fat_max_percent_energy"]["value"])


def citation(source_id: str) -> str:
    return str(load()["sources"][source_id])
