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
from collections.abc import AsyncIterator, Awaitable, Callable

from pactmap.graph.model import Change

FetchAfter = Callable[[int], Awaitable[list[Change]]]


class ChangeFeed:
    def __init__(self, poll_seconds: float = 1.0) -> None:
        self.poll_seconds = poll_seconds
        self._events: dict[str, asyncio.Event] = {}

    def _event(self, territory_id: str) -> asyncio.Event:
        event = self._events.get(territory_id)
        if event is None:
            event = self._events[territory_id] = asyncio.Event()
        return event

    def notify(self, territory_id: str) -> None:
        """A change of ``territory_id`` was committed by this process: wake its followers."""
        event = self._events.pop(territory_id, None)
        if event is not None:
            event.set()

    async def follow(
        self, territory_id: str, start_after: int, fetch_after: FetchAfter
    ) -> AsyncIterator[Change]:
        """Every change after ``start_after``, forever, as soon as it is seen."""
        last = start_after
        while True:
            woken = self._event(territory_id)  # taken before reading: no wake-up is lost
            batch = await fetch_after(last)
            for change in batch:
                last = change.seq
                yield change
            if batch:
                continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), timeout=self.poll_seconds)
