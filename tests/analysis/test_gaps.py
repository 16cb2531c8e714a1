"""Gaps: open 3- and 4-motifs, scored by shared rarity and need, never between tied actors."""

from __future__ import annotations

from datetime import date

import networkx as nx
import pytest
from pactmap.analysis import analyze
from pactmap.analysis.convert import build_views
from pactmap.analysis.gaps import open_groups, score_pairs

from .builders import MapBuilder


def bipartite(works: dict[str, list[str]]) -> nx.Graph[str]:
    B: nx.Graph[str] = nx.Graph()
    for actor, topics in works.items():
        B.add_node(actor, bipartite=0)
        for t in topics:
            B.add_node(t, bipartite=1)
            B.add_edge(actor, t, weight=1.0)
    return B


def test_pair_score_is_shared_rarity_times_need() -> None:
    # rare: a, b only (deg 2); popular: a, b, c, d, e (deg 5)
    B = bipartite(
        {
            "a": ["rare", "popular"],
            "b": ["rare", "popular"],
            "c": ["popular"],
            "d": ["popular"],
            "e": ["popular"],
        }
    )
    C = nx.empty_graph(list("abcde"))
    pairs = {(p.a, p.b): p for p in score_pairs(B, C, nx.Graph(), {"rare": 2.0})}
    # a-b: need 2 x 1/2 (rare) + need 1 x 1/5 (popular) = 1.2
    assert pairs[("a", "b")].score == pytest.approx(1.2)
    assert pairs[("a", "b")].rarity == pytest.approx(0.5 + 0.2)
    assert pairs[("a", "b")].primary == "rare"
    # c-d share only the popular topic: 1/5
    assert pairs[("c", "d")].score == pytest.approx(0.2)


def test_tied_pairs_are_never_gaps() -> None:
    B = bipartite({"a": ["t"], "b": ["t"], "c": ["t"]})
    C = nx.Graph([("a", "b")])
    C.add_node("c")
    assert {(p.a, p.b) for p in score_pairs(B, C, nx.Graph(), {})} == {("a", "c"), ("b", "c")}


def test_four_motif_between_interdependent_topics() -> None:
    # a on t1, b on t2, t1 ~ t2: one open 4-motif, half weight, 2/(deg t1 + deg t2)
    B = bipartite({"a": ["t1"], "b": ["t2"]})
    links = nx.Graph([("t1", "t2")])
    (pair,) = score_pairs(B, nx.empty_graph(["a", "b"]), links, {})
    assert pair.shared == ()
    assert pair.linked == (("t1", "t2"),)
    assert pair.score == pytest.approx(0.5 * 1.0 * 2 / (1 + 1))


def test_open_group_takes_untied_actors_most_involved_first() -> None:
    B = bipartite({"a": ["t"], "b": ["t"], "c": ["t"], "d": ["t"]})
    B["a"]["t"]["weight"] = 3.0
    C = nx.Graph([("a", "b")])
    C.add_nodes_from("cd")
    ((topics, members, score),) = open_groups(B, C, nx.Graph(), [("t",)], {})
    assert topics == ("t",)
    assert members == ["a", "c", "d"]  # b is tied to a, who comes first
    # pairs a-c, a-d: sqrt(3)/4 each; c-d: 1/4; summed over (3 - 1) members
    assert score == pytest.approx((2 * 3**0.5 / 4 + 1 / 4) / 2)


def energy_map(joint: bool) -> MapBuilder:
    b = MapBuilder()
    b.actor("landlord", "public_service", "Social landlord")
    b.actor("advice", "association", "Energy advice")
    b.actor("tenants", "citizen_group", "Tenants' group")
    b.actor("hall", "public_authority", "Town hall")
    b.topic("energy", "Energy poverty")
    b.topic("sport", "Sport")
    for a in ("landlord", "advice", "tenants"):
        b.works_on(a, "energy", 4)
    b.works_on("hall", "sport")
    b.indicator(
        "cold",
        ["energy"],
        [(date(2022, 1, 1), 3), (date(2023, 1, 1), 2), (date(2024, 1, 1), 1)],
        name="Households that cannot heat their home",
    )
    if joint:
        b.commitment("com", ["landlord", "advice"], ["energy"], status="active")
    return b


def test_gaps_are_explained_with_the_topic_and_its_indicator() -> None:
    report = analyze(energy_map(joint=False).snapshot())
    # the three untied actors on energy poverty form one group gap; its pairs are not
    # repeated one by one
    (group,) = [g for g in report.gaps if g.kind == "group"]
    assert {a.id for a in group.actors} == {"landlord", "advice", "tenants"}
    assert [g for g in report.gaps if g.kind == "shared_topic"] == []
    text = group.explanation
    assert "Energy poverty" in text
    assert "'Households that cannot heat their home' is at level 1 of 5 and worsening" in text
    assert "none of them has a tie, a joint commitment or a shared contract" in text


def test_a_pair_gap_is_explained() -> None:
    report = analyze(energy_map(joint=True).snapshot())
    # landlord and advice made a commitment together: no group of three is left
    pairs = [g for g in report.gaps if g.kind == "shared_topic"]
    assert {frozenset(a.id for a in g.actors) for g in pairs} == {
        frozenset({"landlord", "tenants"}),
        frozenset({"advice", "tenants"}),
    }
    text = pairs[0].explanation
    assert "both work on Energy poverty, a topic only 3 actors work on" in text
    assert "no tie, no joint commitment and no shared contract" in text


def test_a_joint_commitment_closes_the_gap() -> None:
    report = analyze(energy_map(joint=True).snapshot())
    pairs = {frozenset(a.id for a in g.actors) for g in report.gaps}
    assert frozenset({"landlord", "advice"}) not in pairs
    assert frozenset({"landlord", "tenants"}) in pairs


def test_need_raises_a_gap_above_an_equally_rare_one() -> None:
    b = energy_map(joint=False)
    b.actor("club", "association")
    b.works_on("club", "sport")  # hall-club on sport: same rarity (3 vs 2 actors) without need
    views = build_views(b.snapshot())
    assert views.actor_topic.degree("sport") == 2
    b2 = energy_map(joint=True)  # energy: only pairs left, as rare as sport's pair
    b2.actor("club", "association")
    b2.works_on("club", "sport")
    report = analyze(b2.snapshot())
    ranked = [g.topics[0].id for g in report.gaps]
    # energy is now covered by the joint commitment: need 1 + 2 (level 1) + 0.5 (worsening);
    # tenants weigh 4/3 (intensity 4), landlord and advice 4/3 + 1 (their commitment):
    # 3.5 x sqrt(4/3 x 7/3) / 3 = 2.06; sport: need 1.25 (uncovered) x 1 / 2 = 0.625
    assert ranked == ["energy", "energy", "sport"]
    assert report.gaps[0].score == pytest.approx(3.5 * (4 / 3 * 7 / 3) ** 0.5 / 3)
    assert report.gaps[2].score == pytest.approx(1.25 / 2)
