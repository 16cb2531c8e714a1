"""Small territories built by hand for the analysis tests (no store needed)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pactmap.graph.model import NodeBase, NodeKind, Relationship, build_relationship, new_node
from pactmap.graph.store import Snapshot

NOW = datetime(2026, 1, 1, tzinfo=UTC)


class MapBuilder:
    """Add nodes and links with short calls, then ``snapshot()``."""

    def __init__(self, territory: str = "ter-test", name: str = "Testville") -> None:
        self.territory = new_node(
            NodeKind.TERRITORY, {"name": name}, node_id=territory, territory_id=None, now=NOW
        )
        self.nodes: dict[str, NodeBase] = {}
        self.rels: list[Relationship] = []

    def node(self, kind: NodeKind, node_id: str, **fields: Any) -> str:
        self.nodes[node_id] = new_node(
            kind, fields, node_id=node_id, territory_id=self.territory.id, now=NOW
        )
        return node_id

    def link(self, rel: str, a: str, b: str, **props: Any) -> None:
        self.rels.append(build_relationship(rel, a, b, props))

    def actor(self, node_id: str, sector: str, name: str | None = None) -> str:
        return self.node(NodeKind.ACTOR, node_id, name=name or node_id, sector=sector)

    def topic(self, node_id: str, name: str | None = None, dimension: str = "A") -> str:
        return self.node(NodeKind.TOPIC, node_id, name=name or node_id, dimension=dimension)

    def works_on(self, actor: str, topic: str, intensity: int = 3) -> None:
        self.link("WORKS_ON", actor, topic, intensity=intensity)

    def tie(self, a: str, b: str, strength: int = 3) -> None:
        self.link("COLLABORATES_WITH", a, b, strength=strength)

    def indicator(
        self, node_id: str, topics: list[str], levels: list[tuple[date, int]], **fields: Any
    ) -> str:
        self.node(NodeKind.INDICATOR, node_id, name=fields.pop("name", node_id), **fields)
        for t in topics:
            self.link("MEASURES", node_id, t)
        for i, (on, level) in enumerate(levels):
            m = self.node(NodeKind.MEASUREMENT, f"{node_id}-m{i}", on=on, value=level, level=level)
            self.link("HAS", node_id, m)
        return node_id

    def commitment(
        self, node_id: str, makers: list[str], addresses: list[str], **fields: Any
    ) -> str:
        self.node(NodeKind.COMMITMENT, node_id, title=fields.pop("title", node_id), **fields)
        for a in makers:
            self.link("MADE", a, node_id)
        for t in addresses:
            self.link("ADDRESSES", node_id, t)
        return node_id

    def contract(
        self, node_id: str, signers: dict[str, str], targets: list[str], **fields: Any
    ) -> str:
        self.node(NodeKind.CONTRACT, node_id, title=fields.pop("title", node_id), **fields)
        for a, role in signers.items():
            self.link("SIGNED", a, node_id, role=role)
        for t in targets:
            self.link("TARGETS", node_id, t)
        return node_id

    def criterion(self, node_id: str, group: str, topic: str, text: str = "a criterion") -> str:
        self.node(NodeKind.CRITERION, node_id, text=text, question="illbeing")
        self.link("EXPRESSED", group, node_id)
        self.link("ABOUT", node_id, topic)
        return node_id

    def concern(self, node_id: str, targets: list[str], title: str | None = None) -> str:
        self.node(NodeKind.FUTURE_CONCERN, node_id, title=title or node_id)
        for t in targets:
            self.link("CONCERNS", node_id, t)
        return node_id

    def snapshot(self) -> Snapshot:
        nodes = sorted(self.nodes.values(), key=lambda n: n.id)
        rels = sorted(self.rels, key=lambda r: (r.from_id, r.type.value, r.to_id))
        return Snapshot(territory=self.territory, nodes=nodes, relationships=rels)
