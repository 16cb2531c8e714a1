"""The change log: reading it, and the one replay of it, the map at an earlier moment.

The map "now" is read before the log (see :func:`pactmap.graph.history.map_at`), then the
changes made since the moment wanted are undone from it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from pactmap.graph.errors import ValidationError
from pactmap.graph.history import map_at
from pactmap.graph.model import Change
from pactmap.graph.store import MAX_PAGE, Snapshot, Store, check_page_size, decode_cursor

from ..auth import Caller, Permission
from .territories import require


def changes_since(store: Store, territory_id: str, since: datetime | None = None) -> list[Change]:
    """The territory's change log from ``since`` (all of it by default), page by page."""
    out: list[Change] = []
    while True:
        page = store.changes(
            territory_id,
            since=since if not out else None,
            after_seq=out[-1].seq if out else None,
            first=MAX_PAGE,
        )
        out.extend(page)
        if len(page) < MAX_PAGE:
            return out


def after_seq(cursor: str | None) -> int | None:
    """The change seq a history cursor stands for."""
    if cursor is None:
        return None
    parts = decode_cursor(cursor)
    if len(parts) != 1 or not isinstance(parts[0], int):
        raise ValidationError("the cursor is not one this API gave", field="after", value=cursor)
    return parts[0]


def history(
    store: Store,
    caller: Caller,
    territory_id: str,
    *,
    since: datetime | None,
    first: int,
    after: str | None,
) -> tuple[list[Change], int]:
    """One page of the audit log (``first`` + 1 changes, to tell whether more follow) and
    how many changes there are since ``since`` (readers of the territory)."""
    require(store, caller, territory_id, Permission.READ)
    check_page_size(first)
    seq = after_seq(after)
    found = store.changes(
        territory_id, since=since if seq is None else None, after_seq=seq, first=first + 1
    )
    return found, store.count_changes(territory_id, since=since)


def map_at_moment(store: Store, caller: Caller, territory_id: str, at: datetime) -> Snapshot:
    """The territory as it was at ``at`` (readers of the territory)."""
    require(store, caller, territory_id, Permission.READ)
    now = store.snapshot(territory_id)
    later = changes_since(store, territory_id, since=at)
    return map_at(now, [c for c in later if c.at > at])


def now_and_log(store: Store, territory_id: str) -> tuple[Snapshot, list[Change]]:
    """The map now and its whole change log, read in that order, for :func:`maps_after`."""
    now = store.snapshot(territory_id)
    return now, changes_since(store, territory_id)


def maps_after(
    now: Snapshot, changes: Sequence[Change], seqs: Sequence[int | None]
) -> list[Snapshot]:
    """The map as it was right after each change ``seq`` (None: now), from one read."""
    return [
        now if seq is None else map_at(now, [c for c in changes if c.seq > seq]) for seq in seqs
    ]
