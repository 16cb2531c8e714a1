"""The only bridge from the store to networkx: a Snapshot becomes a typed graph and its views.

The typed graph is a :class:`networkx.MultiDiGraph` with one node per domain node (attribute
``kind``, a :class:`~pactmap.graph.model.NodeKind`, and ``obj``, the validated model) and one
edge per relationship, keyed by its type name, carrying the relationship's properties.
Every analysis reads either that graph or one of the projections built from it
(:mod:`pactmap.analysis.projections`); nothing else in ``analysis/`` knows the store exists.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

import networkx as nx
from pactmap.graph.model import NodeKind, RelType
from pactmap.graph.store import Snapshot

from .projections import (
    actor_contract_graph,
    actor_indicator_graph,
    actor_topic_graph,
    collaboration_graph,
    direct_indicators,
    draft_parties,
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
    # Filled through networkx's own dicts (node -> attributes; succ/pred share one key dict
    # per node pair, as MultiDiGraph.add_edge does): add_edge costs ~20 us a call, which is
    # most of an analysis at 50,000 actors. Relationship properties are shared, never copied.
    nodes, succ, pred = graph._node, graph._succ, graph._pred
    by_kind: dict[NodeKind, list[str]] = {kind: [] for kind in NodeKind}
    for n in snapshot.nodes:
        kind = n.KIND
        nodes[n.id] = {"kind": kind, "obj": n}
        succ[n.id] = {}
        pred[n.id] = {}
        by_kind[kind].append(n.id)
    graph.graph["by_kind"] = {kind: sorted(ids) for kind, ids in by_kind.items()}
    values = {t: t.value for t in RelType}
    by_type: dict[str, list[tuple[str, str, dict[str, Any]]]] = {v: [] for v in values.values()}
    for rel in snapshot.relationships:
        u, v = rel.from_id, rel.to_id
        if u not in nodes or v not in nodes:
            continue
        key = values[rel.type]
        keyed = succ[u].get(v)
        if keyed is None:
            keyed = succ[u][v] = pred[v][u] = {}
        keyed[key] = rel.properties
        by_type[key].append((u, v, rel.properties))
    # a Snapshot lists relationships by (from, type, to), so each list is in (from, to) order
    graph.graph["by_type"] = by_type
    return graph


class Views:
    """The typed graph and its projections, each built on first use, then kept.

    Attributes
    ----------
    typed : the typed graph (:func:`snapshot_to_graph`).
    collaboration : actor-actor graph, edges with ``weight`` and ``evidence``.
    actor_topic : bipartite actor-topic graph (``bipartite`` 0 actors, 1 topics), ``weight``.
    actor_indicator : bipartite actor-indicator graph, ``weight``.
    actor_contract : bipartite actor-contract graph (kept beside the clique expansion).
    topics : topic interdependence graph (shared indicator or future concern).
    indicators : actor -> {indicator: weight} acted on directly (commitments, led actions).
    drafts : actor -> the draft contracts it is party to.
    """

    def __init__(self, typed: nx.MultiDiGraph[str]) -> None:
        self.typed = typed

    @cached_property
    def collaboration(self) -> nx.Graph[str]:
        return collaboration_graph(self.typed)

    @cached_property
    def actor_topic(self) -> nx.Graph[str]:
        return actor_topic_graph(self.typed)

    @cached_property
    def actor_indicator(self) -> nx.Graph[str]:
        return actor_indicator_graph(self.typed)

    @cached_property
    def actor_contract(self) -> nx.Graph[str]:
        return actor_contract_graph(self.typed)

    @cached_property
    def topics(self) -> nx.Graph[str]:
        return topic_interdependence(self.typed)

    @cached_property
    def indicators(self) -> dict[str, dict[str, float]]:
        return direct_indicators(self.typed)

    @cached_property
    def drafts(self) -> dict[str, set[str]]:
        return draft_parties(self.typed)


def build_views(snapshot: Snapshot) -> Views:
    """The typed graph of ``snapshot``, its projections to be built when first read."""
    return Views(snapshot_to_graph(snapshot))


def views_of(typed: nx.MultiDiGraph[str]) -> Views:
    """The projections of an already built typed graph."""
    return Views(typed)
