"""HTTP endpoints of /api/auth."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from diet_planner.auth import service
from diet_planner.auth.dependencies import CurrentClaims, CurrentUser, OptionalClaims
from diet_planner.auth.schemas import PasswordChange, RefreshRequest, TokenPair, UserLogin, UserRead, UserRegister
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


@router.post("/password", status_code=status.HTTP_204_NO_CONTENT, responses={401: {}, 403: {}, 422: {}, 429: {}})
def change_password(
    body: PasswordChange,
    user: CurrentUser,
    claims: CurrentClaims,
    session: DbSession,
    settings: AppSettings,
    store: SharedStore,
    address: ClientAddress,
) -> Response:
    """Change the password (the current one is asked again); every other session is signed out."""
    service.change_password(session, settings, store, user, claims, body.current_password, body.new_password, address)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/logout-all", status_code=status.HTTP_204_NO_CONTENT, responses={401: {}})
def logout_all(user: CurrentUser, claims: CurrentClaims, session: DbSession, store: SharedStore) -> Response:
    """Sign out everywhere: every access and refresh token of the account stops working at once."""
    service.logout_all(session, store, user, claims)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
