"""Fixtures for reliability tests: databases of their own and real API processes."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from diet_planner.ops.backup import backup
from tests.support import admin_execute, fresh_database, migrate, process_env, run_cli

# Figures the reliability tests measured, shown in the terminal summary so `make test` output records them.
MEASUREMENTS: list[str] = []


@pytest.fixture
def api_database(tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database (SQLite file or PostgreSQL database) that API processes share."""
    with fresh_database(tmp_path, label="rel") as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def reference_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Migrated, with the USDA foods and the recipe catalogue loaded by `diet-planner load-data`, once per
    run; tests get copies of it (`clone_database`), never the template itself."""
    directory = tmp_path_factory.mktemp("reference")
    with fresh_database(directory, label="reftpl") as url:
        migrate(url)
        loaded = run_cli(["load-data"], process_env(url, directory), timeout_s=300)
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        yield url


@contextmanager
def clone_database(template_url: str, directory: Path, label: str) -> Iterator[str]:
    """A new database with the template's contents (a copy costs about a second; loading the data, ten)."""
    if template_url.startswith("sqlite"):
        target = backup(template_url, directory / f"{label}-{uuid.uuid4().hex[:6]}.db")
        yield f"sqlite:///{target}"
        return
    template = make_url(template_url)
    name = f"diet_planner_ops_{label}_{uuid.uuid4().hex[:8]}"
    admin_execute(f'CREATE DATABASE "{name}" TEMPLATE "{template.database}"')
    try:
        yield template.set(database=name).render_as_string(hide_password=False)
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def reference_database(reference_template: str, tmp_path: Path) -> Iterator[str]:
    """A database of the test's own with the foods and recipes loaded, so plans can be generated."""
    with clone_database(reference_template, tmp_path, "ref") as url:
        yield url


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if MEASUREMENTS:
        terminalreporter.write_sep("-", "reliability measurements")
        for text in MEASUREMENTS:
            terminalreporter.write_line(text)
