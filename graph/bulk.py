"""The check/write loop of ``bulk_upsert``, shared by both stores.

A store gives a :class:`BulkWriter` (how to read what is stored, write a chunk of nodes or
relationships, and find relationship ends); :func:`run_bulk` does the rest in the order both
stores keep: the territory (checked, then written unless the stored one is as new), the nodes
a chunk at a time (checked against the ids of earlier chunks and the database, then written),
then the relationships a chunk at a time (duplicates within a chunk merged, the last winning;
ends checked as ``link`` does, against the database, which sees this transaction's writes).
A chunk with problems raises :class:`~pactmap.graph.errors.ValidationError` before it is
written; the caller's one transaction then leaves the database as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol, TypeVar

from .checks import Ends, check_existing
from .errors import Problem, ValidationError
from .model import Node, NodeKind, Relationship
from .store import Progress, SeenIds, UpsertResult, check_bulk_nodes, check_bulk_relationships

S = TypeVar("S")
Merged = dict[tuple[str, str, str], tuple[int, Relationship]]


@dataclass
class Tally:
    """What a bulk write did so far."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked: int = 0

    def result(self) -> UpsertResult:
        return UpsertResult(
            created=self.created, updated=self.updated, unchanged=self.unchanged, linked=self.linked
        )


class BulkWriter(Protocol[S]):
    """One store's side of a bulk write, inside its transaction; ``S`` is a stored node."""

    tally: Tally

    def existing(self, ids: list[str]) -> Mapping[str, S]:
        """The stored nodes among ``ids``."""
        ...

    def identity(self, old: S) -> tuple[str, str | None, int]:
        """A stored node's kind, territory_id and version."""
        ...

    def write_nodes(self, batch: list[Node], existing: Mapping[str, S]) -> None:
        """Write the nodes that differ from ``existing``; count and log them."""
        ...

    def ends_of(self, ids: list[str]) -> Ends:
        """Kind and territory of each stored id."""
        ...

    def write_rels(self, merged: Merged) -> None:
        """Write the relationships that differ from the stored ones; count and log them."""
        ...


def _tell(progress: Progress | None, count: int) -> None:
    if progress is not None and count:
        progress(count)


def _check_nodes(
    writer: BulkWriter[S], batch: list[Node], start: int, problems: list[Problem]
) -> Mapping[str, S]:
    existing = writer.existing([n.id for n in batch])
    check_existing(batch, start, {k: writer.identity(v)[:2] for k, v in existing.items()}, problems)
    if problems:
        raise ValidationError(problems)
    return existing


def run_bulk(
    writer: BulkWriter[S],
    territory: Node,
    nodes: Iterable[list[Node]],
    relationships: Iterable[list[Relationship]],
    seen: SeenIds,
    progress: Progress | None,
) -> UpsertResult:
    """Check and write ``territory``, then ``nodes`` and ``relationships`` (given in chunks);
    ``progress`` hears of every node (the territory included) and merged relationship."""
    problems: list[Problem] = []
    check_bulk_nodes(territory, [], problems, seen)
    stored_territory = _check_nodes(writer, [territory], -1, problems)
    old_territory = stored_territory.get(territory.id)
    # An existing territory is left alone unless given newer: a caller that passes the
    # territory it read a moment ago must not undo a change made since.
    first: list[Node] = [territory]
    if old_territory is not None and writer.identity(old_territory)[2] >= territory.version:
        first = []
        writer.tally.unchanged += 1
        _tell(progress, 1)
    writer.write_nodes(first, stored_territory)
    _tell(progress, len(first))
    start = 0
    for batch in nodes:
        check_bulk_nodes(territory, batch, problems, seen, start)
        existing = _check_nodes(writer, batch, start, problems)
        writer.write_nodes(batch, existing)
        _tell(progress, len(batch))
        start += len(batch)

    start = 0
    for chunk in relationships:
        merged: Merged = {}
        for i, rel in enumerate(chunk, start):
            merged[rel.key] = (i, rel)  # the last of duplicates wins
        start += len(chunk)
        ends = writer.ends_of(sorted({e for _, r in merged.values() for e in (r.from_id, r.to_id)}))
        kinds = {
            node_id: kind
            for node_id, (kind, node_territory) in ends.items()
            if node_territory == territory.id and kind is not NodeKind.TERRITORY
        }
        check_bulk_relationships(territory.id, list(merged.values()), kinds)
        writer.write_rels(merged)
        _tell(progress, len(merged))
    return writer.tally.result()
