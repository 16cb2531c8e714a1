"""Generated territories: deterministic, the demo's shape at any size, planted structure real."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cache

import pytest
from pactmap.graph.model import (
    ENDPOINTS,
    Actor,
    Dimension,
    Measurement,
    NodeBase,
    Relationship,
    RelType,
    Sector,
    Topic,
    build_node,
    build_relationship,
)
from pactmap.graph.store import Store
from pactmap.seeds.common import gap_violations
from pactmap.seeds.generator import (
    MIN_ACTORS,
    SECTOR_SHARES,
    Generated,
    generate_territory,
    load_generated,
)


@cache
def materialised(actors: int, seed: int) -> tuple[Generated, list[NodeBase], list[Relationship]]:
    g = generate_territory(actors, seed)
    return g, list(g.nodes), list(g.relationships)


def test_same_arguments_give_the_same_territory_byte_for_byte() -> None:
    a, b = generate_territory(300, 5), generate_territory(300, 5)
    assert a.territory == b.territory
    assert [n.to_json() for n in a.nodes] == [n.to_json() for n in b.nodes]
    assert [r.to_json() for r in a.relationships] == [r.to_json() for r in b.relationships]
    assert a.planted == b.planted


def test_another_seed_gives_another_territory_with_its_own_ids() -> None:
    a, b = generate_territory(300, 5), generate_territory(300, 6)
    assert a.territory.id == "gen-s5-n300" and b.territory.id == "gen-s6-n300"
    assert all(n.id.startswith("gen-s5-n300-") for n in a.nodes)
    ties_a = {(r.from_id[12:], r.to_id[12:]) for r in a.relationships}
    ties_b = {(r.from_id[12:], r.to_id[12:]) for r in b.relationships}
    assert ties_a != ties_b


def test_streams_can_be_read_twice_and_know_their_length() -> None:
    g, nodes, rels = materialised(1000, 1)
    assert len(g.nodes) == len(nodes) == len(list(g.nodes))
    assert len(g.relationships) == len(rels) == len(list(g.relationships))


@pytest.mark.parametrize("size", [MIN_ACTORS, 100, 1000, 5000])
def test_sizes_and_the_shape_of_the_demo(size: int) -> None:
    _, nodes, rels = materialised(size, 1) if size != 5000 else materialised(5000, 2)
    kinds = Counter(n.KIND.value for n in nodes)
    assert kinds["Actor"] == size
    topics = [n for n in nodes if isinstance(n, Topic)]
    # topics ~ actors / 60, between 20 and 150
    assert len(topics) == min(150, max(20, size // 60))
    assert {t.dimension for t in topics} == set(Dimension)
    assert kinds["Indicator"] == len(topics)
    assert {n.sector for n in nodes if isinstance(n, Actor)} == set(Sector)
    for kind in ("Commitment", "Contract", "Action", "Evaluation", "Criterion", "FutureConcern"):
        assert kinds[kind] > 0, kind
    assert kinds["FutureConcern"] >= 5
    types = {r.type for r in rels}
    assert types == set(RelType)


def test_sectors_come_in_realistic_proportions() -> None:
    _, nodes, _ = materialised(1000, 1)
    counts = Counter(n.sector for n in nodes if isinstance(n, Actor))
    for sector, share in SECTOR_SHARES:
        assert abs(counts[sector] / 1000 - share) <= 0.005, sector


def test_every_node_and_relationship_validates_and_joins_existing_nodes() -> None:
    g, nodes, rels = materialised(1000, 1)
    by_id = {n.id: n for n in nodes}
    assert len(by_id) == len(nodes)
    for node in nodes:
        assert build_node(node.KIND, node.model_dump()) == node
    for r in rels:
        # relationships are built without re-validation: each must equal its validated twin
        assert build_relationship(r.type, r.from_id, r.to_id, r.properties) == r
        assert (by_id[r.from_id].KIND, by_id[r.to_id].KIND) in ENDPOINTS[r.type]
    assert len({r.key for r in rels}) == len(rels)
    assert build_node(g.territory.KIND, g.territory.model_dump()) == g.territory


@pytest.mark.parametrize(("size", "seed"), [(MIN_ACTORS, 1), (100, 3), (1000, 1), (5000, 2)])
def test_planted_gaps_are_real_gaps_on_rare_falling_topics(size: int, seed: int) -> None:
    g, nodes, rels = materialised(size, seed)
    workers: dict[str, set[str]] = defaultdict(set)
    for r in rels:
        if r.type is RelType.WORKS_ON:
            workers[r.to_id].add(r.from_id)
    assert len(g.planted.gaps) >= 4
    for gap in g.planted.gaps:
        assert gap_violations(gap.actors, gap.topics, rels) == []
        (topic,) = gap.topics
        assert workers[topic] == set(gap.actors)  # nobody else works on it: a rare topic
        levels = _levels(nodes, rels, topic.replace("-top-", "-ind-"))
        assert levels[-1] < levels[0]  # its indicator fell


def _levels(nodes: list[NodeBase], rels: list[Relationship], indicator: str) -> list[int]:
    points = {r.to_id for r in rels if r.type is RelType.HAS and r.from_id == indicator}
    series = sorted((n for n in nodes if n.id in points), key=lambda n: n.on)  # type: ignore[attr-defined]
    return [m.level for m in series if isinstance(m, Measurement) and m.level is not None]


@pytest.mark.parametrize(("size", "seed"), [(MIN_ACTORS, 1), (1000, 1), (5000, 2)])
def test_coalitions_cover_a_needy_uncovered_objective_across_sectors(size: int, seed: int) -> None:
    g, nodes, rels = materialised(size, seed)
    by_id = {n.id: n for n in nodes}
    # one coalition per 2,500 actors (at least one); every second one has a fifth member
    assert len(g.planted.coalitions) == max(1, size // 2500)
    assert [len(c.actors) for c in g.planted.coalitions] == [4, 5][: len(g.planted.coalitions)]
    for coalition in g.planted.coalitions:
        assert 3 <= len(coalition.actors) <= 6
        sectors = {by_id[a].sector for a in coalition.actors}  # type: ignore[attr-defined]
        assert len(sectors) >= 3
        assert sectors & {Sector.PUBLIC_AUTHORITY, Sector.PUBLIC_SERVICE}
        assert Sector.CITIZEN_GROUP in sectors
        assert list(coalition.sectors) == [by_id[a].sector for a in coalition.actors]  # type: ignore[attr-defined]
        assert gap_violations(coalition.actors, (coalition.topic,), rels) == []
        # needy: fell every year down to level 1, a concern attached, no commitment on it
        levels = _levels(nodes, rels, coalition.indicator)
        assert levels == sorted(levels, reverse=True) and len(set(levels)) == len(levels)
        assert levels[-1] == 1
        concerned = {r.to_id for r in rels if r.type is RelType.CONCERNS}
        assert {coalition.topic, coalition.indicator} <= concerned
        addressed = {r.to_id for r in rels if r.type in (RelType.ADDRESSES, RelType.TARGETS)}
        assert not {coalition.topic, coalition.indicator} & addressed
        assert any(set(gap.actors) == set(coalition.actors) for gap in g.planted.gaps)


def test_silos_partition_the_actors_and_hold_the_ties() -> None:
    g, nodes, rels = materialised(5000, 2)
    silo_of = {a: k for k, silo in enumerate(g.planted.silos) for a in silo.actors}
    actors = {n.id: n for n in nodes if isinstance(n, Actor)}
    assert sum(len(s.actors) for s in g.planted.silos) == len(actors) == len(silo_of)
    ties = [r for r in rels if r.type is RelType.COLLABORATES_WITH]
    inside = sum(silo_of[r.from_id] == silo_of[r.to_id] for r in ties)
    assert inside / len(ties) >= 0.9
    shares = []
    for silo in g.planted.silos:
        counts = Counter(actors[a].sector.value for a in silo.actors)
        assert counts.most_common(1)[0][0] == silo.sector
        shares.append(counts[silo.sector] / len(silo.actors))
    assert sum(shares) / len(shares) >= 0.75  # silos are sector silos


def test_too_small_or_a_negative_seed_is_refused_with_the_value() -> None:
    with pytest.raises(ValueError, match="not 29"):
        generate_territory(MIN_ACTORS - 1, 1)
    with pytest.raises(ValueError, match="not -1"):
        generate_territory(100, -1)


def test_load_generated_writes_everything_once(store: Store) -> None:
    g, nodes, rels = materialised(100, 3)
    assert load_generated(store, g, by="test") == g.territory.id
    snap = store.snapshot(g.territory.id)
    assert [n.to_json() for n in snap.nodes] == sorted(
        (n.to_json() for n in nodes), key=lambda n: n["id"]
    )
    assert [r.to_json() for r in snap.relationships] == [
        r.to_json() for r in sorted(rels, key=lambda r: r.key)
    ]
    changes = store.count_changes(g.territory.id)
    load_generated(store, generate_territory(100, 3), by="test")
    assert store.count_changes(g.territory.id) == changes


def test_load_generated_reports_progress_for_every_item(sqlite_store: Store) -> None:
    g, nodes, rels = materialised(100, 3)
    calls: list[int] = []
    load_generated(sqlite_store, g, by="test", progress=calls.append)
    # SqliteStore.bulk_upsert counts the territory, every node and every relationship
    assert sum(calls) == 1 + len(nodes) + len(rels)


@pytest.mark.parametrize(("size", "seed"), [(1000, 1), (5000, 2)])
def test_planted_topics_are_rarer_than_every_regular_topic(size: int, seed: int) -> None:
    # rarity is what makes a shared topic say much (resource allocation, ANALYSIS.md)
    g, nodes, rels = materialised(size, seed)
    workers = Counter(r.to_id for r in rels if r.type is RelType.WORKS_ON)
    planted = {t for gap in g.planted.gaps for t in gap.topics}
    regular = [workers[n.id] for n in nodes if isinstance(n, Topic) and n.id not in planted]
    assert max(workers[t] for t in planted) < min(regular)
