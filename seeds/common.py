"""What the demo territory and the generator share: fixed-time node building, documented gaps,
and the check that a documented gap really is one in the data."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from pactmap.graph.model import (
    NODE_MODELS,
    Direction,
    NodeBase,
    NodeKind,
    Relationship,
    RelType,
    build_relationship,
)

SEED_TIME = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
"""Every seeded node is created and last updated at this instant, so that loading a seed
twice, or exporting it, gives the same bytes."""

ACTOR_TIES = frozenset(
    {RelType.COLLABORATES_WITH, RelType.FUNDS, RelType.MEMBER_OF, RelType.REPRESENTS}
)
"""Relationships that join two actors directly: any one of them means the pair is not a gap."""


@dataclass(frozen=True)
class DocumentedGap:
    """Actors who work on the same topic (or on ``topics`` that depend on each other) yet have
    no tie, no joint commitment and no shared contract: a deliberate coordination gap."""

    actors: tuple[str, ...]
    topics: tuple[str, ...]
    why: str


def seed_node(
    kind: NodeKind,
    node_id: str,
    territory_id: str | None,
    fields: Mapping[str, Any],
    *,
    at: datetime = SEED_TIME,
) -> NodeBase:
    """A validated node with version 1, created and updated at ``at``."""
    return NODE_MODELS[kind].model_validate(
        {
            **fields,
            "id": node_id,
            "territory_id": territory_id,
            "created_at": at,
            "updated_at": at,
            "version": 1,
        }
    )


def rel(
    rel_type: RelType, from_id: str, to_id: str, properties: Mapping[str, Any] | None = None
) -> Relationship:
    return build_relationship(rel_type, from_id, to_id, properties)


def level_of(value: float, cuts: tuple[float, float, float, float], direction: str) -> int:
    """The 1-5 level of ``value`` given the cut-offs between levels 5|4, 4|3, 3|2 and 2|1."""
    for level, cut in zip((5, 4, 3, 2), cuts, strict=True):
        if (value <= cut) if direction == Direction.LOWER_IS_BETTER else (value >= cut):
            return level
    return 1


def gap_violations(
    actors: Iterable[str], topics: Iterable[str], relationships: Iterable[Relationship]
) -> list[str]:
    """Why a documented gap is not one in ``relationships``; an empty list when it is.

    A gap needs every actor to work on at least one of ``topics``, and no two of its actors
    tied directly (``ACTOR_TIES``, either direction), making one commitment together, or
    parties (signatories or committed) to one contract.
    """
    members = tuple(actors)
    member_set = set(members)
    topic_set = set(topics)
    works: dict[str, set[str]] = {a: set() for a in members}
    made: dict[str, set[str]] = {}
    part_of: dict[str, str] = {}
    contracts: dict[str, set[str]] = {a: set() for a in members}
    problems: list[str] = []
    for r in relationships:
        if r.type is RelType.WORKS_ON and r.from_id in member_set:
            works[r.from_id].add(r.to_id)
        elif r.type in ACTOR_TIES and r.from_id in member_set and r.to_id in member_set:
            problems.append(f"'{r.from_id}' and '{r.to_id}' are tied by {r.type}")
        elif r.type is RelType.MADE and r.from_id in member_set:
            made.setdefault(r.to_id, set()).add(r.from_id)
        elif r.type is RelType.SIGNED and r.from_id in member_set:
            contracts[r.from_id].add(r.to_id)
        elif r.type is RelType.PART_OF:
            part_of[r.from_id] = r.to_id
    for commitment, makers in made.items():
        if len(makers) > 1:
            problems.append(f"{sorted(makers)} made the commitment '{commitment}' together")
        if commitment in part_of:
            for maker in makers:
                contracts[maker].add(part_of[commitment])
    for a in members:
        if not works[a] & topic_set:
            problems.append(f"'{a}' works on none of {sorted(topic_set)}")
    for a, b in combinations(members, 2):
        shared = contracts[a] & contracts[b]
        if shared:
            problems.append(f"'{a}' and '{b}' are parties to the contract(s) {sorted(shared)}")
    return problems
