"""Synthetic territories of any size, with the demo's shape and PLANTED structure to find.

``generate_territory(actors, seed)`` is deterministic: the same arguments give the same nodes,
relationships and ids (``gen-s{seed}-n{actors}-act-000042``), byte for byte. It first draws a
compact plan (integers only), then builds the validated nodes and relationships lazily each
time :attr:`Generated.nodes` or :attr:`Generated.relationships` is iterated, so 50,000 actors
never sit in memory as pydantic objects unless the caller keeps them.

Ground truth (:class:`Planted`):

- **silos**: the communities actors were drawn in; ties, joint commitments and contracts stay
  almost always inside one, and each is dominated by one sector;
- **gaps**: small groups of actors from different silos who alone work on a rare topic whose
  indicator is falling, with no tie, joint commitment or shared contract between them;
- **coalitions**: 4-5 actors from as many silos and sectors (a public actor and a citizen
  group among them) who alone work on the neediest objective: its indicator fell every year
  from level 4 to level 1, a future-generation concern is attached, no commitment addresses it.
  A contract suggestion engine should put one of them first. Each coalition is also a gap.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations
from typing import Any, Generic, TypeVar

from pactmap.graph.model import (
    NODE_MODELS,
    NodeBase,
    NodeKind,
    Relationship,
    RelType,
    Sector,
)
from pactmap.graph.store import Progress, Store

from .common import SEED_TIME, DocumentedGap, level_of, seed_node
from .generator_words import (
    CITIZEN_PROFILES,
    EVIDENCE,
    actor_name,
    commitment_title,
    criterion_text,
    topic_name,
)
from .taxonomy import dimensions

T = TypeVar("T")

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
_PUBLIC = frozenset({0, 1})  # indexes of public_authority and public_service in SECTORS
_CITIZENS = 5
COMMUNITY_SIZE = 50
YEARS = (2021, 2022, 2023, 2024)
# generated indicators are percentages of residents in difficulty (lower is better), or their
# complement (higher is better): the cut-offs between levels 5|4, 4|3, 3|2, 2|1
BAD_CUTS = (5.0, 10.0, 20.0, 30.0)
GOOD_CUTS = (95.0, 90.0, 80.0, 70.0)


@dataclass(frozen=True)
class PlantedSilo:
    actors: tuple[str, ...]
    sector: str
    """The community's dominant sector."""


@dataclass(frozen=True)
class PlantedCoalition:
    actors: tuple[str, ...]
    sectors: tuple[str, ...]
    topic: str
    indicator: str
    concern: str
    why: str


@dataclass(frozen=True)
class Planted:
    gaps: tuple[DocumentedGap, ...]
    silos: tuple[PlantedSilo, ...]
    coalitions: tuple[PlantedCoalition, ...]


class Stream(Generic[T]):
    """A re-iterable, sized sequence built lazily: each iteration builds the items afresh."""

    def __init__(self, make: Callable[[], Iterator[T]], length: int) -> None:
        self._make = make
        self._length = length

    def __iter__(self) -> Iterator[T]:
        return self._make()

    def __len__(self) -> int:
        return self._length


@dataclass(frozen=True)
class Generated:
    territory: NodeBase
    nodes: Stream[NodeBase]
    relationships: Stream[Relationship]
    planted: Planted


@dataclass
class _Plan:
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


def _draw_actors(plan: _Plan, rng: random.Random) -> None:
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


def _draw_topics(plan: _Plan, rng: random.Random) -> tuple[int, int]:
    total = min(150, max(20, plan.n // 60))
    gaps = min(15, max(3, total // 10))
    coalitions = min(5, max(1, plan.n // 2500))
    plan.regular = total - gaps - coalitions
    dims = dimensions()
    for j in range(total):
        dim = dims[j % len(dims)]
        specific = [c for c in dim.components if not c.code.endswith("00")]
        comp = specific[(j // len(dims)) % len(specific)]
        plan.topics.append((topic_name(comp.name, j, total), dim.code, comp.code))
    return gaps, coalitions


def _distinct_silos(
    plan: _Plan, rng: random.Random, pools: list[list[int]], used: set[int]
) -> tuple[int, ...]:
    """One actor from each pool, no two from the same silo, none already planted."""
    for _ in range(1000):
        chosen = tuple(rng.choice(pool) for pool in pools)
        silos = {plan.community[i] for i in chosen}
        if len(silos) == len(chosen) and not used.intersection(chosen):
            used.update(chosen)
            return chosen
    raise ValueError(f"{plan.n} actors are too few to plant structure (at least {MIN_ACTORS})")


def _plant(plan: _Plan, rng: random.Random, gaps: int, coalitions: int) -> set[int]:
    """Choose the planted groups; returns the actor pairs that must stay unbound."""
    n = plan.n
    by_sector: list[list[int]] = [[] for _ in SECTORS]
    for i, s in enumerate(plan.sector):
        by_sector[s].append(i)
    used: set[int] = set()
    topic = plan.regular
    for g in range(gaps):
        everyone = list(range(n))
        group = _distinct_silos(plan, rng, [everyone] * (2 + g % 2), used)
        plan.gap_groups.append((group, topic))
        topic += 1
    public = by_sector[0] + by_sector[1]
    makers = by_sector[2] + by_sector[3]
    for c in range(coalitions):
        pools = [public, by_sector[_CITIZENS], by_sector[4], makers]
        if c % 2:
            pools.append(by_sector[6])
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


def _draw_work_and_ties(plan: _Plan, rng: random.Random, forbidden: set[int]) -> list[list[int]]:
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
    grantees = [j for j in range(n) if plan.sector[j] in (3, 4, 5)]
    citizens = [j for j in range(n) if plan.sector[j] == _CITIZENS]
    for i in range(n):
        silo = plan.members[plan.community[i]]
        if plan.sector[i] == 0:  # public authorities fund associations, cooperatives, groups
            near = [j for j in silo if plan.sector[j] in (3, 4, 5)] or grantees
            for j in rng.sample(near, min(4, len(near))):
                if _allowed(forbidden, n, i, j):
                    plan.funds.append((i, j, rng.randrange(5, 300) * 1000))
        elif plan.sector[i] == 6:  # networks and clubs have members, unions represent groups
            for j in rng.sample(silo, min(5, len(silo))):
                if plan.sector[j] != 6 and _allowed(forbidden, n, i, j):
                    plan.member_of.append((j, i))
            near = [j for j in silo if plan.sector[j] == _CITIZENS] or citizens
            j = rng.choice(near)
            if rng.random() < 0.3 and _allowed(forbidden, n, i, j):
                plan.represents.append((i, j))
    return works_of


def _draw_indicators(plan: _Plan, rng: random.Random) -> None:
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
    plan: _Plan, rng: random.Random, forbidden: set[int], works_of: list[list[int]]
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
        if not any(plan.sector[p] == _CITIZENS for p in parties):
            citizens = [p for p in silo if plan.sector[p] == _CITIZENS and p not in parties]
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
            elif plan.sector[p] == _CITIZENS:
                role = 1
            elif plan.sector[p] == 4 and rng.random() < 0.5:
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


def _draw_voices_and_concerns(plan: _Plan, rng: random.Random, works_of: list[list[int]]) -> None:
    planted_topic: dict[int, int] = {}
    for group, t in plan.gap_groups + [(g, t) for g, t, _ in plan.coalitions]:
        for a in group:
            planted_topic[a] = t
    for i in range(plan.n):
        if plan.sector[i] != _CITIZENS:
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


# ---------------------------------------------------------------- building nodes from a plan

_STATUS = ("proposed", "active", "fulfilled", "lapsed", "withdrawn")
_HORIZON = ("short", "medium", "long")
_CONTRACT_STATUS = ("signed", "active", "evaluated", "closed")
_ROLES = ("initiator", "partner_author", "signatory", "facilitator")
_QUESTION = ("wellbeing", "illbeing", "action")
_MEANING = ("attainment", "opposition", "possibility")
_SCALE = (
    "municipal",
    "municipal",
    "intermunicipal",
    "municipal",
    "neighbourhood",
    "neighbourhood",
    "intermunicipal",
)


def _mix(i: int, salt: int) -> int:
    """A cheap, fixed pseudo-random integer for item ``i`` (no generator state needed)."""
    x = (i + 1) * 0x9E3779B1 ^ (salt * 0x85EBCA77)
    x ^= x >> 15
    return (x * 0x2C1B3C6D) & 0xFFFFFFFF


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def _level_texts(higher: bool) -> dict[str, str]:
    cuts = GOOD_CUTS if higher else BAD_CUTS
    worse, better = ("under", "at least") if higher else ("more than", "under")
    a, b, c, d = (f"{x:g}" for x in cuts)
    return {
        "level_1": f"Very unsatisfactory: {worse} {d} %",
        "level_2": f"Unsatisfactory: between {c} and {d} %",
        "level_3": f"Average: between {b} and {c} %",
        "level_4": f"Good: between {a} and {b} %",
        "level_5": f"Ideal: {better} {a} %",
    }


def _node(kind: NodeKind, node_id: str, territory_id: str, fields: dict[str, Any]) -> NodeBase:
    return NODE_MODELS[kind].model_validate(
        {
            **fields,
            "id": node_id,
            "territory_id": territory_id,
            "created_at": SEED_TIME,
            "updated_at": SEED_TIME,
            "version": 1,
        }
    )


def _rel(rel_type: RelType, a: str, b: str, props: dict[str, Any] | None = None) -> Relationship:
    """A relationship built without re-validation: the generator writes ids from fixed patterns
    and properties already in their validated JSON form (dates as ISO strings, every field),
    which halves the cost of the largest stream. tests/seeds/test_generator.py checks that each
    one equals its validated twin."""
    return Relationship.model_construct(type=rel_type, from_id=a, to_id=b, properties=props or {})


def _iter_nodes(plan: _Plan) -> Iterator[NodeBase]:
    tid, p = plan.prefix, plan.prefix
    for i in range(plan.n):
        sector = SECTORS[plan.sector[i]]
        fields: dict[str, Any] = {
            "name": actor_name(sector.value, i),
            "sector": sector,
            "scale": _SCALE[plan.sector[i]],
            "influence": 5 if plan.sector[i] == 0 else 1 + _mix(i, 1) % 5,
            "interest": 1 + _mix(i, 2) % 5,
            "description": f"Synthetic actor {i} of silo {plan.community[i]}.",
        }
        if plan.sector[i] == _CITIZENS:
            fields["profile"] = CITIZEN_PROFILES[_mix(i, 3) % len(CITIZEN_PROFILES)]
            fields["size"] = 8 + _mix(i, 4) % 5
        yield _node(NodeKind.ACTOR, plan.actor_id(i), tid, fields)
    for j, (name, dim, code) in enumerate(plan.topics):
        fields = {"name": name, "dimension": dim, "component": code}
        yield _node(NodeKind.TOPIC, plan.topic_id(j), tid, fields)
        higher = plan.indicator_dir[j]
        label = "residents satisfied" if higher else "residents in difficulty"
        fields = {
            "name": f"{name}: {label}",
            "unit": "% of residents",
            "target_level": 4,
            "direction": "higher_is_better" if higher else "lower_is_better",
            **_level_texts(higher),
        }
        yield _node(NodeKind.INDICATOR, plan.indicator_id(j), tid, fields)
        for year, bad in zip(YEARS, plan.badness[j], strict=True):
            value = round(100 - bad, 1) if higher else bad
            level = level_of(bad, BAD_CUTS, "lower_is_better")
            fields = {
                "on": date(year, 12, 31),
                "value": value,
                "level": level,
                "source": "Synthetic household survey",
            }
            yield _node(NodeKind.MEASUREMENT, f"{p}-mea-{j:03d}-{year}", tid, fields)
    for k, (_makers, t, _ind, status, horizon, fossil, _contract) in enumerate(plan.commitments):
        start = date(2021 + _mix(k, 5) % 4, 1 + _mix(k, 6) % 12, 1)
        fields = {
            "title": commitment_title(plan.topics[t][0], k),
            "status": _STATUS[status],
            "horizon": _HORIZON[horizon],
            "uses_non_renewable": fossil,
            "starts_on": start,
            "ends_on": _add_months(start, 6 + _mix(k, 7) % 30),
            "progress": 0 if status == 0 else _mix(k, 8) % 101,
        }
        yield _node(NodeKind.COMMITMENT, f"{p}-com-{k:06d}", tid, fields)
    for c, (_parties, t, status, year, month, months) in enumerate(plan.contracts):
        signed = date(year, month, 1)
        topic = plan.topics[t][0]
        fields = {
            "title": f"Multipartite contract on {topic.lower()}",
            "objective": f"Improve '{topic}' together, with the citizens concerned.",
            "status": _CONTRACT_STATUS[status],
            "signed_on": signed,
            "duration_months": months,
            "review_on": _add_months(signed, months),
        }
        yield _node(NodeKind.CONTRACT, f"{p}-con-{c:05d}", tid, fields)
        fields = {
            "title": f"Pilot action on {topic.lower()}",
            "kind": "pilot",
            "status": "done" if status >= 2 else "ongoing",
            "starts_on": signed,
            "progress": 100 if status >= 2 else _mix(c, 9) % 100,
        }
        yield _node(NodeKind.ACTION, f"{p}-acn-{c:05d}", tid, fields)
        fields = {"phase": "ex_ante", "level": 1 + _mix(c, 10) % 3, "on": signed}
        yield _node(NodeKind.EVALUATION, f"{p}-eva-{c:05d}-a", tid, fields)
        if status >= 2:
            fields = {
                "phase": "ex_post",
                "level": 2 + _mix(c, 11) % 4,
                "on": _add_months(signed, months),
            }
            yield _node(NodeKind.EVALUATION, f"{p}-eva-{c:05d}-p", tid, fields)
    for k, (_group, t, q, _informs) in enumerate(plan.criteria):
        name, dim, code = plan.topics[t]
        fields = {
            "text": criterion_text(name, q),
            "question": _QUESTION[q],
            "dimension": dim,
            "code": code,
            "meaning": _MEANING[q],
        }
        yield _node(NodeKind.CRITERION, f"{p}-cri-{k:06d}", tid, fields)
    for k, (topics, years) in enumerate(plan.concerns):
        names = " and ".join(plan.topics[t][0].lower() for t in topics)
        fields = {"title": f"What {names} will be for the next generation", "horizon_years": years}
        yield _node(NodeKind.FUTURE_CONCERN, plan.concern_id(k), tid, fields)


def _iter_rels(plan: _Plan) -> Iterator[Relationship]:
    p, act, top, ind = plan.prefix, plan.actor_id, plan.topic_id, plan.indicator_id
    for a, t, intensity in plan.works:
        yield _rel(RelType.WORKS_ON, act(a), top(t), {"intensity": intensity})
    for a, b, year, strength, evidence in plan.ties:
        props = {"since": f"{year}-01-01", "strength": strength, "evidence": EVIDENCE[evidence]}
        yield _rel(RelType.COLLABORATES_WITH, act(a), act(b), props)
    for a, b, amount in plan.funds:
        yield _rel(RelType.FUNDS, act(a), act(b), {"amount": float(amount), "since": None})
    for a, b in plan.member_of:
        yield _rel(RelType.MEMBER_OF, act(a), act(b))
    for a, b in plan.represents:
        yield _rel(RelType.REPRESENTS, act(a), act(b))
    for j, t in plan.measures:
        yield _rel(RelType.MEASURES, ind(j), top(t))
    for j in range(len(plan.topics)):
        for year in YEARS:
            yield _rel(RelType.HAS, ind(j), f"{p}-mea-{j:03d}-{year}")
    for k, (makers, t, with_ind, _s, _h, _f, contract) in enumerate(plan.commitments):
        com = f"{p}-com-{k:06d}"
        for m in makers:
            yield _rel(RelType.MADE, act(m), com)
        yield _rel(RelType.ADDRESSES, com, top(t))
        if with_ind:
            yield _rel(RelType.ADDRESSES, com, ind(t))
        if contract >= 0:
            yield _rel(RelType.PART_OF, com, f"{p}-con-{contract:05d}")
    for c, (parties, t, status, year, month, _months) in enumerate(plan.contracts):
        con, acn = f"{p}-con-{c:05d}", f"{p}-acn-{c:05d}"
        yield _rel(RelType.TARGETS, con, top(t))
        yield _rel(RelType.TARGETS, con, ind(t))
        signed = date(year, month, 1).isoformat()
        for a, role in parties:
            yield _rel(RelType.SIGNED, act(a), con, {"role": _ROLES[role], "on": signed})
        yield _rel(RelType.IMPLEMENTS, acn, con)
        yield _rel(RelType.LEADS, act(parties[0][0]), acn)
        yield _rel(RelType.TARGETS, acn, ind(t))
        yield _rel(RelType.GAVE, act(parties[0][0]), f"{p}-eva-{c:05d}-a")
        yield _rel(RelType.OF, f"{p}-eva-{c:05d}-a", con)
        if status >= 2:
            yield _rel(RelType.GAVE, act(parties[0][0]), f"{p}-eva-{c:05d}-p")
            yield _rel(RelType.OF, f"{p}-eva-{c:05d}-p", con)
    for k, (group, t, _q, informs) in enumerate(plan.criteria):
        cri = f"{p}-cri-{k:06d}"
        yield _rel(RelType.EXPRESSED, act(group), cri)
        yield _rel(RelType.ABOUT, cri, top(t))
        if informs:
            yield _rel(RelType.INFORMS, cri, ind(t))
    for k, (topics, _years) in enumerate(plan.concerns):
        for t in topics:
            yield _rel(RelType.CONCERNS, plan.concern_id(k), top(t))
        yield _rel(RelType.CONCERNS, plan.concern_id(k), ind(topics[0]))


def _counts(plan: _Plan) -> tuple[int, int]:
    n_topics = len(plan.topics)
    evaluations = sum(2 if c[2] >= 2 else 1 for c in plan.contracts)
    nodes = (
        plan.n
        + n_topics * (2 + len(YEARS))
        + len(plan.commitments)
        + 2 * len(plan.contracts)
        + evaluations
        + len(plan.criteria)
        + len(plan.concerns)
    )
    rels = (
        len(plan.works)
        + len(plan.ties)
        + len(plan.funds)
        + len(plan.member_of)
        + len(plan.represents)
        + len(plan.measures)
        + n_topics * len(YEARS)
        + sum(len(m) + 1 + w + (c >= 0) for m, _t, w, _s, _h, _f, c in plan.commitments)
        + sum(5 + len(c[0]) for c in plan.contracts)
        + 2 * evaluations
        + sum(2 + inf for *_x, inf in plan.criteria)
        + sum(len(t) + 1 for t, _y in plan.concerns)
    )
    return nodes, rels


def _planted(plan: _Plan) -> Planted:
    act = plan.actor_id
    silos = []
    for members in plan.members:
        if members:
            shares = [0] * len(SECTORS)
            for i in members:
                shares[plan.sector[i]] += 1
            dominant = SECTORS[shares.index(max(shares))].value
            silos.append(PlantedSilo(tuple(act(i) for i in members), dominant))
    gaps = [
        DocumentedGap(
            actors=tuple(act(a) for a in group),
            topics=(plan.topic_id(t),),
            why=f"Only these {len(group)} actors, from {len(group)} silos, work on the rare "
            f"topic '{plan.topics[t][0]}', whose indicator fell a level; none of them are tied.",
        )
        for group, t in plan.gap_groups
    ]
    coalitions = []
    for group, t, concern in plan.coalitions:
        why = (
            f"These {len(group)} actors alone work on '{plan.topics[t][0]}', whose indicator "
            f"fell every year down to level 1; a future-generation concern is attached and "
            f"no commitment addresses it. They span {len(group)} sectors and silos."
        )
        ids = tuple(act(a) for a in group)
        coalitions.append(
            PlantedCoalition(
                actors=ids,
                sectors=tuple(SECTORS[plan.sector[a]].value for a in group),
                topic=plan.topic_id(t),
                indicator=plan.indicator_id(t),
                concern=plan.concern_id(concern),
                why=why,
            )
        )
        gaps.append(DocumentedGap(actors=ids, topics=(plan.topic_id(t),), why=why))
    return Planted(gaps=tuple(gaps), silos=tuple(silos), coalitions=tuple(coalitions))


def generate_territory(actors: int, seed: int) -> Generated:
    """A synthetic territory of ``actors`` actors; the same (actors, seed) give the same output.

    Raises ValueError for fewer than MIN_ACTORS actors or a negative seed.
    """
    if actors < MIN_ACTORS:
        raise ValueError(f"a generated territory needs at least {MIN_ACTORS} actors, not {actors}")
    if seed < 0:
        raise ValueError(f"the seed must be 0 or more, not {seed}")
    rng = random.Random(f"pactmap-generator:{seed}:{actors}")  # noqa: S311 - reproducible, not secret
    plan = _Plan(prefix=f"gen-s{seed}-n{actors}", n=actors)
    _draw_actors(plan, rng)
    gaps, coalitions = _draw_topics(plan, rng)
    forbidden = _plant(plan, rng, gaps, coalitions)
    works_of = _draw_work_and_ties(plan, rng, forbidden)
    _draw_indicators(plan, rng)
    _draw_commitments_and_contracts(plan, rng, forbidden, works_of)
    _draw_voices_and_concerns(plan, rng, works_of)
    territory = seed_node(
        NodeKind.TERRITORY,
        plan.prefix,
        None,
        {
            "name": f"Synthetic territory ({actors} actors, seed {seed})",
            "country": "Synthetic",
            "description": "Generated by pactmap for benchmarks and analysis tests.",
        },
    )
    n_nodes, n_rels = _counts(plan)
    return Generated(
        territory=territory,
        nodes=Stream(lambda: _iter_nodes(plan), n_nodes),
        relationships=Stream(lambda: _iter_rels(plan), n_rels),
        planted=_planted(plan),
    )


def load_generated(
    store: Store, generated: Generated, *, by: str, progress: Progress | None = None
) -> str:
    """Write a generated territory into ``store`` in one transaction; returns its id."""
    store.bulk_upsert(
        generated.territory, generated.nodes, generated.relationships, by=by, progress=progress
    )
    return generated.territory.id
