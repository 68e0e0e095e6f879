"""Request admission: a request waits in line on the event loop for one of the pool's connections, or gets a 503."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

from diet_planner.core.errors import ServiceUnavailable

BUSY = "The server is busy; try again shortly"


class Admission:
    """At most `capacity` requests hold a database session at once; the others wait here, first come first
    served, without a worker thread or a connection.

    Waiting anywhere else is what starved the pool: FastAPI runs sync dependencies in a thread pool of 40, so
    requests that waited for a pooled connection (or, on SQLite, for the write lock inside BEGIN IMMEDIATE)
    did so while holding a thread, and the request that held the lock needed a thread to finish and let it
    go. With `capacity` no larger than the pool and well under the thread pool, an admitted request always
    finds a connection and a thread. A request that would wait longer than `timeout_s`, or finds more than
    `max_waiting` in line, gets a 503 with Retry-After instead of a long hang."""

    def __init__(self, capacity: int, *, timeout_s: float, max_waiting: int) -> None:
        self.capacity = max(1, capacity)
        self.timeout_s = timeout_s
        self.max_waiting = max_waiting
        self.active = 0
        # Futures of the waiting requests, oldest first; each belongs to the loop of the request that made it
        # (the tests' clients run an app on several loops in turn).
        self._waiting: deque[asyncio.Future[None]] = deque()
        self.rejected = 0

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def retry_after(self) -> int:
        return max(1, min(30, int(self.timeout_s)))

    def _busy(self) -> ServiceUnavailable:
        self.rejected += 1
        return ServiceUnavailable(BUSY, headers={"Retry-After": str(self.retry_after())})

    async def acquire(self, *, first: bool = False) -> None:
        """`first`: a request coming back after slow work (it holds a worker thread) goes to the head of the line."""
        if self.active < self.capacity and not self._waiting:
            self.active += 1
            return
        if len(self._waiting) >= self.max_waiting:
            raise self._busy()
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        if first:
            self._waiting.appendleft(future)
        else:
            self._waiting.append(future)
        try:
            await asyncio.wait_for(asyncio.shield(future), timeout=self.timeout_s)
        except TimeoutError:
            if future.done() and not future.cancelled():
                return  # admitted in the same instant the wait ran out: keep the slot
            future.cancel()
            raise self._busy() from None
        except BaseException:
            if future.done() and not future.cancelled():
                self.release()  # admitted, then cancelled (client gone): pass the slot on
            else:
                future.cancel()
            raise
        finally:
            if not future.done():
                future.cancel()
            if future.cancelled():
                _remove(self._waiting, future)

    def release(self) -> None:
        # Hand the slot straight to the oldest waiter still waiting (its count stays with it).
        while self._waiting:
            future = self._waiting.popleft()
            if not future.done():
                loop = future.get_loop()
                if loop.is_closed():
                    continue
                if loop is _running_loop():
                    future.set_result(None)
                else:
                    loop.call_soon_threadsafe(_admit, future, self)
                return
        self.active -= 1

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        await self.acquire()
        try:
            yield
        finally:
            self.release()


def _admit(future: asyncio.Future[None], admission: Admission) -> None:
    if future.done():  # gave up meanwhile: the slot goes to the next one
        admission.release()
    else:
        future.set_result(None)


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _remove(queue: deque[asyncio.Future[None]], item: asyncio.Future[None]) -> None:
    with suppress(ValueError):
        queue.remove(item)
