"""Neo4j going missing: at start, and in the middle of a run (stopping a server of our own,
not the suite's shared one, then starting it again on the same data and port)."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from typing import Any

import pytest
from pactmap.graph.errors import NotFound, StoreUnavailable
from pactmap.graph.model import Actor, NodeKind, Territory, utcnow
from pactmap.graph.neo4j import Neo4jStore

from tests.neo4j.server import Neo4jServer

pytestmark = pytest.mark.neo4j


def _closed_port() -> int:
    """A port nothing listens on (bound then released: the kernel will not hand it out soon)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable_at_start_names_the_uri(scheme: str) -> None:
    uri = f"{scheme}://127.0.0.1:{_closed_port()}"
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=uri.replace("+", r"\+")) as caught:
        Neo4jStore(uri, user="neo4j", password="whatever", connect_timeout=2.0)
    assert caught.value.retryable is True
    assert time.monotonic() - started < 30  # a clear error soon, not a hang


def test_a_uri_that_is_not_neo4j_is_refused_by_name() -> None:
    with pytest.raises(StoreUnavailable, match="http://localhost:7474"):
        Neo4jStore("http://localhost:7474", user="neo4j", password="x")


def test_wrong_password_says_so(neo4j_server: Any) -> None:
    with pytest.raises(StoreUnavailable, match="credentials"):
        Neo4jStore(neo4j_server.uri, user=neo4j_server.user, password="not-the-password")


@pytest.fixture(scope="module")
def own_server() -> Iterator[Any]:
    """A second server, ours to stop (JVM start-ups are slow: one for the whole module)."""
    server = Neo4jServer()
    server.start()
    try:
        yield server
    finally:
        server.close()  # stops it and removes its data


def _territory(name: str) -> Territory:
    now = utcnow()
    return Territory(id=name, name=name, created_at=now, updated_at=now)


def _actors(territory_id: str, count: int) -> list[Actor]:
    now = utcnow()
    return [
        Actor(
            id=f"{territory_id}.a{i:05d}",
            territory_id=territory_id,
            name=f"Actor {i}",
            sector="association",
            created_at=now,
            updated_at=now,
        )
        for i in range(count)
    ]


@pytest.mark.slow  # two JVM starts of our own server
def test_server_gone_mid_run_then_back(own_server: Any) -> None:
    store = Neo4jStore(
        own_server.uri, user=own_server.user, password=own_server.password, retry_seconds=3.0
    )
    try:
        store.wipe()
        kept = store.create(NodeKind.TERRITORY, {"name": "Kept"}, by="t")
        seq_before = store.territory_version(kept.id)

        # 1. the server dies in the middle of a bulk upsert: after its first batch of nodes
        stops: list[float] = []

        def stop_on_first_batch(_: int) -> None:
            if not stops:  # a replayed transaction calls back again; stop only once
                own_server.stop()
                stops.append(time.monotonic())

        with pytest.raises(StoreUnavailable, match=own_server.uri):
            store.bulk_upsert(
                _territory("half"),
                _actors("half", 5000),
                [],
                by="t",
                progress=stop_on_first_batch,
            )
        assert stops, "the progress callback never ran"

        # 2. while it is down every operation says so, clearly and quickly
        for attempt in (
            lambda: store.get(kept.id),
            lambda: store.create(
                NodeKind.ACTOR, {"name": "x", "sector": "other"}, by="t", territory_id=kept.id
            ),
            lambda: store.update(kept.id, {"name": "y"}, expected_version=1, by="t"),
        ):
            started = time.monotonic()
            with pytest.raises(StoreUnavailable) as caught:
                attempt()
            assert caught.value.retryable is True
            assert time.monotonic() - started < 60

        # 3. back on the same data: the SAME store object works again, with nothing half-written
        own_server.start()
        assert store.get(kept.id) == kept
        with pytest.raises(NotFound):
            store.get("half")
        assert store.list_nodes(NodeKind.ACTOR, "half").total_count == 0
        assert store.territory_version(kept.id) == seq_before
        assert store.changes("half") == []
        updated = store.update(kept.id, {"name": "Back"}, expected_version=1, by="t")
        assert updated.version == 2
        result = store.bulk_upsert(_territory("whole"), _actors("whole", 50), [], by="t")
        assert result.created == 51
    finally:
        store.close()
