"""`diet-planner import-foods`: read a USDA release in any supported format and upsert its foods.

Idempotent: foods are matched by (source, NDB number); a food already as the release gives it is not
written, so a second import of the same release changes nothing. Each food records the release it
came from (`source_release`) and when its values last changed (`updated_at`). Foods of an older release
that a newer one no longer lists are kept: plans, diaries and recipes may refer to them.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from diet_planner.foods import repository
from diet_planner.foods.importers import fdc_csv, sr24, sr_legacy_ascii
from diet_planner.foods.importers.conversion import FoodImportError, Progress
from diet_planner.foods.importers.release_files import ReleaseFiles
from diet_planner.foods.sources import USDA_SOURCE

FORMATS = ("auto", "sr24", "sr-legacy-ascii", "fdc-csv")
MAX_RELEASE_CHARS = 200  # foods.source_release
BATCH = 1000


@dataclass(frozen=True)
class ImportReport:
    format: str
    release: str
    read: int
    inserted: int
    updated: int
    unchanged: int
    not_in_release: int  # shared foods of this source the release does not list (kept)


def detect_format(source: Path) -> str:
    if not source.exists():
        raise FoodImportError(f"{source}: no such file or folder")
    if source.suffix.lower() in (".deb", ".jar"):
        return "sr24"
    if source.is_dir() and (
        any(source.glob("*.xml")) or (source / "usda_sr24").is_dir() or (source / sr24.JAR_IN_PACKAGE).is_file()
    ):
        return "sr24"
    if source.is_file() and zipfile.is_zipfile(source):
        with zipfile.ZipFile(source) as archive:
            if any(name.endswith(".xml") for name in archive.namelist()) and not any(
                name.lower().endswith((".txt", ".csv")) for name in archive.namelist()
            ):
                return "sr24"
    files = ReleaseFiles(source)
    try:
        if sr_legacy_ascii.is_release(files):
            return "sr-legacy-ascii"
        if fdc_csv.is_release(files):
            return "fdc-csv"
    finally:
        files.close()
    raise FoodImportError(
        f"{source}: cannot tell the format (expected the cronometer .deb/.jar/folder, SR Legacy ASCII files "
        "such as FOOD_DES.txt, or FoodData Central CSV files such as food.csv); pass --format"
    )


def default_release(source: Path, fmt: str) -> str:
    if fmt == "sr24":
        return sr24.RELEASE
    if fmt == "sr-legacy-ascii":
        return f"USDA SR Legacy ASCII release ({source.name})"
    published = fdc_csv.publication_date(source)
    return f"USDA SR Legacy via FoodData Central CSV ({source.name}{', published ' + published if published else ''})"


def read_release(source: Path, fmt: str, progress: Progress | None = None) -> list[dict[str, Any]]:
    """The release's foods as records (see conversion.food_record); raises FoodImportError when unreadable."""
    readers = {"sr24": sr24.read, "sr-legacy-ascii": sr_legacy_ascii.read, "fdc-csv": fdc_csv.read}
    try:
        records = readers[fmt](source, progress)
    except (OSError, zipfile.BadZipFile) as error:
        raise FoodImportError(f"{source}: {error}") from error
    seen: set[str] = set()
    for record in records:
        if record["source_id"] in seen:
            raise FoodImportError(f"{source}: food {record['source_id']} appears twice")
        seen.add(record["source_id"])
    return records


def import_foods(
    session: Session,
    source: Path,
    fmt: str = "auto",
    release: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Read `source` and upsert its foods; the caller commits (nothing is written when reading fails)."""
    if fmt not in FORMATS:
        raise FoodImportError(f"unknown format {fmt!r}; use one of: {', '.join(FORMATS)}")
    if release is not None and not 0 < len(release.strip()) <= MAX_RELEASE_CHARS:
        raise FoodImportError(f"--release must be 1 to {MAX_RELEASE_CHARS} characters")
    if not source.exists():
        raise FoodImportError(f"{source}: no such file or folder")
    fmt = detect_format(source) if fmt == "auto" else fmt
    release = release.strip() if release else default_release(source, fmt)
    records = read_release(source, fmt, progress)
    for record in records:
        record["release"] = release
    inserted = updated = unchanged = 0
    for start in range(0, len(records), BATCH):
        batch = records[start : start + BATCH]
        added, changed, same = repository.bulk_upsert_shared(session, batch, USDA_SOURCE)
        inserted, updated, unchanged = inserted + added, updated + changed, unchanged + same
        if progress is not None:
            progress("Writing foods", start + len(batch), len(records))
    if inserted or updated:
        repository.refresh_statistics(session)
    total = repository.count_shared(session, USDA_SOURCE)
    return ImportReport(fmt, release, len(records), inserted, updated, unchanged, total - len(records))
