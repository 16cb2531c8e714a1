"""Exact, sampled and weighted betweenness against networkx (issue 12, brokers)."""

from __future__ import annotations

import networkx as nx
import pytest
from pactmap.analysis import broker_sampling
from pactmap.analysis.brokers import brokers, fragilities


def strengths(G: nx.Graph[str]) -> nx.Graph[str]:
    # strengths 1, 2, 4: distances 1, 0.5, 0.25 are exact in binary, so path-length ties
    # are the same for networkx and igraph
    for i, (u, v) in enumerate(sorted(G.edges())):
        G[u][v]["weight"] = (1.0, 2.0, 4.0)[i % 3]
        G[u][v]["distance"] = 1.0 / G[u][v]["weight"]
    return G


def top(values: dict[str, float], k: int = 20) -> set[str]:
    return set(sorted(values, key=lambda n: (-values[n], n))[:k])


def test_weighted_betweenness_equals_networkx_with_distance_one_over_strength() -> None:
    G = strengths(nx.relabel_nodes(nx.powerlaw_cluster_graph(300, 3, 0.3, seed=2), str))
    expected = nx.betweenness_centrality(G, weight="distance")
    got = broker_sampling.exact(G, list(G), weighted=True)
    for n in G:
        assert got[n] == pytest.approx(expected[n], abs=1e-12)


def test_weighted_constraint_equals_networkx() -> None:
    G = strengths(nx.relabel_nodes(nx.powerlaw_cluster_graph(200, 2, 0.3, seed=4), str))
    expected = nx.constraint(G, weight="weight")
    got = broker_sampling.weighted_constraint(G, list(G))
    for n in G:
        assert got[n] == pytest.approx(expected[n], abs=1e-12)


def test_florentine_families_weighted_equals_unweighted_with_unit_strengths() -> None:
    G = nx.florentine_families_graph()
    nx.set_edge_attributes(G, 1.0, "weight")
    expected = nx.betweenness_centrality(G)
    weighted = broker_sampling.exact(G, list(G), weighted=True)
    assert weighted["Medici"] == pytest.approx(0.521978, abs=1e-6)  # networkx's value
    for n in G:
        assert weighted[n] == pytest.approx(expected[n], abs=1e-12)


def test_adaptive_sampling_states_its_estimate_and_finds_the_exact_top() -> None:
    G = nx.relabel_nodes(nx.barabasi_albert_graph(1500, 2, seed=3), lambda n: f"n{n:04d}")
    exact = broker_sampling.exact(G, list(G))  # igraph; equal to networkx (tests above)
    found, _, values, estimate = brokers(G, {}, limit=20, exact_max=500, pivots=64)
    assert estimate.method == "sampled"
    assert 64 < estimate.pivots <= broker_sampling.MAX_PIVOTS
    # measured: 20 of 20 here; a sampled top is allowed two strangers
    assert len(top(values) & top(exact)) >= 18
    assert [b.actor.id for b in found][:3] == sorted(exact, key=lambda n: -exact[n])[:3]


def test_adaptive_with_every_actor_a_pivot_is_exact() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(60, 150, seed=1), str)
    values, estimate = broker_sampling.adaptive(G, list(G), start=60, top=20)
    expected = nx.betweenness_centrality(G)
    assert (estimate.method, estimate.pivots) == ("exact", 60)
    for n in G:
        assert values[n] == pytest.approx(expected[n], abs=1e-12)


def test_fragilities_most_important_first() -> None:
    # A (3 actors) - B (2) through a3; C (5) - D (4) through c1: C-D cuts 20 pairs, A-B 6
    small = [("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1")]
    large = [("c1", "c2"), ("c2", "c3"), ("c3", "c4"), ("c4", "c5"), ("d1", "d2"), ("d2", "d3")]
    G = nx.Graph([*small, *large, ("d3", "d4"), ("c1", "d1")])
    membership = {n: n[0].upper() for n in G}
    assert [(s1, s2) for _, s1, s2, _ in fragilities(G, membership)] == [("C", "D"), ("A", "B")]
