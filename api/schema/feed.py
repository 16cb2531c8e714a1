# mypy: disable-error-code="untyped-decorator"
"""Follow a territory's change log: the source of the ``mapChanged`` subscription.

The change log is the truth: every subscriber reads ``store.changes(after_seq=...)`` from the
last change it delivered, so it sees each committed change once, in order, whichever process
wrote it. A write made by this process wakes its subscribers at once
(:meth:`ChangeFeed.notify`); changes written by other processes arrive on the next poll
(``poll_seconds``).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable

from pactmap.graph.model import Change

FetchAfter = Callable[[int], Awaitable[list[Change]]]


class ChangeFeed:
    def __init__(self, poll_seconds: float = 1.0) -> None:
        self.poll_seconds = poll_seconds
        self._events: dict[str, list[tuple[asyncio.AbstractEventLoop, asyncio.Event]]] = {}
        self._lock = threading.Lock()

    def _event(self, territory_id: str) -> asyncio.Event:
        event = asyncio.Event()
        with self._lock:
            self._events.setdefault(territory_id, []).append((asyncio.get_running_loop(), event))
        return event

    def notify(self, territory_id: str) -> None:
        """A change of ``territory_id`` was committed by this process: wake its followers
        (safe from any thread or event loop)."""
        with self._lock:
            waiting = self._events.pop(territory_id, [])
        for loop, event in waiting:
            if not loop.is_closed():
                loop.call_soon_threadsafe(event.set)

    async def follow(
        self, territory_id: str, start_after: int, fetch_after: FetchAfter
    ) -> AsyncIterator[Change]:
        """Every change after ``start_after``, forever, as soon as it is seen."""
        last = start_after
        while True:
            woken = self._event(territory_id)  # taken before reading: no wake-up is lost
            try:
                batch = await fetch_after(last)
                for change in batch:
                    last = change.seq
                    yield change
                if not batch:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(woken.wait(), timeout=self.poll_seconds)
            finally:
                self._forget(territory_id, woken)

    def _forget(self, territory_id: str, event: asyncio.Event) -> None:
        with self._lock:
            waiting = self._events.get(territory_id, [])
            waiting[:] = [(loop, e) for loop, e in waiting if e is not event]
            if not waiting:
                self._events.pop(territory_id, None)
