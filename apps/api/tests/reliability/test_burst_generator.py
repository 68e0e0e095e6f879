"""bench_load's bursts are driven by wrk (bench/burst.lua), so the p95 they report is the server's and not a
Python load generator's queue. The figures are only worth something if wrk counts what the Python clients
counted: every answer by kind and status, every acknowledged meal log (for the kill -9 check), and
connections that fail (transport errors)."""

from __future__ import annotations

import os
import socket
import threading
import time
from contextlib import suppress
from pathlib import Path

import pytest

from bench import burst as bursts
from tests.support import ApiProcess, process_env

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not bursts.wrk_available(), reason="wrk is not installed (`make bench` installs it)"),
]
CLIENTS = 6


def test_wrk_burst_counts_every_answer_and_every_acknowledged_write(reference_database: str, tmp_path: Path) -> None:
    env = process_env(reference_database, tmp_path)
    log = Path(env["LOG_FILE"])
    api = ApiProcess(env, workers=1, log_name="wrkburst").start()
    try:
        accounts, foods = bursts.sign_up(api.url, 3, f"wrk{os.getpid()}")
        time.sleep(1.5)  # the access log is written in batches: sign-up's food search goes before the burst's
        result = bursts.wrk_burst(
            api.url, accounts, foods, CLIENTS, 3, "fresh", server_group=api.process.pid, log_file=log
        )
        # kill -9 two seconds into a burst: the writes acknowledged before it are recorded all the same.
        crash = bursts.wrk_burst(api.url, accounts, foods, CLIENTS, 60, "kill -9", kill_after_s=2, kill=api.kill)
    finally:
        api.stop()

    assert result.generator == "wrk" and result.transport_errors == 0 and result.server_errors == 0, result.row()
    # Each kind of request was made, timed and answered as it should be.
    assert {kind: len(values) > 0 for kind, values in result.latencies.items()} == {
        "write": True,
        "diary": True,
        "search": True,
    }
    assert set(result.statuses) == {200, 201}, result.statuses
    # One meal log per write answered 201, each tied to the user who wrote it.
    assert len(result.acknowledged) == result.statuses[201] == len(result.latencies["write"])
    assert set(result.acknowledged.values()) == {account.user_id for account in accounts}
    # The server logged as many of the burst's requests as wrk counted (those in flight at the end aside).
    assert result.requests <= len(result.server_ms) <= result.requests + CLIENTS, (result.requests, result.server_ms)
    assert 0 < result.wrk_percentiles_ms[95] < 60_000
    # wrk needs a fraction of a core for this: what the Python clients cost was the figure's problem.
    assert 0 < result.generator_cpu_s < result.seconds, result.row()

    assert len(crash.acknowledged) > 0
    everything = {**result.acknowledged, **crash.acknowledged}
    assert bursts.missing_meal_logs(reference_database, everything) == []
    # The check has teeth: a meal log the database does not hold is reported missing.
    assert bursts.missing_meal_logs(reference_database, {10**9: accounts[0].user_id}) == [10**9]


def test_wrk_burst_counts_connections_that_fail_as_transport_errors() -> None:
    # A server that accepts each connection and closes it without an answer, as a crashing one would.
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def hang_up() -> None:
        while not stop.is_set():
            with suppress(TimeoutError):
                connection, _ = listener.accept()
                connection.close()

    thread = threading.Thread(target=hang_up, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        result = bursts.wrk_burst(url, [bursts.Account(1, {"Authorization": "Bearer x"})], [1], 2, 1, "hang-ups")
    finally:
        stop.set()
        thread.join()
        listener.close()
    assert result.transport_errors > 0 and result.requests == 0 and not result.acknowledged, result.row()
