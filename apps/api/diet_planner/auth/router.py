"""HTTP endpoints of /api/auth."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from diet_planner.auth import service
from diet_planner.auth.dependencies import OptionalClaims
from diet_planner.auth.schemas import RefreshRequest, TokenPair, UserLogin, UserRead, UserRegister
from diet_planner.core.dependencies import AppSettings, ClientAddress, DbSession, SharedStore

router = APIRouter(prefix="/api/auth", tags=["auth"])


@router.post("/register", status_code=status.HTTP_201_CREATED, response_model=UserRead)
def register(body: UserRegister, session: DbSession) -> object:
    return service.register(session, body.email, body.password, body.name)


@router.post("/login", response_model=TokenPair, responses={401: {}, 429: {}})
def login(
    body: UserLogin, session: DbSession, settings: AppSettings, store: SharedStore, address: ClientAddress
) -> object:
    return service.login(session, settings, store, body.email, body.password, address)


@router.post("/refresh", response_model=TokenPair, responses={401: {}})
def refresh(body: RefreshRequest, session: DbSession, settings: AppSettings) -> object:
    return service.refresh(session, settings, body.refresh_token)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(body: RefreshRequest, session: DbSession, store: SharedStore, claims: OptionalClaims) -> Response:
    service.logout(session, store, body.refresh_token, claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
