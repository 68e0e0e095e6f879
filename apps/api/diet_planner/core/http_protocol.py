"""uvicorn's HTTP/1.1 protocol (httptools) with what one loop turn writes to a connection sent as one write.

uvicorn writes an answer's status line and headers, then its body, each with its own `transport.write`: two
send() calls and two TCP segments an answer, each waking the client. Joined, an answer is one segment: under wrk
on loopback, a tenth less server CPU a meal-log write (a fifth for a small answer) and two fifths less for wrk.
`serve` and the benchmarks' bare endpoint use it alike (`--http diet_planner.core.http_protocol:JoinedWritesProtocol`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

PROTOCOL = "diet_planner.core.http_protocol:JoinedWritesProtocol"
LARGE_PART = 64 * 1024


class JoinedWrites:
    """A connection's transport whose writes wait for the end of the loop turn and leave as one, in order. Everything
    else (flow control, peer address) is the transport's own; close and write_eof send what waits first."""

    __slots__ = ("_loop", "_parts", "_transport")

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._loop = loop
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> None:
        if not self._parts:
            self._loop.call_soon(self.flush)
        self._parts.append(data)
        if len(data) >= LARGE_PART:
            # Leaves at once, with what waits before it: the transport's own buffer and flow control (pausing
            # an answer streamed faster than the client reads) see a large body as they would without this.
            self.flush()

    def writelines(self, parts: Iterable[bytes]) -> None:
        for data in parts:
            self.write(data)

    def flush(self) -> None:
        parts, self._parts = self._parts, []
        if parts and not self._transport.is_closing():
            self._transport.write(parts[0] if len(parts) == 1 else b"".join(parts))

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


class JoinedWritesProtocol(HttpToolsProtocol):
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as uvicorn's
        super().connection_made(cast(asyncio.Transport, JoinedWrites(transport, self.loop)))
