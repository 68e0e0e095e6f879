"""HTTP endpoints of /api/plans, and POST /api/meal-logs (a meal log may be a planned meal eaten)."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import ValidationError
from starlette.types import Scope

from diet_planner.auth import service as auth_service
from diet_planner.auth.dependencies import CurrentUser, CurrentUserId
from diet_planner.core import freshness
from diet_planner.core.admission import BUSY
from diet_planner.core.config import Settings
from diet_planner.core.dependencies import AppSettings, DbSession, group_commit
from diet_planner.core.errors import BadRequest, ServiceUnavailable
from diet_planner.core.machine_writer import MachineWriterClient, WriterDown, WriterLost
from diet_planner.core.security import AccessClaims, decode_access_token
from diet_planner.diary import service as diary
from diet_planner.diary.schemas import MealLogCreate, MealLogPage
from diet_planner.foods import service as foods
from diet_planner.plans import meal_log_writer, service
from diet_planner.plans.presenters import plan_summary
from diet_planner.plans.schemas import (
    AlternativePage,
    GroceryList,
    ItemUpdate,
    MealSwap,
    Pantry,
    PlanCreate,
    PlanPage,
    PlanRead,
)

router = APIRouter(prefix="/api/plans", tags=["plans"])
T = TypeVar("T")

INFEASIBLE: dict[int | str, dict[str, Any]] = {
    422: {"description": "Invalid input, or no plan can satisfy the profile's rules (`conflicts` names them)"}
}


@router.post("", status_code=status.HTTP_201_CREATED, response_model=PlanRead, responses={409: {}, **INFEASIBLE})
def create_plan(
    body: PlanCreate, user: CurrentUser, session: DbSession, settings: AppSettings, request: Request
) -> Any:
    metrics = request.app.state.metrics

    def observe(seconds: float) -> None:
        metrics.plan_seconds.observe(seconds)
        metrics.plans_generated.labels("ok").inc()

    # Read from the request rather than declared as a parameter, so the generated web client stays as it is.
    key = request.headers.get("Idempotency-Key")
    if key is not None and not 1 <= len(key.strip()) <= 200:
        raise BadRequest("Idempotency-Key must be 1 to 200 characters")
    plan = service.create_plan(
        session,
        user.id,
        days=body.days,
        start_date=body.start_date,
        meals_per_day=body.meals_per_day,
        seed=body.seed,
        time_limit_s=settings.plan_time_limit_seconds,
        on_generated=observe,
        idempotency_key=key.strip() if key is not None else None,
        recipe_mix=body.recipe_mix or "any",
    )
    return service.plan_view(session, plan)


@router.get("", response_model=PlanPage)
def list_plans(
    user: CurrentUser,
    session: DbSession,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> Any:
    rows, total = service.list_plans(session, user.id, limit, offset)
    return {"items": [plan_summary(plan) for plan in rows], "total": total}


@router.get("/{plan_id}", response_model=PlanRead)
def get_plan(plan_id: int, user: CurrentUser, session: DbSession) -> Any:
    return service.plan_view(session, service.get_plan(session, user.id, plan_id))


@router.delete("/{plan_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_plan(plan_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.delete_plan(session, user.id, plan_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{plan_id}/days/{day}/regenerate", response_model=PlanRead, responses=INFEASIBLE)
def regenerate_day(plan_id: int, day: date, user: CurrentUser, session: DbSession, settings: AppSettings) -> Any:
    plan = service.regenerate_day(session, user.id, plan_id, day, settings.plan_time_limit_seconds)
    return service.plan_view(session, plan)


@router.post("/{plan_id}/meals/{meal_id}/regenerate", response_model=PlanRead, responses=INFEASIBLE)
def regenerate_meal(plan_id: int, meal_id: int, user: CurrentUser, session: DbSession, settings: AppSettings) -> Any:
    plan = service.regenerate_meal(session, user.id, plan_id, meal_id, settings.plan_time_limit_seconds)
    return service.plan_view(session, plan)


@router.get("/{plan_id}/meals/{meal_id}/alternatives", response_model=AlternativePage, responses={404: {}})
def meal_alternatives(
    plan_id: int,
    meal_id: int,
    user: CurrentUser,
    session: DbSession,
    settings: AppSettings,
    limit: int = Query(10, ge=1, le=50),
) -> Any:
    """Recipes this meal may swap to (the person's diet, allergies and exclusions kept; none already in the
    day), ranked by how well the day then meets its targets."""
    return service.meal_alternatives(session, user.id, plan_id, meal_id, limit, settings.plan_time_limit_seconds)


@router.post(
    "/{plan_id}/meals/{meal_id}/swap",
    response_model=PlanRead,
    responses={404: {}, 409: {"description": "Every item of the meal is locked"}, **INFEASIBLE},
)
def swap_meal(
    plan_id: int, meal_id: int, body: MealSwap, user: CurrentUser, session: DbSession, settings: AppSettings
) -> Any:
    """Swap the meal to one of its alternatives; the unlocked rest of the day re-balances around it."""
    plan = service.swap_meal(session, user.id, plan_id, meal_id, body.source_id, settings.plan_time_limit_seconds)
    return service.plan_view(session, plan)


@router.patch("/{plan_id}/items/{item_id}", response_model=PlanRead, responses=INFEASIBLE)
def update_item(
    plan_id: int, item_id: int, body: ItemUpdate, user: CurrentUser, session: DbSession, settings: AppSettings
) -> Any:
    plan = service.update_item(
        session,
        user.id,
        plan_id,
        item_id,
        locked=body.locked,
        quantity=body.quantity,
        time_limit_s=settings.plan_time_limit_seconds,
    )
    return service.plan_view(session, plan)


@router.get("/{plan_id}/grocery-list", response_model=GroceryList)
def grocery_list(
    plan_id: int,
    user: CurrentUser,
    session: DbSession,
    exclude_locked: bool = Query(False, description="Leave out locked items (already bought or in the pantry)"),
    exclude_have: bool = Query(False, description="Leave out foods ticked as at home (the pantry)"),
) -> Any:
    return service.grocery_list(session, user.id, plan_id, exclude_locked, exclude_have)


pantry = APIRouter(prefix="/api/pantry", tags=["plans"])


@pantry.get("", response_model=Pantry)
def get_pantry(user: CurrentUser, session: DbSession) -> Any:
    """The foods ticked as at home: grocery lists mark them `have`."""
    return {"food_ids": service.pantry(session, user.id)}


@pantry.put("/{food_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"description": "No such food"}})
def add_to_pantry(food_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.set_pantry(session, user.id, food_id, have=True)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@pantry.delete("/{food_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {"description": "No such food"}})
def remove_from_pantry(food_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.set_pantry(session, user.id, food_id, have=False)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


meal_logs = APIRouter(prefix="/api", tags=["diary"])


@meal_logs.post(
    "/meal-logs",
    status_code=status.HTTP_201_CREATED,
    response_model=MealLogPage,
    responses={404: {"description": "The food or planned meal does not exist or is not yours"}},
)
async def create_meal_log(request: Request, body: MealLogCreate, user_id: CurrentUserId) -> Any:
    """Always answers `{items, total}`: one entry for a food, one per item for `plan_meal_id`."""
    # The most frequent write: async, its work done by the writer thread together with the other writes waiting
    # (core/group_commit.py: one transaction and one disk sync for all of them), answered once committed.
    # Most requests never get here: meal_log_fast_lane answers them before the framework.
    return await group_commit(request).run(_log_meal(body, user_id, _page))


def _log_meal(
    body: MealLogCreate,
    user_id: int,
    answer: Callable[[Sequence[diary.LoggedEntry]], T],
    loaded: Callable[[Any], None] | None = None,
) -> Callable[[DbSession], T]:
    """The write, for the writer thread; `answer(entries)` made there too (the entries are its session's)."""
    amount = _amount(body)

    def log(session: DbSession) -> T:
        entries = service.log_meal(
            session,
            user_id,
            plan_meal_id=body.plan_meal_id,
            day=body.date,
            slot=body.slot,
            food_id=body.food_id,
            amount=amount,
            loaded=loaded,
        )
        return answer(entries)

    return log


def _amount(body: MealLogCreate) -> diary.Amount:
    return diary.Amount(grams=body.grams, quantity=body.quantity, unit=body.unit)


def _page(entries: Any) -> dict[str, Any]:
    return {"items": [diary.log_to_dict(e) for e in entries], "total": len(entries)}


@dataclass
class _WriteSession:
    """The sign-in session of a write answered by the fast lane, checked live before the write is committed and
    kept known live across it."""

    claims: AccessClaims
    live_until: datetime
    data_stamp: int | None = None  # the data stamp the food was kept at, when the row was made on the event loop
    stamp: freshness.Stamp | None = None  # the person's stamp the session was found live at


class _NotChecked(Exception):
    """The writer could not find the session live at the person's stamp (or the food kept at the data stamp):
    the framework answers the request in full (the database's check of the session, its 401)."""


def meal_log_fast_lane(state: Any) -> Callable[[Scope, bytes], Awaitable[bytes | None]]:
    """POST /api/meal-logs for the operations middleware's fast lane (its happy path, the same answer as
    create_meal_log's): routing, dependency solving and the framework's middleware were over half of a
    write's CPU (bench_load's profile). None hands the request to the framework, which then answers it
    in full: a body it would reject, a token whose session this worker has not seen live at the person's
    current stamp (the database's check, and its 401s), an error of the write (its 404, a 503)."""

    def check_sessions(writes: list[_WriteSession]) -> list[BaseException | None]:
        """In the writer, once for the writes committed together: the shared store's one read for all of them.
        Read on the event loop, once per request, it cost a third of a write's CPU there (bench_load's profile:
        SQLite's read gives up the interpreter lock to the writer thread, and the loop waited to get it back)."""
        tokens = [(write.claims.user_id, write.claims.jti, write.claims.family) for write in writes]
        errors: list[BaseException | None] = []
        for write, found in zip(writes, freshness.sessions_at_stamps(state.kv, tokens), strict=True):
            write.stamp = freshness.write_may_commit(found, write.data_stamp)
            errors.append(_NotChecked() if write.stamp is None else None)
        return errors

    def replace_stamps(writes: list[_WriteSession]) -> None:
        """Once for the writes committed together: each person's stamp, keeping their session known live."""
        kept_live = [
            (write.claims.user_id, write.claims.family, write.stamp, write.live_until)
            for write in writes
            if write.stamp is not None
        ]
        people = {write.claims.user_id for write in writes}
        freshness.replace_stamps(state.kv, people, kept_live, state.diary_cache.clear)

    async def answer_write(scope: Scope, raw: bytes) -> bytes | None:
        settings: Settings = state.settings
        authorization = dict(scope["headers"]).get(b"authorization", b"")
        scheme, _, token = authorization.decode("latin-1").partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        try:
            body = MealLogCreate.model_validate_json(raw)
        except ValidationError:
            return None
        claims = decode_access_token(token.strip(), settings.secret_key)
        if claims is None:
            return None
        # The writer replaces the person's stamp, once for the writes committed together, keeping this session
        # known live: the middleware need not.
        session = _WriteSession(claims, auth_service.session_live_until(settings, claims))
        stamps = (replace_stamps, session)
        shared_foods: foods.SharedFoods = state.shared_foods
        amount = _amount(body)
        # A shared food this worker keeps: the row is made here and inserted with the other rows waiting, in one
        # statement, once the writer has found the session live and the food kept at the current data stamp.
        kept = shared_foods.latest(body.food_id) if body.food_id is not None and body.plan_meal_id is None else None
        writer = state.db.group_commit
        try:
            if kept is not None and not diary.needs_database(kept[0], amount):
                assert body.date is not None and body.slot is not None  # MealLogCreate's food form
                food, session.data_stamp = kept
                row = diary.food_log_row(None, claims.user_id, day=body.date, slot=body.slot, food=food, amount=amount)
                machine: MachineWriterClient | None = state.machine_writer
                saved = None
                if machine is not None and not machine.down:
                    saved = await _by_machine_writer(machine, state, row, session)
                if saved is None:
                    saved = await writer.run_many(
                        diary.SAVE_FOOD_LOGS, row, after_commit=stamps, verify=(check_sessions, session)
                    )
                answer = diary.logs_page_json([saved])
            else:
                # Otherwise the session is checked here, and the writer loads the food (and keeps a shared one).
                known = auth_service.known_live_claims(settings, state.kv, token.strip())
                if known is None:
                    return None
                session.stamp = known[1]
                remember = functools.partial(shared_foods.remember, data_stamp=known[1][1])
                log = _log_meal(body, claims.user_id, diary.logs_page_json, loaded=remember)
                answer = await writer.run(log, after_commit=stamps)
        except _OutcomeUnknown:
            raise  # its 503 (the middleware), never written again
        except Exception:
            # A refusal (422), a session the writer could not find live, or nothing of it was committed (its batch
            # was rolled back): the framework runs it again and answers as for any request (its 401, its 404; a
            # 503 with Retry-After for a database locked or down), never a bare 500.
            return None
        changed = freshness.changed_users.get()
        if changed is not None:
            changed.discard(claims.user_id)
        return answer

    return answer_write


class _OutcomeUnknown(ServiceUnavailable):
    """The machine writer went away with the write, or its commit failed: answered 503 with Retry-After, and not
    written again by the worker (it may be committed)."""

    def __init__(self) -> None:
        super().__init__(BUSY, headers={"Retry-After": "1"})


class _Refused(Exception):
    """The machine writer did not write it (its session not found live, its batch failed): the framework answers."""


async def _by_machine_writer(
    machine: MachineWriterClient, state: Any, row: dict[str, Any], session: _WriteSession
) -> Any:
    """The row written by the machine writer (several workers), or None when it cannot be reached (the
    worker's own writer then writes it). _Refused: not written; _OutcomeUnknown: it may be."""
    assert session.data_stamp is not None
    values = diary.SAVE_FOOD_LOGS.prepare(state.db.direct_writer, row)
    try:
        answer = await machine.send(
            meal_log_writer.message(values, session.claims, session.data_stamp, session.live_until)
        )
    except WriterDown:
        return None
    except WriterLost as lost:
        raise _OutcomeUnknown from lost
    if answer is None:
        raise _Refused
    if answer is meal_log_writer.FAILED:
        raise _OutcomeUnknown
    new_id, forget = answer
    if forget:  # the writer could not replace the stamps: what this worker keeps may be stale
        state.diary_cache.clear()
    return diary.new_log(new_id, row)
