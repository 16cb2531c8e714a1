"""pytest fixtures for the real-Neo4j tier (loaded by tests/conftest.py as a plugin).

``neo4j_server`` uses the server named by NEO4J_URI (with NEO4J_USER / NEO4J_PASSWORD) when set,
else starts one with tests/neo4j/server.py for the whole session. When no server can be had the
fixture fails the test: the Neo4j tier must never pass by being skipped.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

import neo4j
import pytest

from tests.neo4j.server import DEFAULT_PASSWORD, DEFAULT_USER, Neo4jServer, Neo4jServerError


@dataclass(frozen=True)
class ExternalNeo4j:
    """A server someone else runs; it has the same ``uri``/``user``/``password`` as Neo4jServer."""

    uri: str
    user: str
    password: str


def _external_from_env() -> ExternalNeo4j | None:
    uri = os.environ.get("NEO4J_URI")
    if not uri:
        return None
    user = os.environ.get("NEO4J_USER", DEFAULT_USER)
    password = os.environ.get("NEO4J_PASSWORD", DEFAULT_PASSWORD)
    return ExternalNeo4j(uri=uri, user=user, password=password)


def _check_external(server: ExternalNeo4j) -> None:
    try:
        with neo4j.GraphDatabase.driver(server.uri, auth=(server.user, server.password)) as driver:
            driver.verify_connectivity()
    except Exception as exc:  # any failure here means the tier cannot run
        pytest.fail(
            f"NEO4J_URI={server.uri} (user '{server.user}') is not reachable: {exc}", pytrace=False
        )


@pytest.fixture(scope="session")
def neo4j_server() -> Iterator[Neo4jServer | ExternalNeo4j]:
    external = _external_from_env()
    if external is not None:
        _check_external(external)
        yield external
        return
    server = Neo4jServer()
    try:
        server.start()
    except Neo4jServerError as exc:
        server.close()
        pytest.fail(f"could not start the test Neo4j: {exc}", pytrace=False)
    try:
        yield server
    finally:
        server.close()
