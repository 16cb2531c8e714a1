"""The plan of a generated territory: every random draw, as integers and small tuples.

:mod:`pactmap.seeds.generator` turns a :class:`Plan` into validated nodes and relationships
on demand. Drawing is deterministic: ``draw_plan(actors, seed)`` seeds its own generator from
both arguments. Actors are numbered 0..n-1, topics 0..T-1 (the regular ones first, then one
per planted gap, then one per planted coalition), and indicator ``j`` measures topic ``j``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from itertools import combinations

from pactmap.graph.model import Sector
from pactmap.graph.taxonomy import dimensions

from .generator_words import EVIDENCE, topic_name

MIN_ACTORS = 30
SECTOR_SHARES: tuple[tuple[Sector, float], ...] = (
    (Sector.PUBLIC_AUTHORITY, 0.03),
    (Sector.PUBLIC_SERVICE, 0.10),
    (Sector.PRIVATE_COMPANY, 0.20),
    (Sector.SOCIAL_ECONOMY, 0.10),
    (Sector.ASSOCIATION, 0.35),
    (Sector.CITIZEN_GROUP, 0.15),
    (Sector.OTHER, 0.07),
)
SECTORS: tuple[Sector, ...] = tuple(s for s, _ in SECTOR_SHARES)
# indexes into SECTORS
AUTHORITY, SERVICE, COMPANY, SOCIAL_ECONOMY, ASSOCIATION, CITIZENS, OTHER = range(7)
FUNDED = (SOCIAL_ECONOMY, ASSOCIATION, CITIZENS)
"""Who public authorities fund."""
COMMUNITY_SIZE = 50
YEARS = (2021, 2022, 2023, 2024)


@dataclass
class Plan:
    """Everything drawn, as integers and small tuples; nodes are built from it on demand."""

    prefix: str
    n: int
    sector: list[int] = field(default_factory=list)
    community: list[int] = field(default_factory=list)
    members: list[list[int]] = field(default_factory=list)
    topics: list[tuple[str, str, str]] = field(default_factory=list)  # name, dimension, code
    regular: int = 0
    works: list[tuple[int, int, int]] = field(default_factory=list)  # actor, topic, intensity
    ties: list[tuple[int, int, int, int, int]] = field(default_factory=list)  # a,b,year,str,ev
    funds: list[tuple[int, int, int]] = field(default_factory=list)  # funder, funded, amount
    member_of: list[tuple[int, int]] = field(default_factory=list)
    represents: list[tuple[int, int]] = field(default_factory=list)
    measures: list[tuple[int, int]] = field(default_factory=list)  # indicator, topic
    indicator_dir: list[bool] = field(default_factory=list)  # True: higher is better
    badness: list[tuple[float, ...]] = field(default_factory=list)  # per indicator, per year
    # commitment: makers, topic, with indicator, status, horizon, non-renewable, contract
    commitments: list[tuple[tuple[int, ...], int, bool, int, int, bool, int]] = field(
        default_factory=list
    )
    # contract: parties ((actor, role)), topic, status, signed year, month, duration
    contracts: list[tuple[tuple[tuple[int, int], ...], int, int, int, int, int]] = field(
        default_factory=list
    )
    criteria: list[tuple[int, int, int, bool]] = field(default_factory=list)  # group, topic, q, inf
    concerns: list[tuple[tuple[int, ...], int]] = field(default_factory=list)  # topics, years
    gap_groups: list[tuple[tuple[int, ...], int]] = field(default_factory=list)  # actors, topic
    coalitions: list[tuple[tuple[int, ...], int, int]] = field(default_factory=list)  # +concern

    def actor_id(self, i: int) -> str:
        return f"{self.prefix}-act-{i:06d}"

    def topic_id(self, j: int) -> str:
        return f"{self.prefix}-top-{j:03d}"

    def indicator_id(self, j: int) -> str:
        return f"{self.prefix}-ind-{j:03d}"

    def concern_id(self, k: int) -> str:
        return f"{self.prefix}-fut-{k:03d}"


def _sector_counts(n: int) -> list[int]:
    raw = [n * share for _, share in SECTOR_SHARES]
    counts = [max(1, int(x)) for x in raw]
    order = sorted(range(len(raw)), key=lambda k: (-(raw[k] - int(raw[k])), k))
    k = 0
    while sum(counts) < n:
        counts[order[k % len(order)]] += 1
        k += 1
    while sum(counts) > n:  # only for tiny n, where every sector got its minimum of one
        largest = counts.index(max(counts))
        counts[largest] -= 1
    return counts


def _draw_actors(plan: Plan, rng: random.Random) -> None:
    n = plan.n
    sectors = [s for s, count in enumerate(_sector_counts(n)) for _ in range(count)]
    rng.shuffle(sectors)
    plan.sector = sectors
    k = max(4, round(n / COMMUNITY_SIZE))
    by_sector = sorted(range(n), key=lambda i: (sectors[i], rng.random()))
    community = [0] * n
    for rank, i in enumerate(by_sector):
        community[i] = rank * k // n
    for i in rng.sample(range(n), n // 10):  # a tenth of actors sit in another sector's silo
        community[i] = rng.randrange(k)
    plan.community = community
    plan.members = [[] for _ in range(k)]
    for i in range(n):
        plan.members[community[i]].append(i)


def _draw_topics(plan: Plan) -> tuple[int, int]:
    total = min(150, max(20, plan.n // 60))
    gaps = min(15, max(3, total // 10))
    coalitions = min(5, max(1, plan.n // 2500))
    plan.regular = total - gaps - coalitions
    dims = dimensions()
    for j in range(total):
        dim = dims[j % len(dims)]
        specific = [c for c in dim.components if not c.code.endswith("00")]
        comp = specific[(j // len(dims)) % len(specific)]
        plan.topics.append((topic_name(comp.name, j), dim.code, comp.code))
    return gaps, coalitions


def _distinct_silos(
    plan: Plan, rng: random.Random, pools: list[list[int]], used: set[int]
) -> tuple[int, ...]:
    """One actor from each pool, no two from the same silo, none already planted."""
    for _ in range(1000):
        chosen = tuple(rng.choice(pool) for pool in pools)
        silos = {plan.community[i] for i in chosen}
        if len(silos) == len(chosen) and not used.intersection(chosen):
            used.update(chosen)
            return chosen
    raise ValueError(f"{plan.n} actors are too few to plant structure (at least {MIN_ACTORS})")


def _plant(plan: Plan, rng: random.Random, gaps: int, coalitions: int) -> set[int]:
    """Choose the planted groups; returns the actor pairs that must stay unbound."""
    n = plan.n
    by_sector: list[list[int]] = [[] for _ in SECTORS]
    for i, s in enumerate(plan.sector):
        by_sector[s].append(i)
    used: set[int] = set()
    topic = plan.regular
    everyone = list(range(n))
    for g in range(gaps):
        group = _distinct_silos(plan, rng, [everyone] * (2 + g % 2), used)
        plan.gap_groups.append((group, topic))
        topic += 1
    public = by_sector[AUTHORITY] + by_sector[SERVICE]
    makers = by_sector[COMPANY] + by_sector[SOCIAL_ECONOMY]
    for c in range(coalitions):
        pools = [public, by_sector[CITIZENS], by_sector[ASSOCIATION], makers]
        if c % 2:
            pools.append(by_sector[OTHER])
        group = _distinct_silos(plan, rng, pools, used)
        plan.coalitions.append((group, topic, -1))
        topic += 1
    forbidden: set[int] = set()
    for group, t in plan.gap_groups + [(g, t) for g, t, _ in plan.coalitions]:
        for a, b in combinations(sorted(group), 2):
            forbidden.add(a * n + b)
        for a in group:
            plan.works.append((a, t, 5 if len(group) > 3 else 4))
    return forbidden


def _allowed(forbidden: set[int], n: int, a: int, b: int) -> bool:
    return a != b and (min(a, b) * n + max(a, b)) not in forbidden


def _draw_work_and_ties(plan: Plan, rng: random.Random, forbidden: set[int]) -> list[list[int]]:
    n, regular = plan.n, plan.regular
    focus = [rng.sample(range(regular), min(4, regular)) for _ in plan.members]
    works_of: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        own = focus[plan.community[i]]
        for _ in range(rng.choice((1, 2, 2, 3, 3, 4))):
            t = rng.choice(own) if rng.random() < 0.8 else rng.randrange(regular)
            if t not in works_of[i]:
                works_of[i].append(t)
                plan.works.append((i, t, rng.randint(1, 5)))
    seen: set[int] = set()

    def tie(a: int, b: int) -> None:
        key = min(a, b) * n + max(a, b)
        if a != b and key not in seen and key not in forbidden:
            seen.add(key)
            year, strength = rng.randint(2005, 2024), rng.randint(1, 5)
            plan.ties.append((min(a, b), max(a, b), year, strength, rng.randrange(len(EVIDENCE))))

    for i in range(n):
        silo = plan.members[plan.community[i]]
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            tie(i, rng.choice(silo))
        if rng.random() < 0.04:
            tie(i, rng.randrange(n))
    grantees = [j for j in range(n) if plan.sector[j] in (SOCIAL_ECONOMY, ASSOCIATION, CITIZENS)]
    citizens = [j for j in range(n) if plan.sector[j] == CITIZENS]
    for i in range(n):
        silo = plan.members[plan.community[i]]
        if (
            plan.sector[i] == AUTHORITY
        ):  # public authorities fund associations, cooperatives, groups
            near = [
                j for j in silo if plan.sector[j] in (SOCIAL_ECONOMY, ASSOCIATION, CITIZENS)
            ] or grantees
            for j in rng.sample(near, min(4, len(near))):
                if _allowed(forbidden, n, i, j):
                    plan.funds.append((i, j, rng.randrange(5, 300) * 1000))
        elif plan.sector[i] == OTHER:  # networks and clubs have members, unions represent groups
            for j in rng.sample(silo, min(5, len(silo))):
                if plan.sector[j] != OTHER and _allowed(forbidden, n, i, j):
                    plan.member_of.append((j, i))
            near = [j for j in silo if plan.sector[j] == CITIZENS] or citizens
            j = rng.choice(near)
            if rng.random() < 0.3 and _allowed(forbidden, n, i, j):
                plan.represents.append((i, j))
    return works_of


def _draw_indicators(plan: Plan, rng: random.Random) -> None:
    planted_gap = {t for _, t in plan.gap_groups}
    planted_need = {t for _, t, _ in plan.coalitions}
    for j in range(len(plan.topics)):
        plan.measures.append((j, j))
        if j < plan.regular and rng.random() < 0.1:  # a tenth measure two topics: interdependence
            other = rng.randrange(plan.regular)
            if other != j:
                plan.measures.append((j, other))
        if j in planted_need:  # level 4, 3, 2, 1: fell every year, down to the worst
            start, step = 8.0, 7.6
        elif j in planted_gap:  # level 3, 3, 2, 2
            start, step = 15.0, 4.5
        else:
            start, step = rng.uniform(3, 35), rng.choice((-2.5, -1.0, 0.0, 0.5, 1.5, 3.0))
        path = tuple(
            round(min(99.0, max(0.5, start + step * y + rng.uniform(-0.4, 0.4))), 1)
            for y in range(len(YEARS))
        )
        plan.badness.append(path)
        plan.indicator_dir.append(rng.random() < 0.5)


def _draw_commitments_and_contracts(
    plan: Plan, rng: random.Random, forbidden: set[int], works_of: list[list[int]]
) -> None:
    n = plan.n
    for _ in range(n // 3):
        maker = rng.randrange(n)
        if not works_of[maker]:
            continue
        makers: tuple[int, ...] = (maker,)
        if rng.random() < 0.1:
            other = rng.choice(plan.members[plan.community[maker]])
            if _allowed(forbidden, n, maker, other):
                makers = (maker, other)
        plan.commitments.append(
            (
                makers,
                rng.choice(works_of[maker]),
                rng.random() < 0.3,
                rng.randrange(5),
                rng.randrange(3),
                rng.random() < 0.08,
                -1,
            )
        )
    for _ in range(max(2, n // 100)):
        silo = plan.members[rng.randrange(len(plan.members))]
        if len(silo) < 3:
            continue
        parties = rng.sample(silo, min(len(silo), rng.randint(3, 6)))
        if not any(plan.sector[p] == CITIZENS for p in parties):
            citizens = [p for p in silo if plan.sector[p] == CITIZENS and p not in parties]
            if citizens:
                parties[-1] = rng.choice(citizens)
        if rng.random() < 0.25:
            parties.append(rng.randrange(n))
        kept: list[int] = []
        for p in parties:
            if p not in kept and all(_allowed(forbidden, n, p, q) for q in kept):
                kept.append(p)
        roles = []
        for rank, p in enumerate(kept):
            if rank == 0:
                role = 0
            elif plan.sector[p] == CITIZENS:
                role = 1
            elif plan.sector[p] == ASSOCIATION and rng.random() < 0.5:
                role = 3
            else:
                role = 2
            roles.append((p, role))
        topic = rng.choice(works_of[kept[0]] or [rng.randrange(plan.regular)])
        status = rng.randrange(4)
        index = len(plan.contracts)
        plan.contracts.append(
            (
                tuple(roles),
                topic,
                status,
                rng.randint(2021, 2024),
                rng.randint(1, 12),
                rng.choice((6, 10, 12, 18, 24)),
            )
        )
        for p, _role in roles:
            plan.commitments.append(((p,), topic, True, 1, rng.randrange(3), False, index))


def _draw_voices_and_concerns(plan: Plan, rng: random.Random, works_of: list[list[int]]) -> None:
    planted_topic: dict[int, int] = {}
    for group, t in plan.gap_groups + [(g, t) for g, t, _ in plan.coalitions]:
        for a in group:
            planted_topic[a] = t
    for i in range(plan.n):
        if plan.sector[i] != CITIZENS:
            continue
        topics = list(works_of[i][:2])
        if i in planted_topic:
            topics.append(planted_topic[i])
        for q, t in enumerate(topics):
            plan.criteria.append((i, t, q % 3, rng.random() < 0.5))
    count = min(30, max(5, len(plan.topics) // 5))
    for _ in range(count):
        picked = tuple(sorted(set(rng.sample(range(plan.regular), 2))))
        plan.concerns.append((picked, rng.choice((15, 20, 25, 30, 50))))
    for c, (group, t, _) in enumerate(plan.coalitions):
        plan.concerns.append(((t,), 25))
        plan.coalitions[c] = (group, t, len(plan.concerns) - 1)


def draw_plan(actors: int, seed: int) -> Plan:
    """Every draw of the territory (actors, seed); raises ValueError for too few actors or a
    negative seed."""
    if actors < MIN_ACTORS:
        raise ValueError(f"a generated territory needs at least {MIN_ACTORS} actors, not {actors}")
    if seed < 0:
        raise ValueError(f"the seed must be 0 or more, not {seed}")
    rng = random.Random(f"pactmap-generator:{seed}:{actors}")  # noqa: S311 - reproducible, not secret
    plan = Plan(prefix=f"gen-s{seed}-n{actors}", n=actors)
    _draw_actors(plan, rng)
    gaps, coalitions = _draw_topics(plan)
    forbidden = _plant(plan, rng, gaps, coalitions)
    works_of = _draw_work_and_ties(plan, rng, forbidden)
    _draw_indicators(plan, rng)
    _draw_commitments_and_contracts(plan, rng, forbidden, works_of)
    _draw_voices_and_concerns(plan, rng, works_of)
    return plan
