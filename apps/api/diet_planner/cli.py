"""`diet-planner`: the operator's command line (serve, migrate, load data, users, backups, checks)."""

from __future__ import annotations

import typer
from rich.console import Console

from diet_planner.core.config import get_settings

app = typer.Typer(help="Diet Planner operations.", no_args_is_help=True, add_completion=False)
console = Console()


@app.command()
def serve(
    host: str | None = typer.Option(None, help="Address to bind (default HOST or 127.0.0.1)"),
    port: int | None = typer.Option(None, help="Port (default PORT or 5001)"),
    workers: int = typer.Option(1, help="Worker processes"),
    migrate_first: bool = typer.Option(True, "--migrate/--no-migrate", help="Apply migrations before serving"),
) -> None:
    """Serve the API and the built web app."""
    import uvicorn

    settings = get_settings()
    if migrate_first:
        _migrate()
    uvicorn.run(
        "app:app",
        host=host or settings.host,
        port=port or settings.port,
        workers=workers,
        proxy_headers=True,
        forwarded_allow_ips="127.0.0.1",
        log_level="warning",
        app_dir=str(_api_dir()),
    )


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


def _data_loaders() -> list:  # type: ignore[type-arg]
    """Each loader takes (session, settings), loads what is missing and returns a one-line report."""
    return []


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


if __name__ == "__main__":
    app()
