"""The change log read back: every change after a point, who made it in words, and the map as
it was at a moment.

The one replay of the log: :func:`map_at_moment` (``mapAt`` in GraphQL) and the SPIRAL cycle
maps (:mod:`.cycles`) both undo the changes made since, with :func:`pactmap.graph.history.map_at`.
The snapshot is read before the log, so a change landing in between is in the log and undone.
"""

from __future__ import annotations

from datetime import datetime

from pactmap.graph.errors import NotFound
from pactmap.graph.history import map_at
from pactmap.graph.i18n import texts
from pactmap.graph.model import Change
from pactmap.graph.store import MAX_PAGE, Snapshot, Store

from ..auth import LOCAL_BY, Caller, Permission


def changes_after(
    store: Store, territory_id: str, *, after_seq: int | None = None, since: datetime | None = None
) -> list[Change]:
    """The territory's changes after ``after_seq`` (or from ``since``), oldest first, page by
    page until the end of the log."""
    out: list[Change] = []
    page = store.changes(territory_id, after_seq=after_seq, since=since, first=MAX_PAGE)
    while page:
        out += page
        if len(page) < MAX_PAGE:
            break
        page = store.changes(territory_id, after_seq=page[-1].seq, first=MAX_PAGE)
    return out


def replay(now: Snapshot, changes: list[Change], after_seq: int | None) -> Snapshot:
    """``now`` with every change after ``after_seq`` undone (None: nothing to undo)."""
    if after_seq is None:
        return now
    return map_at(now, [c for c in changes if c.seq > after_seq])


def who(store: Store, territory_id: str, by: str, lang: str) -> str:
    """The words a person reads for a change log's ``by``: a member's name (or e-mail), the
    command line, a partner tool's token by its name; never a bare id."""
    words = texts(lang)
    if by == LOCAL_BY:
        return words._("the command line")
    if by.startswith("token:"):
        token_id = by.removeprefix("token:")
        named = {t.id: t.name for t in store.tokens(territory_id)}.get(token_id)
        return words._("API token “%(name)s”", name=named) if named else words._("an API token")
    try:
        user = store.get_user(by)
    except NotFound:
        return words._("a former member")
    return user.name or user.email


def map_at_moment(store: Store, caller: Caller, territory_id: str, at: datetime) -> Snapshot:
    """The territory as it was at ``at`` (readers)."""
    caller.require(territory_id, Permission.READ)
    now = store.snapshot(territory_id)
    later = changes_after(store, territory_id, since=at)
    return map_at(now, [c for c in later if c.at > at])
