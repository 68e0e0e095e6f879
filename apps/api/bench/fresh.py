"""A fresh SQLite database in a temporary folder, migrated and loaded with the bundled USDA foods: where the
benchmarks that measure food matching in process start from."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.db import make_engine
from diet_planner.core.migrate import upgrade
from diet_planner.foods import service


@contextmanager
def usda_session() -> Iterator[Session]:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        upgrade(url)
        engine = make_engine(url, pool_size=2, max_overflow=0)
        try:
            with Session(engine) as session:
                service.load_bundled_usda(session, Settings())
                session.commit()
                yield session
        finally:
            engine.dispose()
