"""Synthetic territories of any size, with the demo's shape and PLANTED structure to find.

``generate_territory(actors, seed)`` is deterministic: the same arguments give the same nodes,
relationships and ids (``gen-s{seed}-n{actors}-act-000042``), byte for byte. It first draws a
compact plan (integers only, :mod:`pactmap.seeds.generator_plan`), then builds the nodes
(validated) and relationships (in their validated form) lazily each time
:attr:`Generated.nodes` or :attr:`Generated.relationships` is iterated, so 50,000 actors never
sit in memory as pydantic objects unless the caller keeps them. Topics number actors / 60,
within 20..150, over all nine dimensions; sectors come in the shares of ``SECTOR_SHARES``.

Ground truth (:class:`Planted`):

- **silos**: the communities actors were drawn in; ties, joint commitments and contracts stay
  almost always inside one, and each is dominated by one sector;
- **gaps**: small groups of actors from different silos who alone work on a rare topic whose
  indicator is falling, with no tie, joint commitment or shared contract between them;
- **coalitions** (one per 2,500 actors, at least one): 4-5 actors from as many silos and
  sectors (a public actor and a citizen group among them) who alone work on the neediest
  objective: its indicator fell every year from level 4 to level 1, a future-generation concern
  is attached, and no commitment addresses it.
  A contract suggestion engine should put one of them first. Each coalition is also a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from pactmap.graph.model import NODE_MODELS, NodeBase, NodeKind, Relationship, RelType
from pactmap.graph.store import Progress, Store

from .common import SEED_TIME, DocumentedGap, level_of, seed_node
from .generator_plan import (
    AUTHORITY,
    CITIZENS,
    MIN_ACTORS,
    SECTOR_SHARES,
    SECTORS,
    YEARS,
    Plan,
    draw_plan,
)
from .generator_words import (
    CITIZEN_PROFILES,
    EVIDENCE,
    actor_name,
    commitment_title,
    criterion_text,
)

__all__ = [
    "MIN_ACTORS",
    "SECTOR_SHARES",
    "Generated",
    "Planted",
    "PlantedCoalition",
    "PlantedSilo",
    "Stream",
    "generate_territory",
    "load_generated",
]

T = TypeVar("T")

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


def _iter_nodes(plan: Plan) -> Iterator[NodeBase]:
    tid, p = plan.prefix, plan.prefix
    for i in range(plan.n):
        sector = SECTORS[plan.sector[i]]
        fields: dict[str, Any] = {
            "name": actor_name(sector.value, i),
            "sector": sector,
            "scale": _SCALE[plan.sector[i]],
            "influence": 5 if plan.sector[i] == AUTHORITY else 1 + _mix(i, 1) % 5,
            "interest": 1 + _mix(i, 2) % 5,
            "description": f"Synthetic actor {i} of silo {plan.community[i]}.",
        }
        if plan.sector[i] == CITIZENS:
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


def _iter_rels(plan: Plan) -> Iterator[Relationship]:
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


def _counts(plan: Plan) -> tuple[int, int]:
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


def _planted(plan: Plan) -> Planted:
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
    plan = draw_plan(actors, seed)
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
