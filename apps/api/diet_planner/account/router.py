"""HTTP endpoints of /api/users/me."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from diet_planner.account import service
from diet_planner.auth.dependencies import CurrentUser
from diet_planner.auth.schemas import PasswordConfirmation, UserRead
from diet_planner.core.dependencies import AppSettings, ClientAddress, DbSession, SharedStore

router = APIRouter(prefix="/api/users", tags=["users"])


@router.get("/me", response_model=UserRead)
def me(user: CurrentUser) -> object:
    return user


@router.get("/me/export")
def export(user: CurrentUser, session: DbSession) -> dict[str, Any]:
    return service.export(session, user)


@router.delete("/me", status_code=status.HTTP_204_NO_CONTENT, responses={403: {}, 422: {}, 429: {}})
def delete_me(
    body: PasswordConfirmation,
    user: CurrentUser,
    session: DbSession,
    settings: AppSettings,
    store: SharedStore,
    address: ClientAddress,
) -> Response:
    """Delete the account and everything it owns; `{password}` confirms it is really the owner."""
    service.delete_account(session, settings, store, user, body.password, address)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
