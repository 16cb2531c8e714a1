"""The SQLite store: :class:`SqliteStore` is the shared facade
(:class:`~pactmap.graph.facade.ComposedStore`) given a :class:`~.database.Database` and the
functions of :mod:`.writes`, :mod:`.reads`, :mod:`.accounts`, :mod:`.invitations`,
:mod:`.discussion`, :mod:`.throttle` and :mod:`.bulk`."""

from __future__ import annotations

from pathlib import Path

from ..facade import ComposedStore, Operations
from . import accounts, bulk, discussion, invitations, reads, results, throttle, writes
from .database import Database

OPERATIONS = Operations.of(
    writes, reads, accounts, invitations, discussion, throttle, bulk, results
)


class SqliteStore(ComposedStore):
    """A :class:`~pactmap.graph.store.Store` in one SQLite file (created with its folders)."""

    def __init__(self, path: str | Path) -> None:
        self.db = Database(path)
        self.path = self.db.path
        super().__init__(self.db, OPERATIONS)
