"""Credentials recently checked, remembered for a second: a busy partner tool sends many
requests with one token, and each would otherwise cost the store two or three reads (the token,
its user, the user's memberships) before any work.

What is remembered is the :class:`~pactmap.api.auth.Caller` a token or session stood for, for at
most :data:`TTL_S` seconds; every change to members, tokens or sessions made through this
process forgets the store's entries at once, and a change made by another process is seen
within :data:`TTL_S`. Failures are never remembered.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pactmap.graph.store import Store

    from .auth import Caller

TTL_S = 1.0
MAX_ENTRIES = 10_000


class RecentCredentials:
    """Callers by credential key (``token:<hash>`` / ``session:<hash>``), each for TTL_S."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, Caller]] = {}

    def get(self, key: str) -> Caller | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                return None
            if found[0] <= self._clock():
                del self._entries[key]
                return None
        # a fresh copy: a request may add a role (a territory it just created) to its caller
        return replace(found[1], roles=dict(found[1].roles))

    def put(self, key: str, caller: Caller) -> None:
        with self._lock:
            if len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
            self._entries[key] = (self._clock() + TTL_S, replace(caller, roles=dict(caller.roles)))

    def forget(self) -> None:
        with self._lock:
            self._entries.clear()


_BY_STORE: weakref.WeakKeyDictionary[Store, RecentCredentials] = weakref.WeakKeyDictionary()
_BY_STORE_LOCK = threading.Lock()


def recent(store: Store) -> RecentCredentials:
    """The credentials remembered for ``store`` (one memory per store object)."""
    with _BY_STORE_LOCK:
        found = _BY_STORE.get(store)
        if found is None:
            found = _BY_STORE[store] = RecentCredentials()
        return found
