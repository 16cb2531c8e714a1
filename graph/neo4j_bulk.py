"""``bulk_upsert`` for the Neo4j store: streamed in chunks of :data:`BATCH`, written by UNWIND.

The nodes and relationships are first read once from their iterables (one-shot generators
are fine) into a :class:`Spill`: a temporary file of pickled chunks. The driver may replay a
managed transaction after a transient error, and a replay reads the spill again. The
transaction function then takes the nodes, and next the relationships, a chunk at a time:
checks the chunk (against the ids of earlier chunks and the database), writes it grouped by
kind / relationship type (a label cannot be a parameter), and reports progress. Nothing
outlives a chunk in memory: the ids met so far wait in a :class:`.tempindex.TempIndex`, a
relationship's ends (written earlier in this transaction) are looked up in the database, and
the change-log entries go to another spill, written last in the same transaction (the counter
lock is taken last, see :func:`.neo4j_base.log_bulk`). So this process's memory stays flat
however long the input (``python -m tests.bench --only import``); the Neo4j server holds the
transaction until it commits (~12 KB a row at its peak, see tests/neo4j/server.py). The whole
import is ONE transaction: a failure anywhere (a bad endpoint in a late chunk, the server going
away, an exception from the progress callback) leaves the database as it was; the
ValidationError lists the problems of the chunk that failed. Checks, messages and change
entries are those of :mod:`pactmap.graph.sqlite_bulk`, so both stores answer alike, and
``progress`` hears of the territory and of every node and (de-duplicated within its chunk)
relationship (a replayed transaction reports again: ``Neo4jStore.bulk_upsert`` passes on only
what a replay gets past).

Duplicate relationships: the last wins. Within a chunk duplicates are merged first; a key
repeated in a LATER chunk is written again over the earlier one and then counts as linked,
with a change entry, once more.
"""

from __future__ import annotations

import json
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, Any, Generic, TypeVar

from . import neo4j_cypher as q
from .errors import Problem, ValidationError
from .model import (
    ChangeOp,
    Node,
    NodeKind,
    Relationship,
    RelType,
    rel_target,
    utcnow,
)
from .neo4j_base import Tx, entry, log_bulk, run_once
from .neo4j_codec import node_from, rel_from, rel_props, stored
from .store import Progress, UpsertResult, check_bulk_nodes, check_bulk_relationships, chunks
from .tempindex import TempIndex

BATCH = 5000
T = TypeVar("T")


# The stored relationships among given keys (as in SNAPSHOT_RELS: f, t, o, p).
class Spill(Generic[T]):
    """Items read once from an iterable, kept in a temporary file as pickled chunks of
    ``size``, to be read back chunk by chunk as often as needed (the file is deleted when
    closed). Only this process writes and reads it."""

    def __init__(self, items: Iterable[T] = (), size: int | None = None) -> None:
        self._file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self._size = size or BATCH
        self._pending: list[T] = []
        self.count = 0  # chunks in the file
        self.items = 0
        try:
            for item in items:
                self.append(item)
        except BaseException:
            self._file.close()
            raise

    def append(self, item: T) -> None:
        self._pending.append(item)
        self.items += 1
        if len(self._pending) >= self._size:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._file.seek(0, 2)
            pickle.dump(self._pending, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self.count += 1
            self._pending = []

    def chunks(self) -> Iterator[list[T]]:
        """Every item so far, a chunk at a time (appending while reading is not allowed)."""
        self._flush()
        self._file.seek(0)
        for _ in range(self.count):
            chunk: list[T] = pickle.load(self._file)  # noqa: S301 (our own temporary file)
            yield chunk

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> Spill[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _existing(tx: Tx, ids: list[str]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunks(ids, 20_000):
        for record in run_once(tx, q.GET_MANY, ids=chunk):
            props = dict(record["p"])
            props.pop("_lock", None)
            found[props["id"]] = props
    return found


def _check_existing(
    batch: list[Node], start: int, existing: dict[str, dict[str, Any]], problems: list[Problem]
) -> None:
    """``batch[0]`` is ``nodes[start]`` (``start`` -1: the territory)."""
    for i, node in enumerate(batch, start):
        if (old := existing.get(node.id)) is None:
            continue
        where = "territory" if i < 0 else f"nodes[{i}]"
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


def _check_rels(tx: Tx, territory_id: str, batch: list[tuple[int, Relationship]]) -> None:
    """Endpoints as in ``link``: the imported nodes are already written (in this transaction,
    which reads its own writes), so every end is looked up in the database."""
    ends = sorted({end for _, r in batch for end in (r.from_id, r.to_id)})
    kinds: dict[str, NodeKind] = {}
    for chunk in chunks(ends, 20_000):
        for record in run_once(tx, q.KINDS, ids=chunk):
            if record["territory_id"] == territory_id:
                kinds[record["id"]] = NodeKind(record["kind"])
    check_bulk_relationships(territory_id, batch, kinds)


def rel_json(rel: Relationship) -> str:
    """``rel.to_json()`` as JSON text, cheaply (ids and type names need no escaping)."""
    props = json.dumps(rel.properties, separators=(",", ":"), ensure_ascii=False)
    return (
        f'{{"type":"{rel.type.value}","from":"{rel.from_id}","to":"{rel.to_id}",'
        f'"properties":{props}}}'
    )


def bulk_upsert(
    tx: Tx,
    territory: Node,
    nodes: Spill[Node],
    rels: Spill[Relationship],
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    """Runs inside one transaction; may be replayed whole by the driver (it only reads its
    inputs, from the spills, and the database). The ids met so far and the change entries
    wait on disk, so memory stays flat however long the input."""
    with TempIndex() as seen, Spill[dict[str, Any]]() as changes:
        return _bulk_upsert(tx, territory, nodes, rels, seen, changes, by=by, progress=progress)


def _bulk_upsert(
    tx: Tx,
    territory: Node,
    nodes: Spill[Node],
    rels: Spill[Relationship],
    seen: TempIndex,
    changes: Spill[dict[str, Any]],
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    at = utcnow()
    created = updated = unchanged = linked = 0
    problems: list[Problem] = []
    check_bulk_nodes(territory, [], problems, seen)
    stored_territory = _existing(tx, [territory.id])
    _check_existing([territory], -1, stored_territory, problems)
    if problems:
        raise ValidationError(problems)
    first: list[Node] = [territory]
    old_territory = stored_territory.get(territory.id)
    if old_territory is not None and int(old_territory["version"]) >= territory.version:
        # An existing territory is left alone unless given newer: a caller that passes the
        # territory it read a moment ago must not undo a change made since.
        first = []
        unchanged += 1
        _tell(progress, 1)

    def write_nodes(batch: list[Node], existing: dict[str, dict[str, Any]]) -> None:
        nonlocal created, updated, unchanged
        fresh: dict[NodeKind, list[dict[str, Any]]] = {}
        replaced: list[dict[str, Any]] = []
        for node in batch:
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
        for kind, rows in fresh.items():
            run_once(tx, q.CREATE_MANY[kind], rows=rows)
        if replaced:
            run_once(tx, q.REPLACE_MANY, rows=replaced)
        _tell(progress, len(batch))

    write_nodes(first, stored_territory)
    start = 0
    for batch in nodes.chunks():
        check_bulk_nodes(territory, batch, problems, seen, start)
        existing = _existing(tx, [n.id for n in batch])
        _check_existing(batch, start, existing, problems)
        if problems:
            raise ValidationError(problems)
        write_nodes(batch, existing)
        start += len(batch)

    start = 0
    for chunk in rels.chunks():
        merged: dict[tuple[str, str, str], tuple[int, Relationship]] = {}
        for i, rel in enumerate(chunk, start):
            merged[rel.key] = (i, rel)  # the last of duplicates wins
        start += len(chunk)
        _check_rels(tx, territory.id, list(merged.values()))
        old_rels = {
            r.key: r
            for r in map(rel_from, run_once(tx, q.RELS_BY_KEY, keys=[list(k) for k in merged]))
        }
        ends = sorted({e for k in merged if k not in old_rels for e in (k[0], k[2])})
        element_ids = {r["id"]: r["eid"] for r in run_once(tx, q.ELEMENT_IDS, ids=ends)}
        new: dict[RelType, list[dict[str, Any]]] = {}
        changed: dict[RelType, list[dict[str, Any]]] = {}
        for _, rel in merged.values():
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
                run_once(tx, queries[rel_type], rows=rows)
        _tell(progress, len(merged))
    log_bulk(tx, changes.items, changes.chunks())
    return UpsertResult(created=created, updated=updated, unchanged=unchanged, linked=linked)


def _tell(progress: Progress | None, count: int) -> None:
    if progress is not None and count:
        progress(count)
