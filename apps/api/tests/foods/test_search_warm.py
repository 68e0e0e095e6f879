"""The search vocabulary (what ranking learns from the shared foods, seconds of CPU to build) is built when a
worker starts, and once, however many searches arrive while it is being built."""

from __future__ import annotations

import threading
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from diet_planner.core.config import Settings
from diet_planner.core.kv import MemoryStore
from diet_planner.foods import labels, search
from diet_planner.main import create_app


class CountingVocabulary(search.Vocabulary):
    def __init__(self) -> None:
        super().__init__()
        self.builds = 0

    def _load(self, session: Session) -> None:
        self.builds += 1
        super()._load(session)


def test_searches_arriving_together_build_the_vocabulary_once(migrated_engine: Engine) -> None:
    vocabulary = CountingVocabulary()
    start = threading.Barrier(6)
    found: list[frozenset[str]] = []

    def first_search() -> None:
        with Session(migrated_engine) as session:
            start.wait()
            found.append(vocabulary.get(session))

    threads = [threading.Thread(target=first_search) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert vocabulary.builds == 1
    assert len(found) == 6 and all(words == found[0] for words in found) and "apple" in found[0]


def test_a_starting_worker_builds_the_vocabulary_before_its_first_search(
    settings: Settings, migrated_engine: Engine, monkeypatch: Any
) -> None:
    fresh = CountingVocabulary()
    monkeypatch.setattr(search, "VOCABULARY", fresh)
    labels.plain_foods.cache_clear()
    app = create_app(settings, store=MemoryStore())
    with TestClient(app) as client:
        assert fresh.builds == 1  # during startup, before any request
        assert labels.plain_foods.cache_info().currsize == 1  # the display names a meal log takes
        assert client.get("/api/foods", params={"q": "apple"}).status_code == 200
        assert fresh.builds == 1
    app.state.db.dispose()
