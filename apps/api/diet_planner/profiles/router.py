"""HTTP endpoints of /api/profile (GET /api/targets is in targets/router.py)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from diet_planner.auth.dependencies import CurrentUser
from diet_planner.core.dependencies import DbSession
from diet_planner.profiles import service
from diet_planner.profiles.schemas import ProfileRead, ProfileUpdate

router = APIRouter(prefix="/api", tags=["profile"])


@router.get("/profile", response_model=ProfileRead, responses={404: {}})
def get_profile(user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.as_dict(service.read_profile(session, user.id))


@router.put("/profile", response_model=ProfileRead, responses={422: {}})
def put_profile(body: ProfileUpdate, user: CurrentUser, session: DbSession) -> dict[str, Any]:
    profile = service.put_profile(session, user.id, service.ProfileInput(**body.model_dump()))
    return service.as_dict(profile)
