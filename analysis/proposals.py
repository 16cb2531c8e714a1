"""Suggestions as a facilitator reads them: greedy teams (:mod:`.suggestions`) improved by a
swap local search, kept diverse, each explained by sentences generated from the numbers
they state.

Local search: while swapping one member for one pool actor, adding one or dropping one
raises the team's net value (the sum of its terms minus each member's cost) and keeps every
constraint, the best such move is made. Diversity: two suggestions share at most half the
members of the smaller team; a team that shares more is searched again with the shared
actors left out of the pool (all but the allowed half).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterator, Mapping, Sequence
from itertools import combinations

from pactmap.graph.sentence import N_, Listed, Sentence, ngettext

from .records import Ref, Suggestion
from .suggestions import (
    CITIZEN,
    MAX_SIZE,
    MIN_SIZE,
    PUBLIC,
    Context,
    Objective,
    _bound,
    _convenor,
    _pool,
    choose_team,
    suggestion_id,
    terms,
)


def net_value(
    team: Sequence[str], objective: Objective, ctx: Context, uses: Mapping[str, int]
) -> float:
    """What team selection maximises: the terms minus each member's cost."""
    w = ctx.weights
    cost = sum(w.member_cost + w.spread_cost * uses.get(a, 0) for a in team)
    return sum(terms(team, objective, ctx).values()) - cost


def feasible(team: Sequence[str], ctx: Context) -> bool:
    """3-6 members of at least three sectors, a public actor and a citizen group among them,
    not all bound by one existing contract."""
    sectors = {ctx.sector[a] for a in team}
    return (
        MIN_SIZE <= len(team) <= MAX_SIZE
        and len(sectors) >= 3
        and bool(sectors & PUBLIC)
        and CITIZEN in sectors
        and not _bound(team, ctx)
    )


def improve(
    team: list[str],
    pool: Sequence[str],
    objective: Objective,
    ctx: Context,
    uses: Mapping[str, int],
) -> list[str]:
    """Best-improvement moves (swap one member, add one, drop one) until none raises the net
    value and keeps the constraints (ties: the first move found)."""
    current = sorted(team)
    value = net_value(current, objective, ctx, uses)
    while True:
        best, best_value = None, value + 1e-12
        for trial in _moves(current, pool):
            if not feasible(trial, ctx):
                continue
            v = net_value(trial, objective, ctx, uses)
            if v > best_value:
                best, best_value = trial, v
        if best is None:
            return current
        current, value = best, best_value


def _moves(team: list[str], pool: Sequence[str]) -> Iterator[list[str]]:
    """Every team one swap, one addition or one removal away."""
    outside = [a for a in pool if a not in team]
    for out in team:
        rest = [a for a in team if a != out]
        yield rest
        for into in outside:
            yield sorted([*rest, into])
    for into in outside:
        yield sorted([*team, into])


def brute_force(
    pool: Sequence[str], objective: Objective, ctx: Context, uses: Mapping[str, int]
) -> tuple[list[str], float]:
    """The feasible team of highest net value over every subset of 3-6 of ``pool`` (small
    pools only: C(18, 6) = 18,564)."""
    best: list[str] = []
    best_value = float("-inf")
    for size in range(MIN_SIZE, MAX_SIZE + 1):
        for team in combinations(sorted(pool), size):
            if feasible(team, ctx):
                v = net_value(team, objective, ctx, uses)
                if v > best_value:
                    best, best_value = list(team), v
    return best, best_value


def search(
    objective: Objective, ctx: Context, uses: Mapping[str, int], banned: Collection[str] = ()
) -> list[str] | None:
    """Greedy team then swap local search, without the ``banned`` actors."""
    pool = [a for a in _pool(objective, ctx) if a not in banned]
    team = choose_team(objective, ctx, uses, pool)
    if team is None:
        return None
    return improve(team, pool, objective, ctx, uses)


def _too_close(team: Sequence[str], chosen: Sequence[Sequence[str]]) -> set[str]:
    """The members ``team`` shares beyond half with the closest chosen team (empty: fine)."""
    for other in chosen:
        shared = set(team) & set(other)
        allowed = min(len(team), len(other)) // 2
        if len(shared) > allowed:
            return set(sorted(shared)[allowed:])
    return set()


def explain(
    team: Sequence[str], objective: Objective, ctx: Context, names: Mapping[str, Ref]
) -> Sentence:
    """The sentences a facilitator reads aloud, each from the number it states."""
    topics = (objective.topic, *objective.linked)
    on = [a for a in team if ctx.actor_topics.get(a, {}).keys() & set(topics)]
    linked = [
        names[t].name
        for t in objective.linked
        if any(t in ctx.actor_topics.get(a, {}) for a in team)
    ]
    subject: Sentence | str = names[objective.topic].name
    if linked:
        subject = ngettext(
            "%(topic)s or the linked topic %(linked)s",
            "%(topic)s or the linked topics %(linked)s",
            len(linked),
            topic=subject,
            linked=Listed(tuple(linked)),
        )
    who = {
        "people": Listed(tuple(names[a].name for a in team)),
        "size": len(team),
        "sectors": len({ctx.sector[a] for a in team}),
        "subject": subject,
    }
    if len(on) == len(team):
        clauses: list[str] = [
            Sentence(
                N_(
                    "%(people)s — %(size)s actors from %(sectors)s sectors — all work on "
                    "%(subject)s"
                ),
                **who,
            )
        ]
    else:
        clauses = [
            Sentence(
                N_(
                    "%(people)s — %(size)s actors from %(sectors)s sectors — %(on)s of them work "
                    "on %(subject)s"
                ),
                on=len(on),
                **who,
            )
        ]
    silos = {ctx.silo[a] for a in team if a in ctx.silo}
    groups = ngettext(
        "they come from %(count)s collaboration group",
        "they come from %(count)s collaboration groups",
        len(silos),
    )
    loners = sum(1 for a in team if a not in ctx.silo)
    if loners:
        alone = ngettext(
            "%(count)s of them has no tie at all", "%(count)s of them have no tie at all", loners
        )
        groups = Sentence(N_("%(groups)s and %(alone)s"), groups=groups, alone=alone)
    clauses.append(groups)
    pairs = list(combinations(team, 2))
    open_pairs = sum(1 for a, b in pairs if not ctx.C.has_edge(a, b))
    clauses.append(
        Sentence(
            N_("%(open)s of %(total)s pairs have never worked together"),
            open=open_pairs,
            total=len(pairs),
        )
    )
    clauses.extend(objective.reasons[:2])
    voices = [a for a in team if ctx.sector[a] == CITIZEN]
    if voices:
        clauses.append(
            Sentence(N_("%(name)s would join as partner-author"), name=names[voices[0]].name)
        )
    return Sentence(N_("%(clauses)s."), clauses=Listed(tuple(clauses), "clauses"))


def goal(objective: Objective, names: Mapping[str, Ref]) -> Sentence:
    """What the contract would be for: the topic, or the indicator to improve, and a concern."""
    values: dict[str, str] = {"topic": names[objective.topic].name}
    if objective.concerns:
        values["concern"] = names[objective.concerns[0]].name
    if objective.indicator is not None:
        values["indicator"] = names[objective.indicator].name
        if objective.concerns:
            return Sentence(
                N_("Improve '%(indicator)s' (%(topic)s), with %(concern)s in view"), **values
            )
        return Sentence(N_("Improve '%(indicator)s' (%(topic)s)"), **values)
    if objective.concerns:
        return Sentence(N_("Act together on %(topic)s, with %(concern)s in view"), **values)
    return Sentence(N_("Act together on %(topic)s"), **values)


def suggest(
    objectives: Sequence[Objective],
    ctx: Context,
    names: Mapping[str, Ref],
    *,
    limit: int = 10,
) -> list[Suggestion]:
    """Suggestions for the objectives (highest priority first), best score first."""
    uses: dict[str, int] = defaultdict(int)
    chosen: list[list[str]] = []
    out: list[Suggestion] = []
    for objective in objectives:
        if len(out) >= limit * 2:
            break
        banned: set[str] = set()
        team = search(objective, ctx, uses)
        while team is not None and (extra := _too_close(team, chosen)):
            banned |= extra
            team = search(objective, ctx, uses, banned)
        if team is None:
            continue
        chosen.append(team)
        for a in team:
            uses[a] += 1
        out.append(_suggestion(team, objective, ctx, names))
    out.sort(key=lambda s: (-s.score, s.id))
    return out[:limit]


def _suggestion(
    team: list[str], objective: Objective, ctx: Context, names: Mapping[str, Ref]
) -> Suggestion:
    named = terms(team, objective, ctx)
    return Suggestion(
        id=suggestion_id(objective.topic, team),
        actors=tuple(names[a] for a in team),
        objective=goal(objective, names),
        score=sum(named.values()),
        terms=tuple(named.items()),
        explanation=explain(team, objective, ctx, names),
        topics=tuple(names[t] for t in (objective.topic, *objective.linked)),
        indicators=(names[objective.indicator],) if objective.indicator else (),
        concerns=tuple(names[c] for c in objective.concerns),
        citizens=tuple(a for a in team if ctx.sector[a] == CITIZEN),
        public=tuple(a for a in team if ctx.sector[a] in PUBLIC),
        convenor=_convenor(team, ctx),
    )
