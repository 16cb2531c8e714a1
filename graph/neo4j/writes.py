"""The writes to the map in the Neo4j store: create, update, delete, link, unlink.

Each runs as one managed transaction (retried by the driver on transient errors) and writes
its change-log entries in it. ``update`` and ``delete`` take the node's write lock
(``SET n._lock = true``) before reading its version: Neo4j runs read-committed, and without
the lock two writers could both read version 3 and both write version 4; ``create`` locks
its territory, so a concurrent delete of the territory cannot orphan the node.

Deleting a Territory deletes everything in it (nodes, relationships, memberships, tokens,
comments, decisions) and writes one ``delete`` entry; its change log stays. Deleting any
other node writes an ``unlink`` entry per relationship it had and a ``delete`` entry per node
removed (an Indicator takes its Measurements with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from neo4j.exceptions import ConstraintError

from ..checks import Ends, check_rel, node_change, prepare_create, rel_change
from ..errors import AlreadyExists, NotFound, VersionConflict
from ..model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    apply_changes,
    build_relationship,
    parse_rel_type,
    territory_of,
    utcnow,
)
from ..store import LinkSpec
from . import cypher_nodes, cypher_reads
from .changelog import entry, write_log
from .codec import node_from, node_props, rel_props
from .database import Database, Tx
from .reads import read_rels


def ends_of(tx: Tx, ids: Iterable[str]) -> Ends:
    """Kind and territory of each existing id."""
    return {
        r["id"]: (NodeKind(r["kind"]), r["territory_id"] or r["id"])
        for r in tx.run(cypher_nodes.KINDS, ids=sorted(set(ids)))
    }


def _lock(tx: Tx, node_id: str) -> Node:
    """The node, read after taking its write lock (held until the transaction ends)."""
    record = tx.run(cypher_nodes.LOCK, id=node_id).single()
    if record is None:
        raise NotFound("Node", node_id)
    return node_from(record["p"])


def create(
    db: Database,
    kind: NodeKind,
    fields: Mapping[str, Any],
    *,
    by: str,
    territory_id: str | None = None,
    node_id: str | None = None,
    links: Sequence[LinkSpec] = (),
) -> Node:
    node, rels, now = prepare_create(kind, fields, territory_id, node_id, links)
    kind = node.KIND
    territory = territory_of(node)
    props = node_props(node)

    def work(tx: Tx) -> None:
        if territory_id is not None:
            # Locking the territory keeps a concurrent delete of it from orphaning the node.
            found = tx.run(cypher_nodes.TERRITORY_LOCK, id=territory_id).single()
            if found is None:
                raise NotFound("Territory", territory_id)
        if tx.run(cypher_nodes.GET, id=node.id).single() is not None:
            raise AlreadyExists(kind.value, node.id)
        known = ends_of(tx, [spec.other for spec in links])
        known[node.id] = (kind, territory)
        for rel in rels.values():
            check_rel(rel, known)
        tx.run(cypher_nodes.CREATE[kind], props=props).consume()
        log = [entry(territory, now, by, *node_change(ChangeOp.CREATE, node, None, node.to_json()))]
        for rel in rels.values():
            tx.run(
                cypher_nodes.REL_MERGE[rel.type],
                {"from": rel.from_id, "to": rel.to_id, "props": rel_props(rel)},
            ).consume()
            log.append(
                entry(territory, now, by, *rel_change(ChangeOp.LINK, rel, None, rel.to_json()))
            )
        if territory_id is not None:
            tx.run(cypher_nodes.TERRITORY_UNLOCK, id=territory_id).consume()
        write_log(tx, log)

    try:
        db.write(work)
    except ConstraintError:  # a concurrent create took the id between check and write
        raise AlreadyExists(kind.value, node.id) from None
    return node


def update(
    db: Database, node_id: str, changes: Mapping[str, Any], *, expected_version: int, by: str
) -> Node:
    def work(tx: Tx) -> Node:
        node = _lock(tx, node_id)
        if node.version != expected_version:
            raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
        now = utcnow()
        updated = apply_changes(node, changes, now=now)
        tx.run(cypher_nodes.REPLACE, id=node_id, props=node_props(updated)).consume()
        write_log(
            tx,
            [
                entry(
                    territory_of(node),
                    now,
                    by,
                    *node_change(ChangeOp.UPDATE, node, node.to_json(), updated.to_json()),
                )
            ],
        )
        return updated

    return db.write(work)


def delete(db: Database, node_id: str, *, expected_version: int | None, by: str) -> None:
    def work(tx: Tx) -> None:
        node = _lock(tx, node_id)
        if expected_version is not None and node.version != expected_version:
            raise VersionConflict(node.KIND.value, node_id, expected_version, node.to_json())
        territory = territory_of(node)
        at = utcnow()
        if node.KIND is NodeKind.TERRITORY:
            for statement in cypher_nodes.DELETE_TERRITORY_PARTS:
                tx.run(statement, id=node_id).consume()
            tx.run(cypher_nodes.DELETE, id=node_id).consume()
            write_log(
                tx,
                [
                    entry(
                        territory, at, by, *node_change(ChangeOp.DELETE, node, node.to_json(), None)
                    )
                ],
            )
            return
        victims = [node_id]
        if node.KIND is NodeKind.INDICATOR:
            victims += sorted(
                r.to_id
                for r in read_rels(
                    tx, cypher_reads.RELS_OUT, ids=[node_id], types=[RelType.HAS.value]
                )
            )
        everything = [t.value for t in RelType]
        touching = {
            r.key: r
            for query in (cypher_reads.RELS_OUT, cypher_reads.RELS_IN)
            for r in read_rels(tx, query, ids=victims, types=everything)
        }
        removed = sorted(
            (node_from(r["p"]) for r in tx.run(cypher_nodes.GET_MANY, ids=victims)),
            key=lambda n: n.id,
        )
        log = [
            entry(territory, at, by, *rel_change(ChangeOp.UNLINK, r, r.to_json(), None))
            for _, r in sorted(touching.items())
        ]
        log += [
            entry(territory, at, by, *node_change(ChangeOp.DELETE, n, n.to_json(), None))
            for n in removed
        ]
        for victim in victims:
            tx.run(cypher_nodes.DELETE, id=victim).consume()
        write_log(tx, log)

    db.write(work)


def link(
    db: Database,
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
        ends = ends_of(tx, [from_id, to_id])
        check_rel(rel, ends)
        territory = ends[from_id][1]
        found = read_rels(tx, cypher_nodes.REL_EXISTING[rel.type], **params)
        if found and found[0].properties == rel.properties:
            return
        before = None if not found else found[0].to_json()
        tx.run(cypher_nodes.REL_MERGE[rel.type], {**params, "props": rel_props(rel)}).consume()
        write_log(
            tx,
            [
                entry(
                    territory, utcnow(), by, *rel_change(ChangeOp.LINK, rel, before, rel.to_json())
                )
            ],
        )

    db.write(work)
    return rel


def unlink(db: Database, rel_type: RelType, from_id: str, to_id: str, *, by: str) -> None:
    rel_type = parse_rel_type(str(rel_type))
    target = f"{from_id}|{rel_type.value}|{to_id}"
    params = {"from": from_id, "to": to_id}

    def work(tx: Tx) -> None:
        found = read_rels(tx, cypher_nodes.REL_EXISTING[rel_type], **params)
        if not found:
            raise NotFound("Relationship", target)
        ends = ends_of(tx, [from_id])
        tx.run(cypher_nodes.REL_DELETE[rel_type], params).consume()
        write_log(
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

    db.write(work)
