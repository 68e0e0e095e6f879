"""HTTP endpoints of /api/targets and /api/diary/{day} (a day shown against its targets)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Query

from diet_planner.auth.dependencies import CurrentUser
from diet_planner.core.dependencies import DbSession
from diet_planner.diary.schemas import DiaryDay
from diet_planner.diary.service import check_date
from diet_planner.profiles.schemas import TargetsRead
from diet_planner.targets import service

router = APIRouter(prefix="/api")


@router.get("/targets", response_model=TargetsRead, responses={409: {}}, tags=["profile"])
def get_targets(user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.effective_targets(session, user.id).to_dict()


@router.get("/diary/{day}", response_model=DiaryDay, tags=["diary"])
def diary_day(
    day: date,
    user: CurrentUser,
    session: DbSession,
    today: date | None = Query(
        default=None, description="The person's own date today: from it on a day is in progress (the panel)"
    ),
) -> dict[str, Any]:
    return service.diary_day(
        session, user.id, check_date(day, "day", "path"), None if today is None else check_date(today, "today", "query")
    )
