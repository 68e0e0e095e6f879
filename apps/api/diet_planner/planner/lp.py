"""The LP adapter: rows and columns collected in Python, handed to HiGHS in one call."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np

from diet_planner.planner import highs_worker

# HiGHS (one thread) stops at a 5 % / 3.0 gap: below the price of a 0.1 % shortfall of any minimum (day.py's
# weights), so a stop short of optimality only gives up the small niceties (cost noise, fewer sides, slot shares).
MIP_REL_GAP = 0.05
MIP_ABS_GAP = 3.0
INF = 1e30


class Lp:
    """A mixed-integer model built column by column and row by row; the order of both is the order of calls."""

    def __init__(self) -> None:
        self.cost: list[float] = []
        self.lower: list[float] = []
        self.upper: list[float] = []
        self.integer: list[bool] = []
        self.rows: list[tuple[float, float, list[int], list[float]]] = []
        self.reduced_costs: list[float] = []  # of the LP relaxation, after solve(relaxation=True)

    def col(self, cost: float, lower: float, upper: float, integer: bool) -> int:
        self.cost.append(cost)
        self.lower.append(lower)
        self.upper.append(upper)
        self.integer.append(integer)
        return len(self.cost) - 1

    def row(self, lower: float, upper: float, idx: list[int], val: list[float]) -> None:
        if len(set(idx)) == len(idx):
            if idx:
                self.rows.append((lower, upper, idx, val))
            return
        # HiGHS wants each column once per row: a column named twice gets the sum of its coefficients.
        merged: dict[int, float] = {}
        for i, v in zip(idx, val, strict=True):
            merged[i] = merged.get(i, 0.0) + v
        self.rows.append((lower, upper, list(merged), list(merged.values())))

    def at_most(self, cols: list[int], upper: float) -> None:
        self.row(-INF, upper, cols, [1.0] * len(cols))

    def solve(
        self, time_limit_s: float, relaxation: bool = False, start: dict[int, float] | None = None
    ) -> tuple[list[float], bool]:
        starts = np.zeros(len(self.rows) + 1, dtype=np.int32)
        np.cumsum([len(r[2]) for r in self.rows], out=starts[1:])
        arrays = {
            "cost": np.array(self.cost),
            "col_lower": np.array(self.lower),
            "col_upper": np.array(self.upper),
            "row_lower": np.array([r[0] for r in self.rows]),
            "row_upper": np.array([r[1] for r in self.rows]),
            "starts": starts,
            "index": np.array(list(itertools.chain.from_iterable(r[2] for r in self.rows)), dtype=np.int32),
            "value": np.array(list(itertools.chain.from_iterable(r[3] for r in self.rows))),
            "integer": np.array(self.integer, dtype=bool),
        }
        options: dict[str, Any] = {"mip_rel_gap": MIP_REL_GAP, "mip_abs_gap": MIP_ABS_GAP}
        if relaxation:
            # HiGHS's presolve costs these LPs three times what the simplex does (bench/bench_planner.py).
            options["presolve"] = "off"
        job = highs_worker.SolveJob(arrays, time_limit_s, relaxation, dict(start or {}), options)
        # An LP without presolve runs here; a MILP in a worker process that is killed if HiGHS never returns.
        outcome = highs_worker.run_job(job) if relaxation else highs_worker.pool().solve(job)
        if relaxation:
            self.reduced_costs = outcome.reduced_costs
        return outcome.values, outcome.ok
