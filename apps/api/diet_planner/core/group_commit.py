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
import itertools
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from diet_planner.core.admission import BUSY
from diet_planner.core.errors import ServiceUnavailable
from diet_planner.core.logging import get_logger

log = get_logger("group_commit")

T = TypeVar("T")
A = TypeVar("A")
# What must follow a write's commit and precede its answer, done once for the writes committed together:
# (hook, note); each hook is called once per batch with the notes of its writes (the people's state stamps).
AfterCommit = tuple[Callable[[list[Any]], None], Any]
# What must hold for a write to be committed, checked by the writer once for the writes of a batch: (hook, note);
# each hook is called with the notes of its writes and says, per note, None (go on) or the error that write
# answers instead (the people's sign-in sessions, read from the shared store in one round trip per batch
# rather than once per request on the event loop).
Verify = tuple[Callable[[list[Any]], list[BaseException | None]], Any]


@dataclass(frozen=True)
class BatchWrite(Generic[A, T]):
    """Work done once for the items of every request waiting with it (a multi-row INSERT instead of one statement
    per request: that statement was a sixth of a meal-log write's CPU), one result per item out, in order:
    `in_session(session, items)`, or, when the writer has a DBAPI connection of its own (DirectWrites, core/db.py's
    DirectWriter), `direct(writer, items, prepared)` without a session (a quarter of a write's CPU went to a
    session and its events, per batch), each item's values made by `prepare(writer, item)` before the writer
    takes the write lock, so that the lock is held for the statement and the commit alone."""

    in_session: Callable[[Session, list[A]], list[T]]
    prepare: Callable[[Any, A], Any]
    direct: Callable[[Any, list[A], list[Any]], list[T]]


class DirectWrites(Protocol):
    """A transaction on the writer thread's own connection (core/db.py DirectWriter)."""

    def begin(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...


@dataclass
class _Job(Generic[T]):
    work: Callable[[Session], T] | None
    context: contextvars.Context  # the request's (its id in the log lines, the people it changes)
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[T]
    many: BatchWrite[Any, T] | None = None
    item: Any = None
    after_commit: AfterCommit | None = None
    prepared: Any = None  # BatchWrite.prepare's values of the item, made by the writer thread
    verify: Verify | None = None
    checked: bool = False  # verify was called (before the write gate, or once the batch was taken)
    refusal: BaseException | None = None  # what verify said instead of going ahead

    def run_alone(self, session: Session) -> T:
        if self.many is not None:
            return self.many.in_session(session, [self.item])[0]
        assert self.work is not None
        return self.context.run(self.work, session)


def _settle_all(answers: list[tuple[asyncio.Future[Any], Any, BaseException | None]]) -> None:
    for future, value, error in answers:
        if future.done():  # the request went away (client disconnected): nobody to answer
            continue
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(value)


class GroupCommit:
    """`await run(work)`: `work(session)` runs in the writer thread; its result once the batch it was in is
    committed (`work` may run twice: a failed attempt of its batch is rolled back). More than `max_waiting`
    writes in line: 503 with Retry-After at once."""

    def __init__(
        self,
        factory: Callable[[], Session],
        *,
        direct: DirectWrites | None = None,
        max_batch: int = 64,
        max_waiting: int = 500,
        retry_after_s: int = 1,
    ) -> None:
        self._factory = factory
        self._direct = direct
        self.max_batch = max_batch
        self.max_waiting = max_waiting
        self.retry_after_s = retry_after_s
        self._jobs: deque[_Job[Any]] = deque()
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.batches = 0  # transactions committed (or tried): the tests compare it with the writes
        self.rejected = 0

    async def run(self, work: Callable[[Session], T], after_commit: AfterCommit | None = None) -> T:
        return await self._submit(work, None, None, after_commit)

    async def run_many(
        self, many: BatchWrite[A, T], item: A, after_commit: AfterCommit | None = None, verify: Verify | None = None
    ) -> T:
        """`many` once for the items of every request waiting with it, outside the requests' contexts; for a
        batch run again after a failure, once per item. `verify`: checked in the writer before the commit."""
        return await self._submit(None, many, item, after_commit, verify)

    async def _submit(
        self,
        work: Callable[[Session], T] | None,
        many: BatchWrite[Any, T] | None,
        item: Any,
        after_commit: AfterCommit | None,
        verify: Verify | None = None,
    ) -> T:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        with self._ready:
            if len(self._jobs) >= self.max_waiting:
                self.rejected += 1
                raise ServiceUnavailable(BUSY, headers={"Retry-After": str(self.retry_after_s)})
            context = contextvars.copy_context() if work is not None else _NO_CONTEXT
            self._jobs.append(_Job(work, context, loop, future, many, item, after_commit, verify=verify))
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
        if self._direct is not None:
            self._direct.close()
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
                head = self._jobs[0].many
            if head is not None and self._direct is not None:
                self._serve_direct(head, self._direct)
                continue
            # The transaction before the batch: on SQLite the write gate, which another worker's batch may hold for
            # a few ms, and the writes that arrive meanwhile join this batch, not the next (batches of 4-10
            # writes under wrk -c32 and two workers, each waiting ~3 ms for the gate: bench_load).
            session, failure = self._begin()
            with self._ready:
                batch = [self._jobs.popleft() for _ in range(min(len(self._jobs), self.max_batch))]
            accepted, refused = self._verified(batch)
            self._commit(accepted, session, failure)
            self._refuse(refused)

    def _serve_direct(self, many: BatchWrite[Any, Any], direct: DirectWrites) -> None:
        """The jobs in line with `many` at their head, in one transaction on the writer's own connection. A failure
        of the batch's writes: the batch again in a session, each write in a savepoint (_commit)."""
        with self._ready:  # only this thread takes jobs out of the line: these stay at its head
            waiting = list(itertools.islice(self._jobs, self.max_batch))
        with contextlib.suppress(Exception):  # a job that cannot be prepared fails its batch's direct attempt below
            self._prepare(many, direct, waiting)
        # Checked before the write gate too: every call that gives up the interpreter lock (a read of the shared
        # store) while the gate is held makes the other workers' writers wait as long as this one waits for it.
        self._check(waiting)
        failure: BaseException | None = None
        try:
            direct.begin()  # as in _serve: the writes arriving while it waits for the write gate join the batch
        except Exception as error:
            failure = error
        with self._ready:
            batch: list[_Job[Any]] = []
            while self._jobs and len(batch) < self.max_batch and self._jobs[0].many is many:
                batch.append(self._jobs.popleft())
        if failure is not None:
            self._answer(batch, {}, dict.fromkeys(range(len(batch)), failure))
            return
        batch, refused = self._verified(batch)  # checks only the writes that joined while it waited (the rest: above)
        try:
            self._write_direct(many, direct, batch)
        finally:
            self._refuse(refused)

    def _write_direct(self, many: BatchWrite[Any, Any], direct: DirectWrites, batch: list[_Job[Any]]) -> None:
        """`batch` in the transaction `direct` has begun, committed and answered (or rolled back when empty)."""
        if not batch:
            direct.rollback()
            return
        try:
            self._prepare(many, direct, batch)  # the writes that joined while the writer waited for the gate
            results = many.direct(direct, [job.item for job in batch], [job.prepared for job in batch])
            values = dict(zip(range(len(batch)), results, strict=True))
        except Exception:
            direct.rollback()
            self.batches += 1
            session, failure = self._begin()
            self._commit(batch, session, failure, isolated=True)
            return
        try:
            direct.commit()
        except Exception as error:  # nothing of the batch is acknowledged: every write answers the error
            self._answer(batch, {}, dict.fromkeys(range(len(batch)), error))
            return
        finally:
            self.batches += 1
        self._answer(batch, values, {})

    @staticmethod
    def _check(jobs: list[_Job[Any]]) -> None:
        """`verify` of the jobs not checked yet, once per hook for all of them: each job's `refusal` set."""
        notes: dict[Callable[[list[Any]], list[BaseException | None]], list[_Job[Any]]] = {}
        for job in jobs:
            if job.verify is not None and not job.checked:
                notes.setdefault(job.verify[0], []).append(job)
        for hook, checked in notes.items():
            try:
                errors = hook([job.verify[1] for job in checked])  # type: ignore[index]
            except Exception as failure:  # could not check (the shared store is down): none of these goes ahead
                errors = [failure] * len(checked)
            for job, refusal in zip(checked, errors, strict=True):
                job.checked, job.refusal = True, refusal

    @classmethod
    def _verified(cls, batch: list[_Job[Any]]) -> tuple[list[_Job[Any]], list[_Job[Any]]]:
        """The jobs of the batch whose `verify` holds (checked before, or now), and those refused."""
        cls._check(batch)
        return [job for job in batch if job.refusal is None], [job for job in batch if job.refusal is not None]

    @classmethod
    def _refuse(cls, refused: list[_Job[Any]]) -> None:
        """The refused jobs' answers, once the batch's transaction has ended: a refused request is handed to the
        framework, which begins a transaction of its own at once (on SQLite it would wait for the write gate
        this batch still held; in the tests, where every session shares one connection and its savepoints,
        its savepoint began inside the batch's and the batch's commit released it)."""
        if refused:
            cls._answer(
                refused, {}, {index: job.refusal for index, job in enumerate(refused) if job.refusal is not None}
            )

    @staticmethod
    def _prepare(many: BatchWrite[Any, Any], direct: DirectWrites, jobs: list[_Job[Any]]) -> None:
        """Each job's values for `many.direct` (a failure raises: the batch then runs in a session)."""
        for job in jobs:
            if job.many is not many:
                break
            if job.prepared is None:
                job.prepared = many.prepare(direct, job.item)

    def _begin(self) -> tuple[Session, BaseException | None]:
        session = self._factory()
        try:
            session.connection()  # the transaction (on SQLite the write gate, BEGIN IMMEDIATE)
        except Exception as error:
            return session, error
        return session, None

    @staticmethod
    def _run_together(session: Session, batch: list[_Job[Any]], values: dict[int, Any]) -> None:
        """Every job of the batch, jobs next to each other with the same `many` in one call of it; a failure
        (of any of them) raises _Again."""
        index = 0
        while index < len(batch):
            job = batch[index]
            end = index + 1
            try:
                if job.many is None:
                    values[index] = job.run_alone(session)
                else:
                    while end < len(batch) and batch[end].many is job.many:
                        end += 1
                    results = job.many.in_session(session, [other.item for other in batch[index:end]])
                    values.update(zip(range(index, end), results, strict=True))
            except Exception as error:
                raise _Again from error
            index = end

    def _commit(
        self, batch: list[_Job[Any]], session: Session, failure: BaseException | None, *, isolated: bool = False
    ) -> None:
        """`session`: begun for the batch, or `failure`, why it could not be (every write answers it).
        `isolated`: each write in a savepoint from the start (a write of the batch failed already)."""
        failed: dict[int, BaseException] = {}  # index in the batch -> the error that write answers
        values: dict[int, Any] = {}
        # First without savepoints (two statements, on PostgreSQL two round trips, per write less): a write that
        # fails undoes the whole attempt, and the batch runs again without it, each write then in a savepoint.
        while True:
            values.clear()
            try:
                if failure is not None:
                    raise failure
                if isolated:
                    for index, job in enumerate(batch):
                        if index in failed:
                            continue
                        try:
                            with session.begin_nested():
                                values[index] = job.run_alone(session)
                        except Exception as error:
                            failed[index] = error
                else:
                    self._run_together(session, batch, values)
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
            session, failure = self._begin()  # the batch again, without the write that failed
        self._answer(batch, values, failed)

    @staticmethod
    def _answer(batch: list[_Job[Any]], values: dict[int, Any], failed: dict[int, BaseException]) -> None:
        """After the batch's commit (or its failure): the after-commit hooks of the writes committed, then every
        request's answer, its value or the error it failed with."""
        notes: dict[Callable[[list[Any]], None], list[Any]] = {}
        for index, job in enumerate(batch):
            if index not in failed and job.after_commit is not None:
                hook, note = job.after_commit
                notes.setdefault(hook, []).append(note)
        for hook, hook_notes in notes.items():
            try:
                hook(hook_notes)
            except Exception:  # never leave the batch unanswered (a hook handles its own failures)
                log.exception("An after-commit hook failed")
        # One wake-up of each event loop for all its answers (each wake-up is a write to the loop's pipe, and a
        # turn of the loop, on a worker's one busy thread).
        answers: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[Any], Any, BaseException | None]]] = {}
        for index, job in enumerate(batch):
            answers.setdefault(job.loop, []).append((job.future, values.get(index), failed.get(index)))
        for loop, settled in answers.items():
            # RuntimeError: the event loop has ended (a test client closed), nobody to answer.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle_all, settled)


_NO_CONTEXT = contextvars.Context()


class _Again(Exception):
    """A write of a batch tried without savepoints failed: the batch runs again without it."""
