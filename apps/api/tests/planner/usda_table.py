"""The USDA SR24 nutrient table for planner tests and the benchmark: the foods dataset, or the raw SR24 XML."""

from __future__ import annotations

import gzip
import json
import xml.etree.ElementTree as ET  # noqa: S405 - local public-domain USDA files
from collections.abc import Iterable
from pathlib import Path

from diet_planner.nutrition.keys import NUTRIENT_KEYS

REPO = Path(__file__).resolve().parents[4]
DATASETS = (REPO / "data/usda/sr24_foods.jsonl.gz", REPO / "apps/api/data/usda/sr24_foods.jsonl.gz")
XML_DIR = Path("/tmp/cron/sr/usda_sr24")

# SR24 XML nutrient names -> contract keys (vitamin A and D are IU in this copy: converted below).
_XML_KEYS = {
    "Energy": "energy_kcal",
    "Protein": "protein_g",
    "Fat": "fat_g",
    "Carbs": "carbs_g",
    "Fiber": "fiber_g",
    "Sugars": "sugars_g",
    "Starch": "starch_g",
    "Saturated": "saturated_fat_g",
    "Monounsaturated": "monounsaturated_fat_g",
    "Polyunsaturated": "polyunsaturated_fat_g",
    "Trans-Fats": "trans_fat_g",
    "Omega-3": "omega3_g",
    "Omega-6": "omega6_g",
    "Cholesterol": "cholesterol_mg",
    "Water": "water_g",
    "Alcohol": "alcohol_g",
    "Caffeine": "caffeine_mg",
    "Calcium": "calcium_mg",
    "Iron": "iron_mg",
    "Magnesium": "magnesium_mg",
    "Phosphorus": "phosphorus_mg",
    "Potassium": "potassium_mg",
    "Sodium": "sodium_mg",
    "Zinc": "zinc_mg",
    "Copper": "copper_mg",
    "Manganese": "manganese_mg",
    "Selenium": "selenium_ug",
    "Retinol": "retinol_ug",
    "Beta-carotene": "beta_carotene_ug",
    "Vitamin C": "vitamin_c_mg",
    "Vitamin E": "vitamin_e_mg",
    "Vitamin K": "vitamin_k_ug",
    "B1 (Thiamine)": "thiamin_mg",
    "B2 (Riboflavin)": "riboflavin_mg",
    "B3 (Niacin)": "niacin_mg",
    "B5 (Pantothenic Acid)": "pantothenic_acid_mg",
    "B6 (Pyridoxine)": "vitamin_b6_mg",
    "Folate": "folate_ug",
    "B12 (Cyanocobalamin)": "vitamin_b12_ug",
    "Choline": "choline_mg",
}


def dataset_path() -> Path | None:
    return next((p for p in DATASETS if p.exists()), None)


def _from_xml(ndb: str) -> dict[str, float | None]:
    root = ET.parse(XML_DIR / f"{ndb}.xml").getroot()  # noqa: S314
    raw = {n.get("name", ""): float(n.get("amount", "nan")) for n in root.iter("nutrient")}
    row: dict[str, float | None] = dict.fromkeys(NUTRIENT_KEYS)
    for name, key in _XML_KEYS.items():
        if name in raw:
            row[key] = raw[name]
    if "Vitamin D" in raw:
        row["vitamin_d_ug"] = raw["Vitamin D"] / 40.0  # 40 IU = 1 µg
    if "Retinol" in raw or "Beta-carotene" in raw:
        # RAE: retinol + β-carotene/12 + (α-carotene + β-cryptoxanthin)/24 (IOM 2001).
        row["vitamin_a_rae_ug"] = (
            raw.get("Retinol", 0.0)
            + raw.get("Beta-carotene", 0.0) / 12
            + (raw.get("Alpha-carotene", 0.0) + raw.get("Beta-cryptoxanthin", 0.0)) / 24
        )
    return row


def load_table(ndbs: Iterable[str]) -> dict[str, dict[str, float | None]]:
    wanted = set(ndbs)
    path = dataset_path()
    if path is not None:
        table: dict[str, dict[str, float | None]] = {}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for line in fh:
                food = json.loads(line)
                if food["source_id"] in wanted:
                    table[food["source_id"]] = {k: food["nutrients"].get(k) for k in NUTRIENT_KEYS}
        return table
    return {ndb: _from_xml(ndb) for ndb in sorted(wanted) if (XML_DIR / f"{ndb}.xml").exists()}
