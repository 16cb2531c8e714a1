"""The embedded default store: the whole map in one SQLite file.

:class:`SqliteStore` follows :class:`pactmap.graph.store.Store` exactly. It uses the stdlib
``sqlite3`` in WAL mode with foreign keys on; every operation is one transaction (writes
take the write lock first, so the version check and the write cannot interleave with another
writer); the change log is written in the transaction of the change it records. A new
database file is readable by its owner only (0600).

The modules: ``schema`` (tables, indexes, numbered migrations), ``database`` (per-thread
connections, transactions), ``rows`` (write statements, row codecs), ``writes`` (the writes to
the map), ``reads`` (everything read), ``accounts`` (users, memberships, tokens, sessions),
``discussion`` (comments, decisions), ``bulk`` (bulk_upsert) and ``store`` (the facade,
:class:`SqliteStore`).
"""

from __future__ import annotations

from .store import SqliteStore

__all__ = ["SqliteStore"]
