"""Database backups and restores: pg_dump/psql for PostgreSQL, the sqlite3 backup API for SQLite."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404  # pg_dump and psql are the guide's tools; no shell is involved
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """A backup or restore could not be done; the message says why and what to do."""


@dataclass(frozen=True)
class PostgresTarget:
    """The connection parameters of the guide's `pg_dump -U diet_user -h localhost diet_planner`."""

    user: str | None
    host: str | None
    port: int | None
    database: str
    password: str | None

    def arguments(self) -> list[str]:
        args: list[str] = []
        if self.user:
            args += ["-U", self.user]
        if self.host:
            args += ["-h", self.host]
        if self.port:
            args += ["-p", str(self.port)]
        return args

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        # The password goes through the environment, never the command line (visible in `ps`).
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def postgres_target(url: str) -> PostgresTarget:
    parsed = make_url(url)
    if not parsed.database:
        raise BackupError(f"The database URL names no database: {parsed.render_as_string(hide_password=True)}")
    return PostgresTarget(parsed.username, parsed.host, parsed.port, parsed.database, parsed.password)


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up")
    return Path(database)


def default_backup_name(url: str, now: datetime | None = None) -> str:
    stamp = (now or datetime.now()).strftime("%Y%m%d_%H%M%S")
    return f"backup_{stamp}.sql" if url.startswith("postgresql") else f"backup_{stamp}.db"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"`{name}` is not installed; on Debian: apt-get install postgresql-client")
    return path


def backup(url: str, output: Path) -> Path:
    """Write a full copy of the database at `url` to `output` and return the path."""
    output.parent.mkdir(parents=True, exist_ok=True)
    if url.startswith("sqlite"):
        source_path = sqlite_path(url)
        if not source_path.is_file():
            raise BackupError(f"No SQLite database at {source_path}")
        # The backup API copies a consistent snapshot even while the API is writing (WAL included).
        source = sqlite3.connect(source_path)
        target = sqlite3.connect(output)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return output
    if url.startswith("postgresql"):
        target_db = postgres_target(url)
        # Plain SQL as in the guide; --clean/--if-exists let the file restore over an existing schema too,
        # --no-owner/--no-privileges let another role (the host's, a local superuser) restore it.
        command = [
            _tool("pg_dump"),
            *target_db.arguments(),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "-f",
            str(output),
            target_db.database,
        ]
        result = subprocess.run(command, env=target_db.environment(), capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            output.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        return output
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {make_url(url).get_backend_name()}")


def restore(url: str, backup_file: Path) -> None:
    """Replace the contents of the database at `url` with those of `backup_file`."""
    if not backup_file.is_file():
        raise BackupError(f"No backup file at {backup_file}")
    with backup_file.open("rb") as handle:
        is_sqlite_file = handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    if url.startswith("sqlite"):
        if not is_sqlite_file:
            raise BackupError(f"{backup_file} is not a SQLite database (was it made from PostgreSQL?)")
        target_path = sqlite_path(url)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(backup_file)
        target = sqlite3.connect(target_path)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        return
    if url.startswith("postgresql"):
        if is_sqlite_file:
            raise BackupError(f"{backup_file} is a SQLite database; PostgreSQL restores need a pg_dump .sql file")
        target_db = postgres_target(url)
        # The guide's `psql -U diet_user -d diet_planner < backup.sql`, stopping at the first error in one
        # transaction so a failed restore leaves the database as it was.
        command = [
            _tool("psql"),
            *target_db.arguments(),
            "-d",
            target_db.database,
            "-X",
            "-q",
            "-v",
            "ON_ERROR_STOP=1",
            "--single-transaction",
            "-f",
            str(backup_file),
        ]
        result = subprocess.run(command, env=target_db.environment(), capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode != 0:
            raise BackupError(f"psql failed: {result.stderr.strip()}")
        return
    raise BackupError(f"Restores support SQLite and PostgreSQL, not {make_url(url).get_backend_name()}")
