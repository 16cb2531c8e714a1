"""Coordination gaps: actors on the same or interdependent topics who never worked together.

Social-ecological network research calls this the *open motif* [1]_ [2]_: two actors acting
on one resource (a 3-motif: actor - topic - actor, no actor - actor tie), or on two
interdependent resources (a 4-motif: actor - topic = topic - actor), without collaborating.
Here "no tie" means no explicit tie, no live joint commitment and no live shared contract:
no edge of the collaboration graph.

Beside pairs, a *group* gap names the largest set of a topic's actors of whom no two are
tied (at most half the list; a pair already inside a group on its topic is not repeated);
a fifth of the list is kept for the best 4-motif pairs.

Score of a pair (a, b)::

    sum over shared topics t            need(t) * sqrt(w_a,t * w_b,t) / deg(t)
  + 1/2 sum over linked pairs t1 ~ t2   mean need * sqrt(w_a,t1 * w_b,t2) * 2 / (deg t1 + deg t2)

where w is the actor-topic weight and deg(t) the number of actors on t: sharing a rare topic
says more than sharing a popular one (the resource-allocation index [3]_), and need(t)
grows with bad and worsening indicators (:func:`pactmap.analysis.coverage.topic_needs`).

Candidates: every untied pair sharing a topic, or an indicator it acts on directly (a
commitment addressing it, an action it leads targeting it), or two interdependent topics.
All of them are scored at once with sparse matrix products (:mod:`.gap_matrix`): nothing is
capped, no actor x actor dense matrix is built, and only the pairs shown are detailed.
A tie is an edge of the live collaboration graph (:func:`.projections.ties_parties`).

References
----------
.. [1] Bodin, O. and Tengo, M. (2012). Disentangling intangible social-ecological systems.
   Global Environmental Change 22(2), 430-439.
.. [2] Guerrero, A. M., Bodin, O., McAllister, R. R. J. and Wilson, K. A. (2015). Achieving
   social-ecological fit through bottom-up collaborative governance. Ecology and Society
   20(4), 41.
.. [3] Zhou, T., Lu, L. and Zhang, Y.-C. (2009). Predicting missing links via local
   information. European Physical Journal B 71, 623-630.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from .gap_matrix import INTERDEPENDENT_DISCOUNT, OpenPairs, open_pairs

PER_TOPIC = 20


@dataclass(frozen=True)
class PairScore:
    a: str
    b: str
    score: float
    shared: tuple[str, ...]
    linked: tuple[tuple[str, str], ...]
    rarity: float
    primary: str


def split(B: nx.Graph[str]) -> tuple[dict[str, dict[str, float]], dict[str, list[str]]]:
    """Actor -> {topic: weight}, and topic -> actors most involved first.

    Kept in ``B.graph["_split"]`` after the first call: gaps, groups and suggestions all
    read it, and the analyses never change a projection.
    """
    cached = B.graph.get("_split")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    actor_topics: dict[str, dict[str, float]] = defaultdict(dict)
    topic_actors: dict[str, list[tuple[float, str]]] = defaultdict(list)
    node = B._node
    for actor, near in B._adj.items():  # each edge from its actor's side, as B.edges reads it
        if node[actor].get("bipartite") != 0:
            continue
        for topic, data in near.items():
            w = float(data.get("weight", 1.0))
            actor_topics[actor][topic] = w
            topic_actors[topic].append((-w, actor))
    ranked = {t: [a for _, a in sorted(pairs)] for t, pairs in topic_actors.items()}
    B.graph["_split"] = (actor_topics, ranked)
    return actor_topics, ranked


def places_of(
    B: nx.Graph[str], indicators: Mapping[str, Mapping[str, float]] | None = None
) -> tuple[dict[str, dict[str, float]], dict[str, int]]:
    """Actor -> {topic or indicator: weight}, and each place's number of actors."""
    actor_topics, ranked = split(B)
    merged: dict[str, dict[str, float]] = {a: dict(p) for a, p in actor_topics.items()}
    degree = {t: len(actors) for t, actors in ranked.items()}
    for a, placed in (indicators or {}).items():
        merged.setdefault(a, {}).update(placed)
        for i in placed:
            degree[i] = degree.get(i, 0) + 1
    return merged, degree


def exact_pairs(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    need: Mapping[str, float],
    indicators: Mapping[str, Mapping[str, float]] | None = None,
    *,
    keep: int | None = None,
    discount: float = INTERDEPENDENT_DISCOUNT,
) -> OpenPairs:
    """Every open pair, scored (:func:`pactmap.analysis.gap_matrix.open_pairs`): all
    listed, or the best ``keep``; ``discount`` weighs the 4-motif term."""
    actor_topics, _ = split(B)
    indicators = indicators or {}
    actors = sorted(set(C) | set(actor_topics) | set(indicators))
    return open_pairs(
        actors, actor_topics, indicators, C, links, need, keep=keep, discount=discount
    )


def details(
    found: OpenPairs,
    order: Iterable[int],
    places: Mapping[str, Mapping[str, float]],
    degree: Mapping[str, int],
    links: nx.Graph[str],
    need: Mapping[str, float],
    discount: float = INTERDEPENDENT_DISCOUNT,
) -> Iterator[PairScore]:
    """The :class:`PairScore` of the pairs at positions ``order`` of ``found``."""
    for a, b, _ in found.ids(order):
        p = pair_score(a, b, places, degree, links, need, discount)
        if p is not None:
            yield p


def score_pairs(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    need: Mapping[str, float],
    indicators: Mapping[str, Mapping[str, float]] | None = None,
) -> list[PairScore]:
    """Every open pair with its score, best first (each pair detailed: small maps only).

    Parameters
    ----------
    B : the bipartite actor-topic graph (``bipartite`` 0 for actors, ``weight`` on edges).
    C : the collaboration graph (an edge = a live tie, joint commitment or shared contract).
    links : the topic interdependence graph.
    need : topic (or indicator) -> need (1 when missing).
    indicators : actor -> {indicator: weight} for the indicators it acts on directly.

    Examples
    --------
    >>> import networkx as nx
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["a", "b", "c"], bipartite=0)
    >>> B.add_nodes_from(["t"], bipartite=1)
    >>> B.add_edges_from([("a", "t"), ("b", "t"), ("c", "t")], weight=1.0)
    >>> C = nx.Graph([("a", "b")])
    >>> C.add_node("c")
    >>> [(p.a, p.b, round(p.score, 3)) for p in score_pairs(B, C, nx.Graph(), {})]
    [('a', 'c', 0.333), ('b', 'c', 0.333)]
    """
    found = exact_pairs(B, C, links, need, indicators)
    places, degree = places_of(B, indicators)
    return list(details(found, found.ranked(), places, degree, links, need))


def pair_score(
    a: str,
    b: str,
    actor_topics: Mapping[str, Mapping[str, float]],
    degree: Mapping[str, int],
    links: nx.Graph[str],
    need: Mapping[str, float],
    discount: float = INTERDEPENDENT_DISCOUNT,
) -> PairScore | None:
    """The open-motif score of one pair (see the module docstring); None if they share
    neither a topic nor a topic link."""
    ta, tb = actor_topics[a], actor_topics[b]
    contributions: dict[str, float] = {}
    rarity = 0.0
    shared = sorted(set(ta) & set(tb))
    for t in shared:
        rarity += 1.0 / degree[t]
        contributions[t] = need.get(t, 1.0) * math.sqrt(ta[t] * tb[t]) / degree[t]
    linked = []
    adjacency = links._adj
    for t1 in sorted(ta):
        if t1 in tb or t1 not in adjacency:
            continue
        near = adjacency[t1]
        for t2 in sorted(tb):
            if t2 in ta or t2 not in near:
                continue
            mean_need = (need.get(t1, 1.0) + need.get(t2, 1.0)) / 2
            part = (
                discount * mean_need * math.sqrt(ta[t1] * tb[t2]) * 2.0 / (degree[t1] + degree[t2])
            )
            linked.append((t1, t2))
            contributions[t1] = contributions.get(t1, 0.0) + part / 2
            contributions[t2] = contributions.get(t2, 0.0) + part / 2
    if not contributions:
        return None
    primary = max(sorted(contributions), key=lambda t: contributions[t])
    return PairScore(
        a, b, sum(contributions.values()), tuple(shared), tuple(linked), rarity, primary
    )


def open_groups(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    focus: list[tuple[str, ...]],
    need: Mapping[str, float],
    *,
    per_topic: int = PER_TOPIC,
    max_size: int = 6,
    discount: float = INTERDEPENDENT_DISCOUNT,
) -> list[tuple[tuple[str, ...], list[str], float]]:
    """For each focus (one topic, or two interdependent topics), the largest group (greedy,
    most involved first, alternating between the two topics) of actors of whom no two are
    tied: ``(topics, members, score)`` for groups of three or more that reach every topic of
    the focus; the score sums the members' pair scores over (members - 1), so a group weighs
    like the open ties of one member, not like all its pairs at once.

    Examples
    --------
    >>> import networkx as nx
    >>> B = nx.Graph()
    >>> B.add_nodes_from(["a", "b", "c"], bipartite=0)
    >>> B.add_node("t", bipartite=1)
    >>> B.add_edges_from([("a", "t"), ("b", "t"), ("c", "t")], weight=1.0)
    >>> C = nx.empty_graph(["a", "b", "c"])
    >>> open_groups(B, C, nx.Graph(), [("t",)], {})
    [(('t',), ['a', 'b', 'c'], 0.5)]
    """
    actor_topics, ranked = split(B)
    degree = {t: len(actors) for t, actors in ranked.items()}
    out = []
    for topics in focus:
        lists = [ranked.get(t, [])[:per_topic] for t in topics]
        order: list[str] = []
        for i in range(max((len(x) for x in lists), default=0)):
            order.extend(x[i] for x in lists if i < len(x) and x[i] not in order)
        members: list[str] = []
        for a in order:
            if len(members) >= max_size:
                break
            if all(not C.has_edge(a, b) for b in members):
                members.append(a)
        reached = [t for t in topics if any(t in actor_topics[a] for a in members)]
        if len(members) < 3 or len(reached) < len(topics):
            continue
        score = 0.0
        for a, b in combinations(members, 2):
            pair = pair_score(a, b, actor_topics, degree, links, need, discount)
            score += pair.score if pair is not None else 0.0
        out.append((topics, members, score / (len(members) - 1)))
    return out
