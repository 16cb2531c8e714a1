"""Nodes one relationship away from a batch of nodes, several relationship kinds at once:
what :meth:`~pactmap.graph.store.Store.related` answers in one read, so that a page of 100
actors with their topics and collaborators costs one store call, not one per field.

A :data:`Step` is a relationship type (None: every type) and a direction ("out", "in" or
"both"). Both stores read rows of :data:`Hop` (the node asked about, the relationship's key,
the node at its other end) and hand them to :func:`group_hops`, which keeps the order the
per-relationship reads give: for each node, its relationships sorted by key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .checks import check_direction
from .model import Node, RelType, parse_rel_type

Step = tuple[RelType | None, str]
"""A relationship type (None for every type) and a direction: "out", "in" or "both"."""

Related = dict[Step, dict[str, list[Node]]]
"""Per step, per node asked about: the nodes at the other end of its relationships."""

Hop = tuple[str, str, tuple[str, str, str], Node]
"""(node asked about, "out" or "in" from it, the relationship's key, the node at the other end)."""


def check_steps(steps: Sequence[Step]) -> list[Step]:
    """The steps with their types parsed; raises ValidationError naming a bad type or direction."""
    checked: list[Step] = []
    for rel_type, direction in steps:
        check_direction(direction)
        checked.append((None if rel_type is None else parse_rel_type(str(rel_type)), direction))
    return checked


def wanted_types(steps: Sequence[Step], direction: str) -> list[str] | None:
    """The type values to read in one direction ("out" or "in"); None for every type, [] for
    none (that direction need not be read)."""
    types: set[str] = set()
    for rel_type, step_direction in steps:
        if step_direction not in (direction, "both"):
            continue
        if rel_type is None:
            return None
        types.add(rel_type.value)
    return sorted(types)


def group_hops(node_ids: Sequence[str], steps: Sequence[Step], hops: Iterable[Hop]) -> Related:
    """Every step and every node id is a key (maybe with []); nodes in relationship-key order,
    a node reached twice (e.g. collaborators linked both ways) listed twice."""
    by_source: dict[str, list[Hop]] = {node_id: [] for node_id in node_ids}
    for hop in hops:
        if hop[0] in by_source:
            by_source[hop[0]].append(hop)
    for found in by_source.values():
        found.sort(key=lambda hop: hop[2])
    result: Related = {}
    for rel_type, direction in steps:
        value = None if rel_type is None else rel_type.value
        result[(rel_type, direction)] = {
            node_id: [
                other
                for _, side, key, other in found
                if (value is None or key[1] == value) and direction in (side, "both")
            ]
            for node_id, found in by_source.items()
        }
    return result
