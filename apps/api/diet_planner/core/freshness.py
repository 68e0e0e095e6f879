"""Whether what a worker process remembers about a person is still true, across processes and replicas.

Every person has a *state stamp* in the shared store (core/kv.py): a random number replaced after every change
to their data or their sign-in sessions has been committed (any write request they make, a refresh token's
reuse), and a data-wide stamp that the CLI replaces after a catalogue import or a restore. Something computed
after reading the stamp and kept with it is still true while the stamp is the same: a change after the read
replaces the stamp before the change is acknowledged. Random values, not counters: a store that forgets (a
Redis restart, an expiry) can never bring back a stamp that old entries carry.

Two things are kept with a stamp: that an access token's sign-in session was live (so a cached answer need not
ask the database), and the rendered diary day (diary/router.py, served by the middleware's fast lane)."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from contextvars import ContextVar
from datetime import UTC, datetime

from diet_planner.core.kv import KeyValueStore
from diet_planner.core.logging import get_logger

log = get_logger("freshness")

STAMP_TTL_SECONDS = 7 * 24 * 3600
DATA_STAMP_KEY = "state:data"
# Stamp of the person, stamp of the data: what a remembered thing was computed against.
Stamp = tuple[int, int]


def user_stamp_key(user_id: int) -> str:
    return f"state:user:{user_id}"


def revoked_key(jti: str) -> str:
    """The shared flag that revokes one access token (auth/service.py sets it on sign-out)."""
    return f"revoked-jti:{jti}"


def _new_value() -> int:
    return random.getrandbits(62) + 1


def current_stamp(store: KeyValueStore, user_id: int) -> Stamp:
    """The person's stamp now (one round trip), a fresh one for a person or data set the store does not know."""
    user_value, data_value = store.get_numbers([user_stamp_key(user_id), DATA_STAMP_KEY])
    if user_value is None:
        user_value = _new_value()
        store.set_number(user_stamp_key(user_id), user_value, STAMP_TTL_SECONDS)
    if data_value is None:
        data_value = _new_value()
        store.set_number(DATA_STAMP_KEY, data_value, STAMP_TTL_SECONDS)
    return user_value, data_value


def stamp_and_revocation(store: KeyValueStore, user_id: int, jti: str) -> tuple[Stamp | None, bool]:
    """(the person's stamp, None where either part is unknown; whether this access token is revoked): the
    fast lane's one round trip to the shared store."""
    user_value, data_value, revoked = store.get_numbers([user_stamp_key(user_id), DATA_STAMP_KEY, revoked_key(jti)])
    stamp = None if user_value is None or data_value is None else (user_value, data_value)
    return stamp, revoked is not None


def live_session_key(user_id: int, family: str) -> str:
    """The shared mark that a sign-in session was found live, by any worker, at the stamp it holds (mixed)."""
    return f"live:{user_id}:{family}"


def _mark_value(stamp: Stamp) -> int:
    # Both parts: a restore (a new data stamp) may have brought back or ended sessions.
    return ((stamp[0] * 1_000_003) ^ stamp[1]) & ((1 << 62) - 1)


def session_at_stamp(store: KeyValueStore, user_id: int, jti: str, family: str) -> tuple[Stamp | None, bool, bool]:
    """(the person's stamp, None where either part is unknown; whether this access token is revoked; whether
    its sign-in session is known live at that stamp, by this worker or through the shared mark of another):
    the fast lanes' one round trip to the shared store."""
    return sessions_at_stamps(store, [(user_id, jti, family)])[0]


# (user id, access token id, sign-in session family) of a request's access token.
TokenSession = tuple[int, str, str]


def sessions_at_stamps(store: KeyValueStore, sessions: Sequence[TokenSession]) -> list[tuple[Stamp | None, bool, bool]]:
    """session_at_stamp of several tokens in one round trip (the meal-log writes committed together)."""
    asked = [
        (user_stamp_key(user_id), revoked_key(jti), live_session_key(user_id, family))
        for user_id, jti, family in sessions
    ]
    keys = list(dict.fromkeys([DATA_STAMP_KEY, *(key for three in asked for key in three)]))  # each key once
    number = dict(zip(keys, store.get_numbers(keys), strict=True))
    data_value = number[DATA_STAMP_KEY]
    found: list[tuple[Stamp | None, bool, bool]] = []
    for (user_id, _, family), three in zip(sessions, asked, strict=True):
        user_value, revoked, marked = (number[key] for key in three)
        if user_value is None or data_value is None:
            found.append((None, revoked is not None, False))
            continue
        stamp = (user_value, data_value)
        found.append((stamp, revoked is not None, _live_at(user_id, family, stamp, marked)))
    return found


def write_may_commit(found: tuple[Stamp | None, bool, bool], data_stamp: int | None) -> Stamp | None:
    """A write's session as sessions_at_stamps found it: the person's stamp when the write may be committed
    (not revoked, known live at that stamp, its food kept at the current data stamp), None when the framework
    must check it in full."""
    stamp, revoked, live = found
    return stamp if not revoked and live and stamp is not None and stamp[1] == data_stamp else None


def _live_at(user_id: int, family: str, stamp: Stamp, marked: int | None) -> bool:
    """Whether the session is known live at `stamp`: by the shared mark (`marked`, as read) or by this worker."""
    return marked == _mark_value(stamp) or known_live_session(user_id, family, stamp, datetime.now(UTC))


def replace_user_stamps(store: KeyValueStore, user_ids: set[int]) -> None:
    for user_id in user_ids:
        store.set_number(user_stamp_key(user_id), _new_value(), STAMP_TTL_SECONDS)


def replace_data_stamp(store: KeyValueStore) -> None:
    """After a change to shared data outside a person's requests (an import, a restore)."""
    store.set_number(DATA_STAMP_KEY, _new_value(), STAMP_TTL_SECONDS)


# The people whose data or sessions the current request changes (the middleware collects them, and replaces
# their stamps once the request's transaction has been committed, before the answer goes out).
changed_users: ContextVar[set[int] | None] = ContextVar("changed_users", default=None)


def mark_user_changed(user_id: int) -> None:
    marked = changed_users.get()
    if marked is not None:
        marked.add(user_id)


# (user id, sign-in session family) -> (stamp the database said it was live at, until when it can be live):
# the family's newest refresh token was issued with an access token of it, so it lives at least until that
# token's issue time plus the refresh lifetime.
_LIVE_SESSIONS: dict[tuple[int, str], tuple[Stamp, datetime]] = {}
_LIVE_SESSIONS_MAX = 8192


def remember_live_session(user_id: int, family: str, stamp: Stamp, live_until: datetime) -> None:
    if len(_LIVE_SESSIONS) >= _LIVE_SESSIONS_MAX:
        _LIVE_SESSIONS.clear()
    _LIVE_SESSIONS[(user_id, family)] = (stamp, live_until)


def mark_live_session(store: KeyValueStore, user_id: int, family: str, stamp: Stamp, live_until: datetime) -> None:
    """Remember that the session was found live at `stamp` (read before the finding), here and for the other
    workers: the mark holds the person's stamp, so any later change to their sessions (which replaces the stamp
    after it commits) leaves it behind. A mark written late, after such a change, names a stamp gone already."""
    remember_live_session(user_id, family, stamp, live_until)
    seconds = int((live_until - datetime.now(UTC)).total_seconds())
    if seconds >= 1:
        store.set_number(live_session_key(user_id, family), _mark_value(stamp), seconds)


def known_live_session(user_id: int, family: str, stamp: Stamp, now: datetime) -> bool:
    entry = _LIVE_SESSIONS.get((user_id, family))
    return entry is not None and entry[0] == stamp and now < entry[1]


def replace_stamp_keeping_session(
    store: KeyValueStore, user_id: int, family: str, stamp: Stamp, live_until: datetime
) -> bool:
    """After a write that ends no sign-in session (a meal log): replace the person's stamp only if it is still
    the one their session was found live at, and remember the session live at the new stamp, so their next
    request need not ask the database again. False (nothing done) when the stamp changed meanwhile: another
    change may have ended the session, so the caller replaces the stamp as usual."""
    key = user_stamp_key(user_id)
    now = datetime.now(UTC)
    # From the newest stamp this worker knows the session live at, when it may be newer than the request's: this
    # worker's previous batch of the person's writes replaced the stamp the request read (a failed swap, a read
    # and a second swap, per batch).
    known = _LIVE_SESSIONS.get((user_id, family))
    expected = known[0][0] if known is not None and known[0][1] == stamp[1] and now < known[1] else stamp[0]
    seconds = int((live_until - now).total_seconds())
    for _ in range(3):
        new_value = _new_value()
        new_stamp = (new_value, stamp[1])
        # The new stamp and the mark of the session live at it in one step: another worker reading between two
        # steps found the new stamp unmarked, and checked the session in the database (4 % of one person's
        # writes over two workers: bench_load).
        mark = (live_session_key(user_id, family), _mark_value(new_stamp), seconds) if seconds >= 1 else None
        if store.replace_number(key, expected, new_value, STAMP_TTL_SECONDS, and_set=mark):
            remember_live_session(user_id, family, new_stamp, live_until)
            return True
        # Replaced meanwhile. By a write that kept this very session live (the person's writes committed
        # together, core/group_commit.py, or on another worker): then it is still live at the stamp now, and the
        # swap goes on from there. Any other change (a sign-out) left a stamp nobody marked live.
        current, marked = store.get_numbers([key, live_session_key(user_id, family)])
        now_stamp = (current, stamp[1]) if current is not None else stamp
        if current is None or not _live_at(user_id, family, now_stamp, marked):
            return False
        expected = current
    return False


# (user id, sign-in session family, the stamp it was found live at, until when it can be live) of a request
# whose endpoint changes no sign-in session.
LiveSession = tuple[int, str, Stamp, datetime]
# request.scope key: the LiveSession of such a request (auth/dependencies.py `current_user_id`).
LIVE_SESSION_SCOPE_KEY = "diet_planner.live_session"


def replace_stamps(
    store: KeyValueStore, changed: set[int], kept_live: Iterable[LiveSession], forget: Callable[[], None]
) -> None:
    """After the writes of `changed` people were committed: each person's stamp replaced once, keeping the
    session of their first `kept_live` known live (replace_stamp_keeping_session), the others' plainly.
    Without the shared store nobody's fast lane answers (it reads the stamp there first); `forget()` drops
    what this worker kept, in case the store comes back before the others notice."""
    try:
        plain = set(changed)
        for user_id, family, stamp, live_until in kept_live:
            if user_id in plain and replace_stamp_keeping_session(store, user_id, family, stamp, live_until):
                plain.discard(user_id)
        replace_user_stamps(store, plain)
    except Exception:
        log.exception("Could not replace the state stamps of users %s", sorted(changed))
        forget()
