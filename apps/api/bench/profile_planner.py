"""Where a week's plan spends its CPU: per step of a day's search, the solves, their CPU and how often they win.

`python -m bench.profile_planner --panel harder` plans the panel's weeks with every HiGHS solve in this process
and the two halves of a week one after the other, so each solve's thread CPU time is its own, whatever else the
machine runs. Per step (the LP relaxation, the shortlist MILP, the gap MILP, the polish, the wider and loose
rescues): how many solves, their CPU, and how many days they made better (planner.explain.day_score).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bench.bench_planner import _request, _table, load_catalogue, panel
from diet_planner.planner import highs_worker, horizon, search
from diet_planner.planner.check import check_plan
from diet_planner.planner.explain import day_score
from diet_planner.planner.solve import generate_plan


@dataclass
class Step:
    solves: int = 0
    cpu: float = 0.0
    wins: int = 0  # days it made better than the best before it


@dataclass
class Starts:
    given: int = 0  # MILPs handed a first incumbent
    accepted: int = 0  # of those, the ones HiGHS could complete to a feasible point
    cpu: float = 0.0  # spent checking, taken off the steps' CPU


STARTS = Starts()


def _start_feasible(job: highs_worker.SolveJob) -> bool:
    """What HiGHS does with a start: its integer columns fixed, an LP over the rest; feasible or not."""
    integer = job.arrays["integer"].astype(bool)
    lower, upper = job.arrays["col_lower"].copy(), job.arrays["col_upper"].copy()
    for col in np.flatnonzero(integer):
        lower[col] = upper[col] = job.start.get(int(col), 0.0)
    fixed = {**job.arrays, "col_lower": lower, "col_upper": upper}
    return highs_worker.run_job(replace(job, arrays=fixed, relaxation=True, start={})).ok


class _InProcess:
    """The pool's interface, each MILP solved in the calling thread (no worker to lose its CPU time to)."""

    def solve(self, job: highs_worker.SolveJob) -> highs_worker.SolveOutcome:
        if job.start:
            start = time.thread_time()
            STARTS.given += 1
            STARTS.accepted += _start_feasible(job)
            STARTS.cpu += time.thread_time() - start
        return highs_worker.run_job(job)

    def start(self) -> None:
        pass

    def cpu_seconds(self) -> float:
        return 0.0


def _step(day_limit_s: float, kwargs: dict[str, Any], caller: str) -> str:
    if kwargs.get("probe") is not None:
        return "relaxation (LP)"
    if caller == "_polish":
        return "polish"
    if kwargs.get("strict_variety") is False:
        return "loose rescue"
    if kwargs.get("start") is None:
        return "shortlist MILP" if kwargs.get("allowed") is not None else "full MILP"
    return "gap MILP" if kwargs.get("time_limit_s") == search.GAP_SHARE * day_limit_s else "wider rescue"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--panel", choices=("all", "main", "harder"), default="harder")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    highs_worker.pool = _InProcess  # type: ignore[assignment]
    horizon.PARALLEL_MIN_DAYS = 10**6
    steps: dict[str, Step] = defaultdict(Step)
    trail: list[tuple[str, tuple[int, float] | None]] = []
    solve_day = search.solve_day

    def timed(*a: Any, **kwargs: Any) -> Any:
        name = _step(a[0].request.time_limit_s, kwargs, sys._getframe(1).f_code.co_name)
        start, checks = time.thread_time(), STARTS.cpu
        try:
            day = solve_day(*a, **kwargs)
        finally:
            steps[name].solves += 1
            steps[name].cpu += time.thread_time() - start - (STARTS.cpu - checks)
        trail.append((name, None if kwargs.get("probe") is not None else day_score(day)))
        return day

    search.solve_day = timed  # type: ignore[assignment]
    fallback = search.solve_with_fallback

    def day_search(*a: Any, **kwargs: Any) -> Any:
        trail.clear()
        day = fallback(*a, **kwargs)
        best: tuple[int, float] | None = None
        for name, score in trail:
            if score is not None and (best is None or score < best):
                steps[name].wins += best is not None
                best = score
        return day

    horizon.solve_with_fallback = day_search  # type: ignore[assignment]
    catalogue = load_catalogue()
    table = _table(catalogue)
    days = met = total = 0
    for case in panel(args.panel):
        request = _request(case, catalogue, table)
        start = time.thread_time()
        plan = generate_plan(request)
        report = check_plan(request, plan)
        days += len(plan.days)
        met += report.requirements_met
        total += report.requirements_total
        print(
            f"{case.name}: {time.thread_time() - start:.2f} s CPU, {report.requirements_met}/{report.requirements_total}"
        )
    print(f"\n{'step':<18} {'solves':>7} {'per day':>8} {'CPU s':>7} {'s/solve':>8} {'wins':>5}")
    for name, step in sorted(steps.items(), key=lambda kv: -kv[1].cpu):
        per_solve = step.cpu / max(step.solves, 1)
        print(
            f"{name:<18} {step.solves:>7} {step.solves / days:>8.2f} {step.cpu:>7.2f} {per_solve:>8.3f} {step.wins:>5}"
        )
    print(f"\n{days} days, requirements met {100 * met / max(total, 1):.1f} %")
    print(f"MILP starts: {STARTS.accepted} of {STARTS.given} feasible (HiGHS keeps them as its first incumbent)")


if __name__ == "__main__":
    main()
