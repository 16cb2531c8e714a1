"""Betweenness past the exact limit: pivots added until the top brokers stop changing, and
the weighted variants.

Sampling (Brandes and Pich [1]_): the dependencies of ``k`` random sources, scaled by
``n / k``, estimate the sum over all sources without bias. The pivots are a seeded shuffle
of the actors; rounds take its first 128, 256, 512, ... (each round only adds the new
sources: the sums are additive) until the top ``top`` set is the same in two consecutive
rounds, or 1,024 pivots are used, or every actor is a pivot (then the value is exact). The
report states the pivots used, how many top members still moved at the last doubling, and
the largest relative change of a top value there: an estimate of the error that remains.

Weighted variants: a tie's strength is its collaboration weight (``weight`` of the
collaboration graph: explicit tie strength / 3, plus 1/(k - 1) per shared k-party
commitment or contract); betweenness takes shortest paths with distance = 1 / strength (a
strong tie is a short one), constraint takes the strengths as Burt's proportional ties
[2]_ (what ``networkx.constraint(G, weight="weight")`` computes).

References
----------
.. [1] Brandes, U. and Pich, C. (2007). Centrality estimation in large networks. Int. J.
   Bifurcation and Chaos 17(7), 2303-2318.
.. [2] Burt, R. S. (1992). Structural Holes. Harvard University Press.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass

import igraph
import networkx as nx

from .fast import to_igraph

START_PIVOTS = 128
MAX_PIVOTS = 1024


@dataclass(frozen=True)
class Estimate:
    """How the betweenness was obtained: ``exact``, or ``sampled`` from ``pivots`` sources;
    ``top_changed`` members of the top set changed at the last doubling (0: stable) and
    ``relative_change`` is the largest relative change of a top value at that doubling."""

    method: str
    pivots: int
    relative_change: float = 0.0
    top_changed: int = 0

    def to_json(self) -> dict[str, object]:
        return {
            "method": self.method,
            "pivots": self.pivots,
            "relativeChange": round(self.relative_change, 6),
            "topChanged": self.top_changed,
        }


def _graph(
    G: nx.Graph[str], nodes: Sequence[str], weighted: bool
) -> tuple[igraph.Graph, list[float] | None]:
    """The igraph copy of the subgraph on ``nodes`` and the ``weights`` argument for its
    shortest paths: None, or distance = 1 / strength."""
    graph, _ = to_igraph(G, "weight", nodes)
    if not weighted:
        return graph, None
    return graph, [1.0 / w if w > 0 else math.inf for w in graph.es["weight"]]


def exact(G: nx.Graph[str], nodes: Sequence[str], *, weighted: bool = False) -> dict[str, float]:
    """Normalised betweenness of every node of the subgraph on ``nodes`` (as networkx's
    ``betweenness_centrality``, with ``weight="distance"`` when ``weighted``)."""
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    graph, distance = _graph(G, nodes, weighted)
    raw = graph.betweenness(directed=False, weights=distance)
    scale = 2.0 / ((n - 1) * (n - 2))
    return {name: raw[i] * scale for i, name in enumerate(nodes)}


def adaptive(
    G: nx.Graph[str],
    nodes: Sequence[str],
    *,
    seed: int = 0,
    top: int = 20,
    start: int = START_PIVOTS,
    most: int = MAX_PIVOTS,
    weighted: bool = False,
) -> tuple[dict[str, float], Estimate]:
    """Sampled betweenness, pivots doubling until the top ``top`` stop changing (or
    ``most`` pivots are used: the estimate then says how many top members still moved)."""
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0), Estimate("exact", n)
    order = list(range(n))
    random.Random(seed).shuffle(order)  # noqa: S311 - reproducible pivots
    graph, distance = _graph(G, nodes, weighted)
    raw = [0.0] * n
    used = 0
    previous: frozenset[int] | None = None
    values_before: list[float] | None = None
    k = min(start, n)
    while True:
        batch = order[used:k]
        # igraph's undirected sum from the sources counts each (source, target) pair once;
        # the ordered pairs of the scale below count it twice (a mutual directed copy gives
        # the same values a third slower)
        found = graph.betweenness(sources=batch, directed=False, weights=distance)
        for i, v in enumerate(found):
            raw[i] += 2.0 * v
        used = k
        scale = n / (k * (n - 1) * (n - 2))
        values = [r * scale for r in raw]
        ranked = sorted(range(n), key=lambda i: (-values[i], nodes[i]))[:top]
        current = frozenset(ranked)
        if used >= n:  # every actor a pivot: n / k = 1, the exact value
            return _named(nodes, values), Estimate("exact", n)
        if (
            previous is not None
            and values_before is not None
            and (current == previous or used >= most)
        ):
            change = max(
                abs(values[i] - values_before[i]) / values[i] if values[i] > 0 else 0.0
                for i in ranked
            )
            moved = len(current - previous)
            return _named(nodes, values), Estimate("sampled", used, change, moved)
        previous, values_before = current, values
        k = min(2 * k, n)


def _named(nodes: Sequence[str], values: list[float]) -> dict[str, float]:
    return dict(zip(nodes, values, strict=True))


def weighted_constraint(G: nx.Graph[str], nodes: Sequence[str]) -> dict[str, float]:
    """Burt's constraint with tie strengths as weights; NaN for isolates."""
    graph, _ = to_igraph(G, "weight", nodes)
    values = graph.constraint(weights="weight")
    return {
        name: (math.nan if graph.degree(i) == 0 else float(values[i]))
        for i, name in enumerate(nodes)
    }
