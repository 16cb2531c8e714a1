"""Silos: communities of the collaboration graph and how closed each is within one sector.

References
----------
.. [1] Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks.
   J. Stat. Mech. P10008.
.. [2] Krackhardt, D. and Stern, R. N. (1988). Informal networks and organizational crises:
   an experimental simulation. Social Psychology Quarterly 51(2), 123-140 (the E-I index).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from . import fast
from .records import Ref, Silo

IGRAPH_THRESHOLD = 1000
"""Past this many non-isolated actors, Louvain runs in igraph (C) instead of networkx."""


def communities(
    C: nx.Graph[str],
    *,
    weight: str | None = "weight",
    resolution: float = 1.0,
    seed: int = 0,
    igraph_threshold: int = IGRAPH_THRESHOLD,
) -> tuple[list[set[str]], list[str]]:
    """Louvain communities of the actors that have ties, and the isolated actors apart.

    An isolated actor is not a community of its own: counted as one, every isolate would
    look like a silo and every broker like a bridge.

    Parameters
    ----------
    C : networkx.Graph
        The collaboration graph.
    weight, resolution, seed
        As for :func:`networkx.community.louvain_communities`.
    igraph_threshold : int
        From this many non-isolated nodes on, igraph's multilevel algorithm does the work.

    Returns
    -------
    (communities, isolates)
        Communities largest first (ties broken by smallest member id), isolates sorted.

    Examples
    --------
    >>> import networkx as nx
    >>> C = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z")])
    >>> C.add_node("lonely")
    >>> groups, isolates = communities(C, weight=None, seed=1)
    >>> [sorted(g) for g in groups], isolates
    ([['a', 'b', 'c'], ['x', 'y', 'z']], ['lonely'])
    """
    if C.is_directed() or C.is_multigraph():
        raise nx.NetworkXNotImplemented("communities takes a simple undirected graph")
    isolates = sorted(n for n in C if C.degree(n) == 0)
    tied = [n for n in C if C.degree(n) > 0]
    if not tied:
        return [], isolates
    if len(tied) >= igraph_threshold:
        found = fast.louvain(C, weight=weight, resolution=resolution, seed=seed, nodes=tied)
    else:
        found = [
            set(c)
            for c in nx.community.louvain_communities(
                without_isolates(C), weight=weight, resolution=resolution, seed=seed
            )
        ]
    found.sort(key=lambda c: (-len(c), min(c)))
    return found, isolates


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
    for u in members:
        for v in C[u]:
            key = (u, v) if u <= v else (v, u)
            if key in seen:
                continue
            seen.add(key)
            if C.nodes[u].get("sector") == C.nodes[v].get("sector"):
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
    igraph_threshold: int = IGRAPH_THRESHOLD,
) -> tuple[list[Silo], list[Ref], dict[str, str]]:
    """The silos of a collaboration graph, its isolated actors, and each actor's silo id.

    Silo ids are ``silo-1``, ``silo-2``, ... largest first.
    """
    groups, isolates = communities(
        C, resolution=resolution, seed=seed, igraph_threshold=igraph_threshold
    )
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
    return found, [_ref(C, a) for a in isolates], membership


def _ref(C: nx.Graph[str], actor: str) -> Ref:
    data = C.nodes[actor]
    return Ref(actor, str(data.get("name", actor)), str(data.get("sector", "other")))
