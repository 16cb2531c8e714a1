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

Deleting a Territory deletes everything in it (nodes, relationships, memberships, tokens,
comments, decisions) and writes one ``delete`` entry; its change log stays. Deleting any
other node writes an ``unlink`` entry per relationship it had and a ``delete`` entry per node
removed (an Indicator takes its Measurements with it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from neo4j.exceptions import ConstraintError

from . import neo4j_cypher as q
from .errors import AlreadyExists, NotFound, ValidationError, VersionConflict
from .model import (
    Change,
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
    search_key,
    utcnow,
)
from .neo4j_accounts import Neo4jAccounts
from .neo4j_base import Tx, entry, territory_of
from .neo4j_bulk import bulk_upsert as _bulk_upsert
from .neo4j_codec import change_from, epoch_us, node_from, node_props, rel_from, rel_props
from .store import (
    ID_PREFIX,
    MAX_PAGE,
    LinkSpec,
    ListFilter,
    Page,
    Progress,
    Snapshot,
    Subgraph,
    UpsertResult,
    check_page_size,
    decode_cursor,
    encode_cursor,
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


def _rels(tx: Tx, query: str, **params: Any) -> list[Relationship]:
    return [rel_from(r) for r in tx.run(query, **params)]


def _chunked(tx: Tx, query: str, territory_id: str) -> Iterator[Any]:
    for record in tx.run(query, id=territory_id, chunk=q.CHUNK):
        yield from record["chunk"]


class Neo4jStore(Neo4jAccounts):
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

    def get(self, node_id: str) -> Node:
        record = self._read(lambda tx: tx.run(q.GET, id=node_id).single())
        if record is None:
            raise NotFound("Node", node_id)
        return node_from(record["p"])

    def get_many(self, node_ids: Sequence[str]) -> dict[str, Node]:
        records = self._read(lambda tx: list(tx.run(q.GET_MANY, ids=list(set(node_ids)))))
        found = {n.id: n for n in (node_from(r["p"]) for r in records)}
        return {node_id: found[node_id] for node_id in node_ids if node_id in found}

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
                    r.to_id for r in _rels(tx, q.RELS_OUT, ids=[node_id], types=[RelType.HAS.value])
                )
            everything = [t.value for t in RelType]
            touching = {
                r.key: r
                for query in (q.RELS_OUT, q.RELS_IN)
                for r in _rels(tx, query, ids=victims, types=everything)
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
            found = _rels(tx, q.REL_EXISTING[rel.type], **params)
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
            found = _rels(tx, q.REL_EXISTING[rel_type], **params)
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

    def relationships(
        self,
        node_ids: Sequence[str],
        *,
        types: Sequence[RelType] | None = None,
        direction: str = "both",
    ) -> dict[str, list[Relationship]]:
        if direction not in ("out", "in", "both"):
            raise ValidationError(
                "direction is 'out', 'in' or 'both'", field="direction", value=direction
            )
        result: dict[str, list[Relationship]] = {node_id: [] for node_id in node_ids}
        wanted = [parse_rel_type(str(t)).value for t in (RelType if types is None else types)]
        ids = list(result)

        def work(tx: Tx) -> None:
            if direction in ("out", "both"):
                for rel in _rels(tx, q.RELS_OUT, ids=ids, types=wanted):
                    result[rel.from_id].append(rel)
            if direction in ("in", "both"):
                for rel in _rels(tx, q.RELS_IN, ids=ids, types=wanted):
                    result[rel.to_id].append(rel)

        self._read(work)
        for rels in result.values():
            rels.sort(key=lambda r: r.key)
        return result

    # ------------------------------------------------------------ reading many

    def list_nodes(
        self,
        kind: NodeKind,
        territory_id: str | None,
        *,
        filter: ListFilter | None = None,
        first: int = 50,
        after: str | None = None,
    ) -> Page[Node]:
        kind = parse_kind(str(kind))
        check_page_size(first)
        flt = filter or ListFilter()
        flt.check(kind)
        if (kind is NodeKind.TERRITORY) != (territory_id is None):
            raise ValidationError(
                "territory_id is None for Territory lists and given for any other kind",
                field="territory_id",
                value=territory_id,
            )
        params: dict[str, Any] = {
            "territory_id": territory_id,
            "search": (search_key(flt.text.strip()) or None) if flt.text else None,
            "exact": flt.exact(),
            "after_label": None,
            "after_id": None,
            "limit": first + 1,
        }
        if after is not None:
            parts = decode_cursor(after)
            if len(parts) != 2 or not all(isinstance(p, str) for p in parts):
                raise ValidationError(
                    "the cursor is not one this API gave", field="after", value=after
                )
            params["after_label"], params["after_id"] = parts

        def work(tx: Tx) -> tuple[int, list[Node]]:
            total = tx.run(q.COUNT[kind], params).single(strict=True)["total"]
            return int(total), [node_from(r["p"]) for r in tx.run(q.LIST[kind], params)]

        total, rows = self._read(work)
        items = rows[:first]
        end = encode_cursor(items[-1].label, items[-1].id) if items else None
        return Page(items, total, end, len(rows) > first)

    def search(
        self,
        territory_id: str,
        text: str,
        *,
        kinds: Sequence[NodeKind] | None = None,
        limit: int = 20,
    ) -> list[Node]:
        if not 1 <= limit <= MAX_PAGE:
            raise ValidationError(
                f"a search returns 1 to {MAX_PAGE} nodes", field="limit", value=limit
            )
        folded = search_key(text.strip())
        if not folded:
            return []
        wanted = [parse_kind(str(k)).value for k in (NodeKind if kinds is None else kinds)]
        records = self._read(
            lambda tx: list(
                tx.run(q.SEARCH, territory_id=territory_id, q=folded, kinds=wanted, limit=limit)
            )
        )
        return [node_from(r["p"]) for r in records]

    def neighbourhood(self, node_id: str, depth: int = 1, *, limit: int = 2000) -> Subgraph:
        if isinstance(depth, bool) or depth not in (1, 2, 3):
            raise ValidationError("depth is 1, 2 or 3", field="depth", value=depth)
        if limit < 1:
            raise ValidationError("limit is at least 1", field="limit", value=limit)

        def within(tx: Tx, steps: int) -> set[str]:
            return {r["id"] for r in tx.run(q.WITHIN[steps], id=node_id)}

        def work(tx: Tx) -> tuple[list[Node], list[Relationship]]:
            if tx.run(q.GET, id=node_id).single() is None:
                raise NotFound("Node", node_id)
            seen = {node_id}
            reached = within(tx, depth)
            if len(reached) + 1 <= limit:
                seen |= reached
            else:
                # Too many: take the nearest first, ring by ring, by id within a ring.
                for steps in range(1, depth + 1):
                    if len(seen) >= limit:
                        break
                    ring = sorted(within(tx, steps) - seen)[: limit - len(seen)]
                    if not ring:
                        break
                    seen.update(ring)
            ids = sorted(seen)
            nodes = sorted(
                (node_from(r["p"]) for r in tx.run(q.GET_MANY, ids=ids)), key=lambda n: n.id
            )
            rels = sorted(_rels(tx, q.RELS_AMONG, ids=ids), key=lambda r: r.key)
            return nodes, rels

        nodes, rels = self._read(work)
        return Subgraph(nodes, rels)

    def snapshot(self, territory_id: str) -> Snapshot:
        def work(tx: Tx) -> Snapshot:
            found = tx.run(
                "MATCH (t:Territory {id: $id}) RETURN properties(t) AS p", id=territory_id
            ).single()
            if found is None:
                raise NotFound("Territory", territory_id)
            nodes = [node_from(p) for p in _chunked(tx, q.SNAPSHOT_NODES, territory_id)]
            rels = [rel_from(row) for row in _chunked(tx, q.SNAPSHOT_RELS, territory_id)]
            nodes.sort(key=lambda n: n.id)
            rels.sort(key=lambda r: r.key)
            return Snapshot(node_from(found["p"]), nodes, rels)

        return self._read(work)

    def territory_version(self, territory_id: str) -> int:
        record = self._read(
            lambda tx: tx.run(q.LAST_SEQ, territory_id=territory_id).single(strict=True)
        )
        return int(record["seq"])

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
        node (the territory included) and relationship handled, as in the SQLite store."""
        node_list = list(nodes)
        rels = list({r.key: r for r in relationships}.values())  # the last of duplicates wins
        return self._write(
            lambda tx: _bulk_upsert(
                tx, self._log, territory, node_list, rels, by=by, progress=progress
            )
        )

    # ------------------------------------------------------------ audit log

    def changes(
        self,
        territory_id: str,
        *,
        since: datetime | None = None,
        after_seq: int | None = None,
        first: int = 100,
    ) -> list[Change]:
        check_page_size(first)
        records = self._read(
            lambda tx: list(
                tx.run(
                    q.CHANGES,
                    territory_id=territory_id,
                    since=None if since is None else epoch_us(since),
                    after_seq=-1 if after_seq is None else after_seq,
                    first=first,
                )
            )
        )
        return [change_from(r["p"]) for r in records]

    def count_changes(self, territory_id: str, *, since: datetime | None = None) -> int:
        record = self._read(
            lambda tx: tx.run(
                q.COUNT_CHANGES,
                territory_id=territory_id,
                since=None if since is None else epoch_us(since),
            ).single(strict=True)
        )
        return int(record["total"])

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
