"""``bulk_upsert`` for the Neo4j store: check everything first, then write in UNWIND batches.

The caller runs :func:`bulk_upsert` as ONE managed transaction, so a failure anywhere (a bad
endpoint found up front, the server going away half-way, an exception from the progress
callback) leaves the database as it was. The checks, their messages and the change-log
entries are those of :mod:`pactmap.graph.sqlite_bulk`, so both stores answer alike.

Writes are grouped by kind (a label cannot be a parameter) and by relationship type, in
batches of :data:`BATCH` rows: one round trip and one cached plan per batch. ``progress``
hears of every node (the territory included) and relationship once its batch is written
(unchanged ones at the end of their phase), so the calls add up to 1 + nodes + relationships;
a transaction replayed by the driver after a transient error reports again. Relationships
are CREATEd when new (every existing relationship of the territory is read first, so "new"
is known) and only have their properties replaced when they changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from . import neo4j_cypher as q
from .errors import Problem, ValidationError
from .model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    check_endpoints,
    rel_target,
    utcnow,
)
from .neo4j_base import Tx, entry
from .neo4j_codec import node_from, rel_from, rel_props, stored
from .store import Progress, UpsertResult, check_bulk_nodes, chunks

BATCH = 5000
Log = Callable[[Tx, list[dict[str, Any]]], None]


def _existing(tx: Tx, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids, 20_000):
        for record in tx.run(q.GET_MANY, ids=chunk):
            props = dict(record["p"])
            props.pop("_lock", None)
            found[props["id"]] = props
    return found


def _check_existing(
    everything: list[Node], existing: dict[str, dict[str, Any]], problems: list[Problem]
) -> None:
    for i, node in enumerate(everything):
        if (old := existing.get(node.id)) is None:
            continue
        where = "territory" if i == 0 else f"nodes[{i - 1}]"
        if old["_kind"] != node.KIND.value:
            problems.append(
                Problem(f"{where}.id", f"'{node.id}' is already a {old['_kind']}", node.KIND.value)
            )
        elif old.get("territory_id") != node.territory_id:
            problems.append(
                Problem(
                    f"{where}.id",
                    f"'{node.id}' belongs to territory '{old.get('territory_id')}'",
                    node.id,
                )
            )


def _check_rels(
    tx: Tx,
    territory: Node,
    node_list: list[Node],
    rels: list[Relationship],
    problems: list[Problem],
) -> None:
    kinds = {n.id: n.KIND for n in node_list}
    outside = sorted({end for r in rels for end in (r.from_id, r.to_id) if end not in kinds})
    for chunk in chunks(outside, 20_000):
        for record in tx.run(q.KINDS, ids=chunk):
            if record["territory_id"] == territory.id:
                kinds[record["id"]] = NodeKind(record["kind"])
    for i, rel in enumerate(rels):
        for name, end in (("from", rel.from_id), ("to", rel.to_id)):
            if end not in kinds:
                problems.append(
                    Problem(
                        f"relationships[{i}].{name}",
                        f"no node with this id in territory '{territory.id}'",
                        end,
                    )
                )
        if rel.from_id in kinds and rel.to_id in kinds:
            try:
                check_endpoints(rel.type, kinds[rel.from_id], kinds[rel.to_id])
            except ValidationError as exc:
                problems.extend(
                    Problem(f"relationships[{i}].type", p.message, p.value) for p in exc.problems
                )


def rel_json(rel: Relationship) -> str:
    """``rel.to_json()`` as JSON text, cheaply (ids and type names need no escaping)."""
    props = json.dumps(rel.properties, separators=(",", ":"), ensure_ascii=False)
    return (
        f'{{"type":"{rel.type.value}","from":"{rel.from_id}","to":"{rel.to_id}",'
        f'"properties":{props}}}'
    )


def bulk_upsert(
    tx: Tx,
    log: Log,
    territory: Node,
    node_list: list[Node],
    rels: list[Relationship],
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    """Runs inside one transaction; may be replayed whole by the driver (it only reads its
    inputs and the database)."""
    problems: list[Problem] = []
    check_bulk_nodes(territory, node_list, problems)
    everything = [territory, *node_list]
    existing = _existing(tx, [n.id for n in everything])
    _check_existing(everything, existing, problems)
    _check_rels(tx, territory, node_list, rels, problems)
    if problems:
        raise ValidationError(problems)

    at = utcnow()
    changes: list[dict[str, Any]] = []
    created = updated = unchanged = linked = 0
    fresh: dict[NodeKind, list[dict[str, Any]]] = {}
    replaced: list[dict[str, Any]] = []
    stored_territory = existing.get(territory.id)
    if stored_territory is not None and int(stored_territory["version"]) >= territory.version:
        # An existing territory is left alone unless given newer: a caller that passes the
        # territory it read a moment ago must not undo a change made since.
        everything = node_list
        unchanged += 1
    for node in everything:
        data = node.model_dump(mode="json")
        props = stored(node, data)
        old = existing.get(node.id)
        if old == props:
            unchanged += 1
            continue
        if old is None:
            fresh.setdefault(node.KIND, []).append(props)
            created += 1
            before = None
        else:
            replaced.append(props)
            updated += 1
            before = node_from(old).to_json()
        op = ChangeOp.CREATE if old is None else ChangeOp.UPDATE
        # node.to_json() as text, by pydantic's own encoder (ids need no escaping)
        after = f'{{"type":"{node.KIND.value}",{node.model_dump_json()[1:]}'
        changes.append(entry(territory.id, at, by, op, node.id, node.KIND.value, before, after))
    element_ids: dict[str, str] = {}
    for kind, rows in fresh.items():
        for chunk in chunks(rows, BATCH):
            for record in tx.run(q.CREATE_MANY[kind], rows=chunk):
                element_ids[record["id"]] = record["eid"]
            _tell(progress, len(chunk))
    for chunk in chunks(replaced, BATCH):
        tx.run(q.REPLACE_MANY, rows=chunk).consume()
        _tell(progress, len(chunk))
    _tell(progress, unchanged)

    old_rels: dict[tuple[str, str, str], Relationship] = {}
    if rels and territory.id in existing:
        old_rels = {
            r.key: r
            for record in tx.run(q.SNAPSHOT_RELS, id=territory.id, chunk=q.CHUNK)
            for r in map(rel_from, record["chunk"])
        }
    ends = {end for r in rels if r.key not in old_rels for end in (r.from_id, r.to_id)}
    for id_chunk in chunks(sorted(ends - element_ids.keys()), 20_000):
        for record in tx.run(q.ELEMENT_IDS, ids=id_chunk):
            element_ids[record["id"]] = record["eid"]
    new: dict[RelType, list[dict[str, Any]]] = {}
    changed: dict[RelType, list[dict[str, Any]]] = {}
    for rel in rels:
        old_rel = old_rels.get(rel.key)
        if old_rel is not None and old_rel.properties == rel.properties:
            continue
        if old_rel is None:
            ends_ = {"f": element_ids[rel.from_id], "t": element_ids[rel.to_id]}
            new.setdefault(rel.type, []).append({**ends_, "p": rel_props(rel)})
        else:
            row = {"f": rel.from_id, "t": rel.to_id, "p": rel_props(rel)}
            changed.setdefault(rel.type, []).append(row)
        before = None if old_rel is None else old_rel.to_json()
        changes.append(
            entry(
                territory.id, at, by, ChangeOp.LINK, rel_target(rel), rel.type.value,
                before, rel_json(rel),
            )
        )  # fmt: skip
        linked += 1
    for queries, groups in ((q.REL_CREATE_MANY, new), (q.REL_SET_MANY, changed)):
        for rel_type, rows in groups.items():
            for chunk in chunks(rows, BATCH):
                tx.run(queries[rel_type], rows=chunk).consume()
                _tell(progress, len(chunk))
    _tell(progress, len(rels) - linked)
    log(tx, changes)
    return UpsertResult(created=created, updated=updated, unchanged=unchanged, linked=linked)


def _tell(progress: Progress | None, count: int) -> None:
    if progress is not None and count:
        progress(count)
