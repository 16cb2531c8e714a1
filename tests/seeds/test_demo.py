"""The demo territory has the shape issue 2 asks for, its gaps are real, and it loads idempotently."""

from __future__ import annotations

from collections import defaultdict

from pactmap.graph.model import (
    ENDPOINTS,
    Actor,
    Contract,
    Criterion,
    Dimension,
    Evaluation,
    Indicator,
    Measurement,
    NodeBase,
    NodeKind,
    RelType,
    Sector,
    Topic,
    build_node,
    build_relationship,
)
from pactmap.graph.store import Store
from pactmap.graph.taxonomy import components
from pactmap.seeds.common import ACTOR_TIES, gap_violations
from pactmap.seeds.demo import DEMO_TERRITORY_ID, demo_territory, load_demo

DEMO = demo_territory()
BY_ID: dict[str, NodeBase] = {n.id: n for n in DEMO.nodes}


def of_kind(kind: NodeKind) -> list[NodeBase]:
    return [n for n in DEMO.nodes if n.KIND is kind]


def rels(rel_type: RelType) -> list[tuple[str, str]]:
    return [(r.from_id, r.to_id) for r in DEMO.relationships if r.type is rel_type]


def actors() -> list[Actor]:
    return [n for n in DEMO.nodes if isinstance(n, Actor)]


def test_fifty_to_eighty_actors_over_every_sector() -> None:
    assert 50 <= len(actors()) <= 80
    assert {a.sector for a in actors()} == set(Sector)


def test_at_least_six_homogeneous_citizen_groups_with_profile_and_size() -> None:
    groups = [a for a in actors() if a.sector is Sector.CITIZEN_GROUP]
    assert len(groups) >= 6
    for group in groups:
        assert group.profile
        assert group.size is not None and 8 <= group.size <= 12  # the method's 8-12 people


def test_topics_cover_every_dimension_with_taxonomy_components() -> None:
    topics = [n for n in DEMO.nodes if isinstance(n, Topic)]
    assert {t.dimension for t in topics} == set(Dimension)
    for t in topics:
        assert t.component in components()
        assert t.component[0] == t.dimension.value


def test_criteria_are_expressed_by_citizen_groups_and_classified() -> None:
    criteria = [n for n in DEMO.nodes if isinstance(n, Criterion)]
    expressed = dict((b, a) for a, b in rels(RelType.EXPRESSED))
    about = {a for a, _ in rels(RelType.ABOUT)}
    for c in criteria:
        group = BY_ID[expressed[c.id]]
        assert isinstance(group, Actor) and group.sector is Sector.CITIZEN_GROUP
        assert c.id in about
        assert c.code in components() and c.dimension is not None
    assert {q for c in criteria for q in [c.question]} == {"wellbeing", "illbeing", "action"}
    assert len(rels(RelType.INFORMS)) >= 10


def test_twelve_indicators_with_five_levels_and_three_years_of_measurements() -> None:
    indicators = [n for n in DEMO.nodes if isinstance(n, Indicator)]
    assert len(indicators) >= 12
    series: dict[str, list[Measurement]] = defaultdict(list)
    for ind_id, mea_id in rels(RelType.HAS):
        m = BY_ID[mea_id]
        assert isinstance(m, Measurement)
        series[ind_id].append(m)
    measured = {a for a, _ in rels(RelType.MEASURES)}
    for ind in indicators:
        assert all(getattr(ind, f"level_{i}") for i in range(1, 6))
        assert ind.id in measured
        years = {m.on.year for m in series[ind.id]}
        assert len(years) >= 3, ind.id


def test_households_that_cannot_heat_their_home_fell_two_years_running() -> None:
    # SCENARIOS.md, journey 2
    points = sorted(
        (BY_ID[m] for i, m in rels(RelType.HAS) if i == "valbrune-ind-cold-homes"),
        key=lambda m: m.on,  # type: ignore[attr-defined]
    )
    levels = [m.level for m in points]  # type: ignore[attr-defined]
    assert levels[-3] > levels[-2] > levels[-1]


def test_contracts_with_commitments_signatories_actions_and_evaluations() -> None:
    signed = [
        c for c in of_kind(NodeKind.CONTRACT) if isinstance(c, Contract) and c.signed_on is not None
    ]
    assert len(signed) >= 2
    made_by = defaultdict(set)
    for actor, com in rels(RelType.MADE):
        made_by[com].add(actor)
    addressed = {a for a, _ in rels(RelType.ADDRESSES)}
    for contract in signed:
        commitments = [c for c, k in rels(RelType.PART_OF) if k == contract.id]
        assert len(commitments) >= 3
        assert all(c in addressed for c in commitments)
        signatories = {
            (a, r.properties["role"])
            for r in DEMO.relationships
            for a in [r.from_id]
            if r.type is RelType.SIGNED and r.to_id == contract.id
        }
        roles = {role for _, role in signatories}
        assert {"initiator", "partner_author", "facilitator"} <= roles
        for actor, role in signatories:
            if role == "partner_author":
                assert BY_ID[actor].sector is Sector.CITIZEN_GROUP  # type: ignore[attr-defined]
        parties = {a for a, _ in signatories}
        assert all(made_by[c] <= parties for c in commitments)
        actions = [a for a, k in rels(RelType.IMPLEMENTS) if k == contract.id]
        assert actions
        for action in actions:
            assert any(b == action for _, b in rels(RelType.LEADS))
            assert any(a == action for a, _ in rels(RelType.TARGETS))
    phases = {BY_ID[e].phase for _, e in rels(RelType.GAVE)}  # type: ignore[attr-defined]
    assert phases == {"ex_ante", "ex_post"}
    assert {a for a, _ in rels(RelType.OF)} == {n.id for n in of_kind(NodeKind.EVALUATION)}
    assert all(isinstance(n, Evaluation) for n in of_kind(NodeKind.EVALUATION))


def test_future_generation_concerns_and_actor_ties() -> None:
    concerns = of_kind(NodeKind.FUTURE_CONCERN)
    assert len(concerns) >= 5
    assert {a for a, _ in rels(RelType.CONCERNS)} == {c.id for c in concerns}
    ties = [r for r in DEMO.relationships if r.type is RelType.COLLABORATES_WITH]
    assert len(ties) >= 30
    assert all(r.properties["evidence"] for r in ties)
    assert rels(RelType.FUNDS) and rels(RelType.MEMBER_OF)


def test_at_least_four_documented_gaps_and_each_is_a_real_gap() -> None:
    assert len(DEMO.gaps) >= 4
    for gap in DEMO.gaps:
        assert len(gap.actors) >= 2 and gap.why
        assert all(isinstance(BY_ID[a], Actor) for a in gap.actors)
        assert all(isinstance(BY_ID[t], Topic) for t in gap.topics)
        assert gap_violations(gap.actors, gap.topics, DEMO.relationships) == []


def test_gap_check_sees_every_actor_tie_of_the_demo() -> None:
    # guards the check itself: pairs the demo does tie are reported as not a gap
    tied = next(r for r in DEMO.relationships if r.type in ACTOR_TIES)
    worked = {r.from_id: r.to_id for r in DEMO.relationships if r.type is RelType.WORKS_ON}
    pair = (tied.from_id, tied.to_id)
    topics = (worked[pair[0]], worked[pair[1]])
    assert gap_violations(pair, topics, DEMO.relationships) != []


def test_the_flagship_gap_is_the_energy_poverty_one_of_the_scenarios() -> None:
    flagship = DEMO.gaps[0]
    sectors = {BY_ID[a].sector for a in flagship.actors}  # type: ignore[attr-defined]
    assert sectors == {Sector.PUBLIC_SERVICE, Sector.ASSOCIATION, Sector.CITIZEN_GROUP}
    assert flagship.topics == ("valbrune-top-energy-poverty",)
    # the indicator is uncovered: no commitment or contract addresses it
    assert not [a for a, b in rels(RelType.ADDRESSES) if b == "valbrune-ind-cold-homes"]
    targeted = {b for _, b in rels(RelType.TARGETS)}
    assert "valbrune-ind-cold-homes" not in targeted
    assert "valbrune-top-energy-poverty" not in targeted


def test_every_node_and_relationship_validates_and_joins_existing_nodes() -> None:
    for node in (DEMO.territory, *DEMO.nodes):
        assert build_node(node.KIND, node.model_dump()) == node
        assert node.id == DEMO_TERRITORY_ID or node.id.startswith(DEMO_TERRITORY_ID + "-")
    for r in DEMO.relationships:
        assert build_relationship(r.type, r.from_id, r.to_id, r.properties) == r
        assert (BY_ID[r.from_id].KIND, BY_ID[r.to_id].KIND) in ENDPOINTS[r.type]
    assert len({r.key for r in DEMO.relationships}) == len(DEMO.relationships)
    assert len(BY_ID) == len(DEMO.nodes)


def test_the_demo_is_the_same_every_time() -> None:
    again = demo_territory()
    assert [n.to_json() for n in again.nodes] == [n.to_json() for n in DEMO.nodes]
    assert [r.to_json() for r in again.relationships] == [r.to_json() for r in DEMO.relationships]
    assert again.territory == DEMO.territory


def test_loading_twice_changes_nothing(store: Store) -> None:
    assert load_demo(store, by="test") == DEMO_TERRITORY_ID
    first = store.snapshot(DEMO_TERRITORY_ID)
    changes = store.count_changes(DEMO_TERRITORY_ID)
    assert len(first.nodes) == len(DEMO.nodes)
    assert len(first.relationships) == len(DEMO.relationships)

    assert load_demo(store, by="test") == DEMO_TERRITORY_ID
    second = store.snapshot(DEMO_TERRITORY_ID)
    assert store.count_changes(DEMO_TERRITORY_ID) == changes
    assert [n.to_json() for n in second.nodes] == [n.to_json() for n in first.nodes]
    assert [r.to_json() for r in second.relationships] == [r.to_json() for r in first.relationships]
    assert second.territory == DEMO.territory
