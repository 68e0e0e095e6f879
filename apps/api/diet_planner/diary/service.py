"""Diary rules: logging food with nutrient snapshots, daily totals, weigh-ins, progress and adaptive energy.

For other domains:
    adaptive_energy_kcal(session, user_id)   the suggested energy target from the progress estimate, or None
    day_entries(session, user_id, day)       a day's log and totals (targets adds the targets)
    log_planned_meal(session, user_id, meal) log a planned meal (plans looks it up)
    export_user_data(session, user_id)       the user's meal logs and weights
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

import orjson
from sqlalchemy.orm import Session

from diet_planner.core.db import DirectWriter, utcnow
from diet_planner.core.errors import NotFound, Unprocessable
from diet_planner.core.group_commit import BatchWrite
from diet_planner.diary import repository
from diet_planner.diary.models import MealLog, Weight
from diet_planner.foods import labels
from diet_planner.foods import service as foods
from diet_planner.nutrition import equations, progress
from diet_planner.nutrition.keys import NUTRIENT_KEYS
from diet_planner.nutrition.targets import planned_rate
from diet_planner.profiles import service as profiles
from diet_planner.profiles.service import ProfileFacts

SLOTS = ("breakfast", "lunch", "dinner", "snack")
MIN_DATE = date(1900, 1, 1)
MAX_DAYS_AHEAD = 366
MAX_GRAMS = 5000.0
WEIGHT_RANGE_KG = (20.0, 400.0)
# Adaptive targets follow the progress estimate only at these confidences: a low-confidence estimate (few
# weigh-ins, under two weeks) can be off by several hundred kcal a day.
ADAPTIVE_CONFIDENCE = ("medium", "high")
# Characters that make a spreadsheet treat a CSV cell as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _invalid(field: str, message: str, where: str = "body") -> Unprocessable:
    return Unprocessable([{"loc": [where, field], "msg": message, "type": "value_error"}])


def today() -> date:
    return utcnow().date()


def check_date(day: date, field: str = "date", where: str = "body") -> date:
    latest = today() + timedelta(days=MAX_DAYS_AHEAD)
    if not MIN_DATE <= day <= latest:
        raise _invalid(field, f"{field} must be between {MIN_DATE.isoformat()} and {latest.isoformat()}", where)
    return day


def _check_slot(slot: str) -> str:
    if slot not in SLOTS:
        raise _invalid("slot", f"slot must be one of {', '.join(SLOTS)}")
    return slot


def _check_grams(grams: float, field: str = "grams") -> float:
    if not 0 < grams <= MAX_GRAMS:
        raise _invalid(field, f"the amount comes to {grams:,.1f} g; it must be more than 0 and at most 5,000 g")
    return grams


def _snapshot(per_100g: Mapping[str, Any], grams: float) -> dict[str, float | None]:
    """The per-100 g values for `grams`, to 4 decimals; unknown stays unknown. Counted in ten-thousandths and
    rounded to a whole number of them: round(value, 4), decimal-exact, cost 0.2 us a value, two thirds of every
    meal-log write's snapshot, for the same result (no difference in 300,000 random values and amounts)."""
    scale = grams * 100  # / 100 g, * 10,000 ten-thousandths
    try:
        return {
            key: (None if (value := per_100g.get(key)) is None else round(value * scale) / 10000)
            for key in NUTRIENT_KEYS
        }
    except (ValueError, OverflowError):  # a NaN or infinite value (old data): kept as it is, as round(value, 4) did
        return {
            key: (None if (value := per_100g.get(key)) is None else round(value * grams / 100, 4))
            for key in NUTRIENT_KEYS
        }


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# ---------------------------------------------------------------- meal logs


@dataclass(frozen=True)
class Amount:
    """What was eaten: grams, or a quantity of a unit (g/oz/lb/kg, a household measure, a recipe serving)."""

    grams: float | None = None
    quantity: float | None = None
    unit: str | None = None


def _resolve(session: Session | None, food: Any, amount: Amount) -> tuple[float, float, str]:
    """(grams, quantity, unit) of an amount of a food (`session` only for a recipe's servings)."""
    if amount.grams is not None:
        if amount.quantity is not None or amount.unit is not None:
            raise _invalid("grams", "give grams, or quantity and unit, not both")
        return _check_grams(amount.grams), amount.grams, "g"
    if amount.quantity is None or not amount.unit:
        raise _invalid("quantity", "give grams, or quantity and unit")
    if session is None:
        grams = foods.grams_of(food, amount.quantity, amount.unit)
    else:
        grams = foods.resolve_grams(session, food, amount.quantity, amount.unit)
    return _check_grams(grams, "quantity"), amount.quantity, amount.unit.strip()


QUICK = "quick"
QUICK_MACROS = ("protein_g", "carbs_g", "fat_g")
UNDO_HOURS = 24  # a deleted entry can be restored for this long, then it is purged


def log_food(
    session: Session,
    user_id: int,
    *,
    day: date,
    slot: str,
    food_id: int,
    amount: Amount,
    loaded: Callable[[Any], None] | None = None,
) -> list[repository.NewLog]:
    """`loaded(food)`: told of the food as loaded, with its measures (a worker keeps shared ones)."""
    check_date(day)
    _check_slot(slot)
    # An amount in grams needs none of the food's household measures: not loading them is one query less.
    food = foods.get_food(session, food_id, user_id, with_measures=loaded is not None or amount.grams is None)
    if loaded is not None:
        loaded(food)
    return repository.insert_logs(
        session, [food_log_row(session, user_id, day=day, slot=slot, food=food, amount=amount)]
    )


# Rows made by food_log_row, inserted together by the group commit's writer (core/group_commit.py run_many).
SAVE_FOOD_LOGS = BatchWrite(
    in_session=repository.insert_logs, prepare=repository.prepare_log, direct=repository.insert_logs_direct
)


def insert_prepared_logs(writer: DirectWriter, prepared: list[Any]) -> list[int]:
    """The machine writer's insert of rows made by food_log_row, their values by SAVE_FOOD_LOGS.prepare."""
    return repository.insert_prepared_logs(writer, prepared)


def new_log(new_id: int, row: dict[str, Any]) -> repository.NewLog:
    """A row made by food_log_row as inserted with `new_id` (by the machine writer)."""
    return repository.NewLog(id=new_id, **row)


def needs_database(food: foods.SharedFood, amount: Amount) -> bool:
    """Whether logging this amount of a food the worker keeps needs the database still (a recipe's servings)."""
    return amount.unit is not None and foods.counts_recipe_servings(food, amount.unit)


def food_log_row(
    session: Session | None, user_id: int, *, day: date, slot: str, food: Any, amount: Amount
) -> dict[str, Any]:
    """The meal_logs row of an amount of a food eaten (every column but the id), as `_entry` would build it, checked
    (422 otherwise). `session` only for a recipe's servings (needs_database)."""
    check_date(day)
    _check_slot(slot)
    grams, quantity, unit = _resolve(session, food, amount)
    return {
        "user_id": user_id,
        "date": day,
        "slot": slot,
        "food_id": food.id,
        "food_name": food.name,
        "display_name": foods.display_name(food),
        "kind": "food",
        "grams": grams,
        "quantity": quantity,
        "unit": unit,
        "plan_meal_id": None,
        "nutrients": _snapshot(food.nutrients, grams),
        "created_at": utcnow(),
        "deleted_at": None,
    }


def _entry(
    user_id: int,
    day: date,
    slot: str,
    food: Any,
    grams: float,
    quantity: float,
    unit: str,
    plan_meal_id: int | None = None,
    name: str | None = None,
) -> MealLog:
    """A log row with the food's name and nutrients as they are now: later changes to the food never alter it.
    `name` is what the person knows it by (a plan's name for the item); by default the food's display name."""
    return MealLog(
        user_id=user_id,
        date=day,
        slot=slot,
        food_id=food.id,
        food_name=food.name,
        display_name=name or foods.display_name(food),
        grams=grams,
        quantity=quantity,
        unit=unit,
        plan_meal_id=plan_meal_id,
        nutrients=_snapshot(food.nutrients, grams),
    )


@dataclass(frozen=True)
class PlannedMeal:
    """A planned meal as the diary logs it (plans/service.py looks it up)."""

    plan_meal_id: int
    date: date
    slot: str
    items: list[tuple[int, float, float, str]]  # (food_id, grams, quantity, unit)
    names: list[str] = field(default_factory=list)  # the plan's name of each item ("Fortified instant oatmeal")


def log_planned_meal(
    session: Session, user_id: int, meal: PlannedMeal, *, day: date | None = None, slot: str | None = None
) -> list[MealLog]:
    """Log every item of a planned meal as eaten, on the plan's date and slot unless told otherwise."""
    day = check_date(day or meal.date)
    slot = _check_slot(slot or meal.slot)
    names = meal.names or [""] * len(meal.items)
    entries = [
        _entry(
            user_id,
            day,
            slot,
            foods.get_food(session, food_id, user_id),
            grams,
            quantity,
            unit,
            meal.plan_meal_id,
            name or None,
        )
        for (food_id, grams, quantity, unit), name in zip(meal.items, names, strict=True)
    ]
    if not entries:
        raise Unprocessable("That planned meal has no items to log")
    return repository.add_logs(session, entries)


def list_logs(session: Session, user_id: int, day: date | None, limit: int, offset: int) -> tuple[list[MealLog], int]:
    return repository.logs_page(session, user_id, day, limit, offset)


def get_log(session: Session, user_id: int, log_id: int) -> MealLog:
    entry = repository.get_log(session, user_id, log_id)
    if entry is None:
        raise NotFound("Meal log entry not found")
    return entry


def update_log(
    session: Session,
    user_id: int,
    log_id: int,
    *,
    day: date | None = None,
    slot: str | None = None,
    amount: Amount | None = None,
) -> MealLog:
    """Move an entry or change its amount. The snapshot is rescaled per gram from the logged values, so an
    entry keeps the nutrition it was logged with even after its custom food is edited or deleted."""
    entry = get_log(session, user_id, log_id)
    if day is not None:
        entry.date = check_date(day)
    if slot is not None:
        entry.slot = _check_slot(slot)
    if amount is not None and (amount.grams is not None or amount.quantity is not None or amount.unit is not None):
        if entry.kind == QUICK:
            raise _invalid("grams", "a quick add has no amount: delete it and add it again with other numbers")
        if amount.grams is None:
            amount = Amount(quantity=amount.quantity or entry.quantity, unit=amount.unit or entry.unit)
        grams, quantity, unit = _resolve_for_entry(session, user_id, entry, amount)
        ratio = grams / entry.grams
        entry.nutrients = {
            key: (None if value is None else round(value * ratio, 4)) for key, value in dict(entry.nutrients).items()
        }
        entry.grams, entry.quantity, entry.unit = grams, quantity, unit
    repository.flush(session)
    return entry


def _resolve_for_entry(session: Session, user_id: int, entry: MealLog, amount: Amount) -> tuple[float, float, str]:
    if amount.grams is not None or (amount.unit or "").strip().lower() in foods.MASS_UNITS:
        if amount.grams is None:
            assert amount.quantity is not None and amount.unit is not None
            if amount.quantity <= 0:
                raise _invalid("quantity", "quantity must be greater than 0")
            grams = amount.quantity * foods.MASS_UNITS[amount.unit.strip().lower()]
            return _check_grams(grams, "quantity"), amount.quantity, amount.unit.strip()
        return _resolve(session, None, amount)
    if entry.food_id is None:
        raise _invalid("unit", "the food of this entry was deleted: give grams, or a quantity in g, oz, lb or kg")
    return _resolve(session, foods.get_food(session, entry.food_id, user_id), amount)


def delete_log(session: Session, user_id: int, log_id: int) -> None:
    """Deleted, restorable for UNDO_HOURS (POST /api/meal-logs/{id}/restore); older deletions are purged now."""
    entry = get_log(session, user_id, log_id)
    now = utcnow()
    repository.purge_deleted(session, user_id, now - timedelta(hours=UNDO_HOURS))
    entry.deleted_at = now
    repository.flush(session)


def restore_log(session: Session, user_id: int, log_id: int) -> MealLog:
    """Undo a deletion; an entry that is not deleted is answered as it is."""
    entry = repository.get_log(session, user_id, log_id, deleted=True)
    if entry is None:
        return get_log(session, user_id, log_id)
    entry.deleted_at = None
    repository.flush(session)
    return entry


@dataclass(frozen=True)
class QuickAdd:
    """Calories (and perhaps macros) without a food, as a label or a restaurant menu gives them."""

    label: str
    energy_kcal: float
    protein_g: float | None = None
    carbs_g: float | None = None
    fat_g: float | None = None


def quick_add(session: Session, user_id: int, *, day: date, slot: str, item: QuickAdd) -> MealLog:
    """A diary entry of kcal and optional macros; every other nutrient is unknown (the day says so)."""
    check_date(day)
    _check_slot(slot)
    label = item.label.strip() or "Quick add"
    nutrients: dict[str, float | None] = {key: None for key in NUTRIENT_KEYS}
    nutrients["energy_kcal"] = round(item.energy_kcal, 4)
    for key in QUICK_MACROS:
        value = getattr(item, key)
        nutrients[key] = None if value is None else round(value, 4)
    # What the macros give may exceed the kcal a little (rounded labels), not several times over.
    macro_kcal = 4 * (item.protein_g or 0) + 4 * (item.carbs_g or 0) + 9 * (item.fat_g or 0)
    if macro_kcal > 1.5 * item.energy_kcal + 20:
        raise _invalid(
            "energy_kcal",
            f"the macros give about {macro_kcal:,.0f} kcal, far more than {item.energy_kcal:,.0f} kcal: check the numbers",
        )
    entry = MealLog(
        user_id=user_id,
        date=day,
        slot=slot,
        food_id=None,
        food_name=label,
        display_name=label,
        kind=QUICK,
        grams=0.0,
        quantity=1.0,
        unit="quick add",
        plan_meal_id=None,
        nutrients=nutrients,
    )
    return repository.add_logs(session, [entry])[0]


def copy_logs(
    session: Session,
    user_id: int,
    *,
    from_date: date,
    to_date: date,
    slot: str | None = None,
    to_slot: str | None = None,
) -> list[MealLog]:
    """Copy a day's entries (or one meal's, with `slot`) to another date (and meal, with `to_slot`), with the
    nutrients they were logged with."""
    check_date(from_date, "from_date")
    check_date(to_date, "to_date")
    if slot is not None:
        _check_slot(slot)
    if to_slot is not None:
        if slot is None:
            raise _invalid("to_slot", "to_slot needs slot: a whole day keeps each entry's meal")
        _check_slot(to_slot)
    if from_date == to_date and (to_slot or slot) == slot:
        raise _invalid("to_date", "copy to another date or another meal")
    source = [e for e in repository.logs_between(session, user_id, from_date, from_date) if slot in (None, e.slot)]
    if not source:
        what = f"{slot} on {from_date.isoformat()}" if slot else from_date.isoformat()
        raise _invalid("from_date", f"nothing is logged for {what}")
    copies = [
        MealLog(
            user_id=user_id,
            date=to_date,
            slot=to_slot or e.slot,
            food_id=e.food_id,
            food_name=e.food_name,
            display_name=e.display_name,
            kind=e.kind,
            grams=e.grams,
            quantity=e.quantity,
            unit=e.unit,
            plan_meal_id=None,
            nutrients=dict(e.nutrients),
        )
        for e in source
    ]
    return repository.add_logs(session, copies)


class NamedNutrients(Protocol):
    @property
    def food_name(self) -> str: ...
    @property
    def nutrients(self) -> dict[str, Any]: ...


class LoggedEntry(NamedNutrients, Protocol):
    """What a page shows of a meal log: a MealLog, or a row of repository.day_rows."""

    @property
    def id(self) -> int: ...
    @property
    def date(self) -> date: ...
    @property
    def slot(self) -> str: ...
    @property
    def food_id(self) -> int | None: ...
    @property
    def display_name(self) -> str | None: ...
    @property
    def kind(self) -> str: ...
    @property
    def grams(self) -> float: ...
    @property
    def quantity(self) -> float: ...
    @property
    def unit(self) -> str: ...
    @property
    def plan_meal_id(self) -> int | None: ...
    @property
    def created_at(self) -> datetime: ...


def log_to_dict(entry: LoggedEntry) -> dict[str, Any]:
    values = _entry_values(entry)
    values["created_at"] = values["created_at"].isoformat()
    return values


def _entry_values(entry: LoggedEntry) -> dict[str, Any]:
    """log_to_dict with created_at an aware datetime, as the JSON encoders take it."""
    nutrients = entry.nutrients  # one attribute read, not one per key
    return {
        "id": entry.id,
        "date": entry.date.isoformat(),
        "slot": entry.slot,
        "food_id": entry.food_id,
        "food_name": entry.food_name,
        "display_name": entry.display_name or entry.food_name,
        "kind": entry.kind or "food",
        "grams": round(entry.grams, 3),
        "quantity": entry.quantity,
        "unit": entry.unit,
        "plan_meal_id": entry.plan_meal_id,
        "nutrients": {key: nutrients.get(key) for key in NUTRIENT_KEYS},
        "created_at": _as_utc(entry.created_at),
    }


def logs_page_json(entries: Sequence[LoggedEntry]) -> bytes:
    """`{items, total}` of the entries, encoded as the framework encodes a MealLogPage (byte for byte), by orjson:
    pydantic's validation and encoding of the page cost 9 us of a meal-log write's fast lane, orjson 1.3."""
    items = [{**_entry_values(entry), "conflicts": []} for entry in entries]
    return orjson.dumps({"items": items, "total": len(items)}, option=orjson.OPT_UTC_Z)


def sum_nutrients(entries: Iterable[LoggedEntry]) -> dict[str, float | None]:
    """Per key: the sum of the known values; null only when every entry lacks it; 0 for a day with no entries."""
    rows = [entry.nutrients for entry in entries]
    totals: dict[str, float | None] = {}
    for key in NUTRIENT_KEYS:
        known = [row[key] for row in rows if row.get(key) is not None]
        totals[key] = round(sum(known, 0.0), 3) if known or not rows else None
    return totals


def incomplete_nutrients(entries: Iterable[NamedNutrients]) -> dict[str, list[str]]:
    """Per key some entry lacks: the names of those foods. Their unknown amounts are not in the totals."""
    missing: dict[str, list[str]] = {}
    for entry in entries:
        nutrients, name = entry.nutrients, entry.food_name
        for key in NUTRIENT_KEYS:
            if nutrients.get(key) is None and name not in missing.get(key, []):
                missing.setdefault(key, []).append(name)
    return missing


def day_entries(session: Session, user_id: int, day: date, profile: ProfileFacts | None = None) -> dict[str, Any]:
    """A day's log and its totals; targets/service.py adds the targets and what remains (and passes the
    profile it loaded: a second lookup of it was a query again, the first object being already collected)."""
    entries = repository.day_rows(session, user_id, day)
    conflicts = entry_conflicts(session, user_id, entries, rules_of(profile))
    return {
        "date": day.isoformat(),
        "entries": [{**_entry_values(entry), "conflicts": conflicts.get(entry.id, [])} for entry in entries],
        "totals": sum_nutrients(entries),
        "incomplete": incomplete_nutrients(entries),
    }


# ---------------------------------------------------------------- weights


def _check_weight(weight_kg: float) -> float:
    low, high = WEIGHT_RANGE_KG
    if not low <= weight_kg <= high:
        raise _invalid("weight_kg", f"weight_kg must be between {low:g} and {high:g}")
    return weight_kg


def _trend(weights: Iterable[Weight]) -> list[progress.TrendPoint]:
    return progress.weight_trend({w.date: w.weight_kg for w in weights})


def put_weight(session: Session, user_id: int, day: date, weight_kg: float) -> dict[str, Any]:
    check_date(day)
    # One day of leeway: "today" is UTC here, and users east of UTC are already a day ahead.
    if day > today() + timedelta(days=1):
        raise _invalid("date", "a weigh-in cannot be in the future")
    repository.upsert_weight(session, user_id, day, _check_weight(weight_kg))
    points = {p.day: p for p in _trend(repository.all_weights(session, user_id))}
    return _weight_dict(points[day])


def _weight_dict(point: progress.TrendPoint) -> dict[str, Any]:
    return {"date": point.day.isoformat(), "weight_kg": point.weight_kg, "trend_kg": round(point.trend_kg, 2)}


def list_weights(
    session: Session, user_id: int, limit: int, offset: int, *, newest_first: bool = True
) -> tuple[list[dict[str, Any]], int]:
    points = _trend(repository.all_weights(session, user_id))
    ordered = list(reversed(points)) if newest_first else points
    return [_weight_dict(p) for p in ordered[offset : offset + limit]], len(points)


def delete_weight(session: Session, user_id: int, day: date) -> None:
    weight = repository.get_weight(session, user_id, day)
    if weight is None:
        raise NotFound("No weigh-in on that date")
    repository.delete_weight(session, weight)


# ---------------------------------------------------------------- progress and adaptive energy


def _intake_by_day(entries: Iterable[MealLog]) -> dict[date, float]:
    intake: dict[date, float] = defaultdict(float)
    for entry in entries:
        intake[entry.date] += entry.nutrients.get("energy_kcal") or 0.0
    return dict(intake)


def progress_report(session: Session, user_id: int) -> dict[str, Any]:
    """Trend, weekly rate, energy-balance TDEE over the last 28 complete days (today is still being
    logged, so it is left out) and the energy suggested for the profile's goal."""
    points = _trend(repository.all_weights(session, user_id))
    last = today() - timedelta(days=1)
    first = last - timedelta(days=progress.WINDOW_DAYS - 1)
    estimate = progress.estimate_tdee(_intake_by_day(repository.logs_between(session, user_id, first, last)), points)
    suggested: float | None = None
    note = estimate.note
    # The estimate leaves out the day still being logged: say so rather than "no food" beside a full diary.
    # (Today is the server's UTC date; a person east of UTC may already be on the next.)
    if estimate.logged_days == 0 and repository.logs_between(
        session, user_id, last + timedelta(days=1), today() + timedelta(days=1)
    ):
        note = (
            "Only today has food logged so far. The estimate uses complete days, so today's food counts from "
            f"tomorrow; it needs {progress.MIN_LOGGED_DAYS} logged days and {progress.MIN_WEIGH_INS} weigh-ins "
            f"over {progress.MIN_SPAN_DAYS} days or more."
        )
    profile = profiles.get_profile(session, user_id)
    if estimate.tdee_kcal is not None:
        if profile is None:
            note += " Create a profile to get a suggested energy target for your goal."
        elif profile.life_stage == "pregnant":
            note += " No suggestion during pregnancy: weight gain then is not an energy surplus to correct."
        else:
            data = profiles.profile_data(profile)
            bmr = equations.mifflin_st_jeor_bmr_kcal(data.sex, data.weight_kg, data.height_cm, data.age_years)
            floor = equations.safe_floor_kcal(data.sex, bmr, data.life_stage)
            goal_rate, why = planned_rate(data)  # the same limits on the goal's rate as the targets
            if why:
                note += " " + why
            # The measured TDEE already includes what lactation costs: no addition on top.
            suggested = progress.suggested_energy_kcal(estimate.tdee_kcal, data.goal, goal_rate, floor)
            if profile.adaptive_targets and estimate.confidence not in ADAPTIVE_CONFIDENCE:
                note += (
                    " Adaptive targets wait for a medium-confidence estimate (14 logged days and 7 weigh-ins "
                    "over 2 weeks); until then the equations set your energy target."
                )
    rate = progress.weekly_rate_kg(points)
    return {
        "trend_kg": round(points[-1].trend_kg, 2) if points else None,
        "weekly_rate_kg": None if rate is None else round(rate, 3),
        "estimated_tdee_kcal": None if estimate.tdee_kcal is None else round(estimate.tdee_kcal),
        "suggested_energy_kcal": None if suggested is None else round(suggested),
        "data_days": estimate.logged_days,
        "weigh_ins": estimate.weigh_ins,
        "mean_intake_kcal": None if estimate.mean_intake_kcal is None else round(estimate.mean_intake_kcal),
        "window_start": estimate.first_day.isoformat() if estimate.first_day else None,
        "window_end": estimate.last_day.isoformat() if estimate.last_day else None,
        "confidence": estimate.confidence,
        "note": note,
    }


def adaptive_energy_kcal(session: Session, user_id: int) -> float | None:
    """For profiles and plans: the suggested energy target when the estimate is at least of medium
    confidence, else None (the equations stand)."""
    report = progress_report(session, user_id)
    value = report["suggested_energy_kcal"]
    if value is None or report["confidence"] not in ADAPTIVE_CONFIDENCE:
        return None
    return float(value)


# ---------------------------------------------------------------- export


def export_user_data(session: Session, user_id: int) -> dict[str, Any]:
    points = _trend(repository.all_weights(session, user_id))
    return {
        "meal_logs": [log_to_dict(entry) for entry in repository.logs_between(session, user_id)],
        "weights": [_weight_dict(point) for point in points],
    }


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return "" if value is None else value


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()


def meal_logs_csv(session: Session, user_id: int) -> str:
    fields = ["id", "date", "slot", "food_id", "food_name", "grams", "quantity", "unit", "plan_meal_id"]
    rows = []
    for entry in repository.logs_between(session, user_id):
        data = log_to_dict(entry)
        rows.append([data[name] for name in fields] + [data["nutrients"][key] for key in NUTRIENT_KEYS])
    return _csv(fields + list(NUTRIENT_KEYS), rows)


def weights_csv(session: Session, user_id: int) -> str:
    points = _trend(repository.all_weights(session, user_id))
    return _csv(
        ["date", "weight_kg", "trend_kg"], ([p.day.isoformat(), p.weight_kg, round(p.trend_kg, 2)] for p in points)
    )


# ---------------------------------------------------------------- the foods a person uses

USAGE_DAYS = 180
HALF_LIFE_DAYS = 14.0
# Search points of a food the person logs: a food logged on many recent days leads its matches.
USAGE_POINTS = 3.0
MAX_USAGE_POINTS = 9.0


@dataclass(frozen=True)
class Usage:
    food_id: int
    days: int  # days it was logged on, in the last USAGE_DAYS
    last: date
    score: float  # recency-weighted count: each day it was logged halves in weight every HALF_LIFE_DAYS


def food_usage(session: Session, user_id: int) -> list[Usage]:
    """The foods the user logged in the last USAGE_DAYS days, most used first (recent and frequent)."""
    now = today()
    usage = []
    for food_id, days, last in repository.food_usage(session, user_id, now - timedelta(days=USAGE_DAYS)):
        # The spread of the days is unknown from the counts alone: weigh them as if evenly up to the last.
        recency = 0.5 ** (max(0, (now - last).days) / HALF_LIFE_DAYS)
        usage.append(Usage(food_id, days, last, round(recency * (1.0 + math.log(days)), 4)))
    return sorted(usage, key=lambda item: (-item.score, -item.days, item.food_id))


def search_points(usage: Iterable[Usage]) -> dict[int, float]:
    return {item.food_id: min(MAX_USAGE_POINTS, USAGE_POINTS * (1.0 + item.score)) for item in usage}


def food_rules(session: Session, user_id: int | None) -> labels.Rules | None:
    """The person's allergies, diet and excluded foods, for the conflict badges; None without a profile."""
    return rules_of(profiles.get_profile_facts(session, user_id) if user_id is not None else None)


def rules_of(profile: ProfileFacts | None) -> labels.Rules | None:
    if profile is None:
        return None
    return labels.Rules(
        diet=profile.diet,
        allergies=frozenset(profile.allergies or []),
        excluded_food_ids=frozenset(int(i) for i in profile.excluded_food_ids or []),
    )


def entry_conflicts(
    session: Session, user_id: int, entries: Iterable[LoggedEntry], rules: labels.Rules | None
) -> dict[int, list[dict[str, str]]]:
    """Entry id -> the conflicts of its food with the person's rules (none for quick adds and deleted foods)."""
    rows = list(entries)
    ids = sorted({e.food_id for e in rows if e.food_id is not None})
    if rules is None or not ids:
        return {}
    by_food = labels.conflicts_by_id(foods.label_facts_by_ids(session, user_id, ids), rules)
    return {e.id: by_food.get(e.food_id, []) for e in rows if e.food_id is not None}


def search_foods(
    session: Session,
    user_id: int | None,
    query: str,
    *,
    group: str | None,
    include_recipes: bool,
    source: str | None,
    limit: int,
    offset: int,
) -> tuple[list[Any], int, frozenset[int]]:
    """Food search with the person's own ranking: foods they log recently or often, and their favourites,
    first among the matches. (foods, total, which of them are favourites)"""
    personal = search_points(food_usage(session, user_id)) if user_id is not None else None
    # Read once: they lift the person's starred foods, and the page says which of its foods are starred.
    starred = foods.favourite_ids(session, user_id)
    found, total = foods.search_foods(
        session,
        query,
        user_id=user_id,
        group=group,
        include_recipes=include_recipes,
        source=source,
        limit=limit,
        offset=offset,
        personal=personal,
        favourites=starred,
    )
    return found, total, starred.intersection(food.id for food in found)


def recent_foods(session: Session, user_id: int, limit: int, *, by: str = "recent") -> list[tuple[Any, Usage]]:
    """Foods the user logged in the last USAGE_DAYS: `recent` weighs recency and count, `frequent` the days
    they were logged on."""
    usage = food_usage(session, user_id)
    if by == "frequent":
        usage.sort(key=lambda item: (-item.days, -item.last.toordinal(), item.food_id))
    by_id = {item.food_id: item for item in usage}
    visible = foods.foods_by_ids(session, user_id, [item.food_id for item in usage])[:limit]
    return [(food, by_id[food.id]) for food in visible]
