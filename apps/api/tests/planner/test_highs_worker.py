"""The HiGHS worker pool: a model on which HiGHS never returns is still solved, and the pool keeps serving."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from diet_planner.planner.highs_worker import SolveJob, SolverPool

DATA = Path(__file__).parent / "data"
DAY_OPTIONS = {"mip_rel_gap": 0.05, "mip_abs_gap": 3.0}  # as the planner solves a day


def _loop_model() -> SolveJob:
    # A shortlist MILP of a keto week on which HiGHS 1.16.0 loops for ever inside the presolve of a sub-MIP of its
    # root reduced-cost heuristic, where neither its time limit nor the interrupt callback is checked.
    with np.load(DATA / "highs_presolve_loop.npz") as data:
        arrays = {name: data[name] for name in data.files}
    return SolveJob(arrays, time_limit_s=0.18, options=dict(DAY_OPTIONS))


def _feasible(job: SolveJob, values: list[float]) -> bool:
    a, x = job.arrays, np.array(values)
    activity = np.array(
        [a["value"][s:e] @ x[a["index"][s:e]] for s, e in zip(a["starts"][:-1], a["starts"][1:], strict=True)]
    )
    integral = np.allclose(x[a["integer"]], np.round(x[a["integer"]]), atol=1e-6)
    within_cols = np.all(x >= a["col_lower"] - 1e-6) and np.all(x <= a["col_upper"] + 1e-6)
    within_rows = np.all(activity >= a["row_lower"] - 1e-6) and np.all(activity <= a["row_upper"] + 1e-6)
    return bool(integral and within_cols and within_rows)


def _knapsack() -> SolveJob:
    # max 5a + 4b + 3c subject to 2a + 3b + c <= 5, binaries: a = b = 1, c = 0 (9, against 8 for a and c).
    arrays = {
        "cost": np.array([-5.0, -4.0, -3.0]),
        "col_lower": np.zeros(3),
        "col_upper": np.ones(3),
        "row_lower": np.array([-1e30]),
        "row_upper": np.array([5.0]),
        "starts": np.array([0, 3], dtype=np.int32),
        "index": np.array([0, 1, 2], dtype=np.int32),
        "value": np.array([2.0, 3.0, 1.0]),
        "integer": np.ones(3, dtype=bool),
    }
    return SolveJob(arrays, time_limit_s=0.5)


def test_a_model_highs_loops_on_is_solved_again_and_the_pool_goes_on() -> None:
    pool = SolverPool(1)
    job = _loop_model()
    outcome = pool.solve(job)
    assert outcome.ok and _feasible(job, outcome.values)
    assert pool.replaced == 1, "HiGHS returned from the model: it no longer tests the recovery, find another"
    # The one worker was replaced, so the next day's model still has a worker to run on.
    assert pool.solve(_knapsack()).values == pytest.approx([1.0, 1.0, 0.0])
    assert pool.cpu_seconds() > 0  # the live worker's, for the metrics


def test_a_model_highs_rejects_is_an_error_not_a_hang() -> None:
    pool = SolverPool(1)
    broken = _knapsack()
    broken.arrays["index"] = np.array([0, 1, 7], dtype=np.int32)  # a column that does not exist
    with pytest.raises(RuntimeError, match="HiGHS"):
        pool.solve(broken)
    assert pool.replaced == 0
    assert pool.solve(_knapsack()).values == pytest.approx([1.0, 1.0, 0.0])


def test_solver_cpu_counts_busy_workers_too() -> None:
    """The metric is a counter: a scrape while a worker solves must not see it drop."""
    pool = SolverPool(1)
    pool.solve(_knapsack())
    idle = pool.cpu_seconds()
    assert idle > 0
    busy = pool._take()  # as during a solve
    try:
        assert pool.cpu_seconds() >= idle
    finally:
        pool._idle.put(busy)
