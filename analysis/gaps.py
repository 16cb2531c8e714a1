"""Coordination gaps: actors on the same or interdependent topics who never worked together.

Social-ecological network research calls this the *open motif* [1]_ [2]_: two actors acting
on one resource (a 3-motif: actor - topic - actor, no actor - actor tie), or on two
interdependent resources (a 4-motif: actor - topic = topic - actor), without collaborating.
Here "no tie" means no explicit tie, no joint commitment and no shared contract: no edge of
the collaboration graph.

Beside pairs, a *group* gap names the largest set of a topic's actors of whom no two are
tied (at most half the list; a pair already inside a group on its topic is not repeated);
a fifth of the list is kept for the best 4-motif pairs.

Score of a pair (a, b)::

    sum over shared topics t            need(t) * sqrt(w_a,t * w_b,t) / deg(t)
  + 1/2 sum over linked pairs t1 ~ t2   mean need * sqrt(w_a,t1 * w_b,t2) * 2 / (deg t1 + deg t2)

where w is the actor-topic weight and deg(t) the number of actors on t: sharing a rare topic
says more than sharing a popular one (the resource-allocation index [3]_), and need(t)
grows with bad and worsening indicators (:func:`pactmap.analysis.coverage.topic_needs`).

Scale: materialising every open pair is quadratic (3,000 actors on 60 topics already give
1.1 M pairs). Candidates come per topic from its ``per_topic`` most involved actors (and
``per_link`` per side of a topic link); only those pairs are scored; no actor x actor matrix
is ever built.

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
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from .records import Gap, Ref

PER_TOPIC = 20
PER_LINK = 8
INTERDEPENDENT_DISCOUNT = 0.5
NO_CONTRACT = "no shared contract"


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
    for u, v, w in B.edges(data="weight", default=1.0):
        actor, topic = (u, v) if B.nodes[u].get("bipartite") == 0 else (v, u)
        actor_topics[actor][topic] = float(w)
        topic_actors[topic].append((-float(w), actor))
    ranked = {t: [a for _, a in sorted(pairs)] for t, pairs in topic_actors.items()}
    B.graph["_split"] = (actor_topics, ranked)
    return actor_topics, ranked


def score_pairs(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    need: Mapping[str, float],
    *,
    per_topic: int = PER_TOPIC,
    per_link: int = PER_LINK,
) -> list[PairScore]:
    """Every candidate open pair with its score, best first.

    Parameters
    ----------
    B : the bipartite actor-topic graph (``bipartite`` 0 for actors, ``weight`` on edges).
    C : the collaboration graph (an edge = a tie, a joint commitment or a shared contract).
    links : the topic interdependence graph.
    need : topic -> need (1 when missing).
    per_topic, per_link : how many of each topic's most involved actors are candidates.

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
    actor_topics, ranked = split(B)
    degree = {t: len(actors) for t, actors in ranked.items()}
    candidates: set[tuple[str, str]] = set()
    for topic in sorted(ranked):
        top = sorted(ranked[topic][:per_topic])
        for a, b in combinations(top, 2):
            if not C.has_edge(a, b):
                candidates.add((a, b))
    for t1, t2 in sorted(links.edges()):
        left, right = ranked.get(t1, [])[:per_link], ranked.get(t2, [])[:per_link]
        for a in left:
            for b in right:
                if a != b and not C.has_edge(a, b):
                    candidates.add((a, b) if a < b else (b, a))
    out = [
        p
        for a, b in sorted(candidates)
        if (p := pair_score(a, b, actor_topics, degree, links, need)) is not None
    ]
    out.sort(key=lambda p: (-p.score, p.a, p.b))
    return out


def pair_score(
    a: str,
    b: str,
    actor_topics: Mapping[str, Mapping[str, float]],
    degree: Mapping[str, int],
    links: nx.Graph[str],
    need: Mapping[str, float],
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
                INTERDEPENDENT_DISCOUNT
                * mean_need
                * math.sqrt(ta[t1] * tb[t2])
                * 2.0
                / (degree[t1] + degree[t2])
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


def gap_mass(pairs: list[PairScore]) -> dict[str, float]:
    """Sum of candidate gap scores by primary topic: how gap-ridden each topic is."""
    mass: dict[str, float] = defaultdict(float)
    for p in pairs:
        mass[p.primary] += p.score
    return dict(mass)


def _label(sector: str | None) -> str:
    return (sector or "other").replace("_", " ")


def explain(
    pair: PairScore,
    names: Mapping[str, Ref],
    degree: Mapping[str, int],
    reasons: Mapping[str, tuple[str, ...]],
) -> str:
    """One sentence a facilitator can read aloud about a gap."""
    a, b = names[pair.a], names[pair.b]
    who = f"{a.name} ({_label(a.sector)}) and {b.name} ({_label(b.sector)})"
    if not pair.shared:
        t1, t2 = pair.linked[0]
        who = f"{a.name} ({_label(a.sector)}) works on {names[t1].name} and {b.name}"
        what = f" ({_label(b.sector)}) on {names[t2].name}, two topics that depend on each other"
        linked_why = reasons.get(pair.primary, ())
        context = f" ({'; '.join(linked_why[:2])})" if linked_why else ""
        return f"{who}{what}{context}, but they have no tie, no joint commitment and {NO_CONTRACT}."
    topics = " and ".join(names[t].name for t in pair.shared[:3])
    few = min(degree.get(t, 0) for t in pair.shared)
    what = f"both work on {topics}"
    if few <= 10 and len(pair.shared) == 1:
        what += f", a topic only {few} actors work on"
    why: list[str] = list(reasons.get(pair.primary, ()))[:2]
    if few <= 10 and len(pair.shared) > 1:
        why.insert(0, f"the rarest of these topics has only {few} actors")
    context = f" ({'; '.join(why)})" if why else ""
    return f"{who} {what}{context}, but they have no tie, no joint commitment and {NO_CONTRACT}."


def open_groups(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    focus: list[tuple[str, ...]],
    need: Mapping[str, float],
    *,
    per_topic: int = PER_TOPIC,
    max_size: int = 6,
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
            pair = pair_score(a, b, actor_topics, degree, links, need)
            score += pair.score if pair is not None else 0.0
        out.append((topics, members, score / (len(members) - 1)))
    return out


def _explain_group(
    topics: tuple[str, ...], members: list[str], names: Mapping[str, Ref], reasons: tuple[str, ...]
) -> str:
    listed = [f"{names[a].name} ({_label(names[a].sector)})" for a in members]
    who = ", ".join(listed[:-1]) + f" and {listed[-1]}"
    context = f" ({'; '.join(reasons[:2])})" if reasons else ""
    if len(topics) == 1:
        on = f"all work on {names[topics[0]].name}"
    else:
        on = (
            f"work on {names[topics[0]].name} or {names[topics[1]].name}, two topics that "
            "depend on each other,"
        )
    return (
        f"{who} {on}{context}, yet none of them has a tie, a joint commitment or a shared "
        "contract with another."
    )


def gaps(
    B: nx.Graph[str],
    C: nx.Graph[str],
    links: nx.Graph[str],
    need: Mapping[str, float],
    names: Mapping[str, Ref],
    reasons: Mapping[str, tuple[str, ...]] | None = None,
    *,
    limit: int = 50,
    per_topic_limit: int = 10,
    per_topic: int = PER_TOPIC,
    per_link: int = PER_LINK,
) -> tuple[list[Gap], list[PairScore]]:
    """The best ``limit`` gaps (at most ``per_topic_limit`` per primary topic), explained,
    and every scored candidate pair (for the suggestions)."""
    pairs = score_pairs(B, C, links, need, per_topic=per_topic, per_link=per_link)
    degree = {t: B.degree(t) for t in B if B.nodes[t].get("bipartite") == 1}
    taken: dict[str, int] = defaultdict(int)
    found: list[Gap] = []
    primaries = sorted({p.primary for p in pairs[: limit * 4]})
    focus: list[tuple[str, ...]] = [(t,) for t in primaries]
    focus += sorted({tuple(sorted(p.linked[0])) for p in pairs[: limit * 8] if not p.shared})[
        :limit
    ]
    group_gaps = [
        Gap(
            kind="group",
            actors=tuple(names[a] for a in members),
            topics=tuple(names[t] for t in topics),
            score=score,
            explanation=_explain_group(topics, members, names, (reasons or {}).get(topics[0], ())),
            terms=(
                ("shared_rarity", sum(1.0 / degree[t] for t in topics)),
                ("need", max(need.get(t, 1.0) for t in topics)),
                ("members", float(len(members))),
            ),
        )
        for topics, members, score in open_groups(B, C, links, focus, need, per_topic=per_topic)
    ]
    group_gaps.sort(key=lambda g: (-g.score, g.topics[0].id))
    quota = max(1, limit // 5)
    unique: dict[frozenset[str], Gap] = {}
    for g in group_gaps:
        unique.setdefault(frozenset(a.id for a in g.actors), g)
    group_gaps = list(unique.values())
    single = [g for g in group_gaps if len(g.topics) == 1][: max(1, limit // 2)]
    across = [g for g in group_gaps if len(g.topics) > 1][: max(1, quota // 2)]
    covered: dict[str, list[frozenset[str]]] = defaultdict(list)  # topic -> group members
    for g in single + across:
        taken[g.topics[0].id] += 1
        found.append(g)
        for t in g.topics:
            covered[t.id].append(frozenset(a.id for a in g.actors))
    # 4-motifs score lower than shared topics by construction; a reserved share keeps the
    # gaps between interdependent topics (Guerrero et al.'s finding) in view.
    interdependent = [p for p in pairs if not p.shared]
    ordered = interdependent[:quota] + [
        p for p in pairs if p.shared or p not in interdependent[:quota]
    ]
    chosen: set[tuple[str, str]] = set()
    for p in ordered:
        if len(found) >= limit:
            break
        if taken[p.primary] >= per_topic_limit or (p.a, p.b) in chosen:
            continue
        if any(p.a in m and p.b in m for m in covered.get(p.primary, ())):
            continue  # already said by a group gap on this topic
        taken[p.primary] += 1
        chosen.add((p.a, p.b))
        topics = list(p.shared) + sorted({t for link in p.linked for t in link} - set(p.shared))
        found.append(
            Gap(
                kind="shared_topic" if p.shared else "interdependent_topics",
                actors=(names[p.a], names[p.b]),
                topics=tuple(names[t] for t in topics),
                score=p.score,
                explanation=explain(p, names, degree, reasons or {}),
                terms=(
                    ("shared_rarity", p.rarity),
                    ("need", need.get(p.primary, 1.0)),
                    ("interdependent_links", float(len(p.linked))),
                ),
            )
        )
    found.sort(key=lambda g: (-g.score, g.kind, [a.id for a in g.actors]))
    return found, pairs
