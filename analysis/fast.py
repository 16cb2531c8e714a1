"""The heaviest steps handed to igraph's C core past a size threshold.

Each function computes exactly what its networkx counterpart computes (same node set, same
normalisation), so the two paths agree (tests/analysis/test_fast.py). Measured on this kind
of machine (../shared/ANALYSIS.md): on 10,000 nodes / 100,000 edges, Louvain 0.54 s against
networkx's 5.0 s and Burt's constraint 0.028 s against 1.1 s.

References
----------
.. [1] Csardi, G. and Nepusz, T. (2006). The igraph software package for complex network
   research. InterJournal Complex Systems 1695.
.. [2] Blondel, V. D., Guillaume, J.-L., Lambiotte, R. and Lefebvre, E. (2008). Fast
   unfolding of communities in large networks. J. Stat. Mech. P10008.
"""

from __future__ import annotations

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

    Returns the igraph graph (edge attribute ``weight`` when ``weight`` is given) and the
    node names by vertex index.
    """
    names = list(G) if nodes is None else list(nodes)
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
                if weight is not None:
                    weights.append(float(data.get(weight, 1.0)))
    graph = igraph.Graph(n=len(names), edges=edges, directed=False)
    if weight is not None:
        graph.es["weight"] = weights
    return graph, names


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    # igraph draws from a Python RNG object; give it a private seeded one, then restore.
    igraph.set_random_number_generator(random.Random(seed))  # noqa: S311 - reproducible
    try:
        yield
    finally:
        igraph.set_random_number_generator(random)


def louvain(
    G: nx.Graph[str],
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    nodes: Sequence[str] | None = None,
) -> list[set[str]]:
    """Louvain communities by igraph's multilevel algorithm [2]_ (seeded), of ``G`` or of
    the subgraph on ``nodes``."""
    graph, names = to_igraph(G, weight, nodes)
    with _seeded(seed):
        clustering = graph.community_multilevel(
            weights="weight" if weight is not None else None, resolution=resolution
        )
    return [{names[i] for i in members} for members in clustering]


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
    # ordered (s, t) pairs from each source, as networkx accumulates them
    mutual = graph.as_directed("mutual")
    raw = mutual.betweenness(sources=[index[s] for s in sources], directed=True)
    k = len(sources)
    chosen = set(sources)
    source_scale = 1.0 / ((k - 1) * (n - 2)) if k > 1 else 0.0
    other_scale = 1.0 / (k * (n - 2))
    return {
        name: raw[i] * (source_scale if name in chosen else other_scale)
        for i, name in enumerate(names)
    }
