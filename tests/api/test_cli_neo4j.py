"""Switching stores: ``PACTMAP_DATABASE=bolt://...`` (or ``neo4j://``) makes the CLI use Neo4j,
and a territory exported from SQLite, imported into Neo4j and exported again is the same file,
byte for byte."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pactmap.api import cli
from pactmap.api.settings import get_settings
from pactmap.graph.neo4j import Neo4jStore
from pactmap.seeds.demo import DEMO_TERRITORY_ID

pytestmark = pytest.mark.neo4j


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
        self.capsys = capsys
        self.monkeypatch = monkeypatch

    def use(self, database: str, user: str = "", password: str = "") -> None:
        self.monkeypatch.setenv("PACTMAP_DATABASE", database)
        self.monkeypatch.setenv("PACTMAP_NEO4J_USER", user or "neo4j")
        self.monkeypatch.setenv("PACTMAP_NEO4J_PASSWORD", password)
        get_settings.cache_clear()

    def __call__(self, *args: str) -> str:
        self.monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        self.capsys.readouterr()
        code = cli.run(list(args))
        out, err = self.capsys.readouterr()
        assert code == 0, f"pactmap {' '.join(args)} exited {code}: {err}"
        return (out.strip().splitlines() or [""])[-1]  # export prints to stderr only


@pytest.fixture
def pactmap(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[Cli]:
    for name in ("SECRET_KEY", "HOST", "PORT", "CORS_ORIGINS", "ENV", "COOKIE_SECURE"):
        monkeypatch.delenv(f"PACTMAP_{name}", raising=False)
    monkeypatch.setenv("PACTMAP_DATA_DIR", str(tmp_path / "data"))
    yield Cli(capsys, monkeypatch)
    get_settings.cache_clear()


@pytest.fixture
def empty_neo4j(neo4j_server: Any) -> Any:
    store = Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password=neo4j_server.password)
    store.wipe()
    store.close()
    return neo4j_server


def test_export_from_sqlite_import_into_neo4j_export_again_is_identical(
    pactmap: Cli, empty_neo4j: Any, tmp_path: Path
) -> None:
    pactmap.use(f"sqlite:///{tmp_path / 'lite.db'}")
    territory_id = pactmap("demo")
    assert territory_id == DEMO_TERRITORY_ID
    pactmap("export", "--territory", territory_id, "-o", str(tmp_path / "from-sqlite.json"))

    pactmap.use(empty_neo4j.uri, empty_neo4j.user, empty_neo4j.password)
    assert pactmap("import", str(tmp_path / "from-sqlite.json")) == territory_id
    pactmap("export", "--territory", territory_id, "-o", str(tmp_path / "from-neo4j.json"))

    first = (tmp_path / "from-sqlite.json").read_bytes()
    assert (tmp_path / "from-neo4j.json").read_bytes() == first
    assert len(first) > 10_000  # the demo, not an empty territory


def test_demo_loads_into_neo4j_through_a_routing_uri(pactmap: Cli, empty_neo4j: Any) -> None:
    # neo4j:// asks the server for a routing table; a single server answers with itself
    routing = empty_neo4j.uri.replace("bolt://", "neo4j://")
    pactmap.use(routing, empty_neo4j.user, empty_neo4j.password)
    assert pactmap("demo") == DEMO_TERRITORY_ID
    assert pactmap("demo") == DEMO_TERRITORY_ID  # again: nothing duplicated
    store = Neo4jStore(routing, user=empty_neo4j.user, password=empty_neo4j.password)
    try:
        assert store.snapshot(DEMO_TERRITORY_ID).nodes
        assert len(store.memberships(territory_id=DEMO_TERRITORY_ID)) == 1
    finally:
        store.close()
