"""`import-foods`: the three USDA formats give the same foods with the right values, a second import
changes nothing, a newer release updates values and provenance, and bad files fail clearly.

The fixtures (tests/foods/fixtures/) hold three real foods: 09040 Bananas, raw; 01123 Egg, whole, raw,
fresh; 15076 Fish, salmon, Atlantic, wild, raw. `sr24/` are the files of Debian's cronometer jar;
the ASCII and CSV files carry the same USDA values in the official layouts, plus the official releases'
own vitamin A RAE and vitamin D (µg) values, which SR24's XML lacks."""

from __future__ import annotations

import io
import shutil
import tarfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from typer.testing import CliRunner

from diet_planner.core.config import get_settings
from diet_planner.foods.importers import fdc_csv, sr24, sr_legacy_ascii
from diet_planner.foods.importers.conversion import FoodImportError
from diet_planner.foods.importers.runner import import_foods
from diet_planner.foods.models import Food
from tests.support import fresh_database, migrate

FIXTURES = Path(__file__).with_name("fixtures")
NDBS = ["01123", "09040", "15076"]


def _foods(session: Session) -> dict[str, Food]:
    session.expire_all()
    rows = session.scalars(
        select(Food)
        .where(Food.source == "usda_sr", Food.source_id.in_(NDBS), Food.owner_id.is_(None))
        .options(selectinload(Food.measures))
    )
    return {food.source_id: food for food in rows}


def _jar(tmp_path: Path) -> Path:
    jar = tmp_path / "usda_sr24.jar"
    with zipfile.ZipFile(jar, "w") as archive:
        archive.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        for path in sorted((FIXTURES / "sr24").glob("*.xml")):
            archive.write(path, f"usda_sr24/{path.name}")
    return jar


def _deb(tmp_path: Path) -> Path:
    """A minimal Debian package (ar archive; the jar inside data.tar.xz) like cronometer's."""
    data = io.BytesIO()
    with tarfile.open(fileobj=data, mode="w:xz") as tar:
        payload = _jar(tmp_path).read_bytes()
        info = tarfile.TarInfo("./usr/share/cronometer/usda_sr24.jar")
        info.size = len(payload)
        tar.addfile(info, io.BytesIO(payload))
    members = [("debian-binary", b"2.0\n"), ("control.tar.xz", b""), ("data.tar.xz", data.getvalue())]
    body = b"!<arch>\n"
    for name, content in members:
        header = f"{name + '/':<16}{0:<12}{0:<6}{0:<6}{'100644':<8}{len(content):<10}`\n".encode()
        body += header + content + (b"\n" if len(content) % 2 else b"")
    deb = tmp_path / "cronometer_0.9.9+dfsg1-1_all.deb"
    deb.write_bytes(body)
    return deb


# ---------------------------------------------------------------- reading each format


def test_sr24_folder_jar_and_deb_read_alike(tmp_path: Path) -> None:
    from_folder = sr24.read(FIXTURES / "sr24")
    assert [food["source_id"] for food in from_folder] == NDBS
    assert sr24.read(_jar(tmp_path)) == from_folder
    assert sr24.read(_deb(tmp_path)) == from_folder


def test_ascii_and_csv_releases_read_alike() -> None:
    ascii_foods = sr_legacy_ascii.read(FIXTURES / "sr_legacy_ascii")
    csv_foods = fdc_csv.read(FIXTURES / "fdc_csv")
    assert ascii_foods == csv_foods
    assert [food["source_id"] for food in csv_foods] == NDBS  # the branded row of food.csv is not SR Legacy


def test_official_releases_agree_with_sr24_except_their_own_rae_and_vitamin_d() -> None:
    sr24_foods = {food["source_id"]: food for food in sr24.read(FIXTURES / "sr24")}
    for food in sr_legacy_ascii.read(FIXTURES / "sr_legacy_ascii"):
        expected = sr24_foods[food["source_id"]]
        assert (food["name"], food["group_code"], food["group"]) == (
            expected["name"],
            expected["group_code"],
            expected["group"],
        )
        assert food["measures"] == expected["measures"]
        differing = {key for key, value in food["nutrients"].items() if value != expected["nutrients"][key]}
        assert differing <= {"vitamin_a_rae_ug", "vitamin_d_ug"}, differing


def test_folate_is_the_releases_dfe_and_omega3_counts_ala_before_the_18_3_total(tmp_path: Path) -> None:
    """SR28 gives folate as DFE (435) and ALA (851) beside the undifferentiated 18:3 (619), which also holds
    the n-6 gamma-linolenic acid: the stored folate is the DFE, omega-3 counts ALA rather than 18:3."""
    release = _copy(tmp_path, "sr_legacy_ascii")
    with (release / "NUT_DATA.txt").open("a", encoding="cp1252") as handle:
        handle.write("~09040~^~435~^25^0^^~4~^~~^~~^~~^^^^^^^~~^~~^\r\n")  # DFE (the total, 417, is 20)
        handle.write("~09040~^~851~^0.020^0^^~4~^~~^~~^~~^^^^^^^~~^~~^\r\n")  # ALA, below 18:3's 0.027
        handle.write("~01123~^~432~^40^0^^~4~^~~^~~^~~^^^^^^^~~^~~^\r\n")  # food folate + folic acid, no DFE
        handle.write("~01123~^~431~^5^0^^~4~^~~^~~^~~^^^^^^^~~^~~^\r\n")
    foods = {food["source_id"]: food["nutrients"] for food in sr_legacy_ascii.read(release)}
    assert foods["09040"]["folate_ug"] == 25.0
    assert foods["09040"]["omega3_g"] == 0.02
    assert foods["01123"]["folate_ug"] == 48.5  # 40 + 1.7 x 5
    assert foods["15076"]["folate_ug"] == 25.0  # only the total: as SR24 gives it


# ---------------------------------------------------------------- importing into the database


def test_sr24_import_over_the_bundled_sr28_data_updates_then_changes_nothing(
    db_session: Session, tmp_path: Path
) -> None:
    report = import_foods(db_session, FIXTURES / "sr24")
    assert (report.format, report.read, report.inserted, report.updated, report.unchanged) == ("sr24", 3, 0, 3, 0)
    before = {ndb: (food.updated_at, [m.id for m in food.measures]) for ndb, food in _foods(db_session).items()}
    for source in (FIXTURES / "sr24", _jar(tmp_path), _deb(tmp_path)):
        report = import_foods(db_session, source)
        assert (report.format, report.read, report.inserted, report.updated, report.unchanged) == ("sr24", 3, 0, 0, 3)
    after = {ndb: (food.updated_at, [m.id for m in food.measures]) for ndb, food in _foods(db_session).items()}
    assert after == before


def test_ascii_import_stores_usda_values_then_is_idempotent(db_session: Session) -> None:
    report = import_foods(db_session, FIXTURES / "sr_legacy_ascii", release="USDA SR Legacy (April 2018)")
    assert (report.format, report.read, report.inserted, report.updated, report.unchanged) == (
        "sr-legacy-ascii",
        3,
        0,
        3,
        0,
    )
    assert report.not_in_release == 8789 - 3  # the rest of the bundled SR28 stays
    foods = _foods(db_session)
    banana, egg, salmon = foods["09040"].nutrients, foods["01123"].nutrients, foods["15076"].nutrients
    assert (banana["energy_kcal"], banana["protein_g"], banana["fat_g"], banana["carbs_g"]) == (89.0, 1.09, 0.33, 22.84)
    assert (banana["fiber_g"], banana["potassium_mg"], banana["vitamin_c_mg"], banana["vitamin_a_rae_ug"]) == (
        2.6,
        358.0,
        8.7,
        3.0,
    )
    assert (banana["omega3_g"], banana["omega6_g"]) == (0.027, 0.046)
    assert (egg["energy_kcal"], egg["protein_g"], egg["fat_g"], egg["carbs_g"]) == (143.0, 12.56, 9.51, 0.72)
    assert (egg["cholesterol_mg"], egg["vitamin_d_ug"], egg["vitamin_a_rae_ug"], egg["choline_mg"]) == (
        372.0,
        2.0,
        160.0,
        293.8,
    )
    assert (egg["omega3_g"], egg["omega6_g"]) == (0.102, 1.583)
    # Absent in the release: unknown (null), never 0.
    assert salmon["vitamin_d_ug"] is None and salmon["sugars_g"] is None and salmon["vitamin_e_mg"] is None
    assert salmon["omega3_g"] == 2.018
    assert [(m.name, m.amount, m.grams) for m in foods["01123"].measures][3] == ("large", 1.0, 50.0)
    assert [(m.name, m.amount, m.grams) for m in foods["15076"].measures] == [("fillet", 0.5, 198.0), ("oz", 3.0, 85.0)]
    assert {food.source_release for food in foods.values()} == {"USDA SR Legacy (April 2018)"}
    assert {food.group_name for food in foods.values()} == {
        "Dairy and Egg Products",
        "Fruits and Fruit Juices",
        "Finfish and Shellfish Products",
    }

    stamp = {ndb: (food.updated_at, [m.id for m in food.measures]) for ndb, food in foods.items()}
    again = import_foods(db_session, FIXTURES / "sr_legacy_ascii", release="USDA SR Legacy (April 2018)")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 3)
    assert {ndb: (food.updated_at, [m.id for m in food.measures]) for ndb, food in _foods(db_session).items()} == stamp


def test_csv_import_stores_the_same_as_ascii(db_session: Session) -> None:
    import_foods(db_session, FIXTURES / "sr_legacy_ascii", release="same release")
    by_ascii = {
        ndb: (food.name, food.nutrients, [(m.name, m.amount, m.grams) for m in food.measures])
        for ndb, food in _foods(db_session).items()
    }
    report = import_foods(db_session, FIXTURES / "fdc_csv", fmt="fdc-csv", release="same release")
    assert (report.read, report.inserted, report.updated, report.unchanged) == (3, 0, 0, 3)
    by_csv = {
        ndb: (food.name, food.nutrients, [(m.name, m.amount, m.grams) for m in food.measures])
        for ndb, food in _foods(db_session).items()
    }
    assert by_csv == by_ascii


def test_default_release_names_say_where_the_data_came_from(db_session: Session) -> None:
    assert import_foods(db_session, FIXTURES / "fdc_csv").release == (
        "USDA SR Legacy via FoodData Central CSV (fdc_csv, published 2019-04-01)"
    )
    assert (
        import_foods(db_session, FIXTURES / "sr_legacy_ascii").release
        == "USDA SR Legacy ASCII release (sr_legacy_ascii)"
    )
    assert _foods(db_session)["09040"].source_release == "USDA SR Legacy ASCII release (sr_legacy_ascii)"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="cp1252")
    assert old in text
    path.write_text(text.replace(old, new), encoding="cp1252")


def test_a_newer_release_updates_values_measures_and_provenance(db_session: Session, tmp_path: Path) -> None:
    import_foods(db_session, FIXTURES / "sr_legacy_ascii", release="release 1")
    newer = tmp_path / "newer"
    shutil.copytree(FIXTURES / "sr_legacy_ascii", newer)
    _replace(newer / "NUT_DATA.txt", "~09040~^~306~^358^", "~09040~^~306~^362^")
    _replace(newer / "WEIGHT.txt", "~01123~^4^1^~large~^50^^", "~01123~^4^1^~large~^51^^")
    _replace(newer / "FOOD_DES.txt", "~Bananas, raw~", "~Bananas, raw (ripe)~")
    report = import_foods(db_session, newer, release="release 2")
    assert (report.inserted, report.updated, report.unchanged) == (0, 3, 0)  # every food now cites release 2
    foods = _foods(db_session)
    assert foods["09040"].nutrients["potassium_mg"] == 362.0
    assert foods["09040"].name == "Bananas, raw (ripe)"
    assert ("large", 1.0, 51.0) in [(m.name, m.amount, m.grams) for m in foods["01123"].measures]
    assert {food.source_release for food in foods.values()} == {"release 2"}
    again = import_foods(db_session, newer, release="release 2")
    assert (again.updated, again.unchanged) == (0, 3)


# ---------------------------------------------------------------- bad files


def _copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copytree(FIXTURES / name, target)
    return target


def _missing_file(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "sr_legacy_ascii")
    (folder / "NUT_DATA.txt").unlink()
    return folder


def _bad_number(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "sr_legacy_ascii")
    _replace(folder / "NUT_DATA.txt", "~01123~^~203~^12.56^", "~01123~^~203~^12,56^")
    return folder


def _wrong_unit(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "sr_legacy_ascii")
    _replace(folder / "NUTR_DEF.txt", "~203~^~g~", "~203~^~mg~")
    return folder


def _unknown_food(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "sr_legacy_ascii")
    with (folder / "NUT_DATA.txt").open("a", encoding="cp1252") as handle:
        handle.write("~99999~^~203~^1.0^0^^~4~^~~^~~^~~^^^^^^^~~^~~^\r\n")
    return folder


def _duplicate_value(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "fdc_csv")
    with (folder / "food_nutrient.csv").open("a", encoding="utf-8") as handle:
        handle.write('"9999999","173944","1003","2.0","","","","","","",""\n')
    return folder


def _broken_xml(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "sr24")
    (folder / "09040.xml").write_text('<food uid="09040" name="Bananas, raw"><nutrient amount=')
    return folder


def _missing_column(tmp_path: Path) -> Path:
    folder = _copy(tmp_path, "fdc_csv")
    lines = (folder / "food_nutrient.csv").read_text().splitlines()
    lines[0] = lines[0].replace('"amount"', '"value"')
    (folder / "food_nutrient.csv").write_text("\n".join(lines) + "\n")
    return folder


def _empty_folder(tmp_path: Path) -> Path:
    (tmp_path / "empty").mkdir()
    return tmp_path / "empty"


def _fake_jar(tmp_path: Path) -> Path:
    path = tmp_path / "usda_sr24.jar"
    path.write_text("not a zip")
    return path


def _nowhere(tmp_path: Path) -> Path:
    return tmp_path / "no-such-release"


BAD_SOURCES = [
    (_missing_file, "missing NUT_DATA.txt"),
    (_bad_number, "NUT_DATA.txt line 1: Nutr_Val '12,56' is not a number"),
    (_wrong_unit, "nutrient 203 is in 'mg', expected 'g'"),
    (_unknown_food, "food '99999' is not in FOOD_DES.txt"),
    (_duplicate_value, "nutrient 203 given twice"),
    (_broken_xml, "09040.xml: not valid XML"),
    (_missing_column, "food_nutrient.csv: missing column(s) amount"),
    (_empty_folder, "cannot tell the format"),
    (_fake_jar, "not a zip/jar file"),
    (_nowhere, "no such file or folder"),
]


@pytest.mark.parametrize(("make", "message"), BAD_SOURCES, ids=[make.__name__.strip("_") for make, _ in BAD_SOURCES])
def test_bad_sources_fail_clearly_and_write_nothing(
    db_session: Session, tmp_path: Path, make: Callable[[Path], Path], message: str
) -> None:
    before = {ndb: (food.nutrients, food.source_release) for ndb, food in _foods(db_session).items()}
    with pytest.raises(FoodImportError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_foods(db_session, make(tmp_path))
    assert {ndb: (food.nutrients, food.source_release) for ndb, food in _foods(db_session).items()} == before


def test_release_name_and_format_are_checked(db_session: Session) -> None:
    with pytest.raises(FoodImportError, match="unknown format 'xml'"):
        import_foods(db_session, FIXTURES / "sr24", fmt="xml")
    with pytest.raises(FoodImportError, match="--release must be 1 to 200 characters"):
        import_foods(db_session, FIXTURES / "sr24", release="x" * 201)


# ---------------------------------------------------------------- the command


@pytest.fixture
def scratch_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty, migrated database that the CLI (which reads DATABASE_URL) writes to and commits."""
    with fresh_database(tmp_path, label="import") as url:
        migrate(url)
        monkeypatch.setenv("DATABASE_URL", url)
        get_settings.cache_clear()
        yield url
        get_settings.cache_clear()


def _cli(*args: str) -> tuple[int, str]:
    from diet_planner.cli import app

    result = CliRunner().invoke(app, ["import-foods", *args])
    return result.exit_code, " ".join(result.output.split())  # Rich wraps long lines at the terminal width


def _stored(url: str) -> dict[str, tuple[str, float | None, str | None, int]]:
    from diet_planner.core.db import make_engine

    engine = make_engine(url, pool_size=1, max_overflow=0)
    try:
        with Session(engine) as session:
            return {
                food.source_id: (food.name, food.nutrients["energy_kcal"], food.source_release, len(food.measures))
                for food in session.scalars(select(Food).options(selectinload(Food.measures)))
            }
    finally:
        engine.dispose()


def test_cli_imports_into_an_empty_database_then_changes_nothing(scratch_database: str) -> None:
    code, output = _cli(str(FIXTURES / "sr_legacy_ascii"), "--release", "SR Legacy 2018")
    assert code == 0, output
    assert "Imported 3 foods (sr-legacy-ascii, release 'SR Legacy 2018'): 3 new, 0 updated, 0 unchanged" in output
    assert _stored(scratch_database) == {
        "01123": ("Egg, whole, raw, fresh", 143.0, "SR Legacy 2018", 6),
        "09040": ("Bananas, raw", 89.0, "SR Legacy 2018", 8),
        "15076": ("Fish, salmon, Atlantic, wild, raw", 142.0, "SR Legacy 2018", 2),
    }
    code, output = _cli(str(FIXTURES / "sr_legacy_ascii"), "--release", "SR Legacy 2018")
    assert code == 0, output
    assert "0 new, 0 updated, 3 unchanged" in output

    code, output = _cli(str(FIXTURES / "fdc_csv"), "--format", "fdc-csv")
    assert code == 0, output
    assert "0 new, 3 updated, 0 unchanged" in output
    assert {release for _, _, release, _ in _stored(scratch_database).values()} == {
        "USDA SR Legacy via FoodData Central CSV (fdc_csv, published 2019-04-01)"
    }


def test_cli_reports_bad_input_with_a_non_zero_exit(scratch_database: str, tmp_path: Path) -> None:
    code, output = _cli(str(_missing_file(tmp_path)))
    assert code == 1
    assert "Import failed:" in output and "missing NUT_DATA.txt" in output
    code, output = _cli(str(FIXTURES / "sr24"), "--format", "csv")
    assert code == 1
    assert "unknown format 'csv'; use one of: auto, sr24, sr-legacy-ascii, fdc-csv" in output
    assert _stored(scratch_database) == {}
