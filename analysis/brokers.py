"""Brokers: who holds the map together, how constrained each actor is, and single points of failure.

References
----------
.. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality. Journal of
   Mathematical Sociology 25(2), 163-177; Brandes, U. and Pich, C. (2007). Centrality
   estimation in large networks. Int. J. Bifurcation and Chaos 17(7) (pivot sampling).
.. [2] Burt, R. S. (1992). Structural Holes. Harvard University Press (constraint,
   effective size).
.. [3] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
   Connections 20(1), 35-38 (effective size = n - 2t/n for unweighted graphs).
.. [4] Gould, R. V. and Fernandez, R. M. (1989). Structures of mediation: a formal approach
   to brokerage in transaction networks. Sociological Methodology 19, 89-126.
.. [5] Padgett, J. F. and Ansell, C. K. (1993). Robust action and the rise of the Medici,
   1400-1434. American Journal of Sociology 98(6), 1259-1319.
"""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict

import networkx as nx
from pactmap.graph.sentence import ngettext

from . import broker_sampling, fast
from .records import Broker, Fragility, Ref

EXACT_BETWEENNESS_MAX = 5000
"""Up to this many nodes betweenness is exact (igraph: ~1.5 s at 5,000 actors here); above
it, it is estimated from pivots added until the top brokers stop changing
(:func:`pactmap.analysis.broker_sampling.adaptive`)."""
BETWEENNESS_PIVOTS = 128
IGRAPH_THRESHOLD = 300
"""From this many nodes on, betweenness runs in igraph: networkx's exact Brandes took 10 s on
1,000 actors / 2,000 ties here (shared cores), igraph milliseconds, with equal values."""
CONSTRAINT_IGRAPH_THRESHOLD = 100
"""networkx's constraint goes through its dispatcher for every neighbour pair: 3.8 s on a
200-node, 1,000-edge graph here, against milliseconds in igraph; the values are identical."""


def _check(G: nx.Graph[str]) -> None:
    if G.is_directed() or G.is_multigraph():
        raise nx.NetworkXNotImplemented("broker measures take a simple undirected graph")


def betweenness(
    G: nx.Graph[str],
    *,
    seed: int = 0,
    exact_max: int = EXACT_BETWEENNESS_MAX,
    pivots: int = BETWEENNESS_PIVOTS,
    igraph_threshold: int = IGRAPH_THRESHOLD,
    nodes: list[str] | None = None,
) -> dict[str, float]:
    """Normalised betweenness (of the subgraph on ``nodes``, if given), exact up to
    ``exact_max`` nodes, else from seeded pivots [1]_.

    The pivots are ``random.Random(seed).sample(list(G), pivots)``, the sample networkx
    draws for ``betweenness_centrality(G, k=pivots, seed=seed)``, so both backends agree.

    Examples
    --------
    >>> import networkx as nx
    >>> b = betweenness(nx.path_graph(["a", "b", "c"]))
    >>> b["b"], b["a"]
    (1.0, 0.0)
    """
    _check(G)
    members = list(G) if nodes is None else list(nodes)
    n = len(members)
    sources = None if n <= exact_max else random.Random(seed).sample(members, min(pivots, n))  # noqa: S311 - reproducible pivots
    if n >= igraph_threshold:
        return fast.betweenness(G, sources, members)
    sub = G if nodes is None else G.subgraph(members).copy()
    if sources is None:
        return dict(nx.betweenness_centrality(sub))
    return dict(nx.betweenness_centrality(sub, k=len(sources), seed=seed))


def constraint(
    G: nx.Graph[str],
    *,
    igraph_threshold: int = CONSTRAINT_IGRAPH_THRESHOLD,
    nodes: list[str] | None = None,
) -> dict[str, float]:
    """Burt's constraint [2]_ of every node (of the subgraph on ``nodes``) at once, unweighted;
    NaN for isolates.

    ``networkx.constraint`` is called without ``nodes``: with ``nodes`` it takes a path
    measured 30x slower. From ``igraph_threshold`` nodes on igraph computes the same values
    (``CONSTRAINT_IGRAPH_THRESHOLD``).
    """
    _check(G)
    members = list(G) if nodes is None else list(nodes)
    if len(members) >= igraph_threshold:
        return fast.constraint(G, members)
    sub = G if nodes is None else G.subgraph(members).copy()
    if sub.number_of_edges() == 0:
        # networkx's constraint builds an adjacency matrix through scipy, which refuses a graph
        # without edges; every node of such a graph is an isolate (NaN).
        return dict.fromkeys(sub, math.nan)
    return {n: float(v) for n, v in nx.constraint(sub).items()}


def effective_size(G: nx.Graph[str]) -> dict[str, float]:
    """Burt's effective size by Borgatti's simplification n - 2t/n [3]_ (unweighted).

    ``n`` is the node's degree and ``t`` the number of ties among its neighbours, counted by
    set intersection: no graph copy per node, no dense matrix. Isolates get NaN, as in
    ``networkx.effective_size``.

    Examples
    --------
    >>> import networkx as nx
    >>> effective_size(nx.star_graph(3))[0]  # a hub of three unconnected leaves
    3.0
    >>> effective_size(nx.complete_graph(4))[0]  # everyone knows everyone: 3 - 2*3/3
    1.0
    """
    _check(G)
    neighbours = {v: set(G[v]) - {v} for v in G}
    out: dict[str, float] = {}
    for v, nbrs in neighbours.items():
        degree = len(nbrs)
        if degree == 0:
            out[v] = math.nan
            continue
        twice_t = sum(len(neighbours[u] & nbrs) for u in nbrs)
        out[v] = degree - twice_t / degree
    return out


def brokerage_roles(G: nx.Graph[str], node: str, group: str = "sector") -> dict[str, int]:
    """Gould and Fernandez brokerage roles of ``node`` [4]_ on an undirected graph.

    Counts the open two-paths a - node - b (a and b not tied) by the groups of a, node and
    b: ``coordinator`` (all one group), ``itinerant`` (a and b of one group, node of
    another), ``gatekeeper_representative`` (one of a, b in node's group; undirected ties
    cannot tell the two roles apart) and ``liaison`` (three groups). Counted from group
    sizes minus the closed pairs, so a hub costs the sum of its neighbours' degrees, not the
    square of its own.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "v"), ("v", "b")])
    >>> nx.set_node_attributes(G, {"a": "x", "v": "y", "b": "z"}, "sector")
    >>> brokerage_roles(G, "v")["liaison"]
    1
    """
    nbrs = set(G[node]) - {node}
    own = G.nodes[node].get(group)
    sizes = Counter(G.nodes[u].get(group) for u in nbrs)
    closed: Counter[tuple[bool, bool, bool]] = Counter()  # (a in own, b in own, a~b same)
    for u in nbrs:
        gu = G.nodes[u].get(group)
        for w in G[u]:
            if w in nbrs and u < w:
                gw = G.nodes[w].get(group)
                closed[(gu == own, gw == own, gu == gw)] += 1
    same = sizes.get(own, 0)
    others = [c for g, c in sizes.items() if g != own]
    pairs_other_same = sum(c * (c - 1) // 2 for c in others)
    pairs_other_diff = (sum(others) ** 2 - sum(c * c for c in others)) // 2
    coordinator = same * (same - 1) // 2 - closed[(True, True, True)]
    itinerant = pairs_other_same - closed[(False, False, True)]
    gatekeeper = same * sum(others) - closed[(True, False, False)] - closed[(False, True, False)]
    liaison = pairs_other_diff - closed[(False, False, False)]
    return {
        "coordinator": coordinator,
        "itinerant": itinerant,
        "gatekeeper_representative": gatekeeper,
        "liaison": liaison,
    }


def fragilities(G: nx.Graph[str], membership: dict[str, str]) -> list[tuple[str, str, str, int]]:
    """Pairs of silos whose every tie touches one and the same actor.

    Returns ``(broker, silo_a, silo_b, ties)``, most important first: the product of the two
    silos' sizes (the pairs of actors who would lose their only link), then the number of
    ties, then silo ids. Remove ``broker`` and the two silos no longer touch.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a1", "b1"), ("a1", "b2"), ("a2", "a1")])
    >>> fragilities(G, {"a1": "A", "a2": "A", "b1": "B", "b2": "B"})
    [('a1', 'A', 'B', 2)]
    """
    common: dict[tuple[str, str], set[str]] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for u, v in G.edges():
        su, sv = membership.get(u), membership.get(v)
        if su is None or sv is None or su == sv:
            continue
        key = (su, sv) if su < sv else (sv, su)
        counts[key] += 1
        ends = {u, v}
        common[key] = common[key] & ends if key in common else ends
    out = []
    for key in sorted(common):
        ends = common[key]
        if len(ends) == 1 or (len(ends) == 2 and counts[key] == 1):
            # one tie only: both ends are single points; name the better-connected one
            broker = max(sorted(ends), key=lambda a: G.degree(a))
            out.append((broker, key[0], key[1], counts[key]))
    size = Counter(membership.values())
    out.sort(key=lambda f: (-size[f[1]] * size[f[2]], -f[3], f[1], f[2]))
    return out


def brokers(
    G: nx.Graph[str],
    membership: dict[str, str],
    *,
    limit: int = 20,
    seed: int = 0,
    exact_max: int = EXACT_BETWEENNESS_MAX,
    pivots: int = BETWEENNESS_PIVOTS,
    igraph_threshold: int = IGRAPH_THRESHOLD,
    constraint_igraph_threshold: int = CONSTRAINT_IGRAPH_THRESHOLD,
) -> tuple[list[Broker], list[Fragility], dict[str, float], broker_sampling.Estimate]:
    """The top ``limit`` brokers by betweenness, the fragilities (most important first),
    every betweenness, and how it was obtained (exact, or sampled from ``pivots`` pivots on,
    doubling until the top ``limit`` stop changing).

    Only actors with ties are measured (isolates have no paths through them). Each broker
    also carries the weighted constraint and, while betweenness is exact, the weighted
    betweenness (:mod:`.broker_sampling`; None above ``exact_max``).
    """
    _check(G)
    tied = [n for n in G if G.degree(n) > 0]
    top = max(limit, 1)
    if len(tied) <= exact_max:
        between = betweenness(G, seed=seed, igraph_threshold=igraph_threshold, nodes=tied)
        estimate = broker_sampling.Estimate("exact", len(tied))
        weighted = broker_sampling.exact(G, tied, weighted=True)
    else:
        between, estimate = broker_sampling.adaptive(G, tied, seed=seed, top=top, start=pivots)
        weighted = {}  # sampled twice over would double the cost: stated as not computed
    burt = constraint(G, igraph_threshold=constraint_igraph_threshold, nodes=tied)
    burt_weighted = broker_sampling.weighted_constraint(G, tied)
    ranked = sorted(between, key=lambda a: (-between[a], a))[:limit]
    reached: dict[str, set[str]] = defaultdict(set)
    for a in ranked:
        reached[a] = {membership[b] for b in G[a] if b in membership} | (
            {membership[a]} if a in membership else set()
        )
    top_nodes = set(ranked)
    sizes = effective_size(G.subgraph(_two_step(G, top_nodes)).copy())
    found = [
        Broker(
            actor=_ref(G, a),
            betweenness=between[a],
            constraint=None if math.isnan(burt[a]) else burt[a],
            effective_size=None if math.isnan(sizes[a]) else sizes[a],
            silos_bridged=len(reached[a]),
            roles=brokerage_roles(G, a),
            weighted_betweenness=weighted.get(a),
            weighted_constraint=None if math.isnan(burt_weighted[a]) else burt_weighted[a],
        )
        for a in ranked
    ]
    frail = [
        Fragility(
            broker=_ref(G, b),
            silos=(sa, sb),
            ties=ties,
            explanation=ngettext(
                "%(name)s is the only link between %(a)s and %(b)s (%(count)s tie): without it "
                "the two groups would not touch.",
                "%(name)s is the only link between %(a)s and %(b)s (%(count)s ties): without it "
                "the two groups would not touch.",
                ties,
                name=G.nodes[b].get("name", b),
                a=sa,
                b=sb,
            ),
        )
        for b, sa, sb, ties in fragilities(G, membership)
    ]
    return found, frail, between, estimate


def _two_step(G: nx.Graph[str], nodes: set[str]) -> set[str]:
    """The nodes and their neighbours: enough to compute their effective size exactly."""
    out = set(nodes)
    for v in nodes:
        out.update(G[v])
    return out


def _ref(G: nx.Graph[str], actor: str) -> Ref:
    data = G.nodes[actor]
    return Ref(actor, str(data.get("name", actor)), str(data.get("sector", "other")))


__all__ = [
    "betweenness",
    "brokerage_roles",
    "brokers",
    "constraint",
    "effective_size",
    "fragilities",
]
