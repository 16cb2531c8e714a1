"""The demo territory, Valbrune (fictional): its nodes and relationships, and loading it.

Ids are readable and fixed (``valbrune-act-town-hall``) and every node carries the same
timestamps (:data:`~pactmap.seeds.common.SEED_TIME`), so loading the demo twice changes nothing
and its export is stable. The content is in :mod:`pactmap.seeds.valbrune`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pactmap.graph.model import (
    Direction,
    NodeBase,
    NodeKind,
    Relationship,
    RelType,
)
from pactmap.graph.store import Progress, Store

from . import valbrune as data
from .common import DocumentedGap, level_of, rel, seed_node

DEMO_TERRITORY_ID = data.TERRITORY_ID

_LEVEL_WORDS = ("Very unsatisfactory", "Unsatisfactory", "Average", "Good", "Ideal")
_REF_PREFIXES = frozenset({"top", "ind", "fut", "con", "acn", "com"})


@dataclass(frozen=True)
class DemoTerritory:
    territory: NodeBase
    nodes: tuple[NodeBase, ...]
    relationships: tuple[Relationship, ...]
    gaps: tuple[DocumentedGap, ...]


def _id(prefix: str, slug: str) -> str:
    return f"{DEMO_TERRITORY_ID}-{prefix}-{slug}"


def _ref(ref: str) -> str:
    """'ind:cold-homes' -> 'valbrune-ind-cold-homes'."""
    prefix, _, slug = ref.partition(":")
    if prefix not in _REF_PREFIXES:
        raise ValueError(f"the demo data refers to '{ref}', whose prefix is unknown")
    return _id(prefix, slug)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _level_texts(
    cuts: tuple[float, float, float, float], unit: str, direction: str
) -> tuple[str, ...]:
    worse, better = (
        ("more than", "under")
        if direction == Direction.LOWER_IS_BETTER
        else (
            "under",
            "at least",
        )
    )
    a, b, c, d = (f"{x:g}" for x in cuts)
    return (
        f"{_LEVEL_WORDS[0]}: {worse} {d} {unit}",
        f"{_LEVEL_WORDS[1]}: between {c} and {d} {unit}",
        f"{_LEVEL_WORDS[2]}: between {b} and {c} {unit}",
        f"{_LEVEL_WORDS[3]}: between {a} and {b} {unit}",
        f"{_LEVEL_WORDS[4]}: {better} {a} {unit}",
    )


def _periods(first: str, count: int) -> Iterator[tuple[str, date]]:
    """('2022q1', 2022-03-31), ... for quarterly series; ('2021', 2021-12-31), ... yearly."""
    if "Q" in first:
        year, quarter = int(first[:4]), int(first[5])
        for _ in range(count):
            ends = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}[quarter]
            yield f"{year}q{quarter}", date(year, *ends)
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    else:
        for year in range(int(first), int(first) + count):
            yield str(year), date(year, 12, 31)


class _Builder:
    """Collects the demo's nodes and relationships, one section of the data at a time."""

    def __init__(self) -> None:
        self.nodes: list[NodeBase] = []
        self.rels: list[Relationship] = []

    def node(self, kind: NodeKind, prefix: str, slug: str, fields: dict[str, Any]) -> str:
        node_id = _id(prefix, slug)
        self.nodes.append(seed_node(kind, node_id, DEMO_TERRITORY_ID, fields))
        return node_id

    def link(self, rel_type: RelType, a: str, b: str, props: dict[str, Any] | None = None) -> None:
        self.rels.append(rel(rel_type, a, b, props))

    def actors(self) -> None:
        for slug, name, sector, scale, influence, interest, description in data.ACTORS:
            profile, size = data.GROUP_PROFILES.get(slug, ("", None))
            fields = {
                "name": name,
                "sector": sector,
                "scale": scale,
                "influence": influence,
                "interest": interest,
                "description": description,
                "profile": profile,
                "size": size,
            }
            self.node(NodeKind.ACTOR, "act", slug, fields)
        for actor, topics in data.WORKS_ON.items():
            for topic, intensity in topics:
                self.link(
                    RelType.WORKS_ON, data.act(actor), data.top(topic), {"intensity": intensity}
                )
        for a, b, since, strength, evidence in data.COLLABORATIONS:
            props = {"since": since, "strength": strength, "evidence": evidence}
            self.link(RelType.COLLABORATES_WITH, data.act(a), data.act(b), props)
        for a, rel_type, b, amount, funded_since in data.ACTOR_LINKS:
            money = {"amount": amount, "since": funded_since} if rel_type == "FUNDS" else {}
            self.link(RelType(rel_type), data.act(a), data.act(b), money)

    def topics(self) -> None:
        for slug, name, dimension, component, description in data.TOPICS:
            fields = {
                "name": name,
                "dimension": dimension,
                "component": component,
                "description": description,
            }
            self.node(NodeKind.TOPIC, "top", slug, fields)

    def indicators(self) -> None:
        for slug, name, unit, direction, target, topics, cuts, source, about in data.INDICATORS:
            texts = data.LEVEL_TEXTS.get(slug) or _level_texts(cuts, unit, direction)
            fields: dict[str, Any] = {
                "name": name,
                "unit": unit,
                "direction": direction,
                "target_level": target,
                "description": about,
            }
            fields.update({f"level_{i + 1}": text for i, text in enumerate(texts)})
            ind_id = self.node(NodeKind.INDICATOR, "ind", slug, fields)
            for topic in topics:
                self.link(RelType.MEASURES, ind_id, data.top(topic))
            first, values = data.MEASUREMENTS[slug]
            for (period, on), value in zip(_periods(first, len(values)), values, strict=True):
                point = {
                    "on": on,
                    "value": value,
                    "level": level_of(value, cuts, direction),
                    "source": source,
                }
                mea_id = self.node(NodeKind.MEASUREMENT, "mea", f"{slug}-{period}", point)
                self.link(RelType.HAS, ind_id, mea_id)

    def criteria(self) -> None:
        for slug, group, question, text, code, meaning, topic, indicator in data.CRITERIA:
            fields = {
                "text": text,
                "question": question,
                "dimension": code[0],
                "code": code,
                "meaning": meaning,
            }
            cri_id = self.node(NodeKind.CRITERION, "cri", slug, fields)
            self.link(RelType.EXPRESSED, data.act(group), cri_id)
            self.link(RelType.ABOUT, cri_id, data.top(topic))
            if indicator:
                self.link(RelType.INFORMS, cri_id, data.ind(indicator))

    def concerns(self) -> None:
        for slug, title, years, description, topics, indicators in data.CONCERNS:
            fields = {"title": title, "horizon_years": years, "description": description}
            fut_id = self.node(NodeKind.FUTURE_CONCERN, "fut", slug, fields)
            for topic in topics:
                self.link(RelType.CONCERNS, fut_id, data.top(topic))
            for indicator in indicators:
                self.link(RelType.CONCERNS, fut_id, data.ind(indicator))

    def contracts(self) -> None:
        for (
            slug,
            title,
            objective,
            status,
            signed,
            months,
            review,
            targets,
            parties,
        ) in data.CONTRACTS:
            fields = {
                "title": title,
                "objective": objective,
                "status": status,
                "signed_on": _day(signed),
                "duration_months": months,
                "review_on": _day(review),
            }
            con_id = self.node(NodeKind.CONTRACT, "con", slug, fields)
            for target in targets:
                self.link(RelType.TARGETS, con_id, _ref(target))
            for actor, role in parties:
                self.link(RelType.SIGNED, data.act(actor), con_id, {"role": role, "on": signed})

    def commitments(self) -> None:
        for (
            slug,
            makers,
            title,
            status,
            starts,
            ends,
            progress,
            horizon,
            non_renewable,
            resources,
            contract,
            addresses,
        ) in data.COMMITMENTS:
            fields = {
                "title": title,
                "status": status,
                "starts_on": _day(starts),
                "ends_on": _day(ends),
                "progress": progress,
                "horizon": horizon,
                "uses_non_renewable": non_renewable,
                "resources": resources,
            }
            com_id = self.node(NodeKind.COMMITMENT, "com", slug, fields)
            for maker in makers:
                self.link(RelType.MADE, data.act(maker), com_id)
            if contract:
                self.link(RelType.PART_OF, com_id, _id("con", contract))
            for target in addresses:
                self.link(RelType.ADDRESSES, com_id, _ref(target))

    def actions(self) -> None:
        for (
            slug,
            title,
            description,
            kind,
            status,
            starts,
            ends,
            progress,
            contract,
            leaders,
            targets,
        ) in data.ACTIONS:
            fields = {
                "title": title,
                "description": description,
                "kind": kind,
                "status": status,
                "starts_on": _day(starts),
                "ends_on": _day(ends),
                "progress": progress,
            }
            acn_id = self.node(NodeKind.ACTION, "acn", slug, fields)
            self.link(RelType.IMPLEMENTS, acn_id, _id("con", contract))
            for leader in leaders:
                self.link(RelType.LEADS, data.act(leader), acn_id)
            for target in targets:
                self.link(RelType.TARGETS, acn_id, _ref(target))

    def evaluations(self) -> None:
        for slug, actor, phase, level, on, comment, of in data.EVALUATIONS:
            fields = {"phase": phase, "level": level, "on": _day(on), "comment": comment}
            eva_id = self.node(NodeKind.EVALUATION, "eva", slug, fields)
            self.link(RelType.GAVE, data.act(actor), eva_id)
            self.link(RelType.OF, eva_id, _ref(of))


def _build() -> tuple[list[NodeBase], list[Relationship]]:
    builder = _Builder()
    builder.actors()
    builder.topics()
    builder.indicators()
    builder.criteria()
    builder.concerns()
    builder.contracts()
    builder.commitments()
    builder.actions()
    builder.evaluations()
    builder.nodes.sort(key=lambda n: n.id)
    builder.rels.sort(key=lambda r: r.key)
    return builder.nodes, builder.rels


def demo_territory() -> DemoTerritory:
    """The whole demo territory: the Territory node, its nodes (sorted by id), its
    relationships (sorted by from, type, to) and its documented coordination gaps."""
    territory = seed_node(NodeKind.TERRITORY, DEMO_TERRITORY_ID, None, data.TERRITORY)
    nodes, rels = _build()
    return DemoTerritory(territory, tuple(nodes), tuple(rels), data.DOCUMENTED_GAPS)


def load_demo(store: Store, *, by: str = "cli", progress: Progress | None = None) -> str:
    """Write the demo territory into ``store`` (one transaction) and return its id.

    Loading it again creates nothing new: ids, versions and timestamps are fixed.
    """
    demo = demo_territory()
    store.bulk_upsert(demo.territory, demo.nodes, demo.relationships, by=by, progress=progress)
    return demo.territory.id
