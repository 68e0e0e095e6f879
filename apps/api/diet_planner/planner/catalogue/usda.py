"""Reader of the committed USDA dataset (data/usda/foods.jsonl.gz, SR28): names, food groups, nutrients per 100 g."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

REPO_DIR: Final[Path] = Path(__file__).resolve().parents[5]
DEFAULT_DATASET: Final[Path] = REPO_DIR / "data" / "usda" / "foods.jsonl.gz"


@dataclass(frozen=True)
class UsdaFood:
    ndb: str
    name: str
    group_code: str
    nutrients: dict[str, float | None] = field(default_factory=dict)  # contract key -> amount per 100 g
    measures: tuple[Measure, ...] = ()


@dataclass(frozen=True)
class Measure:
    """A household measure of the food: `amount` `name` weighs `grams` ("1.0 cup, chopped" = 128 g)."""

    amount: float
    name: str
    grams: float


def _measure(raw: object) -> Measure | None:
    # Accept the field spellings of the USDA files ("gram_weight"/"grams", "unit"/"name"/"description").
    if not isinstance(raw, dict):
        return None
    grams = raw.get("grams", raw.get("gram_weight", raw.get("weight_g")))
    amount = raw.get("amount", 1.0)
    name = raw.get("name", raw.get("unit", raw.get("description", "")))
    if not isinstance(grams, int | float) or not isinstance(amount, int | float) or grams <= 0 or amount <= 0:
        return None
    return Measure(amount=float(amount), name=str(name), grams=float(grams))


def read_usda_foods(path: Path = DEFAULT_DATASET, ndbs: frozenset[str] | None = None) -> dict[str, UsdaFood]:
    """Every food of the dataset (or only `ndbs`), keyed by NDB number; one JSON object per line."""
    foods: dict[str, UsdaFood] = {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("source", "usda_sr") != "usda_sr":
                continue  # the FoodData Central supplement has no NDB numbers
            ndb = str(row["source_id"])
            if ndbs is not None and ndb not in ndbs:
                continue
            nutrients = {key: (None if value is None else float(value)) for key, value in row["nutrients"].items()}
            measures = tuple(m for m in (_measure(raw) for raw in row.get("measures") or ()) if m is not None)
            foods[ndb] = UsdaFood(
                ndb=ndb,
                name=str(row["name"]),
                group_code=str(row.get("group_code") or ""),
                nutrients=nutrients,
                measures=measures,
            )
    return foods
