"""Migration 0011_foods_sr28 on a copy of a database the SR24 release made (fixtures/sr24_release.db.gz, see
fixtures/make_sr24_release_db.py): foods are updated in place by NDB number, SR24-only foods stay (hidden
from search), the FoodData Central supplement arrives, and nothing a person logged or planned changes.

On PostgreSQL the release's rows are copied into a database migrated to 0007 first, so the same data
goes through the migration on both engines."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.db import make_engine
from diet_planner.core.migrate import upgrade
from diet_planner.foods.service import load_bundled_usda, sync_catalogue_recipes
from diet_planner.main import create_app
from tests.conftest import BACKEND, TEST_PASSWORD
from tests.support import fresh_database

FIXTURE = Path(__file__).with_name("fixtures") / "sr24_release.db.gz"
BUNDLE = Path(__file__).resolve().parents[4] / "data" / "usda" / "foods.jsonl.gz"
DROPPED_BY_SR28 = {"08246", "08432", "20108"}  # the catalogue used them; the fixture's user logged them
RELEASE_REVISION = "0007_profile_trimester"
SKIP_TABLES = {"alembic_version"}


def _copy_into_postgres(source_url: str, target_url: str) -> None:
    """The release's rows, table by table in foreign-key order, into a PostgreSQL database at 0007."""
    upgrade(target_url, RELEASE_REVISION)
    source_engine, target_engine = create_engine(source_url), create_engine(target_url)
    try:
        source_meta, target_meta = MetaData(), MetaData()
        source_meta.reflect(source_engine)
        target_meta.reflect(target_engine)
        with source_engine.connect() as source, target_engine.begin() as target:
            for table in target_meta.sorted_tables:
                if table.name in SKIP_TABLES or table.name not in source_meta.tables:
                    continue
                rows = [dict(row._mapping) for row in source.execute(source_meta.tables[table.name].select())]
                if rows:
                    target.execute(table.insert(), rows)
                if "id" in table.c:
                    target.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT coalesce(max(id), 1) FROM {table.name}))"
                        )
                    )
    finally:
        source_engine.dispose()
        target_engine.dispose()


@contextmanager
def release_database(tmp_path: Path) -> Iterator[str]:
    copy = tmp_path / "release.db"
    copy.write_bytes(gzip.decompress(FIXTURE.read_bytes()))
    sqlite_url = f"sqlite:///{copy}"
    if BACKEND == "sqlite":
        yield sqlite_url
        return
    with fresh_database(tmp_path, label="sr24") as url:
        _copy_into_postgres(sqlite_url, url)
        yield url


def _rows(url: str, sql: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _snapshots(url: str) -> dict[str, Any]:
    """What a person logged or planned, as stored: it must come through the upgrade unchanged."""
    return {
        "logs": sorted(
            (i, f, n, g, _json(v))
            for i, f, n, g, v in _rows(url, "SELECT id, food_id, food_name, grams, nutrients FROM meal_logs")
        ),
        "plan_items": sorted(
            (i, f, g, _json(v)) for i, f, g, v in _rows(url, "SELECT id, food_id, grams, nutrients FROM plan_items")
        ),
        "plan_days": sorted((i, _json(t)) for i, t in _rows(url, "SELECT id, totals FROM plan_days")),
        "own_recipes": sorted(
            (i, _json(v)) for i, v in _rows(url, "SELECT id, nutrients FROM foods WHERE owner_id IS NOT NULL")
        ),
    }


def _usda(url: str) -> dict[str, dict[str, Any]]:
    rows = _rows(
        url,
        "SELECT source_id, id, name, nutrients, source_release, discontinued FROM foods "
        "WHERE source = 'usda_sr' AND owner_id IS NULL",
    )
    return {
        sid: {"id": i, "name": n, "nutrients": _json(v), "release": r, "discontinued": bool(d)}
        for sid, i, n, v, r, d in rows
    }


def _bundle() -> dict[tuple[str, str], dict[str, Any]]:
    with gzip.open(BUNDLE, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    return {(row["source"], row["source_id"]): row for row in rows}


def _settings(url: str, tmp_path: Path) -> Settings:
    return Settings(
        app_env="development",
        database_url=url,
        secret_key="test-secret-key-that-is-long-enough-000000",
        log_file=tmp_path / "app.log",
        web_build_dir=tmp_path,
        rate_limit_per_minute=100_000,
        redis_url=None,
        ops_token=None,
    )


@pytest.fixture(scope="module")
def upgraded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    tmp_path = tmp_path_factory.mktemp("sr28-upgrade")
    with release_database(tmp_path) as url:
        before = {"snapshots": _snapshots(url), "usda": _usda_before(url)}
        upgrade(url)
        after_migration = {"snapshots": _snapshots(url), "usda": _usda(url)}
        # What every deployment runs next: `load-data` (the foods are there; the catalogue is re-stored).
        engine = make_engine(url, pool_size=1, max_overflow=0)
        with Session(engine) as session:
            loaded = load_bundled_usda(session, _settings(url, tmp_path))
            sync_catalogue_recipes(session)
            session.commit()
        engine.dispose()
        yield {"url": url, "tmp": tmp_path, "before": before, "after": after_migration, "loaded": loaded}


def _usda_before(url: str) -> dict[str, dict[str, Any]]:
    rows = _rows(url, "SELECT source_id, id, name, nutrients FROM foods WHERE source = 'usda_sr' AND owner_id IS NULL")
    return {sid: {"id": i, "name": n, "nutrients": _json(v)} for sid, i, n, v in rows}


def test_the_fixture_is_a_release_database_with_a_users_data(tmp_path: Path) -> None:
    with release_database(tmp_path) as url:
        assert _rows(url, "SELECT version_num FROM alembic_version") == [(RELEASE_REVISION,)]
        snapshots = _snapshots(url)
        assert len(snapshots["logs"]) == 5 and snapshots["plan_items"] and snapshots["own_recipes"]
        assert set(_usda_before(url)) >= DROPPED_BY_SR28


def test_logged_and_planned_values_do_not_change(upgraded: dict[str, Any]) -> None:
    assert upgraded["after"]["snapshots"] == upgraded["before"]["snapshots"]
    assert _snapshots(upgraded["url"]) == upgraded["before"]["snapshots"]  # nor after load-data


def test_shared_foods_are_updated_in_place_by_ndb_number(upgraded: dict[str, Any]) -> None:
    before, after, bundle = upgraded["before"]["usda"], upgraded["after"]["usda"], _bundle()
    kept = set(before) - DROPPED_BY_SR28
    assert kept and all(("usda_sr", ndb) in bundle for ndb in kept)
    for ndb in kept:
        assert after[ndb]["id"] == before[ndb]["id"]  # same row: plans, recipes and logs still point at it
        assert after[ndb]["nutrients"] == bundle[("usda_sr", ndb)]["nutrients"]
        assert after[ndb]["release"].startswith("USDA SR28") and not after[ndb]["discontinued"]
    changed = [ndb for ndb in kept if before[ndb]["nutrients"]["energy_kcal"] != after[ndb]["nutrients"]["energy_kcal"]]
    assert changed  # some of the release's foods have new SR28 energy values
    # Every SR28 food is there, the new ones included.
    assert {ndb for (source, ndb) in bundle if source == "usda_sr"} <= set(after)
    assert upgraded["loaded"].startswith("USDA foods:") and "already loaded" in upgraded["loaded"]


def test_foods_sr28_dropped_stay_with_their_values_but_are_discontinued(upgraded: dict[str, Any]) -> None:
    before, after = upgraded["before"]["usda"], upgraded["after"]["usda"]
    for ndb in DROPPED_BY_SR28:
        assert after[ndb]["discontinued"]
        assert (after[ndb]["id"], after[ndb]["nutrients"]) == (before[ndb]["id"], before[ndb]["nutrients"])
    assert sum(food["discontinued"] for food in after.values()) == len(set(before) - {sid for _, sid in _bundle()})


def test_catalogue_recipes_use_no_discontinued_food(upgraded: dict[str, Any]) -> None:
    used = _rows(
        upgraded["url"],
        "SELECT r.catalogue_slug, f.source_id, f.discontinued FROM recipe_ingredients i "
        "JOIN recipes r ON r.food_id = i.recipe_food_id JOIN foods f ON f.id = i.food_id "
        "WHERE r.catalogue_slug IS NOT NULL",
    )
    assert used and not [row for row in used if row[2]]
    assert {"20125", "08123", "08020"} <= {row[1] for row in used}  # the SR28 equivalents


def test_the_api_hides_discontinued_foods_from_search_but_serves_them(upgraded: dict[str, Any]) -> None:
    settings = _settings(upgraded["url"], upgraded["tmp"])
    with TestClient(create_app(settings)) as client:
        corn_flakes = client.get("/api/foods", params={"q": "total corn flakes", "limit": 50}).json()["items"]
        assert corn_flakes and "08246" not in {item["source_id"] for item in corn_flakes}
        old = upgraded["after"]["usda"]["08246"]
        detail = client.get(f"/api/foods/{old['id']}").json()
        assert detail["discontinued"] is True and detail["nutrients"] == old["nutrients"]
        oat_milk = client.get("/api/foods", params={"q": "oat milk", "limit": 1}).json()["items"][0]
        assert oat_milk["source"] == "usda_fdc"
        token = client.post("/api/auth/login", json={"email": "release@example.com", "password": TEST_PASSWORD}).json()[
            "access_token"
        ]
        day = client.get("/api/diary/2026-11-30", headers={"Authorization": f"Bearer {token}"}).json()
        logged = [entry[4] for entry in upgraded["before"]["snapshots"]["logs"]]
        energy = sum(entry["energy_kcal"] for entry in logged)
        assert day["totals"]["energy_kcal"] == pytest.approx(energy, abs=0.01)
