"""What a benchmark module gets: a temp dir, the quick flag, a shared Neo4j, SQLite stores."""

from __future__ import annotations

import contextlib
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pactmap.graph.store import Store


class BenchContext:
    """Handed to every ``run(ctx)``.

    ``tmp`` is a directory removed after the whole run; ``quick`` asks for smaller sizes;
    ``neo4j()`` starts one real Neo4j server on first use (shared by every module, stopped at
    the end); ``sqlite_store(name)`` opens a fresh SQLite store in ``tmp``.
    """

    def __init__(self, tmp: Path, *, quick: bool = False) -> None:
        self.tmp = tmp
        self.quick = quick
        self._neo4j: Any = None
        self._stores: list[Store] = []

    def neo4j(self) -> Any:
        """The shared tests.neo4j.server.Neo4jServer (has ``uri``, ``user``, ``password``)."""
        if self._neo4j is None:
            from tests.neo4j.server import Neo4jServer  # lazy: needs Java and Maven

            server = Neo4jServer()
            start = getattr(server, "start", None)
            if callable(start):
                start()
            self._neo4j = server
        return self._neo4j

    def sqlite_store(self, name: str) -> Store:
        """A new, empty SQLite store in ``tmp/<name>.db`` (closed at the end of the run)."""
        from pactmap.graph.sqlite import SqliteStore

        path = self.tmp / f"{name}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        store = SqliteStore(path)
        self._stores.append(store)
        return store

    def neo4j_store(self) -> Store:
        """A Neo4j store on the shared server, wiped empty (closed at the end of the run)."""
        from pactmap.graph.neo4j import Neo4jStore

        server = self.neo4j()
        store = Neo4jStore(server.uri, user=server.user, password=server.password)
        store.wipe()  # type: ignore[attr-defined]
        self._stores.append(store)
        return store

    def close(self) -> None:
        for store in self._stores:
            with contextlib.suppress(Exception):  # best effort at the end of a run
                store.close()
        self._stores.clear()
        if self._neo4j is not None:
            self._neo4j.stop()
            self._neo4j = None


def summarize(samples: Sequence[float]) -> dict[str, float]:
    """Median, p95, min and max of ``samples`` (p95 by nearest rank), rounded for reading."""
    ordered = sorted(samples)
    if not ordered:
        return {}
    rank = max(0, min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1))
    return {
        "n": len(ordered),
        "median": round(statistics.median(ordered), 6),
        "p95": round(ordered[rank], 6),
        "min": round(ordered[0], 6),
        "max": round(ordered[-1], 6),
    }
