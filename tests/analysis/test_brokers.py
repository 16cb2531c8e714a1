"""Brokers: betweenness (Padgett's Florentine families), Burt's measures, brokerage roles,
fragilities; and the igraph path against networkx."""

from __future__ import annotations

import math
import random

import networkx as nx
import pytest
from pactmap.analysis import fast
from pactmap.analysis.brokers import (
    betweenness,
    brokerage_roles,
    brokers,
    constraint,
    effective_size,
    fragilities,
)


def test_medici_have_the_highest_betweenness() -> None:
    # Padgett and Ansell (1993): the Medici brokered between otherwise unconnected families.
    G = nx.florentine_families_graph()
    values = betweenness(G)
    assert max(values, key=values.__getitem__) == "Medici"
    # the value networkx documents for this graph, normalised: 0.5219...
    assert values["Medici"] == pytest.approx(0.521978, abs=1e-6)
    # and with the igraph path forced
    fast_values = betweenness(G, igraph_threshold=1)
    assert max(fast_values, key=fast_values.__getitem__) == "Medici"


def test_medici_are_the_least_constrained_among_the_central_families() -> None:
    G = nx.florentine_families_graph()
    burt = constraint(G)
    # Burt: many non-redundant contacts, low constraint. The Medici have six contacts,
    # only two of whom are tied to each other; every family with 3+ contacts is more constrained.
    busy = [f for f in G if G.degree(f) >= 3]
    assert min(busy, key=burt.__getitem__) == "Medici"


def test_betweenness_on_a_path() -> None:
    # path a-b-c-d: b lies on (a,c), (a,d) = 2 of the 3 pairs not involving it
    values = betweenness(nx.path_graph(["a", "b", "c", "d"]))
    assert values["b"] == pytest.approx(2 / 3)
    assert values["a"] == 0.0


def test_effective_size_matches_networkx_on_an_unweighted_graph() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(120, 500, seed=2), str)
    G.add_node("isolated")
    ours = effective_size(G)
    theirs = nx.effective_size(G)
    for v in G:
        if math.isnan(theirs[v]):
            assert math.isnan(ours[v])
        else:
            assert ours[v] == pytest.approx(theirs[v])


def test_sampled_betweenness_igraph_equals_networkx_with_the_same_pivots() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(400, 1600, seed=3), lambda n: f"v{n}")
    by_networkx = betweenness(G, seed=9, exact_max=100, pivots=60, igraph_threshold=10**9)
    by_igraph = betweenness(G, seed=9, exact_max=100, pivots=60, igraph_threshold=1)
    assert max(abs(by_networkx[v] - by_igraph[v]) for v in G) < 1e-12


def test_constraint_igraph_equals_networkx_on_a_mid_size_graph() -> None:
    # networkx takes seconds here already (its dispatcher per neighbour pair)
    G = nx.relabel_nodes(nx.gnm_random_graph(150, 600, seed=4), lambda n: f"v{n}")
    by_networkx = constraint(G, igraph_threshold=10**9)
    by_igraph = fast.constraint(G)
    assert max(abs(by_networkx[v] - by_igraph[v]) for v in G) < 1e-12


def test_brokerage_roles_worked_example() -> None:
    # v (public) with neighbours: p (public), a1, a2 (associations), c (citizens); a1-a2 tied
    G: nx.Graph[str] = nx.Graph()
    G.add_nodes_from(["v", "p"], sector="public")
    G.add_nodes_from(["a1", "a2"], sector="association")
    G.add_node("c", sector="citizens")
    G.add_edges_from([("v", "p"), ("v", "a1"), ("v", "a2"), ("v", "c"), ("a1", "a2")])
    roles = brokerage_roles(G, "v")
    # open pairs: p-a1, p-a2, p-c (one end in v's group), a1-c, a2-c (two other groups);
    # a1-a2 is closed
    assert roles == {
        "coordinator": 0,
        "itinerant": 0,
        "gatekeeper_representative": 3,
        "liaison": 2,
    }


def test_a_single_bridge_between_two_silos_is_a_fragility() -> None:
    G = nx.Graph([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a3", "b1"), ("a3", "b2")])
    membership = {"a1": "A", "a2": "A", "a3": "A", "b1": "B", "b2": "B"}
    assert fragilities(G, membership) == [("a3", "A", "B", 2)]
    # a second, independent tie removes the fragility
    G.add_edge("a1", "b2")
    assert fragilities(G, membership) == []


def test_brokers_rank_and_skip_isolates() -> None:
    G = nx.florentine_families_graph()  # Pucci is isolated in networkx's version
    membership = dict.fromkeys(G, "s")
    found, _, values, _ = brokers(G, membership, limit=3)
    assert found[0].actor.id == "Medici"
    assert "Pucci" not in values
    assert [b.betweenness for b in found] == sorted((b.betweenness for b in found), reverse=True)


def test_pivots_are_seeded() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(300, 900, seed=1), str)
    first = betweenness(G, seed=4, exact_max=10, pivots=30)
    assert first == betweenness(G, seed=4, exact_max=10, pivots=30)
    random.seed(123)  # global randomness must not matter
    assert first == betweenness(G, seed=4, exact_max=10, pivots=30)


def test_the_igraph_copy_is_rebuilt_for_a_copy_or_a_changed_graph() -> None:
    # analysis/fast.py keeps one igraph copy per graph: a networkx copy with other weights,
    # or the graph after a new edge, must not read the kept one
    G = nx.Graph([("a", "b", {"weight": 1.0}), ("b", "c", {"weight": 1.0})])
    first, _ = fast.to_igraph(G, "weight")
    H = G.copy()
    H["a"]["b"]["weight"] = 5.0
    assert fast.to_igraph(H, "weight")[0].es["weight"] == [5.0, 1.0]
    assert fast.to_igraph(G, "weight")[0] is first  # unchanged: kept
    G.add_edge("c", "a", weight=2.0)
    assert fast.to_igraph(G, "weight")[0].ecount() == 3
