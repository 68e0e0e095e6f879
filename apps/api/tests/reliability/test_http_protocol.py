"""`serve` writes each answer to the connection once: its status line, headers and body arrive in one TCP segment
(core/http_protocol.py), where stock uvicorn sends the head and the body apart, two segments and two wake-ups of
the client for every answer. Counted by the client's kernel (TCP_INFO's data segments in), on a real server."""

from __future__ import annotations

import json
import socket
import struct
from pathlib import Path

import pytest

from tests.support import ApiProcess, process_env

# struct tcp_info (linux/tcp.h): tcpi_data_segs_in, the segments with data this socket received (Linux 4.6+).
DATA_SEGS_IN = 152


def _data_segments_in(sock: socket.socket) -> int:
    info = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 232)
    if len(info) < DATA_SEGS_IN + 4:
        pytest.skip("this kernel's TCP_INFO does not count data segments")
    return int(struct.unpack_from("I", info, DATA_SEGS_IN)[0])


def _answer(sock: socket.socket, request: bytes) -> tuple[bytes, bytes]:
    """Sends one request and reads its whole answer: (head, body)."""
    sock.sendall(request)
    received = b""
    while b"\r\n\r\n" not in received:
        received += _more(sock)
    head, _, body = received.partition(b"\r\n\r\n")
    length = next(
        int(line.split(b":", 1)[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")
    )
    while len(body) < length:
        body += _more(sock)
    return head, body


def _more(sock: socket.socket) -> bytes:
    chunk = sock.recv(65536)
    assert chunk, "the server closed the connection in the middle of an answer"
    return chunk


def test_each_answer_arrives_in_one_segment(reference_database: str, tmp_path: Path) -> None:
    with ApiProcess(process_env(reference_database, tmp_path), log_name="segments") as api:
        port = int(api.url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            requests = [
                b"GET /api/health HTTP/1.1\r\nHost: localhost\r\n\r\n",
                b"GET /api/foods?q=apple HTTP/1.1\r\nHost: localhost\r\n\r\n",
                b"GET /api/no-such-page HTTP/1.1\r\nHost: localhost\r\n\r\n",
            ]
            before = _data_segments_in(sock)
            heads = [_answer(sock, request)[0] for request in requests]
            assert [head.split(b"\r\n")[0] for head in heads] == [
                b"HTTP/1.1 200 OK",
                b"HTTP/1.1 200 OK",
                b"HTTP/1.1 404 Not Found",
            ]
            assert _data_segments_in(sock) - before == len(requests)

            # A large answer (the API's schema, over 64 KB) leaves at once, whole.
            head, body = _answer(sock, b"GET /api/openapi.json HTTP/1.1\r\nHost: localhost\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200") and len(body) > 64 * 1024
            assert json.loads(body)["paths"]["/api/meal-logs"]

        # An answer that closes the connection: sent whole before the close.
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            head, body = _answer(sock, b"GET /api/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            assert head.startswith(b"HTTP/1.1 200") and b'"status"' in body
            assert sock.recv(1) == b""  # then the server closed it
            assert _data_segments_in(sock) == 1
