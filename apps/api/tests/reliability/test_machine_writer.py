"""Several workers (SQLite or PostgreSQL): `serve` starts one machine writer (core/machine_writer.py), which commits the
meal-log writes of every worker together. Every write it acknowledges is stored once, a revoked token's writes
are refused as before, and when it is gone the workers write by themselves."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from diet_planner.core import freshness, machine_writer
from diet_planner.core.config import Settings
from diet_planner.core.security import AccessClaims
from diet_planner.diary import service as diary
from diet_planner.plans import meal_log_writer
from tests.conftest import BACKEND, TEST_PASSWORD
from tests.support import ApiProcess, process_env

pytestmark = pytest.mark.slow


def _machine_writer_pid(api: ApiProcess) -> int:
    assert api.process is not None
    found = subprocess.run(
        ["pgrep", "-g", str(api.process.pid), "-f", "diet_planner.cli machine-writer"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert len(found) == 1, f"one machine writer in the server's process group, found {found}"
    return int(found[0])


def _sign_up(url: str) -> dict[str, str]:
    body = {"email": f"writer-{uuid.uuid4().hex[:8]}@example.com", "password": TEST_PASSWORD}
    assert httpx.post(f"{url}/api/auth/register", json=body, timeout=60).status_code == 201
    login = httpx.post(f"{url}/api/auth/login", json=body, timeout=60)
    return {"Authorization": f"Bearer {login.json()['access_token']}", "refresh": login.json()["refresh_token"]}


async def _post_logs(url: str, headers: dict[str, str], food_id: int, count: int) -> list[httpx.Response]:
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def one(n: int) -> httpx.Response:
            day = (date.today() - timedelta(days=n % 10)).isoformat()
            body = {"date": day, "slot": "lunch", "food_id": food_id, "grams": 10 + n}
            return await client.post("/api/meal-logs", json=body, headers=headers)

        return list(await asyncio.gather(*(one(n) for n in range(count))))


def _stored(database_url: str) -> dict[int, float]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return {row[0]: row[1] for row in connection.execute(text("SELECT id, grams FROM meal_logs"))}
    finally:
        engine.dispose()


def test_the_machine_writer_commits_every_workers_writes_and_refuses_a_revoked_token(
    reference_database: str, tmp_path: Path
) -> None:
    env = process_env(reference_database, tmp_path)
    with ApiProcess(env, workers=2, log_name="machine-writer") as api:
        writer_pid = _machine_writer_pid(api)
        signed_in = _sign_up(api.url)
        refresh = signed_in.pop("refresh")
        food_id = httpx.get(f"{api.url}/api/foods", params={"q": "apple"}, timeout=60).json()["items"][0]["id"]

        answers = asyncio.run(_post_logs(api.url, signed_in, food_id, 300))
        assert [answer.status_code for answer in answers] == [201] * 300
        acknowledged = {item["id"]: item["grams"] for answer in answers for item in answer.json()["items"]}
        assert len(acknowledged) == 300  # each write its own row, answered with its own id
        stored = _stored(reference_database)
        assert {key: stored.get(key) for key in acknowledged} == acknowledged

        # The attack: a token signed out of keeps writing. Refused on every worker, and nothing stored.
        logout = httpx.post(
            f"{api.url}/api/auth/logout", json={"refresh_token": refresh}, headers=signed_in, timeout=60
        )
        assert logout.status_code == 204
        after = asyncio.run(_post_logs(api.url, signed_in, food_id, 40))
        assert [answer.status_code for answer in after] == [401] * 40
        assert len(_stored(reference_database)) == len(stored)

        # The writer gone (killed): the workers notice, and write by themselves.
        os.kill(writer_pid, signal.SIGKILL)
        time.sleep(0.5)
        again = _sign_up(api.url)
        again.pop("refresh")
        later = asyncio.run(_post_logs(api.url, again, food_id, 60))
        statuses = [answer.status_code for answer in later]
        assert set(statuses) <= {201, 503} and statuses.count(201) >= 50, statuses
        written = {item["id"] for answer in later if answer.status_code == 201 for item in answer.json()["items"]}
        assert written <= set(_stored(reference_database))
    log = Path(env["LOG_FILE"]).read_text()
    assert "Machine writer" in log and "listening" in log
    assert "The machine writer at" in log or "The machine writer went away" in log  # the workers had used it


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL's server ends the connections (a restart, a failover)")
def test_the_machine_writer_takes_a_new_connection_when_postgresql_ends_its_own(
    reference_database: str, tmp_path: Path
) -> None:
    """A restart or failover of the server ends every connection: the writes after it are answered (201, or 503
    with Retry-After while the workers' own connections are found dead), never a 500, each 201 stored once, and
    the machine writer commits again with a new connection."""
    env = process_env(reference_database, tmp_path)
    with ApiProcess(env, workers=2, log_name="writer-reconnects") as api:
        signed_in = _sign_up(api.url)
        signed_in.pop("refresh")
        food_id = httpx.get(f"{api.url}/api/foods", params={"q": "apple"}, timeout=60).json()["items"][0]["id"]
        assert {answer.status_code for answer in asyncio.run(_post_logs(api.url, signed_in, food_id, 40))} == {201}
        writer_pid = _machine_writer_pid(api)

        engine = create_engine(reference_database)
        try:
            with engine.connect() as connection:
                ended = connection.execute(
                    text(
                        "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
                ).scalar_one()
        finally:
            engine.dispose()
        assert ended >= 1  # the machine writer's connection among them

        during = asyncio.run(_post_logs(api.url, signed_in, food_id, 60))
        assert {answer.status_code for answer in during} <= {201, 503}, [a.status_code for a in during]
        after = asyncio.run(_post_logs(api.url, signed_in, food_id, 60))
        assert [answer.status_code for answer in after] == [201] * 60
        assert _machine_writer_pid(api) == writer_pid  # the same writer, committing with a new connection
        answered = [item for answer in during + after if answer.status_code == 201 for item in answer.json()["items"]]
        stored = _stored(reference_database)
        assert len({item["id"] for item in answered}) == len(answered)
        assert {item["id"]: stored.get(item["id"]) for item in answered} == {
            item["id"]: item["grams"] for item in answered
        }
    # The writer's batch on the ended connection, handed to the workers, which wrote it themselves.
    assert "meal-log writes failed; their workers write them one by one" in Path(env["LOG_FILE"]).read_text()


def test_serve_starts_no_machine_writer_for_one_worker(api_database: str, tmp_path: Path) -> None:
    with ApiProcess(process_env(api_database, tmp_path), workers=1, log_name="one-worker") as api:
        assert api.process is not None
        found = subprocess.run(
            ["pgrep", "-g", str(api.process.pid), "-f", "machine-writer"], capture_output=True, text=True, check=False
        )
        assert found.stdout.strip() == ""
        assert httpx.get(f"{api.url}/api/health", timeout=30).status_code == 200


def _writer_thread(path: Path, handle: Any) -> threading.Thread:
    thread = threading.Thread(target=machine_writer.serve_forever, args=(path, handle), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return thread


def test_the_writer_answers_each_message_in_order_and_together(tmp_path: Path) -> None:
    batches: list[int] = []

    def handle(messages: list[list[Any]]) -> list[Any]:
        batches.append(len(messages))
        return [None if message[0] == "refuse" else message[0] * 2 for message in messages]

    path = tmp_path / "w.sock"
    _writer_thread(path, handle)

    async def run() -> list[Any]:
        client = machine_writer.MachineWriterClient(path)
        assert await asyncio.wait_for(client.send([-1]), timeout=30) == -2  # connected
        # Sent in one turn of the event loop: one write to the socket, one batch of the writer.
        sends = asyncio.gather(*(client.send([n]) for n in range(50)), client.send(["refuse"]))
        answers = await asyncio.wait_for(sends, timeout=30)
        await client.close()
        return list(answers)

    assert asyncio.run(run()) == [n * 2 for n in range(50)] + [None]
    assert batches == [1, 51]


def test_a_writer_gone_or_absent_is_told_apart(tmp_path: Path) -> None:
    """Absent: nothing was sent (the worker writes alone). Gone with the message: its outcome is unknown."""
    path = tmp_path / "w.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    async def run() -> None:
        client = machine_writer.MachineWriterClient(path)
        sent = asyncio.ensure_future(client.send(["x"]))
        peer, _ = await asyncio.get_running_loop().sock_accept(listener)
        peer.close()  # the writer dies without answering
        with pytest.raises(machine_writer.WriterLost):
            await asyncio.wait_for(sent, timeout=30)
        assert client.down  # and is not asked again for a while
        with pytest.raises(machine_writer.WriterDown):
            await client.send(["y"])
        absent = machine_writer.MachineWriterClient(tmp_path / "nobody.sock")
        with pytest.raises(machine_writer.WriterDown):
            await absent.send(["z"])

    listener.setblocking(False)
    asyncio.run(run())
    listener.close()


def test_a_connection_sending_garbage_is_dropped_and_the_writer_serves_on(tmp_path: Path) -> None:
    path = tmp_path / "w.sock"
    _writer_thread(path, lambda messages: [message[0] for message in messages])
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as stranger:
        stranger.connect(str(path))
        stranger.sendall((5).to_bytes(4, "little") + b"{oops")
        stranger.settimeout(10)
        assert stranger.recv(100) == b""  # dropped

    async def run() -> Any:
        client = machine_writer.MachineWriterClient(path)
        answer = await asyncio.wait_for(client.send(["still here"]), timeout=30)
        await client.close()
        return answer

    assert asyncio.run(run()) == "still here"


def test_the_writers_socket_appears_only_once_it_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` (and a worker) take the socket's path for a writer ready to answer: a connection made as soon as
    the path exists is accepted, however long the writer takes between binding and listening."""
    listen = socket.socket.listen

    def slow_listen(self: socket.socket, backlog: int) -> None:
        time.sleep(0.5)
        listen(self, backlog)

    monkeypatch.setattr(socket.socket, "listen", slow_listen)
    path = tmp_path / "w.sock"
    _writer_thread(path, lambda messages: [message[0] for message in messages])
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as worker:
        worker.connect(str(path))  # refused when the path was bound before it listened
        worker.sendall(machine_writer.frame([1, "ready"]))
        worker.settimeout(10)
        assert worker.recv(100)[4:] == b'[1,"ready"]'


class _AnswerLost:
    """A TCP proxy to PostgreSQL that, once armed, lets the client's next statement through and closes the
    client's connection when the server has answered it in full (its ReadyForQuery message), without passing
    the answer on: the server did the statement, the client never learns how it ended."""

    def __init__(self, server: tuple[str, int]) -> None:
        self.server = server
        self.armed = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.server)
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, True), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket, from_server: bool) -> None:
        held = bytearray()
        try:
            while data := source.recv(65536):
                if not (from_server and self.armed.is_set()):
                    target.sendall(data)
                    continue
                held += data
                while len(held) >= 5:  # a message: its type, its length (itself included), the rest
                    size = 1 + int.from_bytes(held[1:5], "big")
                    if len(held) < size:
                        break
                    if held[0:1] == b"Z":  # ReadyForQuery: the statement is over, committed in autocommit
                        self.armed.clear()
                        raise ConnectionAbortedError
                    del held[:size]
        except OSError:
            pass
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()

    def close(self) -> None:
        self.listener.close()


@pytest.mark.skipif(BACKEND != "postgresql", reason="PostgreSQL's writer commits each batch as the server answers it")
def test_a_batch_committed_without_its_answer_is_never_handed_back_to_be_written_again(
    api_database: str, tmp_path: Path
) -> None:
    """The machine writer's connection lost after PostgreSQL committed a batch and before its answer arrived:
    nobody knows whether it is stored, so its writes answer 503 (FAILED). Handed back to their workers (None),
    which write what the writer could not, they would be stored twice."""
    url = make_url(api_database)
    engine = create_engine(api_database)
    with engine.begin() as connection:
        user_id = connection.execute(
            text(
                "INSERT INTO users (email, password_hash, created_at) VALUES ('lost@example.com', 'x', now()) RETURNING id"
            )
        ).scalar_one()
    proxy = _AnswerLost((url.host or "127.0.0.1", url.port or 5432))
    settings = Settings(
        app_env="development",
        database_url=url.set(port=proxy.port, query={"sslmode": "disable"}).render_as_string(hide_password=False),
        secret_key="test-secret-key-that-is-long-enough-000000",
        log_file=tmp_path / "logs" / "diet_planner.log",
        web_build_dir=tmp_path,
        redis_url=None,
        shared_state_file=tmp_path / "shared_state.db",
    )
    writes = meal_log_writer.MealLogWrites(settings)
    claims = AccessClaims(user_id=user_id, jti="a-token", expires_at=datetime.now(UTC) + timedelta(hours=1), family="f")
    live_until = datetime.now(UTC) + timedelta(hours=1)

    def batch(*grams: float) -> list[Any]:
        stamp = freshness.current_stamp(writes.store, user_id)
        freshness.mark_live_session(writes.store, user_id, claims.family, stamp, live_until)
        rows = [
            {
                "user_id": user_id, "date": date.today(), "slot": "lunch", "food_id": None, "food_name": "Test food",
                "display_name": "Test food", "kind": "food", "grams": amount, "quantity": amount, "unit": "g",
                "plan_meal_id": None, "nutrients": {"energy_kcal": amount}, "created_at": datetime.now(UTC),
                "deleted_at": None,
            }
            for amount in grams
        ]  # fmt: skip
        values = [diary.SAVE_FOOD_LOGS.prepare(writes.writer, row) for row in rows]
        return writes([meal_log_writer.message(one, claims, stamp[1], live_until) for one in values])

    def stored() -> list[float]:
        with engine.connect() as connection:
            return sorted(connection.execute(text("SELECT grams FROM meal_logs")).scalars())

    try:
        assert all(isinstance(answer, list) for answer in batch(1.0))  # connected, committed, answered
        proxy.armed.set()
        lost = batch(2.0, 3.0)
        assert stored() == [1.0, 2.0, 3.0]  # PostgreSQL committed the batch
        assert lost == [meal_log_writer.FAILED] * 2  # not None: its workers would write both again
        after = batch(4.0)  # and the writer goes on with a new connection
        assert all(isinstance(answer, list) for answer in after)
        assert stored() == [1.0, 2.0, 3.0, 4.0]
    finally:
        writes.writer.close()
        proxy.close()
        engine.dispose()
