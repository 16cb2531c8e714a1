"""The test Neo4j itself: it starts with auth on, answers Cypher, and keeps data across a restart.

The last two tests need no server: they check the errors a failed start gives.
"""

from __future__ import annotations

import neo4j
import pytest

from tests.neo4j.fixtures import ExternalNeo4j
from tests.neo4j.server import Neo4jServer, Neo4jServerError


@pytest.mark.neo4j
def test_session_server_answers_cypher_with_auth(
    neo4j_server: Neo4jServer | ExternalNeo4j,
) -> None:
    auth = (neo4j_server.user, neo4j_server.password)
    with neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver:
        records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
    assert [record["one"] for record in records] == [1]


@pytest.mark.neo4j
def test_session_server_rejects_a_wrong_password(
    neo4j_server: Neo4jServer | ExternalNeo4j,
) -> None:
    auth = (neo4j_server.user, neo4j_server.password + "-wrong")
    with (
        neo4j.GraphDatabase.driver(neo4j_server.uri, auth=auth) as driver,
        pytest.raises(neo4j.exceptions.AuthError),
    ):
        driver.verify_connectivity()


def _probe_values(uri: str, auth: tuple[str, str]) -> list[int]:
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        records, _, _ = driver.execute_query(
            "MATCH (p:Probe) RETURN p.value AS value ORDER BY value", database_="neo4j"
        )
    return [record["value"] for record in records]


def _create_probe(uri: str, auth: tuple[str, str], value: int) -> None:
    with neo4j.GraphDatabase.driver(uri, auth=auth) as driver:
        driver.execute_query("CREATE (:Probe {value: $value})", value=value, database_="neo4j")


@pytest.mark.neo4j
def test_stop_or_kill_then_start_keeps_port_and_committed_data() -> None:
    with Neo4jServer() as server:
        uri, auth = server.uri, (server.user, server.password)
        _create_probe(uri, auth, 1)

        server.stop()
        assert not server.running
        server.start()
        assert server.uri == uri
        assert _probe_values(uri, auth) == [1]

        _create_probe(uri, auth, 2)
        server.kill()  # a crash: the committed write must survive through recovery
        server.start()
        assert _probe_values(uri, auth) == [1, 2]


def test_missing_tools_are_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    server = Neo4jServer()
    with pytest.raises(Neo4jServerError, match=r"'(java|mvn)' is not on PATH"):
        server.start()
    server.close()


def test_short_password_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match="user 'neo4j' has 5 characters"):
        Neo4jServer(password="short")
