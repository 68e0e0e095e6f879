"""Request-scoped dependencies shared by every router: the session, settings and the shared store."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.errors import AppError
from diet_planner.core.kv import KeyValueStore


def _session(request: Request) -> Iterator[Session]:
    # The request's one unit of work: commit before the response is sent (scope="function"),
    # so an acknowledged write is durable; roll back on any error.
    session: Session = request.app.state.db.session(write=request.method not in ("GET", "HEAD", "OPTIONS"))
    try:
        yield session
        session.commit()
    except AppError as error:
        if error.keep_changes:
            session.commit()
        else:
            session.rollback()
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _store(request: Request) -> KeyValueStore:
    store: KeyValueStore = request.app.state.kv
    return store


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


DbSession = Annotated[Session, Depends(_session, scope="function")]
AppSettings = Annotated[Settings, Depends(_settings)]
SharedStore = Annotated[KeyValueStore, Depends(_store)]
ClientAddress = Annotated[str, Depends(client_address)]
