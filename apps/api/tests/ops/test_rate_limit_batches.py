"""The per-minute rate limit counted in batches (ops/ratelimit.py) still holds across the workers of a machine."""

from __future__ import annotations

from pathlib import Path

from diet_planner.core.kv import FileStore
from diet_planner.ops.ratelimit import SharedRateLimit


def test_two_workers_counting_in_batches_never_let_more_than_the_limit_through(tmp_path: Path) -> None:
    shared = tmp_path / "shared_state.db"
    # Two workers' limiters on one shared file, as `serve` sets them up; 600 a minute reserves 6 hits at a time.
    workers = [SharedRateLimit(FileStore(shared), 600), SharedRateLimit(FileStore(shared), 600)]
    assert workers[0].batch > 1
    allowed = 0
    for hit in range(1000):
        ok, retry_after = workers[hit % 3 % 2].hit("rate:addr:203.0.113.9")  # uneven share between the workers
        allowed += ok
        assert 1 <= retry_after <= 60
    # Never more than the limit; at most one unused batch per worker refused early.
    assert 600 - 2 * (workers[0].batch - 1) <= allowed <= 600
    # Another client is counted apart.
    assert workers[1].hit("rate:addr:203.0.113.10")[0]


def test_small_limits_are_counted_one_by_one(tmp_path: Path) -> None:
    shared = tmp_path / "shared_state.db"
    workers = [SharedRateLimit(FileStore(shared), 5), SharedRateLimit(FileStore(shared), 5)]
    results = [workers[hit % 2].hit("rate:user:7")[0] for hit in range(8)]
    assert results == [True] * 5 + [False] * 3
