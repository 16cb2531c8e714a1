"""The heaviest steps handed to igraph's C core.

Betweenness and constraint compute exactly what their networkx counterparts compute (same
node set, same normalisation), so the two paths agree (tests/analysis/test_brokers.py).
Communities come from igraph's Leiden at every size (one path). Measured on this kind of
machine (../shared/ANALYSIS.md): on 10,000 nodes / 100,000 edges, Burt's constraint 0.028 s
against networkx's 1.1 s; a Leiden run on the 10,000-actor generated map ~0.1 s.

References
----------
.. [1] Csardi, G. and Nepusz, T. (2006). The igraph software package for complex network
   research. InterJournal Complex Systems 1695.
.. [3] Traag, V. A., Waltman, L. and van Eck, N. J. (2019). From Louvain to Leiden:
   guaranteeing well-connected communities. Scientific Reports 9, 5233.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import igraph
import networkx as nx


def to_igraph(
    G: nx.Graph[str], weight: str | None = None, nodes: Sequence[str] | None = None
) -> tuple[igraph.Graph, list[str]]:
    """An igraph copy of an undirected networkx graph, vertices in ``list(G)`` order (or in
    the order of ``nodes``, keeping only the edges among them: no networkx copy needed).

    Returns the igraph graph (edge attribute ``weight``: the edges' ``weight``, or 1, or
    their ``weight`` attribute when another name is given; callers that want no weights pass
    none to igraph) and the node names by vertex index. The copy is kept in
    ``G.graph["_igraph"]`` for the same graph, nodes, edge count and weight name: silos and
    brokers read one graph four times, and the analyses never change a projection (a copy,
    or a changed edge count, builds a new one).
    """
    names = list(G) if nodes is None else list(nodes)
    weight = weight or "weight"
    # this graph (a copy carries the entry over but has its own adjacency), twice its edges
    # (+ self-loops: fast to count), the weight read
    key = (id(G._adj), sum(map(len, G._adj.values())), weight)
    cached = G.graph.get("_igraph")
    if cached is not None and cached[0] == key and cached[1] == names:
        return cached[2], cached[1]
    index = {n: i for i, n in enumerate(names)}
    edges: list[tuple[int, int]] = []
    weights: list[float] = []
    adjacency = G._adj
    for u in names:
        i = index[u]
        for v, data in adjacency[u].items():
            j = index.get(v)
            if j is not None and i < j:
                edges.append((i, j))
                weights.append(float(data.get(weight, 1.0)))
    graph = igraph.Graph(n=len(names), edges=edges, directed=False)
    graph.es["weight"] = weights
    G.graph["_igraph"] = (key, names, graph)
    return graph, names


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    # igraph draws from a Python RNG object; give it a private seeded one, then restore.
    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 - reproducible
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def leiden_runs(
    G: nx.Graph[str],
    *,
    runs: int,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    nodes: Sequence[str] | None = None,
) -> tuple[list[set[str]], float, list[float]]:
    """Leiden [3]_ (modularity, igraph) from ``runs`` seeds (``seed``, ``seed + 1``, ...); the
    partition of highest modularity (first run on equal modularity), its modularity, and the
    adjusted Rand index of every run against it (its stability across seeds)."""
    graph, names = to_igraph(G, weight, nodes)
    found = []
    for run in range(max(1, runs)):
        with _seeded(seed + run):
            found.append(
                graph.community_leiden(
                    objective_function="modularity",
                    weights="weight" if weight is not None else None,
                    resolution=resolution,
                    n_iterations=2,
                )
            )
    best = max(range(len(found)), key=lambda i: (found[i].modularity, -i))
    agreement = [_ari(found[best], other) for other in found]
    groups = [{names[i] for i in members} for members in found[best]]
    return groups, float(found[best].modularity), agreement


def _ari(one: igraph.VertexClustering, other: igraph.VertexClustering) -> float:
    """Adjusted Rand index; two partitions it cannot tell apart (one block each, 0/0) agree
    when their memberships are equal."""
    if len(one.membership) < 2:
        return 1.0
    value = float(igraph.compare_communities(one, other, method="adjusted_rand"))
    if math.isnan(value):
        return 1.0 if len(one) == len(other) else 0.0
    return value


def constraint(G: nx.Graph[str], nodes: Sequence[str] | None = None) -> dict[str, float]:
    """Burt's constraint of every node (of the subgraph on ``nodes``), unweighted, as
    ``networkx.constraint``. Isolated nodes get NaN, like networkx.
    """
    graph, names = to_igraph(G, None, nodes)
    values = graph.constraint(weights=None)
    return {
        name: (float("nan") if graph.degree(i) == 0 else float(values[i]))
        for i, name in enumerate(names)
    }


def betweenness(
    G: nx.Graph[str], sources: Sequence[str] | None = None, nodes: Sequence[str] | None = None
) -> dict[str, float]:
    """Normalised shortest-path betweenness, exact or from ``sources`` only.

    With ``sources`` it equals ``networkx.betweenness_centrality(G, k=len(sources))`` when
    networkx samples the same sources (networkx 3.6 rescaling: sources by
    1/((k-1)(n-2)), other nodes by 1/(k(n-2))). With ``nodes``, of the subgraph on them.
    """
    n = len(G) if nodes is None else len(nodes)
    if n <= 2:
        return dict.fromkeys(G if nodes is None else nodes, 0.0)
    graph, names = to_igraph(G, None, nodes)
    if sources is None:
        raw = graph.betweenness(directed=False)
        scale = 2.0 / ((n - 1) * (n - 2))
        return {name: raw[i] * scale for i, name in enumerate(names)}
    index = {name: i for i, name in enumerate(names)}
    # networkx accumulates ordered (s, t) pairs from each source: twice igraph's undirected
    # subset sum (measured equal; a third cheaper than a mutual directed copy)
    raw = [2.0 * r for r in graph.betweenness(sources=[index[s] for s in sources], directed=False)]
    k = len(sources)
    chosen = set(sources)
    source_scale = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    other_scale = 1.0 / (k * (n - 2))
    return {
        name: raw[i] * (source_scale if name in chosen else other_scale)
        for i, name in enumerate(names)
    }
