"""Group commit: the frequent small writes of many requests (meal logs) share one transaction and one commit.

A commit waits for the disk (SQLite with synchronous=FULL syncs the WAL on every commit: 4-15 ms on the
development machine), and SQLite commits one transaction at a time, so committing each write on its own
capped a machine at a few hundred writes a second however many cores it had (bench_load's ratios). Here one
writer thread per process takes every write waiting when it is free, runs them in one transaction (a write
that fails is undone alone and answers its own error: the others run again, each in a savepoint), commits
once, and only then answers each request: an acknowledged write is on disk exactly as before, and a crash
before the commit acknowledges none of the batch."""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from diet_planner.core.admission import BUSY
from diet_planner.core.errors import ServiceUnavailable

T = TypeVar("T")


@dataclass
class _Job(Generic[T]):
    work: Callable[[Session], T]
    context: contextvars.Context  # the request's (its id in the log lines, the people it changes)
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[T]


def _settle(future: asyncio.Future[Any], value: Any, error: BaseException | None) -> None:
    if future.done():  # the request went away (client disconnected): nobody to answer
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


class GroupCommit:
    """`await run(work)`: `work(session)` runs in the writer thread; its result once the batch it was in is
    committed (`work` may run twice: a failed attempt of its batch is rolled back). More than `max_waiting`
    writes in line: 503 with Retry-After at once."""

    def __init__(
        self, factory: Callable[[], Session], *, max_batch: int = 64, max_waiting: int = 500, retry_after_s: int = 1
    ) -> None:
        self._factory = factory
        self.max_batch = max_batch
        self.max_waiting = max_waiting
        self.retry_after_s = retry_after_s
        self._jobs: deque[_Job[Any]] = deque()
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.batches = 0  # transactions committed (or tried): the tests compare it with the writes
        self.rejected = 0

    async def run(self, work: Callable[[Session], T]) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._ready:
            if len(self._jobs) >= self.max_waiting:
                self.rejected += 1
                raise ServiceUnavailable(BUSY, headers={"Retry-After": str(self.retry_after_s)})
            self._jobs.append(_Job(work, contextvars.copy_context(), loop, future))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="group-commit", daemon=True)
                self._thread.start()
            self._ready.notify()
        return await future

    def close(self) -> None:
        """Commit what is in line, then end the thread (a later write starts another: an app served again)."""
        with self._ready:
            self._closed = True
            self._ready.notify()
            thread = self._thread
        if thread is not None:
            thread.join(timeout=30)
        with self._ready:
            self._closed = False
            self._thread = None

    def _serve(self) -> None:
        while True:
            with self._ready:
                while not self._jobs and not self._closed:
                    self._ready.wait()
                if not self._jobs:
                    return  # closed
                batch = [self._jobs.popleft() for _ in range(min(len(self._jobs), self.max_batch))]
            self._commit(batch)

    def _commit(self, batch: list[_Job[Any]]) -> None:
        failed: dict[int, BaseException] = {}  # index in the batch -> the error that write answers
        values: dict[int, Any] = {}
        # First without savepoints (two statements, on PostgreSQL two round trips, per write less): a write that
        # fails undoes the whole attempt, and the batch runs again without it, each write then in a savepoint.
        isolated = False
        while True:
            values.clear()
            session = self._factory()
            try:
                session.connection()  # the transaction (on SQLite the write gate, BEGIN IMMEDIATE) for the batch
                for index, job in enumerate(batch):
                    if index in failed:
                        continue
                    try:
                        if isolated:
                            with session.begin_nested():
                                values[index] = job.context.run(job.work, session)
                        else:
                            values[index] = job.context.run(job.work, session)
                    except Exception as error:
                        failed[index] = error
                        if not isolated:
                            raise _Again from error
                session.commit()
                break
            except _Again:
                session.rollback()
                isolated = True
            except Exception as error:  # nothing of the batch was committed: every write answers the error
                session.rollback()
                values.clear()
                failed.update((index, error) for index in range(len(batch)) if index not in failed)
                break
            finally:
                session.close()
                self.batches += 1
        for index, job in enumerate(batch):
            # RuntimeError: its event loop has ended (a test client closed), nobody to answer.
            with contextlib.suppress(RuntimeError):
                job.loop.call_soon_threadsafe(_settle, job.future, values.get(index), failed.get(index))


class _Again(Exception):
    """A write of a batch tried without savepoints failed: the batch runs again without it."""
