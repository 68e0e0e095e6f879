"""Build `sr24_foods.jsonl.gz`, the bundled USDA SR24 food dataset, from Debian's `cronometer` package.

Usage (from the repository root, with any Python 3.11):
    python data/usda/build_dataset.py                      # downloads the .deb with apt-get, extracts, converts
    python data/usda/build_dataset.py --source DIR_OR_JAR  # an extracted usda_sr24/ folder, the jar, or the .deb

The output is deterministic (sorted foods, fixed gzip header), so a rebuild from the same package is
byte-identical. Values are per 100 g edible portion; a nutrient the source lacks is null, never 0.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path

OUTPUT = Path(__file__).with_name("sr24_foods.jsonl.gz")
JAR_IN_PACKAGE = "usr/share/cronometer/usda_sr24.jar"
RELEASE = "USDA SR24 (2011) via Debian package cronometer"

# USDA SR food groups: the first two digits of the NDB number.
FOOD_GROUPS = {
    "01": "Dairy and Egg Products",
    "02": "Spices and Herbs",
    "03": "Baby Foods",
    "04": "Fats and Oils",
    "05": "Poultry Products",
    "06": "Soups, Sauces, and Gravies",
    "07": "Sausages and Luncheon Meats",
    "08": "Breakfast Cereals",
    "09": "Fruits and Fruit Juices",
    "10": "Pork Products",
    "11": "Vegetables and Vegetable Products",
    "12": "Nut and Seed Products",
    "13": "Beef Products",
    "14": "Beverages",
    "15": "Finfish and Shellfish Products",
    "16": "Legumes and Legume Products",
    "17": "Lamb, Veal, and Game Products",
    "18": "Baked Products",
    "19": "Sweets",
    "20": "Cereal Grains and Pasta",
    "21": "Fast Foods",
    "22": "Meals, Entrees, and Side Dishes",
    "25": "Snacks",
    "35": "American Indian/Alaska Native Foods",
    "36": "Restaurant Foods",
}

# XML nutrient name -> contract key (same unit unless converted below).
DIRECT = {
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
KEYS = [
    "energy_kcal",
    "protein_g",
    "fat_g",
    "carbs_g",
    "fiber_g",
    "sugars_g",
    "starch_g",
    "saturated_fat_g",
    "monounsaturated_fat_g",
    "polyunsaturated_fat_g",
    "trans_fat_g",
    "omega3_g",
    "omega6_g",
    "cholesterol_mg",
    "water_g",
    "alcohol_g",
    "caffeine_mg",
    "calcium_mg",
    "iron_mg",
    "magnesium_mg",
    "phosphorus_mg",
    "potassium_mg",
    "sodium_mg",
    "zinc_mg",
    "copper_mg",
    "manganese_mg",
    "selenium_ug",
    "vitamin_a_rae_ug",
    "retinol_ug",
    "beta_carotene_ug",
    "vitamin_c_mg",
    "vitamin_d_ug",
    "vitamin_e_mg",
    "vitamin_k_ug",
    "thiamin_mg",
    "riboflavin_mg",
    "niacin_mg",
    "pantothenic_acid_mg",
    "vitamin_b6_mg",
    "folate_ug",
    "vitamin_b12_ug",
    "choline_mg",
]
VITAMIN_D_IU_PER_UG = 40.0


def _round(value: float) -> float:
    """Four significant digits: the source's own precision, without float noise."""
    if value == 0:
        return 0.0
    return float(f"{value:.4g}")


def vitamin_a_rae(raw: dict[str, float]) -> float | None:
    """RAE = retinol + beta-carotene/12 + (alpha-carotene + beta-cryptoxanthin)/24 (IOM 2001).

    Null only when no component is known; a food whose vitamin A is 0 IU has 0 RAE."""
    parts = [raw.get("Retinol"), raw.get("Beta-carotene"), raw.get("Alpha-carotene"), raw.get("Beta-cryptoxanthin")]
    if all(part is None for part in parts):
        return 0.0 if raw.get("Vitamin A") == 0 else None
    retinol, beta, alpha, crypto = (part or 0.0 for part in parts)
    return retinol + beta / 12 + (alpha + crypto) / 24


def convert(xml_bytes: bytes) -> dict[str, object]:
    root = ET.fromstring(xml_bytes)  # noqa: S314 - trusted data from a Debian package
    source_id = root.attrib["uid"]
    raw: dict[str, float] = {}
    for node in root.iter("nutrient"):
        raw[node.attrib["name"]] = float(node.attrib["amount"])
    nutrients: dict[str, float | None] = dict.fromkeys(KEYS)
    for name, key in DIRECT.items():
        if name in raw:
            nutrients[key] = raw[name]
    if "Vitamin D" in raw:
        nutrients["vitamin_d_ug"] = raw["Vitamin D"] / VITAMIN_D_IU_PER_UG
    nutrients["vitamin_a_rae_ug"] = vitamin_a_rae(raw)
    measures = [
        {"name": m.attrib["name"], "amount": float(m.attrib["amount"]), "grams": float(m.attrib["grams"])}
        for m in root.iter("measure")
        if float(m.attrib.get("grams", "0")) > 0
    ]
    group_code = source_id[:2]
    return {
        "source_id": source_id,
        "name": root.attrib["name"],
        "group_code": group_code,
        "group": FOOD_GROUPS.get(group_code, "Other"),
        "nutrients": {k: (None if v is None else _round(v)) for k, v in nutrients.items()},
        "measures": measures,
    }


def _xml_files(source: Path) -> Iterator[tuple[str, bytes]]:
    if source.is_dir():
        for path in sorted(source.glob("*.xml")):
            yield path.name, path.read_bytes()
        return
    with zipfile.ZipFile(source) as jar:
        for name in sorted(jar.namelist()):
            if name.endswith(".xml"):
                yield name, jar.read(name)


def _jar_from_deb(deb: Path, workdir: Path) -> Path:
    subprocess.run(["dpkg-deb", "-x", str(deb), str(workdir)], check=True)  # noqa: S603, S607
    return workdir / JAR_IN_PACKAGE


def _download_deb(workdir: Path) -> Path:
    subprocess.run(["apt-get", "download", "cronometer"], cwd=workdir, check=True)  # noqa: S607
    return next(workdir.glob("cronometer_*.deb"))


def summarize(foods: list[dict[str, object]]) -> str:
    """Foods per group and, per nutrient, how many foods have a value: a quick check of a rebuild."""
    groups: dict[str, int] = {}
    known = dict.fromkeys(KEYS, 0)
    for food in foods:
        groups[str(food["group_code"])] = groups.get(str(food["group_code"]), 0) + 1
        nutrients = food["nutrients"]
        assert isinstance(nutrients, dict)
        for key in KEYS:
            known[key] += nutrients[key] is not None
    lines = [f"  {code} {FOOD_GROUPS.get(code, 'Other')}: {count}" for code, count in sorted(groups.items())]
    lines.append("  nutrient coverage (foods with a value):")
    lines += [f"    {key}: {count}" for key, count in known.items()]
    return "\n".join(lines)


def build(source: Path | None, output: Path) -> tuple[int, str]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if source is None:
            source = _download_deb(workdir)
        if source.suffix == ".deb":
            source = _jar_from_deb(source, workdir)
        foods = [convert(data) for _, data in _xml_files(source)]
    foods.sort(key=lambda food: str(food["source_id"]))
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        for food in foods:
            gz.write(json.dumps(food, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    output.write_bytes(buffer.getvalue())
    return len(foods), summarize(foods)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="extracted usda_sr24/ folder, usda_sr24.jar, or cronometer .deb")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    count, summary = build(args.source, args.output)
    print(summary)
    print(f"wrote {count} foods to {args.output} ({args.output.stat().st_size / 1e6:.1f} MB); release: {RELEASE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
