"""USDA FoodData Central CSV files of the SR Legacy release (FoodData_Central_sr_legacy_food_csv_*).

food.csv (fdc_id, description, publication_date), sr_legacy_food.csv (fdc_id, NDB_number),
nutrient.csv (id, name, unit_name, nutrient_nbr), food_nutrient.csv (fdc_id, nutrient_id, amount),
food_portion.csv (fdc_id, seq_num, amount, measure_unit_id, portion_description, modifier, gram_weight),
measure_unit.csv (id, name). Nutrients are matched by their SR number (`nutrient_nbr`), so the
conversion is the same as for the ASCII release. Only foods listed in sr_legacy_food.csv are read.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from diet_planner.foods.importers.conversion import (
    SR_NUMBERS,
    FoodImportError,
    Progress,
    add_sr_value,
    check_unit,
    food_record,
)
from diet_planner.foods.importers.release_files import ReleaseFiles

FORMAT_NAME = "FoodData Central SR Legacy CSV release"
REQUIRED = ["food.csv", "sr_legacy_food.csv", "nutrient.csv", "food_nutrient.csv", "food_portion.csv"]
UNDETERMINED_UNIT = "undetermined"


def is_release(files: ReleaseFiles) -> bool:
    return files.has("food_nutrient.csv") or files.has("food.csv")


def _rows(files: ReleaseFiles, name: str, columns: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(files.text(name), newline=""))
    missing = [column for column in columns if column not in (reader.fieldnames or [])]
    if missing:
        raise FoodImportError(f"{name}: missing column(s) {', '.join(missing)}")
    for row in reader:
        # Line numbers count the header, as a spreadsheet shows them.
        yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key is not None}


def _number(value: str, name: str, line: int, what: str) -> float:
    try:
        return float(value)
    except ValueError as error:
        raise FoodImportError(f"{name} line {line}: {what} {value!r} is not a number") from error


def _sr_number(value: str) -> str:
    """'203', '203.0' -> '203' (some FDC files write the SR number as a decimal)."""
    return value[:-2] if value.endswith(".0") else value


def publication_date(source: Path) -> str | None:
    """The newest publication date in food.csv, for the default release name."""
    files = ReleaseFiles(source)
    try:
        if not files.has("food.csv"):
            return None
        reader = csv.DictReader(io.StringIO(files.text("food.csv"), newline=""))
        # Only SR Legacy rows: a full FDC download also holds newer branded and survey foods.
        dates = [
            row.get("publication_date") or "" for row in reader if row.get("data_type") in (None, "sr_legacy_food")
        ]
        return max((date for date in dates if date), default=None)
    finally:
        files.close()


def read(source: Path, progress: Progress | None = None) -> list[dict[str, Any]]:
    files = ReleaseFiles(source)
    try:
        files.require(REQUIRED, FORMAT_NAME)
        ndb_of: dict[str, str] = {}
        for line, row in _rows(files, "sr_legacy_food.csv", ["fdc_id", "NDB_number"]):
            padded = row["NDB_number"].zfill(5)  # FDC writes NDB numbers without leading zeros
            if not (len(padded) == 5 and padded.isdigit()):
                raise FoodImportError(f"sr_legacy_food.csv line {line}: NDB number {row['NDB_number']!r} is invalid")
            ndb_of[row["fdc_id"]] = padded

        names: dict[str, str] = {}
        for line, row in _rows(files, "food.csv", ["fdc_id", "description"]):
            food_listed = ndb_of.get(row["fdc_id"])
            if food_listed is None:
                continue  # another data type (a full FDC download also holds branded and survey foods)
            if not row["description"]:
                raise FoodImportError(f"food.csv line {line}: food {row['fdc_id']} has no description")
            names[food_listed] = row["description"]
        if not names:
            raise FoodImportError(f"{source}: food.csv has no food listed in sr_legacy_food.csv")

        numbers: dict[str, str] = {}
        for line, row in _rows(files, "nutrient.csv", ["id", "unit_name", "nutrient_nbr"]):
            sr_number = _sr_number(row["nutrient_nbr"])
            if sr_number in SR_NUMBERS:
                check_unit(sr_number, row["unit_name"], f"nutrient.csv line {line}")
                numbers[row["id"]] = sr_number

        raw: dict[str, dict[str, float]] = {ndb: {} for ndb in names}
        for line, row in _rows(files, "food_nutrient.csv", ["fdc_id", "nutrient_id", "amount"]):
            if progress is not None and line % 100_000 == 0:
                progress("Reading food_nutrient.csv", line, 0)
            food_ndb = ndb_of.get(row["fdc_id"])
            nutrient = numbers.get(row["nutrient_id"])
            if food_ndb is None or nutrient is None or food_ndb not in raw:
                continue
            if row["amount"]:  # a blank amount is unknown, not zero
                amount = _number(row["amount"], "food_nutrient.csv", line, "amount")
                add_sr_value(raw[food_ndb], nutrient, amount, f"food_nutrient.csv line {line}")

        units = (
            {row["id"]: row["name"] for _, row in _rows(files, "measure_unit.csv", ["id", "name"])}
            if files.has("measure_unit.csv")
            else {}
        )
        portion_columns = ["fdc_id", "amount", "gram_weight"]
        measures: dict[str, list[tuple[float, float, str, float]]] = {}
        for line, row in _rows(files, "food_portion.csv", portion_columns):
            portion_ndb = ndb_of.get(row["fdc_id"])
            if portion_ndb is None or portion_ndb not in names:
                continue
            unit = units.get(row.get("measure_unit_id", ""), "")
            unit = "" if unit.lower() == UNDETERMINED_UNIT else unit
            label = row.get("portion_description") or " ".join(part for part in (unit, row.get("modifier", "")) if part)
            if not label:
                raise FoodImportError(f"food_portion.csv line {line}: portion of food {row['fdc_id']} has no name")
            seq = _number(row.get("seq_num") or "0", "food_portion.csv", line, "seq_num")
            amount = _number(row["amount"] or "1", "food_portion.csv", line, "amount")
            grams = _number(row["gram_weight"], "food_portion.csv", line, "gram_weight")
            measures.setdefault(portion_ndb, []).append((seq, amount, label, grams))
    finally:
        files.close()

    records = []
    for done, (ndb, name) in enumerate(sorted(names.items()), start=1):
        listed = [(amount, label, grams) for _, amount, label, grams in sorted(measures.get(ndb, []))]
        records.append(food_record(ndb, name, raw[ndb], listed))
        if progress is not None and (done % 1000 == 0 or done == len(names)):
            progress("Converting foods", done, len(names))
    return records
