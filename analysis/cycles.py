"""SPIRAL cycles: when a territory entered each cycle (read from its change log), and how
co-responsibility widened from one cycle's map to another's.

A territory runs up to three widening cycles. Each move of ``Territory.spiral_cycle`` is an
``update`` in the change log, so the log says when each cycle started and ended; the map at
any of those moments is :func:`pactmap.graph.history.map_at`. A cycle's map is the map as the
cycle ended (when the territory moved on), or the map now for the current cycle.

References
----------
.. [1] Council of Europe (2014). SPIRAL methodological guide: three cycles of
   co-responsibility, each widening the circle of actors (the "spiral").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations
from typing import Any

import networkx as nx
from pactmap.graph.model import Change, ChangeOp, NodeKind, RelType, Sector
from pactmap.graph.store import Snapshot

from .convert import snapshot_to_graph
from .projections import contract_parties
from .records import Ref
from .typed import edges_of_type, nodes_of, obj


@dataclass(frozen=True)
class CycleSpan:
    """One cycle: its start (the change that opened it; ``start_seq`` 0 when the log does not
    say) and its end (``end_seq`` None while it is the current cycle)."""

    cycle: int
    start_seq: int
    start_at: datetime | None
    end_seq: int | None
    end_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        return {
            "cycle": self.cycle,
            "startSeq": self.start_seq,
            "startAt": None if self.start_at is None else self.start_at.isoformat(),
            "endSeq": self.end_seq,
            "endAt": None if self.end_at is None else self.end_at.isoformat(),
        }


def _cycle(data: dict[str, Any] | None) -> int | None:
    value = (data or {}).get("spiral_cycle")
    return value if isinstance(value, int) else None


def cycle_spans(territory_id: str, changes: Iterable[Change]) -> dict[int, CycleSpan]:
    """Each cycle the territory was in, from its change log (any order).

    The territory's creation opens its first cycle; every update of its ``spiral_cycle``
    closes the cycle it leaves and opens the one it enters (re-entering a cycle keeps the
    latest span). With no creation in the log, the first cycle seen starts at seq 0.
    """
    spans: dict[int, CycleSpan] = {}
    current: CycleSpan | None = None
    for change in sorted(changes, key=lambda c: c.seq):
        if change.territory_id != territory_id or change.target != territory_id:
            continue
        before, after = _cycle(change.before), _cycle(change.after)
        if change.op is ChangeOp.CREATE and after is not None:
            current = spans[after] = CycleSpan(after, change.seq, change.at, None, None)
        elif change.op is ChangeOp.UPDATE and after is not None and before != after:
            if current is None and before is not None:
                current = CycleSpan(before, 0, None, None, None)
            if current is not None:
                spans[current.cycle] = CycleSpan(
                    current.cycle, current.start_seq, current.start_at, change.seq, change.at
                )
            current = spans[after] = CycleSpan(after, change.seq, change.at, None, None)
    return spans


@dataclass(frozen=True)
class Tie:
    """Two actors of different sectors now bound, and how (``via``: "collaboration" or the
    contracts they are both party to)."""

    actors: tuple[Ref, Ref]
    via: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"actors": [a.to_json() for a in self.actors], "via": list(self.via)}


@dataclass(frozen=True)
class CycleDiff:
    """What one cycle's map has that an earlier one's has not; ``counts`` compares sizes."""

    new_actors: tuple[Ref, ...]
    new_sectors: tuple[str, ...]
    new_cross_sector_ties: tuple[Tie, ...]
    new_signatories: tuple[Ref, ...]
    newly_represented_groups: tuple[Ref, ...]
    new_indicators: tuple[Ref, ...]
    new_commitments: tuple[Ref, ...]
    new_contracts: tuple[Ref, ...]
    counts: dict[str, tuple[int, int]]

    def to_json(self) -> dict[str, Any]:
        def refs(items: tuple[Ref, ...]) -> list[dict[str, Any]]:
            return [r.to_json() for r in items]

        return {
            "newActors": refs(self.new_actors),
            "newSectors": list(self.new_sectors),
            "newCrossSectorTies": [t.to_json() for t in self.new_cross_sector_ties],
            "newSignatories": refs(self.new_signatories),
            "newlyRepresentedGroups": refs(self.newly_represented_groups),
            "newIndicators": refs(self.new_indicators),
            "newCommitments": refs(self.new_commitments),
            "newContracts": refs(self.new_contracts),
            "counts": {k: {"from": a, "to": b} for k, (a, b) in self.counts.items()},
        }


@dataclass(frozen=True)
class _Facts:
    actors: dict[str, Ref]
    ties: dict[tuple[str, str], set[str]]
    signatories: set[str]
    represented: set[str]
    nodes: dict[NodeKind, dict[str, Ref]]


def _facts(T: nx.MultiDiGraph[str]) -> _Facts:
    actors = {}
    for a in nodes_of(T, NodeKind.ACTOR):
        node = obj(T, a)
        actors[a] = Ref(a, node.label, str(getattr(node, "sector", Sector.OTHER)))
    ties: dict[tuple[str, str], set[str]] = {}

    def tie(a: str, b: str, via: str) -> None:
        if a in actors and b in actors and actors[a].sector != actors[b].sector:
            ties.setdefault((min(a, b), max(a, b)), set()).add(via)

    for a, b, _ in edges_of_type(T, RelType.COLLABORATES_WITH.value):
        tie(a, b, "collaboration")
    parties = contract_parties(T)
    for contract, members in parties.items():
        for a, b in combinations(sorted(members), 2):
            tie(a, b, obj(T, contract).label)
    signatories = {a for a, _, _ in edges_of_type(T, RelType.SIGNED.value)}
    represented = {
        a
        for members in parties.values()
        for a in members
        if a in actors and actors[a].sector == Sector.CITIZEN_GROUP.value
    }
    kinds = (NodeKind.INDICATOR, NodeKind.COMMITMENT, NodeKind.CONTRACT)
    nodes = {k: {n: Ref(n, obj(T, n).label) for n in nodes_of(T, k)} for k in kinds}
    return _Facts(actors, ties, signatories, represented, nodes)


def _sorted(refs: Iterable[Ref]) -> tuple[Ref, ...]:
    return tuple(sorted(refs, key=lambda r: (r.name, r.id)))


def cycle_diff(before: Snapshot, after: Snapshot) -> CycleDiff:
    """How co-responsibility widened from ``before`` (an earlier cycle's map) to ``after``.

    A cross-sector tie joins two actors of different sectors by a COLLABORATES_WITH or by being
    parties (signatories or commitment makers) of one contract; it is new when the pair had no
    such tie before. Citizen groups are represented when party to a contract.

    Examples
    --------
    >>> from pactmap.graph.model import NodeKind, new_node
    >>> ter = new_node(NodeKind.TERRITORY, {"name": "T"}, node_id="t", territory_id=None)
    >>> cycle_diff(Snapshot(ter, [], []), Snapshot(ter, [], [])).new_actors
    ()
    """
    old, new = _facts(snapshot_to_graph(before)), _facts(snapshot_to_graph(after))
    old_sectors = {r.sector for r in old.actors.values()}
    new_sectors = {r.sector for r in new.actors.values()}
    ties = [
        Tie((new.actors[a], new.actors[b]), tuple(sorted(via)))
        for (a, b), via in sorted(new.ties.items())
        if (a, b) not in old.ties
    ]

    def added(kind: NodeKind) -> tuple[Ref, ...]:
        return _sorted(r for n, r in new.nodes[kind].items() if n not in old.nodes[kind])

    return CycleDiff(
        new_actors=_sorted(r for a, r in new.actors.items() if a not in old.actors),
        new_sectors=tuple(sorted(s for s in new_sectors - old_sectors if s is not None)),
        new_cross_sector_ties=tuple(ties),
        new_signatories=_sorted(new.actors[a] for a in new.signatories - old.signatories),
        newly_represented_groups=_sorted(new.actors[a] for a in new.represented - old.represented),
        new_indicators=added(NodeKind.INDICATOR),
        new_commitments=added(NodeKind.COMMITMENT),
        new_contracts=added(NodeKind.CONTRACT),
        counts={
            "actors": (len(old.actors), len(new.actors)),
            "sectors": (len(old_sectors), len(new_sectors)),
            "crossSectorTies": (len(old.ties), len(new.ties)),
            "signatories": (len(old.signatories), len(new.signatories)),
            "representedGroups": (len(old.represented), len(new.represented)),
            "indicators": (len(old.nodes[NodeKind.INDICATOR]), len(new.nodes[NodeKind.INDICATOR])),
            "commitments": (
                len(old.nodes[NodeKind.COMMITMENT]),
                len(new.nodes[NodeKind.COMMITMENT]),
            ),
            "contracts": (len(old.nodes[NodeKind.CONTRACT]), len(new.nodes[NodeKind.CONTRACT])),
        },
    )
