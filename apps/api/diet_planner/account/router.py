"""HTTP endpoints of /api/users/me."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from diet_planner.account import service
from diet_planner.auth.dependencies import CurrentUser
from diet_planner.auth.schemas import UserRead
from diet_planner.core.dependencies import DbSession

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> object:
    return user


@router.get("/me/export")
def export(user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.export(session, user)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(user: CurrentUser, session: DbSession) -> Response:
    service.delete_account(session, user)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
