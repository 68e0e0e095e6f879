"""foods: USDA SR28 replaces SR24 in place by NDB number, SR24-only foods are kept as discontinued, and the
curated FoodData Central supplement is added

A database without USDA foods (a new install) only gains the `discontinued` column: `load-data` then
loads the bundled file. In a database loaded from SR24, every food keeps its id, so the plans, recipes
and diary entries pointing at it still do; the values a person logged or planned are snapshots
(meal_logs.nutrients, plan_items.nutrients, plan_days.totals, a user recipe's stored nutrients) and are
not touched. `load-data`, which every deployment runs after `migrate`, then re-stores the catalogue's
recipes from the new values.

Written with its own table definitions (not the ORM models), so later model changes cannot change
what this step does.

Revision ID: 0011_foods_sr28
Revises: 0010_food_favourites
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0011_foods_sr28"
down_revision: str | None = "0010_food_favourites"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

USDA_SR = "usda_sr"
BATCH = 500

foods = sa.table(
    "foods",
    sa.column("id", sa.Integer),
    sa.column("source", sa.String),
    sa.column("source_id", sa.String),
    sa.column("name", sa.String),
    sa.column("group_code", sa.String),
    sa.column("group_name", sa.String),
    sa.column("owner_id", sa.Integer),
    sa.column("nutrients", sa.JSON),
    sa.column("source_release", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
    sa.column("discontinued", sa.Boolean),
)
measures = sa.table(
    "food_measures",
    sa.column("id", sa.Integer),
    sa.column("food_id", sa.Integer),
    sa.column("position", sa.Integer),
    sa.column("name", sa.String),
    sa.column("amount", sa.Float),
    sa.column("grams", sa.Float),
)


def bundled_rows(path: Path) -> list[dict[str, Any]]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _existing(connection: sa.Connection, source: str) -> dict[str, dict[str, Any]]:
    rows = connection.execute(
        sa.select(foods.c.id, foods.c.source_id, foods.c.name, foods.c.group_code, foods.c.group_name)
        .add_columns(foods.c.nutrients, foods.c.source_release)
        .where(foods.c.source == source, foods.c.owner_id.is_(None))
    ).mappings()
    found = {row["source_id"]: dict(row) for row in rows}
    by_id = {row["id"]: row for row in found.values()}
    for row in by_id.values():
        row["measures"] = []
    ids = sorted(by_id)
    for start in range(0, len(ids), BATCH):
        statement = (
            sa.select(measures.c.food_id, measures.c.name, measures.c.amount, measures.c.grams)
            .where(measures.c.food_id.in_(ids[start : start + BATCH]))
            .order_by(measures.c.food_id, measures.c.position)
        )
        for food_id, name, amount, grams in connection.execute(statement):
            by_id[food_id]["measures"].append((name, amount, grams))
    return found


def _measure_rows(food_id: int, row: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"food_id": food_id, "position": i, "name": m["name"], "amount": m["amount"], "grams": m["grams"]}
        for i, m in enumerate(row["measures"])
    ]


def upgrade_foods(connection: sa.Connection, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Apply the bundled rows to a database that already has USDA foods; returns what changed."""
    now = datetime.now(UTC)
    counts = {"updated": 0, "unchanged": 0, "inserted": 0, "discontinued": 0}
    by_source: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_source.setdefault(row.get("source", USDA_SR), []).append(row)
    for source, source_rows in by_source.items():
        existing = _existing(connection, source)
        updates, new, replaced_measures = [], [], []
        for row in source_rows:
            food = existing.get(row["source_id"])
            values = {
                "name": row["name"],
                "group_code": row.get("group_code"),
                "group_name": row.get("group"),
                "nutrients": row["nutrients"],
                "source_release": row.get("release"),
            }
            if food is None:
                new.append(row)
                continue
            wanted = [(m["name"], float(m["amount"]), float(m["grams"])) for m in row["measures"]]
            same_measures = food["measures"] == wanted
            if all(food[key] == value for key, value in values.items()) and same_measures:
                counts["unchanged"] += 1
                continue
            updates.append({"b_id": food["id"], **values})
            if not same_measures:
                replaced_measures.append((food["id"], row))
            counts["updated"] += 1
        if updates:
            statement = (
                sa.update(foods)
                .where(foods.c.id == sa.bindparam("b_id"))
                .values(
                    name=sa.bindparam("name"),
                    group_code=sa.bindparam("group_code"),
                    group_name=sa.bindparam("group_name"),
                    nutrients=sa.bindparam("nutrients", type_=sa.JSON),
                    source_release=sa.bindparam("source_release"),
                    updated_at=now,
                    discontinued=False,
                )
            )
            connection.execute(statement, updates)
        ids = [food_id for food_id, _ in replaced_measures]
        for start in range(0, len(ids), BATCH):
            connection.execute(sa.delete(measures).where(measures.c.food_id.in_(ids[start : start + BATCH])))
        measure_rows = [m for food_id, row in replaced_measures for m in _measure_rows(food_id, row)]
        if new:
            connection.execute(
                sa.insert(foods),
                [
                    {
                        "source": source,
                        "source_id": row["source_id"],
                        "name": row["name"],
                        "group_code": row.get("group_code"),
                        "group_name": row.get("group"),
                        "owner_id": None,
                        "nutrients": row["nutrients"],
                        "source_release": row.get("release"),
                        "created_at": now,
                        "updated_at": now,
                        "discontinued": False,
                    }
                    for row in new
                ],
            )
            inserted = _existing(connection, source)
            measure_rows += [m for row in new for m in _measure_rows(inserted[row["source_id"]]["id"], row)]
            counts["inserted"] += len(new)
        if measure_rows:
            connection.execute(sa.insert(measures), measure_rows)
        # Foods the new release no longer lists stay (plans, recipes and logs point at them), hidden from search.
        listed = {row["source_id"] for row in source_rows}
        gone = sorted(food["id"] for sid, food in existing.items() if sid not in listed)
        for start in range(0, len(gone), BATCH):
            connection.execute(
                sa.update(foods).where(foods.c.id.in_(gone[start : start + BATCH])).values(discontinued=True)
            )
        counts["discontinued"] += len(gone)
    return counts


def upgrade() -> None:
    # A plain ADD COLUMN on both engines: SQLite's batch mode would rebuild `foods` and lose the triggers
    # that keep its full-text index (foods_fts) in step.
    op.add_column("foods", sa.Column("discontinued", sa.Boolean(), nullable=False, server_default=sa.false()))
    connection = op.get_bind()
    has_usda = connection.scalar(
        sa.select(sa.func.count()).where(foods.c.source == USDA_SR, foods.c.owner_id.is_(None))
    )
    if not has_usda:
        return  # a new database: `load-data` loads the bundled file
    from diet_planner.core.config import get_settings

    path = Path(get_settings().food_data_file)
    if not path.is_file():
        raise RuntimeError(f"{path} not found: the SR28 upgrade of the USDA foods needs the bundled food data")
    upgrade_foods(connection, bundled_rows(path))
    if connection.dialect.name == "postgresql":
        op.execute("ANALYZE foods")
        op.execute("ANALYZE food_measures")


def downgrade() -> None:
    # The SR24 values are not restored (they are not bundled any more); the flag goes, the foods stay.
    # A plain DROP COLUMN (SQLite 3.35+), for the same reason as above.
    op.drop_column("foods", "discontinued")
