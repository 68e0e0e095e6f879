"""The burst and ratio measurements of bench_load.py: clients with no think time against a real API process,
and wrk against the API and a bare Starlette endpoint served the same way.

The bursts' clients are wrk running bench/burst.lua (C, about a tenth of a core; see wrk_burst) where wrk is
installed, else the Python clients (python_burst), whose own queueing on a 2-core machine was most of the
p95 they reported (SQLite, 50 clients: 0.96 s at the clients, 49 ms in the server's access log)."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, text

from diet_planner.core import http_protocol
from tests.reliability.loadgen import PASSWORD, percentile
from tests.support import API_DIR, free_port

PROFILE: dict[str, Any] = {
    "sex": "female",
    "birth_date": "1988-04-01",
    "height_cm": 168,
    "weight_kg": 64,
    "activity_level": "moderate",
    "goal": "maintain",
    "rate_kg_per_week": 0,
    "diet": "omnivore",
    "allergies": [],
    "excluded_food_ids": [],
    "meals_per_day": 3,
    "units": "metric",
    "life_stage": "none",
}
SEARCHES = ("apple", "chicken breast", "rice", "milk", "bread", "egg", "banana", "oats", "yogurt", "lentils")


@dataclass
class Account:
    user_id: int
    headers: dict[str, str]


@dataclass
class BurstResult:
    label: str
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: dict[int, int] = field(default_factory=dict)
    transport_errors: int = 0
    acknowledged: dict[int, int] = field(default_factory=dict)  # meal log id -> user id
    retry_after_missing: int = 0
    server_cpu_s: float = 0.0  # CPU the server's processes used during the burst
    # The server's own duration of each answer (its access log: request in the app to answer sent), in ms.
    server_ms: list[float] = field(default_factory=list)
    generator: str = "python"
    generator_cpu_s: float = 0.0  # CPU the load generator itself used (wrk, or this Python process)
    # wrk's own latency distribution (ms by percentile): the overall figures where wrk ran the burst.
    wrk_percentiles_ms: dict[int, float] = field(default_factory=dict)

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.server_cpu_s / self.requests if self.requests else 0.0

    @property
    def requests(self) -> int:
        return sum(len(values) for values in self.latencies.values())

    def p(self, fraction: float, endpoint: str | None = None) -> float:
        if endpoint is None and round(fraction * 100) in self.wrk_percentiles_ms:
            return self.wrk_percentiles_ms[round(fraction * 100)]
        values = self.latencies.get(endpoint, []) if endpoint else [v for vs in self.latencies.values() for v in vs]
        return percentile(values, fraction) * 1000

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def row(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "clients": self.clients,
            "requests": self.requests,
            "requests_per_second": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.p(0.50), 1),
            "p95_ms": round(self.p(0.95), 1),
            "p99_ms": round(self.p(0.99), 1),
            "p95_write_ms": round(self.p(0.95, "write"), 1),
            "p95_diary_ms": round(self.p(0.95, "diary"), 1),
            "p95_search_ms": round(self.p(0.95, "search"), 1),
            "responses_5xx": self.server_errors,
            "responses_503": self.statuses.get(503, 0),
            "transport_errors": self.transport_errors,
            "writes_acknowledged": len(self.acknowledged),
            "server_cpu_ms_per_request": round(self.cpu_ms_per_request, 2),
            # Apart from the clients' p95: the load generator (one Python process) is itself busy on 2 cores.
            "server_p95_ms": round(percentile(self.server_ms, 0.95), 1),
            # Requests a second one fully busy core serves at this mix: the figure that survives a shared machine.
            "requests_per_core_second": round(1000 / self.cpu_ms_per_request) if self.cpu_ms_per_request else 0,
            "generator": self.generator,
            # The generator's CPU in % of one core: what it took from the server on this machine's cores.
            "generator_core_percent": round(100 * self.generator_cpu_s / self.seconds, 1) if self.seconds else 0.0,
            "generator_cpu_ms_per_request": round(1000 * self.generator_cpu_s / self.requests, 3)
            if self.requests
            else 0.0,
        }


def sign_up(url: str, count: int, run: str) -> tuple[list[Account], list[int]]:
    """`count` accounts with a profile, and food ids to log."""
    accounts = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for index in range(count):
            body = {"email": f"burst-{run}-{index}@example.com", "password": PASSWORD}
            registered = client.post("/api/auth/register", json=body)
            registered.raise_for_status()
            login = client.post("/api/auth/login", json=body)
            login.raise_for_status()
            headers = {"Authorization": f"Bearer {login.json()['access_token']}"}
            client.put("/api/profile", json=PROFILE, headers=headers).raise_for_status()
            accounts.append(Account(int(registered.json()["id"]), headers))
        foods = [int(item["id"]) for item in client.get("/api/foods", params={"q": "apple"}).json()["items"]]
    if not foods:
        raise RuntimeError("the food catalogue is empty: load the reference data before a burst")
    return accounts, foods


async def python_burst(
    url: str,
    accounts: list[Account],
    foods: list[int],
    clients: int,
    seconds: float,
    label: str,
    kill_after_s: float | None = None,
    kill: Any = None,
    server_group: int | None = None,
    log_file: Path | None = None,
) -> BurstResult:
    """`clients` loops with no think time for `seconds`: 40% meal-log writes, 40% diary reads (each its own
    user's, over two weeks), 20% food searches (half anonymous). With `kill_after_s`, `kill()` runs then
    (kill -9 of the server) and requests that fail after it are not counted. The clients are httpx in this
    process: it needs about a core at 50 clients, and its queueing shows in the latencies (wrk_burst does not)."""
    result = BurstResult(label, clients, seconds)
    cpu_started = time.process_time()
    for endpoint in ("write", "diary", "search"):
        result.latencies[endpoint] = []
    deadline = time.monotonic() + seconds
    killed = asyncio.Event()
    limits = httpx.Limits(max_connections=clients + 10, max_keepalive_connections=clients + 10)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as client:

        async def loop(index: int) -> None:
            account = accounts[index % len(accounts)]
            sequence = index
            while time.monotonic() < deadline and not killed.is_set():
                sequence += 1
                kind = ("write", "diary", "write", "search", "diary")[sequence % 5]
                day = date.today() - timedelta(days=sequence % 14)
                started = time.perf_counter()
                try:
                    if kind == "write":
                        body = {
                            "date": day.isoformat(),
                            "slot": ("breakfast", "lunch", "dinner", "snack")[sequence % 4],
                            "food_id": foods[sequence % len(foods)],
                            "grams": 50 + sequence % 300,
                        }
                        response = await client.post("/api/meal-logs", json=body, headers=account.headers)
                    elif kind == "diary":
                        response = await client.get(f"/api/diary/{day.isoformat()}", headers=account.headers)
                    else:
                        headers = account.headers if sequence % 2 else {}
                        params = {"q": SEARCHES[sequence % len(SEARCHES)], "limit": 20}
                        response = await client.get("/api/foods", params=params, headers=headers)
                except httpx.TransportError:
                    if not killed.is_set():
                        result.transport_errors += 1
                    continue
                result.latencies[kind].append(time.perf_counter() - started)
                result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
                if response.status_code == 503 and not response.headers.get("Retry-After"):
                    result.retry_after_missing += 1
                if kind == "write" and response.status_code == 201:
                    for item in response.json()["items"]:
                        result.acknowledged[int(item["id"])] = account.user_id

        async def killer() -> None:
            if kill_after_s is None:
                return
            await asyncio.sleep(kill_after_s)
            killed.set()
            await asyncio.to_thread(kill)

        started = time.monotonic()
        log_offset = log_file.stat().st_size if log_file is not None and log_file.exists() else None
        cpu_before = group_cpu_seconds(server_group) if server_group else 0.0
        await asyncio.gather(killer(), *(loop(index) for index in range(clients)))
        result.seconds = time.monotonic() - started
        result.generator_cpu_s = time.process_time() - cpu_started
        if server_group and kill_after_s is None:
            result.server_cpu_s = group_cpu_seconds(server_group) - cpu_before
    if log_file is not None and log_offset is not None and kill_after_s is None:
        await asyncio.sleep(1.0)  # the log writer's thread writes in batches
        result.server_ms = server_durations(log_file, log_offset)
    return result


BURST_SCRIPT = Path(__file__).with_name("burst.lua")
# wrk's timeout (its "timeout" errors), as the Python clients' httpx timeout.
WRK_TIMEOUT_S = 60


def _lua_string(value: str) -> str:
    return json.dumps(value)  # ASCII only here (tokens, dates, queries): a JSON string is a Lua string


def _burst_data(accounts: list[Account], foods: list[int]) -> str:
    """The Lua table bench/burst.lua reads: its accounts, food ids, the two weeks of dates, the searches."""
    rows = ", ".join(
        f"{{user_id = {account.user_id}, authorization = {_lua_string(account.headers['Authorization'])}}}"
        for account in accounts
    )
    days = ", ".join(_lua_string((date.today() - timedelta(days=n)).isoformat()) for n in range(14))
    searches = ", ".join(_lua_string(quote(query)) for query in SEARCHES)
    return (
        f"return {{accounts = {{{rows}}}, foods = {{{', '.join(map(str, foods))}}}, "
        f"days = {{{days}}}, searches = {{{searches}}}}}\n"
    )


def wrk_burst(
    url: str,
    accounts: list[Account],
    foods: list[int],
    clients: int,
    seconds: float,
    label: str,
    kill_after_s: float | None = None,
    kill: Any = None,
    server_group: int | None = None,
    log_file: Path | None = None,
) -> BurstResult:
    """python_burst's burst driven by wrk (bench/burst.lua): the same mix, accounts, bodies and counts, from
    a C client that needs a fraction of a core, so the latencies are the server's and not the generator's
    queue. One wrk thread per connection (see burst.lua). With `kill_after_s`, `kill()` runs then and wrk is
    stopped (SIGINT: it still reports) half a second later; what fails after the kill is not counted."""
    result = BurstResult(label, clients, seconds, generator="wrk")
    duration = seconds if kill_after_s is None else kill_after_s + 60
    with tempfile.TemporaryDirectory(prefix="burst-wrk-") as directory:
        data, out, console = (Path(directory) / name for name in ("data.lua", "out.txt", "wrk.txt"))
        data.write_text(_burst_data(accounts, foods))
        command = [
            "wrk", f"-t{clients}", f"-c{clients}", f"-d{max(1, round(duration))}s", f"-T{WRK_TIMEOUT_S}s",
            "-s", str(BURST_SCRIPT), url,
        ]  # fmt: skip
        env = {**os.environ, "BURST_DATA": str(data), "BURST_OUT": str(out)}
        log_offset = log_file.stat().st_size if log_file is not None and log_file.exists() else None
        cpu_before = group_cpu_seconds(server_group) if server_group else 0.0
        started = time.monotonic()
        with console.open("wb") as console_file:
            process = subprocess.Popen(command, stdout=console_file, stderr=subprocess.STDOUT, env=env)
        try:
            if kill_after_s is not None:
                time.sleep(kill_after_s)
                kill()
                time.sleep(0.5)  # answers already on their way are read: they were acknowledged
                process.send_signal(signal.SIGINT)
            usage = _wait_with_usage(process, duration + 60)
        finally:
            if process.returncode is None:  # not reaped: an error on the way
                process.kill()
                process.wait()
        result.seconds = time.monotonic() - started
        if server_group and kill_after_s is None:
            result.server_cpu_s = group_cpu_seconds(server_group) - cpu_before
        result.generator_cpu_s = usage.ru_utime + usage.ru_stime
        if process.returncode != 0 or not out.exists():
            raise RuntimeError(f"wrk failed ({process.returncode}): {console.read_text(errors='replace')[-2000:]}")
        _read_wrk_out(out, result, count_transport_errors=kill_after_s is None)
    if log_file is not None and log_offset is not None and kill_after_s is None:
        time.sleep(1.0)  # the log writer's thread writes in batches
        result.server_ms = server_durations(log_file, log_offset)
    return result


def _wait_with_usage(process: subprocess.Popen[bytes], timeout_s: float) -> Any:
    """Waits for `process` and returns its resource usage (its CPU time: the generator's cost)."""
    deadline = time.monotonic() + timeout_s
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("wrk did not finish in time")
        time.sleep(0.05)


def _read_wrk_out(out: Path, result: BurstResult, count_transport_errors: bool) -> None:
    """What burst.lua wrote: each thread's answers (kind, status, ms) and acknowledged meal logs in
    out.<thread>, wrk's totals (its latency distribution, its socket errors) in out."""
    for path in sorted(out.parent.glob(f"{out.name}.*")):
        for line in path.read_text().splitlines():
            name, *values = line.split()
            if name == "answer":
                kind, status = values[0], int(values[1])
                result.latencies.setdefault(kind, []).append(float(values[2]) / 1000)
                result.statuses[status] = result.statuses.get(status, 0) + 1
                result.retry_after_missing += "no-retry-after" in values
            elif name == "ack":
                result.acknowledged[int(values[0])] = int(values[1])
    for line in out.read_text().splitlines():
        name, *values = line.split()
        if name == "wrk_p":
            result.wrk_percentiles_ms[int(values[0])] = float(values[1])
        elif name == "errors" and count_transport_errors:
            connect, read, write, timeout = (int(value) for value in values[:4])  # the 5th: statuses >= 400
            result.transport_errors = connect + read + write + timeout
    for endpoint in ("write", "diary", "search"):
        result.latencies.setdefault(endpoint, [])


def run_burst(
    url: str, accounts: list[Account], foods: list[int], clients: int, seconds: float, label: str, **options: Any
) -> BurstResult:
    """A burst by wrk where it is installed (BURST_GENERATOR=python: the Python clients anyway)."""
    if os.environ.get("BURST_GENERATOR", "wrk") == "wrk" and wrk_available():
        return wrk_burst(url, accounts, foods, clients, seconds, label, **options)
    return asyncio.run(python_burst(url, accounts, foods, clients, seconds, label, **options))


ACCESS_LINE = re.compile(r"(?:GET|POST) /api/(?:meal-logs|diary/|foods)\S* \d{3} ([\d.]+)ms")


def server_durations(log_file: Path, offset: int) -> list[float]:
    """The durations (ms) the server logged for the burst's requests after `offset` in its log file. A file
    rotated meanwhile (10 MB, core/logging.py) went on in `<log>.1` from `offset`, the rest is in the new one."""
    rotated = log_file.with_name(log_file.name + ".1")
    parts = [(log_file, offset)]
    if log_file.stat().st_size < offset and rotated.exists():
        parts = [(rotated, offset), (log_file, 0)]
    text = ""
    for path, start in parts:
        with path.open("rb") as handle:
            handle.seek(start)
            text += handle.read().decode("utf-8", "replace")
    return [float(match.group(1)) for match in ACCESS_LINE.finditer(text)]


def group_cpu_seconds(group_id: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group (the API's workers and
    their solver processes), from /proc; 0 where there is no /proc."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(fields[2]) == group_id:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def missing_meal_logs(database_url: str, acknowledged: dict[int, int]) -> list[int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT id, user_id FROM meal_logs")).all())
    finally:
        engine.dispose()
    return [log_id for log_id, user_id in acknowledged.items() if stored.get(log_id) != user_id]


# ---------------------------------------------------------------- ratios against a bare Starlette endpoint

WRK_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk(
    url: str, seconds: float, connections: int, script: Path | None = None, headers: dict[str, str] | None = None
) -> float:
    """Requests per second that wrk measured (only 2xx and 3xx count: wrk reports the rest apart)."""
    return wrk_run(url, seconds, connections, script, headers)[0]


def wrk_run(
    url: str, seconds: float, connections: int, script: Path | None = None, headers: dict[str, str] | None = None
) -> tuple[float, int]:
    """(requests per second, requests answered 2xx or 3xx)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, int(seconds))}s", "--latency"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    output = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60).stdout
    match = WRK_LINE.search(output)
    if match is None:
        raise RuntimeError(f"wrk printed no rate: {output[-500:]}")
    rate = float(match.group(1))
    requests = re.search(r"(\d+) requests in", output)
    total = int(requests.group(1)) if requests else 0
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    if bad:
        good = max(0, total - int(bad.group(1)))
        rate *= good / total if total else 0
        total = good
    return rate, total


# The ratios' row of bench/bare_write.py: a durable meal-log write with nothing of the API around it.
WRITE_FLOOR = "durable-write floor"


class BareServer:
    """bench/bare_starlette.py (or another `app`, with `env` added) under uvicorn with the API's serving options
    and worker count."""

    def __init__(self, workers: int, app: str = "bench.bare_starlette:app", env: dict[str, str] | None = None) -> None:
        self.workers = workers
        self.app = app
        self.env = {**os.environ, **(env or {})}
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> BareServer:
        command = [
            str(Path(sys.executable).parent / "uvicorn"),
            self.app,
            "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(self.workers),
            "--log-level", "warning", "--no-access-log", "--no-server-header", "--timeout-keep-alive", "75", "--proxy-headers",
            "--http", http_protocol.PROTOCOL,
        ]  # fmt: skip
        self.process = subprocess.Popen(command, cwd=API_DIR, start_new_session=True, env=self.env)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                httpx.get(f"{self.url}/bare", timeout=2)  # any answer: uvicorn answers once the app has started
                return self
            except httpx.HTTPError:
                time.sleep(0.1)
        self.__exit__()
        raise RuntimeError(f"{self.app} did not start")

    def __exit__(self, *_: object) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait(timeout=20)


def post_script(directory: Path, account: Account, food_id: int) -> Path:
    """A wrk script posting one meal log per request (spread over two weeks of dates)."""
    days = [(date.today() - timedelta(days=n)).isoformat() for n in range(14)]
    script = directory / "meal_log.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "{account.headers["Authorization"]}"\n'
        f"local days = {{{', '.join(repr(day).replace(chr(39), chr(34)) for day in days)}}}\n"
        "local n = 0\n"
        "request = function()\n"
        "  n = n + 1\n"
        f'  local body = string.format(\'{{"date": "%s", "slot": "lunch", "food_id": {food_id}, "grams": %d}}\', '
        "days[n % #days + 1], 50 + n % 300)\n"
        "  return wrk.format(nil, nil, nil, body)\n"
        "end\n"
    )
    return script


def ratios(
    api_url: str,
    bare_url: str,
    account: Account,
    food_id: int,
    directory: Path,
    seconds: float,
    connections: int,
    api_group: int | None = None,
    bare_group: int | None = None,
    write_floor: tuple[str, int | None] | None = None,
    rounds: int = 3,
) -> list[dict[str, Any]]:
    """Each endpoint's throughput over the bare endpoint's, in `rounds` rounds of `seconds` each, the bare endpoint
    measured next to it in every round (before it, then after it, in turn): the median round's ratio, and the
    lowest and highest. One round alone moved by a quarter from one run to the next (the bare endpoint gave
    23,700 and 33,500 requests a second a minute apart on the development machine), more than the gaps the
    goals measure. `write_floor` (its URL and process group): bench/bare_write.py, measured with the meal-log
    write's script."""
    day = (date.today() - timedelta(days=1)).isoformat()
    write = post_script(directory, account, food_id)
    cases: list[tuple[str, str, dict[str, Any], int | None]] = [
        ("health", f"{api_url}/api/health", {}, api_group),
        ("food search", f"{api_url}/api/foods?q=apple", {}, api_group),
        ("diary read (signed in)", f"{api_url}/api/diary/{day}", {"headers": account.headers}, api_group),
        ("meal-log write", f"{api_url}/api/meal-logs", {"script": write}, api_group),
    ]
    if write_floor is not None:
        cases.append((WRITE_FLOOR, f"{write_floor[0]}/api/meal-logs", {"script": write}, write_floor[1]))

    def measured(url: str, group: int | None, options: dict[str, Any]) -> tuple[float, int, float]:
        """(requests per second, requests answered, the server's CPU seconds meanwhile)."""
        cpu = group_cpu_seconds(group) if group else 0.0
        rate, requests = wrk_run(
            url, seconds, connections, script=options.get("script"), headers=options.get("headers")
        )
        return rate, requests, (group_cpu_seconds(group) - cpu if group else 0.0)

    rows = []
    for name, url, options, group in cases:
        api_runs: list[tuple[float, int, float]] = []
        bare_runs: list[tuple[float, int, float]] = []
        for round_ in range(rounds):
            order = [(bare_runs, f"{bare_url}/bare", bare_group, {}), (api_runs, url, group, options)]
            for runs, target, target_group, target_options in order if round_ % 2 == 0 else order[::-1]:
                runs.append(measured(target, target_group, target_options))
        round_ratios = sorted(api[0] / bare[0] for api, bare in zip(api_runs, bare_runs, strict=True) if bare[0])
        requests, bare_requests = sum(run[1] for run in api_runs), sum(run[1] for run in bare_runs)
        cpu_ms = 1000 * sum(run[2] for run in api_runs) / requests if requests else 0.0
        bare_cpu_ms = 1000 * sum(run[2] for run in bare_runs) / bare_requests if bare_requests else 0.0
        rows.append(
            {
                "endpoint": name,
                "requests_per_second": round(statistics.median(run[0] for run in api_runs), 1),
                "bare_requests_per_second": round(statistics.median(run[0] for run in bare_runs), 1),
                "ratio": round(statistics.median(round_ratios), 3) if round_ratios else 0.0,
                "ratio_low": round(round_ratios[0], 3) if round_ratios else 0.0,
                "ratio_high": round(round_ratios[-1], 3) if round_ratios else 0.0,
                "rounds": rounds,
                # The server's own CPU per answer: what one core serves, whatever else the machine is doing.
                "cpu_ms_per_request": round(cpu_ms, 3),
                "bare_cpu_ms_per_request": round(bare_cpu_ms, 3),
                "requests_per_core_second": round(1000 / cpu_ms) if cpu_ms else 0,
                "cpu_ratio": round(bare_cpu_ms / cpu_ms, 3) if cpu_ms else 0.0,
            }
        )
    return rows
