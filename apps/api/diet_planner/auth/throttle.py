"""Password-guessing throttle: per (account, address) budgets with growing delays, a per-account cap that
holds back only failing addresses, and a per-address cap across accounts; counted atomically."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from diet_planner.core.errors import TooManyRequests
from diet_planner.core.kv import KeyValueStore
from diet_planner.core.logging import get_logger

log = get_logger("auth")
MESSAGE = "Too many failed login attempts; try again later"


@dataclass(frozen=True)
class ThrottlePolicy:
    pair_failures: int  # free failures per (account, address) in `window_seconds`
    window_seconds: int
    base_delay_seconds: int  # the wait after the free failures, doubling with each further failure
    account_failures: int  # failures per account from all addresses in `account_window_seconds`
    account_window_seconds: int
    address_failures: int  # failures per address across all accounts in `window_seconds`

    def delay(self, beyond_budget: int) -> int:
        return int(min(self.base_delay_seconds * 2 ** min(beyond_budget, 20), self.window_seconds))


def _digest(value: str) -> str:
    # Keys stay short and never carry an email in clear into Redis.
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class Attempt:
    """One reserved password check; report its outcome with `failed()` or `succeeded()`."""

    def __init__(self, throttle: LoginThrottle, email: str, address: str, pair_count: int) -> None:
        self._throttle = throttle
        self.email = email
        self.address = address
        self.pair_count = pair_count

    def failed(self) -> None:
        self._throttle._record_failure(self)

    def succeeded(self) -> None:
        self._throttle._forgive(self)


class LoginThrottle:
    """The rule: a stranger's failures never count against the owner's own address, so they cannot lock the
    owner out; each address gets a few free guesses per account and then one guess per growing delay.
    Past the per-account cap (many addresses guessing), an address that has already failed is refused,
    while an address with no recent failures still gets its attempt (the owner signing in).

    Each attempt is counted *before* the password is checked (an atomic increment), so parallel guesses
    cannot overrun the budget while earlier checks are still running."""

    def __init__(self, store: KeyValueStore, policy: ThrottlePolicy) -> None:
        self.store = store
        self.policy = policy

    def _keys(self, email: str, address: str) -> tuple[str, str, str, str]:
        pair = _digest(f"{email}\x00{address}")
        return (
            f"login:pair:{pair}",
            f"login:wait:{pair}",
            f"login:acct:{_digest(email)}",
            f"login:addr:{_digest(address)}",
        )

    def begin(self, email: str, address: str) -> Attempt:
        """Reserve one password check, or raise 429 with Retry-After."""
        pair_key, wait_key, account_key, address_key = self._keys(email, address)
        policy = self.policy
        count, retry_after = self.store.get_count(address_key)
        if count >= policy.address_failures:
            self._refuse("address", address, retry_after)
        waiting, retry_after = self.store.get_count(wait_key)
        if waiting:
            self._refuse("account and address", address, retry_after)
        pair_count, pair_ttl = self.store.incr_window(pair_key, policy.window_seconds)
        # The last free guess and every later one hold the wait flag while they run: only one at a time, and
        # the next must wait out a delay that doubles each time.
        beyond = pair_count - policy.pair_failures
        if beyond >= 0 and not self.store.add_flag(wait_key, policy.delay(beyond)):
            _, retry_after = self.store.get_count(wait_key)
            self._refuse("account and address", address, retry_after or pair_ttl)
        if pair_count > 1:
            account_count, retry_after = self.store.get_count(account_key)
            if account_count >= policy.account_failures:
                self._refuse("account", address, retry_after)
        return Attempt(self, email, address, pair_count)

    def _refuse(self, scope: str, address: str, retry_after: int) -> None:
        log.warning("Rate limit exceeded: login throttled per %s address=%s", scope, address)
        raise TooManyRequests(MESSAGE, retry_after=max(1, retry_after))

    def _record_failure(self, attempt: Attempt) -> None:
        _, _, account_key, address_key = self._keys(attempt.email, attempt.address)
        self.store.incr_window(account_key, self.policy.account_window_seconds)
        self.store.incr_window(address_key, self.policy.window_seconds)

    def _forgive(self, attempt: Attempt) -> None:
        pair_key, wait_key, _, _ = self._keys(attempt.email, attempt.address)
        self.store.delete(pair_key)
        self.store.delete(wait_key)
