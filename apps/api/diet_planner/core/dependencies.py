"""Request-scoped dependencies shared by every router: the session, settings and the shared store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from diet_planner.core.config import Settings
from diet_planner.core.db import ADMITTED, WRITER, Database
from diet_planner.core.errors import AppError
from diet_planner.core.group_commit import GroupCommit
from diet_planner.core.kv import KeyValueStore


async def _session(request: Request) -> AsyncIterator[Session]:
    # The request's one unit of work: commit before the response is sent (scope="function"),
    # so an acknowledged write is durable; roll back on any error.
    # Async so that waiting in line for a connection happens on the event loop, not in a worker thread
    # (core/admission.py says why that matters); the commit, which may wait on the disk, runs in a thread.
    db: Database = request.app.state.db
    write = request.method not in ("GET", "HEAD", "OPTIONS")
    writers = db.write_admission if write else None
    if writers is not None:
        await writers.acquire()
    try:
        await db.admission.acquire()
    except BaseException:
        if writers is not None:
            writers.release()
        raise
    session = db.session(write=write)
    loop = asyncio.get_running_loop()
    session.info[ADMITTED] = (db.admission, loop, True)
    if writers is not None:
        session.info[WRITER] = (writers, True)
    try:
        yield session
    except AppError as error:
        await run_in_threadpool(_finish, session, error.keep_changes)
        raise
    except BaseException:
        await run_in_threadpool(_finish, session, False)
        raise
    else:
        if session.in_transaction():
            await run_in_threadpool(_finish, session, True)
        else:
            session.close()  # never touched the database (a cached answer): nothing to wait for
    finally:
        # end_read_phase may have given the place back (and a later statement taken it again).
        if session.info.get(ADMITTED, (None, None, True))[2]:
            db.admission.release()
        if writers is not None and session.info.get(WRITER, (None, True))[1]:
            writers.release()


def group_commit(request: Request) -> GroupCommit:
    """The writer thread that commits many requests' small writes together (core/group_commit.py)."""
    db: Database = request.app.state.db
    return db.group_commit


def _finish(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# The small dependencies below are async on purpose: FastAPI runs a sync dependency in the thread pool, and two
# such hops were a sixth of a cached food search's cost under load (bench/bench_load.py's profile).
async def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def _store(request: Request) -> KeyValueStore:
    store: KeyValueStore = request.app.state.kv
    return store


async def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


DbSession = Annotated[Session, Depends(_session, scope="function")]
AppSettings = Annotated[Settings, Depends(_settings)]
SharedStore = Annotated[KeyValueStore, Depends(_store)]
ClientAddress = Annotated[str, Depends(client_address)]
