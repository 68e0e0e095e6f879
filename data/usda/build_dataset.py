"""Build `sr24_foods.jsonl.gz`, the bundled USDA SR24 food dataset, from Debian's `cronometer` package.

Usage (from the repository root, with any Python 3.11):
    python data/usda/build_dataset.py                      # downloads the .deb with apt-get, converts
    python data/usda/build_dataset.py --source DIR_OR_JAR  # an extracted usda_sr24/ folder, the jar, or the .deb

The conversion itself (IU -> µg, RAE, nulls, groups) is the API's importer,
`apps/api/diet_planner/foods/importers/`, which `diet-planner import-foods` also uses: one implementation.
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
from pathlib import Path

# The importer package is standard library only; put it on the path without installing the API.
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "apps" / "api"))

from diet_planner.foods.importers.conversion import FOOD_GROUPS
from diet_planner.foods.importers.sr24 import RELEASE, read
from diet_planner.nutrition.keys import NUTRIENT_KEYS as KEYS

OUTPUT = Path(__file__).with_name("sr24_foods.jsonl.gz")


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
        foods = read(source if source is not None else _download_deb(Path(tmp)))
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
