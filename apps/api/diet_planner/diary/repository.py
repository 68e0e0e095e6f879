"""All SQL for meal logs and weights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Row, Table, bindparam, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from diet_planner.core.db import Base, DirectWriter, insert_prepared, insert_rows, prepare_row
from diet_planner.diary.models import MealLog, Weight


def add_logs(session: Session, logs: Sequence[MealLog]) -> list[MealLog]:
    session.add_all(logs)
    session.flush()
    return list(logs)


MEAL_LOGS: Table = Base.metadata.tables["meal_logs"]


@dataclass(frozen=True, slots=True)
class NewLog:
    """A meal log just inserted, as written: what its answer shows."""

    id: int
    user_id: int
    date: date
    slot: str
    food_id: int | None
    food_name: str
    display_name: str | None
    kind: str
    grams: float
    quantity: float
    unit: str
    plan_meal_id: int | None
    nutrients: dict[str, Any]
    created_at: datetime
    deleted_at: datetime | None = None


def insert_logs(session: Session, rows: list[dict[str, Any]]) -> list[NewLog]:
    """Rows of meal_logs (every column but the id) in one statement on the session's connection (no ORM object or
    flush: bench_load's profile put a quarter of a meal-log write in the unit of work), in their order."""
    ids = insert_rows(session.connection(), MEAL_LOGS, rows)
    return [NewLog(id=new_id, **values) for new_id, values in zip(ids, rows, strict=True)]


def prepare_log(writer: DirectWriter, row: dict[str, Any]) -> Any:
    return prepare_row(writer, MEAL_LOGS, row)


# The columns of a row made by diary/service.py food_log_row, in its order (the machine writer's rows come as values).
FOOD_LOG_COLUMNS = (
    "user_id",
    "date",
    "slot",
    "food_id",
    "food_name",
    "display_name",
    "kind",
    "grams",
    "quantity",
    "unit",
    "plan_meal_id",
    "nutrients",
    "created_at",
    "deleted_at",
)


def insert_prepared_logs(writer: DirectWriter, prepared: list[Any]) -> list[int]:
    """The ids of food log rows (FOOD_LOG_COLUMNS) prepared by prepare_log, inserted in the writer's transaction."""
    return insert_prepared(writer, MEAL_LOGS, FOOD_LOG_COLUMNS, prepared)


def insert_logs_direct(writer: DirectWriter, rows: list[dict[str, Any]], prepared: list[Any]) -> list[NewLog]:
    """insert_logs in the group-commit writer's own transaction (core/db.py DirectWriter), of rows prepare_log made."""
    ids = insert_prepared(writer, MEAL_LOGS, tuple(rows[0]), prepared)
    return [NewLog(id=new_id, **values) for new_id, values in zip(ids, rows, strict=True)]


LIVE = MealLog.deleted_at.is_(None)


def get_log(session: Session, user_id: int, log_id: int, *, deleted: bool = False) -> MealLog | None:
    """A live entry, or with `deleted` one deleted and not yet purged."""
    state = MealLog.deleted_at.is_not(None) if deleted else LIVE
    return session.scalar(select(MealLog).where(MealLog.id == log_id, MealLog.user_id == user_id, state))


def purge_deleted(session: Session, user_id: int, before: datetime) -> None:
    session.execute(delete(MealLog).where(MealLog.user_id == user_id, MealLog.deleted_at < before))


def logs_between(session: Session, user_id: int, first: date | None = None, last: date | None = None) -> list[MealLog]:
    statement = select(MealLog).where(MealLog.user_id == user_id, LIVE)
    if first is not None:
        statement = statement.where(MealLog.date >= first)
    if last is not None:
        statement = statement.where(MealLog.date <= last)
    return list(session.scalars(statement.order_by(MealLog.date, MealLog.id)))


# The columns a diary page shows: rows of plain values load several times faster than ORM objects (identity
# map, instance state, attribute instrumentation), and the diary day is the most read page (bench_load).
DAY_COLUMNS = (
    MealLog.id,
    MealLog.date,
    MealLog.slot,
    MealLog.food_id,
    MealLog.food_name,
    MealLog.display_name,
    MealLog.kind,
    MealLog.grams,
    MealLog.quantity,
    MealLog.unit,
    MealLog.plan_meal_id,
    MealLog.nutrients,
    MealLog.created_at,
)


_DAY_ROWS = (
    select(*DAY_COLUMNS)
    .where(MealLog.user_id == bindparam("user_id"), MealLog.date == bindparam("day", type_=MealLog.date.type), LIVE)
    .order_by(MealLog.id)
)


def day_rows(session: Session, user_id: int, day: date) -> list[Row[Any]]:
    """A day's live entries as read-only rows (the attributes of a MealLog that a page shows), in logging order."""
    return list(session.execute(_DAY_ROWS, {"user_id": user_id, "day": day}))


def logs_page(session: Session, user_id: int, day: date | None, limit: int, offset: int) -> tuple[list[MealLog], int]:
    condition = [MealLog.user_id == user_id, LIVE] + ([MealLog.date == day] if day is not None else [])
    total = session.scalar(select(func.count()).select_from(MealLog).where(*condition)) or 0
    rows = session.scalars(
        select(MealLog).where(*condition).order_by(MealLog.date.desc(), MealLog.id).limit(limit).offset(offset)
    )
    return list(rows), int(total)


def delete_log(session: Session, log: MealLog) -> None:
    session.delete(log)
    session.flush()


def flush(session: Session) -> None:
    session.flush()


def all_weights(session: Session, user_id: int) -> list[Weight]:
    return list(session.scalars(select(Weight).where(Weight.user_id == user_id).order_by(Weight.date)))


def get_weight(session: Session, user_id: int, day: date) -> Weight | None:
    return session.scalar(select(Weight).where(Weight.user_id == user_id, Weight.date == day))


def upsert_weight(session: Session, user_id: int, day: date, weight_kg: float) -> Weight:
    """One weigh-in per date; a later one replaces it (a concurrent insert of the same date is retried as an update)."""
    existing = get_weight(session, user_id, day)
    if existing is None:
        try:
            with session.begin_nested():
                row = Weight(user_id=user_id, date=day, weight_kg=weight_kg)
                session.add(row)
            return row
        except IntegrityError:
            existing = get_weight(session, user_id, day)
            if existing is None:
                raise
    existing.weight_kg = weight_kg
    session.flush()
    return existing


def delete_weight(session: Session, weight: Weight) -> None:
    session.delete(weight)
    session.flush()


def latest_log_date(session: Session, user_id: int, before: date) -> date | None:
    value = session.scalar(
        select(func.max(MealLog.date)).where(MealLog.user_id == user_id, LIVE, MealLog.date < before)
    )
    return value if isinstance(value, date) else None


def food_usage(session: Session, user_id: int, since: date) -> list[tuple[int, int, date]]:
    """(food id, days it was logged on, the last of them) of the foods the user logged since `since`."""
    statement = (
        select(MealLog.food_id, func.count(func.distinct(MealLog.date)), func.max(MealLog.date))
        .where(MealLog.user_id == user_id, LIVE, MealLog.date >= since, MealLog.food_id.is_not(None))
        .group_by(MealLog.food_id)
    )
    return [
        (int(food_id), int(days), last) for food_id, days, last in session.execute(statement) if food_id is not None
    ]
