"""The Neo4j store: :class:`Neo4jStore` is the shared facade
(:class:`~pactmap.graph.facade.ComposedStore`) given a :class:`~.database.Database` and the
functions of :mod:`.writes`, :mod:`.reads`, :mod:`.accounts`, :mod:`.invitations`,
:mod:`.discussion`, :mod:`.throttle` and :mod:`.bulk`; it adds
:meth:`Neo4jStore.wipe`, for tests."""

from __future__ import annotations

from ..facade import ComposedStore, Operations
from . import (
    accounts,
    bulk,
    cypher_schema,
    discussion,
    invitations,
    reads,
    results,
    throttle,
    writes,
)
from .database import Database, Tx

OPERATIONS = Operations.of(
    writes, reads, accounts, invitations, discussion, throttle, bulk, results
)


class Neo4jStore(ComposedStore):
    """A :class:`~pactmap.graph.store.Store` in a Neo4j database.

    ``uri`` is ``neo4j://``, ``neo4j+s://``, ``bolt://`` or ``bolt+s://``; ``database`` is sent
    with every transaction (a cluster or Aura routes by it). The server is reached at
    construction: an unreachable one raises StoreUnavailable naming the URI.
    ``retry_seconds`` bounds how long a transaction is retried before StoreUnavailable.
    """

    def __init__(
        self,
        uri: str,
        *,
        user: str,
        password: str,
        database: str = "neo4j",
        connect_timeout: float = 5.0,
        retry_seconds: float = 10.0,
    ) -> None:
        self.db = Database(
            uri,
            user=user,
            password=password,
            database=database,
            connect_timeout=connect_timeout,
            retry_seconds=retry_seconds,
        )
        self.uri = uri
        self.database = database
        super().__init__(self.db, OPERATIONS)

    def wipe(self) -> None:
        """Delete EVERYTHING in the database (the map, accounts, change log) and start the
        change seq again from 1. For tests: Community has one user database to share."""

        def batch(tx: Tx) -> int:
            return int(tx.run(cypher_schema.WIPE_BATCH).single(strict=True)["n"])

        while self.db.write(batch):
            pass
        self.db.write(lambda tx: tx.run(cypher_schema.COUNTER_INIT).consume())
