"""Load benchmark: simulated users against a real API process on a fresh database per engine, as in
tests/reliability/test_load.py but sized by the environment:

    LOAD_USERS (50), LOAD_SECONDS (30, with every user signed up), LOAD_WORKERS (2),
    LOAD_ENGINES (sqlite,postgresql), LOAD_REPORT_FILE (optional JSON output)

    cd apps/api && LOAD_USERS=100 LOAD_SECONDS=60 .venv/bin/python -m bench.bench_load

Prints throughput, p50/p95/p99 per endpoint, errors, and whether every acknowledged write is in the
database afterwards."""

from __future__ import annotations

import asyncio
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tests.conftest import _postgres_available
from tests.reliability.loadgen import missing_writes, run_load
from tests.support import ApiProcess, fresh_database, migrate, process_env, run_cli


def _run_engine(engine: str, users: int, seconds: float, workers: int) -> dict[str, Any]:
    with (
        tempfile.TemporaryDirectory(prefix="bench-load-") as directory,
        fresh_database(Path(directory), backend=engine, label="bench") as url,
    ):
        migrate(url)
        env = process_env(url, Path(directory))
        loaded = run_cli(["load-data"], env, timeout_s=600)
        if loaded.returncode != 0:
            raise RuntimeError(loaded.stdout + loaded.stderr)
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
    workers = int(os.environ.get("LOAD_WORKERS", "2"))
    engines = [name.strip() for name in os.environ.get("LOAD_ENGINES", "sqlite,postgresql").split(",") if name.strip()]
    results = []
    for engine in engines:
        if engine == "postgresql" and not _postgres_available():
            print("postgresql: unreachable, skipped")
            continue
        results.append(_run_engine(engine, users, seconds, workers))
    if target := os.environ.get("LOAD_REPORT_FILE"):
        Path(target).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
