"""Helpers to read the typed graph that :mod:`pactmap.analysis.convert` builds."""

from __future__ import annotations

import networkx as nx
from pactmap.graph.model import NodeBase, NodeKind

__all__ = ["nodes_of", "obj"]


def nodes_of(graph: nx.MultiDiGraph[str], kind: NodeKind) -> list[str]:
    """Ids of the nodes of one kind, in id order (so every analysis iterates deterministically)."""
    index = graph.graph.get("by_kind")
    if index is not None:
        return list(index[kind])
    return sorted(n for n, k in graph.nodes(data="kind") if k is kind)


def obj(graph: nx.MultiDiGraph[str], node_id: str) -> NodeBase:
    """The validated model behind a node of the typed graph."""
    node: NodeBase = graph.nodes[node_id]["obj"]
    return node
