"""The official USDA SR ASCII release (SR Legacy 2018, SR28 and earlier): `^`-separated fields, text in `~`.

FOOD_DES.txt   NDB_No^FdGrp_Cd^Long_Desc^...      FD_GROUP.txt  FdGrp_Cd^FdGrp_Desc
NUT_DATA.txt   NDB_No^Nutr_No^Nutr_Val^...        NUTR_DEF.txt  Nutr_No^Units^Tagname^NutrDesc^...
WEIGHT.txt     NDB_No^Seq^Amount^Msre_Desc^Gm_Wgt^...
"""

from __future__ import annotations

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

FORMAT_NAME = "SR Legacy ASCII release"
REQUIRED = ["FOOD_DES.txt", "NUT_DATA.txt", "NUTR_DEF.txt", "WEIGHT.txt"]


def is_release(files: ReleaseFiles) -> bool:
    return files.has("FOOD_DES.txt") or files.has("NUT_DATA.txt")


def _rows(files: ReleaseFiles, name: str, min_fields: int) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(files.text(name).splitlines(), start=1):
        if not line.strip():
            continue
        fields = [field.strip() for field in line.split("^")]
        fields = [field[1:-1] if len(field) >= 2 and field[0] == field[-1] == "~" else field for field in fields]
        if len(fields) < min_fields:
            raise FoodImportError(f"{name} line {number}: expected at least {min_fields} '^'-separated fields")
        yield number, fields


def _number(value: str, name: str, line: int, what: str) -> float:
    try:
        return float(value)
    except ValueError as error:
        raise FoodImportError(f"{name} line {line}: {what} {value!r} is not a number") from error


def read(source: Path, progress: Progress | None = None) -> list[dict[str, Any]]:
    files = ReleaseFiles(source)
    try:
        files.require(REQUIRED, FORMAT_NAME)
        for line, fields in _rows(files, "NUTR_DEF.txt", 2):
            if fields[0] in SR_NUMBERS:
                check_unit(fields[0], fields[1], f"NUTR_DEF.txt line {line}")
        groups = (
            {fields[0][:2]: fields[1] for _, fields in _rows(files, "FD_GROUP.txt", 2)}
            if files.has("FD_GROUP.txt")
            else {}
        )

        foods: dict[str, tuple[str, str]] = {}
        for line, fields in _rows(files, "FOOD_DES.txt", 3):
            if not (len(fields[0]) == 5 and fields[0].isdigit()):
                raise FoodImportError(f"FOOD_DES.txt line {line}: NDB number {fields[0]!r} is not five digits")
            if not fields[2]:
                raise FoodImportError(f"FOOD_DES.txt line {line}: food {fields[0]} has no description")
            foods[fields[0]] = (fields[2], fields[1][:2] or fields[0][:2])
        if not foods:
            raise FoodImportError(f"{source}: FOOD_DES.txt lists no foods")

        raw: dict[str, dict[str, float]] = {ndb: {} for ndb in foods}
        for line, fields in _rows(files, "NUT_DATA.txt", 3):
            values = raw.get(fields[0])
            if values is None:
                raise FoodImportError(f"NUT_DATA.txt line {line}: food {fields[0]!r} is not in FOOD_DES.txt")
            if fields[2]:  # a blank value is unknown, not zero
                amount = _number(fields[2], "NUT_DATA.txt", line, "Nutr_Val")
                add_sr_value(values, fields[1], amount, f"NUT_DATA.txt line {line}")
            if progress is not None and line % 100_000 == 0:
                progress("Reading NUT_DATA.txt", line, 0)

        measures: dict[str, list[tuple[float, float, str, float]]] = {}
        for line, fields in _rows(files, "WEIGHT.txt", 5):
            if fields[0] not in foods:
                raise FoodImportError(f"WEIGHT.txt line {line}: food {fields[0]!r} is not in FOOD_DES.txt")
            seq = _number(fields[1] or "0", "WEIGHT.txt", line, "Seq")
            amount = _number(fields[2], "WEIGHT.txt", line, "Amount")
            grams = _number(fields[4], "WEIGHT.txt", line, "Gm_Wgt")
            measures.setdefault(fields[0], []).append((seq, amount, fields[3], grams))
    finally:
        files.close()

    records = []
    for done, (ndb, (name, group_code)) in enumerate(sorted(foods.items()), start=1):
        listed = [(amount, label, grams) for _, amount, label, grams in sorted(measures.get(ndb, []))]
        records.append(food_record(ndb, name, raw[ndb], listed, group_code, groups.get(group_code)))
        if progress is not None and (done % 1000 == 0 or done == len(foods)):
            progress("Converting foods", done, len(foods))
    return records
