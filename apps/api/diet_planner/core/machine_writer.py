"""One writer process for the machine: the frequent small writes of every worker in one transaction.

SQLite takes one write at a time. With a group-commit writer thread in each worker (core/group_commit.py), the
workers' writers took the write gate in turn, and each held it across its disk sync *and* its wait for its
own interpreter lock back from the event loop (py-spy, 2 workers, wrk -c32: half of the writer's samples were
waits for the lock, as many during the commit as the disk sync itself), so the gate was held ~1.5 ms for a
~0.4 ms sync. Here one process with a single thread takes the writes of every worker waiting when it is free,
commits them together and answers each: it never waits for a lock of its own, and nothing else in a worker
competes with the event loop for the interpreter. On PostgreSQL the same: one batch of both workers' writes
instead of two half-size ones, no writer thread beside each event loop (same run, 2 workers, wrk -c32: CPU a
write 0.25 -> 0.21 ms in the API, 0.078 -> 0.057 ms in PostgreSQL's server; writes a second +3 to +12 %).

Framing on a Unix socket: a 4-byte little-endian length, then an orjson array `[seq, *message]`; the answer
`[seq, *answer]`. `serve_forever(path, handle)` is the writer's loop (`handle(messages) -> answers`, once per
batch, in order); `MachineWriterClient` a worker's end."""

from __future__ import annotations

import asyncio
import contextlib
import os
import selectors
import socket
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from diet_planner.core.logging import get_logger

log = get_logger("machine_writer")

_LENGTH = 4
MAX_BATCH = 256  # messages handled together at most (a batch is one statement and one commit)
_RETRY_AFTER_DOWN_S = 5.0  # a worker tries to reach a writer that was down again after this long
# Under the allocator's threshold for a mapping of its own: a larger buffer cost an mmap and munmap per read.
_READ_BYTES = 64 * 1024


class WriterDown(Exception):
    """The writer could not be reached: nothing was sent, the worker writes by itself."""


class WriterLost(Exception):
    """The writer went away after the message was sent: whether it was committed is unknown."""


def frame(value: Any) -> bytes:
    payload = orjson.dumps(value)
    return len(payload).to_bytes(_LENGTH, "little") + payload


def _frames(buffer: bytearray) -> list[Any]:
    """The whole frames at the start of `buffer`, taken out of it."""
    found = []
    start = 0
    while len(buffer) - start >= _LENGTH:
        size = int.from_bytes(buffer[start : start + _LENGTH], "little")
        if len(buffer) - start - _LENGTH < size:
            break
        found.append(orjson.loads(memoryview(buffer)[start + _LENGTH : start + _LENGTH + size]))
        start += _LENGTH + size
    del buffer[:start]
    return found


def serve_forever(path: Path, handle: Callable[[list[Any]], list[Any]], parent: int | None = None) -> None:
    """Listen on `path` (a fresh socket, only this user may connect) until the parent process `parent` is gone:
    each turn, every whole message of every worker, `handle`d as one batch, each worker answered."""
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    # Bound under another name and renamed once listening: the path exists only when it accepts connections
    # (`serve`, and tests, wait for it; bound there directly, a connection between bind and listen was refused).
    unready = path.with_name(f".{path.name}.{os.getpid()}")
    previous = os.umask(0o077)
    try:
        listener.bind(str(unready))
    finally:
        os.umask(previous)
    listener.listen(64)
    os.replace(unready, path)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    buffers: dict[socket.socket, bytearray] = {}

    def drop(peer: socket.socket) -> None:
        selector.unregister(peer)
        peer.close()
        buffers.pop(peer, None)

    try:
        while parent is None or os.getppid() == parent:
            waiting: list[tuple[socket.socket, Any]] = []
            for key, _ in selector.select(timeout=1.0):
                peer = key.fileobj
                assert isinstance(peer, socket.socket)
                if peer is listener:
                    with contextlib.suppress(BlockingIOError):
                        # Blocking: read only when the selector says it has data, so a read never waits, and an
                        # answer is sent whole without switching modes (two system calls less per answer).
                        accepted, _ = listener.accept()
                        accepted.setblocking(True)
                        selector.register(accepted, selectors.EVENT_READ)
                        buffers[accepted] = bytearray()
                    continue
                try:
                    data = peer.recv(_READ_BYTES)
                except OSError:
                    data = b""
                if not data:  # the worker ended
                    drop(peer)
                    continue
                buffer = buffers[peer]
                buffer += data
                try:
                    messages = _frames(buffer)
                except orjson.JSONDecodeError:  # not one of ours: dropped, as a worker that ended
                    log.error("The machine writer dropped a connection that sent something else than a message")
                    drop(peer)
                    continue
                waiting += [(peer, message) for message in messages if isinstance(message, list) and message]
            for start in range(0, len(waiting), MAX_BATCH):
                _answer(waiting[start : start + MAX_BATCH], handle)
    finally:
        selector.close()
        listener.close()
        for peer in buffers:
            peer.close()
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _answer(batch: list[tuple[socket.socket, Any]], handle: Callable[[list[Any]], list[Any]]) -> None:
    try:
        answers = handle([message[1:] for _, message in batch])
    except Exception:  # the handler answers its own failures; a bug here must not end the writer
        log.exception("The machine writer could not handle a batch")
        answers = [None] * len(batch)
    out: dict[socket.socket, bytearray] = {}
    for (peer, message), answer in zip(batch, answers, strict=True):
        out.setdefault(peer, bytearray()).extend(frame([message[0], answer]))
    for peer, data in out.items():
        try:
            peer.sendall(data)
        except OSError:  # the worker is gone: nobody to answer
            continue


class MachineWriterClient:
    """A worker's connection to the machine writer, opened on first use (on the worker's event loop).
    `await send(message)`: the writer's answer. WriterDown when it cannot be reached (nothing sent; it is
    tried again after a few seconds), WriterLost when it went away with the message."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._writer: asyncio.StreamWriter | None = None
        self._waiting: dict[int, asyncio.Future[Any]] = {}
        self._sequence = 0
        self._down_until = 0.0
        self._connecting: asyncio.Lock | None = None
        self._outgoing = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def down(self) -> bool:
        return self._writer is None and time.monotonic() < self._down_until

    async def send(self, message: list[Any]) -> Any:
        writer = self._writer or await self._connect()
        self._sequence += 1
        loop = self._loop
        assert loop is not None  # set with the connection
        future: asyncio.Future[Any] = loop.create_future()
        self._waiting[self._sequence] = future
        # The messages of one turn of the event loop go out together, in one system call.
        if not self._outgoing:
            loop.call_soon(self._flush, writer)
        self._outgoing += frame([self._sequence, *message])
        return await future

    def _flush(self, writer: asyncio.StreamWriter) -> None:
        data, self._outgoing = self._outgoing, bytearray()
        writer.write(data)

    async def _connect(self) -> asyncio.StreamWriter:
        if self.down:
            raise WriterDown
        if self._connecting is None:
            self._connecting = asyncio.Lock()
        async with self._connecting:
            if self._writer is not None:
                return self._writer
            try:
                reader, writer = await asyncio.open_unix_connection(str(self.path))
            except OSError as error:
                self._down_until = time.monotonic() + _RETRY_AFTER_DOWN_S
                log.warning(
                    "The machine writer at %s cannot be reached (%s): this worker writes alone", self.path, error
                )
                raise WriterDown from error
            self._writer = writer
            # Kept: each asyncio.get_running_loop() is a system call on Python 3.11 (it checks the process id).
            self._loop = asyncio.get_running_loop()
            self._loop.create_task(self._read(reader, writer))
            return writer

    async def _read(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        buffer = bytearray()
        try:
            while data := await reader.read(_READ_BYTES):
                buffer += data
                for sequence, answer in _frames(buffer):
                    future = self._waiting.pop(sequence, None)
                    if future is not None and not future.done():
                        future.set_result(answer)
        except (OSError, asyncio.IncompleteReadError):
            pass
        finally:
            self._writer = None
            self._down_until = time.monotonic() + _RETRY_AFTER_DOWN_S
            writer.close()
            lost, self._waiting = self._waiting, {}
            for future in lost.values():
                if not future.done():
                    future.set_exception(WriterLost())
            level = log.error if lost else log.warning
            level("The machine writer went away (%d writes unanswered): this worker writes alone for now", len(lost))

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(Exception):
                await self._writer.wait_closed()
