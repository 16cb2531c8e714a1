"""The production store: the map in Neo4j 5.26+ through the official driver.

:class:`Neo4jStore` follows :class:`pactmap.graph.store.Store` exactly, with the answers of
the SQLite store for the same operations (the contract suite runs unchanged on both).

- Constraints and indexes are created at start (idempotent); see :mod:`.neo4j_cypher`.
- Every operation is one managed transaction, retried by the driver on transient errors.
- ``update`` and ``delete`` take the node's write lock (``SET n._lock = true``) before reading
  its version: Neo4j runs read-committed, and without the lock two writers could both read
  version 3 and both write version 4.
- The change log is written in the transaction of the change, numbered by a counter node
  locked in that same transaction.
- Neighbourhoods use variable-length patterns (``[*1..depth]``) from a fixed set of queries;
  a snapshot is two queries whatever the size of the territory.

Reads live in :mod:`.neo4j_reads`, accounts in :mod:`.neo4j_accounts`, the bulk upsert in
:mod:`.neo4j_bulk`, every Cypher statement in :mod:`.neo4j_cypher`.

Deleting a Territory deletes everything in it (nodes, relationships, memberships, tokens,
comments, decisions) and writes one ``delete`` entry; its change log stays. Deleting any
other node writes an ``unlink`` entry per relationship it had and a ``delete`` entry per node
removed (an Indicator takes its Measurements with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from neo4j.exceptions import ConstraintError

from . import neo4j_cypher as q
from .errors import AlreadyExists, NotFound, ValidationError, VersionConflict
from .model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    apply_changes,
    build_relationship,
    check_endpoints,
    new_node,
    parse_kind,
    parse_rel_type,
    rel_target,
    territory_of,
    utcnow,
)
from .neo4j_base import Tx, entry
from .neo4j_bulk import Spill
from .neo4j_bulk import bulk_upsert as _bulk_upsert
from .neo4j_codec import node_from, node_props, rel_props
from .neo4j_reads import Neo4jReads, read_rels
from .store import (
    ID_PREFIX,
    LinkSpec,
    Progress,
    UpsertResult,
    new_id,
)

Ends = dict[str, tuple[NodeKind, str]]


def _ends(tx: Tx, ids: Iterable[str]) -> Ends:
    """Kind and territory of each existing id."""
    return {
        r["id"]: (NodeKind(r["kind"]), r["territory_id"] or r["id"])
        for r in tx.run(q.KINDS, ids=sorted(set(ids)))
    }


def _check_rel(rel: Relationship, ends: Mapping[str, tuple[NodeKind, str]]) -> None:
    for end in (rel.from_id, rel.to_id):
        if end not in ends:
            raise NotFound("Node", end)
    (from_kind, from_territory), (to_kind, to_territory) = ends[rel.from_id], ends[rel.to_id]
    if from_territory != to_territory:
        raise ValidationError(
            f"'{rel.from_id}' (territory '{from_territory}') and '{rel.to_id}' (territory "
            f"'{to_territory}') are in different territories",
            field="to_id",
            value=rel.to_id,
        )
    check_endpoints(rel.type, from_kind, to_kind)


def _lock(tx: Tx, node_id: str) -> Node:
    """The node, read after taking its write lock (held until the transaction ends)."""
    record = tx.run(q.LOCK, id=node_id).single()
    if record is None:
        raise NotFound("Node", node_id)
    return node_from(record["p"])


class Neo4jStore(Neo4jReads):
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
        super().__init__(
            uri,
            user=user,
            password=password,
            database=database,
            connect_timeout=connect_timeout,
            retry_seconds=retry_seconds,
        )

    # ------------------------------------------------------------ nodes

    def create(
        self,
        kind: NodeKind,
        fields: Mapping[str, Any],
        *,
        by: str,
        territory_id: str | None = None,
        node_id: str | None = None,
        links: Sequence[LinkSpec] = (),
    ) -> Node:
        kind = parse_kind(str(kind))
        if kind is NodeKind.TERRITORY and territory_id is not None:
            raise ValidationError(
                "a Territory belongs to no territory", field="territory_id", value=territory_id
            )
        if kind is not NodeKind.TERRITORY and territory_id is None:
            raise ValidationError(f"a {kind} needs a territory_id", field="territory_id")
        now = utcnow()
        node = new_node(
            kind,
            fields,
            node_id=node_id if node_id is not None else new_id(ID_PREFIX[kind]),
            territory_id=territory_id,
            now=now,
        )
        rels: dict[tuple[str, str, str], Relationship] = {}
        for spec in links:
            ends = (node.id, spec.other) if spec.outgoing else (spec.other, node.id)
            rel = build_relationship(spec.type, *ends, spec.properties)
            rels[rel.key] = rel
        territory = territory_of(node)
        props = node_props(node)

        def work(tx: Tx) -> None:
            if territory_id is not None:
                # Locking the territory keeps a concurrent delete of it from orphaning the node.
                found = tx.run(
                    "MATCH (t:Territory {id: $id}) SET t._lock = true RETURN t.id", id=territory_id
                ).single()
                if found is None:
                    raise NotFound("Territory", territory_id)
            if tx.run(q.GET, id=node.id).single() is not None:
                raise AlreadyExists(kind.value, node.id)
            known = _ends(tx, [spec.other for spec in links])
            known[node.id] = (kind, territory)
            for rel in rels.values():
                _check_rel(rel, known)
            tx.run(q.CREATE[kind], props=props).consume()
            log = [
                entry(
                    territory, now, by, ChangeOp.CREATE, node.id, kind.value, None, node.to_json()
                )
            ]
            for rel in rels.values():
                tx.run(
                    q.REL_MERGE[rel.type],
                    {"from": rel.from_id, "to": rel.to_id, "props": rel_props(rel)},
                ).consume()
                log.append(
                    entry(
                        territory,
                        now,
                        by,
                        ChangeOp.LINK,
                        rel_target(rel),
                        rel.type.value,
                        None,
                        rel.to_json(),
                    )
                )
            if territory_id is not None:
                tx.run("MATCH (t:Territory {id: $id}) REMOVE t._lock", id=territory_id).consume()
            self._log(tx, log)

        try:
            self._write(work)
        except ConstraintError:  # a concurrent create took the id between check and write
            raise AlreadyExists(kind.value, node.id) from None
        return node

    def update(
        self, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
    ) -> Node:
        def work(tx: Tx) -> Node:
            node = _lock(tx, node_id)
            if node.version != expected_version:
                raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
            now = utcnow()
            updated = apply_changes(node, changes, now=now)
            tx.run(q.REPLACE, id=node_id, props=node_props(updated)).consume()
            self._log(
                tx,
                [
                    entry(
                        territory_of(node),
                        now,
                        by,
                        ChangeOp.UPDATE,
                        node_id,
                        node.KIND.value,
                        node.to_json(),
                        updated.to_json(),
                    )
                ],
            )
            return updated

        return self._write(work)

    def delete(self, node_id: str, *, expected_version: int | None, by: str) -> None:
        def work(tx: Tx) -> None:
            node = _lock(tx, node_id)
            if expected_version is not None and node.version != expected_version:
                raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
            territory = territory_of(node)
            at = utcnow()
            if node.KIND is NodeKind.TERRITORY:
                for statement in q.DELETE_TERRITORY_PARTS:
                    tx.run(statement, id=node_id).consume()
                tx.run(q.DELETE, id=node_id).consume()
                self._log(
                    tx,
                    [
                        entry(
                            territory,
                            at,
                            by,
                            ChangeOp.DELETE,
                            node_id,
                            node.KIND.value,
                            node.to_json(),
                            None,
                        )
                    ],
                )
                return
            victims = [node_id]
            if node.KIND is NodeKind.INDICATOR:
                victims += sorted(
                    r.to_id
                    for r in read_rels(tx, q.RELS_OUT, ids=[node_id], types=[RelType.HAS.value])
                )
            everything = [t.value for t in RelType]
            touching = {
                r.key: r
                for query in (q.RELS_OUT, q.RELS_IN)
                for r in read_rels(tx, query, ids=victims, types=everything)
            }
            removed = sorted(
                (node_from(r["p"]) for r in tx.run(q.GET_MANY, ids=victims)), key=lambda n: n.id
            )
            log = [
                entry(
                    territory,
                    at,
                    by,
                    ChangeOp.UNLINK,
                    rel_target(r),
                    r.type.value,
                    r.to_json(),
                    None,
                )
                for _, r in sorted(touching.items())
            ]
            log += [
                entry(territory, at, by, ChangeOp.DELETE, n.id, n.KIND.value, n.to_json(), None)
                for n in removed
            ]
            for victim in victims:
                tx.run(q.DELETE, id=victim).consume()
            self._log(tx, log)

        self._write(work)

    # ------------------------------------------------------------ relationships

    def link(
        self,
        rel_type: RelType,
        from_id: str,
        to_id: str,
        properties: Mapping[str, Any] | None = None,
        *,
        by: str,
    ) -> Relationship:
        rel = build_relationship(rel_type, from_id, to_id, properties)
        params = {"from": from_id, "to": to_id}

        def work(tx: Tx) -> None:
            ends = _ends(tx, [from_id, to_id])
            _check_rel(rel, ends)
            territory = ends[from_id][1]
            found = read_rels(tx, q.REL_EXISTING[rel.type], **params)
            if found and found[0].properties == rel.properties:
                return
            before = None if not found else found[0].to_json()
            tx.run(q.REL_MERGE[rel.type], {**params, "props": rel_props(rel)}).consume()
            self._log(
                tx,
                [
                    entry(
                        territory,
                        utcnow(),
                        by,
                        ChangeOp.LINK,
                        rel_target(rel),
                        rel.type.value,
                        before,
                        rel.to_json(),
                    )
                ],
            )

        self._write(work)
        return rel

    def unlink(self, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
        rel_type = parse_rel_type(str(rel_type))
        target = f"{from_id}|{rel_type.value}|{to_id}"
        params = {"from": from_id, "to": to_id}

        def work(tx: Tx) -> None:
            found = read_rels(tx, q.REL_EXISTING[rel_type], **params)
            if not found:
                raise NotFound("Relationship", target)
            ends = _ends(tx, [from_id])
            tx.run(q.REL_DELETE[rel_type], params).consume()
            self._log(
                tx,
                [
                    entry(
                        ends[from_id][1],
                        utcnow(),
                        by,
                        ChangeOp.UNLINK,
                        target,
                        rel_type.value,
                        found[0].to_json(),
                        None,
                    )
                ],
            )

        self._write(work)

    # ------------------------------------------------------------ bulk

    def bulk_upsert(
        self,
        territory: Node,
        nodes: Iterable[Node],
        relationships: Iterable[Relationship],
        *,
        by: str,
        progress: Progress | None = None,
    ) -> UpsertResult:
        """As the protocol says, in ONE transaction (all or nothing); ``progress`` gets every
        node (the territory included) and relationship handled, as in the SQLite store, once:
        a transaction the driver replays reports only what it gets past the last attempt."""
        # Read once into temporary files: the driver may replay the transaction function.
        node_spill = Spill(nodes)
        rel_spill = Spill(relationships)
        told = 0  # items reported so far, over every attempt

        def attempt(tx: Tx) -> UpsertResult:
            done = 0

            def tell(count: int) -> None:
                nonlocal done, told
                done += count
                if progress is not None and done > told:
                    fresh, told = done - told, done
                    progress(fresh)

            return _bulk_upsert(tx, territory, node_spill, rel_spill, by=by, progress=tell)

        try:
            return self._write(attempt)
        finally:
            node_spill.close()
            rel_spill.close()

    # ------------------------------------------------------------ tests only

    def wipe(self) -> None:
        """Delete EVERYTHING in the database (the map, accounts, change log) and start the
        change seq again from 1. For tests: Community has one user database to share."""

        def batch(tx: Tx) -> int:
            return int(tx.run(q.WIPE_BATCH).single(strict=True)["n"])

        while self._write(batch):
            pass
        self._write(lambda tx: tx.run(q.COUNTER_INIT).consume())


__all__ = ["Neo4jStore"]
