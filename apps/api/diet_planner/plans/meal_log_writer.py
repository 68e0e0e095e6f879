"""The fast lane's meal-log writes (router.meal_log_fast_lane) as the machine writer commits them
(core/machine_writer.py: one process for every worker of a machine).

A worker makes the row and its values, as for its own writer thread, and sends them with the token's
session; the machine writer does what that thread did for a batch: checks each session in the shared store
(revoked, or not known live at the person's stamp, or the food kept at an older data stamp: not written, and
the worker's framework answers the request in full, its 401), inserts the rest in one statement, commits once,
then replaces each person's stamp keeping their session known live, and answers `[id, forget]` per write
(`forget`: the stamps could not be replaced, the worker drops what it keeps), None (not written) or FAILED."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from diet_planner.core import freshness
from diet_planner.core.config import Settings
from diet_planner.core.db import DirectWriter, WriteGate, is_sqlite, make_engine, sqlite_path
from diet_planner.core.kv import make_store
from diet_planner.core.logging import get_logger
from diet_planner.core.machine_writer import serve_forever
from diet_planner.core.security import AccessClaims
from diet_planner.diary import service as diary

log = get_logger("meal_log_writer")
FAILED = False  # the answer of a write whose commit failed: not acknowledged, not to be tried again by the worker


def message(values: Any, claims: AccessClaims, data_stamp: int, live_until: datetime) -> list[Any]:
    """What a worker sends for one write: the row's values (diary's SAVE_FOOD_LOGS.prepare, FOOD_LOG_COLUMNS)
    and the session to check."""
    return [values, claims.user_id, claims.jti, claims.family, data_stamp, live_until.timestamp()]


class MealLogWrites:
    """The machine writer's handler: a batch of messages in, one answer each out, in order."""

    def __init__(self, settings: Settings) -> None:
        url = settings.sqlalchemy_url
        timeout_s = float(settings.db_queue_timeout_seconds)
        engine = make_engine(url, pool_size=1, max_overflow=0, lock_timeout_s=max(1.0, timeout_s))
        # The same write gate as the workers' own writers: their other writes (plans, profiles) take turns with it.
        gate = WriteGate(sqlite_path(url), timeout_s) if is_sqlite(url) else None
        # Each batch is one statement: on PostgreSQL committed as the server answers it (DirectWriter.autocommit).
        self.writer = DirectWriter(engine, gate, autocommit=True)
        self.store = make_store(settings.redis_url, settings.shared_state_file)

    def __call__(self, messages: list[list[Any]]) -> list[Any]:
        answers: list[Any] = [None] * len(messages)
        try:
            found = freshness.sessions_at_stamps(self.store, [(m[1], m[2], m[3]) for m in messages])
        except Exception:  # the shared store is down: nothing is checked, so nothing is written here
            log.exception("Could not check the sessions of %d meal-log writes", len(messages))
            return answers
        may_commit = [freshness.write_may_commit(one, m[4]) for m, one in zip(messages, found, strict=True)]
        accepted = [(index, stamp) for index, stamp in enumerate(may_commit) if stamp is not None]
        if not accepted:
            return answers
        try:
            self.writer.begin()
        except Exception:  # the write gate or the database: each write is answered by its worker in full
            log.exception("Could not begin a batch of %d meal-log writes", len(accepted))
            return answers
        try:
            ids = diary.insert_prepared_logs(self.writer, [messages[index][0] for index, _ in accepted])
        except Exception as error:
            self.writer.rollback()
            if self.writer.may_have_committed(error):  # the connection lost before the answer: each answers 503
                log.exception("A batch of %d meal-log writes may or may not be committed", len(accepted))
                for index, _ in accepted:
                    answers[index] = FAILED
                return answers
            # Nothing of the batch is written: each worker writes its own in full (its 404, its 422).
            log.exception("A batch of %d meal-log writes failed; their workers write them one by one", len(accepted))
            return answers
        try:
            self.writer.commit()
        except Exception:  # not acknowledged, and not to be written again: each answers 503 (as the worker's own)
            log.exception("The commit of a batch of %d meal-log writes failed", len(accepted))
            for index, _ in accepted:
                answers[index] = FAILED
            return answers
        forget = []
        kept_live = [
            (messages[index][1], messages[index][3], stamp, datetime.fromtimestamp(messages[index][5], UTC))
            for index, stamp in accepted
        ]
        freshness.replace_stamps(
            self.store, {user_id for user_id, *_ in kept_live}, kept_live, lambda: forget.append(1)
        )
        for (index, _), new_id in zip(accepted, ids, strict=True):
            answers[index] = [new_id, bool(forget)]
        return answers


def serve(settings: Settings, path: Path, parent: int) -> None:
    """The machine writer process's loop, until its parent (`diet-planner serve`) ends."""
    log.info("Machine writer %d listening on %s", os.getpid(), path)
    serve_forever(path, MealLogWrites(settings), parent=parent)
