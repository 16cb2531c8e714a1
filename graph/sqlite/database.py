"""The SQLite database of the store: its per-thread connections and its transactions.

Each thread gets its own connection (SQLite connections are not meant to be shared while a
statement runs); WAL lets readers run beside the one writer. Writes start with
``BEGIN IMMEDIATE``, which takes the database's write lock before the first read, so a
version check and the update it guards cannot interleave with another writer's.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

from ..errors import StoreUnavailable
from .schema import connect, migrate


class Database:
    """One SQLite file (created with its folders, migrated at open): ``write()`` and
    ``read()`` open a transaction on this thread's connection."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self._closed = False
        try:
            migrate(self.conn())
        except BaseException:
            self.close()
            raise

    def conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            with self._lock:
                if self._closed:
                    raise StoreUnavailable(f"the store at '{self.path}' is closed")
                conn = connect(self.path)
                self._connections.append(conn)
            self._local.conn = conn
        return conn

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    @contextmanager
    def transaction(self, mode: str) -> Iterator[sqlite3.Connection]:
        conn = self.conn()
        try:
            conn.execute(f"BEGIN {mode}")
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"the SQLite database '{self.path}' is busy: {exc}") from None
        try:
            yield conn
        except sqlite3.OperationalError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreUnavailable(f"the SQLite database '{self.path}' failed: {exc}") from None
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except sqlite3.OperationalError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise StoreUnavailable(f"the SQLite database '{self.path}' failed: {exc}") from None

    def write(self) -> AbstractContextManager[sqlite3.Connection]:
        """A write transaction holding the database's write lock from its first statement."""
        return self.transaction("IMMEDIATE")

    def read(self) -> AbstractContextManager[sqlite3.Connection]:
        """A read transaction: every query in it sees one consistent state."""
        return self.transaction("DEFERRED")
