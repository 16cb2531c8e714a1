"""Silos: communities of the collaboration graph and how closed each is within one sector.

References
----------
.. [1] Traag, V. A., Waltman, L. and van Eck, N. J. (2019). From Louvain to Leiden:
   guaranteeing well-connected communities. Scientific Reports 9, 5233.
.. [2] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
   an experimental simulation. Social Psychology Quarterly 51(2), 123-140 (the E-I index).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from . import fast
from .records import Ref, Silo

RUNS, RUNS_LARGE, LARGE = 8, 3, 2000
"""Past this many non-isolated actors, Louvain runs in igraph (C) instead of networkx."""


def runs_for(tied: int) -> int:
    """How many Leiden runs: :data:`RUNS` on town-sized maps, :data:`RUNS_LARGE` from
    :data:`LARGE` tied actors on (each run costs ~0.1 s at 10,000 actors)."""
    return RUNS if tied < LARGE else RUNS_LARGE


def communities(
    C: nx.Graph[str],
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    runs: int | None = None,
) -> tuple[list[set[str]], list[str], float]:
    """Leiden communities of the actors that have ties, the isolated actors apart, and the
    stability of the partition (mean adjusted Rand index of every run against the chosen one).

    The partition is the one of highest modularity over ``runs`` seeded Leiden runs
    (:func:`pactmap.analysis.fast.leiden_runs`), the same path at every size. An isolated
    actor is not a community of its own: counted as one, every isolate would look like a silo
    and every broker like a bridge.

    Returns
    -------
    (communities, isolates, stability)
        Communities largest first (ties broken by smallest member id), isolates sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
    >>> C.add_node("lonely")
    >>> groups, isolates, stability = communities(C, weight=None, seed=1)
    >>> [sorted(g) for g in groups], isolates, stability
    ([['a', 'b', 'c'], ['x', 'y', 'z']], ['lonely'], 1.0)
    """
    if C.is_directed() or C.is_multigraph():
        raise nx.NetworkXNotImplemented("communities takes a simple undirected graph")
    isolates = sorted(n for n in C if C.degree(n) == 0)
    tied = [n for n in C if C.degree(n) > 0]
    if not tied:
        return [], isolates, 1.0
    found, _, agreement = fast.leiden_runs(
        C,
        runs=runs if runs is not None else runs_for(len(tied)),
        weight=weight,
        resolution=resolution,
        seed=seed,
        nodes=tied,
    )
    found.sort(key=lambda c: (-len(c), min(c)))
    return found, isolates, round(sum(agreement) / len(agreement), 6)


def without_isolates(C: nx.Graph[str]) -> nx.Graph[str]:
    """``C`` itself when every node has a tie, else a copy without the isolated nodes."""
    isolates = [n for n in C if C.degree(n) == 0]
    if not isolates:
        return C
    connected = C.copy()
    connected.remove_nodes_from(isolates)
    return connected


def sector_closure(C: nx.Graph[str], members: set[str]) -> tuple[float, float, int, int]:
    """How closed a set of actors is within its sectors and within itself.

    Returns ``(homophily, ei_index, internal_ties, external_ties)``: over every tie of a
    member, the share joining two actors of one sector, Krackhardt and Stern's E-I index
    (E - I) / (E + I) by sector [2]_, and the ties staying in / leaving the set.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph()
    >>> C.add_nodes_from(["a", "b"], sector="association")
    >>> C.add_node("c", sector="public_authority")
    >>> C.add_edges_from([("a", "b"), ("b", "c")])
    >>> sector_closure(C, {"a", "b", "c"})
    (0.5, 0.0, 2, 0)
    """
    same = other = internal = external = 0
    seen: set[tuple[str, str]] = set()
    node, adjacency = C._node, C._adj  # dict reads: NodeView lookups cost 3x here
    for u in members:
        sector = node[u].get("sector")
        for v in adjacency[u]:
            key = (u, v) if u <= v else (v, u)
            if key in seen:
                continue
            seen.add(key)
            if sector == node[v].get("sector"):
                same += 1
            else:
                other += 1
            if v in members:
                internal += 1
            else:
                external += 1
    total = same + other
    if total == 0:
        return 0.0, 0.0, 0, 0
    return same / total, (other - same) / total, internal, external


def silos(
    C: nx.Graph[str],
    *,
    resolution: float = 1.0,
    seed: int = 0,
    runs: int | None = None,
) -> tuple[list[Silo], list[Ref], dict[str, str], float]:
    """The silos of a collaboration graph, its isolated actors, each actor's silo id, and
    the partition's stability across seeds (:func:`communities`).

    Silo ids are ``silo-1``, ``silo-2``, ... largest first.
    """
    groups, isolates, stability = communities(C, resolution=resolution, seed=seed, runs=runs)
    found: list[Silo] = []
    membership: dict[str, str] = {}
    for i, group in enumerate(groups, start=1):
        silo_id = f"silo-{i}"
        homophily, ei, internal, external = sector_closure(C, group)
        ordered = sorted(group)
        sectors = Counter(str(C.nodes[a].get("sector")) for a in ordered)
        found.append(
            Silo(
                id=silo_id,
                actors=tuple(_ref(C, a) for a in ordered),
                sectors=dict(sorted(sectors.items(), key=lambda kv: (-kv[1], kv[0]))),
                homophily=homophily,
                ei_index=ei,
                internal_ties=internal,
                external_ties=external,
            )
        )
        membership.update(dict.fromkeys(ordered, silo_id))
    return found, [_ref(C, a) for a in isolates], membership, stability


def _ref(C: nx.Graph[str], actor: str) -> Ref:
    data = C.nodes[actor]
    return Ref(actor, str(data.get("name", actor)), str(data.get("sector", "other")))
