"""HTTP endpoints of /api/targets and /api/diary/{day} (a day shown against its targets)."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
from fastapi import APIRouter, Query, Request, Response

from diet_planner.auth.dependencies import CurrentUser, DiaryReaderId
from diet_planner.core.cache import DIARY_STAMP_SCOPE_KEY, DiaryStamp, StampedCache, diary_day_key
from diet_planner.core.dependencies import DbSession
from diet_planner.diary.schemas import DiaryDay
from diet_planner.diary.service import check_date
from diet_planner.profiles.schemas import NutrientPanel, TargetsRead
from diet_planner.targets import service

router = APIRouter(prefix="/api")


@router.get("/targets", response_model=TargetsRead, responses={409: {}}, tags=["profile"])
def get_targets(user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.effective_targets(session, user.id).to_dict()


@router.get("/diary/{day}", response_model=DiaryDay, tags=["diary"])
def diary_day(
    day: date,
    user_id: DiaryReaderId,
    session: DbSession,
    request: Request,
    today: date | None = Query(
        default=None, description="The person's own date today: from it on a day is in progress (the panel)"
    ),
) -> Any:
    stamped: DiaryStamp | None = request.scope.get(DIARY_STAMP_SCOPE_KEY)  # read before anything else was
    result = service.diary_day(
        session, user_id, check_date(day, "day", "path"), None if today is None else check_date(today, "today", "query")
    )
    if stamped is None or stamped.user_id != user_id:
        return result
    # Rendered once and kept with the stamp: the middleware's fast lane answers the same request with it until
    # anything of this person's changes (core/freshness.py).
    body = _diary_day_json(result)
    cache: StampedCache = request.app.state.diary_cache
    cache.put(
        diary_day_key(user_id, request.scope["path"], request.scope.get("query_string", b"")), stamped.stamp, body
    )
    return Response(body, media_type="application/json")


def _diary_day_json(day: dict[str, Any]) -> bytes:
    """The page as the framework encodes a DiaryDay (byte for byte: tests/diary/test_diary_api.py), by orjson.
    The entries (each with every nutrient) are most of it, and pydantic's validation and encoding of them took
    0.35 ms of a 50-entry day's 0.5; the targets and the panel, the same size whatever the day, go through
    their models."""
    targets, day_panel = day["targets"], day["panel"]
    return orjson.dumps(
        {
            "date": day["date"],
            "entries": day["entries"],
            "totals": day["totals"],
            "incomplete": day["incomplete"],
            "targets": None
            if targets is None
            else orjson.Fragment(TargetsRead.model_validate(targets).model_dump_json()),
            "remaining": day["remaining"],
            "panel": None
            if day_panel is None
            else orjson.Fragment(NutrientPanel.model_validate(day_panel).model_dump_json()),
        },
        option=orjson.OPT_UTC_Z,
    )
