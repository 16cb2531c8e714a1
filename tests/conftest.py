"""Fixtures shared by the whole suite.

``store`` runs a test against every store: the embedded SQLite one, and the real Neo4j server
that tests/neo4j/ starts (those runs carry the ``neo4j`` marker, so ``pytest -m neo4j`` runs
that tier alone and ``-m "not neo4j"`` leaves it out).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pactmap.graph.store import Store

pytest_plugins = ["tests.neo4j.fixtures"]


def open_sqlite(path: Path) -> Store:
    from pactmap.graph.sqlite import SqliteStore

    return SqliteStore(path)


def open_neo4j(request: pytest.FixtureRequest) -> Store:
    from pactmap.graph.neo4j import Neo4jStore

    server = request.getfixturevalue("neo4j_server")
    store = Neo4jStore(server.uri, user=server.user, password=server.password)
    store.wipe()  # one user database in Community: each test starts from an empty graph
    return store


@pytest.fixture(params=["sqlite", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    opened = (
        open_sqlite(tmp_path / "pactmap.db") if request.param == "sqlite" else open_neo4j(request)
    )
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[Store]:
    opened = open_sqlite(tmp_path / "pactmap.db")
    try:
        yield opened
    finally:
        opened.close()
