"""Views of the typed graph: who works with whom, who works on what, which topics hang together.

All functions take the typed graph of :func:`pactmap.analysis.convert.snapshot_to_graph`
and return a new undirected graph; none reads anything else.

References
----------
.. [1] Lubell, M. (2013). Governing institutional complexity: the ecology of games
   framework. Policy Studies Journal 41(3), 537-559 (the actor-forum network).
.. [2] Newman, M. E. J. (2001). Scientific collaboration networks. II. Physical Review E 64,
   016132 (weighting a k-party collaboration 1/(k-1) per pair).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import combinations
from typing import Any

import networkx as nx
from pactmap.graph.model import (
    Commitment,
    CommitmentStatus,
    Contract,
    ContractStatus,
    NodeKind,
    RelType,
)

from .typed import edges_of_type, kind_of, nodes_of, sources, sources_with, targets, targets_with

OTHER_TIES = (RelType.FUNDS.value, RelType.MEMBER_OF.value, RelType.REPRESENTS.value)
OTHER_TIE_WEIGHT = 0.5
# A joint commitment or a contract ties its parties while it is alive (README, "Gaps").
TYING_COMMITMENTS = frozenset({CommitmentStatus.ACTIVE, CommitmentStatus.FULFILLED})
TYING_CONTRACTS = frozenset(
    {
        ContractStatus.NEGOTIATING,
        ContractStatus.SIGNED,
        ContractStatus.ACTIVE,
        ContractStatus.EVALUATED,
    }
)


Ties = dict[tuple[str, str], dict[str, Any]]


def _add(ties: Ties, a: str, b: str, weight: float, evidence: str, count: str) -> None:
    if a == b:
        return
    key = (a, b) if a < b else (b, a)
    data = ties.get(key)
    if data is None:
        data = ties[key] = {
            "weight": 0.0,
            "ties": 0,
            "commitments": 0,
            "contracts": 0,
            "evidence": [],
        }
    data["weight"] += weight
    data[count] += 1
    data["evidence"].append(evidence)


def _out(T: nx.MultiDiGraph[str], node: str, rel: str) -> Iterable[tuple[str, dict[str, Any]]]:
    return targets_with(T, node, rel)


def _in(T: nx.MultiDiGraph[str], node: str, rel: str) -> Iterable[tuple[str, dict[str, Any]]]:
    return sources_with(T, node, rel)


def ties_parties(T: nx.MultiDiGraph[str], node: str) -> bool:
    """Whether a commitment or contract node, by its status, ties its parties.

    Active or fulfilled commitments and negotiating, signed, active or evaluated contracts
    do; proposed, lapsed or withdrawn commitments and draft or closed contracts do not. A
    node without a model object (hand-built graphs) does.
    """
    node_obj = T._node[node].get("obj")
    if isinstance(node_obj, Commitment):
        return node_obj.status in TYING_COMMITMENTS
    if isinstance(node_obj, Contract):
        return node_obj.status in TYING_CONTRACTS
    return True


def draft_parties(T: nx.MultiDiGraph[str]) -> dict[str, set[str]]:
    """Actor -> the draft contracts it is party to (a gap being worked on)."""
    out: dict[str, set[str]] = defaultdict(set)
    for contract, members in contract_parties(T).items():
        node_obj = T._node[contract].get("obj")
        if isinstance(node_obj, Contract) and node_obj.status is ContractStatus.DRAFT:
            for a in members:
                out[a].add(contract)
    return dict(out)


def contract_parties(T: nx.MultiDiGraph[str]) -> dict[str, set[str]]:
    """Each contract's parties: its signatories and the makers of the commitments in it."""
    parties: dict[str, set[str]] = {}
    for contract in nodes_of(T, NodeKind.CONTRACT):
        members = {a for a, _ in _in(T, contract, RelType.SIGNED.value)}
        for commitment, _ in _in(T, contract, RelType.PART_OF.value):
            members.update(a for a, _ in _in(T, commitment, RelType.MADE.value))
        parties[contract] = members
    return parties


def collaboration_graph(T: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """The actor-actor collaboration graph, every actor included (isolates too).

    An edge joins two actors that have an explicit tie (COLLABORATES_WITH: ``strength``/3;
    FUNDS, MEMBER_OF, REPRESENTS: 0.5), made one live commitment together, or are parties to
    one live contract (:func:`ties_parties`); a k-party commitment or contract adds 1/(k-1)
    to each of its pairs [2]_.

    Returns
    -------
    networkx.Graph
        Nodes carry ``sector`` and ``name``; edges carry ``weight``, the counts ``ties``,
        ``commitments`` and ``contracts``, and ``evidence`` (``"tie:<evidence>"``,
        ``"commitment:<id>"``, ``"contract:<id>"``).

    Examples
    --------
    >>> import networkx as nx
    >>> from pactmap.graph.model import NodeKind
    >>> T = nx.MultiDiGraph(by_kind={k: [] for k in NodeKind})
    >>> T.graph["by_kind"][NodeKind.ACTOR] = ["a", "b"]
    >>> T.add_node("a", kind=NodeKind.ACTOR, obj=None)
    >>> T.add_node("b", kind=NodeKind.ACTOR, obj=None)
    >>> _ = T.add_edge("a", "b", key="COLLABORATES_WITH", strength=3, evidence="")
    >>> collaboration_graph(T)["a"]["b"]["weight"]
    1.0
    """
    C: nx.Graph[str] = nx.Graph()
    objs = {a: T._node[a]["obj"] for a in nodes_of(T, NodeKind.ACTOR)}
    C.add_nodes_from(
        (
            actor,
            {
                "sector": str(objs[actor].sector) if objs[actor] is not None else "other",
                "name": objs[actor].name if objs[actor] is not None else actor,
            },
        )
        for actor in nodes_of(T, NodeKind.ACTOR)
    )
    ties: Ties = {}
    for a, b, data in edges_of_type(T, RelType.COLLABORATES_WITH.value):
        strength = float(data.get("strength", 3))
        _add(ties, a, b, strength / 3.0, f"tie:{data.get('evidence') or 'collaboration'}", "ties")
    for key in OTHER_TIES:
        for a, b, _ in edges_of_type(T, key):
            _add(ties, a, b, OTHER_TIE_WEIGHT, f"tie:{key.lower()}", "ties")
    for commitment in nodes_of(T, NodeKind.COMMITMENT):
        if not ties_parties(T, commitment):
            continue
        makers = sorted(sources(T, commitment, RelType.MADE.value))
        for a, b in combinations(makers, 2):
            _add(ties, a, b, 1.0 / (len(makers) - 1), f"commitment:{commitment}", "commitments")
    for contract, members in contract_parties(T).items():
        if not ties_parties(T, contract):
            continue
        ordered = sorted(members)
        for a, b in combinations(ordered, 2):
            _add(ties, a, b, 1.0 / (len(ordered) - 1), f"contract:{contract}", "contracts")
    # filled as add_edges_from fills it (one dict shared by both directions), without
    # copying every tie's attributes once more
    adjacency = C._adj
    for (a, b), data in sorted(ties.items()):
        for end in (a, b):
            if end not in adjacency:
                C.add_node(end)
        adjacency[a][b] = adjacency[b][a] = data
    return C


def actor_contract_graph(T: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Bipartite actor-contract graph (``bipartite`` 0 actors, 1 contracts) [1]_."""
    B: nx.Graph[str] = nx.Graph()
    B.add_nodes_from(nodes_of(T, NodeKind.ACTOR), bipartite=0)
    for contract, members in contract_parties(T).items():
        B.add_node(contract, bipartite=1)
        B.add_edges_from((a, contract) for a in sorted(members))
    return B


def _commitment_targets(T: nx.MultiDiGraph[str], kind: NodeKind) -> dict[str, list[str]]:
    """For each commitment, the nodes of ``kind`` it addresses."""
    out: dict[str, list[str]] = {}
    for commitment in nodes_of(T, NodeKind.COMMITMENT):
        out[commitment] = [
            t for t, _ in _out(T, commitment, RelType.ADDRESSES.value) if kind_of(T, t) is kind
        ]
    return out


def actor_topic_graph(T: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Bipartite actor-topic graph: ``weight`` = WORKS_ON intensity/3 + 1 per commitment on
    the topic + 1/2 per commitment on an indicator that measures it.

    Edges also carry ``intensity`` (0 when the link comes from commitments only) and
    ``commitments``. Every actor and topic is a node (``bipartite`` 0 and 1).
    """
    B: nx.Graph[str] = nx.Graph()
    B.add_nodes_from(nodes_of(T, NodeKind.ACTOR), bipartite=0)
    B.add_nodes_from(nodes_of(T, NodeKind.TOPIC), bipartite=1)
    adjacency = B._adj  # filled as add_edge fills it (one dict for both directions)

    def edge(actor: str, topic: str) -> dict[str, Any]:
        data: dict[str, Any] | None = adjacency[actor].get(topic) if actor in adjacency else None
        if data is None:
            B.add_edge(actor, topic, weight=0.0, intensity=0, commitments=0)
            data = adjacency[actor][topic]
        return data

    for actor in nodes_of(T, NodeKind.ACTOR):
        for topic, props in _out(T, actor, RelType.WORKS_ON.value):
            intensity = int(props.get("intensity", 3))
            edge(actor, topic).update(weight=intensity / 3.0, intensity=intensity, commitments=0)

    def bump(actor: str, topic: str, weight: float) -> None:
        data = edge(actor, topic)
        data["weight"] += weight
        data["commitments"] += 1

    addressed = _commitment_targets(T, NodeKind.TOPIC)
    via_indicator = _commitment_targets(T, NodeKind.INDICATOR)
    for commitment, topics in addressed.items():
        # a commitment on an indicator is half a commitment on each topic it measures
        measured = {
            t: 0.5
            for indicator in via_indicator.get(commitment, ())
            for t in measured_topics(T, indicator)
            if t not in topics
        }
        if not topics and not measured:
            continue
        for actor in sources(T, commitment, RelType.MADE.value):
            for topic in topics:
                bump(actor, topic, 1.0)
            for topic, weight in sorted(measured.items()):
                bump(actor, topic, weight)
    return B


def measured_topics(T: nx.MultiDiGraph[str], indicator: str) -> list[str]:
    """The topics an indicator measures."""
    return targets(T, indicator, RelType.MEASURES.value)


def actor_indicator_graph(T: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Bipartite actor-indicator graph.

    ``weight`` = 1 per commitment of the actor addressing the indicator, 1 per action the
    actor leads that targets it, and half the actor's WORKS_ON weight on each topic the
    indicator measures.
    """
    B: nx.Graph[str] = nx.Graph()
    B.add_nodes_from(nodes_of(T, NodeKind.ACTOR), bipartite=0)
    B.add_nodes_from(nodes_of(T, NodeKind.INDICATOR), bipartite=1)

    def bump(actor: str, indicator: str, weight: float) -> None:
        if not B.has_edge(actor, indicator):
            B.add_edge(actor, indicator, weight=0.0)
        B[actor][indicator]["weight"] += weight

    for actor, placed in direct_indicators(T).items():
        for indicator, weight in placed.items():
            bump(actor, indicator, weight)
    for indicator in nodes_of(T, NodeKind.INDICATOR):
        for topic, _ in _out(T, indicator, RelType.MEASURES.value):
            for actor, data in _in(T, topic, RelType.WORKS_ON.value):
                bump(actor, indicator, 0.5 * int(data.get("intensity", 3)) / 3.0)
    return B


def direct_indicators(T: nx.MultiDiGraph[str]) -> dict[str, dict[str, float]]:
    """Actor -> {indicator: weight} for the indicators it acts on directly: 1 per
    commitment of the actor addressing the indicator, 1 per action it leads targeting it
    (the places of a gap beside topics; WORKS_ON already counts through the topics)."""
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for commitment, indicators in _commitment_targets(T, NodeKind.INDICATOR).items():
        for actor, _ in _in(T, commitment, RelType.MADE.value):
            for i in indicators:
                out[actor][i] = out[actor].get(i, 0.0) + 1.0
    for action in nodes_of(T, NodeKind.ACTION):
        aimed = [
            i
            for i, _ in _out(T, action, RelType.TARGETS.value)
            if kind_of(T, i) is NodeKind.INDICATOR
        ]
        for actor, _ in _in(T, action, RelType.LEADS.value):
            for i in aimed:
                out[actor][i] = out[actor].get(i, 0.0) + 1.0
    return dict(out)


def topic_interdependence(T: nx.MultiDiGraph[str]) -> nx.Graph[str]:
    """Topics linked when an indicator measures both or a future concern concerns both.

    A concern that concerns an indicator concerns the topics that indicator measures.
    Edges carry ``weight`` (number of shared indicators and concerns) and ``evidence``
    (their ids).
    """
    G: nx.Graph[str] = nx.Graph()
    G.add_nodes_from(nodes_of(T, NodeKind.TOPIC))
    measured: dict[str, list[str]] = defaultdict(list)
    for indicator in nodes_of(T, NodeKind.INDICATOR):
        measured[indicator] = sorted(t for t, _ in _out(T, indicator, RelType.MEASURES.value))
    groups: list[tuple[str, list[str]]] = [(i, ts) for i, ts in measured.items()]
    for concern in nodes_of(T, NodeKind.FUTURE_CONCERN):
        topics: set[str] = set()
        for target, _ in _out(T, concern, RelType.CONCERNS.value):
            if kind_of(T, target) is NodeKind.TOPIC:
                topics.add(target)
            else:
                topics.update(measured.get(target, ()))
        groups.append((concern, sorted(topics)))
    for source, members in groups:
        for a, b in combinations(members, 2):
            if not G.has_edge(a, b):
                G.add_edge(a, b, weight=0, evidence=[])
            G[a][b]["weight"] += 1
            G[a][b]["evidence"].append(source)
    return G
