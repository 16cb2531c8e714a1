"""The only bridge from the store to networkx: a Snapshot becomes a typed graph and its views.

The typed graph is a :class:`networkx.MultiDiGraph` with one node per domain node (attribute
``kind``, a :class:`~pactmap.graph.model.NodeKind`, and ``obj``, the validated model) and one
edge per relationship, keyed by its type name, carrying the relationship's properties.
Every analysis reads either that graph or one of the projections built from it
(:mod:`pactmap.analysis.projections`); nothing else in ``analysis/`` knows the store exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx
from pactmap.graph.model import NodeKind, RelType
from pactmap.graph.store import Snapshot

from .projections import (
    actor_contract_graph,
    actor_indicator_graph,
    actor_topic_graph,
    collaboration_graph,
    topic_interdependence,
)


def snapshot_to_graph(snapshot: Snapshot) -> nx.MultiDiGraph[str]:
    """Build the typed graph of a territory.

    Parameters
    ----------
    snapshot : Snapshot
        A whole territory as ``Store.snapshot`` returns it.

    Returns
    -------
    networkx.MultiDiGraph
        Nodes carry ``kind`` and ``obj``; edges are keyed by relationship type and carry
        the relationship's properties. The graph's ``territory`` attribute holds the
        Territory node.

    Examples
    --------
    >>> from datetime import UTC, datetime
    >>> from pactmap.graph.model import NodeKind, new_node
    >>> from pactmap.graph.store import Snapshot
    >>> now = datetime(2026, 1, 1, tzinfo=UTC)
    >>> ter = new_node(NodeKind.TERRITORY, {"name": "T"}, node_id="t", territory_id=None, now=now)
    >>> act = new_node(
    ...     NodeKind.ACTOR, {"name": "A", "sector": "association"},
    ...     node_id="a", territory_id="t", now=now)
    >>> G = snapshot_to_graph(Snapshot(territory=ter, nodes=[act], relationships=[]))
    >>> G.nodes["a"]["kind"]
    <NodeKind.ACTOR: 'Actor'>
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(territory=snapshot.territory)
    graph.add_nodes_from((n.id, {"kind": n.KIND, "obj": n}) for n in snapshot.nodes)
    by_kind: dict[NodeKind, list[str]] = {kind: [] for kind in NodeKind}
    for n in snapshot.nodes:
        by_kind[n.KIND].append(n.id)
    graph.graph["by_kind"] = {kind: sorted(ids) for kind, ids in by_kind.items()}
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {t.value: [] for t in RelType}
    for rel in snapshot.relationships:
        if rel.from_id in graph and rel.to_id in graph:
            key = graph.add_edge(rel.from_id, rel.to_id, key=rel.type.value, **rel.properties)
            data = graph._succ[rel.from_id][rel.to_id][key]
            by_type[rel.type.value].append((rel.from_id, rel.to_id, data))
    graph.graph["by_type"] = {
        t: sorted(edges, key=lambda e: (e[0], e[1])) for t, edges in by_type.items()
    }
    return graph


@dataclass(frozen=True)
class Views:
    """The typed graph and every projection the analyses use.

    Attributes
    ----------
    typed : the typed graph (:func:`snapshot_to_graph`).
    collaboration : actor-actor graph, edges with ``weight`` and ``evidence``.
    actor_topic : bipartite actor-topic graph (``bipartite`` 0 actors, 1 topics), ``weight``.
    actor_indicator : bipartite actor-indicator graph, ``weight``.
    actor_contract : bipartite actor-contract graph (kept beside the clique expansion).
    topics : topic interdependence graph (shared indicator or future concern).
    """

    typed: nx.MultiDiGraph[str]
    collaboration: nx.Graph[str]
    actor_topic: nx.Graph[str]
    actor_indicator: nx.Graph[str]
    actor_contract: nx.Graph[str]
    topics: nx.Graph[str]


def build_views(snapshot: Snapshot) -> Views:
    """The typed graph of ``snapshot`` and all its projections, built once."""
    typed = snapshot_to_graph(snapshot)
    return views_of(typed)


def views_of(typed: nx.MultiDiGraph[str]) -> Views:
    """All projections of an already built typed graph."""
    return Views(
        typed=typed,
        collaboration=collaboration_graph(typed),
        actor_topic=actor_topic_graph(typed),
        actor_indicator=actor_indicator_graph(typed),
        actor_contract=actor_contract_graph(typed),
        topics=topic_interdependence(typed),
    )
