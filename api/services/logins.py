"""Sign-in with throttling: failed sign-ins are counted per account and per address in the
store (so every server process sees them), each failure past the free ones doubles the wait
before the next try, and at most :attr:`LoginPolicy.hash_slots` password hashes run at once
in a process.

A throttled or over-capacity sign-in is refused with
:class:`~pactmap.graph.errors.RateLimited` (``retry_after`` seconds) before any password is
hashed. With ``account_free`` 5 and ``first_wait_s`` 1, the 5th failure makes the next try
wait 1 s, the 6th 2 s, the 7th 4 s ... up to ``max_wait_s``; refused tries do not count.
A success clears the account's count (not the address's, which fades after
``forget_after_s``). Two tries checked at the same moment in different threads may both be
hashed: the slots bound that.
"""

from __future__ import annotations

import hashlib
import math
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from pactmap.graph.errors import RateLimited
from pactmap.graph.i18n import texts
from pactmap.graph.model import LoginFailures, User, utcnow
from pactmap.graph.store import Store

from ..auth import check_login

SLOT_WAIT_S = 0.25
"""How long a sign-in waits for a free hash slot before it is refused."""


@dataclass(frozen=True)
class LoginPolicy:
    """The throttling settings (``PACTMAP_LOGIN_*``)."""

    account_free: int = 5
    address_free: int = 20
    first_wait_s: float = 1.0
    max_wait_s: float = 900.0
    forget_after_s: float = 86400.0
    hash_slots: int = 4

    def free(self, key: str) -> int:
        """The failures a key may have before it waits (an account's, an address's)."""
        return self.account_free if key.startswith("account:") else self.address_free

    def wait(self, failures: LoginFailures, free: int, now: datetime) -> float:
        """Seconds still to wait before the next try under ``failures`` (0: none)."""
        if failures.count < free or now - failures.last_at > timedelta(seconds=self.forget_after_s):
            return 0.0
        delay = min(self.max_wait_s, self.first_wait_s * 2.0 ** (failures.count - free))
        return max(0.0, delay - (now - failures.last_at).total_seconds())


_SLOTS: dict[int, threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def hash_slots(count: int) -> threading.BoundedSemaphore:
    """The process's password-hash slots (one semaphore per size)."""
    with _SLOTS_LOCK:
        found = _SLOTS.get(count)
        if found is None:
            found = _SLOTS[count] = threading.BoundedSemaphore(count)
        return found


def throttle_keys(email: str, address: str | None) -> list[str]:
    """The keys a sign-in is counted under: its account (the e-mail's hash, so no address book
    of tried e-mails is kept) and, when known, its address."""
    account = hashlib.sha256(email.strip().lower().encode("utf-8")).hexdigest()
    return [f"account:{account}"] + ([f"address:{address}"] if address else [])


def login(
    store: Store,
    policy: LoginPolicy,
    email: str,
    password: str,
    *,
    address: str | None = None,
    lang: str = "en",
) -> User | None:
    """The user these credentials are (None: wrong); raises RateLimited when the account or
    the address must wait, or when every hash slot stays busy for :data:`SLOT_WAIT_S`."""
    words = texts(lang)
    keys = throttle_keys(email, address)
    now = utcnow()
    found = store.login_failures(keys)
    wait = max((policy.wait(f, policy.free(k), now) for k, f in found.items()), default=0.0)
    if wait > 0:
        seconds = math.ceil(wait)
        raise RateLimited(
            words._("too many failed sign-ins: try again in %(seconds)s s", seconds=seconds),
            retry_after=seconds,
        )
    slots = hash_slots(policy.hash_slots)
    if not slots.acquire(timeout=SLOT_WAIT_S):
        raise RateLimited(words._("too many sign-ins at once: try again in 1 s"), retry_after=1)
    try:
        user = check_login(store, email, password)
    finally:
        slots.release()
    if user is None:  # the wait counts from the answer, not from the start of a slow hash
        failed = utcnow()
        store.add_login_failure(
            keys, at=failed, forget_before=failed - timedelta(seconds=policy.forget_after_s)
        )
    elif keys[0] in found:
        store.clear_login_failures(keys[0])
    return user
