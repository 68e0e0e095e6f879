"""HiGHS solves of the day models, in worker processes that can be killed.

HiGHS 1.16 can loop forever on a few of our models (in `HPresolve::strengthenInequalities`, inside the presolve
of a sub-MIP of its root reduced-cost heuristic), where neither its time limit nor our interrupt callback is
checked. A thread cannot be stopped, so a MILP runs in a child process (`python -m diet_planner.planner.
highs_worker`, one per core, reused). A worker whose HiGHS stops checking its limits exits (its watchdog) or, failing
that, is killed when it overruns its wall-clock caps by far; the model is then solved again on a fresh worker
without presolve. The LP relaxations (no presolve, no sub-MIP) run in the caller's process.

Messages on the pipes: an 8-byte length, then a JSON header, a newline and a NumPy .npz of the arrays (no pickle).
"""

from __future__ import annotations

import io
import json
import logging
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import highspy
import numpy as np
import numpy.typing as npt

_HIGHS: Any = getattr(highspy, "_Highs", highspy.Highs)
log = logging.getLogger("diet_planner.planner")

# HiGHS checks its limits (and calls our interrupt callback) at fixed points of its search, as many on every run
# of the same model: counting the checks stops a solve at the same point whatever the load, so a seed reproduces.
# Calibrated on the planner bench (bench/bench_planner.py): at 250 checks per budgeted second a 7-day plan takes
# about the CPU time it took with a CPU-time limit and meets more requirements.
CHECKS_PER_SECOND = 250.0
# Caps of a solve, in budgets (of at least CAP_FLOOR_S), beyond the deterministic one above: CPU time for a model
# whose limit checks are rare, wall clock for a machine so loaded that the solve gets under a fortieth of a core.
# Far enough out that no model of the bench's panel meets them, quiet or loaded: a shortlist MILP takes 0.2-0.5 s
# of CPU to its 45 checks, and on two cores shared by the two plan halves, four spinning processes and the other
# servers' solves (load 6-9) it gets a fifth of a core or less, so at 10 budgets (2.5 s) the wall clock, not the
# count, stopped it and the same seed gave another plan (tests/planner/test_solver.py, the busy machine).
CPU_CAP = 4.0
WALL_CAP = 40.0
CAP_FLOOR_S = 0.25
RESCUE_TIME_S = 2.0  # more for a model that found no point at all in its time
# A worker that has not answered this long after the longest a solve may take (its wall-clock caps) is stuck.
STUCK_GRACE_S = 5.0
# What a stuck model is solved with the second time: no presolve, no sub-MIP heuristic.
STUCK_RETRY_OPTIONS: dict[str, Any] = {"presolve": "off", "mip_heuristic_run_root_reduced_cost": False}

Array = npt.NDArray[Any]


@dataclass
class SolveJob:
    """One model in HiGHS's row-wise form, with what the solve needs to know."""

    arrays: dict[str, Array]  # cost, col_lower, col_upper, row_lower, row_upper, starts, index, value, integer
    time_limit_s: float
    relaxation: bool = False
    start: dict[int, float] = field(default_factory=dict)  # integer columns of a known point
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class SolveOutcome:
    values: list[float]  # empty: no feasible point
    reduced_costs: list[float] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.values)


def _capped(budget_s: float) -> float:
    return max(budget_s, CAP_FLOOR_S)


def run_job(job: SolveJob, watchdog: _Watchdog | None = None) -> SolveOutcome:
    """Solve in this process: one thread, the budget counted in limit checks, caps for pathological models.
    `watchdog` (in a worker) hears each limit check and ends the worker when they stop coming."""
    a = job.arrays
    inf = highspy.kHighsInf
    lp = highspy.HighsLp()
    lp.num_col_ = len(a["cost"])
    lp.num_row_ = len(a["row_lower"])
    lp.col_cost_ = a["cost"]
    lp.col_lower_ = a["col_lower"]
    lp.col_upper_ = a["col_upper"]
    lp.row_lower_ = np.where(a["row_lower"] > -1e29, a["row_lower"], -inf)
    lp.row_upper_ = np.where(a["row_upper"] < 1e29, a["row_upper"], inf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.num_col_ = lp.num_col_
    lp.a_matrix_.num_row_ = lp.num_row_
    lp.a_matrix_.start_ = a["starts"].astype(np.int32)
    lp.a_matrix_.index_ = a["index"].astype(np.int32)
    lp.a_matrix_.value_ = a["value"]
    integer = a["integer"].astype(bool)
    lp.integrality_ = [
        highspy.HighsVarType.kInteger if flag and not job.relaxation else highspy.HighsVarType.kContinuous
        for flag in integer
    ]
    # The bare binding: `highspy.Highs()` prints a banner on stdout, which a server (or this worker's pipe) must not.
    h = _HIGHS()
    h.setOptionValue("output_flag", False)
    budget = [float(job.time_limit_s)]
    checks = [0]
    cpu_start = time.thread_time()

    def interrupt(_kind: int, _message: str, _out: Any, data_in: Any, _user: Any) -> None:
        if watchdog is not None:
            watchdog.beat(budget[0])
        checks[0] += 1
        spent = checks[0] > CHECKS_PER_SECOND * budget[0]
        if spent or time.thread_time() - cpu_start > CPU_CAP * _capped(budget[0]):
            data_in.user_interrupt = True

    if not job.relaxation:
        h.setCallback(interrupt, None)
        h.startCallback(highspy.cb.HighsCallbackType.kCallbackMipInterrupt)
    h.setOptionValue("time_limit", WALL_CAP * _capped(budget[0]))
    h.setOptionValue("random_seed", 0)
    # One thread: on a shared server a second one mostly waits, and requests run side by side.
    h.setOptionValue("threads", 1)
    # Sub-MIP heuristics cost more than they find on these small models.
    h.setOptionValue("mip_heuristic_run_rins", False)
    h.setOptionValue("mip_heuristic_run_rens", False)
    # A restart after the root (presolve again, cuts again) costs a quarter of a day's solve and, stopped on its
    # budget, finds no better day on the planner bench's models.
    h.setOptionValue("mip_allow_restart", False)
    for name, value in job.options.items():
        h.setOptionValue(name, value)
    if h.passModel(lp) != highspy.HighsStatus.kOk:
        raise RuntimeError("HiGHS rejected the day model")
    if watchdog is not None:
        watchdog.beat(budget[0])
    if job.start and not job.relaxation:
        # A known plan as the first incumbent: every integer column set, HiGHS completes the rest by an LP.
        cols = np.flatnonzero(integer).astype(np.int32)
        h.setSolution(len(cols), cols, np.array([job.start.get(int(i), 0.0) for i in cols]))
    h.run()
    stopped = (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt)
    if int(h.getInfo().primal_solution_status) != 2 and h.getModelStatus() in stopped:
        # Out of time before any point: every model here is feasible, so search on.
        budget[0] += RESCUE_TIME_S
        h.setOptionValue("time_limit", WALL_CAP * _capped(budget[0]))
        h.run()
    if watchdog is not None:
        watchdog.rest()
    # A feasible point exists (optimal, or stopped on a limit with an incumbent).
    if int(h.getInfo().primal_solution_status) != 2:
        return SolveOutcome([])
    solution = h.getSolution()
    reduced = list(solution.col_dual) if job.relaxation and solution.dual_valid else []
    return SolveOutcome(list(solution.col_value), reduced)


class _Watchdog:
    """In a worker: HiGHS calls back at every limit check (every few milliseconds); when a solve's CPU cap passes
    without one, it is in a loop that checks nothing and the worker exits, so its caller retries at once instead
    of at its deadline."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last: float | None = None  # process CPU time of the last check; None between solves
        self._allow = 0.0
        threading.Thread(target=self._watch, daemon=True).start()

    def beat(self, budget_s: float) -> None:
        with self._lock:
            self._last = time.process_time()
            self._allow = CPU_CAP * _capped(budget_s)

    def rest(self) -> None:
        with self._lock:
            self._last = None

    def _watch(self) -> None:
        parent = os.getppid()
        while True:
            time.sleep(0.1)
            with self._lock:
                stalled = self._last is not None and time.process_time() - self._last > self._allow
            # A worker stuck in HiGHS when its server dies would spin on, so it also leaves with its parent.
            if stalled or os.getppid() != parent:
                os._exit(3)


def longest_solve_s(job: SolveJob) -> float:
    """The most wall-clock time `run_job` may take before its own caps stop it."""
    return WALL_CAP * _capped(job.time_limit_s + RESCUE_TIME_S)


# --- the pipe protocol ----------------------------------------------------------------------------------------


def _encode(header: dict[str, Any], arrays: dict[str, Array]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]
    body = json.dumps(header).encode() + b"\n" + buffer.getvalue()
    return struct.pack("<Q", len(body)) + body


def _decode(body: bytes) -> tuple[dict[str, Any], dict[str, Array]]:
    head, _, rest = body.partition(b"\n")
    with np.load(io.BytesIO(rest), allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    header: dict[str, Any] = json.loads(head)
    return header, arrays


def _read_exact(stream: IO[bytes], size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            raise EOFError("the HiGHS worker closed its pipe")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _read_message(stream: IO[bytes]) -> bytes:
    (size,) = struct.unpack("<Q", _read_exact(stream, 8))
    return _read_exact(stream, size)


def _job_message(job: SolveJob) -> bytes:
    header = {
        "time_limit_s": job.time_limit_s,
        "relaxation": job.relaxation,
        "start": [[col, value] for col, value in job.start.items()],
        "options": job.options,
    }
    return _encode(header, job.arrays)


def _job_from(body: bytes) -> SolveJob:
    header, arrays = _decode(body)
    start = {int(col): float(value) for col, value in header["start"]}
    return SolveJob(arrays, float(header["time_limit_s"]), bool(header["relaxation"]), start, header["options"])


def serve(reader: IO[bytes], writer: IO[bytes]) -> None:
    """The worker's loop: a job in, its outcome (or the error) out, until the pipe closes."""
    watchdog = _Watchdog()
    while True:
        try:
            body = _read_message(reader)
        except EOFError:
            return
        try:
            outcome = run_job(_job_from(body), watchdog)
            message = _encode(
                {"error": None},
                {"values": np.array(outcome.values), "reduced": np.array(outcome.reduced_costs)},
            )
        except Exception as exc:  # reported to the caller, which raises it there
            message = _encode({"error": f"{type(exc).__name__}: {exc}"}, {})
        writer.write(message)
        writer.flush()


# --- the pool -------------------------------------------------------------------------------------------------


class SolverStuck(RuntimeError):
    """HiGHS did not return from a model, twice."""


def _import_path() -> str:
    # The worker imports this package from where the server did, whatever its working directory and install.
    here = str(Path(__file__).resolve().parents[2])
    return os.pathsep.join([here, *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))])


class _Worker:
    def __init__(self) -> None:
        # stdout carries the replies, so the worker's own prints (none expected) go to stderr.
        self.process = subprocess.Popen(  # our own interpreter and module, no shell
            [sys.executable, "-m", "diet_planner.planner.highs_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": _import_path()},
        )

    def solve(self, job: SolveJob, wait_s: float) -> SolveOutcome | None:
        """The outcome, or None when the worker is stuck (or died) and must be thrown away."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(_job_message(job))
            self.process.stdin.flush()
            ready, _, _ = select.select([self.process.stdout], [], [], wait_s)
            if not ready:
                return None
            header, arrays = _decode(_read_message(self.process.stdout))
        except (OSError, EOFError):
            return None
        if header["error"]:
            raise RuntimeError(f"HiGHS worker: {header['error']}")
        return SolveOutcome(arrays["values"].tolist(), arrays["reduced"].tolist())

    @property
    def pid(self) -> int:
        return self.process.pid

    def kill(self) -> None:
        self.process.kill()
        self.process.wait()


class SolverPool:
    """Up to `size` reusable workers, started as they are first needed; a caller waits for an idle one."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._live: set[_Worker] = set()  # idle or busy; len() is how many are started
        self._lock = threading.Lock()
        self.replaced = 0  # workers killed because HiGHS never returned

    def start(self) -> None:
        """Start the workers not yet running (each takes a moment to import HiGHS), so no request waits on it."""
        with self._lock:
            while len(self._live) < self.size:
                self._idle.put(self._new_worker())

    def cpu_seconds(self) -> float:
        """CPU time the live workers, idle or busy, have used (Linux; 0 elsewhere), for the metrics and the bench."""
        total = 0.0
        with self._lock:
            workers = list(self._live)
        for worker in workers:
            try:
                fields = Path(f"/proc/{worker.pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
        return total

    def _take(self) -> _Worker:
        with self._lock:
            if self._idle.empty() and len(self._live) < self.size:
                return self._new_worker()
        return self._idle.get()

    def _new_worker(self) -> _Worker:  # under self._lock
        worker = _Worker()
        self._live.add(worker)
        return worker

    def _run(self, job: SolveJob) -> SolveOutcome | None:
        worker = self._take()
        try:
            outcome = worker.solve(job, longest_solve_s(job) + STUCK_GRACE_S)
        except RuntimeError:
            self._idle.put(worker)  # an error it reported: the exchange is complete, the worker can go on
            raise
        except BaseException:
            self._replace(worker)  # interrupted mid-exchange: its next answer would be this job's
            raise
        if outcome is None:
            log.warning("HiGHS worker %s gave no answer to a day model in time: killed and replaced", worker.pid)
            self.replaced += 1
            self._replace(worker)
        else:
            self._idle.put(worker)
        return outcome

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._live.discard(worker)
            self._idle.put(self._new_worker())  # in its place, so whoever waits for a worker gets one

    def solve(self, job: SolveJob) -> SolveOutcome:
        outcome = self._run(job)
        if outcome is None:
            outcome = self._run(replace(job, options={**job.options, **STUCK_RETRY_OPTIONS}))
        if outcome is None:
            raise SolverStuck("HiGHS did not return from the day model, with or without presolve")
        return outcome


_POOL: SolverPool | None = None
_POOL_LOCK = threading.Lock()
_SIBLINGS = 1  # API worker processes on this machine, each with a pool like this one


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 2


def pool_size(workers: int) -> int:
    """This process's share of one solver per core: the machine's cores divided between its API workers
    (a single worker keeps two, so one plan's solve never waits behind another's)."""
    if workers <= 1:
        return max(2, _cores())
    return max(1, -(-_cores() // workers))


def configure_pool(workers: int) -> None:
    """Size the pool for `workers` API processes on this machine (before or after it starts)."""
    global _SIBLINGS
    with _POOL_LOCK:
        _SIBLINGS = max(1, workers)
        if _POOL is not None:
            _POOL.size = pool_size(_SIBLINGS)


def pool() -> SolverPool:
    """The process's pool, its share of one worker per core (started as they are first needed)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = SolverPool(pool_size(_SIBLINGS))
        return _POOL


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
