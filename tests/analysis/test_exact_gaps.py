"""Exact gaps: every open pair counted as `sma` counts it and scored as a brute force scores it.

References: ``sma.identifyGaps`` (Seppelt and Bodin's SESMotifAnalyser, pip package ``sma``)
with motif ``2,1[II.C]``: two social nodes (``sesType`` 0) that share an ecological node
(``sesType`` 1) and have no tie; its contribution of a pair is the number of places they
share. The brute force below re-derives the score formula of ``analysis/gaps.py``'s
docstring pair by pair, independently of the sparse products.
"""

from __future__ import annotations

import math
import random
from itertools import combinations

import networkx as nx
import pytest
import sma
from pactmap.analysis import analyze
from pactmap.analysis.gaps import exact_pairs, score_pairs

from .builders import MapBuilder


def random_map(
    seed: int, actors: int = 40, topics: int = 6, indicators: int = 3
) -> tuple[
    nx.Graph[str], nx.Graph[str], nx.Graph[str], dict[str, dict[str, float]], dict[str, float]
]:
    """Actor-topic graph, ties, topic links, direct indicators and needs; a few crowded
    topics (as in issue 12's 40-actor map) so that capped candidates would miss pairs."""
    rng = random.Random(seed)
    names = [f"a{i:02d}" for i in range(actors)]
    B: nx.Graph[str] = nx.Graph()
    B.add_nodes_from(names, bipartite=0)
    places = [f"t{j}" for j in range(topics)]
    B.add_nodes_from(places, bipartite=1)
    for a in names:
        for t in rng.sample(places, rng.randint(0, 3)):
            B.add_edge(a, t, weight=rng.choice([1 / 3, 2 / 3, 1.0, 5 / 3, 2.0]))
    C: nx.Graph[str] = nx.Graph()
    C.add_nodes_from(names)
    C.add_edges_from(p for p in combinations(names, 2) if rng.random() < 0.08)
    links: nx.Graph[str] = nx.Graph()
    links.add_nodes_from(places)
    links.add_edges_from(p for p in combinations(places, 2) if rng.random() < 0.3)
    direct: dict[str, dict[str, float]] = {}
    for a in names:
        for i in range(indicators):
            if rng.random() < 0.15:
                direct.setdefault(a, {})[f"i{i}"] = float(rng.randint(1, 2))
    need = {p: rng.choice([0.5, 1.0, 2.0, 3.5]) for p in places + [f"i{i}" for i in range(3)]}
    return B, C, links, direct, need


def sma_open_pairs(B: nx.Graph[str], C: nx.Graph[str], direct: dict[str, dict[str, float]]) -> int:
    G: nx.Graph[str] = nx.Graph()
    for n, data in B.nodes(data=True):
        G.add_node(n, sesType=0 if data["bipartite"] == 0 else 1)
    for a, placed in direct.items():
        for i in placed:
            G.add_node(i, sesType=1)
            G.add_edge(a, i)
    G.add_edges_from(B.edges())
    G.add_edges_from(C.edges())
    return sum(1 for _, contribution in sma.identifyGaps(G, "2,1[II.C]") if contribution > 0)


def brute_force(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    direct: dict[str, dict[str, float]],
    need: dict[str, float],
) -> dict[tuple[str, str], float]:
    """Every untied pair's score, one pair at a time, from the formula in the docstring."""
    places: dict[str, dict[str, float]] = {a: {} for a in C}
    for a, t, w in B.edges(data="weight"):
        actor, topic = (a, t) if B.nodes[a]["bipartite"] == 0 else (t, a)
        places[actor][topic] = w
    for a, placed in direct.items():
        places[a].update(placed)
    degree: dict[str, int] = {}
    for placed in places.values():
        for p in placed:
            degree[p] = degree.get(p, 0) + 1
    out = {}
    for a, b in combinations(sorted(C), 2):
        if C.has_edge(a, b):
            continue
        pa, pb = places[a], places[b]
        score = sum(need[p] * math.sqrt(pa[p] * pb[p]) / degree[p] for p in pa.keys() & pb.keys())
        for t1 in pa.keys() - pb.keys():
            for t2 in pb.keys() - pa.keys():
                if links.has_edge(t1, t2):
                    mean = (need[t1] + need[t2]) / 2
                    score += 0.5 * mean * math.sqrt(pa[t1] * pb[t2]) * 2 / (degree[t1] + degree[t2])
        if score > 0:
            out[(a, b)] = score
    return out


@pytest.mark.parametrize("seed", range(6))
def test_open_pairs_equal_sma_and_scores_equal_brute_force(seed: int) -> None:
    B, C, links, direct, need = random_map(seed)
    found = exact_pairs(B, C, links, need, direct)
    assert found.open_pairs == sma_open_pairs(B, C, direct)
    expected = brute_force(B, C, links, direct, need)
    got = {(p.a, p.b): p.score for p in score_pairs(B, C, links, need, direct)}
    assert got.keys() == expected.keys()
    for pair, score in expected.items():
        assert got[pair] == pytest.approx(score), pair
    # the sparse scores (what the gap list is ranked by) agree pair by pair too
    sparse = {(a, b): s for a, b, s in found.ids(found.ranked(head=7))}
    top = sorted(expected, key=lambda p: (-expected[p], p))[:20]
    assert list(sparse)[:20] == top


@pytest.mark.parametrize("seed", range(3))
def test_gap_mass_sums_every_open_pair(seed: int) -> None:
    # the mass of all places together is the score of all open pairs together
    B, C, links, direct, need = random_map(seed)
    found = exact_pairs(B, C, links, need, direct)
    assert sum(found.mass.values()) == pytest.approx(
        sum(brute_force(B, C, links, direct, need).values())
    )


def test_the_highest_ids_are_gaps_too() -> None:
    # 30 actors on one topic: the old cap (20 most involved, ties by id) never showed a29
    b = MapBuilder()
    b.topic("t")
    for i in range(30):
        b.actor(f"a{i:02d}", "association")
        b.works_on(f"a{i:02d}", "t", intensity=3)
    report = analyze(b.snapshot())
    assert report.stats["openPairs"] == 30 * 29 // 2
    assert report.stats["candidateGaps"] == 30 * 29 // 2


def test_a_shared_indicator_alone_makes_a_gap() -> None:
    b = MapBuilder()
    b.actor("landlord", "public_service", "Social landlord")
    b.actor("advice", "association", "Energy advice")
    b.node("Indicator", "cold", name="Households that cannot heat their home")
    b.commitment("c1", ["landlord"], ["cold"], status="active")
    b.commitment("c2", ["advice"], ["cold"], status="active")
    report = analyze(b.snapshot())
    assert report.stats["openPairs"] == 1
    (gap,) = report.gaps
    assert {a.id for a in gap.actors} == {"landlord", "advice"}
    assert (
        "act directly on the indicator 'Households that cannot heat their home'" in gap.explanation
    )
