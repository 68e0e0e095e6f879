"""Fixtures for reliability tests: a migrated database of their own and real API processes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support import fresh_database, migrate


@pytest.fixture
def api_database(tmp_path: Path) -> Iterator[str]:
    """A freshly migrated database (SQLite file or PostgreSQL database) that API processes share."""
    with fresh_database(tmp_path, label="rel") as url:
        migrate(url)
        yield url
