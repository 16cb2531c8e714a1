"""A map from ids to small records, kept on disk, for imports too big to remember in memory.

An import of a few hundred thousand rows must remember every id it has met: the first pass
maps the file's ids to store ids and kinds (relationships name their ends by file id), and
``bulk_upsert`` must notice an id given twice. Held in Python dicts and sets that costs a few
hundred bytes a row; held here it costs a bounded page cache, whatever the number of rows.
The table lives in a private temporary SQLite database (SQLite's own temporary file, deleted
when closed); only the thread that made it uses it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from types import TracebackType

from .store import chunks

CACHE_KIB = 4096  # the page cache: what the index may keep in memory, at most
_LOOKUP = 500  # ids per lookup query (well under SQLite's limit on bound parameters)


class TempIndex:
    """``id -> (value, kind)``, added to and looked up many at a time."""

    def __init__(self) -> None:
        # "" opens a private, temporary database in a file of SQLite's own, removed on close
        self._conn = sqlite3.connect("", isolation_level=None)
        self._conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._conn.execute("PRAGMA journal_mode = OFF")  # nothing to roll back: it is scratch
        self._conn.execute("PRAGMA synchronous = OFF")
        self._conn.execute(
            "CREATE TABLE ids (id TEXT PRIMARY KEY, value TEXT NOT NULL, kind TEXT NOT NULL) "
            "WITHOUT ROWID"
        )
        self._count = 0

    def __len__(self) -> int:
        return self._count

    def add(self, items: Sequence[tuple[str, str, str]]) -> set[int]:
        """Add ``(id, value, kind)`` triples; answers the positions in ``items`` of ids that
        were already here (or came earlier in ``items``): those keep their first record."""
        known = self.get([item[0] for item in items])
        repeated: set[int] = set()
        fresh: dict[str, tuple[str, str, str]] = {}
        for i, item in enumerate(items):
            if item[0] in known or item[0] in fresh:
                repeated.add(i)
            else:
                fresh[item[0]] = item
        if fresh:
            self._conn.execute("BEGIN")
            self._conn.executemany("INSERT INTO ids VALUES (?, ?, ?)", fresh.values())
            self._conn.execute("COMMIT")
            self._count += len(fresh)
        return repeated

    def add_ids(self, ids: Sequence[str]) -> set[int]:
        """:meth:`add` for bare ids (a :class:`.store.SeenIds`)."""
        return self.add([(node_id, "", "") for node_id in ids])

    def get(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """The records of those of ``ids`` that are here."""
        found: dict[str, tuple[str, str]] = {}
        for chunk in chunks(sorted(set(ids)), _LOOKUP):
            marks = ",".join("?" * len(chunk))
            for key, value, kind in self._conn.execute(
                f"SELECT id, value, kind FROM ids WHERE id IN ({marks})",  # noqa: S608 (marks)
                chunk,
            ):
                found[key] = (value, kind)
        return found

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> TempIndex:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
