"""Contract suggestions: small multipartite teams that would close a gap-ridden objective.

For each objective (a topic in need, with the topics that depend on it), a team of 3-6
actors is chosen greedily [1]_ [2]_ to maximise a sum of named terms minus a per-member cost
(so the size comes from the data):

- ``coverage``: 3 x need x (f(topic) + 0.25 f(linked topic) for each linked topic), where
  f = sqrt(the members' share of all actors' weight on that topic): a team that gathers
  everyone working on a needy objective covers it, six actors out of 130 do not (a concave
  function of a sum: submodular);
- ``sector_diversity``: one point per distinct sector;
- ``bridging``: 0.75 per distinct silo beyond the first, 0.5 per actor with no tie at all;
- ``existing_trust``: 0.5 when one member already knows two others who do not know each
  other (a convenor), minus 0.3 per other pair already tied (the point is new cooperation);
- ``citizen_voice``: 1.5 when a citizen group that raised the topic takes part, 0.75 for
  another citizen group on it;
- ``future_generations``: 0.5 when a future concern is attached to the objective, plus 0.25
  per member (at most 2) with a live long-horizon commitment.

The score is the sum of the terms. A team must span at least three sectors, include a public
actor and citizens, and must not already be bound by one contract; each member's cost rises
with the number of earlier suggestions it appears in, so the town hall is not in all of them.
Coverage and diversity terms are monotone submodular, so the greedy choice is within
(1 - 1/e) of the best for them [3]_.

References
----------
.. [1] Lappas, T., Liu, K. and Terzi, E. (2009). Finding a team of experts in social
   networks. KDD '09, 467-476.
.. [2] Berardo, R. and Scholz, J. T. (2010). Self-organizing policy networks: risk,
   partner selection, and cooperation in estuaries. AJPS 54(3), 632-649.
.. [3] Nemhauser, G. L., Wolsey, L. A. and Fisher, M. L. (1978). An analysis of
   approximations for maximizing submodular set functions. Mathematical Programming 14.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import networkx as nx
from pactmap.graph.model import Sector

from .weights import DEFAULT, Weights

PUBLIC = frozenset({str(Sector.PUBLIC_AUTHORITY), str(Sector.PUBLIC_SERVICE)})
CITIZEN = str(Sector.CITIZEN_GROUP)
MIN_SIZE, MAX_SIZE = 3, 6
MEMBER_COST, SPREAD_COST = DEFAULT.member_cost, DEFAULT.spread_cost
POOL_MAIN, POOL_LINKED = 24, 6


@dataclass(frozen=True)
class Objective:
    """What a suggestion is for: a topic, its linked topics, its worst indicator, concerns."""

    topic: str
    linked: tuple[str, ...]
    indicator: str | None
    concerns: tuple[str, ...]
    priority: float
    reasons: tuple[str, ...]
    need: float = 1.0


@dataclass(frozen=True)
class Context:
    """Everything team selection reads, built once per analysis."""

    C: nx.Graph[str]
    topic_actors: Mapping[str, Sequence[str]]  # most involved first
    actor_topics: Mapping[str, Mapping[str, float]]
    topic_weight: Mapping[str, float]  # all actors' weight on each topic
    sector: Mapping[str, str]
    silo: Mapping[str, str]
    raised: Mapping[str, set[str]]  # actor -> topics its criteria raised
    contracts_of: Mapping[str, set[str]]  # actor -> contracts it is party to
    long_horizon: set[str]  # actors with a live long-horizon commitment
    publics: Sequence[str]  # public actors, most connected first
    weights: Weights = DEFAULT  # the terms' weights (the module docstring states the defaults)


def suggestion_id(topic: str, members: Sequence[str]) -> str:
    """A stable id: the same objective and members always give the same id.

    Examples
    --------
    >>> suggestion_id("t1", ["b", "a"]) == suggestion_id("t1", ["a", "b"])
    True
    """
    digest = hashlib.sha256(f"{topic}|{','.join(sorted(members))}".encode()).hexdigest()
    return f"sug-{digest[:16]}"


def terms(team: Sequence[str], objective: Objective, ctx: Context) -> dict[str, float]:
    """The named terms of a team for an objective (see the module docstring)."""
    main = objective.topic
    w = ctx.weights
    # read each member's topics and ties once: team search calls this ~20,000 times
    placed = [ctx.actor_topics.get(a, _NONE) for a in team]
    adjacency = ctx.C._adj

    def share(topic: str) -> float:
        total = ctx.topic_weight.get(topic, 0.0)
        if total <= 0:
            return 0.0
        held = sum(weights.get(topic, 0.0) for weights in placed)
        return math.sqrt(min(1.0, held / total))

    coverage = (
        w.coverage * objective.need * (share(main) + 0.25 * sum(share(t) for t in objective.linked))
    )
    diversity = w.sector_diversity * len({ctx.sector[a] for a in team})
    silos = {ctx.silo[a] for a in team if a in ctx.silo}
    loners = sum(1 for a in team if a not in ctx.silo)
    bridging = w.bridging_silo * max(0, len(silos) - 1) + w.bridging_loner * loners
    tied = [(a, b) for a, b in combinations(team, 2) if b in adjacency.get(a, _NONE)]
    convenor = _convenor(team, ctx)
    trust = 0.0
    if convenor is not None:
        trust += w.convenor
        tied = [(a, b) for a, b in tied if convenor not in (a, b)]
    trust -= w.tied_pair * len(tied)
    topics = {main, *objective.linked}
    voice = 0.0
    for a, weights in zip(team, placed, strict=True):
        if ctx.sector[a] != CITIZEN:
            continue
        if ctx.raised.get(a, set()) & topics:
            voice = max(voice, w.citizen_raised)
        elif weights.keys() & topics:
            voice = max(voice, w.citizen_on_topic)
    future = w.future_concern if objective.concerns else 0.0
    future += w.long_horizon * min(2, sum(1 for a in team if a in ctx.long_horizon))
    return {
        "coverage": coverage,
        "sector_diversity": diversity,
        "bridging": bridging,
        "existing_trust": trust,
        "citizen_voice": voice,
        "future_generations": future,
    }


_NONE: Mapping[str, Any] = {}


def _convenor(team: Sequence[str], ctx: Context) -> str | None:
    """A member tied to two members who are not tied to each other, most ties first."""
    adjacency = ctx.C._adj
    best, best_ties = None, 1
    for v in sorted(team):
        near = adjacency.get(v, _NONE)
        known = [a for a in team if a != v and a in near]
        if len(known) > best_ties and any(
            b not in adjacency.get(a, _NONE) for a, b in combinations(known, 2)
        ):
            best, best_ties = v, len(known)
    return best


def _pool(objective: Objective, ctx: Context) -> list[str]:
    pool: dict[str, None] = {}
    for a in ctx.topic_actors.get(objective.topic, ())[:POOL_MAIN]:
        pool[a] = None
    for t in objective.linked:
        for a in ctx.topic_actors.get(t, ())[:POOL_LINKED]:
            pool[a] = None
    topics = {objective.topic, *objective.linked}
    for a, raised in sorted(ctx.raised.items()):
        if ctx.sector.get(a) == CITIZEN and raised & topics:
            pool[a] = None
    if not any(ctx.sector[a] in PUBLIC for a in pool):
        for a in ctx.publics[:3]:
            pool[a] = None
    return sorted(pool)


def _bound(team: Sequence[str], ctx: Context) -> bool:
    """Whether one existing contract already binds every member."""
    common = set(ctx.contracts_of.get(team[0], set()))
    for a in team[1:]:
        common &= ctx.contracts_of.get(a, set())
        if not common:
            return False
    return bool(common)


def _value(team: Sequence[str], objective: Objective, ctx: Context) -> float:
    return sum(terms(team, objective, ctx).values())


def choose_team(
    objective: Objective,
    ctx: Context,
    uses: Mapping[str, int],
    pool: Sequence[str] | None = None,
) -> list[str] | None:
    """Greedy team for one objective (from ``pool``, by default :func:`_pool`), or None when
    the constraints cannot be met."""
    pool = _pool(objective, ctx) if pool is None else pool
    team: list[str] = []

    def cost(a: str) -> float:
        return ctx.weights.member_cost + ctx.weights.spread_cost * uses.get(a, 0)

    def best(candidates: Sequence[str]) -> str | None:
        base = _value(team, objective, ctx) if team else 0.0
        scored = [
            (_value([*team, a], objective, ctx) - base - cost(a), a)
            for a in candidates
            if a not in team
        ]
        if not scored:
            return None
        # pool is sorted: on equal gain, max keeps the first, the smallest id
        return max(scored, key=lambda s: s[0])[1]

    while len(team) < MAX_SIZE:
        pick = best(pool)
        if pick is None:
            break
        base = _value(team, objective, ctx) if team else 0.0
        gain = _value([*team, pick], objective, ctx) - base - cost(pick)
        if len(team) >= MIN_SIZE and gain <= 0:
            break
        team.append(pick)
    for required in (PUBLIC, frozenset({CITIZEN})):
        if not any(ctx.sector[a] in required for a in team):
            pick = best([a for a in pool if ctx.sector[a] in required])
            if pick is None:
                return None
            if len(team) >= MAX_SIZE:
                team.remove(_weakest(team, objective, ctx))
            team.append(pick)
    while len({ctx.sector[a] for a in team}) < 3:
        present = {ctx.sector[a] for a in team}
        pick = best([a for a in pool if ctx.sector[a] not in present])
        if pick is None or len(team) >= MAX_SIZE:
            return None
        team.append(pick)
    if len(team) < MIN_SIZE or _bound(team, ctx):
        return None
    return sorted(team)


def _weakest(team: list[str], objective: Objective, ctx: Context) -> str:
    """The member whose removal costs least, never the only public actor or citizen group."""
    total = _value(team, objective, ctx)

    def removable(a: str) -> bool:
        role = ctx.sector[a]
        if role in PUBLIC:
            return sum(1 for b in team if ctx.sector[b] in PUBLIC) > 1
        if role == CITIZEN:
            return sum(1 for b in team if ctx.sector[b] == CITIZEN) > 1
        return True

    options = [a for a in team if removable(a)] or list(team)
    return min(
        options, key=lambda a: (total - _value([b for b in team if b != a], objective, ctx), a)
    )


def objectives(
    needs: Mapping[str, tuple[float, tuple[str, ...], str | None]],
    mass: Mapping[str, float],
    links: nx.Graph[str],
    concerns_of: Mapping[str, Sequence[str]],
    topic_actors: Mapping[str, Sequence[str]],
    *,
    limit: int,
) -> list[Objective]:
    """The ``limit`` topics most in need of a contract, highest priority first.

    ``needs`` maps a topic to (need, reasons, worst indicator); priority = need x (1 + the
    topic's gap mass / the largest gap mass). Topics with fewer than two actors are left out.
    """
    top_mass = max(mass.values(), default=0.0) or 1.0
    ranked = []
    for topic, (need, reasons, indicator) in needs.items():
        if len(topic_actors.get(topic, ())) < 2:
            continue
        priority = need * (1.0 + mass.get(topic, 0.0) / top_mass)
        ranked.append((priority, topic, reasons, indicator, need))
    ranked.sort(key=lambda r: (-r[0], r[1]))
    out = []
    for priority, topic, reasons, indicator, need in ranked[:limit]:
        linked = (
            sorted(links[topic], key=lambda t: (-links[topic][t].get("weight", 1), t))[:3]
            if topic in links
            else []
        )
        out.append(
            Objective(
                topic=topic,
                linked=tuple(linked),
                indicator=indicator,
                concerns=tuple(concerns_of.get(topic, ())),
                priority=priority,
                need=need,
                reasons=reasons,
            )
        )
    return out
