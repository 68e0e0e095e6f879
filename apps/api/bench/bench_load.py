"""Load benchmark against real API processes on a fresh database per engine (foods and recipes loaded),
on loopback only, every loop bounded in time. Three scenarios (LOAD_SCENARIOS, default all three):

- ratios: wrk (32 connections) against health, an anonymous food search, a signed-in diary read and a
  meal-log write, each in rounds next to the same wrk against a bare Starlette endpoint served the same way
  (bench/bare_starlette.py, same uvicorn options and workers): throughput as a ratio of the framework's
  floor, the median of the rounds' ratios, survives a noisy machine; so does the server's own CPU time per
  answer (CPU ms/req, and req/core-s = what one busy core serves), read from /proc for each server's process
  group. Needs wrk (`make bench`
  installs it with apt-get where it can). Then the durable-write floor (bench/bare_write.py: a
  group-committed durable write with none of the API around it) with the write's script: what the machine
  allows any durable write, and the API's write as a share of it.
- burst: BURST_CLIENTS (50,200) clients with no think time for BURST_SECONDS (30) each: meal-log writes,
  diary reads, food searches; then kill -9 of the server in the middle of a burst, a restart, and the same
  bursts again; every acknowledged meal log must be in the database at the end. The clients are wrk with
  bench/burst.lua (C: a tenth of a core or so, `gen %`), so their latencies are the server's as a client sees
  it; `app p95` is the server's own (its access log's durations). Without wrk, or with
  BURST_GENERATOR=python, the clients are one Python process, which needs about a core of its own and whose
  queueing dominated the p95 it reported.
- users: simulated users as in tests/reliability/test_load.py (sign-up, think time, plans):
  LOAD_USERS (50), LOAD_SECONDS (30, with every user signed up), LOAD_WORKERS (2).

LOAD_ENGINES (sqlite,postgresql), BENCH_WORKERS (the server's default: WEB_CONCURRENCY or the core count),
RATIO_SECONDS (5) and RATIO_ROUNDS (3, each endpoint against the bare one), LOAD_REPORT_FILE (optional JSON output).

    cd apps/api && LOAD_SCENARIOS=burst BURST_CLIENTS=50 .venv/bin/python -m bench.bench_load"""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from bench import burst as bursts
from diet_planner.cli import default_workers
from tests.conftest import _postgres_available
from tests.reliability.loadgen import missing_writes, run_load
from tests.support import ApiProcess, fresh_database, migrate, process_env, run_cli

GOALS = {"health": 0.7, "food search": 0.4, "diary read (signed in)": 0.3, "meal-log write": 0.2}


def _loaded_env(engine: str, directory: Path, url: str) -> dict[str, str]:
    migrate(url)
    env = process_env(url, directory)
    loaded = run_cli(["load-data"], env, timeout_s=600)
    if loaded.returncode != 0:
        raise RuntimeError(loaded.stdout + loaded.stderr)
    return env


def _run_ratios(engine: str, env: dict[str, str], directory: Path, workers: int) -> list[dict[str, Any]]:
    if not bursts.wrk_available():
        print(f"{engine} ratios: wrk is not installed (apt-get install wrk), skipped")
        return []
    seconds = float(os.environ.get("RATIO_SECONDS", "5"))
    rounds = max(1, int(os.environ.get("RATIO_ROUNDS", "3")))
    with ApiProcess(env, workers=workers, log_name="ratios") as api, bursts.BareServer(workers) as bare:
        accounts, foods = bursts.sign_up(api.url, 1, f"ratio{os.getpid()}")
        floor_env = {"BARE_WRITE_URL": env["DATABASE_URL"], "BARE_WRITE_USER": str(accounts[0].user_id)}
        with bursts.BareServer(
            workers, "bench.bare_write:app", {**floor_env, "BARE_WRITE_FOOD": str(foods[0])}
        ) as floor:
            rows = bursts.ratios(
                api.url,
                bare.url,
                accounts[0],
                foods[0],
                directory,
                seconds,
                32,
                group(api),
                group(bare),
                (floor.url, group(floor)),
                rounds,
            )
    print(
        f"\n{engine}: throughput against a bare Starlette endpoint ({workers} worker(s), wrk -c32; {rounds} rounds of "
        f"{seconds:.0f} s each, the bare endpoint next to each: the median round, and the lowest and highest ratio)"
    )
    print(
        f"{'endpoint':<26} {'req/s':>9} {'bare req/s':>11} {'ratio':>7} {'range':>11} {'goal':>6}      "
        f"{'CPU ms/req':>10} {'bare CPU ms':>11} {'CPU ratio':>9} {'req/core-s':>10}"
    )
    for row in rows:
        goal = GOALS.get(row["endpoint"])
        mark = "" if goal is None else "ok" if row["ratio"] >= goal else "BELOW"
        print(
            f"{row['endpoint']:<26} {row['requests_per_second']:>9.0f} {row['bare_requests_per_second']:>11.0f} "
            f"{row['ratio']:>6.2f}x {row['ratio_low']:>5.2f}-{row['ratio_high']:.2f}x "
            f"{'' if goal is None else f'{goal:.1f}x':>6} {mark:<5} {row['cpu_ms_per_request']:>10.2f} "
            f"{row['bare_cpu_ms_per_request']:>11.3f} {row['cpu_ratio']:>8.2f}x {row['requests_per_core_second']:>10}"
        )
    by_name = {row["endpoint"]: row for row in rows}
    if (
        (floor_row := by_name.get(bursts.WRITE_FLOOR))
        and (write := by_name.get("meal-log write"))
        and floor_row["ratio"]
    ):
        # What the machine allows a durable write (bench/bare_write.py), and how much of it the API's write keeps.
        print(
            f"meal-log write: {write['requests_per_second'] / floor_row['requests_per_second']:.0%} of the durable-write "
            f"floor's throughput; its goal (0.2x) is {GOALS['meal-log write'] / floor_row['ratio']:.0%} of the floor"
        )
    return [{"engine": engine, "workers": workers, **row} for row in rows]


def group(server: ApiProcess | bursts.BareServer) -> int | None:
    """A server's process group (its workers and solver processes, each started in a session of its own), whose
    CPU time a ratio or a burst measures."""
    return server.process.pid if server.process is not None else None


def _run_bursts(engine: str, env: dict[str, str], url: str, workers: int) -> dict[str, Any]:
    clients_list = [int(n) for n in os.environ.get("BURST_CLIENTS", "50,200").split(",") if n.strip()]
    seconds = float(os.environ.get("BURST_SECONDS", "30"))
    results: list[bursts.BurstResult] = []
    acknowledged: dict[int, int] = {}
    api = ApiProcess(env, workers=workers, log_name="burst").start()
    log = Path(env["LOG_FILE"])

    def burst(clients: int, label: str) -> bursts.BurstResult:
        # Accounts of its own for each burst: the diary days it reads start empty, as in the first burst.
        # Shared accounts made each burst read days holding every earlier burst's writes (~140 entries a day
        # by the fourth), which, not the restart, made the later bursts cost more per request.
        accounts, foods = bursts.sign_up(api.url, 8, f"burst{os.getpid()}-{len(results)}")
        return bursts.run_burst(
            api.url, accounts, foods, clients, seconds, label, server_group=group(api), log_file=log
        )

    try:
        for clients in clients_list:
            results.append(burst(clients, "fresh"))
        # kill -9 in the middle of a burst of writers: what was acknowledged before must survive it.
        accounts, foods = bursts.sign_up(api.url, 8, f"burst{os.getpid()}-kill")
        crash = bursts.run_burst(
            api.url, accounts, foods, clients_list[0], 60, "kill -9", kill_after_s=5, kill=api.kill
        )
        acknowledged.update(crash.acknowledged)
        api.start()
        for clients in clients_list:
            results.append(burst(clients, "after restart"))
    finally:
        api.stop()
    for result in results:
        acknowledged.update(result.acknowledged)
    lost = bursts.missing_meal_logs(url, acknowledged)
    generator = results[0].generator if results else "none"
    print(
        f"\n{engine}: bursts with no think time ({workers} worker(s), {seconds:.0f} s each; clients: {generator}, "
        "gen % = its CPU in % of one core)"
    )
    print(
        f"{'phase':<14} {'clients':>7} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'p95 write':>9} "
        f"{'p95 diary':>9} {'p95 search':>10} {'5xx':>5} {'503':>5} {'transport':>9} {'writes':>7} {'CPU ms/req':>10} {'req/core-s':>10} {'app p95':>7} {'gen %':>6}"
    )
    for result in results:
        row = result.row()
        print(
            f"{row['label']:<14} {row['clients']:>7} {row['requests_per_second']:>7.1f} {row['p50_ms']:>7.0f} "
            f"{row['p95_ms']:>7.0f} {row['p99_ms']:>7.0f} {row['p95_write_ms']:>9.0f} {row['p95_diary_ms']:>9.0f} "
            f"{row['p95_search_ms']:>10.0f} {row['responses_5xx']:>5} {row['responses_503']:>5} "
            f"{row['transport_errors']:>9} {row['writes_acknowledged']:>7} {row['server_cpu_ms_per_request']:>10.1f} "
            f"{row['requests_per_core_second']:>10} {row['server_p95_ms']:>7.0f} {row['generator_core_percent']:>6.0f}"
        )
    print(
        f"kill -9 after 5 s of {clients_list[0]} clients: {len(crash.acknowledged)} writes acknowledged before it; "
        f"acknowledged meal logs missing afterwards: {len(lost)} of {len(acknowledged)}"
    )
    return {
        "engine": engine,
        "workers": workers,
        "bursts": [result.row() for result in results],
        "acknowledged_before_kill": len(crash.acknowledged),
        "acknowledged": len(acknowledged),
        "missing_writes": len(lost),
    }


def _run_users(engine: str, env: dict[str, str], url: str, users: int, seconds: float, workers: int) -> dict[str, Any]:
    with ApiProcess(env, workers=workers, log_name="bench") as api:
        report = asyncio.run(run_load(api.url, users=users, seconds=seconds))
    lost = missing_writes(url, report)
    print(f"{engine} ({workers} workers)\n" + report.table())
    print(f"acknowledged writes missing afterwards: {len(lost)}" + (f" e.g. {lost[:3]}" if lost else ""))
    if report.unexpected:
        print(f"unexpected responses (first 5): {report.unexpected[:5]}")
    return {"engine": engine, "workers": workers, "missing_writes": len(lost), **report.as_dict()}


def main() -> None:
    users = int(os.environ.get("LOAD_USERS", "50"))
    seconds = float(os.environ.get("LOAD_SECONDS", "30"))
    user_workers = int(os.environ.get("LOAD_WORKERS", "2"))
    engines = [name.strip() for name in os.environ.get("LOAD_ENGINES", "sqlite,postgresql").split(",") if name.strip()]
    scenarios = {name.strip() for name in os.environ.get("LOAD_SCENARIOS", "ratios,burst,users").split(",")}
    print(f"load bench on {os.cpu_count()} cores (load average {os.getloadavg()[0]:.1f} at the start)")
    results: dict[str, list[Any]] = {"ratios": [], "burst": [], "users": []}
    for engine in engines:
        if engine == "postgresql" and not _postgres_available():
            print("postgresql: unreachable, skipped")
            continue
        workers = int(os.environ.get("BENCH_WORKERS") or default_workers(f"{engine}://"))
        with (
            tempfile.TemporaryDirectory(prefix="bench-load-") as directory,
            fresh_database(Path(directory), backend=engine, label="bench") as url,
        ):
            env = _loaded_env(engine, Path(directory), url)
            if "ratios" in scenarios:
                results["ratios"] += _run_ratios(engine, env, Path(directory), workers)
            if "burst" in scenarios:
                results["burst"].append(_run_bursts(engine, env, url, workers))
            if "users" in scenarios:
                results["users"].append(_run_users(engine, env, url, users, seconds, user_workers))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    if target := os.environ.get("LOAD_REPORT_FILE"):
        Path(target).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
