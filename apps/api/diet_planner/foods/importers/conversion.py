"""The one conversion of USDA SR nutrient data into the contract's keys, shared by every source format.

Standard library only: `data/usda/build_dataset.py` imports it without the API's dependencies.

Every reader (the cronometer SR24 XML, the SR Legacy ASCII files, the FoodData Central CSV files)
turns one food's values into `raw`, a dict keyed by the nutrient names of cronometer's
`nutrients.xml` (the names the SR24 XML already uses), and calls `food_record`. Readers of the official
files get those names from SR nutrient numbers with `SR_NUMBERS`; omega-3 and omega-6, which the
XML gives as sums, are summed from the releases' fatty acids (`omega_sums`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from diet_planner.nutrition.keys import NUTRIENT_KEYS

# USDA SR food groups: the first two digits of the NDB number (and of the FdGrp_Cd code).
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

# Source nutrient name -> contract key (same unit unless converted in `contract_nutrients`).
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
# Present in the official releases only (SR24's XML lacks them): used as given when a food has them.
VITAMIN_A_RAE = "Vitamin A, RAE"
VITAMIN_D_UG = "Vitamin D (D2 + D3)"
# Folate: the targets are in µg dietary folate equivalents (DFE = food folate + 1.7 x folic acid, IOM 1998).
# SR28 gives DFE (435) for most foods; SR24's XML only the total (417), which is DFE when no folic acid is added.
FOLATE_DFE = "Folate, DFE"
FOOD_FOLATE = "Folate, food"
FOLIC_ACID = "Folic acid"
FOLIC_ACID_DFE_FACTOR = 1.7

# SR nutrient number -> (source name, unit): cronometer's `nutrients.xml` mapping (the one that built
# the SR24 XML), plus the two official values above. Several numbers under one name are summed.
SR_NUMBERS: dict[str, tuple[str, str]] = {
    "208": ("Energy", "kcal"),
    "203": ("Protein", "g"),
    "205": ("Carbs", "g"),
    "291": ("Fiber", "g"),
    "209": ("Starch", "g"),
    "269": ("Sugars", "g"),
    "204": ("Fat", "g"),
    "221": ("Alcohol", "g"),
    "262": ("Caffeine", "mg"),
    "255": ("Water", "g"),
    "301": ("Calcium", "mg"),
    "312": ("Copper", "mg"),
    "303": ("Iron", "mg"),
    "304": ("Magnesium", "mg"),
    "315": ("Manganese", "mg"),
    "305": ("Phosphorus", "mg"),
    "306": ("Potassium", "mg"),
    "317": ("Selenium", "ug"),
    "307": ("Sodium", "mg"),
    "309": ("Zinc", "mg"),
    "318": ("Vitamin A", "iu"),
    "319": ("Retinol", "ug"),
    "322": ("Alpha-carotene", "ug"),
    "321": ("Beta-carotene", "ug"),
    "334": ("Beta-cryptoxanthin", "ug"),
    "320": (VITAMIN_A_RAE, "ug"),
    "417": ("Folate", "ug"),
    "435": (FOLATE_DFE, "ug"),
    "432": (FOOD_FOLATE, "ug"),
    "431": (FOLIC_ACID, "ug"),
    "404": ("B1 (Thiamine)", "mg"),
    "405": ("B2 (Riboflavin)", "mg"),
    "406": ("B3 (Niacin)", "mg"),
    "410": ("B5 (Pantothenic Acid)", "mg"),
    "415": ("B6 (Pyridoxine)", "mg"),
    "418": ("B12 (Cyanocobalamin)", "ug"),
    "401": ("Vitamin C", "mg"),
    "324": ("Vitamin D", "iu"),
    "328": (VITAMIN_D_UG, "ug"),
    "323": ("Vitamin E", "mg"),
    "430": ("Vitamin K", "ug"),
    "421": ("Choline", "mg"),
    "606": ("Saturated", "g"),
    "645": ("Monounsaturated", "g"),
    "646": ("Polyunsaturated", "g"),
    # Fatty acids, kept under their number for `omega_sums`.
    **{number: (f"fa:{number}", "g") for number in ("618", "619", "620", "621", "629", "631", "675", "851", "855")},
    "605": ("Trans-Fats", "g"),
    "601": ("Cholesterol", "mg"),
}
VITAMIN_D_IU_PER_UG = 40.0

# Omega-3 and omega-6 of the official releases, as the SR24 XML has them (cronometer summed the
# undifferentiated 18:3/18:2/20:4 totals with the long-chain acids): each part is the first value
# present of its alternatives, so a total and its own isomer (851 ALA and 619 18:3) are never both
# counted. ALA (18:3 n-3) comes first: the undifferentiated 18:3 also holds gamma-linolenic acid, an n-6.
OMEGA_PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "Omega-3": (("851", "619"), ("629",), ("631",), ("621",)),  # ALA or 18:3, EPA, DPA, DHA
    "Omega-6": (("618", "675"), ("620", "855")),  # 18:2 or LA, 20:4 or 20:4 n-6
}

# Reports (stage, done, total) while a reader works through a release.
Progress = Callable[[str, int, int], None]


class FoodImportError(Exception):
    """A source that cannot be imported; the message says which file and what is wrong."""


def normalise_unit(unit: str) -> str:
    """'µg', 'mcg', 'UG' -> 'ug'; 'KCAL' -> 'kcal': units as the releases spell them, compared alike."""
    value = unit.strip().lower().replace("µ", "u").replace("\u03bc", "u")
    return "ug" if value in ("mcg", "ug") else value


def check_unit(number: str, unit: str, where: str) -> None:
    """Refuse a release whose unit for a mapped nutrient differs: its values would be silently wrong."""
    expected = SR_NUMBERS[number][1]
    if normalise_unit(unit) != expected:
        raise FoodImportError(f"{where}: nutrient {number} is in {unit!r}, expected {expected!r}")


def add_sr_value(raw: dict[str, float], number: str, amount: float, where: str) -> None:
    """Put one SR nutrient number's value into `raw` under its source name (other numbers are ignored)."""
    mapped = SR_NUMBERS.get(number)
    if mapped is None:
        return
    if mapped[0] in raw:
        raise FoodImportError(f"{where}: nutrient {number} given twice for the same food")
    raw[mapped[0]] = amount


def round_value(value: float) -> float:
    """Four significant digits: the source's own precision, without float noise."""
    if value == 0:
        return 0.0
    return float(f"{value:.4g}")


def vitamin_a_rae(raw: Mapping[str, float]) -> float | None:
    """RAE = retinol + beta-carotene/12 + (alpha-carotene + beta-cryptoxanthin)/24 (IOM 2001).

    The release's own RAE when it has one; null only when no component is known; a food whose
    vitamin A is 0 IU has 0 RAE."""
    if VITAMIN_A_RAE in raw:
        return raw[VITAMIN_A_RAE]
    parts = [raw.get("Retinol"), raw.get("Beta-carotene"), raw.get("Alpha-carotene"), raw.get("Beta-cryptoxanthin")]
    if all(part is None for part in parts):
        return 0.0 if raw.get("Vitamin A") == 0 else None
    retinol, beta, alpha, crypto = (part or 0.0 for part in parts)
    return retinol + beta / 12 + (alpha + crypto) / 24


def folate_dfe(raw: Mapping[str, float]) -> float | None:
    """Folate in µg DFE: the release's own DFE, else food folate + 1.7 x folic acid when both are known,
    else the total (SR24's only value), which equals DFE when no folic acid was added."""
    if FOLATE_DFE in raw:
        return raw[FOLATE_DFE]
    if FOOD_FOLATE in raw and FOLIC_ACID in raw:
        return raw[FOOD_FOLATE] + FOLIC_ACID_DFE_FACTOR * raw[FOLIC_ACID]
    return raw.get("Folate")


def omega_sums(raw: Mapping[str, float]) -> dict[str, float]:
    """Omega-3/-6 totals from individual fatty acids; absent when the food has none of them."""
    sums: dict[str, float] = {}
    for name, parts in OMEGA_PARTS.items():
        if name in raw:
            continue
        found = [next((raw[f"fa:{n}"] for n in alternatives if f"fa:{n}" in raw), None) for alternatives in parts]
        if any(value is not None for value in found):
            sums[name] = sum(value for value in found if value is not None)
    return sums


def contract_nutrients(raw: Mapping[str, float]) -> dict[str, float | None]:
    """Every contract key per 100 g, rounded; a nutrient the source lacks is null, never 0."""
    raw = {**raw, **omega_sums(raw)}
    nutrients: dict[str, float | None] = dict.fromkeys(NUTRIENT_KEYS)
    for name, key in DIRECT.items():
        if name in raw:
            nutrients[key] = raw[name]
    if VITAMIN_D_UG in raw:
        nutrients["vitamin_d_ug"] = raw[VITAMIN_D_UG]
    elif "Vitamin D" in raw:
        nutrients["vitamin_d_ug"] = raw["Vitamin D"] / VITAMIN_D_IU_PER_UG
    nutrients["vitamin_a_rae_ug"] = vitamin_a_rae(raw)
    nutrients["folate_ug"] = folate_dfe(raw)
    return {key: (None if value is None else round_value(value)) for key, value in nutrients.items()}


def food_record(
    source_id: str,
    name: str,
    raw: Mapping[str, float],
    measures: Iterable[tuple[float, str, float]],
    group_code: str | None = None,
    group_name: str | None = None,
) -> dict[str, Any]:
    """One food as the bundled dataset and the importer store it.

    `measures` are (amount, name, grams); a measure of 0 g is dropped. The group defaults to the
    NDB number's first two digits. The key order is part of the bundled file's byte-for-byte output."""
    if len(source_id) != 5 or not source_id.isdigit():
        raise FoodImportError(f"food {source_id!r}: an NDB number has five digits")
    code = (group_code or source_id)[:2]
    return {
        "source_id": source_id,
        "name": name,
        "group_code": code,
        "group": group_name or FOOD_GROUPS.get(code, "Other"),
        "nutrients": contract_nutrients(raw),
        "measures": [
            {"name": label, "amount": float(amount), "grams": float(grams)}
            for amount, label, grams in measures
            if grams > 0
        ],
    }
