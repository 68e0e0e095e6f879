"""`diet-planner`: the operator's command line (serve, migrate, load data, users, backups, checks)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import typer
from rich.console import Console

from diet_planner.core.config import environment_value, get_settings

app = typer.Typer(help="Diet Planner operations.", no_args_is_help=True, add_completion=False)
console = Console()


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Address to bind (default HOST or 127.0.0.1)"),
    port: int | None = typer.Option(None, help="Port (default PORT or 5001)"),
    workers: int | None = typer.Option(
        None, help="Worker processes (default WEB_CONCURRENCY, else one per core, at most 4)"
    ),
    migrate_first: bool = typer.Option(True, "--migrate/--no-migrate", help="Apply migrations before serving"),
) -> None:
    """Serve the API and the built web app."""
    import os

    import uvicorn

    settings = get_settings()
    trusted_proxies = environment_value("FORWARDED_ALLOW_IPS") or "127.0.0.1"
    problem = forwarded_allow_ips_problem(trusted_proxies, settings.app_env.value)
    if problem:
        typer.echo(problem, err=True)
        raise typer.Exit(2)
    if migrate_first:
        _migrate()
    workers = max(1, workers or settings.web_concurrency or default_workers(settings.sqlalchemy_url))
    # The workers read these: how many siblings share the machine (the solver pool's share), and where they
    # share rate limits, login throttling and revocations when there is no Redis.
    os.environ["WEB_CONCURRENCY"] = str(workers)
    if workers > 1 and not settings.redis_url and not settings.shared_state_file:
        from diet_planner.core.config import REPO_DIR

        # In memory (tmpfs) where the machine has it: every request counts in this file, and on disk that
        # cost a cached food search half its throughput (bench_load's ratios).
        folder = _private_shm_folder() or REPO_DIR / "var"
        os.environ["SHARED_STATE_FILE"] = str(folder / f"diet_planner-shared_state-{port or settings.port}.db")
    writer = _start_machine_writer(port or settings.port) if workers > 1 else None
    try:
        _serve_workers(
            uvicorn, host or settings.host, port or settings.port, workers, trusted_proxies, bool(settings.debug)
        )
    finally:
        if writer is not None:  # after the workers: every write they sent has been answered
            writer.terminate()
            try:
                writer.wait(timeout=10)
            except subprocess.TimeoutExpired:
                writer.kill()


def _start_machine_writer(port: int) -> subprocess.Popen[bytes] | None:
    """The process that commits the meal-log writes of every worker together (core/machine_writer.py), started
    before the workers (they find its socket in MACHINE_WRITER_SOCKET), ended with `serve`. None when the
    workers write alone (no socket within 10 s: the workers then write as before)."""
    import os
    import sys
    import time

    from diet_planner.core.config import REPO_DIR

    socket_path = (_private_shm_folder() or REPO_DIR / "var") / f"diet_planner-writer-{port}.sock"
    socket_path.unlink(missing_ok=True)
    # In this process group: a kill of `serve` and its workers (kill -9 of the group) ends it too.
    writer = subprocess.Popen(  # noqa: S603 (this interpreter, this package, our own arguments)
        [sys.executable, "-m", "diet_planner.cli", "machine-writer", str(socket_path), str(os.getpid())],
        cwd=_api_dir(),
    )
    deadline = time.monotonic() + 10
    while not socket_path.exists():
        if writer.poll() is not None or time.monotonic() > deadline:
            writer.kill()
            typer.echo("The machine writer did not start: each worker writes alone", err=True)
            return None
        time.sleep(0.05)
    os.environ["MACHINE_WRITER_SOCKET"] = str(socket_path)
    return writer


@app.command("machine-writer", hidden=True)
def machine_writer(socket_path: Path, parent: int) -> None:
    """The machine writer's process (started by `serve`), until `parent` ends."""
    import signal
    import sys

    from diet_planner.core.logging import configure_logging
    from diet_planner.plans import meal_log_writer

    # Ctrl-C reaches the whole terminal's process group: the workers finish their requests, and this process
    # answers them until `serve` ends it (SIGTERM, after its workers), or its parent is gone.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    settings = get_settings()
    configure_logging(settings.log_file, level=settings.log_level, json_lines=bool(settings.log_json))
    meal_log_writer.serve(settings, socket_path, parent)


def _serve_workers(uvicorn: Any, host: str, port: int, workers: int, trusted_proxies: str, debug: bool) -> None:
    from diet_planner.core import http_protocol

    uvicorn.run(
        "app:app",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        # Only these peers' X-Forwarded-For is believed; uvicorn then takes the right-most address that is not
        # a trusted proxy, the one the proxy itself saw (a client writes whatever it likes to the left).
        forwarded_allow_ips=trusted_proxies,
        # DEBUG (on in development) shows uvicorn's lifecycle lines ("Uvicorn running on ..."); requests are
        # logged by the app itself (diet_planner.http), so uvicorn's own access log stays off.
        log_level="info" if debug else "warning",
        access_log=False,
        # No "server: uvicorn" header: it tells an attacker what to look up, and is one header less per answer.
        server_header=False,
        # Idle keep-alive connections stay open longer than any client or proxy keeps them (nginx upstream and
        # httpx: 60 s and 5 s): when the server closes one first, a request already sent on it fails (ReadError
        # or 502) though nothing went wrong.
        timeout_keep_alive=75,
        # An answer's head and body in one write, one TCP segment (core/http_protocol.py).
        http=http_protocol.PROTOCOL,
        app_dir=str(_api_dir()),
    )


def forwarded_allow_ips_problem(value: str, app_env: str) -> str | None:
    """Why FORWARDED_ALLOW_IPS is unsafe, or None. "*" believes X-Forwarded-For from any peer, so outside
    development every client could choose its address and walk past the rate limit and login throttle."""
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    if app_env != "development" and "*" in entries:
        return (
            f'FORWARDED_ALLOW_IPS="*" trusts X-Forwarded-For from every client when APP_ENV={app_env}: set it to the '
            "addresses or networks of your reverse proxy only (e.g. 172.30.0.10 or 10.0.0.0/8); see the README"
        )
    return None


def _private_shm_folder() -> Path | None:
    """A folder of this user's own under /dev/shm (mode 700), or None: /dev/shm is writable by everyone, and
    another user's file there could forge the rate limits or revocations."""
    import os
    import stat

    shm = Path("/dev/shm")  # noqa: S108 (a private folder inside it, checked below)
    if not shm.is_dir():
        return None
    folder = shm / f"diet_planner-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        return None
    return folder


def default_workers(database_url: str) -> int:
    """One worker per core, at most 4 (each holds a pool of DB_POOL_SIZE + DB_MAX_OVERFLOW connections);
    one for an in-memory SQLite database, which a second process could not see."""
    import os

    if database_url.startswith("sqlite") and ":memory:" in database_url:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _api_dir() -> str:
    from diet_planner.core.config import API_DIR

    return str(API_DIR)


def _migrate() -> None:
    from diet_planner.core.migrate import upgrade

    upgrade(get_settings().sqlalchemy_url)


@app.command()
def migrate() -> None:
    """Apply every pending database migration."""
    _migrate()
    console.print("[green]Database is at the latest migration.[/green]")


@app.command("load-data")
def load_data() -> None:
    """Load the bundled datasets into the database where they are missing (idempotent)."""
    from diet_planner import models  # noqa: F401  (every table on the metadata, for relationships and FKs)
    from diet_planner.core.db import Database, session_scope

    settings = get_settings()
    db = Database(settings.sqlalchemy_url, pool_size=1, max_overflow=0)
    try:
        for step in _data_loaders():
            for session in session_scope(db.session_factory):
                message = step(session, settings)
                console.print(message)
    finally:
        db.dispose()
    _shared_data_changed()


def _shared_data_changed() -> None:
    """Running servers forget what they rendered from the shared data (core/freshness.py)."""
    from diet_planner.core.freshness import replace_data_stamp
    from diet_planner.core.kv import make_store

    settings = get_settings()
    replace_data_stamp(make_store(settings.redis_url, settings.shared_state_file))


def _data_loaders() -> list:  # type: ignore[type-arg]
    """Each loader takes (session, settings), loads what is missing and returns a one-line report."""
    from diet_planner.foods.service import load_bundled_usda, sync_catalogue_recipes

    return [load_bundled_usda, sync_catalogue_recipes]


@app.command("import-foods")
def import_foods(
    source: Path = typer.Argument(
        ..., help="cronometer .deb / usda_sr24.jar / folder, or an SR Legacy ASCII or CSV release"
    ),
    fmt: str = typer.Option("auto", "--format", help="auto, sr24, sr-legacy-ascii or fdc-csv"),
    release: str | None = typer.Option(
        None, "--release", help="Release name stored with each food (default: from the source)"
    ),
) -> None:
    """Import (or update) USDA foods from a release; running it again changes nothing."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from diet_planner import models  # noqa: F401  (every table on the metadata, for relationships and FKs)
    from diet_planner.core.db import Database, session_scope
    from diet_planner.foods.importers.conversion import FoodImportError
    from diet_planner.foods.importers.runner import import_foods as run_import

    db = Database(get_settings().sqlalchemy_url, pool_size=1, max_overflow=0)
    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=console
    )
    tasks: dict[str, TaskID] = {}

    def on_progress(stage: str, done: int, total: int) -> None:
        if stage not in tasks:
            tasks[stage] = bar.add_task(stage, total=total or None)
        bar.update(tasks[stage], completed=done, total=total or None)

    try:
        with bar:
            for session in session_scope(db.session_factory):
                report = run_import(session, source, fmt, release, on_progress)
    except FoodImportError as error:
        typer.echo(f"Import failed: {error}", err=True)
        raise typer.Exit(1) from error
    finally:
        db.dispose()
    _shared_data_changed()
    console.print(
        f"[green]Imported {report.read} foods ({report.format}, release {report.release!r}):[/green] "
        f"{report.inserted} new, {report.updated} updated, {report.unchanged} unchanged"
        + (f"; {report.not_in_release} older foods not in this release were kept" if report.not_in_release else "")
    )


@app.command("create-user")
def create_user(
    email: str = typer.Option(..., prompt=True),
    password: str = typer.Option(..., prompt=True, hide_input=True, confirmation_prompt=True),
    name: str | None = typer.Option(None),
) -> None:
    """Create an account from the command line."""
    from diet_planner.auth import service
    from diet_planner.core.db import Database, session_scope
    from diet_planner.core.errors import AppError

    db = Database(get_settings().sqlalchemy_url, pool_size=1, max_overflow=0)
    try:
        for session in session_scope(db.session_factory):
            user = service.register(session, email, password, name)
            console.print(f"[green]Created user {user.id} <{user.email}>[/green]")
    except AppError as error:
        console.print(f"[red]{error.detail}[/red]")
        raise typer.Exit(1) from error
    finally:
        db.dispose()


@app.command()
def backup(output: Path | None = typer.Option(None, "--output", "-o", help="File to write")) -> None:
    """Back up the configured database (pg_dump for PostgreSQL, the backup API for SQLite)."""
    from diet_planner.ops import backup as backups

    url = get_settings().sqlalchemy_url
    target = output or Path(backups.default_backup_name(url))
    try:
        written = backups.backup(url, target)
    except backups.BackupError as error:
        typer.echo(f"Backup failed: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Backup written to {written} ({written.stat().st_size} bytes)")


@app.command()
def restore(
    backup_file: Path = typer.Argument(..., help="A file made by `diet-planner backup`"),
    yes: bool = typer.Option(False, "--yes", help="Confirm replacing the configured database's contents"),
) -> None:
    """Restore a backup into the configured database (psql for PostgreSQL, the backup API for SQLite)."""
    from diet_planner.ops import backup as backups

    if not yes:
        typer.echo("Restoring replaces the database's contents; run again with --yes to confirm.", err=True)
        raise typer.Exit(2)
    try:
        backups.restore(get_settings().sqlalchemy_url, backup_file)
        _shared_data_changed()
    except backups.BackupError as error:
        typer.echo(f"Restore failed: {error}", err=True)
        raise typer.Exit(1) from error
    typer.echo(f"Restored {backup_file}")


@app.command()
def verify() -> None:
    """The guide's deployment verification against API_URL and WEB_URL (default http://localhost:5001)."""
    from diet_planner.ops.checks import DEFAULT_URL, verify_deployment

    report = verify_deployment(environment_value("API_URL") or DEFAULT_URL, environment_value("WEB_URL") or DEFAULT_URL)
    for line in report.lines:
        typer.echo(line)
    if not report.ok:
        raise typer.Exit(1)


@app.command("health-check")
def health_check() -> None:
    """The guide's system health check: date, uptime, CPU, memory, disk, API status, database."""
    from diet_planner.core.db import Database
    from diet_planner.ops.checks import DEFAULT_URL, system_health

    db = Database(get_settings().sqlalchemy_url, pool_size=1, max_overflow=0)
    try:
        report = system_health(environment_value("API_URL") or DEFAULT_URL, db.ping)
    finally:
        db.dispose()
    for line in report.lines:
        typer.echo(line)
    if not report.ok:
        raise typer.Exit(1)


if __name__ == "__main__":
    app()
