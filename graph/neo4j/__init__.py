"""The production store: the map in Neo4j 5.26+ through the official driver.

:class:`Neo4jStore` follows :class:`pactmap.graph.store.Store` exactly, with the answers of
the SQLite store for the same operations (the contract suite runs unchanged on both).

- Constraints and indexes are created at start (idempotent); see :mod:`.cypher_schema`.
- Every operation is one managed transaction, retried by the driver on transient errors.
- ``update`` and ``delete`` take the node's write lock before reading its version (Neo4j
  runs read-committed); see :mod:`.writes`.
- The change log is written in the transaction of the change, numbered by a counter node
  locked in that same transaction; see :mod:`.changelog`.
- Neighbourhoods use variable-length patterns (``[*1..depth]``) from a fixed set of queries;
  a snapshot is two queries whatever the size of the territory.

The modules: ``database`` (the driver, managed transactions, error mapping), ``changelog``,
``codec`` (records to properties and back), ``writes`` (the writes to the map), ``reads``,
``accounts`` (users, memberships, tokens, sessions, comments, decisions), ``bulk``
(bulk_upsert) and ``store`` (the facade, :class:`Neo4jStore`); every Cypher statement is in
``cypher_schema``, ``cypher_nodes``, ``cypher_reads``, ``cypher_changes`` or
``cypher_accounts``.
"""

from __future__ import annotations

from .store import Neo4jStore

__all__ = ["Neo4jStore"]
