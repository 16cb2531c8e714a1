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
lock is taken last, see :func:`.changelog.log_bulk`). So this process's memory stays flat
however long the input (``python -m tests.bench --only import``); the Neo4j server holds the
transaction until it commits (~12 KB a row at its peak, see tests/neo4j/server.py). The whole
import is ONE transaction: a failure anywhere (a bad endpoint in a late chunk, the server going
away, an exception from the progress callback) leaves the database as it was; the
ValidationError lists the problems of the chunk that failed. Checks, messages and change
entries are those of :mod:`pactmap.graph.sqlite.bulk` (one loop for both:
:func:`pactmap.graph.bulk.run_bulk`), so both stores answer alike, and
``progress`` hears of the territory and of every node and (de-duplicated within its chunk)
relationship (a replayed transaction reports again: :func:`bulk_upsert` passes on only what a
replay gets past).

Duplicate relationships: the last wins. Within a chunk duplicates are merged first; a key
repeated in a LATER chunk is written again over the earlier one and then counts as linked,
with a change entry, once more.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Generic, TypeVar

from ..bulk import Merged, Tally, run_bulk
from ..checks import Ends, rel_json_text
from ..model import ChangeOp, Node, NodeKind, Relationship, RelType, rel_target, utcnow
from ..store import Progress, UpsertResult, chunks, dumps
from ..tempindex import TempIndex
from . import cypher_nodes
from .changelog import entry, log_bulk
from .codec import node_from, rel_from, rel_props, stored
from .database import Database, Tx, run_once

BATCH = 5000
T = TypeVar("T")


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


class _Writer:
    """The Neo4j side of :func:`pactmap.graph.bulk.run_bulk`, in one (replayable) transaction;
    the change entries wait in a spill, written last (:func:`.changelog.log_bulk`)."""

    def __init__(self, tx: Tx, territory_id: str, by: str, changes: Spill[dict[str, Any]]):
        self.tx = tx
        self.territory_id = territory_id
        self.by = by
        self.at = utcnow()
        self.changes = changes
        self.tally = Tally()

    def existing(self, ids: list[str]) -> Mapping[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for chunk in chunks(ids, 20_000):
            for record in run_once(self.tx, cypher_nodes.GET_MANY, ids=chunk):
                props = dict(record["p"])
                props.pop("_lock", None)
                found[props["id"]] = props
        return found

    def identity(self, old: dict[str, Any]) -> tuple[str, str | None, int]:
        return old["_kind"], old.get("territory_id"), int(old["version"])

    def ends_of(self, ids: list[str]) -> Ends:
        ends: Ends = {}
        for chunk in chunks(ids, 20_000):
            for r in run_once(self.tx, cypher_nodes.KINDS, ids=chunk):
                ends[r["id"]] = (NodeKind(r["kind"]), r["territory_id"] or r["id"])
        return ends

    def _log(self, op: ChangeOp, target: str, kind: str, before: Any, after: str) -> None:
        self.changes.append(
            entry(self.territory_id, self.at, self.by, op, target, kind, before, after)
        )

    def write_nodes(self, batch: list[Node], existing: Mapping[str, dict[str, Any]]) -> None:
        fresh: dict[NodeKind, list[dict[str, Any]]] = {}
        replaced: list[dict[str, Any]] = []
        for node in batch:
            props = stored(node, node.model_dump(mode="json"))
            old = existing.get(node.id)
            if old == props:
                self.tally.unchanged += 1
                continue
            if old is None:
                fresh.setdefault(node.KIND, []).append(props)
                self.tally.created += 1
            else:
                replaced.append(props)
                self.tally.updated += 1
            op = ChangeOp.CREATE if old is None else ChangeOp.UPDATE
            before = None if old is None else node_from(old).to_json()
            # node.to_json() as text, by pydantic's own encoder (ids need no escaping)
            after = f'{{"type":"{node.KIND.value}",{node.model_dump_json()[1:]}'
            self._log(op, node.id, node.KIND.value, before, after)
        for kind, rows in fresh.items():
            run_once(self.tx, cypher_nodes.CREATE_MANY[kind], rows=rows)
        if replaced:
            run_once(self.tx, cypher_nodes.REPLACE_MANY, rows=replaced)

    def write_rels(self, merged: Merged) -> None:
        keys = [list(k) for k in merged]
        old_rels = {
            r.key: r for r in map(rel_from, run_once(self.tx, cypher_nodes.RELS_BY_KEY, keys=keys))
        }
        ends = sorted({e for k in merged if k not in old_rels for e in (k[0], k[2])})
        element_ids = {
            r["id"]: r["eid"] for r in run_once(self.tx, cypher_nodes.ELEMENT_IDS, ids=ends)
        }
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
            after = rel_json_text(rel, dumps(rel.properties))
            self._log(ChangeOp.LINK, rel_target(rel), rel.type.value, before, after)
            self.tally.linked += 1
        for queries, groups in (
            (cypher_nodes.REL_CREATE_MANY, new),
            (cypher_nodes.REL_SET_MANY, changed),
        ):
            for rel_type, rows in groups.items():
                run_once(self.tx, queries[rel_type], rows=rows)


def _attempt(
    tx: Tx,
    territory: Node,
    nodes: Spill[Node],
    rels: Spill[Relationship],
    *,
    by: str,
    progress: Progress | None,
) -> UpsertResult:
    """One attempt, inside one transaction; may be replayed whole by the driver (it only reads
    its inputs, from the spills, and the database). The ids met so far and the change entries
    wait on disk, so memory stays flat however long the input."""
    with TempIndex() as seen, Spill[dict[str, Any]]() as changes:
        writer = _Writer(tx, territory.id, by, changes)
        result = run_bulk(writer, territory, nodes.chunks(), rels.chunks(), seen, progress)
        log_bulk(tx, changes.items, changes.chunks())
        return result


def bulk_upsert(
    db: Database,
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

        return _attempt(tx, territory, node_spill, rel_spill, by=by, progress=tell)

    try:
        return db.write(attempt)
    finally:
        node_spill.close()
        rel_spill.close()
