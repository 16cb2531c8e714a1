"""Silos: Louvain communities (isolates apart) and sector closure, on hand-built graphs."""

from __future__ import annotations

import networkx as nx
import pytest
from pactmap.analysis import fast
from pactmap.analysis.silos import communities, sector_closure, silos


def two_triangles() -> nx.Graph[str]:
    C: nx.Graph[str] = nx.Graph()
    C.add_nodes_from(["a1", "a2", "a3"], sector="association")
    C.add_nodes_from(["p1", "p2"], sector="public_service")
    C.add_node("p3", sector="public_authority")
    C.add_node("alone", sector="citizen_group")
    C.add_edges_from([("a1", "a2"), ("a2", "a3"), ("a1", "a3")])
    C.add_edges_from([("p1", "p2"), ("p2", "p3"), ("p1", "p3")])
    C.add_edge("a3", "p1")  # one bridge
    return C


def test_communities_are_the_triangles_and_isolates_stay_apart() -> None:
    groups, isolates, _ = communities(two_triangles(), seed=3)
    assert sorted(sorted(g) for g in groups) == [["a1", "a2", "a3"], ["p1", "p2", "p3"]]
    assert isolates == ["alone"]


def test_sector_closure_worked_example() -> None:
    C = two_triangles()
    # ties of {a1, a2, a3}: the 3 triangle ties (same sector) + a3-p1 (other sector, leaves)
    homophily, ei, internal, external = sector_closure(C, {"a1", "a2", "a3"})
    assert (homophily, ei, internal, external) == (0.75, -0.5, 3, 1)
    # ties of {p1, p2, p3}: p1-p2 same sector; p2-p3, p1-p3, p1-a3 across: (3 - 1) / 4
    homophily, ei, internal, external = sector_closure(C, {"p1", "p2", "p3"})
    assert (homophily, ei, internal, external) == (0.25, 0.5, 3, 1)


def test_silo_records_name_sectors_and_closure() -> None:
    found, isolates, membership, _ = silos(two_triangles(), seed=3)
    by_first = {s.actors[0].id: s for s in found}
    assoc = by_first["a1"]
    assert assoc.sectors == {"association": 3}
    assert assoc.homophily == 0.75
    assert [r.id for r in isolates] == ["alone"]
    assert membership["a2"] == membership["a1"] != membership["p1"]
    assert "alone" not in membership


def test_leiden_recovers_a_planted_partition_whatever_the_seed() -> None:
    # 12 planted groups of 50 (600 nodes, ~7,000 ties): one path (Leiden) at every size;
    # the seeds (was: the igraph and networkx Louvain paths) all find the planted blocks
    G = nx.planted_partition_graph(12, 50, 0.4, 0.002, seed=11)
    G = nx.relabel_nodes(G, {n: f"n{n:04d}" for n in G})
    nx.set_node_attributes(G, "association", "sector")
    planted = {frozenset(f"n{n:04d}" for n in block) for block in G.graph["partition"]}
    for seed in (1, 2, 50):
        groups, _, stability = communities(G, seed=seed)
        assert {frozenset(c) for c in groups} == planted
        assert stability == 1.0


def test_leiden_is_deterministic_with_a_seed() -> None:
    G = nx.relabel_nodes(nx.gnm_random_graph(400, 1600, seed=5), str)
    first = fast.leiden_runs(G, runs=3, seed=7)
    second = fast.leiden_runs(G, runs=3, seed=7)
    assert first == second


def test_directed_graphs_are_refused() -> None:
    with pytest.raises(nx.NetworkXNotImplemented):
        communities(nx.DiGraph([("a", "b")]))
