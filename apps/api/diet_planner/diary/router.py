"""HTTP endpoints of /api/meal-logs (reads and edits), /api/weights, /api/progress and the diary's CSV exports."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from starlette.concurrency import run_in_threadpool

from diet_planner.auth.dependencies import CurrentUser, OptionalUser
from diet_planner.core.cache import ResponseCache, anonymous_search_key
from diet_planner.core.dependencies import DbSession
from diet_planner.diary import service
from diet_planner.diary.schemas import (
    MealLogCopy,
    MealLogPage,
    MealLogRead,
    MealLogUpdate,
    ProgressRead,
    QuickAddCreate,
    RecentFoodPage,
    WeightCreate,
    WeightPage,
    WeightRead,
)
from diet_planner.foods import labels
from diet_planner.foods import service as foods_service
from diet_planner.foods.schemas import FoodPage, food_summary

router = APIRouter(prefix="/api", tags=["diary"])
foods_router = APIRouter(prefix="/api", tags=["foods"])


# Food search lives here rather than in foods/router.py: a signed-in person's search ranks the foods they
# log first, and those are the diary's (the diary depends on foods, not the reverse).
@foods_router.get("/foods", response_model=FoodPage)
async def search_foods(
    request: Request,
    session: DbSession,
    user: OptionalUser,
    q: str = Query("", max_length=5000, description="Words of the food's name; typos and plurals are tolerated"),
    group: str | None = Query(None, max_length=120, description="USDA food group code (e.g. 09) or name"),
    include_recipes: bool = Query(False, description="Also return recipes"),
    source: Literal["usda_sr", "usda_fdc", "custom", "recipe"] | None = Query(
        None, description="Only this source: `custom` lists your own foods, `recipe` the recipes"
    ),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0, le=100_000),
) -> Any:
    """Best match first. Signed in, the foods you log recently or often and your favourites come first
    among the matches, and each result says whether it is a favourite."""
    # Search fires on every keystroke: an anonymous answer (the shared catalogue only, which changes only on
    # import) is kept for SEARCH_CACHE_SECONDS; a signed-in person's answer is their own and never cached.
    cache: ResponseCache = request.app.state.search_cache
    key = ("foods", q, group, include_recipes, source, limit, offset) if user is None else None
    if key is not None and (cached := cache.get(key)) is not None:
        return Response(cached, media_type="application/json")
    page = await run_in_threadpool(
        _search_page, session, user.id if user else None, q, group, include_recipes, source, limit, offset
    )
    if key is None:
        return page
    body = FoodPage.model_validate(page).model_dump_json().encode()
    cache.put(key, body)
    if request.headers.get("authorization") is None:
        # The same page for the middleware's fast lane, keyed by the raw query string: the next identical
        # anonymous search is answered before routing, dependencies and the database session.
        cache.put(anonymous_search_key(request.scope.get("query_string", b"")), body)
    return Response(body, media_type="application/json")


def _search_page(
    session: DbSession,
    user_id: int | None,
    q: str,
    group: str | None,
    include_recipes: bool,
    source: str | None,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    found, total, favourites = service.search_foods(
        session, user_id, q, group=group, include_recipes=include_recipes, source=source, limit=limit, offset=offset
    )
    conflicts = labels.conflicts_by_id(found, service.food_rules(session, user_id))
    return {"items": [food_summary(food, favourites, conflicts) for food in found], "total": total}


@foods_router.get("/foods/recent", response_model=RecentFoodPage)
def recent_foods(user: CurrentUser, session: DbSession, limit: int = Query(20, ge=1, le=100)) -> Any:
    """The foods you logged recently and often (the last 180 days), most used first."""
    return _usage_page(session, user.id, limit, "recent")


@foods_router.get("/foods/frequent", response_model=RecentFoodPage)
def frequent_foods(user: CurrentUser, session: DbSession, limit: int = Query(20, ge=1, le=100)) -> Any:
    """The foods you logged on the most days (the last 180), most days first."""
    return _usage_page(session, user.id, limit, "frequent")


@foods_router.get("/foods/favourites", response_model=FoodPage)
def favourite_foods(user: CurrentUser, session: DbSession, limit: int = Query(50, ge=1, le=200)) -> Any:
    """The foods you starred (PUT /api/foods/{id}/favourite), by name."""
    found = foods_service.favourite_foods(session, user.id, limit)
    conflicts = labels.conflicts_by_id(found, service.food_rules(session, user.id))
    starred = frozenset(food.id for food in found)
    return {"items": [food_summary(food, starred, conflicts) for food in found], "total": len(found)}


def _usage_page(session: DbSession, user_id: int, limit: int, by: str) -> dict[str, Any]:
    found = service.recent_foods(session, user_id, limit, by=by)
    favourites = foods_service.favourite_ids(session, user_id, [food.id for food, _ in found])
    conflicts = labels.conflicts_by_id([food for food, _ in found], service.food_rules(session, user_id))
    return {
        "items": [
            {**food_summary(food, favourites, conflicts), "last_logged": usage.last, "days_logged": usage.days}
            for food, usage in found
        ]
    }


# POST /api/meal-logs is in plans/router.py: it also logs planned meals, which the diary cannot look up
# (plans depend on the diary, not the reverse). GET /api/diary/{day} is in targets/router.py: a day
# is shown against its targets.


@router.get("/meal-logs", response_model=MealLogPage)
def list_meal_logs(
    user: CurrentUser,
    session: DbSession,
    day: date | None = Query(None, alias="date", description="Only this day's entries"),
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
) -> dict[str, Any]:
    """Newest day first; within a day in the order logged."""
    rows, total = service.list_logs(session, user.id, day, limit, offset)
    return {"items": [service.log_to_dict(e) for e in rows], "total": total}


@router.post(
    "/meal-logs/quick-add", status_code=status.HTTP_201_CREATED, response_model=MealLogRead, responses={422: {}}
)
def quick_add(body: QuickAddCreate, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    """Log calories (and optional protein, carbs, fat) under a label, without a food; they count in the totals."""
    item = service.QuickAdd(
        label=body.label, energy_kcal=body.energy_kcal, protein_g=body.protein_g, carbs_g=body.carbs_g, fat_g=body.fat_g
    )
    return service.log_to_dict(service.quick_add(session, user.id, day=body.date, slot=body.slot, item=item))


@router.post("/meal-logs/copy", status_code=status.HTTP_201_CREATED, response_model=MealLogPage, responses={422: {}})
def copy_meal_logs(body: MealLogCopy, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    """Copy a whole day, or one meal with `slot`, to another date (and meal, with `to_slot`); answers the copies."""
    copies = service.copy_logs(
        session, user.id, from_date=body.from_date, to_date=body.to_date, slot=body.slot, to_slot=body.to_slot
    )
    return {"items": [service.log_to_dict(e) for e in copies], "total": len(copies)}


@router.post("/meal-logs/{log_id}/restore", response_model=MealLogRead, responses={404: {}})
def restore_meal_log(log_id: int, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    """Undo a deletion (possible for a day after it)."""
    return service.log_to_dict(service.restore_log(session, user.id, log_id))


@router.get("/meal-logs/{log_id}", response_model=MealLogRead, responses={404: {}})
def get_meal_log(log_id: int, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.log_to_dict(service.get_log(session, user.id, log_id))


@router.patch("/meal-logs/{log_id}", response_model=MealLogRead, responses={404: {}})
def update_meal_log(log_id: int, body: MealLogUpdate, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    """Change `date`, `slot`, and `grams` or `quantity`/`unit`; nutrients are rescaled from the logged values."""
    amount = service.Amount(grams=body.grams, quantity=body.quantity, unit=body.unit)
    entry = service.update_log(session, user.id, log_id, day=body.date, slot=body.slot, amount=amount)
    return service.log_to_dict(entry)


@router.delete("/meal-logs/{log_id}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {}})
def delete_meal_log(log_id: int, user: CurrentUser, session: DbSession) -> Response:
    service.delete_log(session, user.id, log_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/weights", status_code=status.HTTP_201_CREATED, response_model=WeightRead)
def put_weight(body: WeightCreate, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    """One weigh-in per date: posting the same date again replaces it."""
    return service.put_weight(session, user.id, body.date, body.weight_kg)


@router.get("/weights", response_model=WeightPage)
def list_weights(
    user: CurrentUser,
    session: DbSession,
    limit: int = Query(20, ge=1, le=100),
    offset: int = Query(0, ge=0),
    order: str = Query("desc", pattern="^(asc|desc)$", description="desc: newest first (default); asc: oldest first"),
) -> dict[str, Any]:
    items, total = service.list_weights(session, user.id, limit, offset, newest_first=order == "desc")
    return {"items": items, "total": total}


@router.delete("/weights/{day}", status_code=status.HTTP_204_NO_CONTENT, responses={404: {}})
def delete_weight(day: date, user: CurrentUser, session: DbSession) -> Response:
    service.delete_weight(session, user.id, day)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/progress", response_model=ProgressRead)
def get_progress(user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.progress_report(session, user.id)


CSV_RESPONSE: dict[int | str, dict[str, Any]] = {200: {"content": {"text/csv": {}}}}


@router.get("/users/me/export/meal-logs.csv", response_class=Response, responses=CSV_RESPONSE)
def export_meal_logs(user: CurrentUser, session: DbSession) -> Response:
    return _csv(service.meal_logs_csv(session, user.id), "meal-logs.csv")


@router.get("/users/me/export/weights.csv", response_class=Response, responses=CSV_RESPONSE)
def export_weights(user: CurrentUser, session: DbSession) -> Response:
    return _csv(service.weights_csv(session, user.id), "weights.csv")


def _csv(text: str, filename: str) -> Response:
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
